"""The quarantine workflow: intake, check, review, gate and release, over one ledger."""

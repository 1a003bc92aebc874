"""One exception tree; the CLI turns each into one line plus its hint, exit code 2.

    AirlockError
     ├── ConfigError      bad or unknown configuration (names the key)
     ├── ScanError        a scan could not run at all (bad path, unreadable root)
     ├── ProbeError       the app under probe could not be started or driven
     ├── LedgerError      the ledger could not be read or written
     └── WorkflowError    intake, review, gate or release refused an action

Problems with one input file are not errors: they become ``AIR000`` findings.
"""

from __future__ import annotations

__all__ = ["AirlockError", "ConfigError", "LedgerError", "ProbeError", "ScanError", "WorkflowError"]


class AirlockError(Exception):
    """Base of every error airlock raises on purpose; ``hint`` says what to do next."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class ConfigError(AirlockError):
    """Raised when configuration is malformed, has an unknown key or a bad value."""


class ScanError(AirlockError):
    """Raised when a scan cannot start (missing path, unreadable root, bad baseline)."""


class ProbeError(AirlockError):
    """Raised when the app under probe cannot be started, reached or stopped."""


class LedgerError(AirlockError):
    """Raised when the ledger cannot be opened, migrated or written."""


class WorkflowError(AirlockError):
    """Raised when a quarantine action is refused (unknown id, stale verdict, ...)."""

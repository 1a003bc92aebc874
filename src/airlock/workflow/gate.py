"""The gate: a policy over the latest evidence that matches the code as it is now.

Pure: it takes records and current hashes and returns a ``Verdict``; reading the ledger
and the worktree is the caller's job. A stage result or a sign-off made on other content
is stale, and stale evidence never passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from airlock.config import Policy
from airlock.model import Finding, Severity
from airlock.workflow.records import GateRow, Quarantine, SignOff, StageRun, StageStatus, Verdict

__all__ = ["evaluate", "same_person"]


def evaluate(
    quarantine: Quarantine,
    *,
    policy: Policy,
    fail_on: Severity,
    latest_runs: Mapping[str, StageRun],
    signoff: SignOff | None,
    content_hash: str,
    change_hashes: Mapping[str, str],
) -> Verdict:
    """The verdict on ``quarantine`` for the worktree whose hashes are given."""
    block_on = policy.block_on or fail_on
    rows: list[GateRow] = []
    open_findings: list[Finding] = []
    current_signoff = signoff if signoff is not None and _signoff_current(signoff, change_hashes) else None
    for stage in policy.required_stages:
        run = latest_runs.get(stage)
        if run is None:
            rows.append(GateRow(stage, "missing", f"no {stage} run yet: run `airlock check {quarantine.id}`"))
            continue
        if run.content_hash != content_hash:
            rows.append(GateRow(stage, "stale", f"ran on other content: run `airlock check {quarantine.id}` again"))
            continue
        if run.status is StageStatus.ERROR:
            rows.append(GateRow(stage, "error", run.error or "the stage could not run"))
            continue
        blocking = [f for f in run.findings if f.severity.at_least(block_on)]
        remaining = _not_cleared(blocking, current_signoff, policy)
        open_findings.extend(remaining)
        if remaining:
            cleared = len(blocking) - len(remaining)
            extra = f", {cleared} cleared by review" if cleared else ""
            rows.append(GateRow(stage, "fail", f"{len(remaining)} blocking at >= {block_on.value}{extra}"))
        else:
            note = f"{len(blocking)} blocking, all disputed in review" if blocking else "nothing blocking"
            rows.append(GateRow(stage, "pass", f"{note} ({len(run.findings)} findings)"))
    if policy.review_required:
        rows.append(_review_row(quarantine, signoff, policy, change_hashes))
    passed = all(row.state == "pass" for row in rows)
    return Verdict(
        quarantine_id=quarantine.id,
        passed=passed,
        rows=tuple(rows),
        content_hash=content_hash,
        blocking=tuple(open_findings),
    )


def _not_cleared(blocking: Sequence[Finding], signoff: SignOff | None, policy: Policy) -> list[Finding]:
    """Blocking findings still open: a finding still present is not fixed, whatever was said;
    a dispute with a reason clears it when the policy lets disputes clear findings."""
    if signoff is None or not policy.disputes_clear:
        return list(blocking)
    return [f for f in blocking if not signoff.disputes.get(f.fingerprint, "").strip()]


def _signoff_current(signoff: SignOff, change_hashes: Mapping[str, str]) -> bool:
    signed = {f.path: f.change_hash for f in signoff.files}
    return signed == dict(change_hashes)


def _review_row(
    quarantine: Quarantine, signoff: SignOff | None, policy: Policy, change_hashes: Mapping[str, str]
) -> GateRow:
    if signoff is None:
        return GateRow("review", "missing", f"no sign-off: run `airlock review {quarantine.id}`")
    prompter = quarantine.provenance.prompter
    if not policy.self_review and prompter and same_person(prompter, signoff.reviewer):
        return GateRow(
            "review", "fail", f"the reviewer {signoff.reviewer} is the prompter; policy wants another person"
        )
    signed = {f.path: f.change_hash for f in signoff.files}
    changed = sorted(p for p, h in change_hashes.items() if signed.get(p) not in (None, h))
    unsigned = sorted(set(change_hashes) - set(signed))
    if changed:
        return GateRow("review", "stale", f"changed since the sign-off: {', '.join(changed[:5])}")
    if unsigned:
        return GateRow("review", "fail", f"files without an explain-back: {', '.join(unsigned[:5])}")
    return GateRow("review", "pass", f"signed off by {signoff.reviewer} ({len(signed)} files)")


def same_person(a: str, b: str) -> bool:
    """``name <email>`` identities match on the e-mail when both have one, else on the text."""

    def email(identity: str) -> str:
        start, end = identity.find("<"), identity.find(">")
        return identity[start + 1 : end].strip().lower() if 0 <= start < end else ""

    ea, eb = email(a), email(b)
    if ea and eb:
        return ea == eb
    return a.strip().lower() == b.strip().lower()

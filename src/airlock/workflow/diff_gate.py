"""``airlock gate --diff REF``: the gate without quarantine, for CI and pre-commit."""

from __future__ import annotations

from pathlib import Path

from airlock.config import Config
from airlock.scan.engine import ScanRequest, run_scan
from airlock.workflow.content import content_hash
from airlock.workflow.records import GateRow, Verdict

__all__ = ["diff_verdict"]


def diff_verdict(root: Path, config: Config, ref: str) -> Verdict:
    """The gate without quarantine, for pull-request pipelines and pre-commit hooks: the
    stages run on the current tree and judge the findings on lines changed since ``ref``.
    There is no sign-off to consult, so nothing clears a blocking finding but a fix or an
    inline suppression with its reason."""
    block_on = config.policy.block_on or config.fail_on
    result = run_scan(ScanRequest(root=root, targets=(root,), config=config, diff_ref=ref))
    blocking = tuple(f for f in result.findings if f.severity.at_least(block_on))
    why = f"{len(blocking)} blocking at >= {block_on.value} on lines changed since {ref}"
    rows = [GateRow("scan", "fail" if blocking else "pass", why if blocking else f"nothing blocking since {ref}")]
    for stage in config.policy.required_stages:
        if stage != "scan":
            rows.append(GateRow(stage, "error", f"the {stage} stage is not available in this version of airlock"))
    return Verdict(
        quarantine_id=f"diff {ref}",
        passed=all(r.state == "pass" for r in rows),
        rows=tuple(rows),
        content_hash=content_hash(root),
        blocking=blocking,
    )

"""``airlock check``: run the configured stages on a quarantine's worktree and record them.

The scan sees the whole project (its context is the point) but judges only the change:
findings are kept on lines changed since the quarantine's base, plus the scope findings
of intake. Every run is stored with the content hash it ran on, so the gate can tell a
current result from a stale one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from airlock._version import __version__
from airlock.config import Config, resolve_project
from airlock.errors import AirlockError
from airlock.scan.baseline import fingerprint_all
from airlock.scan.engine import Progress, ScanRequest, run_scan
from airlock.workflow import git
from airlock.workflow.content import change_hashes, content_hash
from airlock.workflow.intake import scope_findings
from airlock.workflow.ledger import Ledger
from airlock.workflow.records import Quarantine, StageRun, StageStatus

__all__ = ["QuarantineTree", "open_tree", "run_checks"]


@dataclass(frozen=True, slots=True)
class QuarantineTree:
    """A quarantine entry with its worktree located and its configuration loaded."""

    quarantine: Quarantine
    path: Path
    """The worktree folder."""
    config: Config
    base: str
    """Merge-base of the target branch and the worktree's HEAD, computed now (rebases move it)."""


def open_tree(repo_root: Path, ledger: Ledger, qid: str) -> QuarantineTree:
    quarantine = ledger.get_quarantine(qid)
    path = repo_root / quarantine.worktree
    if not path.is_dir():
        raise AirlockError(
            f"quarantine {quarantine.id}: worktree {quarantine.worktree} is missing",
            hint=f"`airlock abandon {quarantine.id}` drops the entry; `git worktree prune` cleans git's records",
        )
    _, config = resolve_project([path])
    base = git.merge_base(path, quarantine.target_branch, "HEAD")
    return QuarantineTree(quarantine, path, config, base)


def run_checks(
    repo_root: Path,
    ledger: Ledger,
    qid: str,
    *,
    stages: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> list[StageRun]:
    """Run ``stages`` (default: the policy's required stages, and always the scan)."""
    tree = open_tree(repo_root, ledger, qid)
    wanted = list(dict.fromkeys(["scan", *(stages or tree.config.policy.required_stages)]))
    runs: list[StageRun] = []
    for stage in wanted:
        runs.append(ledger.add_stage_run(_run_stage(tree, stage, progress)))
        ledger.add_event(tree.quarantine.id, "check", {"stage": stage, "status": runs[-1].status.value})
    return runs


def _run_stage(tree: QuarantineTree, stage: str, progress: Progress | None) -> StageRun:
    started = datetime.now(UTC)
    content = content_hash(tree.path)
    config_dict = tree.config.to_dict()
    base = StageRun(
        quarantine_id=tree.quarantine.id,
        stage=stage,
        content_hash=content,
        airlock_version=__version__,
        config=config_dict,
        started_at=started,
        finished_at=started,
        status=StageStatus.OK,
    )
    if stage != "scan":
        return replace(
            base,
            finished_at=datetime.now(UTC),
            status=StageStatus.ERROR,
            error=f"the {stage} stage is not available in this version of airlock",
        )
    try:
        result = run_scan(
            ScanRequest(root=tree.path, targets=(tree.path,), config=tree.config, diff_ref=tree.base), progress
        )
    except AirlockError as exc:
        return replace(base, finished_at=datetime.now(UTC), status=StageStatus.ERROR, error=str(exc))
    changed = tuple(_changed_files(tree))
    scope = scope_findings(changed, tree.quarantine.provenance.scope)
    findings = tuple(fingerprint_all(sorted((*result.findings, *scope), key=lambda f: f.sort_key())))
    metrics = {
        "files_scanned": result.stats.files_scanned,
        "files_cached": result.stats.files_cached,
        "findings": len(findings),
        "filtered_by_diff": result.stats.filtered_by_diff,
        "duration_s": result.stats.duration_s,
        "changed_files": len(changed),
    }
    return replace(base, finished_at=datetime.now(UTC), findings=findings, metrics=metrics)


def _changed_files(tree: QuarantineTree) -> list[str]:
    return sorted(change_hashes(tree.path, tree.base))

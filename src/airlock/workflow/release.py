"""``airlock release``: merge a quarantined change only on a passing, current verdict.

The merge commit carries the evidence as trailers (``Airlock-Verdict``, ``Reviewed-by``,
``Assisted-by``), so the history says who vouched for the code and which tool wrote it.
"""

from __future__ import annotations

from pathlib import Path

from airlock.errors import WorkflowError
from airlock.workflow import git
from airlock.workflow.check import QuarantineTree, open_tree
from airlock.workflow.content import change_hashes, content_hash
from airlock.workflow.gate import evaluate
from airlock.workflow.ledger import Ledger
from airlock.workflow.records import QuarantineState, Verdict

__all__ = ["current_verdict", "release", "trailers_for"]


def current_verdict(tree: QuarantineTree, ledger: Ledger) -> Verdict:
    """The gate's verdict on the worktree exactly as it is now."""
    qid = tree.quarantine.id
    stages = tuple(dict.fromkeys(("scan", *tree.config.policy.required_stages)))
    latest = {stage: run for stage in stages if (run := ledger.latest_stage_run(qid, stage)) is not None}
    signoffs = ledger.signoffs(qid)
    return evaluate(
        tree.quarantine,
        policy=tree.config.policy,
        fail_on=tree.config.fail_on,
        latest_runs=latest,
        signoff=signoffs[0] if signoffs else None,
        content_hash=content_hash(tree.path),
        change_hashes=change_hashes(tree.path, tree.base),
    )


def trailers_for(tree: QuarantineTree, verdict: Verdict, reviewer: str | None) -> list[tuple[str, str]]:
    provenance = tree.quarantine.provenance
    trailers = [("Airlock-Verdict", f"pass {tree.quarantine.id}")]
    if reviewer:
        trailers.append(("Reviewed-by", reviewer))
    assisted = " ".join(p for p in (provenance.tool, provenance.model) if p)
    if assisted:
        trailers.append(("Assisted-by", assisted))
    return trailers


def release(repo_root: Path, ledger: Ledger, qid: str) -> str:
    """Merge into the target branch and remove the worktree; returns the merge commit."""
    tree = open_tree(repo_root, ledger, qid)
    quarantine = tree.quarantine
    if quarantine.state is not QuarantineState.OPEN:
        raise WorkflowError(f"quarantine {quarantine.id} is {quarantine.state.value}, not open")
    if git.is_dirty(tree.path):
        raise WorkflowError(
            f"quarantine {quarantine.id} has uncommitted changes in {quarantine.worktree}",
            hint="commit them in the worktree, then `airlock check` and `airlock gate` again",
        )
    verdict = current_verdict(tree, ledger)
    if not verdict.passed:
        reasons = "; ".join(f"{r.stage}: {r.state} ({r.why})" for r in verdict.rows if r.state != "pass")
        raise WorkflowError(
            f"release refused: the gate does not pass: {reasons}", hint=f"`airlock gate {qid}` shows the table"
        )
    if git.current_branch(repo_root) != quarantine.target_branch:
        raise WorkflowError(
            f"the repository is not on the target branch {quarantine.target_branch!r}",
            hint=f"`git switch {quarantine.target_branch}` in the main worktree, then release again",
        )
    if git.is_dirty(repo_root):
        raise WorkflowError("the main worktree has uncommitted changes", hint="commit or stash them first")
    signoffs = ledger.signoffs(quarantine.id)
    reviewer = signoffs[0].reviewer if signoffs else None
    message = f"Merge AI-written change {quarantine.id} ({quarantine.source_kind.value} {quarantine.source_ref})"
    commit = git.merge(repo_root, quarantine.branch, message, trailers_for(tree, verdict, reviewer))
    git.remove_worktree(repo_root, tree.path, force=False)
    git.delete_branch(repo_root, quarantine.branch)
    ledger.set_state(quarantine.id, QuarantineState.RELEASED)
    ledger.add_event(quarantine.id, "release", {"commit": commit, "content_hash": verdict.content_hash})
    return commit

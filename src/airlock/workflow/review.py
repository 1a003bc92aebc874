"""``airlock review``: the human explains each file back and signs off.

This module holds what the terminal screen and the ``--answers`` file share: the review
material (each changed file's diff, its findings, its change hash) and the validation
that turns answers into a ``SignOff`` or refuses them with every reason at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from airlock.errors import WorkflowError
from airlock.model import Finding
from airlock.workflow import git
from airlock.workflow.check import QuarantineTree
from airlock.workflow.content import change_hashes, file_diffs
from airlock.workflow.explain_back import check_explanations
from airlock.workflow.gate import same_person
from airlock.workflow.records import FileSignOff, SignOff, StageRun

__all__ = ["Answers", "FileToReview", "ReviewMaterial", "build_signoff", "load_answers", "material_for"]

_MIN_DISPUTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class FileToReview:
    path: str
    change_hash: str
    diff: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class ReviewMaterial:
    """Everything a reviewer sees, computed once from the worktree and the latest scan."""

    files: tuple[FileToReview, ...]
    blocking: tuple[Finding, ...]
    """Blocking findings of the latest current scan: each needs fixing or a dispute."""
    commit_message: str


@dataclass(frozen=True, slots=True)
class Answers:
    """A reviewer's answers, typed in the terminal or read from ``--answers FILE``."""

    reviewer: str
    files: dict[str, str]
    disputes: dict[str, str]


def material_for(tree: QuarantineTree, latest_scan: StageRun | None, current_content: str) -> ReviewMaterial:
    hashes = change_hashes(tree.path, tree.base)
    diffs = file_diffs(tree.path, tree.base)
    findings = latest_scan.findings if latest_scan and latest_scan.content_hash == current_content else ()
    fail_on = tree.config.policy.block_on or tree.config.fail_on
    files = tuple(
        FileToReview(
            path=path,
            change_hash=hashes[path],
            diff=diffs.get(path, ""),
            findings=tuple(f for f in findings if f.path == path),
        )
        for path in sorted(hashes)
    )
    blocking = tuple(f for f in findings if f.severity.at_least(fail_on))
    return ReviewMaterial(files, blocking, git.commit_messages(tree.path, tree.base))


def load_answers(path: Path) -> Answers:
    """Read and shape-check an answers file; content rules are checked by ``build_signoff``."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WorkflowError(f"{path}: cannot read answers: {exc.strerror}") from exc
    except ValueError as exc:
        raise WorkflowError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("reviewer"), str):
        raise WorkflowError(f'{path}: needs a "reviewer" string', hint=_ANSWERS_HINT)
    files = data.get("files", {})
    disputes = data.get("disputes", {})
    if not _str_map(files) or not _str_map(disputes):
        raise WorkflowError(f'{path}: "files" and "disputes" must map strings to strings', hint=_ANSWERS_HINT)
    unknown = sorted(set(data) - {"reviewer", "files", "disputes"})
    if unknown:
        raise WorkflowError(f"{path}: unknown key {unknown[0]!r}", hint=_ANSWERS_HINT)
    return Answers(data["reviewer"].strip(), dict(files), dict(disputes))


_ANSWERS_HINT = (
    '{"reviewer": "name <email>", "files": {"<path>": "<explanation>"}, "disputes": {"<fingerprint>": "<reason>"}}'
)


def _str_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def build_signoff(tree: QuarantineTree, material: ReviewMaterial, answers: Answers) -> SignOff:
    """The sign-off, or a ``WorkflowError`` listing every refused answer."""
    policy = tree.config.policy
    problems: list[str] = []
    if "<" not in answers.reviewer or ">" not in answers.reviewer:
        problems.append(f"reviewer {answers.reviewer!r} must be 'name <email>'")
    prompter = tree.quarantine.provenance.prompter
    if prompter and not policy.self_review and same_person(prompter, answers.reviewer):
        problems.append(f"the reviewer is the prompter ({prompter}); the policy asks for another person")
    code = {f.path: f.diff for f in material.files}
    for problem in check_explanations(
        answers.files, code, commit_message=material.commit_message, min_words=policy.min_explanation_words
    ):
        problems.append(f"{problem.path}: {problem.reason}")
    known = {f.fingerprint for f in material.blocking} | {f.fingerprint for r in material.files for f in r.findings}
    for fingerprint, reason in sorted(answers.disputes.items()):
        if fingerprint not in known:
            problems.append(f"dispute {fingerprint}: no such finding in the latest scan")
        elif len(reason.split()) < _MIN_DISPUTE_WORDS:
            problems.append(f"dispute {fingerprint}: give a reason of at least {_MIN_DISPUTE_WORDS} words")
    if problems:
        raise WorkflowError(
            "review refused:\n" + "\n".join(f"  - {p}" for p in problems),
            hint="fix the answers and run the review again",
        )
    acknowledgements = {
        f.fingerprint: "disputed" if f.fingerprint in answers.disputes else "fixed" for f in material.blocking
    }
    return SignOff(
        quarantine_id=tree.quarantine.id,
        reviewer=answers.reviewer,
        created_at=datetime.now(UTC),
        files=tuple(FileSignOff(f.path, f.change_hash, answers.files[f.path].strip()) for f in material.files),
        acknowledgements=acknowledgements,
        disputes={k: v.strip() for k, v in answers.disputes.items()},
    )


def answers_template(material: ReviewMaterial, reviewer: str = "") -> Mapping[str, Any]:
    """A skeleton answers file for a change (``airlock review --template``)."""
    return {
        "reviewer": reviewer or "Your Name <you@example.com>",
        "files": {f.path: "" for f in material.files},
        "disputes": {f.fingerprint: "" for f in material.blocking},
    }

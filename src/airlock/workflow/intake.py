"""``airlock intake``: put an AI-written change in quarantine, with its provenance and scope.

The change lands in its own git worktree (``.airlock/quarantine/<id>``, branch
``airlock/q/<id>``) based on the target branch, so checks, probes and edits never touch
the user's checkout. Intake returns the record and its scope findings and stores
nothing: the caller writes them to the ledger, so this module stays a pure function of
git state. Anything that fails half-way removes the worktree and the branch again.

Decisions:

- ``--branch B`` keeps B's commits as they are: the quarantine branch starts at B's tip
  and ``base_commit`` is ``merge-base(target, B)``. Commit ids (and signatures) survive.
- ``--range A..B`` checks out B the same way when ``merge-base(target, B)`` is A, i.e.
  the range is exactly what the target lacks. Otherwise its commits are cherry-picked
  (``-x``) onto the target's tip, which becomes ``base_commit``; a range with merge
  commits is refused then, since a cherry-pick would silently drop their resolutions.
- ``--patch F``: an mbox from ``git format-patch`` goes through ``git am`` (authors,
  messages and trailers kept, so they give signals); a plain diff is applied with
  ``git apply --index`` and committed with a message naming the tool.
- ``--files DIR --into PATH`` copies the folder (``.git`` folders skipped) and commits it.
- A redacted prompt is stored as ``prompt=None, prompt_redacted=True`` plus one signal of
  kind ``prompt`` whose value is ``sha256:<hex>`` of the text: whoever holds the prompt
  can later prove which one it was, and the ledger never holds its words.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pathspec

from airlock import catalogue
from airlock.errors import WorkflowError
from airlock.model import Finding, Stage
from airlock.workflow import git
from airlock.workflow.content import change_summary
from airlock.workflow.provenance import best_tool, detect_signals, merge_signals, signals_in_text
from airlock.workflow.records import Provenance, Quarantine, Signal, SourceKind

__all__ = [
    "BRANCH_PREFIX",
    "OUT_OF_SCOPE",
    "QUARANTINE_DIR",
    "IntakeSource",
    "QuarantineIdTaken",
    "ensure_ignored",
    "intake",
    "new_quarantine_id",
    "scope_findings",
]

QUARANTINE_DIR = ".airlock/quarantine"
BRANCH_PREFIX = "airlock/q/"
OUT_OF_SCOPE = "out-of-scope"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_ID_ATTEMPTS = 8


@dataclass(frozen=True, slots=True)
class IntakeSource:
    """What to take in: a branch, a commit range ``A..B``, a patch file or a folder."""

    kind: SourceKind
    ref: str
    """The branch, the range, the patch file's path or the folder's path, as given."""
    into: str | None = None
    """For ``files``: the folder inside the repository the files go to (``--into``)."""


class QuarantineIdTaken(WorkflowError):
    """Raised when an explicitly requested id already has a branch or a worktree."""


def new_quarantine_id() -> str:
    """A short random id such as ``q7f3a2c``; the caller retries on the rare collision."""
    return "q" + secrets.token_hex(3)


def intake(
    repo_root: Path,
    source: IntakeSource,
    provenance: Provenance,
    *,
    target: str | None = None,
    qid: str | None = None,
    redact_prompt: bool = False,
) -> tuple[Quarantine, list[Finding]]:
    """Quarantine ``source`` and return its record and the findings of its declared scope.

    ``repo_root`` is the top level of the repository; ``target`` a local branch (default:
    the checked-out one). ``redact_prompt`` (or ``provenance.prompt_redacted``) keeps only
    a hash of ``provenance.prompt``.
    """
    root = _top_level(repo_root)
    target_branch = target or git.current_branch(root)
    if not git.branch_exists(root, target_branch):
        raise WorkflowError(
            f"target {target_branch!r} is not a local branch",
            hint="release merges into a local branch: create it or name another with --target",
        )
    target_tip = git.rev_parse(root, f"refs/heads/{target_branch}")
    ensure_ignored(root)
    qid = _free_id(root, qid)
    rel = f"{QUARANTINE_DIR}/{qid}"
    path, branch = root / rel, f"{BRANCH_PREFIX}{qid}"
    try:
        base, signals = _populate(_Slot(root, path, branch, target_tip), source, provenance)
        changed = tuple(p for p, _ in change_summary(path, base))
        if not changed:
            raise WorkflowError(
                f"{source.kind.value} {source.ref} changes nothing relative to {target_branch}",
                hint="it may already be merged, or the folder holds the same files as the target",
            )
    except BaseException:
        _discard(root, path, branch)
        raise
    record = Quarantine(
        id=qid,
        created_at=datetime.now(UTC),
        source_kind=source.kind,
        source_ref=source.ref,
        target_branch=target_branch,
        base_commit=base,
        branch=branch,
        worktree=rel,
        provenance=_merged_provenance(provenance, signals, redact=redact_prompt or provenance.prompt_redacted),
        changed_files=changed,
    )
    return record, scope_findings(changed, record.provenance.scope)


def scope_findings(changed: Sequence[str], scope: Sequence[str]) -> list[Finding]:
    """An ``architecture-violation`` finding per changed file outside every scope glob.

    Globs match the way ``.gitignore`` lines do (``src/api/``, ``*.py``, ``!tests/``), from
    the repository root. No scope declared means nothing is out of scope.
    """
    globs = [g.strip() for g in scope if g.strip()]
    if not globs:
        return []
    spec = pathspec.GitIgnoreSpec.from_lines(globs)
    category = catalogue.get("architecture-violation")
    shown = ", ".join(globs)
    return [
        Finding(
            rule_id=OUT_OF_SCOPE,
            category=category.id,
            family=category.family.value,
            severity=category.default_severity,
            path=path,
            line=1,
            end_line=1,
            message=f"changed outside the declared scope ({shown})",
            remedy=(
                "split this file's change into its own reviewed change, or widen the declared scope "
                "if the prompt really was about it"
            ),
            stage=Stage.SCAN,
        )
        for path in sorted(changed)
        if not spec.match_file(path)
    ]


def ensure_ignored(root: Path) -> None:
    """Make git ignore ``.airlock/`` through ``.git/info/exclude`` (never the tracked
    ``.gitignore``), so quarantines, the cache and the ledger never show as changes."""
    if _ignored(root, ".airlock/quarantine/x"):
        return
    exclude = git.git_path(root, "info/exclude")
    exclude.parent.mkdir(parents=True, exist_ok=True)
    text = exclude.read_text(encoding="utf-8") if exclude.is_file() else ""
    prefix = "" if not text or text.endswith("\n") else "\n"
    exclude.write_text(
        f"{text}{prefix}# airlock: quarantine worktrees, cache and ledger\n.airlock/\n", encoding="utf-8"
    )


def _ignored(root: Path, rel: str) -> bool:
    try:
        git.run(root, "check-ignore", "--quiet", "--no-index", "--", rel)
    except git.GitError as exc:
        if exc.returncode == 1:
            return False
        raise
    return True


def _top_level(repo_root: Path) -> Path:
    top = git.repo_root(repo_root)
    if top.resolve() != repo_root.resolve():
        raise WorkflowError(
            f"{repo_root} is not the top level of its repository ({top})",
            hint="run intake from the repository root",
        )
    return repo_root


def _free_id(root: Path, qid: str | None) -> str:
    if qid is not None:
        if not _ID.fullmatch(qid):
            raise WorkflowError(f"bad quarantine id {qid!r}", hint="use lowercase letters, digits and '-'")
        if _taken(root, qid):
            raise QuarantineIdTaken(f"quarantine id {qid} is taken", hint="choose another id, or let airlock pick one")
        return qid
    for _ in range(_ID_ATTEMPTS):
        candidate = new_quarantine_id()
        if not _taken(root, candidate):
            return candidate
    raise WorkflowError("could not find a free quarantine id", hint=f"clean up old entries under {QUARANTINE_DIR}")


def _taken(root: Path, qid: str) -> bool:
    return git.branch_exists(root, f"{BRANCH_PREFIX}{qid}") or (root / QUARANTINE_DIR / qid).exists()


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where one quarantine goes: the repository, its worktree folder and branch, the base tip."""

    root: Path
    path: Path
    branch: str
    target_tip: str

    def create(self, start: str) -> None:
        git.add_worktree(self.root, self.path, self.branch, start)


def _populate(slot: _Slot, source: IntakeSource, provenance: Provenance) -> tuple[str, tuple[Signal, ...]]:
    """Create the worktree with the change committed; returns the base commit and signals."""
    match source.kind:
        case SourceKind.BRANCH:
            tip = git.rev_parse(slot.root, source.ref)
            base = _fork_point(slot, tip, source.ref)
            slot.create(tip)
            return base, detect_signals(git.commits(slot.root, f"{base}..{tip}"))
        case SourceKind.RANGE:
            return _populate_range(slot, source.ref)
        case SourceKind.PATCH:
            return _populate_patch(slot, Path(source.ref), provenance)
        case SourceKind.FILES:
            return _populate_files(slot, source, provenance)


def _fork_point(slot: _Slot, tip: str, ref: str) -> str:
    base = git.merge_base(slot.root, slot.target_tip, tip)
    if base == tip:
        raise WorkflowError(f"{ref} has no commits that the target lacks", hint="it is merged already")
    return base


def _populate_range(slot: _Slot, ref: str) -> tuple[str, tuple[Signal, ...]]:
    start, sep, end = ref.partition("..")
    if not sep or not start or not end or end.startswith("."):
        raise WorkflowError(f"bad range {ref!r}", hint="give it as A..B (the commits after A up to B)")
    a, b = git.rev_parse(slot.root, start), git.rev_parse(slot.root, end)
    picked = git.commits(slot.root, f"{a}..{b}")
    if not picked:
        raise WorkflowError(f"range {ref} holds no commits", hint="A must be an ancestor of B")
    signals = detect_signals(picked)
    if git.merge_base(slot.root, slot.target_tip, b) == a:
        slot.create(b)
        return a, signals
    merges = git.run(slot.root, "rev-list", "--min-parents=2", f"{a}..{b}").split()
    if merges:
        raise WorkflowError(
            f"range {ref} contains merge commits and does not start at the target's history",
            hint="rebase it onto the target first, or intake the branch with --branch",
        )
    slot.create(slot.target_tip)
    git.cherry_pick(slot.path, [c.sha for c in picked])
    return slot.target_tip, signals


def _is_mbox(text: str) -> bool:
    head = text.lstrip("\n").split("\n\n", 1)[0]
    first = head.split("\n", 1)[0]
    return first.startswith("From ") and re.search(r"(?m)^Subject: ", head) is not None


def _populate_patch(slot: _Slot, patch: Path, provenance: Provenance) -> tuple[str, tuple[Signal, ...]]:
    patch = patch if patch.is_absolute() else Path.cwd() / patch
    try:
        text = patch.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise WorkflowError(f"cannot read patch {patch}: {exc.strerror}") from exc
    slot.create(slot.target_tip)
    if _is_mbox(text):
        git.am(slot.path, patch)
        return slot.target_tip, detect_signals(git.commits(slot.path, f"{slot.target_tip}..HEAD"))
    git.apply_patch(slot.path, patch)
    git.commit(slot.path, _message(f"Apply AI-written patch {patch.name}", provenance))
    preamble = text.split("\ndiff --git ", 1)[0] if not text.startswith("diff --git ") else ""
    return slot.target_tip, merge_signals(signals_in_text(preamble))


# Never part of a generated change: VCS data, airlock's own state, caches and environments.
_NOT_COPIED = (
    ".git",
    ".airlock",
    "__pycache__",
    "*.pyc",
    ".venv",
    "venv",
    "node_modules",
    ".mypy_cache",
    ".ruff_cache",
)


def _populate_files(slot: _Slot, source: IntakeSource, provenance: Provenance) -> tuple[str, tuple[Signal, ...]]:
    folder = Path(source.ref)
    if not folder.is_dir():
        raise WorkflowError(f"{source.ref} is not a folder", hint="--files takes the folder of generated files")
    into = _safe_into(source.into)
    slot.create(slot.target_tip)
    try:
        shutil.copytree(
            folder, slot.path / into, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*_NOT_COPIED)
        )
    except (OSError, shutil.Error) as exc:
        raise WorkflowError(
            f"cannot copy {source.ref} into {into}: {exc}", hint="--into must name a folder (or a new path)"
        ) from exc
    git.run(slot.path, "add", "--all", "--", into)
    if not _has_staged(slot.path):
        raise WorkflowError(
            f"the files in {source.ref} are already in {into} on the target",
            hint="nothing to quarantine: is --into the right folder?",
        )
    git.commit(slot.path, _message(f"Add AI-written files from {folder.name} into {into}", provenance))
    return slot.target_tip, ()


def _has_staged(worktree: Path) -> bool:
    try:
        git.run(worktree, "diff", "--cached", "--quiet")
    except git.GitError as exc:
        if exc.returncode == 1:
            return True
        raise
    return False


def _safe_into(into: str | None) -> str:
    if not into:
        raise WorkflowError("--files needs --into PATH", hint="name the folder, relative to the repository root")
    rel = PurePosixPath(into.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or (rel.parts and rel.parts[0] in (".git", ".airlock")):
        raise WorkflowError(f"--into {into!r} must be a folder inside the repository", hint="e.g. --into src/feature")
    return rel.as_posix()


def _message(subject: str, provenance: Provenance) -> str:
    written_by = " ".join(p for p in (provenance.tool, provenance.model) if p) or "an AI tool"
    lines = [subject, "", f"Written by {written_by}; quarantined by airlock intake."]
    if provenance.prompter:
        lines.append(f"Prompted by {provenance.prompter}.")
    return "\n".join(lines)


def _merged_provenance(declared: Provenance, detected: tuple[Signal, ...], *, redact: bool) -> Provenance:
    signals = list(declared.signals) + list(detected)
    prompt = declared.prompt
    if redact and prompt is not None:
        digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
        signals.append(Signal("prompt", f"sha256:{digest}", None, 1.0))
        prompt = None
    merged = merge_signals(signals)
    scope = tuple(dict.fromkeys(g.strip() for g in declared.scope if g.strip()))
    return replace(
        declared,
        tool=declared.tool or best_tool(merged),
        prompt=prompt,
        prompt_redacted=declared.prompt_redacted or (redact and declared.prompt is not None),
        scope=scope,
        signals=merged,
    )


def _discard(root: Path, path: Path, branch: str) -> None:
    """Undo a half-made quarantine: worktree, git's record of it, and the branch."""
    try:
        git.remove_worktree(root, path, force=True)
    except git.GitError:
        shutil.rmtree(path, ignore_errors=True)
        with contextlib.suppress(git.GitError):
            git.run(root, "worktree", "prune")
    if git.branch_exists(root, branch):
        with contextlib.suppress(git.GitError):
            git.delete_branch(root, branch)

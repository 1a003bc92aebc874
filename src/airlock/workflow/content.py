"""Content identities that evidence is bound to: one hash per worktree, one per changed file.

A stage result holds for the exact content it ran on (``content_hash``); a reviewer's
explain-back holds for the exact change of one file (``change_hashes``). Both read the
worktree as it is now, committed or not, untracked files included, through a temporary
index: the worktree's real index is never touched, so airlock can look at a quarantine
while someone is staging in it.

A change hash is taken over the *normalised change*, not a commit id: the removed and
added lines with no line numbers and no blob ids. A rebase onto a moved target keeps
it (same lines, new positions); any edit of the change alters it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from airlock.workflow import git

__all__ = ["ChangedFile", "change_hashes", "change_summary", "changed", "content_hash", "file_diff", "file_diffs"]

_HEADER_PREFIXES = ("diff --git ", "index ", "--- ", "+++ ", "@@", "similarity index ", "dissimilarity index ")


@dataclass(frozen=True, slots=True)
class ChangedFile:
    """One entry of the change between a base commit and the worktree content."""

    path: str
    """The path now (for a deletion: the path that was removed)."""
    status: str
    """``A`` added, ``M`` modified (content, mode or type), ``D`` deleted, ``R`` renamed."""
    old_path: str | None
    """The path before a rename; ``None`` otherwise."""
    old_blob: str
    new_blob: str
    """Blob ids before and after (all zeros when absent)."""
    patch: str
    """This file's section of ``git diff`` (header included)."""

    @property
    def binary(self) -> bool:
        return any(line.startswith(("Binary files ", "GIT binary patch")) for line in self.patch.splitlines())


def worktree_tree(worktree: Path) -> str:
    """The id of a git tree holding the worktree's content now (tracked, edited and untracked
    non-ignored files), written through a temporary copy of the index."""
    real_index = git.git_path(worktree, "index")
    with tempfile.TemporaryDirectory(prefix="airlock-index-") as tmp:
        index = Path(tmp) / "index"
        if real_index.is_file():
            # Starting from the real index keeps git's stat cache: only edited files are re-hashed.
            shutil.copyfile(real_index, index)
        env = {"GIT_INDEX_FILE": str(index)}
        git.run(worktree, "add", "--all", env=env, timeout=git.LONG_TIMEOUT)
        return git.run(worktree, "write-tree", env=env).strip()


def content_hash(worktree: Path) -> str:
    """One identity of the whole worktree content as it is now: git's tree id of it.

    Equal content (file bytes, names and executable bits) gives an equal hash, whatever
    the commits; any edit, committed or not, gives another. Ignored files do not count.
    """
    return worktree_tree(worktree)


def changed(worktree: Path, base: str, *, unified: int = 0) -> list[ChangedFile]:
    """Every file that differs between ``base`` and the worktree content now, sorted by path."""
    tree = worktree_tree(worktree)
    raw = git.run(
        worktree, "diff", "--raw", "-z", "--no-abbrev", *git.DIFF_OPTIONS, "--end-of-options", base, tree, "--"
    )
    patch = git.run(worktree, "diff", f"--unified={unified}", *git.DIFF_OPTIONS, "--end-of-options", base, tree, "--")
    entries = list(_raw_entries(raw))
    sections = _sections(patch)
    if len(entries) != len(sections):
        raise git.GitError(f"git diff gave {len(entries)} files but {len(sections)} patch sections")
    files = [
        ChangedFile(path=p, status=s, old_path=o, old_blob=ob, new_blob=nb, patch=text)
        for (p, s, o, ob, nb), text in zip(entries, sections, strict=True)
    ]
    return sorted(files, key=lambda f: f.path)


def _raw_entries(raw: str) -> Iterator[tuple[str, str, str | None, str, str]]:
    """``(path, status, old_path, old_blob, new_blob)`` from ``git diff --raw -z``."""
    fields = raw.split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        _, _, old_blob, new_blob, status = fields[i].lstrip(":").split(" ")
        letter = status[0]
        if letter in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            yield (new, "R" if letter == "R" else "A", old if letter == "R" else None, old_blob, new_blob)
            continue
        path = fields[i + 1]
        i += 2
        yield (path, letter if letter in "ADM" else "M", None, old_blob, new_blob)


def _sections(patch: str) -> list[str]:
    sections: list[list[str]] = []
    for line in patch.splitlines(keepends=True):
        if line.startswith("diff --git ") or not sections:
            sections.append([])
        sections[-1].append(line)
    return ["".join(s) for s in sections if s and s[0].startswith("diff --git ")]


def change_hash(entry: ChangedFile) -> str:
    """sha256 of the normalised change of one file (see the module docstring)."""
    digest = hashlib.sha256()
    if entry.binary:
        blob = entry.old_blob if entry.status == "D" else entry.new_blob
        parts = [f"binary {entry.status}", f"blob {blob}"]
        if entry.old_path is not None:
            parts.insert(0, f"rename from {entry.old_path}")
    else:
        parts = list(_normalised_lines(entry.patch))
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\n")
    return digest.hexdigest()


def _normalised_lines(patch: str) -> Iterator[str]:
    """The change without positions: removed/added lines, renames, modes; no hunk headers,
    no line numbers, no blob ids; trailing whitespace stripped."""
    for line in patch.splitlines():
        if line.startswith(_HEADER_PREFIXES) or line.startswith(" "):  # headers, context lines
            continue
        yield line.rstrip()


def change_hashes(worktree: Path, base: str) -> dict[str, str]:
    """Per changed file (renamed files under their new path), the hash of its normalised change."""
    return {entry.path: change_hash(entry) for entry in changed(worktree, base)}


def change_summary(worktree: Path, base: str) -> list[tuple[str, str]]:
    """``(path, status)`` per changed file, sorted by path; status is ``A``, ``M``, ``D`` or ``R``."""
    return [(entry.path, entry.status) for entry in changed(worktree, base)]


def file_diffs(worktree: Path, base: str, *, unified: int = 3) -> dict[str, str]:
    """Every changed file's readable diff (with ``unified`` lines of context), for the review screen."""
    return {entry.path: entry.patch for entry in changed(worktree, base, unified=unified)}


def file_diff(worktree: Path, base: str, path: str, *, unified: int = 3) -> str:
    """One file's readable diff against ``base``; empty when the file did not change."""
    return file_diffs(worktree, base, unified=unified).get(path, "")

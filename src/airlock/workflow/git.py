"""A thin, typed wrapper over the real ``git`` binary, for intake, review, gate and release.

Why the binary and not a library: the quarantine must behave exactly like the user's own
git (worktrees, rename detection, ``git am``, trailers), and the binary is the one
implementation of all of that. Every call runs without a shell, with ``stdin`` closed
and a timeout, so a credential or editor prompt can never hang airlock; a failure
becomes a ``GitError`` that carries git's own last stderr line.

The environment is the user's, minus the variables a git hook sets (``GIT_DIR``,
``GIT_INDEX_FILE``...): airlock may run from a pre-commit hook, and those would point
every call at the hook's repository instead of the folder passed in.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from airlock.errors import WorkflowError

__all__ = [
    "DIFF_OPTIONS",
    "Commit",
    "GitError",
    "add_worktree",
    "am",
    "apply_patch",
    "branch_exists",
    "cherry_pick",
    "commit",
    "commit_messages",
    "commits",
    "current_branch",
    "delete_branch",
    "diff",
    "format_trailers",
    "git_path",
    "identity",
    "is_ancestor",
    "is_dirty",
    "merge",
    "merge_base",
    "rebase",
    "remove_worktree",
    "repo_root",
    "rev_parse",
    "run",
]

DEFAULT_TIMEOUT = 120.0
"""Seconds for a quick query; operations that write a checkout get ``LONG_TIMEOUT``."""
LONG_TIMEOUT = 600.0

_HOOK_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
    "GIT_NAMESPACE",
)
_SEP = "\x00"
DIFF_OPTIONS = (
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--diff-algorithm=myers",  # a user's diff.algorithm must not change which lines count as changed
    "-M",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--no-relative",
    "--ignore-submodules=none",
    "--submodule=short",  # diff.submodule=log would print sections without a "diff --git" header
    "--indent-heuristic",
    "--inter-hunk-context=0",  # diff.interHunkContext would add context lines to -U0 hunks
)
"""Options that make ``git diff`` output independent of the user's diff configuration."""
_LOG_FIELDS = ("%H", "%an", "%ae", "%cn", "%ce", "%B", "%(trailers:only,unfold)")


class GitError(WorkflowError):
    """Raised when a git command fails or cannot run; ``stderr`` holds git's full output."""

    def __init__(self, message: str, *, stderr: str = "", returncode: int | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.stderr = stderr
        self.returncode = returncode


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as ``git log`` shows it: who wrote it, who committed it, what it says."""

    sha: str
    author_name: str
    author_email: str
    committer_name: str
    committer_email: str
    message: str
    """The full message (subject and body), trailers included."""
    trailers: tuple[tuple[str, str], ...] = ()
    """``(key, value)`` pairs as git parses them (unfolded), in order."""

    @property
    def author(self) -> str:
        return f"{self.author_name} <{self.author_email}>"

    @property
    def committer(self) -> str:
        return f"{self.committer_name} <{self.committer_email}>"


def _env(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _HOOK_VARIABLES}
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",  # never ask for credentials
            "GIT_EDITOR": ":",  # git treats ":" as "do not launch an editor"
            "GIT_MERGE_AUTOEDIT": "no",
            "GIT_PAGER": "cat",
        }
    )
    if extra:
        env.update(extra)
    return env


def run(
    cwd: Path,
    *args: str,
    input_text: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    no_hooks: bool = False,
    hint: str | None = None,
) -> str:
    """Run ``git args...`` in ``cwd`` (a repository or any of its worktrees) and return stdout.

    ``no_hooks`` disables the repository's hooks for this call: intake records the AI's
    change as it came, and a formatting or policy hook must neither rewrite nor block it.
    """
    config = ["-c", "core.quotepath=off", "-c", "color.ui=false"]
    if no_hooks:
        config += ["-c", f"core.hooksPath={os.devnull}", "-c", "commit.gpgSign=false"]
    argv = ["git", *config, *args]
    try:
        proc = subprocess.run(
            argv,
            cwd=cwd,
            env=_env(env),
            input=input_text.encode("utf-8") if input_text is not None else None,
            stdin=None if input_text is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", hint="install git 2.39 or newer") from exc
    except NotADirectoryError as exc:
        raise GitError(f"{cwd} is not a folder") from exc
    except OSError as exc:
        raise GitError(f"git {args[0]} could not start: {exc.strerror}") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} did not finish within {timeout:.0f}s", hint=hint) from exc
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise GitError(
            f"git {args[0]} failed: {_reason(stderr, proc.returncode)}",
            stderr=stderr,
            returncode=proc.returncode,
            hint=hint,
        )
    return proc.stdout.decode("utf-8", "surrogateescape")


def _reason(stderr: str, returncode: int) -> str:
    """git's most telling line: the first ``error:``/``fatal:`` line, else the last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else f"exit status {returncode}"


# -- queries -------------------------------------------------------------------------------


def repo_root(path: Path) -> Path:
    """The top-level folder of the working tree that contains ``path``."""
    out = run(path, "rev-parse", "--show-toplevel", hint="run airlock inside a git repository")
    return Path(out.strip())


def git_path(path: Path, name: str) -> Path:
    """Where git keeps ``name`` (``index``, ``info/exclude``...) for the worktree at ``path``."""
    out = Path(run(path, "rev-parse", "--git-path", name).strip())
    return out if out.is_absolute() else path / out


def current_branch(path: Path) -> str:
    """The short name of the checked-out branch; a detached HEAD is an error with a hint."""
    try:
        return run(path, "symbolic-ref", "--quiet", "--short", "HEAD").strip()
    except GitError as exc:
        raise GitError(
            f"{path}: HEAD is detached, not on a branch",
            stderr=exc.stderr,
            returncode=exc.returncode,
            hint="check out a branch, or name the target branch explicitly",
        ) from exc


def rev_parse(path: Path, rev: str) -> str:
    """The full commit id ``rev`` names; an unknown revision is a ``GitError`` naming it."""
    if rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision")
    try:
        return run(path, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
    except GitError as exc:
        raise GitError(
            f"unknown revision {rev!r}",
            stderr=exc.stderr,
            returncode=exc.returncode,
            hint="`git branch -a` and `git log --oneline` list what exists",
        ) from exc


def branch_exists(path: Path, branch: str) -> bool:
    """Whether the local branch ``refs/heads/<branch>`` exists."""
    try:
        run(path, "show-ref", "--verify", "--quiet", f"refs/heads/{branch}")
    except GitError:
        return False
    return True


def merge_base(path: Path, a: str, b: str) -> str:
    """The best common ancestor of ``a`` and ``b``; unrelated histories are a ``GitError``."""
    try:
        return run(path, "merge-base", "--end-of-options", a, b).strip()
    except GitError as exc:
        raise GitError(
            f"{a} and {b} have no common history",
            stderr=exc.stderr,
            returncode=exc.returncode,
            hint="both must be revisions of this repository that share an ancestor",
        ) from exc


def is_ancestor(path: Path, ancestor: str, descendant: str) -> bool:
    """Whether ``ancestor`` is reachable from ``descendant`` (a commit is its own ancestor)."""
    try:
        run(path, "merge-base", "--is-ancestor", "--end-of-options", ancestor, descendant)
    except GitError as exc:
        if exc.returncode == 1:
            return False
        raise
    return True


def is_dirty(path: Path) -> bool:
    """Uncommitted edits or untracked, non-ignored files in the worktree at ``path``."""
    return bool(run(path, "status", "--porcelain", "--untracked-files=normal", "--ignore-submodules=none").strip())


def identity(path: Path) -> str | None:
    """``name <email>`` that git would record as the author here, or ``None`` if unset."""
    try:
        ident = run(path, "var", "GIT_AUTHOR_IDENT").strip()
    except GitError:
        return None
    end = ident.rfind(">")
    return ident[: end + 1] if end >= 0 else None


def commits(path: Path, rev_range: str) -> list[Commit]:
    """Commits in ``rev_range`` (``A..B`` or a single revision), oldest first."""
    fmt = "tformat:" + "%x00".join(_LOG_FIELDS) + "%x00"
    options = ("--no-show-signature", "--no-decorate", "--encoding=UTF-8", "--reverse", f"--format={fmt}")
    out = run(path, "log", *options, "--end-of-options", rev_range, "--")
    fields = out.split(_SEP)
    width = len(_LOG_FIELDS)
    result: list[Commit] = []
    for start in range(0, len(fields) - width + 1, width):
        sha, an, ae, cn, ce, body, trailers = fields[start : start + width]
        result.append(
            Commit(
                sha=sha.strip(),
                author_name=an,
                author_email=ae,
                committer_name=cn,
                committer_email=ce,
                message=body.strip("\n"),
                trailers=tuple(_parse_trailers(trailers)),
            )
        )
    return result


def _parse_trailers(text: str) -> Iterable[tuple[str, str]]:
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            yield key.strip(), value.strip()


def commit_messages(path: Path, base: str) -> str:
    """The messages of the commits between ``base`` and ``HEAD``, oldest first, blank-line separated."""
    return "\n\n".join(c.message for c in commits(path, f"{base}..HEAD"))


def diff(path: Path, base: str, *paths: str, unified: int = 3) -> str:
    """``git diff`` of the worktree's tracked files against ``base`` (untracked files not included;
    ``content.file_diff`` covers them)."""
    return run(path, "diff", f"--unified={unified}", *DIFF_OPTIONS, "--end-of-options", base, "--", *paths)


# -- writes ----------------------------------------------------------------------------------


def add_worktree(repo: Path, path: Path, branch: str, base: str) -> None:
    """``git worktree add -b <branch> <path> <base>``: a new branch checked out in a new folder."""
    args = ("worktree", "add", "--quiet", "--no-track", "-b", branch, str(path), base)
    run(repo, *args, timeout=LONG_TIMEOUT, no_hooks=True)


def remove_worktree(repo: Path, path: Path, *, force: bool = False) -> None:
    """Remove a worktree and git's record of it; ``force`` drops uncommitted edits too."""
    args = ["worktree", "remove", *(["--force"] if force else []), str(path)]
    run(repo, *args, timeout=LONG_TIMEOUT, hint="`git worktree list` shows it; commit or discard its edits first")


def delete_branch(repo: Path, branch: str) -> None:
    """Delete a branch even if unmerged: meant for airlock's own ``airlock/q/<id>`` branches."""
    run(repo, "branch", "--quiet", "-D", "--end-of-options", branch)


def format_trailers(message: str, trailers: Sequence[tuple[str, str]], cwd: Path) -> str:
    """``message`` with ``trailers`` appended the way git does it (one trailer block)."""
    if not trailers:
        return message
    args = ["interpret-trailers"]
    for key, value in trailers:
        args += ["--trailer", f"{key}: {value}"]
    return run(cwd, *args, input_text=message.rstrip("\n") + "\n")


def commit(
    worktree: Path,
    message: str,
    trailers: Sequence[tuple[str, str]] = (),
    *,
    author: str | None = None,
) -> str:
    """Commit what is staged in ``worktree`` (hooks off) and return the new commit id."""
    args = ["commit", "--quiet", "--no-verify", "-m", message]
    for key, value in trailers:
        args += ["--trailer", f"{key}: {value}"]
    if author:
        args.append(f"--author={author}")
    run(worktree, *args, no_hooks=True, hint=_IDENTITY_HINT)
    return rev_parse(worktree, "HEAD")


_IDENTITY_HINT = "git needs an identity: `git config user.name ...` and `git config user.email ...`"


def apply_patch(worktree: Path, patch: Path) -> None:
    """``git apply --index``: all hunks or none; a patch that does not apply leaves no trace."""
    hint = "the patch must apply to the target branch as it is now (was it made against another base?)"
    run(worktree, "apply", "--index", "--whitespace=nowarn", str(patch), hint=hint)


def am(worktree: Path, patch: Path) -> None:
    """``git am`` an mbox from ``git format-patch``, keeping authors and messages; on failure the
    half-applied series is aborted before the error is raised."""
    try:
        run(worktree, "am", "--quiet", str(patch), timeout=LONG_TIMEOUT, no_hooks=True)
    except GitError as exc:
        _quietly(worktree, "am", "--abort")
        exc.hint = exc.hint or "the patch series must apply to the target branch as it is now"
        raise


def cherry_pick(worktree: Path, commit_ids: Sequence[str]) -> None:
    """Replay ``commit_ids`` in order onto HEAD (``-x`` records the originals); aborts on a conflict."""
    try:
        run(worktree, "cherry-pick", "-x", "--end-of-options", *commit_ids, timeout=LONG_TIMEOUT, no_hooks=True)
    except GitError as exc:
        _quietly(worktree, "cherry-pick", "--abort")
        exc.hint = exc.hint or "the commits conflict with the target branch; rebase them yourself and intake the branch"
        raise


def rebase(worktree: Path, onto: str) -> None:
    """Rebase the worktree's branch onto ``onto``; a conflict aborts and raises."""
    try:
        run(worktree, "rebase", "--quiet", "--end-of-options", onto, timeout=LONG_TIMEOUT, no_hooks=True)
    except GitError as exc:
        _quietly(worktree, "rebase", "--abort")
        exc.hint = exc.hint or "resolve the conflict by hand: `git rebase` in the worktree"
        raise


def merge(repo: Path, branch: str, message: str, trailers: Sequence[tuple[str, str]] = ()) -> str:
    """``git merge --no-ff`` of ``branch`` into the checked-out branch; returns the merge commit.

    The repository's own hooks run: the merge lands on the user's branch, under their rules.
    A conflict aborts the merge, so the main worktree is left as it was.
    """
    full = format_trailers(message, trailers, repo)
    try:
        run(repo, "merge", "--no-ff", "--no-edit", "-m", full, "--end-of-options", branch, timeout=LONG_TIMEOUT)
    except GitError as exc:
        _quietly(repo, "merge", "--abort")
        exc.hint = exc.hint or f"rebase {branch} onto the target, check it again, then release"
        raise
    return rev_parse(repo, "HEAD")


def _quietly(cwd: Path, *args: str) -> None:
    """Best-effort clean-up after a failure: its own failure must not hide the first one."""
    with contextlib.suppress(GitError):
        run(cwd, *args)

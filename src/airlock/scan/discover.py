"""Which files a scan reads: Python sources plus the non-Python files rules need.

Inside a git work tree, git itself answers (``git ls-files``: tracked plus untracked,
minus ignored), which is exact and fast. Elsewhere the tree is walked with every
``.gitignore`` applied. Either way virtualenvs, vendored and generated folders, caches
and the configured excludes are skipped.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pathspec

from airlock.config import Config
from airlock.errors import ScanError

__all__ = ["Discovered", "discover", "is_context_file"]

# Folder names never worth scanning: environments, vendored code, caches, build output.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "virtualenv",
        "site-packages",
        "__pypackages__",
        "dist-packages",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".eggs",
        "build",
        "dist",
        "_vendor",
        "vendor",
        "vendored",
        "third_party",
        ".airlock",
        ".idea",
        ".vscode",
        "htmlcov",
    }
)
_CONTEXT_NAMES = frozenset({"pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "airlock.toml", ".importlinter"})
_CONTEXT_SUFFIXES = frozenset({".sql", ".js", ".mjs", ".ts", ".html", ".jinja", ".jinja2", ".j2"})
_MAX_CONTEXT_SIZE = 2_000_000


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files of one scan, relative to the root, ``/``-separated and sorted."""

    python: tuple[str, ...]
    context: tuple[str, ...]
    """Requirements, project metadata, SQL, front-end assets and templates."""


def is_context_file(rel: str) -> bool:
    """A non-Python file that project-wide rules read."""
    name = rel.rsplit("/", 1)[-1]
    if name in _CONTEXT_NAMES or (name.startswith("requirements") and name.endswith((".txt", ".in"))):
        return True
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in (".js", ".mjs", ".ts"):
        return not name.endswith(".min.js") and (
            "static/" in rel or "assets/" in rel or "src/" in rel or "/" not in rel
        )
    return suffix in _CONTEXT_SUFFIXES


def discover(root: Path, targets: Iterable[Path], config: Config) -> Discovered:
    """Files under ``targets`` (files or folders inside ``root``), filtered and classified."""
    root = root.resolve()
    rel_targets: list[str] = []
    for target in targets:
        resolved = target.resolve()
        if not resolved.exists():
            raise ScanError(f"{target}: no such file or directory")
        try:
            rel = resolved.relative_to(root).as_posix()
        except ValueError:
            raise ScanError(f"{target} is outside the project root {root.name!r}") from None
        rel_targets.append("" if rel == "." else rel)
    explicit_files = {t for t in rel_targets if t and (root / t).is_file()}
    candidates: list[str] = sorted(explicit_files)
    for folder in rel_targets:
        if folder in explicit_files:
            continue
        listed = _git_files(root, folder)
        if not listed:
            # Outside git, or a folder git ignores (a scan of site-packages, of a
            # pyenv tree): walk it, honouring the .gitignore files inside it.
            # A folder git lists nothing for was asked for by name: the ignore rules above it
            # (the reason git skips it) must not hide it again.
            listed = list(_walk_folder(root, root / folder, honour_parents=listed is None))
        candidates.extend(listed)
    include = pathspec.GitIgnoreSpec.from_lines(config.include) if config.include else None
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    python: list[str] = []
    context: list[str] = []
    for rel in candidates:
        if rel not in explicit_files:
            if _in_skipped_dir(root, rel) or exclude.match_file(rel):
                continue
            if include is not None and not include.match_file(rel):
                continue
        if rel.endswith(".py"):
            python.append(rel)
        elif is_context_file(rel):
            context.append(rel)
    return Discovered(python=tuple(sorted(set(python))), context=tuple(sorted(set(context))))


def _in_skipped_dir(root: Path, rel: str) -> bool:
    parts = rel.split("/")[:-1]
    if any(p in SKIP_DIRS or p.endswith(".egg-info") for p in parts):
        return True
    return any(_is_virtualenv(root / "/".join(parts[: i + 1])) for i in range(len(parts)))


@lru_cache(maxsize=4096)
def _is_virtualenv(folder: Path) -> bool:
    return (folder / "pyvenv.cfg").is_file()


def _git_files(root: Path, target: str) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files, or ``None`` outside a git work tree."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, timeout=30, check=False
        )
        if top.returncode != 0:
            return None
        listing = subprocess.run(
            [
                "git",
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                target or ".",
            ],
            cwd=root,
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if listing.returncode != 0:
        return None
    files = [p for p in listing.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    return [p for p in files if (root / p).is_file()]


def _walk_folder(root: Path, start: Path, *, honour_parents: bool = True) -> Iterator[str]:
    """``os.walk`` that prunes skipped folders and honours nested ``.gitignore`` files."""
    specs: dict[str, pathspec.GitIgnoreSpec] = {}
    for folder in (start, *start.parents) if honour_parents else (start,):
        if folder == root.parent:
            break
        _load_gitignore(folder, root, specs)
    for dirpath, dirnames, filenames in os.walk(start):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        _load_gitignore(here, root, specs)
        kept = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name in SKIP_DIRS or name.endswith(".egg-info") or _ignored(specs, rel + "/"):
                continue
            if _is_virtualenv(here / name):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if not _ignored(specs, rel):
                yield rel


def _load_gitignore(folder: Path, root: Path, specs: dict[str, pathspec.GitIgnoreSpec]) -> None:
    path = folder / ".gitignore"
    if not path.is_file():
        return
    try:
        base = folder.relative_to(root).as_posix()
    except ValueError:
        return
    base = "" if base == "." else base
    if base in specs:
        return
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    specs[base] = pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: dict[str, pathspec.GitIgnoreSpec], rel: str) -> bool:
    for base, spec in specs.items():
        if not base:
            if spec.match_file(rel):
                return True
        elif rel.startswith(base + "/") and spec.match_file(rel[len(base) + 1 :]):
            return True
    return False

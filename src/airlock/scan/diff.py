"""Lines changed since a git ref, for ``--diff REF``: only findings there are reported."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from airlock.errors import ScanError
from airlock.model import Finding

__all__ = ["ChangedLines", "changed_lines"]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True, slots=True)
class ChangedLines:
    """Per path (relative to the scan root), the changed line numbers; ``None`` = whole file."""

    files: dict[str, frozenset[int] | None] = field(default_factory=dict)

    def touches(self, finding: Finding) -> bool:
        if finding.path not in self.files:
            return False
        lines = self.files[finding.path]
        if lines is None or finding.rule_id == "AIR000":
            return True
        return any(line in lines for line in range(finding.line, finding.end_line + 1))


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScanError(f"git {args[0]} failed: {exc}", hint="--diff needs git and a repository") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScanError(
            f"git {args[0]} failed: {message[-1] if message else proc.returncode}",
            hint="check the ref passed to --diff",
        )
    return proc.stdout.decode("utf-8", "surrogateescape")


def changed_lines(root: Path, ref: str) -> ChangedLines:
    """Lines added or changed between ``ref`` and the working tree, plus untracked files."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    out = _git(root, "diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative", ref, "--", ".")
    files: dict[str, frozenset[int] | None] = {}
    current: str | None = None
    lines: set[int] = set()
    for row in out.splitlines():
        if row.startswith("+++ "):
            if current is not None:
                files[current] = frozenset(lines)
            target = row[4:]
            current = target[2:] if target.startswith("b/") else None
            lines = set()
        elif current is not None and (match := _HUNK.match(row)):
            start, count = int(match.group(1)), int(match.group(2) or "1")
            lines.update(range(start, start + count))
    if current is not None:
        files[current] = frozenset(lines)
    for path in _git(root, "ls-files", "-z", "--others", "--exclude-standard").split("\0"):
        if path:
            files[path] = None
    return ChangedLines(files)

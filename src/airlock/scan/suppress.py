"""Inline suppressions: ``# airlock: ignore[<category or rule id>, ...] <reason>``.

A suppression covers the findings that start on its line or span it; a comment alone
on its line covers the next code line. It needs a reason: one without is itself a
finding (``AIR001``), and so is one that suppressed nothing (``AIR002``, on request).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from airlock import catalogue
from airlock.model import Finding, Severity

__all__ = ["Suppression", "apply_suppressions", "parse_suppressions"]

_PATTERN = re.compile(r"airlock:\s*ignore\[([^\]]*)\]\s*(.*)$")
MISSING_REASON_RULE = "AIR001"
UNUSED_RULE = "AIR002"
_MIN_REASON = 3


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ignore comment."""

    line: int
    """The comment's line."""
    covers: tuple[int, ...]
    """Lines whose findings it applies to."""
    ids: tuple[str, ...]
    reason: str

    def matches(self, finding: Finding) -> bool:
        if not any(finding.line <= line <= finding.end_line for line in self.covers):
            return False
        short = finding.rule_id.removeprefix("ruff:")
        return any(i in (finding.rule_id, short, finding.category) for i in self.ids)

    def to_list(self) -> list[Any]:
        """A JSON-able form for the cache."""
        return [self.line, list(self.covers), list(self.ids), self.reason]

    @classmethod
    def from_list(cls, data: Sequence[Any]) -> Suppression:
        line, covers, ids, reason = data
        return cls(int(line), tuple(int(c) for c in covers), tuple(str(i) for i in ids), str(reason))


def parse_suppressions(text: str) -> list[Suppression]:
    """Suppression comments of one file (real comments only, not text inside strings)."""
    if "airlock:" not in text:
        return []
    lines = text.splitlines()
    found: list[Suppression] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        match = _PATTERN.search(token.string)
        if not match:
            continue
        line = token.start[0]
        ids = tuple(i.strip() for i in match.group(1).split(",") if i.strip())
        comment_only = not lines[line - 1][: token.start[1]].strip()
        covers = (line, _next_code_line(lines, line)) if comment_only else (line,)
        found.append(Suppression(line, covers, ids, match.group(2).strip()))
    return found


def _next_code_line(lines: list[str], after: int) -> int:
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return after


def apply_suppressions(
    path: str, findings: Iterable[Finding], suppressions: Sequence[Suppression], *, report_unused: bool
) -> tuple[list[Finding], int]:
    """Findings left after suppression (plus meta findings) and the number suppressed."""
    kept: list[Finding] = []
    used: set[int] = set()
    suppressed = 0
    for finding in findings:
        hit = next((i for i, s in enumerate(suppressions) if s.matches(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
            suppressed += 1
    for index, sup in enumerate(suppressions):
        if len(sup.reason) < _MIN_REASON:
            kept.append(_meta(path, sup, MISSING_REASON_RULE, "suppression has no reason: say why this is safe", None))
        if not sup.ids:
            kept.append(_meta(path, sup, MISSING_REASON_RULE, "suppression names no category or rule id", None))
        elif report_unused and index not in used:
            kept.append(_meta(path, sup, UNUSED_RULE, f"unused suppression of {', '.join(sup.ids)}", Severity.LOW))
    return kept, suppressed


def _meta(path: str, sup: Suppression, rule_id: str, message: str, severity: Severity | None) -> Finding:
    cat = catalogue.get("suppression")
    return Finding(
        rule_id=rule_id,
        category=cat.id,
        family=cat.family.value,
        severity=severity or cat.default_severity,
        path=path,
        line=sup.line,
        end_line=sup.line,
        message=message,
        remedy=cat.fix,
        snippet=f"airlock: ignore[{', '.join(sup.ids)}]",
    )

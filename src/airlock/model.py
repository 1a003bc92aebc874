"""The typed results every stage produces and every reporter consumes.

Results are frozen so that a finding cannot change between the rule that made it and
the reporter that prints it; a stage that needs a changed copy uses ``replace()``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Confidence",
    "Finding",
    "ScanResult",
    "ScanStats",
    "Severity",
    "Stage",
]


class Severity(enum.StrEnum):
    """How bad a finding is; ``rank`` orders them (critical is highest)."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


class Confidence(enum.StrEnum):
    """How sure the rule is: ``high`` is a syntactic certainty, ``low`` a heuristic."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Stage(enum.StrEnum):
    """The quarantine stage that produced a finding."""

    SCAN = "scan"
    PROBE = "probe"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Finding:
    """One actionable problem: where it is, why it fails in production, and the fix."""

    rule_id: str
    """Readable, stable id of the rule (``call-without-timeout``, ``ruff:S113``, ``AIR000``)."""
    category: str
    """One catalogue category id (``no-timeout``)."""
    family: str
    """The category's family (``dependencies``)."""
    severity: Severity
    path: str
    """Relative to the scanned root, ``/``-separated."""
    line: int
    """1-based first line."""
    end_line: int
    message: str
    """Short and specific to this occurrence."""
    remedy: str
    """What to do about it."""
    column: int = 1
    """1-based column of the first character (counted in characters, not bytes)."""
    end_column: int = 1
    stage: Stage = Stage.SCAN
    confidence: Confidence = Confidence.HIGH
    fingerprint: str = ""
    """Stable identity that survives line shifts (see ``scan.baseline``)."""
    snippet: str = ""
    """The first source line of the finding, stripped; used for fingerprints."""
    endpoint: str | None = None
    """Probe findings: ``METHOD /path``."""
    evidence: dict[str, Any] | None = None
    """Probe findings: the numbers that prove it."""
    reproduce: str | None = None
    """Probe findings: a command that replays it (a curl line, plus the seed)."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule_id, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of DESIGN.md (keys are part of the product)."""
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "category": self.category,
            "family": self.family,
            "severity": self.severity.value,
            "confidence": self.confidence.value,
            "stage": self.stage.value,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "end_column": self.end_column,
            "message": self.message,
            "remedy": self.remedy,
            "fingerprint": self.fingerprint,
            "snippet": self.snippet,
        }
        if self.endpoint is not None:
            data["endpoint"] = self.endpoint
        if self.evidence is not None:
            data["evidence"] = self.evidence
        if self.reproduce is not None:
            data["reproduce"] = self.reproduce
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule_id=data["rule_id"],
            category=data["category"],
            family=data["family"],
            severity=Severity(data["severity"]),
            path=data["path"],
            line=int(data["line"]),
            end_line=int(data["end_line"]),
            message=data["message"],
            remedy=data["remedy"],
            column=int(data.get("column", 1)),
            end_column=int(data.get("end_column", 1)),
            stage=Stage(data.get("stage", "scan")),
            confidence=Confidence(data.get("confidence", "high")),
            fingerprint=data.get("fingerprint", ""),
            snippet=data.get("snippet", ""),
            endpoint=data.get("endpoint"),
            evidence=data.get("evidence"),
            reproduce=data.get("reproduce"),
        )


@dataclass(frozen=True, slots=True)
class ScanStats:
    """Counters a scan reports beside its findings."""

    files_scanned: int = 0
    """Python files analysed (from cache or fresh)."""
    files_cached: int = 0
    """Of those, served from the cache."""
    other_files: int = 0
    """Non-Python files read for project context."""
    suppressed: int = 0
    baselined: int = 0
    filtered_by_diff: int = 0
    duration_s: float = 0.0
    ruff_version: str | None = None
    """``None`` when Ruff was disabled or could not run."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything a scan produced, sorted and ready for any reporter."""

    findings: tuple[Finding, ...]
    stats: ScanStats = field(default_factory=ScanStats)
    fail_on: Severity = Severity.HIGH
    """Findings at or above this severity block (exit code 1)."""

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity.at_least(self.fail_on))

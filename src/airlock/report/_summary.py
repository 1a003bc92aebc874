"""Counts every reporter shows: one place, so text, JSON, SARIF and JUnit always agree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from airlock.catalogue import CATEGORIES, FAMILIES
from airlock.model import Finding, ScanResult, Severity

__all__ = ["SEVERITY_ORDER", "by_category", "by_family", "by_severity", "family_order", "summary"]

SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: s.rank, reverse=True))
"""critical, high, medium, low, info."""


def by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts for all five severities, highest first, zeros included."""
    counts = Counter(f.severity for f in findings)
    return {s.value: counts[s] for s in SEVERITY_ORDER}


def family_order(family: str) -> tuple[int, str]:
    """Catalogue order; a family the catalogue does not know goes last, by name."""
    names = [str(f) for f in FAMILIES]
    return (names.index(family), "") if family in names else (len(names), family)


def _category_order(category: str) -> tuple[int, str]:
    ids = list(CATEGORIES)
    return (ids.index(category), "") if category in ids else (len(ids), category)


def by_family(findings: Iterable[Finding]) -> dict[str, int]:
    """Non-zero counts per family, in catalogue order."""
    counts = Counter(f.family for f in findings)
    return {fam: counts[fam] for fam in sorted(counts, key=family_order)}


def by_category(findings: Iterable[Finding]) -> dict[str, int]:
    """Non-zero counts per category, in catalogue order."""
    counts = Counter(f.category for f in findings)
    return {cat: counts[cat] for cat in sorted(counts, key=_category_order)}


def summary(result: ScanResult) -> dict[str, Any]:
    """The ``summary`` object of the JSON report (its schema is ``report/schema.json``)."""
    stats = result.stats
    return {
        "files_scanned": stats.files_scanned,
        "files_cached": stats.files_cached,
        "other_files": stats.other_files,
        "findings": len(result.findings),
        "blocking": len(result.blocking),
        "fail_on": result.fail_on.value,
        "by_severity": by_severity(result.findings),
        "by_family": by_family(result.findings),
        "by_category": by_category(result.findings),
        "suppressed": stats.suppressed,
        "baselined": stats.baselined,
        "filtered_by_diff": stats.filtered_by_diff,
        "duration_s": round(max(stats.duration_s, 0.0), 3),
        "ruff_version": stats.ruff_version,
    }

"""The shape of one catalogue entry."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from airlock.model import Severity


class Family(enum.StrEnum):
    LOAD = "load"
    DATABASE = "database"
    SECURITY = "security"
    DEPENDENCIES = "dependencies"
    SILENT = "silent"
    AI = "ai"
    OPERABILITY = "operability"
    META = "meta"


@dataclass(frozen=True, slots=True)
class Category:
    """One failure mode, documented the way a rule page is (Ruff's sections)."""

    id: str
    """Stable kebab-case id, e.g. ``no-timeout``."""
    family: Family
    title: str
    """A short human title, e.g. "External call without a timeout"."""
    summary: str
    """One sentence: what it means (the DESIGN.md table)."""
    why_ai: str
    """Why AI-written code does this."""
    in_production: str
    """How it fails in production: the concrete harm."""
    fix: str
    """The remedy, imperative and short; the default ``Finding.remedy``."""
    example: str
    """Bad code, a few lines of Python (or JS/SQL where that is the point)."""
    use_instead: str
    """The same code, fixed."""
    default_severity: Severity
    references: tuple[str, ...] = ()
    """Official documentation URLs."""

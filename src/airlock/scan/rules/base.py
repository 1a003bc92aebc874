"""The shape of a rule: metadata, a ``check`` over one file, and the hits it yields.

A rule knows no output format and no configuration: it reports hits on nodes, and
the engine turns them into findings (severity, remedy and family from the catalogue,
suppressions, fingerprints).
"""

from __future__ import annotations

import ast
import enum
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from airlock.model import Confidence, Severity
from airlock.scan.context import FileContext

__all__ = ["Hit", "Rule", "RuleMeta", "RuleStatus"]


class RuleStatus(enum.StrEnum):
    """Lifecycle: a rule ships as preview, graduates to stable, then may be retired."""

    PREVIEW = "preview"
    STABLE = "stable"
    DEPRECATED = "deprecated"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What every rule declares; ``id`` is never reused for another meaning."""

    id: str
    """Readable kebab-case id naming the bad thing (``call-without-timeout``)."""
    category: str
    """Catalogue category id."""
    summary: str
    """One line, used in ``airlock rules`` and SARIF ``shortDescription``."""
    severity: Severity | None = None
    """``None``: the category's default severity."""
    confidence: Confidence = Confidence.HIGH
    status: RuleStatus = RuleStatus.STABLE
    since: str = "0.1.0"


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence a rule found; the engine makes it a ``Finding``."""

    node: ast.AST
    """Where: the node's line and column span become the finding's location."""
    message: str
    """Short and specific: name the call, the variable, the loop."""
    remedy: str | None = None
    """``None``: the category's fix."""
    confidence: Confidence | None = None
    """``None``: the rule's confidence."""
    severity: Severity | None = None
    """``None``: the rule's severity."""


class Rule(ABC):
    """Base class of file rules. Subclasses set ``meta`` and implement ``check``.

    The class docstring is the rule's documentation page, in Ruff's sections:
    ``What it does``, ``Why is this bad?``, ``Example``, ``Use instead``,
    ``Known problems``.
    """

    meta: ClassVar[RuleMeta]

    @abstractmethod
    def check(self, ctx: FileContext) -> Iterator[Hit]:
        """Yield every hit in one file; must not raise on odd but valid code."""

"""One place in a file that uses a table entry (before it is judged against versions)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from airlock.model import Confidence
from airlock.scan.deprecations._model import Deprecation

__all__ = ["Use"]


@dataclass(frozen=True, slots=True)
class Use:
    """One place that uses a table entry."""

    node: ast.AST
    """Where the finding points: the import, the reference, the keyword, the call."""
    entry: Deprecation
    confidence: Confidence = Confidence.HIGH
    called: bool = False
    """The name is called here (the message adds ``()``)."""
    detail: str | None = None
    """Words the message adds (``orm_mode`` is now ``from_attributes``); for a keyword, how
    the message names it (``loop=`` of ``asyncio.gather()``)."""

"""The catalogue of failure modes: one source for rules, reports and ``airlock explain``.

Category ids are an interface (reports, SARIF, policies and outside scorers use them):
an id is never renamed or reused. Each family lives in its own module.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from airlock.catalogue._ai import AI
from airlock.catalogue._category import Category, Family
from airlock.catalogue._database import DATABASE
from airlock.catalogue._dependencies import DEPENDENCIES
from airlock.catalogue._load import LOAD
from airlock.catalogue._meta import META
from airlock.catalogue._operability import OPERABILITY
from airlock.catalogue._security import SECURITY
from airlock.catalogue._silent import SILENT

__all__ = ["CATEGORIES", "FAILURE_CATEGORIES", "FAMILIES", "Category", "Family", "get"]

FAILURE_CATEGORIES: Mapping[str, Category] = MappingProxyType(
    {c.id: c for c in (*LOAD, *DATABASE, *SECURITY, *DEPENDENCIES, *SILENT, *AI, *OPERABILITY)}
)
"""The 29 failure categories of DESIGN.md, in catalogue order."""

CATEGORIES: Mapping[str, Category] = MappingProxyType({**FAILURE_CATEGORIES, **{c.id: c for c in META}})
"""Failure categories plus airlock's own meta categories (unanalysable input, suppressions)."""

FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(c.family for c in CATEGORIES.values()))


def get(category_id: str) -> Category:
    """The category with this id; ``KeyError`` names the id when it is unknown."""
    try:
        return CATEGORIES[category_id]
    except KeyError:
        raise KeyError(f"unknown category {category_id!r}") from None

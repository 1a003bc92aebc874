"""Deprecated and removed APIs: the versioned table, where code uses it, and library markers.

- :mod:`._model`: an entry (:class:`Deprecation`), the installed versions
  (:class:`Environment`) and :func:`judge`, which joins them into a :class:`Verdict`.
- :mod:`._stdlib` and :mod:`._stack`: the table, standard library by Python version and
  the common third-party stack by distribution version (``TABLE`` is both).
- :mod:`._index`: lookup structures over the table, built once per process (``INDEX``).
- :mod:`._find`: the uses of table entries in one file (with :mod:`._local` for the
  file's own classes and :mod:`._patterns` for shapes the table cannot name).
- :mod:`._library`: deprecations the installed libraries declare themselves (PEP 702
  ``@deprecated``, ``warnings.warn(..., DeprecationWarning)``), read through the griffe
  API index without importing anything.
"""

from __future__ import annotations

from airlock.scan.deprecations._find import find
from airlock.scan.deprecations._index import Index, build_index, canonical, canonical_member
from airlock.scan.deprecations._model import (
    PYTHON,
    Condition,
    Deprecation,
    Environment,
    Kind,
    State,
    Verdict,
    judge,
)
from airlock.scan.deprecations._stack import STACK
from airlock.scan.deprecations._stdlib import STDLIB
from airlock.scan.deprecations._use import Use

__all__ = [
    "INDEX",
    "PYTHON",
    "STACK",
    "STDLIB",
    "TABLE",
    "Condition",
    "Deprecation",
    "Environment",
    "Index",
    "Kind",
    "State",
    "Use",
    "Verdict",
    "build_index",
    "canonical",
    "canonical_member",
    "find",
    "judge",
]

TABLE: tuple[Deprecation, ...] = (*STDLIB, *STACK)
INDEX: Index = build_index(TABLE)

"""The shipped name lists: popular projects on the index, and names AI assistants are known to invent.

Both live in ``airlock/scan/data`` as text files (one PEP 503-normalised name per line,
``#`` starts a comment) and load once per process. ``popular.txt`` is rebuilt by
``scripts/refresh_popular.py`` from a download ranking; ``hallucinated.txt`` is kept by hand,
one sourced entry per name.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

__all__ = ["hallucinated_names", "popular_names", "popular_rank"]

_DATA = Path(__file__).resolve().parent.parent / "data"


def _read(name: str) -> tuple[str, ...]:
    try:
        text = (_DATA / name).read_text(encoding="utf-8")
    except OSError:  # a broken install: rules still run, with less knowledge
        return ()
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(n for n in names if n))


@functools.cache
def _popular() -> dict[str, int]:
    return {name: rank for rank, name in enumerate(_read("popular.txt"), start=1)}


@functools.cache
def popular_names() -> frozenset[str]:
    """The most downloaded projects on the index (normalised names)."""
    return frozenset(_popular())


def popular_rank(name: str) -> int | None:
    """1 for the most downloaded project; ``None`` when the normalised name is not on the list."""
    return _popular().get(name)


@functools.cache
def hallucinated_names() -> Mapping[str, str]:
    """Names AI assistants are documented to invent (normalised) → the source that documents it."""
    try:
        text = (_DATA / "hallucinated.txt").read_text(encoding="utf-8")
    except OSError:
        return {}
    found: dict[str, str] = {}
    for line in text.splitlines():
        name, _, note = line.partition("#")
        if name.strip():
            found[name.strip()] = note.strip()
    return MappingProxyType(found)

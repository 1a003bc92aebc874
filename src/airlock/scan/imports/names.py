"""Names: PEP 503 normalisation, the distributions an import name may come from, edit distance.

Pure functions over strings; nothing here reads a file or the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["closest", "distribution_guesses", "edit_distance", "normalise", "squashed"]

_SEPARATORS = re.compile(r"[-_.]+")


def normalise(name: str) -> str:
    """PEP 503: lower case, runs of ``-``, ``_`` and ``.`` become one ``-`` (``Foo_Bar`` → ``foo-bar``)."""
    return _SEPARATORS.sub("-", name).lower()


def squashed(name: str) -> str:
    """Lower case with every separator removed: ``django-cors-headers`` → ``djangocorsheaders``."""
    return _SEPARATORS.sub("", name).lower()


def distribution_guesses(module: str) -> tuple[str, ...]:
    """Normalised distribution names an import would have if its name follows the usual convention.

    Every dotted prefix counts: ``google.cloud.storage`` → ``google``, ``google-cloud``,
    ``google-cloud-storage``; ``foo_bar`` → ``foo-bar``. Longest first, the likeliest match.
    """
    parts = [p for p in module.split(".") if p]
    guesses = ["-".join(parts[:index]) for index in range(len(parts), 0, -1)]
    return tuple(dict.fromkeys(normalise(g) for g in guesses))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a swap of two neighbours is one edit), capped at ``limit + 1``.

    ``reqeusts`` → ``requests`` is 1. The cap keeps comparing one name against thousands cheap.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def closest(name: str, candidates: Iterable[str], limit: int = 2) -> list[tuple[int, str]]:
    """Candidates within ``limit`` edits of ``name`` (not ``name`` itself), nearest first."""
    found = []
    for candidate in candidates:
        if candidate == name or abs(len(candidate) - len(name)) > limit:
            continue
        distance = edit_distance(name, candidate, limit)
        if distance <= limit:
            found.append((distance, candidate))
    return sorted(found)

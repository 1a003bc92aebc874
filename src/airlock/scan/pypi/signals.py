"""How risky a package name looks, from what the index says about it and from the name alone.

Each signal adds points and carries its reason; the score is their sum, capped at 100.

| signal | points | when |
|---|---:|---|
| ``missing`` | 100 | the index does not know the name |
| ``known-hallucinated`` | 60 | the name is on the shipped list of names AI assistants invent |
| ``near-popular`` | 35 | one or two edits (one for short names) from a popular project it is not |
| ``new`` | 30 | its first release is less than 30 days old |
| ``few-releases`` | 20 | fewer than 3 releases |
| ``blend-of-popular`` | 20 | glued together from two or more popular project names |
| ``placeholder-description`` | 15 | no summary and no description, or a template's text |
| ``no-files`` | 15 | no release has a file to install |

A declared requirement that scores ``SUSPICIOUS`` (50) or more is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from airlock.scan.imports.known import hallucinated_names, popular_names, popular_rank
from airlock.scan.imports.names import closest
from airlock.scan.pypi.client import IndexAnswer

__all__ = ["SUSPICIOUS", "Risk", "Signal", "assess"]

SUSPICIOUS = 50
NEW_DAYS = 30
FEW_RELEASES = 3
_PLACEHOLDERS = re.compile(
    r"^\s*(unknown|none|todo|tbd|test|testing|placeholder|lorem ipsum.*|description|"
    r"(a |my )?(short |long )?description( of| for)?( my| the)?( project| package)?\.?|"
    r"add (a )?(short )?description( here)?\.?|a python package\.?|package description\.?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason a name looks risky."""

    id: str
    points: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "points": self.points, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Risk:
    """A 0 to 100 score and the signals behind it."""

    name: str
    score: int
    signals: tuple[Signal, ...]

    @property
    def summary(self) -> str:
        """``risk 85/100: first release 3 days ago (+30); ...``."""
        return f"risk {self.score}/100: {self.reasons() or 'no risk signal'}"

    def reasons(self, *, leave_out: str = "") -> str:
        """The signals' reasons with their points, ``; ``-separated (one signal id may be left out)."""
        return "; ".join(f"{s.reason} (+{s.points})" for s in self.signals if s.id != leave_out)

    def evidence(self, index: str) -> dict[str, Any]:
        return {
            "package": self.name,
            "index": index,
            "score": self.score,
            "signals": [s.to_dict() for s in self.signals],
        }


def assess(answer: IndexAnswer, now: datetime | None = None) -> Risk:
    """Score one answer from the index (a failed answer scores on the name alone)."""
    now = now or datetime.now(UTC)
    name = answer.name
    signals: list[Signal] = []
    if answer.status == "missing":
        signals.append(Signal("missing", 100, "not on the package index"))
    signals.extend(_name_signals(name))
    project = answer.project
    if project is not None:
        signals.extend(_release_signals(project.releases, now))
        text = (project.summary + "\n" + project.description).strip()
        if not text or (_PLACEHOLDERS.match(project.summary) and len(project.description.strip()) < 80):
            quoted = f" ({project.summary.strip()!r})" if project.summary.strip() else ""
            signals.append(Signal("placeholder-description", 15, f"empty or placeholder description{quoted}"))
    score = min(100, sum(s.points for s in signals))
    return Risk(name, score, tuple(signals))


def _name_signals(name: str) -> list[Signal]:
    found: list[Signal] = []
    notes = hallucinated_names()
    if name in notes:
        found.append(Signal("known-hallucinated", 60, f"a name AI assistants are known to invent ({notes[name]})"))
    if popular_rank(name) is not None:
        return found
    limit = 1 if len(name) <= 5 else 2
    near = [(d, n) for d, n in closest(name, popular_names(), limit) if _differs_beyond_digits(name, n)]
    if near:
        distance, target = min(near, key=lambda pair: (pair[0], popular_rank(pair[1]) or 10**9))
        edits = "1 edit" if distance == 1 else f"{distance} edits"
        found.append(
            Signal("near-popular", 35, f"{edits} from `{target}`, a popular project (#{popular_rank(target)})")
        )
    parts = [p for p in name.split("-") if len(p) >= 3 and p in popular_names()]
    if len(set(parts)) >= 2:
        found.append(Signal("blend-of-popular", 20, "made of popular names " + " + ".join(f"`{p}`" for p in parts)))
    return found


def _differs_beyond_digits(name: str, popular: str) -> bool:
    """Names that differ only in digits are one family's generations (``boto``/``boto3``,
    ``pyqt5``/``pyqt6``), not a squat of each other."""
    return re.sub(r"\d", "", name) != re.sub(r"\d", "", popular)


def _release_signals(releases: dict[str, str | None], now: datetime) -> list[Signal]:
    found: list[Signal] = []
    count = len(releases)
    if count < FEW_RELEASES:
        found.append(Signal("few-releases", 20, f"only {count} release{'s' if count != 1 else ''}"))
    times = sorted(t for t in (_parse(v) for v in releases.values()) if t is not None)
    if releases and not times:
        found.append(Signal("no-files", 15, "no release has a file to install"))
    if times:
        age = (now - times[0]).days
        if age < NEW_DAYS:
            when = "today" if age <= 0 else f"{age} day{'s' if age != 1 else ''} ago"
            found.append(Signal("new", 30, f"first release {when} ({times[0]:%Y-%m-%d})"))
    return found


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

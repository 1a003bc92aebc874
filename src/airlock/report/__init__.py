"""Reporters: each turns a finished ``ScanResult`` into one output format.

The core produces, reporters consume: every reporter is a pure function
``ScanResult -> str`` in its own module, keeps the result's (sorted) order, and writes no
timestamps or machine paths, so the same result always gives the same report. Adding a
format is a new module plus one ``Format`` member and one ``case`` below; no rule changes.
"""

from __future__ import annotations

import enum
from typing import assert_never

from airlock.model import ScanResult

__all__ = ["Format", "render"]


class Format(enum.StrEnum):
    """Output formats of ``--format``; the value is what the user types."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"


def render(result: ScanResult, fmt: Format, *, color: bool = False, width: int = 100) -> str:
    """``result`` in format ``fmt``; ``color`` and ``width`` only affect ``Format.TEXT``."""
    # Each reporter is imported when chosen: rich alone costs a CI job's JSON run 20 ms.
    match fmt:
        case Format.TEXT:
            from airlock.report.text import render_text

            return render_text(result, color=color, width=width)
        case Format.JSON:
            from airlock.report.json_report import render_json

            return render_json(result)
        case Format.SARIF:
            from airlock.report.sarif import render_sarif

            return render_sarif(result)
        case Format.JUNIT:
            from airlock.report.junit import render_junit

            return render_junit(result)
        case _:
            assert_never(fmt)

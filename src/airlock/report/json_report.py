"""The JSON report: the machine-readable interface of DESIGN.md ("Machine-readable output").

Shape: ``{"tool": "airlock", "version": ..., "findings": [...], "summary": {...}}``; each
finding is ``Finding.to_dict()``, in the result's (sorted) order. ``report/schema.json``
is the contract and ``airlock schema`` prints it.
"""

from __future__ import annotations

import json
from typing import Any

from airlock._version import __version__
from airlock.model import ScanResult
from airlock.report._summary import summary

__all__ = ["build_report", "render_json"]


def build_report(result: ScanResult) -> dict[str, Any]:
    """The report as plain data, before serialisation."""
    return {
        "tool": "airlock",
        "version": __version__,
        "findings": [f.to_dict() for f in result.findings],
        "summary": summary(result),
    }


def render_json(result: ScanResult) -> str:
    """Pretty-printed JSON with a final newline; key order is fixed.

    Non-ASCII text is escaped, so a path that is not valid UTF-8 (a lone surrogate after
    ``os.fsdecode``) still gives a report that any stream can carry.
    """
    # Compact on purpose: with an indent, json uses its pure-Python encoder, which costs a
    # warm scan of a large tree more than the scan itself. Pipe through `jq` to read it.
    return json.dumps(build_report(result), ensure_ascii=True, separators=(",", ":")) + "\n"

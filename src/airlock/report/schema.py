"""The JSON Schema (draft 2020-12) of the JSON report, shipped as ``report/schema.json``.

The file is package data, read with ``importlib.resources`` so it works from a wheel, a
zip or a source tree alike. ``airlock schema`` prints :func:`schema_text`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, cast

__all__ = ["load_schema", "schema_text"]

_SCHEMA_FILE = "schema.json"


def schema_text() -> str:
    """The schema exactly as shipped (pretty-printed JSON with a final newline)."""
    return resources.files("airlock.report").joinpath(_SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The schema parsed; a fresh dict on every call, so callers may change it freely."""
    return cast(dict[str, Any], json.loads(schema_text()))

"""The bundled example: the AI-style shop shows every own rule; its fixed twin shows nothing.

Also the acceptance checks that need a real scan: the JSON output validates against the
shipped schema and SARIF against the official 2.1.0 schema, and airlock passes its own gate.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from airlock.cli import main
from airlock.config import resolve_project
from airlock.report import Format, render
from airlock.report.schema import load_schema
from airlock.scan.engine import ScanRequest, run_scan
from airlock.scan.rules import ALL_RULES

REPO = Path(__file__).resolve().parent.parent
SHOP = REPO / "examples" / "shop"
FIXED = REPO / "examples" / "shop-fixed"
SARIF_SCHEMA = Path(__file__).parent / "report" / "sarif-schema-2.1.0.json"


def scan(path: Path) -> object:
    root, config = resolve_project([path])
    return run_scan(ScanRequest(root=root, targets=(path,), config=config))


def test_shop_shows_every_own_rule_and_fixed_shows_nothing() -> None:
    shop = scan(SHOP)
    fired = {f.rule_id for f in shop.findings}  # type: ignore[attr-defined]
    assert {r.meta.id for r in ALL_RULES} <= fired
    fixed = scan(FIXED)
    assert fixed.findings == (), [(f.path, f.line, f.rule_id) for f in fixed.findings]  # type: ignore[attr-defined]


def test_shop_findings_cover_categories_beyond_the_own_rules() -> None:
    categories = {f.category for f in scan(SHOP).findings}  # type: ignore[attr-defined]
    assert {"no-timeout", "no-backoff", "no-fallback", "unsafe-retry", "swallowed-error"} <= categories
    assert {"state-inconsistency", "insecure-config", "injection", "missing-observability"} <= categories


@pytest.mark.parametrize("fmt", [Format.JSON, Format.SARIF])
def test_real_scan_output_validates(fmt: Format) -> None:
    data = json.loads(render(scan(SHOP), fmt))  # type: ignore[arg-type]
    if fmt is Format.JSON:
        jsonschema.Draft202012Validator(load_schema()).validate(data)
    else:
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(data)
        assert all("category" in r["properties"] for r in data["runs"][0]["results"])


def test_airlock_passes_its_own_gate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(REPO / "src"), "-q"]) == 0, capsys.readouterr().out

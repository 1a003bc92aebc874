"""The shipped JSON Schema: valid, packaged, and in step with the catalogue and the model."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from airlock.catalogue import CATEGORIES, FAMILIES, Family
from airlock.model import Confidence, Finding, ScanResult, Severity, Stage
from airlock.report._summary import summary
from airlock.report.schema import load_schema, schema_text


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_ships_as_package_data() -> None:
    shipped = resources.files("airlock.report").joinpath("schema.json")
    assert shipped.is_file()
    assert schema_text() == shipped.read_text(encoding="utf-8")
    assert schema_text().endswith("}\n")
    assert json.loads(schema_text()) == load_schema()


def test_load_schema_returns_a_fresh_copy() -> None:
    load_schema()["$defs"].clear()
    assert load_schema()["$defs"]


def test_category_enum_is_the_catalogue() -> None:
    """The schema cannot drift from the catalogue: a new or renamed id fails here."""
    assert load_schema()["$defs"]["category"]["enum"] == sorted(CATEGORIES)


def test_family_enum_is_the_catalogue() -> None:
    enum = load_schema()["$defs"]["family"]["enum"]
    assert enum == sorted(f.value for f in Family)
    assert set(enum) == {str(f) for f in FAMILIES}


def test_value_enums_follow_the_model() -> None:
    defs = load_schema()["$defs"]
    assert defs["severity"]["enum"] == [s.value for s in Severity]
    assert defs["stage"]["enum"] == [s.value for s in Stage]
    assert defs["confidence"]["enum"] == [c.value for c in Confidence]


def test_finding_properties_cover_to_dict() -> None:
    finding_schema = load_schema()["$defs"]["finding"]
    assert finding_schema["required"] == [
        "rule_id",
        "category",
        "family",
        "severity",
        "stage",
        "path",
        "line",
        "end_line",
        "message",
        "remedy",
    ]
    full = Finding(
        rule_id="r",
        category="no-timeout",
        family="dependencies",
        severity=Severity.LOW,
        path="a.py",
        line=1,
        end_line=1,
        message="m",
        remedy="f",
        endpoint="GET /",
        evidence={"n": 1},
    )
    assert set(full.to_dict()) <= set(finding_schema["properties"])
    assert {"endpoint", "evidence", "reproduce"} <= set(finding_schema["properties"])
    assert finding_schema["properties"]["line"]["minimum"] == 1


def test_summary_properties_match_the_reporter() -> None:
    summary_schema = load_schema()["$defs"]["summary"]
    produced = list(summary(ScanResult(findings=())))
    assert summary_schema["required"] == produced
    assert list(summary_schema["properties"]) == produced

"""SARIF 2.1.0, validated against the official OASIS schema kept beside this file.

``sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 (errata 01) schema, copied unchanged
from the oasis-tcs/sarif-spec repository, ``Schemata/sarif-schema-2.1.0.json`` at commit
0a8091f7d4057e57b6d8d9b56129e5f918747b34. It declares JSON Schema draft-04, so it is
checked with ``Draft4Validator``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from airlock._version import __version__
from airlock.catalogue import get
from airlock.model import Finding, ScanResult, ScanStats, Severity
from airlock.report.sarif import (
    FINGERPRINT_KEY,
    SARIF_SCHEMA_URI,
    artifact_uri,
    level,
    render_sarif,
)

SARIF_SCHEMA_FILE = Path(__file__).with_name("sarif-schema-2.1.0.json")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def _validate(sarif_schema: dict[str, Any], log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(sarif_schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    validator.validate(log)


def _run(result: ScanResult) -> dict[str, Any]:
    log = json.loads(render_sarif(result))
    assert len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


def test_official_schema_copy_is_the_one_expected(sarif_schema: dict[str, Any]) -> None:
    assert sarif_schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert sarif_schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert sarif_schema["id"] == SARIF_SCHEMA_URI
    assert sarif_schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert sarif_schema["required"] == ["version", "runs"]
    assert {"run", "result", "reportingDescriptor", "region", "artifactLocation"} <= set(sarif_schema["definitions"])
    assert len(SARIF_SCHEMA_FILE.read_text(encoding="utf-8")) == 112_768
    jsonschema.Draft4Validator.check_schema(sarif_schema)


@pytest.mark.parametrize("fixture", ["sample_result", "empty_result"])
def test_validates_against_official_schema(
    fixture: str, request: pytest.FixtureRequest, sarif_schema: dict[str, Any]
) -> None:
    result: ScanResult = request.getfixturevalue(fixture)
    log = json.loads(render_sarif(result))
    assert log["$schema"] == SARIF_SCHEMA_URI
    assert log["version"] == "2.1.0"
    _validate(sarif_schema, log)


def test_the_validator_is_not_vacuous(sample_result: ScanResult, sarif_schema: dict[str, Any]) -> None:
    log = json.loads(render_sarif(sample_result))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(sarif_schema, log)


def test_driver_and_invocation(sample_result: ScanResult) -> None:
    run = _run(sample_result)
    driver = run["tool"]["driver"]
    assert driver["name"] == "airlock"
    assert driver["version"] == __version__
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["invocations"][0]["properties"]["summary"]["findings"] == 6


def test_one_rule_per_rule_id_from_the_catalogue(sample_result: ScanResult) -> None:
    run = _run(sample_result)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.rule_id for f in sample_result.findings})
    by_id = {r["id"]: r for r in rules}
    rule = by_id["call-without-timeout"]
    cat = get("no-timeout")
    assert rule["name"] == "CallWithoutTimeout"
    assert rule["shortDescription"]["text"] == cat.title
    assert rule["fullDescription"]["text"] == cat.summary
    assert rule["help"]["text"] == cat.fix
    assert cat.fix in rule["help"]["markdown"]
    assert rule["properties"] == {
        "category": "no-timeout",
        "family": "dependencies",
        "tags": ["dependencies", "no-timeout"],
    }
    assert rule["defaultConfiguration"]["level"] == level(cat.default_severity)
    assert by_id["AIR000"]["properties"]["category"] == "unanalysable"


def test_results_follow_findings(sample_result: ScanResult) -> None:
    run = _run(sample_result)
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f.rule_id for f in sample_result.findings]
    for res, finding in zip(results, sample_result.findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] == level(finding.severity)
        assert res["message"]["text"] == finding.message
        location = res["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": finding.path, "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] == finding.line
        assert location["region"]["endLine"] == finding.end_line
        props = res["properties"]
        assert props["category"] == finding.category
        assert props["family"] == finding.family
        assert props["severity"] == finding.severity.value
        assert props["confidence"] == finding.confidence.value
        assert props["stage"] == finding.stage.value
        assert props["remedy"] == finding.remedy
        if finding.fingerprint:
            assert res["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
        else:
            assert "partialFingerprints" not in res


def test_levels() -> None:
    assert {s: level(s) for s in Severity} == {
        Severity.CRITICAL: "error",
        Severity.HIGH: "error",
        Severity.MEDIUM: "warning",
        Severity.LOW: "note",
        Severity.INFO: "note",
    }


def test_probe_evidence_in_properties(sample_result: ScanResult) -> None:
    results = _run(sample_result)["results"]
    probe = next(r for r in results if r["properties"]["stage"] == "probe")
    assert probe["properties"]["endpoint"] == "GET /orders"
    assert probe["properties"]["evidence"] == {"queries": 101, "rows": 100, "p95_ms": 412.5}
    assert all("endpoint" not in r["properties"] for r in results if r is not probe)


def test_regions(sample_result: ScanResult) -> None:
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in _run(sample_result)["results"]}
    assert regions["call-without-timeout"] == {
        "startLine": 12,
        "startColumn": 5,
        "endLine": 12,
        "endColumn": 31,
    }
    assert regions["sql-string-format"] == {
        "startLine": 7,
        "startColumn": 5,
        "endLine": 9,
        "endColumn": 6,
    }
    # AIR000 and the probe finding have no known end column: the region runs to the line's end
    assert regions["AIR000"] == {"startLine": 3, "startColumn": 1, "endLine": 3}
    assert regions["probe-n-plus-one"] == {"startLine": 40, "startColumn": 1, "endLine": 44}


def test_no_machine_paths(sample_result: ScanResult) -> None:
    text = render_sarif(sample_result)
    run = json.loads(text)["runs"][0]
    assert "originalUriBaseIds" not in run
    assert str(Path.cwd()) not in text
    for res in run["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:"))


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("app/client.py", "app/client.py"),
        ("my app/x.py", "my%20app/x.py"),
        ("c:odd.py", "c%3Aodd.py"),
        ("100%.py", "100%25.py"),
        ("café/ü.py", "caf%C3%A9/%C3%BC.py"),
        ("caf\udce9.py", "caf%E9.py"),
    ],
)
def test_artifact_uri_is_a_relative_reference(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_unknown_category_degrades(sarif_schema: dict[str, Any]) -> None:
    finding = Finding(
        rule_id="plugin-rule",
        category="from-a-newer-version",
        family="load",
        severity=Severity.MEDIUM,
        path="a.py",
        line=1,
        end_line=1,
        message="m",
        remedy="do this",
    )
    log = json.loads(render_sarif(ScanResult(findings=(finding,), stats=ScanStats(files_scanned=1))))
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["help"] == {"text": "do this"}
    _validate(sarif_schema, log)


def test_deterministic(sample_result: ScanResult) -> None:
    assert render_sarif(sample_result) == render_sarif(replace(sample_result))

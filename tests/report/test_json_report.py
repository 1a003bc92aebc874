"""The JSON report: the shape of DESIGN.md, validated against the schema the package ships."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from airlock._version import __version__
from airlock.model import Finding, ScanResult, ScanStats, Severity
from airlock.report.json_report import build_report, render_json
from airlock.report.schema import load_schema


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_top_level_shape(sample_result: ScanResult) -> None:
    data = json.loads(render_json(sample_result))
    assert list(data) == ["tool", "version", "findings", "summary"]
    assert data["tool"] == "airlock"
    assert data["version"] == __version__


def test_findings_are_to_dict_in_result_order(sample_result: ScanResult) -> None:
    data = json.loads(render_json(sample_result))
    assert data["findings"] == [f.to_dict() for f in sample_result.findings]
    probe = next(f for f in data["findings"] if f["stage"] == "probe")
    assert probe["endpoint"] == "GET /orders"
    assert probe["evidence"] == {"queries": 101, "rows": 100, "p95_ms": 412.5}
    assert all("endpoint" not in f for f in data["findings"] if f["stage"] == "scan")


def test_summary_counts(sample_result: ScanResult) -> None:
    summary = json.loads(render_json(sample_result))["summary"]
    assert summary == {
        "files_scanned": 14,
        "files_cached": 9,
        "other_files": 3,
        "findings": 6,
        "blocking": 3,
        "fail_on": "high",
        "by_severity": {"critical": 1, "high": 2, "medium": 1, "low": 1, "info": 1},
        "by_family": {
            "database": 1,
            "security": 1,
            "dependencies": 1,
            "silent": 1,
            "operability": 1,
            "meta": 1,
        },
        "by_category": {
            "n-plus-one": 1,
            "injection": 1,
            "no-timeout": 1,
            "numeric-edge": 1,
            "missing-observability": 1,
            "unanalysable": 1,
        },
        "suppressed": 2,
        "baselined": 1,
        "filtered_by_diff": 0,
        "duration_s": 1.235,
        "ruff_version": "0.15.2",
    }
    assert list(summary["by_severity"]) == ["critical", "high", "medium", "low", "info"]


def test_blocking_follows_fail_on(sample_result: ScanResult) -> None:
    def blocking(fail_on: Severity) -> int:
        return int(build_report(replace(sample_result, fail_on=fail_on))["summary"]["blocking"])

    assert [blocking(s) for s in Severity] == [1, 3, 4, 5, 6]


def test_empty_result(empty_result: ScanResult) -> None:
    data = json.loads(render_json(empty_result))
    assert data["findings"] == []
    summary = data["summary"]
    assert summary["findings"] == summary["blocking"] == 0
    assert summary["by_severity"] == dict.fromkeys(["critical", "high", "medium", "low", "info"], 0)
    assert summary["by_family"] == summary["by_category"] == {}
    assert summary["ruff_version"] is None


@pytest.mark.parametrize("fixture", ["sample_result", "empty_result"])
def test_validates_against_shipped_schema(fixture: str, request: pytest.FixtureRequest) -> None:
    result: ScanResult = request.getfixturevalue(fixture)
    _validator().validate(json.loads(render_json(result)))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("findings", 0, "category"), "not-a-category"),
        (("findings", 0, "family"), "frontend"),
        (("findings", 0, "severity"), "blocker"),
        (("findings", 0, "stage"), "lint"),
        (("findings", 0, "line"), 0),
        (("findings", 0, "path"), "/home/someone/app.py"),
        (("findings", 0, "path"), "app\\client.py"),
        (("findings", 0, "remedy"), ""),
        (("summary", "by_category", "no-timeout"), 0),
        (("summary", "by_severity", "blocker"), 1),
        (("tool",), "other"),
    ],
)
def test_schema_rejects_broken_reports(sample_result: ScanResult, path: tuple[Any, ...], value: object) -> None:
    data = json.loads(render_json(sample_result))
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not _validator().is_valid(data)


def test_schema_requires_the_design_fields(sample_result: ScanResult) -> None:
    data = json.loads(render_json(sample_result))
    del data["findings"][0]["remedy"]
    assert not _validator().is_valid(data)


def test_deterministic_and_newline_terminated(sample_result: ScanResult) -> None:
    first = render_json(sample_result)
    assert first == render_json(sample_result)
    assert first.endswith("}\n")


def test_non_utf8_path_still_serialises() -> None:
    finding = Finding(
        rule_id="AIR000",
        category="unanalysable",
        family="meta",
        severity=Severity.HIGH,
        path="app/caf\udce9.py",  # a Latin-1 file name after os.fsdecode
        line=1,
        end_line=1,
        message="cannot decode",
        remedy="Save the file as UTF-8.",
    )
    text = render_json(ScanResult(findings=(finding,), stats=ScanStats(files_scanned=1)))
    text.encode("utf-8")  # no lone surrogate reaches the stream
    assert json.loads(text)["findings"][0]["path"] == "app/caf\udce9.py"

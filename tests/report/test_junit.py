"""JUnit XML: one failing testcase per category with blocking findings, counts that add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from airlock.model import Finding, ScanResult, ScanStats, Severity
from airlock.report.junit import SCAN_TESTCASE, render_junit

SUITE_ATTRIBUTES = ["name", "tests", "failures", "errors", "skipped", "time"]


def _parse(result: ScanResult) -> ET.Element:
    text = render_junit(result)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def _cases(root: ET.Element) -> list[ET.Element]:
    return root.findall("./testsuite/testcase")


def _check_counts(root: ET.Element) -> None:
    """The common JUnit XSD shape: attributes present, and the numbers match the content."""
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    for element in (root, suites[0]):
        assert list(element.attrib)[: len(SUITE_ATTRIBUTES)] == SUITE_ATTRIBUTES
        cases = _cases(root)
        assert int(element.get("tests", "-1")) == len(cases)
        assert int(element.get("failures", "-1")) == sum(1 for c in cases if c.find("failure") is not None)
        assert element.get("errors") == element.get("skipped") == "0"
        float(element.get("time", "x"))
    for case in _cases(root):
        assert case.get("name")
        assert case.get("classname")
        float(case.get("time", "x"))
        for failure in case.findall("failure"):
            assert failure.get("message")
            assert failure.get("type")


def test_counts_and_shape(sample_result: ScanResult) -> None:
    root = _parse(sample_result)
    _check_counts(root)
    assert root.get("tests") == "6"
    assert root.get("failures") == "3"
    assert root.get("time") == "1.235"


def test_one_testcase_per_category_in_catalogue_order(sample_result: ScanResult) -> None:
    cases = _cases(_parse(sample_result))
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("airlock.database", "n-plus-one"),
        ("airlock.security", "injection"),
        ("airlock.dependencies", "no-timeout"),
        ("airlock.silent", "numeric-edge"),
        ("airlock.operability", "missing-observability"),
        ("airlock.meta", "unanalysable"),
    ]
    assert SCAN_TESTCASE not in [c.get("name") for c in cases]


def test_failures_only_for_blocking_findings(sample_result: ScanResult) -> None:
    cases = {c.get("name"): c for c in _cases(_parse(sample_result))}
    failing = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failing == {"injection", "no-timeout", "unanalysable"}
    failure = cases["no-timeout"].find("failure")
    assert failure is not None
    assert failure.get("type") == "high"
    assert "External call without a timeout" in (failure.get("message") or "")
    lines = (failure.text or "").splitlines()
    assert lines[0] == (
        "app/client.py:12 high call-without-timeout "
        "requests.get() has no timeout: [bold]one hung upstream[/bold] blocks the worker"
    )
    assert lines[1].startswith("    fix: Pass an explicit timeout")
    unanalysable = cases["unanalysable"].find("failure")
    assert unanalysable is not None
    assert (unanalysable.text or "").startswith("app/generated/broken.py:3 high AIR000 syntax error")


def test_non_blocking_findings_go_to_system_out(sample_result: ScanResult) -> None:
    cases = {c.get("name"): c for c in _cases(_parse(sample_result))}
    case = cases["missing-observability"]
    assert case.find("failure") is None
    out = case.find("system-out")
    assert out is not None
    assert (out.text or "").splitlines()[
        0
    ] == "app/client.py:30 low print-instead-of-logging print() in a request handler"


def test_clean_scan_reports_one_passing_testcase(empty_result: ScanResult) -> None:
    root = _parse(empty_result)
    _check_counts(root)
    cases = _cases(root)
    assert [c.get("name") for c in cases] == [SCAN_TESTCASE]
    assert cases[0].find("failure") is None
    assert root.get("failures") == "0"


def test_nothing_blocking_passes_with_details(sample_result: ScanResult) -> None:
    relaxed = replace(sample_result, fail_on=Severity.CRITICAL)
    root = _parse(relaxed)
    _check_counts(root)
    assert root.get("failures") == "1"
    only_low = replace(
        sample_result,
        findings=tuple(f for f in sample_result.findings if not f.severity.at_least(Severity.HIGH)),
    )
    root = _parse(only_low)
    _check_counts(root)
    assert root.get("failures") == "0"
    assert _cases(root)[-1].get("name") == SCAN_TESTCASE
    assert len(_cases(root)) == 4


def test_text_xml_cannot_hold_is_escaped() -> None:
    finding = Finding(
        rule_id="AIR000",
        category="unanalysable",
        family="meta",
        severity=Severity.HIGH,
        path="app/\x1b[2Jevil\udce9.py",
        line=1,
        end_line=1,
        message="NUL byte \x00 in source & <tags>",
        remedy="Remove it.",
    )
    root = _parse(ScanResult(findings=(finding,), stats=ScanStats(files_scanned=1)))
    failure = _cases(root)[0].find("failure")
    assert failure is not None
    assert (failure.text or "").splitlines()[0] == (
        "app/\\x1b[2Jevil\\udce9.py:1 high AIR000 NUL byte \\x00 in source & <tags>"
    )


def test_deterministic(sample_result: ScanResult) -> None:
    assert render_junit(sample_result) == render_junit(sample_result)

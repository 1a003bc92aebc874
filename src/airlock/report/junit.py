"""JUnit XML, for the test-report views of CI systems (GitLab, Jenkins, Azure, CircleCI).

JUnit has tests, not findings, so the mapping is a choice; this one keeps a CI view short
and pointed at what to fix:

- one ``<testsuites>`` holding one ``<testsuite name="airlock">``;
- one ``<testcase classname="airlock.FAMILY" name="CATEGORY">`` per catalogue category
  that has findings, in catalogue order (29 always-green rows would bury the red ones);
- that testcase **fails** only when some of its findings block (severity at or above
  ``fail_on``, the same rule as the exit code): the ``<failure>`` text has one line per
  blocking finding, ``path:line severity rule_id message``, each followed by an indented
  ``fix: remedy`` line; its non-blocking findings go, in the same form, to the
  testcase's ``<system-out>``, so a category with only those passes;
- when nothing blocks, one more passing testcase, ``airlock scan``, so a clean scan still
  reports a test (some CI systems treat an empty report as an error).

Counts follow the common JUnit XSD: ``tests`` = testcases, ``failures`` = failed
testcases, ``errors`` = ``skipped`` = 0. ``time`` is the scan's duration on the suites
and ``airlock scan``, and 0 on per-category testcases (rules run per file, not per
category). Text that XML 1.0 cannot hold (control characters, lone surrogates) is written
as ``\\xNN``/``\\uNNNN`` escapes instead of producing an invalid file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # builds XML only; nothing is parsed here

from airlock._version import __version__
from airlock.catalogue import CATEGORIES
from airlock.model import Finding, ScanResult
from airlock.report._summary import family_order

__all__ = ["SCAN_TESTCASE", "render_junit"]

SCAN_TESTCASE = "airlock scan"
"""Name of the passing testcase added when nothing blocks."""

_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(_escape, text)


def _one_line(text: str) -> str:
    return " ".join(_xml_safe(text).split())


def _lines(findings: list[Finding]) -> str:
    out: list[str] = []
    for f in findings:
        where = f"{_one_line(f.path)}:{f.line}"
        out.append(f"{where} {f.severity.value} {_one_line(f.rule_id)} {_one_line(f.message)}")
        out.append(f"    fix: {_one_line(f.remedy)}")
    return "\n".join(out)


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def render_junit(result: ScanResult) -> str:
    """The JUnit XML document, UTF-8, with an XML declaration and a final newline."""
    by_category: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_category.setdefault(finding.category, []).append(finding)
    category_ids = list(CATEGORIES)

    def order(category: str) -> tuple[tuple[int, str], int, str]:
        family = by_category[category][0].family
        known = category_ids.index(category) if category in category_ids else len(category_ids)
        return family_order(family), known, category

    duration = _seconds(result.stats.duration_s)
    testcases: list[ET.Element] = []
    failures = 0
    for category in sorted(by_category, key=order):
        findings = by_category[category]
        blocking = [f for f in findings if f.severity.at_least(result.fail_on)]
        other = [f for f in findings if not f.severity.at_least(result.fail_on)]
        case = ET.Element(
            "testcase",
            {
                "name": _xml_safe(category),
                "classname": f"airlock.{_xml_safe(findings[0].family)}",
                "time": "0",
            },
        )
        if blocking:
            failures += 1
            cat = CATEGORIES.get(category)
            title = cat.title if cat is not None else category
            worst = max(blocking, key=lambda f: f.severity.rank).severity
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": _one_line(f"{len(blocking)} blocking (>= {result.fail_on.value}): {title}"),
                    "type": worst.value,
                },
            )
            failure.text = _lines(blocking)
        if other:
            ET.SubElement(case, "system-out").text = _lines(other)
        testcases.append(case)
    if not result.blocking:
        testcases.append(ET.Element("testcase", {"name": SCAN_TESTCASE, "classname": "airlock", "time": duration}))

    counts = {
        "tests": str(len(testcases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
        "time": duration,
    }
    root = ET.Element("testsuites", {"name": "airlock", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "airlock", **counts})
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "airlock.version", "value": __version__})
    ET.SubElement(properties, "property", {"name": "airlock.fail_on", "value": result.fail_on.value})
    suite.extend(testcases)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps, IDE viewers).

One run. ``tool.driver.rules`` has one reporting descriptor per rule id that occurs, sorted
by id; its texts come from the catalogue (title, summary, fix) so a dashboard can explain
a result without airlock installed. Each result carries the catalogue category, family,
severity, confidence, stage and remedy in its ``properties`` (DESIGN.md), and the
finding's fingerprint as ``partialFingerprints["airlock/v1"]`` so dashboards track it
across line shifts.

Paths stay relative, against ``%SRCROOT%``. ``originalUriBaseIds`` is left out on purpose:
it would need the absolute path of the scanned root, and reports must not carry machine
paths. ``columnKind`` is left out too: AST rules count columns in UTF-8 bytes and Ruff in
characters, which agree only on ASCII lines.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from airlock._version import __version__
from airlock.catalogue import CATEGORIES, Category
from airlock.model import Finding, ScanResult, Severity
from airlock.report._summary import summary

__all__ = [
    "FINGERPRINT_KEY",
    "SARIF_SCHEMA_URI",
    "SARIF_VERSION",
    "artifact_uri",
    "build_sarif",
    "level",
    "render_sarif",
]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
"""The OASIS standard's own location of the schema (its ``id``)."""
FINGERPRINT_KEY = "airlock/v1"
"""Key of ``partialFingerprints``; a new fingerprint algorithm gets a new version."""
SRCROOT = "%SRCROOT%"

_LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def level(severity: Severity) -> str:
    """The SARIF ``level`` of a severity: critical/high → error, medium → warning, else note."""
    return _LEVELS[severity]


def _rule_name(rule_id: str) -> str:
    """SARIF's readable ``name``: ``call-without-timeout`` → ``CallWithoutTimeout``."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", rule_id) if p]
    return "".join(p[0].upper() + p[1:] for p in parts) or rule_id


def _help_markdown(cat: Category) -> str:
    sections = [
        cat.fix,
        f"**Why it fails in production.** {cat.in_production}",
        f"**Why AI-written code does it.** {cat.why_ai}",
        f"Example:\n\n```\n{cat.example.rstrip()}\n```",
        f"Use instead:\n\n```\n{cat.use_instead.rstrip()}\n```",
    ]
    if cat.references:
        sections.append("References:\n\n" + "\n".join(f"- <{url}>" for url in cat.references))
    return "\n\n".join(sections)


def _descriptor(finding: Finding) -> dict[str, Any]:
    """The reporting descriptor of ``finding``'s rule, from its catalogue category."""
    cat = CATEGORIES.get(finding.category)
    help_: dict[str, str]
    if cat is not None:
        short, full = cat.title, cat.summary
        help_ = {"text": cat.fix, "markdown": _help_markdown(cat)}
        default_level = level(cat.default_severity)
    else:  # a category the catalogue does not know (newer cache, plugin): degrade, don't crash
        short = full = finding.category or finding.rule_id
        help_ = {"text": finding.remedy}
        default_level = level(finding.severity)
    return {
        "id": finding.rule_id,
        "name": _rule_name(finding.rule_id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": help_,
        "defaultConfiguration": {"level": default_level},
        "properties": {
            "category": finding.category,
            "family": finding.family,
            "tags": list(dict.fromkeys([finding.family, finding.category])),
        },
    }


def _region(finding: Finding) -> dict[str, int]:
    start_line = max(finding.line, 1)
    end_line = max(finding.end_line, start_line)
    start_column = max(finding.column, 1)
    region = {"startLine": start_line, "startColumn": start_column, "endLine": end_line}
    # endColumn is the column *after* the region. ``end_column == 1`` is the model's "not
    # known" (an AIR000 finding points at a line): leaving endColumn out makes the region
    # run to the end of endLine, where a written 1 would cut that line off or be empty.
    if finding.end_column > 1 and (end_line > start_line or finding.end_column > start_column):
        region["endColumn"] = finding.end_column
    return region


def artifact_uri(path: str) -> str:
    """``path`` as the relative URI reference SARIF requires: spaces, ``%``, ``#``, ``?``,
    ``:`` and non-ASCII are percent-encoded (UTF-8; a non-UTF-8 file name by its bytes)."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    return quote(raw, safe="/")


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "category": finding.category,
        "family": finding.family,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "stage": finding.stage.value,
        "remedy": finding.remedy,
    }
    if finding.endpoint is not None:
        properties["endpoint"] = finding.endpoint
    if finding.evidence is not None:
        properties["evidence"] = finding.evidence
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.path), "uriBaseId": SRCROOT},
                    "region": _region(finding),
                }
            }
        ],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    result["properties"] = properties
    return result


def build_sarif(result: ScanResult) -> dict[str, Any]:
    """The SARIF log as plain data, before serialisation."""
    first_by_rule: dict[str, Finding] = {}
    for finding in result.findings:
        first_by_rule.setdefault(finding.rule_id, finding)
    rule_ids = sorted(first_by_rule)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "airlock",
                        "version": __version__,
                        "rules": [_descriptor(first_by_rule[r]) for r in rule_ids],
                    }
                },
                "invocations": [{"executionSuccessful": True, "properties": {"summary": summary(result)}}],
                "results": [_result(f, index[f.rule_id]) for f in result.findings],
            }
        ],
    }


def render_sarif(result: ScanResult) -> str:
    """Pretty-printed SARIF JSON with a final newline (non-ASCII escaped, as in the JSON report)."""
    return json.dumps(build_sarif(result), indent=2, ensure_ascii=True) + "\n"

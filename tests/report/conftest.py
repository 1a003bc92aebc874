"""Sample results shared by the reporter tests, built by hand from the real model."""

from __future__ import annotations

import pytest

from airlock.model import Confidence, Finding, ScanResult, ScanStats, Severity, Stage

LONG_REMEDY = (
    "Pass an explicit timeout (connect and read) to every outbound call, e.g. "
    "`requests.get(url, timeout=(3.05, 10))`, or build the client with a default timeout; set "
    "connect and statement timeouts on database drivers and `timeout=` on `subprocess.run`."
)

FINDINGS = (
    Finding(
        rule_id="call-without-timeout",
        category="no-timeout",
        family="dependencies",
        severity=Severity.HIGH,
        path="app/client.py",
        line=12,
        end_line=12,
        column=5,
        end_column=31,
        message="requests.get() has no timeout: [bold]one hung upstream[/bold] blocks the worker",
        remedy=LONG_REMEDY,
        fingerprint="3f1c2a9be0d4",
        snippet="resp = requests.get(url)",
    ),
    Finding(
        rule_id="print-instead-of-logging",
        category="missing-observability",
        family="operability",
        severity=Severity.LOW,
        path="app/client.py",
        line=30,
        end_line=30,
        column=9,
        end_column=22,
        message="print() in a request handler",
        remedy="Use logging.getLogger(__name__) with the request id.",
        confidence=Confidence.MEDIUM,
    ),
    Finding(
        rule_id="sql-string-format",
        category="injection",
        family="security",
        severity=Severity.CRITICAL,
        path="app/db/queries.py",
        line=7,
        end_line=9,
        column=5,
        end_column=6,
        message="SQL built with an f-string from request data",
        remedy="Pass values as bound parameters.",
        fingerprint="aa01",
    ),
    Finding(
        rule_id="AIR000",
        category="unanalysable",
        family="meta",
        severity=Severity.HIGH,
        path="app/generated/broken.py",
        line=3,
        end_line=3,
        message="syntax error: '(' was never closed",
        remedy="Make the file parse: `python -m py_compile app/generated/broken.py`.",
    ),
    Finding(
        rule_id="probe-n-plus-one",
        category="n-plus-one",
        family="database",
        severity=Severity.MEDIUM,
        path="app/views/orders.py",
        line=40,
        end_line=44,
        message="GET /orders ran 101 queries for 100 rows",
        remedy="Load customers with the orders: selectinload(Order.customer).",
        stage=Stage.PROBE,
        confidence=Confidence.HIGH,
        endpoint="GET /orders",
        evidence={"queries": 101, "rows": 100, "p95_ms": 412.5},
    ),
    Finding(
        rule_id="float-money",
        category="numeric-edge",
        family="silent",
        severity=Severity.INFO,
        path="app/views/orders.py",
        line=51,
        end_line=51,
        column=13,
        end_column=40,
        message="money held in a float",
        remedy="Use decimal.Decimal for money.",
        confidence=Confidence.LOW,
    ),
)


@pytest.fixture
def sample_result() -> ScanResult:
    """Six findings: every severity, six families, a probe finding, an AIR000; sorted."""
    return ScanResult(
        findings=tuple(sorted(FINDINGS, key=Finding.sort_key)),
        stats=ScanStats(
            files_scanned=14,
            files_cached=9,
            other_files=3,
            suppressed=2,
            baselined=1,
            filtered_by_diff=0,
            duration_s=1.23456,
            ruff_version="0.15.2",
        ),
        fail_on=Severity.HIGH,
    )


@pytest.fixture
def empty_result() -> ScanResult:
    return ScanResult(findings=(), stats=ScanStats(files_scanned=5, files_cached=5, duration_s=0.04))

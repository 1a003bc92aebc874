"""The human report: grouped, every finding with its fix, a summary line, no ANSI unless asked."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from airlock.model import Finding, ScanResult, ScanStats, Severity
from airlock.report.text import render_text

SUMMARY = (
    "6 findings (3 blocking at >= high) in 14 files (9 from cache) · "
    "by severity: 1 critical, 2 high, 1 medium, 1 low, 1 info · 2 suppressed · 1 baselined · 1.2 s"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_no_ansi_without_color(sample_result: ScanResult) -> None:
    out = render_text(sample_result, color=False)
    assert "\x1b" not in out
    assert out.endswith("\n")


def test_color_is_ansi_and_deterministic(sample_result: ScanResult) -> None:
    out = render_text(sample_result, color=True)
    assert "\x1b[" in out
    assert out == render_text(sample_result, color=True)
    # styling does not change the words
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert _flat(plain) == _flat(render_text(sample_result, color=False))


def test_every_finding_with_path_rule_message_and_fix(sample_result: ScanResult) -> None:
    out = render_text(sample_result)
    flat = _flat(out)
    for f in sample_result.findings:
        assert f"{f.path}:{f.line}:{f.column}" in out
        assert f.rule_id in out
        assert _flat(f.message) in flat
        assert f"fix: {_flat(f.remedy)}" in flat  # long remedies are wrapped, not cut


def test_finding_line_then_indented_fix(sample_result: ScanResult) -> None:
    lines = render_text(sample_result, width=200).splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("app/client.py:12:5"))
    assert re.fullmatch(
        r"app/client\.py:12:5 +HIGH +call-without-timeout +"
        r"requests\.get\(\) has no timeout: .* blocks the worker",
        lines[i],
    )
    assert lines[i + 1].startswith("    fix: Pass an explicit timeout")


def test_long_lines_wrap_under_an_indent(sample_result: ScanResult) -> None:
    lines = render_text(sample_result, width=72).splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("app/client.py:12:5"))
    # the message starts on the finding's line and goes on indented
    assert lines[i].endswith("requests.get() has")
    assert lines[i + 1] == "    no timeout: [bold]one hung upstream[/bold] blocks the worker"
    assert lines[i + 2].startswith("    fix: Pass an explicit timeout")
    # the wrapped remedy stays under its first word
    assert lines[i + 3].startswith("         call, e.g.")
    # only a finding's first line starts at the margin
    finding_starts = [line for line in lines if re.match(r"^app/", line)]
    assert len(finding_starts) == len(sample_result.findings)


def test_grouped_by_family_then_file(sample_result: ScanResult) -> None:
    lines = render_text(sample_result).splitlines()
    headers = [line.split()[0] for line in lines if re.match(r"^[a-z]+ +\d+ findings?$", line)]
    assert headers == ["database", "security", "dependencies", "silent", "operability", "meta"]
    # both app/client.py findings are in different families, so each sits under its own header
    operability = lines.index(next(line for line in lines if line.startswith("operability")))
    assert lines[operability + 1].startswith("app/client.py:30:9")


def test_markup_in_user_text_is_printed_literally(sample_result: ScanResult) -> None:
    for color in (False, True):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", render_text(sample_result, color=color))
        assert "[bold]one hung upstream[/bold]" in _flat(plain)


def test_summary_line(sample_result: ScanResult) -> None:
    out = render_text(sample_result, width=60)
    assert out.splitlines()[-1] == SUMMARY  # one line even when narrower than it


def test_probe_endpoint_and_evidence(sample_result: ScanResult) -> None:
    flat = _flat(render_text(sample_result, width=200))
    assert "GET /orders ran 101 queries for 100 rows [GET /orders]" in flat
    assert "evidence: queries=101, rows=100, p95_ms=412.5" in flat


def test_width_is_respected(sample_result: ScanResult) -> None:
    lines = render_text(sample_result, width=72).splitlines()
    assert all(len(line) <= 72 for line in lines[:-1])
    assert all(line == line.rstrip() for line in lines)


def test_no_findings(empty_result: ScanResult) -> None:
    out = render_text(empty_result)
    assert out.splitlines() == ["No findings in 5 files. (5 from cache · 0.0 s)"]


def test_singular_words() -> None:
    finding = Finding(
        rule_id="float-money",
        category="numeric-edge",
        family="silent",
        severity=Severity.LOW,
        path="a.py",
        line=1,
        end_line=1,
        message="money in a float",
        remedy="Use Decimal.",
    )
    out = render_text(ScanResult(findings=(finding,), stats=ScanStats(files_scanned=1, duration_s=0.25)))
    assert out.splitlines()[-1] == (
        "1 finding (0 blocking at >= high) in 1 file (0 from cache) · by severity: 1 low · 0.2 s"
    )
    assert "silent  1 finding" in out
    assert render_text(ScanResult(findings=(), stats=ScanStats(files_scanned=1))).startswith("No findings in 1 file.")


@pytest.mark.parametrize("bad", ["\x1b[2J", "\x07", "\udce9"])
def test_control_characters_cannot_reach_the_terminal(sample_result: ScanResult, bad: str) -> None:
    first = sample_result.findings[0]
    evil = replace(first, path=f"app/{bad}x.py", message=f"msg {bad} end", remedy=f"fix {bad} it")
    out = render_text(replace(sample_result, findings=(evil,)), color=False)
    assert bad not in out
    out.encode("utf-8")
    assert "\\x1b" in out or "\\x07" in out or "\\udce9" in out

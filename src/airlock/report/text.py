"""The human report: findings grouped by family, then file, each with its fix; a summary line.

::

    dependencies  2 findings
    app/client.py:12:5  HIGH      call-without-timeout  requests.get() without a timeout
        fix: Pass an explicit timeout (connect and read) to every outbound call, e.g.
             `requests.get(url, timeout=(3.05, 10))`, or build the client with a default ...

    3 findings (2 blocking at >= high) in 14 files (9 from cache) · by severity: ... · 0.8 s

Rendered with rich into a string, so the caller decides where it goes. User text (paths,
messages, remedies, evidence) only ever enters rich as ``Text`` objects with markup off,
so ``[bold]`` in a message prints as itself, the same guarantee as ``rich.markup.escape``
without relying on every call site remembering it. Control characters are shown as
``\\xNN`` so a crafted file name or message cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import io
import json
import re

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from airlock.model import Finding, ScanResult, Severity
from airlock.report._summary import SEVERITY_ORDER, by_severity, family_order

__all__ = ["render_text"]

_SEVERITY_STYLE: dict[Severity, str] = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "blue",
    Severity.INFO: "dim",
}
_SEVERITY_WIDTH = max(len(s.value) for s in Severity)
_FIX_INDENT = 4
_MIN_ROOM = 16
"""Below this many columns left after the rule id, the message starts on its own line."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _clean(text: str) -> str:
    """Show control characters and lone surrogates as escapes; keep newlines and tabs."""
    return _CONTROL.sub(_escape, text)


def _clean_line(text: str) -> str:
    """As ``_clean``, for text that must stay on one line (paths, rule ids)."""
    return _CONTROL_OR_NEWLINE.sub(_escape, text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _finding_lines(console: Console, f: Finding) -> tuple[Text, Padding | None]:
    """``path:line:col  SEVERITY  rule_id  message``; a message too long for the line
    continues on indented lines, so only a finding's first line starts at the margin."""
    head = Text()
    head.append(f"{_clean_line(f.path)}:{f.line}:{f.column}", style="bold")
    head.append("  ")
    head.append(f.severity.value.upper().ljust(_SEVERITY_WIDTH), style=_SEVERITY_STYLE[f.severity])
    head.append("  ")
    head.append(_clean_line(f.rule_id), style="cyan")
    head.append("  ")
    message = Text(" ".join(_clean(f.message).split()))
    if f.endpoint is not None:
        message.append(f"  [{_clean_line(f.endpoint)}]", style="magenta")
    room = console.width - head.cell_len
    if message.cell_len <= room:
        return head + message, None
    if room < _MIN_ROOM:
        head.rstrip()
        return head, Padding(message, (0, 0, 0, _FIX_INDENT))
    first = message.wrap(console, room)[0]
    start = len(first.plain)
    while start < len(message.plain) and message.plain[start] == " ":
        start += 1
    return head + first, Padding(message[start:], (0, 0, 0, _FIX_INDENT))


def _details(f: Finding, *, repeat: bool) -> Padding | None:
    """The indented ``fix:`` line (and probe evidence), wrapped under its own start.

    A remedy already shown in this report is not printed again: a file with forty
    ``print`` calls should not carry forty copies of the same paragraph.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    if not repeat:
        grid.add_row(Text("fix:"), Text(_clean(f.remedy).strip()))
    elif not f.evidence:
        return None
    if f.evidence:
        evidence = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in f.evidence.items())
        grid.add_row(Text("evidence:"), Text(_clean(evidence)))
    return Padding(grid, (0, 0, 0, _FIX_INDENT))


def _summary_line(result: ScanResult) -> Text:
    stats = result.stats
    files = f"{_plural(stats.files_scanned, 'file')} ({stats.files_cached} from cache)"
    extras = [
        f"{n} {label}"
        for n, label in (
            (stats.suppressed, "suppressed"),
            (stats.baselined, "baselined"),
            (stats.filtered_by_diff, "outside the diff"),
        )
        if n
    ]
    duration = f"{max(stats.duration_s, 0.0):.1f} s"
    line = Text()
    if not result.findings:
        line.append(f"No findings in {_plural(stats.files_scanned, 'file')}.", style="bold green")
        line.append(
            " (" + " · ".join([f"{stats.files_cached} from cache", *extras, duration]) + ")",
            style="dim",
        )
        return line
    blocking = len(result.blocking)
    counts = by_severity(result.findings)
    severities = ", ".join(f"{counts[s.value]} {s.value}" for s in SEVERITY_ORDER if counts[s.value])
    found = _plural(len(result.findings), "finding")
    line.append(
        f"{found} ({blocking} blocking at >= {result.fail_on.value})",
        style="bold red" if blocking else "bold yellow",
    )
    line.append(f" in {files}")
    line.append(" · by severity: ")
    line.append(severities)
    for part in [*extras, duration]:
        line.append(" · " + part)
    return line


def render_text(result: ScanResult, *, color: bool = False, width: int = 100) -> str:
    """The report as a string; ANSI styles only when ``color`` is true."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if color else None,
        no_color=not color,  # the caller decided (NO_COLOR included): the output follows only it
        width=max(width, 20),
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
    )
    families: dict[str, list[Finding]] = {}
    for finding in result.findings:
        families.setdefault(finding.family, []).append(finding)
    shown_remedies: set[str] = set()
    for family in sorted(families, key=family_order):
        findings = families[family]
        header = Text()
        header.append(_clean_line(family), style="bold underline")
        header.append(f"  {_plural(len(findings), 'finding')}", style="dim")
        console.print(header)
        previous_path: str | None = None
        for finding in findings:
            repeat = finding.remedy in shown_remedies
            shown_remedies.add(finding.remedy)
            if previous_path is not None and finding.path != previous_path:
                console.print()
            previous_path = finding.path
            line, more = _finding_lines(console, finding)
            console.print(line)
            if more is not None:
                console.print(more)
            details = _details(finding, repeat=repeat)
            if details is not None:
                console.print(details)
        console.print()
    # the summary stays on one line whatever the width: CI logs grep it
    console.print(_summary_line(result), soft_wrap=True)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())

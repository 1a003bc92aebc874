"""``airlock scan``, ``explain``, ``rules`` and ``schema``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from airlock import catalogue
from airlock.cli._io import EXIT_BLOCKING, EXIT_OK
from airlock.cli._io import err as _err
from airlock.cli._io import out as _out
from airlock.config import resolve_project
from airlock.model import Severity
from airlock.report import Format, render
from airlock.report.schema import schema_text
from airlock.scan.baseline import write_baseline
from airlock.scan.engine import ScanRequest, run_scan
from airlock.scan.explain import explain, list_rules

__all__ = ["add_parsers"]


def add_parsers(commands: Any) -> None:

    scan = commands.add_parser("scan", help="static analysis of Python files and project context")
    scan.add_argument("paths", nargs="*", type=Path, default=[Path(".")], metavar="PATH")
    scan.add_argument("--format", "-f", choices=[f.value for f in Format], default=Format.TEXT.value)
    scan.add_argument("--output", "-o", type=Path, help="write the report to FILE instead of stdout")
    scan.add_argument("--fail-on", choices=[s.value for s in Severity], help="lowest severity that blocks (exit 1)")
    scan.add_argument("--config", type=Path, help="airlock.toml or pyproject.toml to use")
    scan.add_argument("--no-cache", action="store_true", help="analyse every file afresh")
    scan.add_argument("--jobs", "-j", type=int, help="worker processes (default: CPU count)")
    scan.add_argument("--baseline", type=Path, help="hide findings recorded in this baseline file")
    scan.add_argument("--write-baseline", type=Path, metavar="FILE", help="record current findings as accepted")
    scan.add_argument("--diff", metavar="REF", help="report only findings on lines changed since git REF")
    scan.add_argument(
        "--show-unused-suppressions", action="store_true", help="report ignore comments that match nothing"
    )
    scan.add_argument("--no-ruff", action="store_true", help="skip Ruff's rules")
    scan.add_argument(
        "--online", action="store_true", help="ask the package index about imported and declared packages"
    )
    scan.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    scan.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    scan.set_defaults(handler=_scan)

    explain_cmd = commands.add_parser("explain", help="what a category or rule means, and the fix")
    explain_cmd.add_argument(
        "name", nargs="?", help="category id (no-timeout) or rule id (call-without-timeout, ruff:S113)"
    )
    explain_cmd.add_argument("--list", action="store_true", help="list every category")

    explain_cmd.set_defaults(handler=_explain)
    commands.add_parser("rules", help="list airlock's rules and the Ruff codes it runs").set_defaults(handler=_rules)
    commands.add_parser("schema", help="print the JSON Schema of --format json").set_defaults(handler=_schema)


def _rules(_args: argparse.Namespace) -> int:
    _out(list_rules())
    return EXIT_OK


def _schema(_args: argparse.Namespace) -> int:
    _out(schema_text())
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        _out("\n".join(f"{c.family.value:13} {c.id:24} {c.title}" for c in catalogue.CATEGORIES.values()))
    else:
        _out(explain(args.name))
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    root, config = resolve_project(args.paths, args.config)
    if args.fail_on:
        config = replace(config, fail_on=Severity(args.fail_on))
    if args.no_ruff:
        config = replace(config, ruff=False)
    request = ScanRequest(
        root=root,
        targets=tuple(args.paths),
        config=config,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        baseline=args.baseline,
        diff_ref=args.diff,
        report_unused_suppressions=args.show_unused_suppressions,
        online=args.online or config.online,
    )
    from airlock._terminal import terminal_progress  # rich, only for a run that may show it

    with terminal_progress(enabled=not args.quiet) as progress:
        result = run_scan(request, progress)
    if args.write_baseline:
        count = write_baseline(args.write_baseline, result.findings)
        _err(f"airlock: wrote {count} findings to baseline {args.write_baseline}")
        return EXIT_OK
    fmt = Format(args.format)
    to_terminal = args.output is None and sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and to_terminal and fmt is Format.TEXT)
    text = render(result, fmt, color=color)
    if args.output:
        args.output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_BLOCKING if result.blocking else EXIT_OK

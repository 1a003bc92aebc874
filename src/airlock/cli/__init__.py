"""The command line: parse, call, print. Exit codes: 0 clean or pass, 1 blocking findings or a
failed gate, 2 a usage or internal error."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from airlock._version import __version__
from airlock.cli._io import EXIT_ERROR, err
from airlock.cli._scan import add_parsers as add_scan_parsers
from airlock.cli._workflow import add_parsers as add_workflow_parsers
from airlock.errors import AirlockError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="airlock",
        description="Quarantine for AI-written code: find what breaks in production before it merges.",
    )
    parser.add_argument("--version", action="version", version=f"airlock {__version__}")
    parser.add_argument("-C", dest="chdir", metavar="DIR", help="run as if started in DIR")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_scan_parsers(commands)
    add_workflow_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.chdir:
            os.chdir(args.chdir)
        return int(args.handler(args))
    except AirlockError as exc:
        err(f"airlock: error: {exc}")
        if exc.hint:
            err(f"hint: {exc.hint}")
        return EXIT_ERROR
    except OSError as exc:
        err(f"airlock: error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("airlock: interrupted")
        return EXIT_ERROR

"""The review screen in a terminal: each changed file's diff with its findings inline, then
the reviewer's explain-back; each blocking finding is acknowledged as fixed or disputed.

Plain prompts on stdin, so it works in any terminal and under ``tmux``/``expect`` alike.
"""

from __future__ import annotations

import sys

from airlock.cli._io import err, out
from airlock.errors import WorkflowError
from airlock.workflow.review import Answers, ReviewMaterial

__all__ = ["ask_answers"]


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise WorkflowError("review needs answers: stdin closed", hint="use --answers FILE in scripts") from None


def _ask_block(prompt: str) -> str:
    """Lines until an empty line."""
    out(prompt + " (end with an empty line)")
    lines: list[str] = []
    while True:
        line = _ask("> ")
        if not line.strip():
            return "\n".join(lines)
        lines.append(line)


def ask_answers(material: ReviewMaterial, reviewer: str) -> Answers:
    if not sys.stdin.isatty():
        raise WorkflowError("review needs a terminal", hint="use --answers FILE in scripts and CI")
    who = _ask(f"reviewer [{reviewer}]: ").strip() or reviewer
    explanations: dict[str, str] = {}
    disputes: dict[str, str] = {}
    for index, item in enumerate(material.files, start=1):
        out(f"\n=== {index}/{len(material.files)}  {item.path}")
        by_line = {f.line: f for f in item.findings}
        new_line = 0
        for row in item.diff.splitlines():
            out(row)
            if row.startswith("@@"):
                try:
                    new_line = int(row.split("+")[1].split(",")[0].split(" ")[0]) - 1
                except (IndexError, ValueError):
                    new_line = 0
            elif not row.startswith("-"):
                new_line += 1
                finding = by_line.get(new_line)
                if finding is not None:
                    out(f"    ^^ {finding.severity.value} {finding.rule_id}: {finding.message} [{finding.fingerprint}]")
        explanations[item.path] = _ask_block("What does this file do, and why is it safe in production?")
    for finding in material.blocking:
        out(f"\nblocking: {finding.path}:{finding.line} {finding.rule_id}: {finding.message}")
        choice = _ask("fixed or disputed? [f/d]: ").strip().lower()
        if choice.startswith("d"):
            disputes[finding.fingerprint] = _ask_block("Why is this not a problem?")
        else:
            err("  noted as fixed: the gate checks that it is gone")
    return Answers(who, explanations, disputes)

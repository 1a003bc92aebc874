"""Analyse one Python file: decode, parse once, run every rule, turn hits into findings.

This is the unit of work a scan worker runs and the unit the cache stores. It never
raises on its input: a file that cannot be decoded, parsed or read becomes an
``AIR000`` finding, and a rule that crashes becomes an ``AIR000`` finding naming the rule.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from collections.abc import Iterable, Sequence

from airlock import catalogue
from airlock.model import Confidence, Finding, Severity
from airlock.scan.context import FileContext
from airlock.scan.project import ProjectContext
from airlock.scan.rules.base import Hit, Rule

__all__ = ["UNANALYSABLE_RULE", "analyse_source", "decode_source", "unanalysable"]

UNANALYSABLE_RULE = "AIR000"


def decode_source(data: bytes) -> str:
    """Decode as Python does (PEP 263 cookie or UTF-8); raises ``SyntaxError``/``UnicodeDecodeError``."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def unanalysable(path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    """The finding for input airlock could not analyse: the scan goes on without it."""
    cat = catalogue.get("unanalysable")
    return Finding(
        rule_id=UNANALYSABLE_RULE,
        category=cat.id,
        family=cat.family.value,
        severity=cat.default_severity,
        path=path,
        line=max(line, 1),
        end_line=max(line, 1),
        column=max(column, 1),
        end_column=max(column, 1),
        message=message,
        remedy=cat.fix,
    )


def analyse_source(
    path: str, data: bytes, rules: Sequence[Rule], project: ProjectContext | None = None
) -> list[Finding]:
    """Findings of ``rules`` on one file's bytes (unsuppressed, without fingerprints)."""
    try:
        text = decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return [unanalysable(path, f"cannot decode: {exc}")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not ours to report
            tree = ast.parse(text, filename=path, type_comments=False)
    except SyntaxError as exc:
        return [unanalysable(path, f"does not parse: {exc.msg}", exc.lineno or 1, exc.offset or 1)]
    except (ValueError, RecursionError, MemoryError) as exc:
        return [unanalysable(path, f"does not parse: {type(exc).__name__}: {exc}")]
    ctx = FileContext(path, text, tree, project)
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(_to_findings(ctx, rule, rule.check(ctx)))
        except RecursionError:
            findings.append(unanalysable(path, f"rule {rule.meta.id} gave up: nesting too deep"))
        except Exception as exc:  # noqa: BLE001  # airlock: ignore[swallowed-error] reported as an AIR000 finding naming the rule
            findings.append(unanalysable(path, f"rule {rule.meta.id} failed: {type(exc).__name__}: {exc}"))
    return findings


def _to_findings(ctx: FileContext, rule: Rule, hits: Iterable[Hit]) -> Iterable[Finding]:
    meta = rule.meta
    cat = catalogue.get(meta.category)
    for hit in hits:
        node = hit.node
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        column = _chars(ctx.line_text(line), getattr(node, "col_offset", 0)) + 1
        end_column = _chars(ctx.line_text(end_line), getattr(node, "end_col_offset", None) or 0) + 1
        severity: Severity = hit.severity or meta.severity or cat.default_severity
        confidence: Confidence = hit.confidence or meta.confidence
        yield Finding(
            rule_id=meta.id,
            category=cat.id,
            family=cat.family.value,
            severity=severity,
            path=ctx.path,
            line=line,
            end_line=end_line,
            column=column,
            end_column=end_column,
            message=hit.message,
            remedy=hit.remedy or cat.fix,
            confidence=confidence,
            snippet=ctx.line_text(line).strip(),
        )


def _chars(text: str, byte_offset: int) -> int:
    """The AST counts columns in UTF-8 bytes; reports count characters."""
    if text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))

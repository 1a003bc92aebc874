"""Score airlock's AI-specific checks against the labelled corpus in ``bench/corpus/ai``.

Run it from anywhere::

    .venv/bin/python bench/ai_checks.py            # scan, score, print, write bench/results/ai_checks.*
    .venv/bin/python bench/ai_checks.py --labels   # only count the labels
    .venv/bin/python bench/ai_checks.py --check    # exit 1 when a category misses a bar
    .venv/bin/python bench/ai_checks.py --findings scan.json   # score a saved JSON report

The corpus is a small project with its own ``pyproject.toml``, so it is scanned as its own
project root: ``airlock scan bench/corpus/ai --format json --no-cache``. Its labels are
end-of-line comments (``bench/corpus/ai/README.md`` has the rules):

- ``# expect: <category>``: one mistake, which must produce a finding of that category;
- ``# expect[<group>]: <category>``: the lines sharing a group are one mistake, found by a
  finding on any of them;
- ``# expect: <category>|<other>``: a mistake that fits both categories (a removed API is
  both missing and deprecated); it counts under the first, and a finding of either finds it;
- ``# ok: <category>``: a trap, correct code that must produce no finding of that category.

A label covers the statement that starts on its line (a compound statement's header). For
each of the four categories: a mistake with a finding of that category is a true positive,
one without is a false negative, and every finding of that category on an unlabelled line
(or a trap) is a false positive. Findings are counted per (file, line). Precision is TP /
(TP + FP), recall is TP / (TP + FN); the bars are issue 5's (>= 0.95 and >= 0.90).

This is a measurement: the exit code is 0 whatever the scores, 1 with ``--check`` when a
bar is missed, and 2 when the scan itself fails or the corpus cannot be read.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import io
import json
import platform
import re
import subprocess
import sys
import time
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus" / "ai"
RESULTS = BENCH / "results"

CATEGORIES = ("hallucinated-package", "undeclared-dependency", "hallucinated-api", "deprecated-api")
PRECISION_BAR = 0.95
RECALL_BAR = 0.90
MIN_MISTAKES = 40
MIN_CORRECT_USES = 100

PYTHON_LABELLED = (3, 11)
"""The labels follow this Python's standard library (3.12 deprecations are traps here)."""

LABELLED_AGAINST = {
    "requests": "2.34.2",
    "httpx": "0.28.1",
    "urllib3": "2.8.0",
    "SQLAlchemy": "2.1.9",
    "pydantic": "2.14.4",
    "pydantic-settings": "2.16.3",
    "rich": "15.0.0",
    "click": "8.4.2",
    "PyYAML": "6.0.4",
    "jsonschema": "4.25.1",
    "python-dotenv": "1.2.4",
    "PyJWT": "2.15.1",
    "structlog": "26.1.0",
    "psycopg": "3.3.9",
}
"""Distributions whose API the labels describe, at the versions the labels were checked on."""

MUST_BE_INSTALLED = (
    "alembic", "anyio", "asgiref", "attrs", "boltons", "certifi", "charset-normalizer",
    "colorama", "cryptography", "Django", "exceptiongroup", "glom", "h11", "httpcore", "idna",
    "jsonschema-specifications", "Mako", "markdown-it-py", "MarkupSafe", "mdurl",
    "opentelemetry-api", "packaging", "pathspec", "peewee", "pluggy", "psutil", "pydantic_core",
    "annotated-types", "Pygments", "pytest", "pytest-xdist", "referencing", "rpds-py",
    "semantic-version", "sqlparse", "sse-starlette", "starlette", "tomli", "typing_extensions",
    "typing-inspection", "uvicorn", "wrapt",
)  # fmt: skip
"""Undeclared in the corpus and imported by it: each must be installed for its label to hold."""

_CAT = r"[a-z][a-z-]*(?:\|[a-z][a-z-]*)*"
_LABEL = re.compile(rf"\b(?P<kind>expect|ok)(?:\[(?P<group>[\w.-]+)\])?:\s*(?P<cats>{_CAT}(?:\s*,\s*{_CAT})*)")


@dataclass(frozen=True, slots=True)
class Label:
    """One category named by one label comment."""

    path: str
    """The file, relative to the corpus root, ``/``-separated."""
    line: int
    """The line the comment ends."""
    kind: str
    """``expect`` or ``ok``."""
    category: str
    """One of ``CATEGORIES``: where the label is counted."""
    alternatives: tuple[str, ...]
    """Other categories whose finding also finds this mistake (``expect: a|b``)."""
    group: str | None
    """The ``[group]`` of an ``expect``, joining lines into one mistake."""
    span: tuple[int, int]
    """First and last line covered: the statement (or compound header) starting on ``line``."""


@dataclass(slots=True)
class Corpus:
    """Every label of the corpus, and what was wrong with the files."""

    labels: list[Label] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)

    def mistakes(self, category: str) -> dict[tuple[str, str], list[Label]]:
        """The expected mistakes of a category: (path, group or line) → its labels."""
        out: dict[tuple[str, str], list[Label]] = {}
        for label in self.labels:
            if label.kind == "expect" and label.category == category:
                key = (label.path, f"[{label.group}]" if label.group else str(label.line))
                out.setdefault(key, []).append(label)
        return out

    def accepted(self, category: str) -> list[Label]:
        """``expect`` labels that a finding of ``category`` finds (not false positives)."""
        return [lb for lb in self.labels if lb.kind == "expect" and category in (lb.category, *lb.alternatives)]

    def traps(self, category: str) -> list[Label]:
        return [lb for lb in self.labels if lb.kind == "ok" and lb.category == category]

    def correct_uses(self) -> int:
        """Lines with at least one ``ok`` label."""
        return len({(lb.path, lb.line) for lb in self.labels if lb.kind == "ok"})

    def text(self, path: str, line: int) -> str:
        lines = self.sources.get(path, [])
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _spans(tree: ast.AST) -> dict[int, int]:
    """Line → last line of the statements starting there (only the header of compound ones)."""
    ends: dict[int, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.AST):
            end = max(node.lineno, body[0].lineno - 1)
        else:
            end = node.end_lineno or node.lineno
        ends[node.lineno] = max(ends.get(node.lineno, node.lineno), end)
    return ends


def read_file_labels(path: Path, rel: str, corpus: Corpus) -> None:
    """Parse one corpus file and add its labels (or its errors) to ``corpus``."""
    source = path.read_text(encoding="utf-8")
    corpus.files.append(rel)
    corpus.sources[rel] = source.splitlines()
    try:
        tree = ast.parse(source, filename=rel)
    except SyntaxError as exc:
        corpus.errors.append(f"{rel}:{exc.lineno}: does not parse: {exc.msg}")
        return
    spans = _spans(tree)
    seen: set[tuple[int, str]] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        line = token.start[0]
        for match in _LABEL.finditer(token.string):
            for token_cats in (c.strip() for c in match["cats"].split(",")):
                category, *alternatives = token_cats.split("|")
                unknown = [c for c in (category, *alternatives) if c not in CATEGORIES]
                if unknown:
                    corpus.errors.append(f"{rel}:{line}: unknown category {unknown[0]!r} in {match.group(0)!r}")
                    continue
                if alternatives and match["kind"] != "expect":
                    corpus.errors.append(f"{rel}:{line}: alternatives (a|b) are for expect labels only")
                    continue
                if (line, category) in seen:
                    corpus.errors.append(f"{rel}:{line}: {category} labelled twice on one line")
                    continue
                seen.add((line, category))
                span = (line, spans.get(line, line))
                corpus.labels.append(
                    Label(rel, line, match["kind"], category, tuple(alternatives), match["group"], span)
                )


def read_corpus(root: Path = CORPUS) -> Corpus:
    corpus = Corpus()
    for path in sorted(root.rglob("*.py")):
        read_file_labels(path, path.relative_to(root).as_posix(), corpus)
    return corpus


def label_counts(corpus: Corpus) -> dict[str, dict[str, int]]:
    return {
        c: {
            "mistakes": len(corpus.mistakes(c)),
            "expect_lines": sum(len(v) for v in corpus.mistakes(c).values()),
            "traps": len(corpus.traps(c)),
        }
        for c in CATEGORIES
    }


# --- scanning and scoring ------------------------------------------------------------------


def run_scan(root: Path = CORPUS) -> tuple[dict[str, Any], list[str], float]:
    """Run ``airlock scan ROOT --format json --no-cache``; the report, the command, the wall time."""
    command = [sys.executable, "-m", "airlock", "scan", str(root), "--format", "json", "--no-cache", "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"airlock scan exited {done.returncode}:\n{done.stderr.strip()}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"airlock scan printed no JSON ({exc}):\n{done.stdout[:2000]}") from exc
    return report, command, elapsed


def _covers(labels: list[Label], path: str, line: int) -> bool:
    return any(lb.path == path and lb.span[0] <= line <= lb.span[1] for lb in labels)


def score(corpus: Corpus, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """Per category: counts, precision, recall, and every false negative and false positive."""
    out: dict[str, Any] = {}
    for category in CATEGORIES:
        mine = [f for f in findings if f.get("category") == category]
        mistakes = corpus.mistakes(category)
        accepted = corpus.accepted(category)
        traps = corpus.traps(category)
        tp = 0
        false_negatives = []
        for (path, _key), labels in sorted(mistakes.items(), key=lambda kv: (kv[0][0], min(lb.line for lb in kv[1]))):
            finders = {category, *labels[0].alternatives}
            if any(f.get("category") in finders and _covers(labels, f["path"], int(f["line"])) for f in findings):
                tp += 1
                continue
            first = min(labels, key=lambda lb: lb.line)
            others = [
                f"{f['rule_id']} ({f['category']})" for f in findings if _covers(labels, f["path"], int(f["line"]))
            ]
            false_negatives.append(
                {
                    "path": path,
                    "lines": sorted(lb.line for lb in labels),
                    "group": first.group,
                    "alternatives": list(first.alternatives),
                    "source": corpus.text(path, first.line),
                    "other_findings": sorted(set(others)),
                }
            )
        false_positives: dict[tuple[str, int], dict[str, Any]] = {}
        for f in sorted(mine, key=lambda f: (f["path"], int(f["line"]), f["rule_id"])):
            path, line = f["path"], int(f["line"])
            if _covers(accepted, path, line):
                continue
            entry = false_positives.setdefault(
                (path, line),
                {
                    "path": path,
                    "line": line,
                    "trap": _covers(traps, path, line),
                    "source": corpus.text(path, line),
                    "findings": [],
                },
            )
            entry["findings"].append({"rule_id": f["rule_id"], "message": f.get("message", "")})
        fp = len(false_positives)
        traps_hit = sum(1 for trap in traps if any(_covers([trap], f["path"], int(f["line"])) for f in mine))
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / len(mistakes) if mistakes else None
        out[category] = {
            "mistakes": len(mistakes),
            "traps": len(traps),
            "tp": tp,
            "fn": len(mistakes) - tp,
            "fp": fp,
            "traps_hit": traps_hit,
            "precision": precision,
            "recall": recall,
            "pass": precision is not None
            and recall is not None
            and precision >= PRECISION_BAR
            and recall >= RECALL_BAR,
            "false_negatives": false_negatives,
            "false_positives": list(false_positives.values()),
        }
    return out


def environment(report: dict[str, Any] | None) -> dict[str, Any]:
    """Versions in use, and every difference from what the labels were checked against."""
    warnings = []
    if sys.version_info[:2] != PYTHON_LABELLED:
        want = ".".join(map(str, PYTHON_LABELLED))
        warnings.append(f"Python {platform.python_version()} runs; the labels follow Python {want}")
    versions: dict[str, str | None] = {}
    for dist, want in LABELLED_AGAINST.items():
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
        if versions[dist] is None:
            warnings.append(f"{dist} is not installed; its labels assume {want}")
        elif versions[dist] != want:
            warnings.append(f"{dist} {versions[dist]} is installed; its labels were checked on {want}")
    for dist in MUST_BE_INSTALLED:
        try:
            importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            warnings.append(f"{dist} is not installed; its imports are labelled undeclared-dependency")
    return {
        "python": platform.python_version(),
        "airlock": (report or {}).get("version"),
        "ruff": ((report or {}).get("summary") or {}).get("ruff_version"),
        "libraries": versions,
        "warnings": warnings,
    }


# --- output --------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def table(scores: dict[str, Any]) -> list[str]:
    head = "| category | mistakes | traps | TP | FN | FP | traps hit | precision | recall | bar |"
    rows = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for category, s in scores.items():
        rows.append(
            f"| {category} | {s['mistakes']} | {s['traps']} | {s['tp']} | {s['fn']} | {s['fp']} | "
            f"{s['traps_hit']} | {_ratio(s['precision'])} | {_ratio(s['recall'])} | "
            f"{'PASS' if s['pass'] else 'FAIL'} |"
        )
    return rows


def markdown(result: dict[str, Any]) -> str:
    env = result["environment"]
    lines = [
        "# AI-specific checks on the labelled corpus",
        "",
        f"Command: `{result['command_display']}` (scan: `{' '.join(result['scan_command_display'])}`)",
        "",
        f"Run: {result['date']}; Python {env['python']}, airlock {env['airlock']}, Ruff {env['ruff']}; "
        f"scan wall time {result['scan_seconds']:.2f} s; {result['files']} files.",
        f"Bars: precision >= {PRECISION_BAR}, recall >= {RECALL_BAR} for every category.",
        "",
        *table(result["scores"]),
        "",
    ]
    if env["warnings"]:
        lines += ["## Environment differences", "", *(f"- {w}" for w in env["warnings"]), ""]
    for category, s in result["scores"].items():
        if s["false_negatives"]:
            lines += [f"## False negatives: {category} ({len(s['false_negatives'])})", ""]
            for fn in s["false_negatives"]:
                where = f"{fn['path']}:{','.join(map(str, fn['lines']))}"
                other = f" (other findings here: {', '.join(fn['other_findings'])})" if fn["other_findings"] else ""
                also = f" (a finding of {' or '.join(fn['alternatives'])} also counts)" if fn["alternatives"] else ""
                lines.append(f"- `{where}` `{fn['source']}`{also}{other}")
            lines.append("")
        if s["false_positives"]:
            lines += [f"## False positives: {category} ({len(s['false_positives'])})", ""]
            for fp in s["false_positives"]:
                rules = "; ".join(f"{f['rule_id']}: {f['message']}" for f in fp["findings"])
                trap = " (a trap)" if fp["trap"] else ""
                lines.append(f"- `{fp['path']}:{fp['line']}`{trap} `{fp['source']}`: {rules}")
            lines.append("")
    return "\n".join(lines)


def print_labels(corpus: Corpus) -> None:
    counts = label_counts(corpus)
    print(f"{'category':<24}{'mistakes':>10}{'expect lines':>14}{'traps (ok)':>12}")
    for category, c in counts.items():
        print(f"{category:<24}{c['mistakes']:>10}{c['expect_lines']:>14}{c['traps']:>12}")
    print(f"correct uses (lines with an ok label): {corpus.correct_uses()}; files: {len(corpus.files)}")
    print(f"required: >= {MIN_MISTAKES} mistakes per category, >= {MIN_CORRECT_USES} correct uses")
    for error in corpus.errors:
        print(f"error: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score airlock's AI checks on bench/corpus/ai.")
    parser.add_argument("--labels", action="store_true", help="only print the label counts")
    parser.add_argument("--check", action="store_true", help="exit 1 when a category misses a bar")
    parser.add_argument("--findings", type=Path, help="score this saved `airlock scan --format json` report")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/ai_checks.*")
    args = parser.parse_args(argv)

    corpus = read_corpus()
    if args.labels:
        print_labels(corpus)
        return 2 if corpus.errors else 0
    if corpus.errors:
        print_labels(corpus)
        return 2
    try:
        if args.findings:
            report, command, seconds = json.loads(args.findings.read_text(encoding="utf-8")), [], 0.0
        else:
            report, command, seconds = run_scan()
    except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    scores = score(corpus, report.get("findings", []))
    display = ["airlock", *command[3:]] if command else ["(saved report)", str(args.findings)]
    display = [a.replace(str(ROOT) + "/", "") for a in display]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command_display": " ".join(["python bench/ai_checks.py", *(argv if argv is not None else sys.argv[1:])]),
        "scan_command_display": display,
        "scan_seconds": seconds,
        "files": len(corpus.files),
        "labels": label_counts(corpus),
        "correct_uses": corpus.correct_uses(),
        "environment": environment(report),
        "scores": scores,
    }
    print("\n".join(table(scores)))
    for warning in result["environment"]["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "ai_checks.md").write_text(markdown(result) + "\n", encoding="utf-8")
        (RESULTS / "ai_checks.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"details (every false negative and false positive): {RESULTS.relative_to(ROOT)}/ai_checks.md")
    if args.check and not all(s["pass"] for s in scores.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

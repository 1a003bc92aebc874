"""The labelled corpus of bench/ai_checks.py: it parses, its labels are valid and big enough.

These tests need no AI check to exist: they read the corpus and score hand-made reports,
so they pass whatever airlock finds today. The real measurement is `bench/ai_checks.py`.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "bench" / "corpus" / "ai"


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ai_checks", ROOT / "bench" / "ai_checks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ai_checks"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ai_checks = _load_scorer()


@pytest.fixture(scope="module")
def corpus() -> ai_checks.Corpus:
    return ai_checks.read_corpus(CORPUS)


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.py")), ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_every_corpus_file_parses(path: Path) -> None:
    ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_labels_are_valid(corpus: ai_checks.Corpus) -> None:
    assert corpus.errors == []
    assert {label.category for label in corpus.labels} == set(ai_checks.CATEGORIES)


@pytest.mark.parametrize("category", ai_checks.CATEGORIES)
def test_enough_mistakes_and_traps_per_category(corpus: ai_checks.Corpus, category: str) -> None:
    assert len(corpus.mistakes(category)) >= ai_checks.MIN_MISTAKES
    assert len(corpus.traps(category)) >= 20


def test_enough_correct_uses(corpus: ai_checks.Corpus) -> None:
    assert corpus.correct_uses() >= ai_checks.MIN_CORRECT_USES


def test_no_line_both_expects_and_traps_a_category(corpus: ai_checks.Corpus) -> None:
    expected = {
        (lb.path, lb.line, c) for lb in corpus.labels if lb.kind == "expect" for c in (lb.category, *lb.alternatives)
    }
    trapped = {(lb.path, lb.line, lb.category) for lb in corpus.labels if lb.kind == "ok"}
    assert expected & trapped == set()


def test_the_corpus_is_its_own_project() -> None:
    text = (CORPUS / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.airlock]" in text
    assert "dependencies = [" in text


def _finding(path: str, line: int, category: str, rule_id: str = "some-rule") -> dict[str, object]:
    return {"path": path, "line": line, "end_line": line, "category": category, "rule_id": rule_id, "message": "m"}


def test_score_counts_true_and_false_positives_and_negatives(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import reqeusts  # expect: hallucinated-package\n"
        "import requests  # ok: hallucinated-package\n"
        "import pydnatic  # expect: hallucinated-package\n"
        "x = 1\n"
        "from collections import Mapping  # expect: deprecated-api|hallucinated-api\n"
        "from typing import List  # expect[alias]: deprecated-api\n"
        "def f(a: List[int]) -> None:  # expect[alias]: deprecated-api\n"
        "    pass\n"
        "\n"
        "class Config:  # expect: deprecated-api\n"
        "    orm_mode = True\n",
        encoding="utf-8",
    )
    corpus = ai_checks.read_corpus(tmp_path)
    assert corpus.errors == []
    findings = [
        _finding("a.py", 1, "hallucinated-package"),
        _finding("a.py", 2, "hallucinated-package"),  # a trap sprung
        _finding("a.py", 4, "hallucinated-package"),  # an unlabelled line
        _finding("a.py", 4, "hallucinated-package", "other-rule"),  # the same line again: one false positive
        _finding("a.py", 5, "hallucinated-api"),  # the alternative category finds the deprecated-api mistake
        _finding("a.py", 7, "deprecated-api"),  # any line of a group finds it
        _finding("a.py", 11, "deprecated-api"),  # the class body: outside the header that `class Config:` labels
        _finding("a.py", 1, "no-timeout"),  # other categories are ignored
    ]
    scores = ai_checks.score(corpus, findings)

    package = scores["hallucinated-package"]
    assert (package["mistakes"], package["tp"], package["fn"], package["fp"], package["traps_hit"]) == (2, 1, 1, 2, 1)
    assert package["precision"] == pytest.approx(1 / 3)
    assert package["recall"] == pytest.approx(0.5)
    assert [fn["lines"] for fn in package["false_negatives"]] == [[3]]
    assert [(fp["line"], fp["trap"]) for fp in package["false_positives"]] == [(2, True), (4, False)]

    deprecated = scores["deprecated-api"]
    # Mapping (via its alternative) and the List group are found; `class Config:` covers only its header line.
    assert (deprecated["mistakes"], deprecated["tp"], deprecated["fn"], deprecated["fp"]) == (3, 2, 1, 1)
    assert scores["hallucinated-api"]["fp"] == 0  # accepted on the line labelled deprecated-api|hallucinated-api
    assert scores["undeclared-dependency"]["precision"] is None
    assert not any(s["pass"] for s in scores.values())


def test_labels_mode_prints_the_counts() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ai_checks.py"), "--labels"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for category in ai_checks.CATEGORIES:
        assert category in done.stdout
    assert "correct uses" in done.stdout

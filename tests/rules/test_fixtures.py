"""Every rule's fixture files: lines marked ``# expect: <rule-id>`` fire, nothing else does.

One folder per rule under ``fixtures/<rule-id>/``: ``bad*.py`` files mark each line that
must fire; ``good*.py`` files are correct code that must stay silent. A new case is a
new file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from airlock.scan.analyse import analyse_source
from airlock.scan.rules import ALL_RULES, by_id

FIXTURES = Path(__file__).parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*([\w\-, ]+)")

CASES = sorted(p for p in FIXTURES.glob("*/*.py"))


def expected_lines(text: str, rule_id: str) -> list[int]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match and rule_id in {r.strip() for r in match.group(1).split(",")}:
            found.append(number)
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path) -> None:
    rule = by_id(case.parent.name)
    assert rule is not None, f"fixture folder {case.parent.name} names no rule"
    text = case.read_text(encoding="utf-8")
    findings = analyse_source(case.name, text.encode(), [rule])
    assert all(f.rule_id == rule.meta.id for f in findings), findings
    got = sorted(f.line for f in findings)
    want = expected_lines(text, rule.meta.id)
    if case.name.startswith("good"):
        assert want == [], "good fixtures carry no expect markers"
    assert got == want, "\n".join(f"{f.line}: {f.message}" for f in findings)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.meta.id)
def test_every_rule_has_bad_and_good_fixtures(rule: object) -> None:
    folder = FIXTURES / rule.meta.id  # type: ignore[attr-defined]
    assert list(folder.glob("bad*.py")), f"{folder} has no bad*.py"
    assert list(folder.glob("good*.py")), f"{folder} has no good*.py"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.meta.id)
def test_every_rule_documents_itself(rule: object) -> None:
    doc = type(rule).__doc__ or ""
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc, f"{rule.meta.id} docstring lacks {section!r}"  # type: ignore[attr-defined]

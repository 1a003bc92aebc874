"""``airlock explain`` and ``airlock rules``: the catalogue and rule docs as plain text."""

from __future__ import annotations

import inspect

from airlock import catalogue
from airlock.errors import ScanError
from airlock.scan import ruff as ruff_adapter
from airlock.scan.rules import ALL_RULES, by_id
from airlock.scan.rules.packages import PROJECT_RULES

__all__ = ["explain", "list_rules"]


def explain(name: str) -> str:
    """A category page, or a rule page followed by its category's page."""
    if name in catalogue.CATEGORIES:
        return _category_page(name)
    rule = by_id(name)
    if rule is not None:
        doc = inspect.cleandoc(type(rule).__doc__ or "")
        head = f"{rule.meta.id}  ({rule.meta.status.value}, since {rule.meta.since})\n{rule.meta.summary}"
        return f"{head}\n\n{doc}\n\n---\n\n{_category_page(rule.meta.category)}"
    code = name.removeprefix("ruff:")
    if code in ruff_adapter.RUFF_CODES:
        row = ruff_adapter.RUFF_CODES[code]
        head = f"ruff:{code}  (run by Ruff: `ruff rule {code}` has its full page)\nwhy airlock runs it: {row.why}"
        return f"{head}\n\n---\n\n{_category_page(row.category)}"
    raise ScanError(
        f"no category or rule named {name!r}",
        hint="`airlock explain --list` lists categories, `airlock rules` lists rules",
    )


def _category_page(category_id: str) -> str:
    cat = catalogue.get(category_id)
    refs = "\n".join(f"- {r}" for r in cat.references) or "-"
    return (
        f"{cat.id}  [{cat.family.value}, default severity {cat.default_severity.value}]\n"
        f"{cat.title}\n\n{cat.summary}\n\n"
        f"## Why AI-written code does this\n{cat.why_ai}\n\n"
        f"## How it fails in production\n{cat.in_production}\n\n"
        f"## Example\n{cat.example}\n\n## Use instead\n{cat.use_instead}\n\n"
        f"## Fix\n{cat.fix}\n\n## References\n{refs}"
    )


def list_rules() -> str:
    rules = (*ALL_RULES, *PROJECT_RULES)
    rows = [f"{r.meta.id:34} {r.meta.category:22} {r.meta.status.value:8} {r.meta.summary}" for r in rules]
    rows += [
        f"{'ruff:' + code:34} {row.category:22} {'ruff':8} {row.why}"
        for code, row in sorted(ruff_adapter.RUFF_CODES.items())
    ]
    meta = (
        ("AIR000", "unanalysable", "a file that cannot be decoded, parsed or is too large"),
        ("AIR001", "suppression", "an ignore comment without a reason"),
        ("AIR002", "suppression", "an ignore comment that suppresses nothing (--show-unused-suppressions)"),
    )
    rows += [f"{rule_id:34} {category:22} {'stable':8} {summary}" for rule_id, category, summary in meta]
    return "\n".join(rows)

"""The catalogue matches DESIGN.md and every entry is complete and well-formed."""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest

from airlock import catalogue
from airlock.catalogue import CATEGORIES, FAILURE_CATEGORIES, Category, Family
from airlock.catalogue._ai import AI
from airlock.catalogue._database import DATABASE
from airlock.catalogue._dependencies import DEPENDENCIES
from airlock.catalogue._load import LOAD
from airlock.catalogue._meta import META
from airlock.catalogue._operability import OPERABILITY
from airlock.catalogue._security import SECURITY
from airlock.catalogue._silent import SILENT
from airlock.model import Severity

# DESIGN.md's catalogue table, in its order. Ids are an interface: change only with DESIGN.md.
EXPECTED_FAILURES: dict[str, Family] = {
    "race-condition": Family.LOAD,
    "blocking-in-async": Family.LOAD,
    "memory-leak": Family.LOAD,
    "resource-leak": Family.LOAD,
    "resource-exhaustion": Family.LOAD,
    "n-plus-one": Family.DATABASE,
    "full-table-scan": Family.DATABASE,
    "unbounded-query": Family.DATABASE,
    "no-connection-pool": Family.DATABASE,
    "frontend-only-auth": Family.SECURITY,
    "missing-authz": Family.SECURITY,
    "exposed-secret": Family.SECURITY,
    "missing-validation": Family.SECURITY,
    "injection": Family.SECURITY,
    "insecure-config": Family.SECURITY,
    "no-timeout": Family.DEPENDENCIES,
    "no-backoff": Family.DEPENDENCIES,
    "no-fallback": Family.DEPENDENCIES,
    "unsafe-retry": Family.DEPENDENCIES,
    "swallowed-error": Family.SILENT,
    "state-inconsistency": Family.SILENT,
    "numeric-edge": Family.SILENT,
    "hallucinated-package": Family.AI,
    "undeclared-dependency": Family.AI,
    "hallucinated-api": Family.AI,
    "deprecated-api": Family.AI,
    "missing-observability": Family.OPERABILITY,
    "hardcoded-config": Family.OPERABILITY,
    "architecture-violation": Family.OPERABILITY,
}
EXPECTED_META = {"unanalysable", "suppression"}

KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
TEXT_FIELDS = ("title", "summary", "why_ai", "in_production", "fix", "example", "use_instead")
NON_PYTHON_MARKERS = ("// js", "-- sql")

ALL = list(CATEGORIES.values())
MODULES: dict[Family, tuple[Category, ...]] = {
    Family.LOAD: LOAD,
    Family.DATABASE: DATABASE,
    Family.SECURITY: SECURITY,
    Family.DEPENDENCIES: DEPENDENCIES,
    Family.SILENT: SILENT,
    Family.AI: AI,
    Family.OPERABILITY: OPERABILITY,
    Family.META: META,
}


def _ids(categories: list[Category]) -> list[str]:
    return [c.id for c in categories]


def _snippets() -> list[tuple[str, str, str]]:
    return [(c.id, name, getattr(c, name)) for c in ALL for name in ("example", "use_instead")]


SNIPPETS = [pytest.param(*s, id=f"{s[0]}.{s[1]}") for s in _snippets()]


def test_failure_categories_are_the_design_table_in_order() -> None:
    assert list(FAILURE_CATEGORIES) == list(EXPECTED_FAILURES)
    assert {cid: c.family for cid, c in FAILURE_CATEGORIES.items()} == EXPECTED_FAILURES
    assert len(FAILURE_CATEGORIES) == 29


def test_meta_categories_follow_the_failure_categories() -> None:
    meta = [c for c in ALL if c.family is Family.META]
    assert {c.id for c in meta} == EXPECTED_META
    assert list(CATEGORIES)[: len(FAILURE_CATEGORIES)] == list(FAILURE_CATEGORIES)
    assert set(CATEGORIES) == set(EXPECTED_FAILURES) | EXPECTED_META


def test_ids_are_kebab_case_and_unique() -> None:
    ids = [c.id for entries in MODULES.values() for c in entries]
    assert len(ids) == len(set(ids)), "an id is defined twice"
    assert set(ids) == set(CATEGORIES)
    for cid in ids:
        assert KEBAB.match(cid), cid


def test_keys_match_ids_and_entries_are_frozen_categories() -> None:
    for key, category in CATEGORIES.items():
        assert isinstance(category, Category)
        assert key == category.id
        with pytest.raises(dataclasses.FrozenInstanceError):
            category.title = "changed"  # type: ignore[misc]


def test_each_family_module_holds_only_its_family() -> None:
    for family, entries in MODULES.items():
        assert entries, family
        assert {c.family for c in entries} == {family}
    assert tuple(f.value for f in MODULES) == catalogue.FAMILIES


@pytest.mark.parametrize("category", ALL, ids=_ids(ALL))
def test_text_fields_are_filled(category: Category) -> None:
    for name in TEXT_FIELDS:
        value = getattr(category, name)
        assert isinstance(value, str), name
        assert value.strip(), f"{category.id}.{name} is empty"
    assert "\n" not in category.title
    assert "\n" not in category.summary
    assert isinstance(category.default_severity, Severity)
    assert category.example.strip() != category.use_instead.strip()


@pytest.mark.parametrize("category", ALL, ids=_ids(ALL))
def test_references_are_https_urls(category: Category) -> None:
    assert isinstance(category.references, tuple)
    assert len(category.references) <= 3
    for url in category.references:
        assert re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}/\S*$", url), url
    assert len(set(category.references)) == len(category.references)


@pytest.mark.parametrize(("cid", "field", "code"), SNIPPETS)
def test_python_snippets_parse(cid: str, field: str, code: str) -> None:
    if code.lstrip().startswith(NON_PYTHON_MARKERS):
        pytest.skip(f"{cid}.{field} is not Python")
    try:
        ast.parse(code)
    except SyntaxError as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"{cid}.{field} does not parse: {exc}")


def test_non_python_snippets_are_marked_explicitly() -> None:
    marked = [(cid, f) for cid, f, code in _snippets() if code.startswith(NON_PYTHON_MARKERS)]
    assert marked == [("frontend-only-auth", "example")]


def test_severities_follow_the_policy() -> None:
    critical = {"exposed-secret", "injection"}
    for cid in critical:
        assert CATEGORIES[cid].default_severity is Severity.CRITICAL, cid
    for category in ALL:
        if category.family is Family.SECURITY:
            assert category.default_severity.at_least(Severity.MEDIUM), category.id
    assert CATEGORIES["unanalysable"].default_severity is Severity.HIGH
    assert CATEGORIES["suppression"].default_severity is Severity.MEDIUM


def test_get_returns_the_category() -> None:
    assert catalogue.get("no-timeout") is CATEGORIES["no-timeout"]
    assert catalogue.get("unanalysable").family is Family.META


def test_get_unknown_id_raises_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no-such-category"):
        catalogue.get("no-such-category")


def test_catalogue_mappings_are_read_only() -> None:
    with pytest.raises(TypeError):
        CATEGORIES["new-id"] = CATEGORIES["no-timeout"]  # type: ignore[index]

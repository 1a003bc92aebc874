"""The explicit registry of rules: no folder scanning, no registration by import side effect."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from airlock.scan.rules.apis import RULES as API_RULES
from airlock.scan.rules.base import Hit, Rule, RuleMeta, RuleStatus
from airlock.scan.rules.dependencies import RULES as DEPENDENCY_RULES
from airlock.scan.rules.deprecations import RULES as DEPRECATION_RULES
from airlock.scan.rules.packages import PROJECT_RULES
from airlock.scan.rules.packages import RULES as PACKAGE_RULES
from airlock.scan.rules.silent import RULES as SILENT_RULES

__all__ = ["ALL_RULES", "Hit", "Rule", "RuleMeta", "RuleStatus", "by_id"]

ALL_RULES: tuple[Rule, ...] = (*DEPENDENCY_RULES, *SILENT_RULES, *API_RULES, *PACKAGE_RULES, *DEPRECATION_RULES)

# Project rules (the --online manifest check) are not run per file, but have ids, docs and settings.
_BY_ID: Mapping[str, Rule] = MappingProxyType({r.meta.id: r for r in (*ALL_RULES, *PROJECT_RULES)})


def by_id(rule_id: str) -> Rule | None:
    return _BY_ID.get(rule_id)

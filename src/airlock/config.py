"""``[tool.airlock]`` in pyproject.toml, or ``airlock.toml``: found, parsed and validated.

Every option that changes what a scan finds lives in one frozen ``Config``; the cache key
is a hash of its serialised form, so a new option can never silently miss the key.
Unknown keys and bad values raise ``ConfigError`` naming the key and the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from airlock import catalogue
from airlock.errors import ConfigError
from airlock.model import Severity

__all__ = ["Config", "Policy", "RuleSetting", "find_config_file", "load_config", "parse_config", "resolve_project"]

DEFAULT_MAX_FILE_SIZE = 1_000_000


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """Per-category or per-rule override."""

    enabled: bool = True
    severity: Severity | None = None
    """``None``: keep the rule's own severity."""


@dataclass(frozen=True, slots=True)
class Policy:
    """``[tool.airlock.policy]``: how the gate turns evidence into a verdict."""

    required_stages: tuple[str, ...] = ("scan",)
    """Stages that must have a current, successful run."""
    block_on: Severity | None = None
    """Lowest blocking severity; ``None``: the config's ``fail-on``."""
    disputes_clear: bool = True
    """Whether a reviewer's dispute (with a reason) clears a blocking finding."""
    review_required: bool = True
    self_review: bool = False
    """Whether the reviewer may be the recorded prompter."""
    min_explanation_words: int = 12
    """An explain-back shorter than this is refused."""


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration of a run."""

    include: tuple[str, ...] = ()
    """Gitignore-style patterns; when set, only matching files are scanned."""
    exclude: tuple[str, ...] = ()
    """Gitignore-style patterns added to the built-in excludes (virtualenvs, vendored, ...)."""
    fail_on: Severity = Severity.HIGH
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    """Bytes; a larger Python file becomes an AIR000 finding instead of being parsed."""
    ruff: bool = True
    """Run Ruff's curated selection beside airlock's own rules."""
    jobs: int = 0
    """Worker processes; 0 picks the machine's CPU count."""
    categories: Mapping[str, RuleSetting] = field(default_factory=dict)
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    probe: Mapping[str, Any] = field(default_factory=dict)
    """``[tool.airlock.probe]``, validated by the probe stage."""
    policy: Policy = field(default_factory=Policy)
    ledger_url: str | None = None
    """``[tool.airlock.ledger] url``; ``AIRLOCK_LEDGER_URL`` wins over it."""
    preview: bool = False
    """Run rules still in preview (their cost or precision is not yet at the stable bar)."""
    online: bool = False
    """Ask the package index about imported and declared packages (``scan --online``)."""
    index_url: str | None = None
    """The index's JSON API base (``https://pypi.org/pypi``); ``AIRLOCK_INDEX_URL`` wins over it."""
    source: str | None = None
    """The file this came from (relative to the root), for messages; not part of the key."""

    def setting_for(self, rule_id: str, category: str) -> RuleSetting:
        """The rule's own override wins over its category's."""
        return self.rules.get(rule_id) or self.categories.get(category) or RuleSetting()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form of every field (recorded with each stage run in the ledger)."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return json.loads(json.dumps(data, sort_keys=True, default=_jsonable))  # type: ignore[no-any-return]

    def cache_key(self) -> str:
        """Hash of every option (but ``source``): a new option can never miss the key."""
        data = {k: v for k, v in self.to_dict().items() if k != "source"}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _jsonable(value: object) -> object:
    if isinstance(value, RuleSetting):
        return {"enabled": value.enabled, "severity": value.severity}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Policy):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    raise TypeError(f"not serialisable: {value!r}")


_KEYS = {
    "include",
    "exclude",
    "fail-on",
    "max-file-size",
    "ruff",
    "jobs",
    "categories",
    "rules",
    "probe",
    "policy",
    "ledger",
    "online",
    "preview",
    "index-url",
}
_POLICY_KEYS = {
    "required-stages",
    "block-on",
    "disputes-clear",
    "review-required",
    "self-review",
    "min-explanation-words",
}
_STAGES = ("scan", "probe")


def parse_config(data: Mapping[str, Any], source: str = "<config>") -> Config:
    """Validate one ``[tool.airlock]`` table."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{source}: unknown key {unknown[0]!r} in [tool.airlock]",
            hint=f"known keys: {', '.join(sorted(_KEYS))}",
        )
    return Config(
        include=_str_list(data, "include", source),
        exclude=_str_list(data, "exclude", source),
        fail_on=_severity(data.get("fail-on", "high"), "fail-on", source),
        max_file_size=_positive_int(data, "max-file-size", DEFAULT_MAX_FILE_SIZE, source),
        ruff=_bool(data, "ruff", True, source),
        jobs=_positive_int(data, "jobs", 0, source, allow_zero=True),
        categories=_settings(data.get("categories", {}), "categories", source, known=catalogue.CATEGORIES),
        rules=_settings(data.get("rules", {}), "rules", source, known=None),
        probe=_table(data.get("probe", {}), "probe", source),
        policy=_policy(_table(data.get("policy", {}), "policy", source), source),
        ledger_url=_ledger_url(_table(data.get("ledger", {}), "ledger", source), source),
        online=_bool(data, "online", False, source),
        preview=_bool(data, "preview", False, source),
        index_url=_index_url(data.get("index-url"), source),
        source=source,
    )


def find_config_file(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest ``airlock.toml``, or ``pyproject.toml`` with ``[tool.airlock]``, at or above ``start``.

    The search stops at ``stop`` (a repository root) when given, else at the first
    directory holding ``.git``.
    """
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        candidate = folder / "airlock.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "airlock" in _read_toml(pyproject).get("tool", {}):
            return pyproject
        if folder == stop or (folder / ".git").exists():
            return None
    return None


def load_config(path: Path | None, root: Path) -> Config:
    """Read and validate a config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    data = _read_toml(path)
    try:
        label = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        label = path.name
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("airlock")
        if table is None:
            raise ConfigError(f"{label}: no [tool.airlock] table", hint="add one, or pass airlock.toml")
        return parse_config(table, label)
    return parse_config(data, label)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc


def _str_list(data: Mapping[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: {key!r} must be a list of strings, got {value!r}")
    return tuple(value)


def _severity(value: object, key: str, source: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        choices = ", ".join(s.value for s in Severity)
        raise ConfigError(f"{source}: {key!r} must be one of {choices}, got {value!r}") from None


def _bool(data: Mapping[str, Any], key: str, default: bool, source: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{source}: {key!r} must be true or false, got {value!r}")
    return value


def _positive_int(data: Mapping[str, Any], key: str, default: int, source: str, *, allow_zero: bool = False) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        raise ConfigError(
            f"{source}: {key!r} must be a {'non-negative' if allow_zero else 'positive'} integer, got {value!r}"
        )
    return value


def _table(value: object, key: str, source: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: {key!r} must be a table, got {value!r}")
    return value


def _settings(value: object, key: str, source: str, *, known: Mapping[str, object] | None) -> dict[str, RuleSetting]:
    table = _table(value, key, source)
    settings: dict[str, RuleSetting] = {}
    for name, entry in table.items():
        where = f"{key}.{name}"
        if known is not None and name not in known:
            raise ConfigError(
                f"{source}: unknown category {name!r} in [tool.airlock.{key}]", hint="see `airlock explain --list`"
            )
        table_entry = _table(entry, where, source)
        extra = sorted(set(table_entry) - {"enabled", "severity"})
        if extra:
            raise ConfigError(
                f"{source}: unknown key {extra[0]!r} in [tool.airlock.{where}]", hint="known keys: enabled, severity"
            )
        severity = (
            _severity(table_entry["severity"], f"{where}.severity", source) if "severity" in table_entry else None
        )
        settings[name] = RuleSetting(
            enabled=_bool(table_entry, "enabled", True, f"{source} [{where}]"), severity=severity
        )
    return settings


def resolve_project(targets: list[Path], config_path: Path | None = None) -> tuple[Path, Config]:
    """The project root and its configuration for a run over ``targets``.

    The root is the folder of the configuration file when one is given or found at or
    above the first target (and every target lies inside it); otherwise the first
    target itself (or its folder, for a file).
    """
    first = targets[0].resolve()
    found = config_path.resolve() if config_path else find_config_file(first)
    if config_path is not None and not found.is_file():  # type: ignore[union-attr]
        raise ConfigError(f"{config_path}: no such config file")
    fallback = first if first.is_dir() else first.parent
    root = fallback
    if found is not None:
        candidate = found.parent
        if all(t.resolve().is_relative_to(candidate) for t in targets):
            root = candidate
    return root, load_config(found, root)


def _policy(table: Mapping[str, Any], source: str) -> Policy:
    unknown = sorted(set(table) - _POLICY_KEYS)
    if unknown:
        raise ConfigError(
            f"{source}: unknown key {unknown[0]!r} in [tool.airlock.policy]",
            hint=f"known keys: {', '.join(sorted(_POLICY_KEYS))}",
        )
    stages = _str_list(table, "required-stages", source) if "required-stages" in table else ("scan",)
    bad = [s for s in stages if s not in _STAGES]
    if bad:
        raise ConfigError(
            f"{source}: 'policy.required-stages' has unknown stage {bad[0]!r}", hint=f"stages: {', '.join(_STAGES)}"
        )
    block_on = _severity(table["block-on"], "policy.block-on", source) if "block-on" in table else None
    return Policy(
        required_stages=tuple(stages),
        block_on=block_on,
        disputes_clear=_bool(table, "disputes-clear", True, source),
        review_required=_bool(table, "review-required", True, source),
        self_review=_bool(table, "self-review", False, source),
        min_explanation_words=_positive_int(table, "min-explanation-words", 12, source),
    )


def _ledger_url(table: Mapping[str, Any], source: str) -> str | None:
    unknown = sorted(set(table) - {"url"})
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} in [tool.airlock.ledger]", hint="known keys: url")
    url = table.get("url")
    if url is not None and not isinstance(url, str):
        raise ConfigError(f"{source}: 'ledger.url' must be a string, got {url!r}")
    return url


def _index_url(value: object, source: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError(
            f"{source}: 'index-url' must be an http(s) URL, got {value!r}",
            hint="the JSON API base, e.g. https://pypi.org/pypi",
        )
    return value.rstrip("/")

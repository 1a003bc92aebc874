"""Configuration: found, parsed, and refused with a message naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from airlock.config import Config, find_config_file, load_config, parse_config, resolve_project
from airlock.errors import ConfigError
from airlock.model import Severity


def test_defaults() -> None:
    config = parse_config({})
    assert config.fail_on is Severity.HIGH and config.ruff and config.include == ()


def test_full_table() -> None:
    config = parse_config(
        {
            "include": ["src/"],
            "exclude": ["migrations/"],
            "fail-on": "medium",
            "max-file-size": 5000,
            "ruff": False,
            "jobs": 2,
            "categories": {"no-timeout": {"severity": "critical"}, "numeric-edge": {"enabled": False}},
            "rules": {"call-without-timeout": {"enabled": True}},
            "probe": {"app": "shop.main:app"},
        }
    )
    assert config.fail_on is Severity.MEDIUM
    assert config.categories["no-timeout"].severity is Severity.CRITICAL
    assert not config.setting_for("anything", "numeric-edge").enabled
    assert config.setting_for("call-without-timeout", "no-timeout").severity is None  # rule wins over category


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ({"fail_on": "high"}, "'fail_on'"),
        ({"fail-on": "severe"}, "'fail-on'"),
        ({"include": "src"}, "'include'"),
        ({"max-file-size": -1}, "'max-file-size'"),
        ({"ruff": "yes"}, "'ruff'"),
        ({"categories": {"no-such": {}}}, "'no-such'"),
        ({"categories": {"no-timeout": {"level": "high"}}}, "'level'"),
        ({"categories": {"no-timeout": {"severity": "huge"}}}, "categories.no-timeout.severity"),
    ],
)
def test_bad_values_name_the_key(table: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        parse_config(table, "pyproject.toml")


def test_find_pyproject_with_table_and_prefer_airlock_toml(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    sub = tmp_path / "pkg"
    sub.mkdir()
    assert find_config_file(sub) is None
    (tmp_path / "pyproject.toml").write_text("[tool.airlock]\nfail-on = 'low'\n")
    assert find_config_file(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "airlock.toml").write_text("fail-on = 'medium'\n")
    assert find_config_file(sub) == tmp_path / "airlock.toml"
    root, config = resolve_project([sub])
    assert root == tmp_path and config.fail_on is Severity.MEDIUM


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "airlock.toml"
    path.write_text("fail-on = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path, tmp_path)


def test_cache_key_changes_with_any_option() -> None:
    assert Config().cache_key() == Config().cache_key()
    assert Config().cache_key() != Config(max_file_size=1).cache_key()
    assert Config().cache_key() == Config(source="other.toml").cache_key()

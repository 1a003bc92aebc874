"""The project context every file rule may consult: own modules and dependency manifests."""

from __future__ import annotations

from pathlib import Path

from airlock.scan.project import build_project_context, is_manifest


def test_local_modules_from_any_sys_path_root(tmp_path: Path) -> None:
    files = [
        "src/airlock/__init__.py",
        "src/airlock/cli.py",
        "examples/shop/shop/__init__.py",
        "examples/shop/shop/main.py",
        "examples/shop/seed.py",
        "tests/test_x.py",
        "tool.py",
    ]
    context = build_project_context(tmp_path, files, [])
    assert {"airlock", "shop", "seed", "tool", "test_x", "examples", "src", "tests"} <= context.local_modules
    assert "main" not in context.local_modules and "cli" not in context.local_modules


def test_manifests_are_read_and_fingerprinted(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\ndependencies = ['requests']\n")
    (tmp_path / "requirements-dev.txt").write_text("pytest\n")
    context = build_project_context(tmp_path, ["a.py"], ["pyproject.toml", "requirements-dev.txt", "static/app.js"])
    assert set(context.manifests) == {"pyproject.toml", "requirements-dev.txt"}
    before = context.fingerprint
    (tmp_path / "requirements-dev.txt").write_text("pytest\nhypothesis\n")
    after = build_project_context(tmp_path, ["a.py"], ["pyproject.toml", "requirements-dev.txt"]).fingerprint
    assert before != after


def test_unreadable_manifest_is_reported_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").mkdir()
    context = build_project_context(tmp_path, [], ["requirements.txt"])
    assert context.manifests == {} and context.unreadable[0][0] == "requirements.txt"


def test_is_manifest() -> None:
    assert is_manifest("a/requirements.in") and is_manifest("Pipfile") and is_manifest("x/setup.cfg")
    assert not is_manifest("requirements.md") and not is_manifest("app.py")


def test_a_scanned_package_folder_is_its_own_module(tmp_path: Path) -> None:
    package = tmp_path / "django"
    package.mkdir()
    context = build_project_context(package, ["__init__.py", "db/__init__.py"], [])
    assert "django" in context.local_modules
    assert "django" not in build_project_context(package, ["db/__init__.py"], []).local_modules

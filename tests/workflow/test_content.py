"""Content identities on real git worktrees: what keeps a hash and what changes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from airlock.workflow import git
from airlock.workflow.content import change_hashes, change_summary, content_hash, file_diff, file_diffs
from gitutil import GIT_ENV
from gitutil import git as sh


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """airlock's own git calls read the process environment: give them a fixed identity."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("HOME", str(tmp_path))


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def commit_all(root: Path, message: str) -> None:
    sh(root, "add", "-A")
    sh(root, "commit", "-q", "-m", message)


LINES = "".join(f"line {i}\n" for i in range(1, 41))


@pytest.fixture
def quarantine(git_repo: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A repository with two files on ``main`` and a worktree on ``q`` that edits one of them."""
    write(git_repo, {"app/a.py": LINES, "app/b.py": "b = 1\n", "data.bin": b"\x00\x01base"})
    commit_all(git_repo, "base")
    wt = tmp_path / "wt"
    git.add_worktree(git_repo, wt, "q", "main")
    text = LINES.replace("line 20\n", "line 20 changed by the AI  \nnew line\n")
    write(wt, {"app/a.py": text, "app/new.py": "print('new')\n"})
    commit_all(wt, "ai change")
    return git_repo, wt


def test_summary_lists_committed_uncommitted_and_untracked(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    write(wt, {"app/b.py": "b = 2\n", "untracked.py": "x = 1\n"})
    (wt / "data.bin").unlink()
    assert change_summary(wt, "main") == [
        ("app/a.py", "M"),
        ("app/b.py", "M"),
        ("app/new.py", "A"),
        ("data.bin", "D"),
        ("untracked.py", "A"),
    ]
    assert set(change_hashes(wt, "main")) == {"app/a.py", "app/b.py", "app/new.py", "data.bin", "untracked.py"}


def test_ignored_files_do_not_count(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    before = content_hash(wt)
    write(wt, {".gitignore": "*.log\n"})
    commit_all(wt, "ignore logs")
    after_ignore = content_hash(wt)
    write(wt, {"debug.log": "noise\n"})
    assert content_hash(wt) == after_ignore != before
    assert "debug.log" not in change_hashes(wt, "main")


def test_hashes_survive_a_rebase_onto_a_moved_target(quarantine: tuple[Path, Path]) -> None:
    repo, wt = quarantine
    before = change_hashes(wt, "main")
    diff_before = file_diff(wt, "main", "app/a.py")
    # The target moves: an unrelated commit that shifts the lines of app/a.py.
    write(repo, {"app/a.py": "# header\n# more\n" + LINES, "other.py": "o = 1\n"})
    commit_all(repo, "unrelated work on main")
    git.rebase(wt, "main")
    base = git.merge_base(wt, "main", "HEAD")
    assert base == git.rev_parse(repo, "main")
    assert change_hashes(wt, base) == before
    diff_after = file_diff(wt, base, "app/a.py")
    assert "@@ -17," in diff_before
    assert "@@ -19," in diff_after  # the line numbers did move


def test_an_edit_of_the_change_alters_only_that_hash(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    before = change_hashes(wt, "main")
    write(wt, {"app/new.py": "print('new, edited')\n"})
    after = change_hashes(wt, "main")
    assert after["app/new.py"] != before["app/new.py"]
    assert after["app/a.py"] == before["app/a.py"]


def test_editing_an_unchanged_file_adds_its_own_hash(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    before = change_hashes(wt, "main")
    write(wt, {"app/b.py": "b = 3\n"})
    after = change_hashes(wt, "main")
    assert set(after) == {*before, "app/b.py"}
    assert {p: h for p, h in after.items() if p in before} == before


def test_trailing_whitespace_does_not_count(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    before = change_hashes(wt, "main")["app/a.py"]
    text = (wt / "app/a.py").read_text(encoding="utf-8").replace("changed by the AI  \n", "changed by the AI\n")
    write(wt, {"app/a.py": text})
    assert change_hashes(wt, "main")["app/a.py"] == before


def test_rename_hash_names_both_paths(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    sh(wt, "mv", "app/b.py", "app/c.py")
    assert ("app/c.py", "R") in change_summary(wt, "main")
    renamed = change_hashes(wt, "main")["app/c.py"]
    sh(wt, "mv", "app/c.py", "app/d.py")
    assert change_hashes(wt, "main")["app/d.py"] != renamed
    assert "rename from app/b.py" in file_diff(wt, "main", "app/d.py")


def test_deleted_and_binary_files(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    write(wt, {"data.bin": b"\x00\x01changed"})
    first = change_hashes(wt, "main")["data.bin"]
    write(wt, {"data.bin": b"\x00\x01changed again"})
    second = change_hashes(wt, "main")["data.bin"]
    assert first != second
    write(wt, {"data.bin": b"\x00\x01changed"})
    assert change_hashes(wt, "main")["data.bin"] == first
    (wt / "app/b.py").unlink()
    assert ("app/b.py", "D") in change_summary(wt, "main")
    assert "-b = 1" in file_diff(wt, "main", "app/b.py")


def test_content_hash_follows_uncommitted_edits_and_equal_content(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    committed = content_hash(wt)
    write(wt, {"app/b.py": "b = 99\n"})
    edited = content_hash(wt)
    assert edited != committed
    write(wt, {"app/b.py": "b = 1\n"})
    assert content_hash(wt) == committed
    sh(wt, "commit", "-q", "--allow-empty", "-m", "no-op")  # a new commit, same content: same hash
    assert content_hash(wt) == committed


def test_content_hash_does_not_touch_the_real_index(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    write(wt, {"staged.py": "s = 1\n", "loose.py": "l = 1\n"})
    sh(wt, "add", "staged.py")
    status = sh(wt, "status", "--porcelain")
    content_hash(wt)
    change_hashes(wt, "main")
    assert sh(wt, "status", "--porcelain") == status


def test_executable_bit_is_content(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    before = content_hash(wt)
    hashes = change_hashes(wt, "main")
    (wt / "app/new.py").chmod(0o755)
    assert content_hash(wt) != before
    assert change_hashes(wt, "main")["app/new.py"] != hashes["app/new.py"]


def test_file_diffs_have_context_and_unknown_paths_are_empty(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    diffs = file_diffs(wt, "main")
    assert sorted(diffs) == ["app/a.py", "app/new.py"]
    assert " line 19\n" in diffs["app/a.py"]  # context line
    assert "+new line\n" in diffs["app/a.py"]
    assert file_diff(wt, "main", "app/b.py") == ""


def test_odd_file_names(quarantine: tuple[Path, Path]) -> None:
    _, wt = quarantine
    write(wt, {"dir with space/ü é.py": "x = 1\n", 'quote"d.py': "y = 2\n"})
    paths = dict(change_summary(wt, "main"))
    assert paths["dir with space/ü é.py"] == "A"
    assert paths['quote"d.py'] == "A"
    assert "+x = 1" in file_diff(wt, "main", "dir with space/ü é.py")


def test_user_diff_config_does_not_change_hashes(quarantine: tuple[Path, Path]) -> None:
    repo, wt = quarantine
    text = (wt / "app/a.py").read_text(encoding="utf-8").replace("line 24\n", "line 24, edited too\n")
    write(wt, {"app/a.py": text})  # two hunks close together: interHunkContext would join them
    before = change_hashes(wt, "main")
    config = {
        "diff.noprefix": "true",
        "diff.algorithm": "histogram",
        "diff.renames": "false",
        "diff.interHunkContext": "10",
        "diff.submodule": "log",
        "diff.relative": "true",
        "color.diff": "always",
    }
    for key, value in config.items():
        sh(repo, "config", key, value)
    assert change_hashes(wt, "main") == before

"""Intake on real git repositories: every source kind, provenance, scope, and clean failure."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from airlock import catalogue
from airlock.errors import WorkflowError
from airlock.model import Stage
from airlock.workflow import git
from airlock.workflow.content import change_hashes
from airlock.workflow.intake import (
    IntakeSource,
    QuarantineIdTaken,
    ensure_ignored,
    intake,
    new_quarantine_id,
    scope_findings,
)
from airlock.workflow.records import Provenance, QuarantineState, SourceKind
from gitutil import GIT_ENV
from gitutil import git as sh

AI_TRAILERS = "Co-authored-by: Claude <noreply@anthropic.com>\nAssisted-by: GitHub Copilot\n"


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """airlock's own git calls read the process environment: give them a fixed identity."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("HOME", str(tmp_path))


def write(root: Path, files: dict[str, str]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def commit_files(root: Path, files: dict[str, str], message: str) -> str:
    write(root, files)
    sh(root, "add", "-A")
    sh(root, "commit", "-q", "-m", message)
    return sh(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(git_repo: Path) -> Path:
    """``main`` with a small app; ``ai/feature`` adds a route and touches the README, with AI trailers."""
    commit_files(git_repo, {"app/api.py": "def ping():\n    return 'pong'\n", "README.md": "# app\n"}, "base")
    sh(git_repo, "switch", "-q", "-c", "ai/feature")
    commit_files(git_repo, {"app/routes.py": "ROUTES = ['/ping']\n"}, f"Add routes\n\n{AI_TRAILERS}")
    commit_files(git_repo, {"README.md": "# app\n\nNow with routes.\n"}, "Document routes")
    sh(git_repo, "switch", "-q", "main")
    return git_repo


def nothing_left_behind(root: Path) -> None:
    assert sh(root, "branch", "--list", "airlock/q/*").strip() == ""
    listing = sh(root, "worktree", "list", "--porcelain").splitlines()
    assert [line for line in listing if line.startswith("worktree ")] == [f"worktree {root}"]
    assert not any((root / ".airlock" / "quarantine").glob("*"))


def test_branch_intake_records_base_signals_and_relative_worktree(repo: Path) -> None:
    base = sh(repo, "rev-parse", "main").strip()
    record, findings = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    assert findings == []
    assert re.fullmatch(r"q[0-9a-f]{6}", record.id)
    assert record.worktree == f".airlock/quarantine/{record.id}"
    assert not Path(record.worktree).is_absolute()
    assert record.branch == f"airlock/q/{record.id}"
    assert (record.target_branch, record.base_commit) == ("main", base)
    assert (record.source_kind, record.source_ref, record.state) == (
        SourceKind.BRANCH,
        "ai/feature",
        QuarantineState.OPEN,
    )
    assert record.changed_files == ("README.md", "app/routes.py")
    worktree = repo / record.worktree
    assert git.current_branch(worktree) == record.branch
    assert git.rev_parse(worktree, "HEAD") == git.rev_parse(repo, "ai/feature")  # commit ids kept
    tools = {(s.kind, s.tool, s.confidence) for s in record.provenance.signals}
    assert tools == {("trailer", "claude", 0.95), ("trailer", "copilot", 0.95)}
    # Not declared: the strongest signal's tool; equal confidences fall back to the trailer text.
    assert record.provenance.tool == "copilot"
    assert git.current_branch(repo) == "main"
    assert not git.is_dirty(repo)  # .airlock/ is ignored


def test_branch_forked_before_the_target_moved(repo: Path) -> None:
    fork = sh(repo, "rev-parse", "main").strip()
    commit_files(repo, {"app/other.py": "x = 1\n"}, "main moves on")
    record, _ = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    assert record.base_commit == fork
    assert record.changed_files == ("README.md", "app/routes.py")


def test_declared_provenance_wins_and_is_kept(repo: Path) -> None:
    declared = Provenance(
        tool="cursor",
        model="gpt-5",
        prompt="add a routes table",
        scope=("app/", " app/ ", ""),
        prompter="Pat <pat@example.com>",
    )
    record, _ = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), declared)
    prov = record.provenance
    assert (prov.tool, prov.model, prov.prompt, prov.prompter) == (
        "cursor",
        "gpt-5",
        "add a routes table",
        "Pat <pat@example.com>",
    )
    assert prov.scope == ("app/",)
    assert not prov.prompt_redacted


def test_redacted_prompt_keeps_only_its_hash(repo: Path) -> None:
    prompt = "secret customer context: add a routes table"
    record, _ = intake(
        repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(prompt=prompt), redact_prompt=True
    )
    assert record.provenance.prompt is None
    assert record.provenance.prompt_redacted
    digest = hashlib.sha256(prompt.encode()).hexdigest()
    hashed = [s for s in record.provenance.signals if s.kind == "prompt"]
    assert [(s.value, s.commit, s.tool) for s in hashed] == [(f"sha256:{digest}", None, None)]
    assert prompt not in repr(record)


def test_out_of_scope_files_become_findings(repo: Path) -> None:
    record, findings = intake(
        repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(scope=("app/*.py", "docs/"))
    )
    assert [f.path for f in findings] == ["README.md"]
    finding = findings[0]
    assert (finding.rule_id, finding.category, finding.family) == (
        "out-of-scope",
        "architecture-violation",
        "operability",
    )
    assert (finding.line, finding.end_line, finding.stage) == (1, 1, Stage.SCAN)
    assert finding.severity is catalogue.get("architecture-violation").default_severity
    assert finding.message == "changed outside the declared scope (app/*.py, docs/)"
    assert "split" in finding.remedy and "scope" in finding.remedy
    assert record.provenance.scope == ("app/*.py", "docs/")


def test_scope_matching_is_gitignore_style() -> None:
    changed = ["app/api/v1.py", "app/models.py", "tests/test_api.py", "README.md"]
    assert scope_findings(changed, ()) == []
    assert [f.path for f in scope_findings(changed, ["app/api/"])] == [
        "README.md",
        "app/models.py",
        "tests/test_api.py",
    ]
    assert [f.path for f in scope_findings(changed, ["*.py"])] == ["README.md"]
    assert [f.path for f in scope_findings(changed, ["app/", "!app/models.py"])] == [
        "README.md",
        "app/models.py",
        "tests/test_api.py",
    ]


def test_range_starting_at_the_target_checks_out_its_tip(repo: Path) -> None:
    base = sh(repo, "rev-parse", "main").strip()
    record, _ = intake(repo, IntakeSource(SourceKind.RANGE, "main..ai/feature"), Provenance())
    worktree = repo / record.worktree
    assert git.rev_parse(worktree, "HEAD") == git.rev_parse(repo, "ai/feature")
    assert record.base_commit == base
    assert {s.tool for s in record.provenance.signals} == {"claude", "copilot"}


def test_range_elsewhere_is_cherry_picked_onto_the_target(repo: Path) -> None:
    first = sh(repo, "rev-parse", "ai/feature~1").strip()
    commit_files(repo, {"app/other.py": "x = 1\n"}, "main moves on")
    tip = sh(repo, "rev-parse", "main").strip()
    record, _ = intake(repo, IntakeSource(SourceKind.RANGE, f"{first}..ai/feature"), Provenance())
    worktree = repo / record.worktree
    assert record.base_commit == tip
    assert git.rev_parse(worktree, "HEAD~1") == tip
    assert record.changed_files == ("README.md",)  # only the second commit is in the range
    assert "(cherry picked from commit" in sh(worktree, "log", "-1", "--format=%B")
    assert record.provenance.signals == ()  # the AI trailers were on the commit before the range


def test_bad_ranges(repo: Path) -> None:
    for ref in ("ai/feature", "main...ai/feature", "nope..ai/feature", "ai/feature..main"):
        with pytest.raises(WorkflowError):
            intake(repo, IntakeSource(SourceKind.RANGE, ref), Provenance())
    nothing_left_behind(repo)


def test_range_with_a_merge_off_the_target_is_refused(repo: Path) -> None:
    start = sh(repo, "rev-parse", "ai/feature~1").strip()
    sh(repo, "switch", "-q", "ai/feature")
    sh(repo, "switch", "-q", "-c", "side", "main")
    commit_files(repo, {"side.py": "s = 1\n"}, "side")
    sh(repo, "switch", "-q", "ai/feature")
    sh(repo, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    sh(repo, "switch", "-q", "main")
    commit_files(repo, {"app/other.py": "x = 1\n"}, "main moves on")
    with pytest.raises(WorkflowError, match="merge commits") as err:
        intake(repo, IntakeSource(SourceKind.RANGE, f"{start}..ai/feature"), Provenance())
    assert err.value.hint
    nothing_left_behind(repo)


def test_mbox_patch_keeps_authors_and_trailers(repo: Path, tmp_path: Path) -> None:
    mbox = tmp_path / "series.patch"
    mbox.write_text(sh(repo, "format-patch", "--stdout", "main..ai/feature"), encoding="utf-8")
    record, _ = intake(repo, IntakeSource(SourceKind.PATCH, str(mbox)), Provenance())
    worktree = repo / record.worktree
    assert record.base_commit == sh(repo, "rev-parse", "main").strip()
    assert record.changed_files == ("README.md", "app/routes.py")
    assert sh(worktree, "log", "-2", "--format=%s").split("\n")[:2] == ["Document routes", "Add routes"]
    assert {s.tool for s in record.provenance.signals} == {"claude", "copilot"}


def test_plain_diff_patch_is_applied_and_committed(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "change.diff"
    diff = sh(repo, "diff", "main", "ai/feature", "--", "app/routes.py")
    patch.write_text("Patch generated by ChatGPT for the routes ticket\n\n" + diff, encoding="utf-8")
    record, _ = intake(repo, IntakeSource(SourceKind.PATCH, str(patch)), Provenance(tool="chatgpt", model="gpt-4o"))
    worktree = repo / record.worktree
    assert record.changed_files == ("app/routes.py",)
    message = sh(worktree, "log", "-1", "--format=%B")
    assert "change.diff" in message and "chatgpt gpt-4o" in message
    assert not git.is_dirty(worktree)
    assert [(s.kind, s.tool) for s in record.provenance.signals] == [("message", "chatgpt")]


def test_a_patch_that_does_not_apply_leaves_nothing_behind(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "bad.diff"
    patch.write_text(
        "diff --git a/app/api.py b/app/api.py\n--- a/app/api.py\n+++ b/app/api.py\n"
        "@@ -1,2 +1,2 @@\n-def nothing_like_this():\n+def ping2():\n     return 'pong'\n",
        encoding="utf-8",
    )
    with pytest.raises(git.GitError) as err:
        intake(repo, IntakeSource(SourceKind.PATCH, str(patch)), Provenance(), qid="qbad001")
    assert "app/api.py" in str(err.value)  # git's own reason
    assert err.value.hint and "target branch" in err.value.hint
    assert err.value.stderr
    nothing_left_behind(repo)
    assert not git.branch_exists(repo, "airlock/q/qbad001")


def test_a_broken_mbox_is_aborted_and_cleaned_up(repo: Path, tmp_path: Path) -> None:
    mbox = tmp_path / "series.patch"
    text = sh(repo, "format-patch", "--stdout", "main..ai/feature")
    commit_files(repo, {"README.md": "# totally different\n"}, "conflicting readme")
    mbox.write_text(text, encoding="utf-8")
    with pytest.raises(WorkflowError):
        intake(repo, IntakeSource(SourceKind.PATCH, str(mbox)), Provenance())
    nothing_left_behind(repo)


def test_missing_patch_file(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match="cannot read patch"):
        intake(repo, IntakeSource(SourceKind.PATCH, str(tmp_path / "none.diff")), Provenance())
    nothing_left_behind(repo)


def test_files_are_copied_into_the_path_and_committed(repo: Path, tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    write(generated, {"service.py": "def run():\n    pass\n", "sub/util.py": "U = 1\n", ".git/config": "x"})
    record, findings = intake(
        repo,
        IntakeSource(SourceKind.FILES, str(generated), into="app/gen"),
        Provenance(tool="claude", model="opus", scope=("app/gen/",)),
    )
    assert findings == []
    worktree = repo / record.worktree
    assert record.changed_files == ("app/gen/service.py", "app/gen/sub/util.py")
    assert "claude opus" in sh(worktree, "log", "-1", "--format=%B")
    assert not git.is_dirty(worktree)
    assert record.provenance.signals == ()


def test_files_need_a_safe_into_and_a_real_change(repo: Path, tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    write(generated, {"api.py": "def ping():\n    return 'pong'\n"})
    for into in (None, "../outside", "/abs", ".git/hooks"):
        with pytest.raises(WorkflowError, match="--into"):
            intake(repo, IntakeSource(SourceKind.FILES, str(generated), into=into), Provenance())
    with pytest.raises(WorkflowError, match="already in app"):
        intake(repo, IntakeSource(SourceKind.FILES, str(generated), into="app"), Provenance())
    with pytest.raises(WorkflowError, match="not a folder"):
        intake(repo, IntakeSource(SourceKind.FILES, str(tmp_path / "missing"), into="app"), Provenance())
    nothing_left_behind(repo)


def test_a_merged_branch_changes_nothing(repo: Path) -> None:
    sh(repo, "merge", "-q", "--ff-only", "ai/feature")
    with pytest.raises(WorkflowError, match="no commits that the target lacks"):
        intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    nothing_left_behind(repo)


def test_target_and_root_checks(repo: Path) -> None:
    with pytest.raises(WorkflowError, match="not a local branch"):
        intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(), target="nope")
    with pytest.raises(WorkflowError, match="top level"):
        intake(repo / "app", IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    with pytest.raises(WorkflowError, match="unknown revision"):
        intake(repo, IntakeSource(SourceKind.BRANCH, "no/such/branch"), Provenance())
    nothing_left_behind(repo)


def test_explicit_target_other_than_the_current_branch(repo: Path) -> None:
    sh(repo, "switch", "-q", "-c", "release", "main")
    commit_files(repo, {"CHANGELOG.md": "1.0\n"}, "release notes")
    sh(repo, "switch", "-q", "main")
    record, _ = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(), target="release")
    assert record.target_branch == "release"
    assert record.base_commit == sh(repo, "rev-parse", "main").strip()  # where ai/feature forked


def test_ids(repo: Path) -> None:
    ids = {new_quarantine_id() for _ in range(50)}
    assert all(re.fullmatch(r"q[0-9a-f]{6}", i) for i in ids)
    record, _ = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(), qid="qfixed1")
    assert record.id == "qfixed1"
    with pytest.raises(QuarantineIdTaken):
        intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(), qid="qfixed1")
    with pytest.raises(WorkflowError, match="bad quarantine id"):
        intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance(), qid="../x")
    assert (repo / ".airlock/quarantine/qfixed1").is_dir()  # the refusals left the first one alone


def test_airlock_folder_is_ignored_through_info_exclude(repo: Path) -> None:
    gitignore_before = (repo / ".gitignore").exists()
    ensure_ignored(repo)
    ensure_ignored(repo)
    exclude = (repo / ".git/info/exclude").read_text(encoding="utf-8")
    assert exclude.count(".airlock/") == 1
    assert (repo / ".gitignore").exists() == gitignore_before
    write(repo, {".airlock/ledger.db": "x"})
    assert not git.is_dirty(repo)


def test_an_existing_ignore_rule_is_respected(repo: Path) -> None:
    commit_files(repo, {".gitignore": ".airlock/\n"}, "ignore airlock")
    exclude_path = repo / ".git/info/exclude"
    before = exclude_path.read_text(encoding="utf-8") if exclude_path.exists() else ""
    intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    after = exclude_path.read_text(encoding="utf-8") if exclude_path.exists() else ""
    assert after == before


def test_user_hooks_do_not_block_intake(repo: Path, tmp_path: Path) -> None:
    mbox = tmp_path / "series.patch"
    mbox.write_text(sh(repo, "format-patch", "--stdout", "main..ai/feature"), encoding="utf-8")
    for name in ("pre-commit", "commit-msg", "applypatch-msg", "pre-applypatch", "post-checkout"):
        hook = repo / ".git/hooks" / name
        hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)
    generated = tmp_path / "generated"
    write(generated, {"new.py": "N = 1\n"})
    record, _ = intake(repo, IntakeSource(SourceKind.FILES, str(generated), into="app"), Provenance())
    assert record.changed_files == ("app/new.py",)
    record, _ = intake(repo, IntakeSource(SourceKind.PATCH, str(mbox)), Provenance())
    assert record.changed_files == ("README.md", "app/routes.py")


def test_files_into_an_existing_file_is_refused(repo: Path, tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    write(generated, {"x.py": "X = 1\n"})
    with pytest.raises(WorkflowError, match="cannot copy"):
        intake(repo, IntakeSource(SourceKind.FILES, str(generated), into="README.md"), Provenance())
    nothing_left_behind(repo)


# -- the plumbing review, gate and release stand on -----------------------------------------


def test_release_plumbing_merge_with_trailers_and_worktree_removal(repo: Path) -> None:
    record, _ = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    worktree = repo / record.worktree
    base = git.merge_base(worktree, record.target_branch, "HEAD")
    assert sorted(change_hashes(worktree, base)) == list(record.changed_files)
    assert "Add routes" in git.commit_messages(worktree, base)
    write(worktree, {".airlock/cache/entry.json": "{}"})  # a scan cache inside the worktree is ignored
    assert not git.is_dirty(worktree)
    trailers = [("Airlock-Verdict", f"pass {record.id}"), ("Reviewed-by", "Sam <sam@example.com>")]
    merged = git.merge(repo, record.branch, f"Merge AI-written change {record.id}", trailers)
    assert git.commits(repo, f"{merged}~1..{merged}")[-1].trailers == tuple(trailers)
    git.remove_worktree(repo, worktree)
    git.delete_branch(repo, record.branch)
    nothing_left_behind(repo)


def test_git_errors_carry_gits_reason(repo: Path) -> None:
    with pytest.raises(git.GitError) as err:
        git.run(repo, "rev-parse", "--verify", "no-such-ref")
    assert str(err.value) == "git rev-parse failed: fatal: Needed a single revision"
    assert err.value.returncode == 128
    sh(repo, "switch", "-q", "--detach", "main")
    with pytest.raises(git.GitError, match="detached") as detached:
        git.current_branch(repo)
    assert detached.value.hint
    assert not git.is_ancestor(repo, "ai/feature", "main")
    assert git.is_ancestor(repo, "main", "ai/feature")


def test_dirty_worktree_removal_needs_force(repo: Path) -> None:
    record, _ = intake(repo, IntakeSource(SourceKind.BRANCH, "ai/feature"), Provenance())
    worktree = repo / record.worktree
    write(worktree, {"app/routes.py": "ROUTES = []\n"})
    assert git.is_dirty(worktree)
    with pytest.raises(git.GitError):
        git.remove_worktree(repo, worktree)
    git.remove_worktree(repo, worktree, force=True)
    assert not worktree.exists()

"""The whole quarantine, end to end, as a user runs it: real git, real subprocesses, and the
ledger on SQLite and on the real PostgreSQL server.

intake a branch with AI trailers → check → the gate fails → review through an answers file
→ the gate passes only once the blocking finding is disputed → an edit after the sign-off
makes it stale → a rebase onto a moved target keeps the sign-off → release merges with the
trailers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from gitutil import GIT_ENV, git

PYPROJECT = """\
[project]
name = "demo"
version = "0.1"
dependencies = ["requests"]

[tool.airlock]
ruff = false
"""
APP = '"""The app."""\n\n\ndef total(prices):\n    return sum(prices)\n'
CLIENT = (
    '"""Calls the rates service."""\n\nimport requests\n\n\ndef fetch_rate(url):\n    return requests.get(url).json()\n'
)
PROMPTER = "Pat Prompter <pat@example.com>"
REVIEWER = "Rita Reviewer <rita@example.com>"
GOOD = {
    "client.py": (
        "Fetches the current exchange rate from the rates service and returns the decoded JSON; "
        "callers only use it in a nightly batch job where a slow answer delays nothing user facing."
    ),
    "app.py": (
        "Computes the order total by adding the line prices; integers in cents, so no float "
        "rounding, and an empty order gives zero which the checkout page already handles."
    ),
}


class Airlock:
    def __init__(self, repo: Path, ledger_url: str) -> None:
        self.repo = repo
        self.env = {**os.environ, **GIT_ENV, "HOME": str(repo), "AIRLOCK_LEDGER_URL": ledger_url}

    def __call__(self, *args: str, expect: int = 0) -> Any:
        proc = subprocess.run(
            [sys.executable, "-m", "airlock", *args, "--format", "json"],
            cwd=self.repo,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == expect, f"{args}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return json.loads(proc.stdout) if proc.stdout.strip() else proc.stderr

    def answers(
        self, tmp: Path, files: dict[str, str], disputes: dict[str, str] | None = None, reviewer: str = REVIEWER
    ) -> str:
        path = tmp / f"answers-{len(list(tmp.glob('answers-*')))}.json"
        path.write_text(json.dumps({"reviewer": reviewer, "files": files, "disputes": disputes or {}}))
        return str(path)


def make_repo(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / "app.py").write_text(APP)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "initial")
    git(repo, "switch", "-q", "-c", "ai/rates")
    (repo / "client.py").write_text(CLIENT)
    (repo / "app.py").write_text(APP.replace("sum(prices)", "sum(prices, 0)"))
    git(repo, "add", ".")
    message = "Add rates client\n\nCo-authored-by: Claude <noreply@anthropic.com>\nAssisted-by: GitHub Copilot"
    git(repo, "commit", "-q", "-m", message)
    git(repo, "switch", "-q", "main")


def test_quarantine_end_to_end(git_repo: Path, ledger_url: str, tmp_path: Path) -> None:
    make_repo(git_repo)
    airlock = Airlock(git_repo, ledger_url)

    taken = airlock("intake", "--branch", "ai/rates", "--tool", "claude", "--model", "opus", "--prompter", PROMPTER)
    qid, worktree = taken["id"], git_repo / taken["worktree"]
    assert taken["worktree"] == f".airlock/quarantine/{qid}" and worktree.is_dir()
    assert {s["tool"] for s in taken["signals"]} >= {"claude", "copilot"}

    airlock("check", qid)
    gate = airlock("gate", qid, expect=1)
    assert [(r["stage"], r["state"]) for r in gate["rows"]] == [("scan", "fail"), ("review", "missing")]
    (blocking,) = gate["blocking"]
    assert blocking["rule_id"] == "call-without-timeout" and blocking["path"] == "client.py"

    # An explain-back copied from the code is refused; so is the prompter reviewing their own change.
    copied = {**GOOD, "client.py": "import requests def fetch rate url return requests get url json calls the rates"}
    refused = airlock("review", qid, "--answers", airlock.answers(tmp_path, copied), expect=2)
    assert "client.py: mostly repeats the code" in refused
    mine = airlock("review", qid, "--answers", airlock.answers(tmp_path, GOOD, reviewer=PROMPTER), expect=2)
    assert "the reviewer is the prompter" in mine

    # Explained, but the blocking finding is neither fixed nor disputed: still failing.
    airlock("review", qid, "--answers", airlock.answers(tmp_path, GOOD))
    assert [r["state"] for r in airlock("gate", qid, expect=1)["rows"]] == ["fail", "pass"]

    # Disputed with a reason: the policy lets a dispute clear it.
    reason = {blocking["fingerprint"]: "the rates service is on the same host and the job has a deadline"}
    airlock("review", qid, "--answers", airlock.answers(tmp_path, GOOD, reason))
    assert airlock("gate", qid)["passed"] is True

    # An edit after the sign-off: the scan and the review are stale.
    (worktree / "app.py").write_text(APP.replace("sum(prices)", "sum(prices) * 2"))
    stale = airlock("gate", qid, expect=1)
    assert [(r["stage"], r["state"]) for r in stale["rows"]] == [("scan", "stale"), ("review", "stale")]
    git(worktree, "checkout", "--", "app.py")
    assert airlock("gate", qid)["passed"] is True

    # The target moves; the change is rebased without a content change: the sign-off holds,
    # the scan ran on other content and must run again.
    (git_repo / "README.md").write_text("docs\n")
    git(git_repo, "add", "README.md")
    git(git_repo, "commit", "-q", "-m", "docs")
    git(worktree, "rebase", "-q", "main")
    rebased = airlock("gate", qid, expect=1)
    assert [(r["stage"], r["state"]) for r in rebased["rows"]] == [("scan", "stale"), ("review", "pass")]
    airlock("check", qid)
    assert airlock("gate", qid)["passed"] is True

    released = airlock("release", qid)
    message = git(git_repo, "log", "-1", "--format=%B", released["commit"])
    assert f"Airlock-Verdict: pass {qid}" in message
    assert f"Reviewed-by: {REVIEWER}" in message
    assert "Assisted-by: claude opus" in message
    assert (git_repo / "client.py").read_text() == CLIENT
    assert not worktree.exists()
    status = airlock("status", "--all")
    assert [(q["id"], q["state"]) for q in status["quarantines"]] == [(qid, "released")]


def test_release_refuses_without_a_passing_verdict(git_repo: Path, ledger_url: str) -> None:
    make_repo(git_repo)
    airlock = Airlock(git_repo, ledger_url)
    qid = airlock("intake", "--branch", "ai/rates", "--prompter", PROMPTER)["id"]
    refused = airlock("release", qid, expect=2)
    assert "release refused" in refused and "scan: missing" in refused
    assert git(git_repo, "log", "--oneline").count("\n") == 1
    airlock("abandon", qid)
    assert airlock("status")["quarantines"] == []


def test_review_in_a_terminal(git_repo: Path, tmp_path: Path) -> None:
    """The interactive review, driven through a real pseudo-terminal."""
    import pty
    import select

    make_repo(git_repo)
    airlock = Airlock(git_repo, f"sqlite:///{tmp_path / 'ledger.db'}")
    qid = airlock("intake", "--branch", "ai/rates", "--prompter", PROMPTER)["id"]
    airlock("check", qid)
    gate = airlock("gate", qid, expect=1)
    fingerprint = gate["blocking"][0]["fingerprint"]
    typed = [
        REVIEWER,
        GOOD["app.py"],
        "",
        GOOD["client.py"],
        "",
        "d",
        "the service runs on the same host with a deadline",
        "",
    ]
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "airlock", "review", qid],
        cwd=git_repo,
        env=airlock.env,
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        close_fds=True,
    )
    os.close(child_fd)
    os.write(main_fd, ("\n".join(typed) + "\n").encode())
    output = b""
    while True:
        ready, _, _ = select.select([main_fd], [], [], 30)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=30) == 0, output.decode(errors="replace")
    os.close(main_fd)
    text = output.decode(errors="replace")
    assert "client.py" in text and "call-without-timeout" in text and fingerprint in text
    assert airlock("gate", qid)["passed"] is True

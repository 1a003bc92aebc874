"""The CI workflow example and the pre-commit hook, run for real on real repositories."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gitutil import GIT_ENV, git

REPO = Path(__file__).resolve().parents[2]
BAD = "import requests\n\n\ndef rate(url):\n    return requests.get(url)\n"
GOOD = "import requests\n\n\ndef rate(url):\n    return requests.get(url, timeout=5)\n"


def env_with_airlock(home: Path) -> dict[str, str]:
    """PATH with the interpreter's bin first, so the examples find this `airlock`."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, **GIT_ENV, "HOME": str(home), "PATH": bin_dir + os.pathsep + os.environ["PATH"]}


def test_pre_commit_hook_refuses_blocking_changes(git_repo: Path) -> None:
    if shutil.which("airlock", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the airlock console script is not installed next to this interpreter")
    (git_repo / "pyproject.toml").write_text("[tool.airlock]\nruff = false\n")
    (git_repo / "app.py").write_text(GOOD)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "base")
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    shutil.copy(REPO / "examples" / "ci" / "pre-commit", hook)
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    env = env_with_airlock(git_repo)

    (git_repo / "client.py").write_text(BAD)
    subprocess.run(["git", "add", "."], cwd=git_repo, env=env, check=True)
    refused = subprocess.run(
        ["git", "commit", "-m", "ai change"], cwd=git_repo, env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "call-without-timeout" in refused.stdout + refused.stderr

    (git_repo / "client.py").write_text(GOOD)
    subprocess.run(["git", "add", "."], cwd=git_repo, env=env, check=True)
    accepted = subprocess.run(
        ["git", "commit", "-m", "fixed"], cwd=git_repo, env=env, capture_output=True, text=True, check=False
    )
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_github_workflow_commands_gate_a_pull_request(tmp_path: Path) -> None:
    """Runs the workflow's `airlock` steps in a clone whose origin is a real (local) remote."""
    workflow = (REPO / "examples" / "ci" / "github-actions.yml").read_text()
    steps = [m.group(1) for m in re.finditer(r"^\s*- run: (airlock .+)$", workflow, re.MULTILINE)]
    assert len(steps) == 2
    origin = tmp_path / "origin.git"
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    (seed / "pyproject.toml").write_text("[tool.airlock]\nruff = false\n")
    (seed / "old.py").write_text(BAD)  # a problem already on main: not the pull request's
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "base")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "switch", "-q", "-c", "feature")
    env = env_with_airlock(work)

    def run_steps() -> list[subprocess.CompletedProcess[str]]:
        results = []
        for step in steps:
            args = step.replace("${{ github.base_ref }}", "main").split()
            args[0:1] = [sys.executable, "-m", "airlock"]
            results.append(subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, check=False))
        return results

    (work / "new.py").write_text(GOOD)
    gate, sarif = run_steps()
    assert gate.returncode == 0, gate.stdout + gate.stderr  # old.py's finding is not on a changed line
    assert (work / "airlock.sarif").is_file() and sarif.returncode == 0

    (work / "new.py").write_text(BAD)
    gate, sarif = run_steps()
    assert gate.returncode == 1 and "new.py" in gate.stdout and "old.py" not in gate.stdout
    assert '"ruleId": "call-without-timeout"' in (work / "airlock.sarif").read_text()

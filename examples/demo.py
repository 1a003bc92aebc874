"""The whole gate on the bundled example, as a user would run it (``make demo``).

1. ``airlock scan`` on the AI-style shop: the findings are the point.
2. A fresh git repository under ``.airlock/demo`` takes the shop in as an AI-written change:
   intake (with provenance and scope) → check → gate: it fails, and says why.
3. The fixed twin goes the same way, is reviewed through an answers file, passes the gate
   and is released into ``main`` with the verdict in its merge commit.

Exit 0 when the demo ran as designed (the shop fails, the fixed shop passes); exit 1 when
airlock itself misbehaved.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
AIRLOCK = [sys.executable, "-m", "airlock"]
DEMO = REPO / ".airlock" / "demo"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Demo Prompter",
    "GIT_AUTHOR_EMAIL": "prompter@example.com",
    "GIT_COMMITTER_NAME": "Demo Prompter",
    "GIT_COMMITTER_EMAIL": "prompter@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}
PROMPT = "Build an online shop MVP with FastAPI and SQLAlchemy: products, orders, payments, admin."


def say(text: str) -> None:
    sys.stdout.write(f"\n\033[1m== {text}\033[0m\n" if sys.stdout.isatty() else f"\n== {text}\n")
    sys.stdout.flush()


def airlock(*args: str, cwd: Path, expect: tuple[int, ...] = (0,), show: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **IDENTITY, "HOME": str(DEMO), "AIRLOCK_LEDGER_URL": f"sqlite:///{DEMO / 'ledger.db'}"}
    proc = subprocess.run([*AIRLOCK, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    if show:
        sys.stdout.write(proc.stdout)
        sys.stdout.flush()
    if proc.returncode not in expect:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"demo: `airlock {' '.join(args)}` exited {proc.returncode}, expected {expect}")
    return proc


def git(*args: str, cwd: Path) -> None:
    env = {**os.environ, **IDENTITY, "HOME": str(DEMO)}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def quarantine(repo: Path, folder: str, tool: str) -> str:
    taken = airlock(
        "intake", "--files", os.path.relpath(HERE / folder, repo), "--into", "shop", "--tool", tool, "--model", "demo-model",
        "--prompt", PROMPT, "--scope", "shop/**", "--format", "json",
        cwd=repo, show=False,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(taken.stdout)
    sys.stdout.write(f"quarantined {data['id']} in {data['worktree']}: {len(data['changed_files'])} files\n")
    return str(data["id"])


def main() -> int:
    say("1. airlock scan examples/shop   (an MVP written the way an AI assistant writes one)")
    airlock("scan", "examples/shop", cwd=REPO, expect=(0, 1))

    shutil.rmtree(DEMO, ignore_errors=True)
    repo = DEMO / "repo"
    repo.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=repo)
    (repo / "README.md").write_text("A team's repository; the shop arrives as an AI-written change.\n")
    git("add", ".", cwd=repo)
    git("commit", "-q", "-m", "initial", cwd=repo)

    say("2. the shop as an AI-written change: intake → check → gate")
    qid = quarantine(repo, "shop", "claude")
    airlock("check", qid, cwd=repo)
    verdict = airlock("gate", qid, cwd=repo, expect=(1,))
    if "verdict: FAIL" not in verdict.stdout:
        raise SystemExit("demo: the shop should fail the gate")
    airlock("abandon", qid, cwd=repo)

    say("3. the fixed twin: intake → check → review (answers file) → gate → release")
    qid = quarantine(repo, "shop-fixed", "claude")
    airlock("check", qid, cwd=repo)
    answers = HERE / "shop-fixed.review.json"
    airlock("review", qid, "--answers", str(answers), cwd=repo)
    airlock("gate", qid, cwd=repo)
    airlock("release", qid, cwd=repo)
    log = subprocess.run(
        ["git", "log", "-1", "--format=%B"], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    sys.stdout.write("merge commit on main:\n" + "".join(f"    {line}\n" for line in log.strip().splitlines()))
    say(f"done: look around in {DEMO.relative_to(REPO)} (`airlock status --all` there)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

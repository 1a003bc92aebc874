"""The gate's policy over hand-built records: missing, stale, blocking, disputed, self-review."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from airlock.config import Policy
from airlock.model import Finding, Severity
from airlock.workflow.gate import evaluate
from airlock.workflow.records import (
    FileSignOff,
    Provenance,
    Quarantine,
    SignOff,
    SourceKind,
    StageRun,
    StageStatus,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
Q = Quarantine(
    id="qabc123",
    created_at=NOW,
    source_kind=SourceKind.BRANCH,
    source_ref="ai/feature",
    target_branch="main",
    base_commit="0" * 40,
    branch="airlock/q/qabc123",
    worktree=".airlock/quarantine/qabc123",
    provenance=Provenance(tool="claude", prompter="Pat <pat@example.com>"),
)
HIGH = Finding(
    rule_id="call-without-timeout",
    category="no-timeout",
    family="dependencies",
    severity=Severity.HIGH,
    path="a.py",
    line=3,
    end_line=3,
    message="m",
    remedy="r",
    fingerprint="fp-high",
)
LOW = replace(HIGH, severity=Severity.LOW, fingerprint="fp-low")
HASHES = {"a.py": "h-a", "b.py": "h-b"}


def run(*findings: Finding, content: str = "c1", status: StageStatus = StageStatus.OK) -> StageRun:
    return StageRun("qabc123", "scan", content, "0.1.0", {}, NOW, NOW, status, findings=findings)


def signoff(reviewer: str = "Sam <sam@example.com>", hashes: dict[str, str] = HASHES, **kwargs: object) -> SignOff:
    files = tuple(FileSignOff(p, h, "explained") for p, h in hashes.items())
    return SignOff("qabc123", reviewer, NOW, files, **kwargs)  # type: ignore[arg-type]


DEFAULT = Policy()


def verdict(runs: dict[str, StageRun], so: SignOff | None, policy: Policy = DEFAULT, content: str = "c1"):  # type: ignore[no-untyped-def]
    return evaluate(
        Q,
        policy=policy,
        fail_on=Severity.HIGH,
        latest_runs=runs,
        signoff=so,
        content_hash=content,
        change_hashes=HASHES,
    )


def states(v) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(r.stage, r.state) for r in v.rows]


def test_nothing_yet_fails() -> None:
    v = verdict({}, None)
    assert not v.passed and states(v) == [("scan", "missing"), ("review", "missing")]


def test_blocking_finding_fails_until_disputed() -> None:
    v = verdict({"scan": run(HIGH, LOW)}, signoff())
    assert not v.passed and states(v) == [("scan", "fail"), ("review", "pass")] and v.blocking == (HIGH,)
    disputed = verdict({"scan": run(HIGH, LOW)}, signoff(disputes={"fp-high": "the URL is a local unix socket"}))
    assert disputed.passed and disputed.blocking == ()


def test_disputes_do_not_clear_when_policy_says_so() -> None:
    so = signoff(disputes={"fp-high": "fine"})
    assert not verdict({"scan": run(HIGH)}, so, Policy(disputes_clear=False)).passed


def test_empty_dispute_reason_clears_nothing() -> None:
    assert not verdict({"scan": run(HIGH)}, signoff(disputes={"fp-high": "  "})).passed


def test_stale_stage_fails() -> None:
    v = verdict({"scan": run(content="old")}, signoff())
    assert states(v)[0] == ("scan", "stale") and not v.passed


def test_errored_stage_fails() -> None:
    assert states(verdict({"scan": run(status=StageStatus.ERROR)}, signoff()))[0] == ("scan", "error")


def test_signoff_on_changed_file_is_stale() -> None:
    v = verdict({"scan": run()}, signoff(hashes={"a.py": "h-a", "b.py": "old"}))
    assert states(v)[1] == ("review", "stale") and not v.passed


def test_unsigned_file_fails_review() -> None:
    v = verdict({"scan": run()}, signoff(hashes={"a.py": "h-a"}))
    assert states(v)[1] == ("review", "fail")


def test_prompter_may_not_review_unless_allowed() -> None:
    mine = signoff(reviewer="Pat Other Name <PAT@example.com>")
    assert states(verdict({"scan": run()}, mine))[1] == ("review", "fail")
    assert verdict({"scan": run()}, mine, Policy(self_review=True)).passed


def test_clean_and_reviewed_passes_and_review_can_be_optional() -> None:
    assert verdict({"scan": run(LOW)}, signoff()).passed
    assert verdict({"scan": run()}, None, Policy(review_required=False)).passed


def test_block_on_overrides_fail_on() -> None:
    assert not verdict({"scan": run(LOW)}, signoff(), Policy(block_on=Severity.LOW)).passed


def test_required_probe_missing() -> None:
    v = verdict({"scan": run()}, signoff(), Policy(required_stages=("scan", "probe")))
    assert ("probe", "missing") in states(v) and not v.passed

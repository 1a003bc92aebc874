"""The ledger on real SQLite and real PostgreSQL: round trips, lookups, migrations, concurrency."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from airlock.errors import LedgerError
from airlock.model import Confidence, Finding, Severity, Stage
from airlock.workflow.ledger import Ledger
from airlock.workflow.ledger._engine import create_ledger_engine, resolve_url
from airlock.workflow.ledger._migrate import head_revision, upgrade
from airlock.workflow.ledger._schema import VERSION_TABLE, Base, UTCDateTime
from airlock.workflow.records import (
    FileSignOff,
    Provenance,
    Quarantine,
    QuarantineState,
    Signal,
    SignOff,
    SourceKind,
    StageRun,
    StageStatus,
)

T0 = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
CEST = timezone(timedelta(hours=2))


def quarantine(qid: str, *, created_at: datetime = T0, state: QuarantineState = QuarantineState.OPEN) -> Quarantine:
    return Quarantine(
        id=qid,
        created_at=created_at,
        source_kind=SourceKind.BRANCH,
        source_ref="feature/ai-checkout",
        target_branch="main",
        base_commit="a" * 40,
        branch=f"airlock/q/{qid}",
        worktree=f".airlock/quarantine/{qid}",
        provenance=Provenance(
            tool="claude-code",
            model="claude-sonnet-4",
            prompt="Ajoute le paiement — «vite» 🚀\nline two",
            scope=("src/shop/payments/**", "tests/test_payments.py"),
            prompter="Zoë Prompter <zoe@example.com>",
            signals=(
                Signal("trailer", "Co-authored-by: Claude <noreply@anthropic.com>", "b" * 40, 0.98, "claude"),
                Signal("message", "generated with an assistant", None, 0.3),
            ),
        ),
        state=state,
        changed_files=("src/shop/payments/charge.py", "src/shop/naïve.py"),
    )


def finding(n: int, *, path: str = "src/shop/payments/charge.py", evidence: dict[str, Any] | None = None) -> Finding:
    return Finding(
        rule_id="call-without-timeout",
        category="no-timeout",
        family="dependencies",
        severity=Severity.HIGH,
        path=path,
        line=10 + n,
        end_line=12 + n,
        message=f"requests.post() without a timeout (#{n}) — «ça bloque»",
        remedy="pass timeout=(3.05, 27)",
        column=5,
        end_column=40,
        stage=Stage.SCAN,
        confidence=Confidence.MEDIUM,
        fingerprint=f"fp-{n:04d}",
        snippet="resp = requests.post(url, json=payload)",
        evidence=evidence,
    )


def probe_finding() -> Finding:
    return Finding(
        rule_id="probe:p99-under-load",
        category="race-condition",
        family="load",
        severity=Severity.CRITICAL,
        path="src/shop/api.py",
        line=3,
        end_line=3,
        message="stock went negative under 50 concurrent orders",
        remedy="SELECT ... FOR UPDATE, or an atomic UPDATE with a condition",
        stage=Stage.PROBE,
        endpoint="POST /orders",
        evidence={"requests": 500, "p99_ms": 812.5, "negative_stock": [-1, -3], "nested": {"ok": None, "ü": True}},
        reproduce="airlock probe --replay 7 --seed 42",
    )


def stage_run(qid: str, *, started_at: datetime = T0, stage: str = "scan", findings: int = 3) -> StageRun:
    return StageRun(
        quarantine_id=qid,
        stage=stage,
        content_hash="sha256:" + "c" * 64,
        airlock_version="0.1.0",
        config={"fail_on": "high", "exclude": ["examples/"], "policy": {"disputes_clear": True}},
        started_at=started_at,
        finished_at=started_at + timedelta(seconds=2, microseconds=5),
        status=StageStatus.OK,
        findings=tuple(finding(n, path=f"src/f{(7 * n) % 5}.py") for n in range(findings)),
        metrics={"files": 12, "duration_s": 1.25},
    )


def signoff(qid: str, *, created_at: datetime = T0, reviewer: str = "Ana Reviewer <ana@example.com>") -> SignOff:
    return SignOff(
        quarantine_id=qid,
        reviewer=reviewer,
        created_at=created_at,
        files=(
            FileSignOff("src/shop/payments/charge.py", "h1" * 32, "Charges the card once, idempotency key — sûr."),
            FileSignOff("src/shop/naïve.py", "h2" * 32, "Only formats the receipt; no I/O."),
        ),
        acknowledgements={"fp-0000": "fixed", "fp-0001": "disputed"},
        disputes={
            "fp-0001": "the call has a deadline set by the caller",
            "fp-0099": "reason without an acknowledgement",
        },
    )


@pytest.fixture
def ledger(ledger_url: str, tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(tmp_path, ledger_url) as opened:
        yield opened


# -- round trips -------------------------------------------------------------------------


def test_quarantine_round_trip_keeps_provenance_signals_and_unicode(ledger: Ledger) -> None:
    q = quarantine("q7f3a2", created_at=datetime(2025, 3, 1, 14, 0, tzinfo=CEST))
    ledger.add_quarantine(q)
    back = ledger.get_quarantine("q7f3a2")
    assert back == q
    assert back.created_at.tzinfo is UTC
    assert back.created_at == datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    assert back.provenance.signals[0].confidence == 0.98


def test_redacted_prompt_and_empty_provenance_round_trip(ledger: Ledger) -> None:
    q = dataclasses.replace(quarantine("qempty"), provenance=Provenance(prompt_redacted=True), changed_files=())
    ledger.add_quarantine(q)
    assert ledger.get_quarantine("qempty") == q


def test_stage_run_round_trip_keeps_findings_in_order_with_evidence(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("q1"))
    base = stage_run("q1", findings=4)
    run = dataclasses.replace(base, findings=(*base.findings, probe_finding()))
    stored = ledger.add_stage_run(run)
    assert stored.id is not None
    assert stored == dataclasses.replace(run, id=stored.id)
    [back] = ledger.stage_runs("q1")
    assert back == stored
    assert [f.path for f in back.findings] == [f.path for f in run.findings]  # original order, not sorted
    assert back.findings[-1].evidence == probe_finding().evidence
    assert back.findings[0].evidence is None
    assert back.started_at.tzinfo is UTC


def test_stage_run_error_round_trip(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("q1"))
    run = dataclasses.replace(
        stage_run("q1", stage="probe", findings=0), status=StageStatus.ERROR, error="app never started"
    )
    assert ledger.latest_stage_run("q1", "probe") is None
    stored = ledger.add_stage_run(run)
    assert ledger.latest_stage_run("q1", "probe") == stored


def test_signoff_round_trip_keeps_files_acknowledgements_and_disputes(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("q1"))
    s = signoff("q1")
    stored = ledger.add_signoff(s)
    assert stored.id is not None
    assert stored == dataclasses.replace(s, id=stored.id)
    assert ledger.signoffs("q1") == [stored]
    assert ledger.signoffs("q1")[0].disputes["fp-0099"] == "reason without an acknowledgement"


def test_events_are_oldest_first_with_utc_times(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("q1"))
    ledger.add_event("q1", "intake", {"source": "branch", "files": ["a.py"]})
    ledger.add_event("q1", "check", {"stage": "scan", "status": "ok", "note": "déjà vu"})
    events = ledger.events("q1")
    assert [e["kind"] for e in events] == ["intake", "check"]
    assert events[1]["detail"] == {"stage": "scan", "status": "ok", "note": "déjà vu"}
    at = datetime.fromisoformat(events[0]["at"])
    assert at.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5)


# -- lookups and state -------------------------------------------------------------------


def test_unique_prefix_finds_the_entry_and_exact_id_wins(ledger: Ledger) -> None:
    for qid in ("q7f3a2", "q7f3b9", "q7f3", "q1_%x"):
        ledger.add_quarantine(quarantine(qid))
    assert ledger.get_quarantine("q7f3a").id == "q7f3a2"
    assert ledger.get_quarantine("q7f3").id == "q7f3"  # exact beats prefix
    assert ledger.get_quarantine("q1_%").id == "q1_%x"  # LIKE wildcards are escaped
    ledger.set_state("q7f3b", QuarantineState.ABANDONED)
    assert ledger.get_quarantine("q7f3b9").state is QuarantineState.ABANDONED


@pytest.mark.parametrize("qid", ["nope", "q7f", "", "q_"])
def test_unknown_or_ambiguous_id_is_a_ledger_error_with_a_hint(ledger: Ledger, qid: str) -> None:
    for existing in ("q7f3a2", "q7f3b9"):
        ledger.add_quarantine(quarantine(existing))
    with pytest.raises(LedgerError) as caught:
        ledger.get_quarantine(qid)
    assert caught.value.hint == "see `airlock status` for the quarantine ids"
    if qid == "q7f":
        assert "ambiguous" in str(caught.value)
        assert "q7f3a2" in str(caught.value)
        assert "q7f3b9" in str(caught.value)
    for method in (ledger.stage_runs, ledger.signoffs, ledger.events):
        with pytest.raises(LedgerError):
            method(qid)


def test_duplicate_id_and_records_for_unknown_entries_are_refused(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("q1"))
    with pytest.raises(LedgerError, match="already exists"):
        ledger.add_quarantine(quarantine("q1"))
    with pytest.raises(LedgerError, match="no quarantine"):
        ledger.add_stage_run(stage_run("q9"))
    with pytest.raises(LedgerError, match="no quarantine"):
        ledger.add_signoff(signoff("q"))  # a prefix is not enough for a record
    with pytest.raises(LedgerError, match="no quarantine"):
        ledger.add_event("q9", "x", {})


def test_state_changes_and_updates(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("qa", created_at=T0))
    ledger.add_quarantine(quarantine("qb", created_at=T0 + timedelta(minutes=1)))
    ledger.add_quarantine(quarantine("qc", created_at=T0 + timedelta(minutes=2)))
    ledger.set_state("qa", QuarantineState.RELEASED)
    ledger.set_state("qb", QuarantineState.ABANDONED)
    assert [q.id for q in ledger.list_quarantines(QuarantineState.OPEN)] == ["qc"]
    assert [q.id for q in ledger.list_quarantines(QuarantineState.RELEASED)] == ["qa"]
    ledger.update_quarantine("qc", base_commit="d" * 40)
    ledger.update_quarantine("qc", changed_files=("x.py",))
    ledger.update_quarantine("qc")
    q = ledger.get_quarantine("qc")
    assert (q.base_commit, q.changed_files) == ("d" * 40, ("x.py",))
    assert q.provenance == quarantine("qc").provenance


def test_everything_is_newest_first(ledger: Ledger) -> None:
    for i, qid in enumerate(["qmid", "qold", "qnew"]):
        ledger.add_quarantine(quarantine(qid, created_at=T0 + timedelta(hours=(1, 0, 2)[i])))
    assert [q.id for q in ledger.list_quarantines()] == ["qnew", "qmid", "qold"]
    starts = [T0 + timedelta(minutes=m) for m in (5, 1, 9, 3)]
    ids = {start: ledger.add_stage_run(stage_run("qnew", started_at=start)).id for start in starts}
    probe = ledger.add_stage_run(stage_run("qnew", started_at=T0 + timedelta(hours=1), stage="probe"))
    scans = ledger.stage_runs("qnew", "scan")
    assert [r.id for r in scans] == [ids[s] for s in sorted(starts, reverse=True)]
    assert [r.id for r in ledger.stage_runs("qnew")] == [probe.id, *[r.id for r in scans]]
    latest = ledger.latest_stage_run("qne", "scan")
    assert latest is not None
    assert latest.started_at == T0 + timedelta(minutes=9)
    assert ledger.stage_runs("qold") == []
    for minutes in (2, 7, 4):
        ledger.add_signoff(signoff("qnew", created_at=T0 + timedelta(minutes=minutes)))
    assert [s.created_at.minute for s in ledger.signoffs("qnew")] == [7, 4, 2]


def test_a_failed_write_stores_nothing(ledger: Ledger) -> None:
    ledger.add_quarantine(quarantine("q1"))
    for bad in (math.nan, {1, 2}):
        broken = dataclasses.replace(stage_run("q1"), findings=(finding(0), finding(1, evidence={"value": bad})))
        with pytest.raises(LedgerError, match="cannot record the evidence of call-without-timeout"):
            ledger.add_stage_run(broken)
    assert ledger.stage_runs("q1") == []
    with pytest.raises(LedgerError, match="naive datetime"):
        ledger.add_stage_run(stage_run("q1", started_at=datetime(2025, 1, 1)))
    with pytest.raises(LedgerError, match="already recorded"):
        ledger.add_stage_run(dataclasses.replace(stage_run("q1"), id=5))
    assert ledger.stage_runs("q1") == []
    with pytest.raises(LedgerError, match="cannot record the detail of the 'check' event"):
        ledger.add_event("q1", "check", {"when": datetime.now(UTC)})
    assert ledger.events("q1") == []


def test_a_record_postgresql_refuses_is_a_ledger_error_and_stores_nothing(
    postgres_ledger_url: str, tmp_path: Path
) -> None:
    with Ledger.open(tmp_path, postgres_ledger_url) as ledger:
        ledger.add_quarantine(quarantine("q1"))
        bad = dataclasses.replace(
            stage_run("q1"), findings=(finding(0), dataclasses.replace(finding(1), snippet="a\x00b"))
        )
        with pytest.raises(LedgerError, match="NUL") as caught:
            ledger.add_stage_run(bad)
        assert caught.value.hint is not None
        assert "report" in caught.value.hint
        assert ledger.stage_runs("q1") == []


# -- migrations --------------------------------------------------------------------------


def test_a_new_ledger_is_at_head_and_its_schema_matches_the_models(
    ledger: Ledger, ledger_url: str, tmp_path: Path
) -> None:
    assert ledger.schema_revision() == head_revision() == "0002"
    engine = create_ledger_engine(resolve_url(tmp_path, ledger_url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": VERSION_TABLE})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
    Ledger.open(tmp_path, ledger_url).close()  # opening again is a no-op


def _old_airlock_writes(engine: sa.Engine) -> None:
    """What airlock at schema 0001 wrote: one entry with a signal, a run with findings, a sign-off, an event."""
    time_col = UTCDateTime()
    q = sa.table(
        "airlock_quarantines",
        *[sa.column(c) for c in ("id", "state", "source_kind", "source_ref", "target_branch", "base_commit")],
        *[sa.column(c) for c in ("branch", "worktree", "tool", "model", "prompt", "prompt_redacted", "prompter")],
        sa.column("created_at", time_col),
        sa.column("changed_files", sa.JSON()),
        sa.column("scope", sa.JSON()),
    )
    with engine.begin() as conn:
        conn.execute(
            q.insert().values(
                id="qold1",
                created_at=T0,
                state="open",
                source_kind="patch",
                source_ref="fix.patch",
                target_branch="main",
                base_commit="e" * 40,
                branch="airlock/q/qold1",
                worktree=".airlock/quarantine/qold1",
                changed_files=["app.py"],
                tool="cursor",
                model=None,
                prompt=None,
                prompt_redacted=True,
                scope=["app.py"],
                prompter="Old <old@example.com>",
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO airlock_provenance_signals"
                " (quarantine_id, position, kind, value, commit_sha, confidence, tool)"
                " VALUES ('qold1', 0, 'author', 'cursor-bot <bot@cursor.sh>', NULL, 0.9, 'cursor')"
            )
        )
        runs = sa.table(
            "airlock_stage_runs",
            *[sa.column(c) for c in ("id", "quarantine_id", "stage", "content_hash", "airlock_version", "status")],
            sa.column("config", sa.JSON()),
            sa.column("metrics", sa.JSON()),
            sa.column("error"),
            sa.column("started_at", time_col),
            sa.column("finished_at", time_col),
        )
        run_id = conn.execute(
            runs.insert()
            .values(
                quarantine_id="qold1",
                stage="scan",
                content_hash="h",
                airlock_version="0.0.9",
                status="ok",
                config={"fail_on": "high"},
                metrics={},
                error=None,
                started_at=T0,
                finished_at=T0 + timedelta(seconds=1),
            )
            .returning(runs.c.id)
        ).scalar_one()
        for position in (0, 1):
            data = {k: v for k, v in finding(position).to_dict().items()}
            data.update(stage_run_id=run_id, position=position, endpoint=None, evidence=None, reproduce=None)
            data["start_column"] = data.pop("column")
            conn.execute(sa.table("airlock_findings", *[sa.column(k) for k in data]).insert().values(**data))
        signoffs = sa.table(
            "airlock_signoffs",
            sa.column("id"),
            sa.column("quarantine_id"),
            sa.column("reviewer"),
            sa.column("created_at", time_col),
        )
        signoff_id = conn.execute(
            signoffs.insert()
            .values(quarantine_id="qold1", reviewer="Rev <rev@example.com>", created_at=T0)
            .returning(signoffs.c.id)
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO airlock_signoff_files (signoff_id, position, path, change_hash, explanation)"
                " VALUES (:s, 0, 'app.py', 'hh', 'Serves the health check only; no state is kept between requests.')"
            ),
            {"s": signoff_id},
        )
        conn.execute(
            sa.text(
                "INSERT INTO airlock_acknowledgements (signoff_id, position, fingerprint, kind, reason)"
                " VALUES (:s, 0, 'fp-0000', 'disputed', 'a deadline is set by the caller')"
            ),
            {"s": signoff_id},
        )
        events = sa.table(
            "airlock_events",
            sa.column("quarantine_id"),
            sa.column("kind"),
            sa.column("at", time_col),
            sa.column("detail", sa.JSON()),
        )
        conn.execute(events.insert().values(quarantine_id="qold1", kind="intake", at=T0, detail={"by": "0.0.9"}))


def test_upgrading_from_0001_keeps_every_record(ledger_url: str, tmp_path: Path) -> None:
    engine = create_ledger_engine(resolve_url(tmp_path, ledger_url))
    try:
        upgrade(engine, "0001")
        _old_airlock_writes(engine)
    finally:
        engine.dispose()

    with Ledger.open(tmp_path, ledger_url) as ledger:
        assert ledger.schema_revision() == "0002"
        q = ledger.get_quarantine("qold")
        assert q.provenance.signals == (Signal("author", "cursor-bot <bot@cursor.sh>", None, 0.9, "cursor"),)
        assert (q.source_kind, q.provenance.prompt_redacted, q.changed_files) == (SourceKind.PATCH, True, ("app.py",))
        [run] = ledger.stage_runs("qold1")
        assert run.findings == (finding(0), finding(1))
        assert (run.config, run.started_at, run.airlock_version) == ({"fail_on": "high"}, T0, "0.0.9")
        [s] = ledger.signoffs("qold1")
        assert (s.acknowledgements, s.disputes) == (
            {"fp-0000": "disputed"},
            {"fp-0000": "a deadline is set by the caller"},
        )
        assert s.files[0].path == "app.py"
        assert [(e["kind"], e["detail"]) for e in ledger.events("qold1")] == [("intake", {"by": "0.0.9"})]
        # what 0002 brought: recorded history cannot be rewritten, the entry's state still can
        ledger.set_state("qold1", QuarantineState.RELEASED)

    engine = create_ledger_engine(resolve_url(tmp_path, ledger_url))
    try:
        for statement in ("UPDATE airlock_events SET kind = 'forged'", "DELETE FROM airlock_signoffs"):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def test_a_ledger_from_a_newer_airlock_is_refused_with_a_hint(ledger_url: str, tmp_path: Path) -> None:
    Ledger.open(tmp_path, ledger_url).close()
    engine = create_ledger_engine(resolve_url(tmp_path, ledger_url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE airlock_schema_version SET version_num = '0099'"))
    finally:
        engine.dispose()
    with pytest.raises(LedgerError, match="schema revision 0099") as caught:
        Ledger.open(tmp_path, ledger_url)
    assert caught.value.hint is not None
    assert "upgrade airlock" in caught.value.hint


# -- several processes at once -----------------------------------------------------------

WORKERS = 8
RUNS_PER_WORKER = 25
FINDINGS_PER_RUN = 3
SIGNOFFS_PER_WORKER = 10
SHARED = "qshared"

_WORKER_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
from test_ledger import concurrent_worker
concurrent_worker(*sys.argv[2:])
"""


def _worker_run(worker: int, i: int) -> StageRun:
    run = stage_run(SHARED, started_at=T0 + timedelta(seconds=worker * 1000 + i), findings=FINDINGS_PER_RUN)
    return dataclasses.replace(run, content_hash=f"w{worker}-r{i}", metrics={"worker": worker, "i": i})


def _worker_signoff(worker: int, i: int) -> SignOff:
    return signoff(SHARED, created_at=T0 + timedelta(seconds=worker * 1000 + i), reviewer=f"w{worker}-s{i} <w@x>")


def concurrent_worker(root: str, url: str, go: str, worker_text: str) -> None:
    """One of the processes of the concurrency test (run through ``_WORKER_SCRIPT``)."""
    worker = int(worker_text)
    while not Path(go).exists():
        time.sleep(0.002)
    with Ledger.open(Path(root), url) as ledger:  # all open (and migrate) a new ledger at once
        try:
            ledger.add_quarantine(quarantine(SHARED))
            created = True
        except LedgerError:
            created = False
        runs, signoffs = [], []
        for i in range(RUNS_PER_WORKER):
            runs.append(ledger.add_stage_run(_worker_run(worker, i)).id)
            if i < SIGNOFFS_PER_WORKER:
                signoffs.append(ledger.add_signoff(_worker_signoff(worker, i)).id)
            ledger.add_event(SHARED, "check", {"worker": worker, "i": i})
    print(json.dumps({"created": created, "runs": runs, "signoffs": signoffs}))


def test_eight_processes_at_once_lose_nothing(ledger_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER_SCRIPT,
                str(Path(__file__).parent),
                str(tmp_path),
                ledger_url,
                str(go),
                str(w),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in range(WORKERS)
    ]
    go.touch()
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))

    assert sum(r["created"] for r in reports) == 1
    with Ledger.open(tmp_path, ledger_url) as ledger:
        runs = ledger.stage_runs(SHARED)
        signoffs = ledger.signoffs(SHARED)
        events = ledger.events(SHARED)
    reported_runs = [i for r in reports for i in r["runs"]]
    reported_signoffs = [i for r in reports for i in r["signoffs"]]
    assert len(runs) == len(set(reported_runs)) == WORKERS * RUNS_PER_WORKER
    assert sorted(r.id for r in runs if r.id is not None) == sorted(reported_runs)
    assert sum(len(r.findings) for r in runs) == WORKERS * RUNS_PER_WORKER * FINDINGS_PER_RUN
    assert len(signoffs) == len(set(reported_signoffs)) == WORKERS * SIGNOFFS_PER_WORKER
    assert sorted(s.id for s in signoffs if s.id is not None) == sorted(reported_signoffs)
    assert len(events) == WORKERS * RUNS_PER_WORKER
    # every record intact: equal to what its writer built, field by field
    for run in runs:
        worker, i = (int(part[1:]) for part in run.content_hash.split("-"))
        assert run == dataclasses.replace(_worker_run(worker, i), id=run.id)
    for s in signoffs:
        worker, i = (int(part[1:]) for part in s.reviewer.split(" ")[0].split("-"))
        assert s == dataclasses.replace(_worker_signoff(worker, i), id=s.id)
    for worker in range(WORKERS):
        mine = [e["detail"]["i"] for e in events if e["detail"]["worker"] == worker]
        assert mine == list(range(RUNS_PER_WORKER))  # each process's events in its own order


# -- where the ledger is -----------------------------------------------------------------


def test_default_ledger_is_sqlite_under_dot_airlock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRLOCK_LEDGER_URL", raising=False)
    root = tmp_path / "project"
    root.mkdir()
    with Ledger.open(root) as ledger:
        ledger.add_quarantine(quarantine("q1"))
        assert ledger.url_for_display == f"sqlite:///{root / '.airlock' / 'ledger.db'}"
    assert (root / ".airlock" / "ledger.db").is_file()
    with Ledger.open(root) as again:
        assert again.get_quarantine("q1").id == "q1"


def test_url_precedence_explicit_then_environment_then_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRLOCK_LEDGER_URL", "sqlite:///from-env.db")
    with Ledger.open(tmp_path) as ledger:
        assert ledger.url_for_display == f"sqlite:///{tmp_path / 'from-env.db'}"  # relative to the root
    with Ledger.open(tmp_path, f"sqlite:///{tmp_path / 'explicit.db'}") as ledger:
        assert ledger.url_for_display.endswith("explicit.db")
    assert not (tmp_path / ".airlock").exists()


def test_postgres_urls_mean_psycopg_and_hide_their_password(tmp_path: Path) -> None:
    for given in ("postgresql://u:s3cret@db.example/airlock", "postgres://u:s3cret@db.example/airlock"):
        url = resolve_url(tmp_path, given)
        assert url.drivername == "postgresql+psycopg"
        assert "s3cret" not in url.render_as_string()
    for nonsense in ("nonsense", "postgresql://u:s3cret@db:port/airlock"):
        with pytest.raises(LedgerError, match="not a database URL") as caught:
            resolve_url(tmp_path, nonsense)
        assert "s3cret" not in str(caught.value)
    with pytest.raises(LedgerError, match="unsupported ledger database 'mysql'"):
        resolve_url(tmp_path, "mysql://u:s3cret@db/airlock")
    with pytest.raises(LedgerError, match="unsupported database driver 'psycopg2'") as caught:
        resolve_url(tmp_path, "postgresql+psycopg2://u:s3cret@db/airlock")
    assert "s3cret" not in str(caught.value)


def test_an_unreachable_server_is_a_ledger_error_without_the_password(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as caught:
        Ledger.open(tmp_path, "postgresql://airlock:s3cret-pw@127.0.0.1:1/ledger")
    message = str(caught.value)
    assert "s3cret-pw" not in message
    assert "postgresql+psycopg://airlock:***@127.0.0.1:1/ledger" in message
    assert caught.value.hint is not None


@pytest.mark.parametrize("content", [b"this is not a database\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_corrupt_ledger_file_is_a_ledger_error_with_a_hint(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / ".airlock" / "ledger.db"
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(LedgerError, match="cannot open the ledger") as caught:
        Ledger.open(tmp_path, f"sqlite:///{path}")
    assert caught.value.hint is not None
    assert "move a damaged file aside" in caught.value.hint
    assert path.read_bytes() == content  # untouched


def test_a_ledger_folder_that_cannot_be_created_is_a_ledger_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIRLOCK_LEDGER_URL", raising=False)
    (tmp_path / ".airlock").write_text("a file where the folder should be")
    with pytest.raises(LedgerError, match="cannot create the ledger folder"):
        Ledger.open(tmp_path)

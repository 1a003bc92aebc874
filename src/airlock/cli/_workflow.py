"""The quarantine commands: intake, check, review, gate, release, status, show, abandon.

Each speaks ``--format json`` for scripts; text goes to a terminal. The logic lives in
``airlock.workflow``; this module only parses, calls and prints.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airlock.cli._io import EXIT_BLOCKING, EXIT_OK, err, out, out_json
from airlock.config import Config, resolve_project
from airlock.errors import WorkflowError
from airlock.workflow import git
from airlock.workflow.records import Provenance, Quarantine, QuarantineState, SourceKind, StageRun, Verdict

if TYPE_CHECKING:
    from airlock.workflow.ledger import Ledger

# The workflow modules (SQLAlchemy, Alembic) are imported inside the commands that use
# them: `airlock scan` must not pay 300 ms of start-up for a ledger it never opens.

__all__ = ["add_parsers"]


def add_parsers(commands: Any) -> None:
    p = commands.add_parser("intake", help="take an AI-written change into quarantine")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--branch", metavar="B", help="a branch holding the change")
    source.add_argument("--range", metavar="A..B", help="a commit range")
    source.add_argument("--patch", metavar="FILE", type=Path, help="a patch (git format-patch or plain diff)")
    source.add_argument("--files", metavar="DIR", type=Path, help="a folder of generated files (with --into)")
    p.add_argument("--into", metavar="PATH", help="where --files go inside the repository")
    p.add_argument("--target", metavar="BRANCH", help="branch to merge into on release (default: the current one)")
    p.add_argument("--tool", help="the AI tool (claude, copilot, cursor, ...)")
    p.add_argument("--model", help="the model")
    p.add_argument("--prompt", help="the prompt, or @FILE to read it from a file")
    p.add_argument("--redact-prompt", action="store_true", help="keep only a hash of the prompt")
    p.add_argument("--scope", action="append", default=[], metavar="GLOB", help="path or glob the prompt was about")
    p.add_argument("--prompter", help="'name <email>' of who asked the AI (default: git's user)")
    _format(p)
    p.set_defaults(handler=_intake)

    p = commands.add_parser("check", help="run the configured stages on a quarantined change")
    p.add_argument("id")
    p.add_argument("--stage", action="append", choices=["scan", "probe"], help="only these stages")
    _format(p)
    p.set_defaults(handler=_check)

    p = commands.add_parser("review", help="explain each file back and sign off")
    p.add_argument("id")
    p.add_argument("--answers", type=Path, metavar="FILE", help="answers as JSON instead of the terminal")
    p.add_argument("--reviewer", help="'name <email>' (default: git's user)")
    _format(p)
    p.set_defaults(handler=_review)

    p = commands.add_parser("gate", help="the verdict: pass (0) or fail (1)")
    p.add_argument("id", nargs="?", help="a quarantine id (or use --diff for the current tree)")
    p.add_argument("--diff", metavar="REF", help="without quarantine: judge the current tree's changes since REF")
    _format(p)
    p.set_defaults(handler=_gate)

    p = commands.add_parser("release", help="merge on a passing, current verdict")
    p.add_argument("id")
    _format(p)
    p.set_defaults(handler=_release)

    p = commands.add_parser("status", help="quarantined changes and their stage states")
    p.add_argument("--all", action="store_true", help="include released and abandoned entries")
    _format(p)
    p.set_defaults(handler=_status)

    p = commands.add_parser("show", help="one quarantined change in full")
    p.add_argument("id")
    _format(p)
    p.set_defaults(handler=_show)

    p = commands.add_parser("abandon", help="drop a quarantined change and its worktree")
    p.add_argument("id")
    _format(p)
    p.set_defaults(handler=_abandon)


def _format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=["text", "json"], default="text")


@contextmanager
def _project() -> Iterator[tuple[Path, Config, Ledger]]:
    from airlock.workflow.ledger import ENV_VAR, Ledger

    root = git.repo_root(Path.cwd())
    _, config = resolve_project([root])
    url = None if os.environ.get(ENV_VAR) else config.ledger_url
    with Ledger.open(root, url) as ledger:
        yield root, config, ledger


def _intake(args: argparse.Namespace) -> int:
    from airlock.workflow.intake import IntakeSource, intake

    kind, ref = next(
        (SourceKind(k), str(v))
        for k, v in (("branch", args.branch), ("range", args.range), ("patch", args.patch), ("files", args.files))
        if v is not None
    )
    if kind is SourceKind.FILES and not args.into:
        raise WorkflowError("--files needs --into PATH: where the files go in the repository")
    prompt = args.prompt
    if prompt and prompt.startswith("@"):
        prompt = Path(prompt[1:]).read_text(encoding="utf-8")
    with _project() as (root, _config, ledger):
        prompter = args.prompter or git.identity(root)
        provenance = Provenance(
            tool=args.tool, model=args.model, prompt=prompt, scope=tuple(args.scope), prompter=prompter
        )
        source_ref = str(Path(ref).resolve()) if kind in (SourceKind.PATCH, SourceKind.FILES) else ref
        quarantine, findings = intake(
            root,
            IntakeSource(kind, source_ref, args.into),
            provenance,
            target=args.target,
            redact_prompt=args.redact_prompt,
        )
        if kind in (SourceKind.PATCH, SourceKind.FILES):
            quarantine = replace(quarantine, source_ref=ref)
        ledger.add_quarantine(quarantine)
        ledger.add_event(quarantine.id, "intake", {"scope_findings": [f.to_dict() for f in findings]})
    if args.format == "json":
        out_json({**_quarantine_json(quarantine), "findings": [f.to_dict() for f in findings]})
    else:
        out(f"quarantined {quarantine.id} in {quarantine.worktree} (branch {quarantine.branch})")
        out(f"  {len(quarantine.changed_files)} changed files; target {quarantine.target_branch}")
        for signal in quarantine.provenance.signals:
            out(f"  signal: {signal.value} ({signal.kind}, confidence {signal.confidence:.2f})")
        for finding in findings:
            out(f"  out of scope: {finding.path}")
        out(f"next: airlock check {quarantine.id}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from airlock._terminal import terminal_progress
    from airlock.workflow.check import open_tree, run_checks

    with _project() as (root, _config, ledger), terminal_progress(enabled=args.format == "text") as progress:
        runs = run_checks(root, ledger, args.id, stages=args.stage, progress=progress)
        tree = open_tree(root, ledger, args.id)
        fail_on = tree.config.policy.block_on or tree.config.fail_on
    if args.format == "json":
        out_json({"id": tree.quarantine.id, "runs": [_run_json(r, fail_on) for r in runs]})
    else:
        for run in runs:
            summary = _run_json(run, fail_on)
            state = run.error if run.error else f"{summary['findings']} findings, {summary['blocking']} blocking"
            out(f"{run.stage:6} {run.status.value:6} {state}")
            for finding in run.findings:
                out(f"  {finding.path}:{finding.line}  {finding.severity.value:8} {finding.rule_id}  {finding.message}")
        out(f"next: airlock review {tree.quarantine.id}, then airlock gate {tree.quarantine.id}")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from airlock.workflow.check import open_tree
    from airlock.workflow.content import content_hash
    from airlock.workflow.review import build_signoff, load_answers, material_for

    with _project() as (root, _config, ledger):
        tree = open_tree(root, ledger, args.id)
        material = material_for(tree, ledger.latest_stage_run(tree.quarantine.id, "scan"), content_hash(tree.path))
        if args.answers:
            answers = load_answers(args.answers)
        else:
            from airlock.cli._review_tty import ask_answers

            answers = ask_answers(material, args.reviewer or git.identity(root) or "")
        signoff = ledger.add_signoff(build_signoff(tree, material, answers))
        ledger.add_event(tree.quarantine.id, "review", {"reviewer": signoff.reviewer, "files": len(signoff.files)})
    if args.format == "json":
        out_json(
            {
                "id": tree.quarantine.id,
                "reviewer": signoff.reviewer,
                "files": {f.path: f.change_hash for f in signoff.files},
                "acknowledgements": signoff.acknowledgements,
            }
        )
    else:
        out(f"signed off {len(signoff.files)} files of {tree.quarantine.id} as {signoff.reviewer}")
        out(f"next: airlock gate {tree.quarantine.id}")
    return EXIT_OK


def _gate(args: argparse.Namespace) -> int:
    from airlock.workflow.diff_gate import diff_verdict

    if args.diff:
        if args.id:
            raise WorkflowError("give a quarantine id or --diff REF, not both")
        root = git.repo_root(Path.cwd())
        _, config = resolve_project([root])
        verdict = diff_verdict(root, config, args.diff)
    elif not args.id:
        raise WorkflowError("gate needs a quarantine id, or --diff REF", hint="`airlock status` lists the ids")
    else:
        verdict = _quarantine_verdict(args.id)
    if args.format == "json":
        out_json(_verdict_json(verdict))
    else:
        out(_verdict_table(verdict))
    return EXIT_OK if verdict.passed else EXIT_BLOCKING


def _quarantine_verdict(qid: str) -> Verdict:
    from airlock.workflow.check import open_tree
    from airlock.workflow.release import current_verdict

    with _project() as (root, _config, ledger):
        tree = open_tree(root, ledger, qid)
        verdict = current_verdict(tree, ledger)
        ledger.add_event(tree.quarantine.id, "gate", {"passed": verdict.passed, "content_hash": verdict.content_hash})
    return verdict


def _release(args: argparse.Namespace) -> int:
    from airlock.workflow.release import release

    with _project() as (root, _config, ledger):
        quarantine = ledger.get_quarantine(args.id)
        commit = release(root, ledger, quarantine.id)
    if args.format == "json":
        out_json({"id": quarantine.id, "commit": commit, "target": quarantine.target_branch})
    else:
        out(f"released {quarantine.id} into {quarantine.target_branch} as {commit[:12]}")
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from airlock.workflow.check import open_tree
    from airlock.workflow.release import current_verdict

    with _project() as (root, _config, ledger):
        entries = ledger.list_quarantines(None if args.all else QuarantineState.OPEN)
        rows = []
        for quarantine in entries:
            stages: dict[str, str] = {}
            if quarantine.state is QuarantineState.OPEN and (root / quarantine.worktree).is_dir():
                verdict = current_verdict(open_tree(root, ledger, quarantine.id), ledger)
                stages = {row.stage: row.state for row in verdict.rows}
            rows.append({**_quarantine_json(quarantine), "stages": stages})
    if args.format == "json":
        out_json({"quarantines": rows})
    elif not rows:
        out("no quarantined changes" + ("" if args.all else " open (--all shows the closed ones)"))
    else:
        for row in rows:
            states = " ".join(f"{k}:{v}" for k, v in row["stages"].items()) or "-"
            out(f"{row['id']:10} {row['state']:9} {row['source']:40} {states}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    with _project() as (_root, _config, ledger):
        quarantine = ledger.get_quarantine(args.id)
        runs = ledger.stage_runs(quarantine.id)
        signoffs = ledger.signoffs(quarantine.id)
        events = ledger.events(quarantine.id)
    data = {
        **_quarantine_json(quarantine),
        "provenance": asdict(quarantine.provenance),
        "runs": [_run_json(r, None) for r in runs],
        "signoffs": [
            {"reviewer": s.reviewer, "at": s.created_at.isoformat(), "files": [f.path for f in s.files]}
            for s in signoffs
        ],
        "events": events,
    }
    if args.format == "json":
        out_json(data)
    else:
        out(f"{quarantine.id}  {quarantine.state.value}  {quarantine.source_kind.value} {quarantine.source_ref}")
        out(f"  worktree {quarantine.worktree}, branch {quarantine.branch}, target {quarantine.target_branch}")
        prov = quarantine.provenance
        out(f"  tool {prov.tool or '-'}, model {prov.model or '-'}, prompter {prov.prompter or '-'}")
        for path in quarantine.changed_files:
            out(f"  changed: {path}")
        for event in events:
            out(f"  {event['at']}  {event['kind']}")
    return EXIT_OK


def _abandon(args: argparse.Namespace) -> int:
    with _project() as (root, _config, ledger):
        quarantine = ledger.get_quarantine(args.id)
        if quarantine.state is not QuarantineState.OPEN:
            raise WorkflowError(f"quarantine {quarantine.id} is already {quarantine.state.value}")
        path = root / quarantine.worktree
        if path.is_dir():
            git.remove_worktree(root, path, force=True)
        if git.branch_exists(root, quarantine.branch):
            git.delete_branch(root, quarantine.branch)
        ledger.set_state(quarantine.id, QuarantineState.ABANDONED)
        ledger.add_event(quarantine.id, "abandon", {})
    if args.format == "json":
        out_json({"id": quarantine.id, "state": "abandoned"})
    else:
        err(f"abandoned {quarantine.id}")
    return EXIT_OK


def _quarantine_json(q: Quarantine) -> dict[str, Any]:
    return {
        "id": q.id,
        "worktree": q.worktree,
        "branch": q.branch,
        "target": q.target_branch,
        "base": q.base_commit,
        "state": q.state.value,
        "source": f"{q.source_kind.value} {q.source_ref}",
        "created_at": q.created_at.isoformat(),
        "changed_files": list(q.changed_files),
        "tool": q.provenance.tool,
        "model": q.provenance.model,
        "signals": [asdict(s) for s in q.provenance.signals],
    }


def _run_json(run: StageRun, fail_on: Any) -> dict[str, Any]:
    blocking = [f for f in run.findings if fail_on is not None and f.severity.at_least(fail_on)]
    return {
        "stage": run.stage,
        "status": run.status.value,
        "content_hash": run.content_hash,
        "started_at": run.started_at.isoformat(),
        "findings": len(run.findings),
        "blocking": len(blocking),
        "error": run.error,
        "metrics": run.metrics,
        "details": [f.to_dict() for f in run.findings],
    }


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "id": verdict.quarantine_id,
        "passed": verdict.passed,
        "verdict": "pass" if verdict.passed else "fail",
        "content_hash": verdict.content_hash,
        "rows": [asdict(r) for r in verdict.rows],
        "blocking": [f.to_dict() for f in verdict.blocking],
    }


def _verdict_table(verdict: Verdict) -> str:
    lines = [f"{'stage':8} {'state':8} why"]
    lines += [f"{row.stage:8} {row.state:8} {row.why}" for row in verdict.rows]
    for finding in verdict.blocking:
        lines.append(
            f"  blocking: {finding.path}:{finding.line} {finding.rule_id} [{finding.fingerprint}] {finding.message}"
        )
    lines.append(f"verdict: {'PASS' if verdict.passed else 'FAIL'} ({verdict.quarantine_id})")
    return "\n".join(lines)

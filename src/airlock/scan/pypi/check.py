"""The ``--online`` check: the package index confirms, clears or adds package findings.

Given the findings of a finished analysis and the project context, it asks the index about

- every import that ``unknown-import`` reported (resolved nowhere offline), and
- every requirement the manifests declare (direct references to URLs and paths aside),

then, per name, scores the risk (:mod:`.signals`) and:

- an unknown import the index does not know stays ``unknown-import``, now with high
  confidence; one the index knows but that scores as suspicious stays, with medium
  confidence; one that looks sound becomes ``undeclared-import`` when the project declares
  dependencies, and is dropped otherwise (a real package, merely not installed here);
- a declared requirement the index does not know is ``unknown-requirement``; one that
  scores as suspicious is ``suspicious-requirement``; both point at the manifest's line;
- names the index could not be asked about keep their offline findings, and one
  ``AIR000`` finding says which and why.

Every finding it writes carries the score and each signal with its reason in ``evidence``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from airlock import catalogue
from airlock.model import Confidence, Finding, Severity
from airlock.scan.analyse import unanalysable
from airlock.scan.imports.manifests import DeclaredRequirement, Manifests, declare_hint, parse_manifests
from airlock.scan.imports.names import normalise
from airlock.scan.project import ProjectContext
from airlock.scan.pypi.client import IndexAnswer, IndexClient
from airlock.scan.pypi.signals import SUSPICIOUS, Risk, assess
from airlock.scan.rules.packages import SuspiciousRequirement, UnknownRequirement, imported_module

__all__ = ["check_project"]

_NOT_ON_INDEX = (
    "No project of that name exists: use the library you meant (its import name may differ from its "
    "project name) or the standard library. Do not install the name: anyone can register it."
)


def check_project(
    project: ProjectContext,
    findings: Mapping[str, Sequence[Finding]],
    client: IndexClient,
    *,
    now: datetime | None = None,
) -> dict[str, list[Finding]]:
    """The files whose findings the index changes, each with all of its findings afterwards."""
    now = now or datetime.now(UTC)
    manifests = parse_manifests(project.manifests)
    own = {normalise(m) for m in project.local_modules}
    requirements = [r for r in manifests.requirements if not r.direct and r.key not in own]
    imports = {
        (path, index): module
        for path, items in findings.items()
        for index, finding in enumerate(items)
        if finding.rule_id == "unknown-import" and (module := imported_module(finding.message))
    }
    names = {r.key for r in requirements} | {normalise(m.split(".", 1)[0]) for m in imports.values()}
    answers = client.fetch_many(names)
    risks = {name: assess(answer, now) for name, answer in answers.items()}
    changed: dict[str, list[Finding]] = {}

    for path in sorted({path for path, _ in imports}):
        kept: list[Finding] = []
        for index, finding in enumerate(findings[path]):
            module = imports.get((path, index))
            if module is None:
                kept.append(finding)
                continue
            key = normalise(module.split(".", 1)[0])
            revised = _revise_import(
                finding, module, answers[key], risks[key], index=client.base_url, manifests=manifests
            )
            if revised is not None:
                kept.append(revised)
        changed[path] = kept

    seen: set[tuple[str, str]] = set()
    for requirement in requirements:
        if (requirement.path, requirement.key) in seen:
            continue
        seen.add((requirement.path, requirement.key))
        answer, risk = answers[requirement.key], risks[requirement.key]
        added = _requirement_finding(requirement, answer, risk, client, project)
        if added is not None:
            changed.setdefault(requirement.path, list(findings.get(requirement.path, ()))).append(added)

    failed = sorted(name for name, answer in answers.items() if answer.status == "failed")
    if failed:
        reasons = sorted({answers[name].reason for name in failed})
        shown = ", ".join(failed[:8]) + (f" and {len(failed) - 8} more" if len(failed) > 8 else "")
        problem = unanalysable(
            ".",
            f"the package index at {client.base_url} could not be asked about {shown}: {'; '.join(reasons)}; "
            "their findings stay unverified",
        )
        changed.setdefault(".", list(findings.get(".", ()))).append(problem)
    return changed


def _squat_confidence(risk: Risk) -> Confidence:
    """Medium, from heuristics; high when the name is a documented AI invention."""
    return Confidence.HIGH if any(s.id == "known-hallucinated" for s in risk.signals) else Confidence.MEDIUM


def _revise_import(
    finding: Finding, module: str, answer: IndexAnswer, risk: Risk, *, index: str, manifests: Manifests
) -> Finding | None:
    evidence = risk.evidence(index)
    if answer.status == "failed":
        return replace(finding, message=f"{finding.message} (the index could not be asked: {answer.reason})")
    if answer.status == "missing":
        also = risk.reasons(leave_out="missing")
        return replace(
            finding,
            message=f"`{module}` is not installed, declared, nor on the package index ({index})"
            + (f"; {also}" if also else ""),
            remedy=_NOT_ON_INDEX,
            confidence=Confidence.HIGH,
            evidence=evidence,
        )
    if risk.score >= SUSPICIOUS:
        return replace(
            finding,
            message=f"`{module}` is on the package index but looks like a squat: {risk.summary}",
            confidence=_squat_confidence(risk),
            evidence=evidence,
        )
    if not manifests.complete:
        return None  # a real package, not installed here; without manifests there is nothing to say
    where = declare_hint(manifests, finding.path)
    dist = answer.project.name if answer.project else answer.name
    category = catalogue.get("undeclared-dependency")
    return replace(
        finding,
        rule_id="undeclared-import",
        category=category.id,
        family=category.family.value,
        severity=category.default_severity,
        confidence=Confidence.HIGH,
        message=(
            f"`{module}` comes from {dist}, which no manifest declares and which is not installed: add it to {where}"
        ),
        remedy=f"Declare `{dist}` with a version range in {where}, then update the lock file.",
        evidence=evidence,
    )


def _requirement_finding(
    requirement: DeclaredRequirement, answer: IndexAnswer, risk: Risk, client: IndexClient, project: ProjectContext
) -> Finding | None:
    if answer.status == "failed":
        return None
    if answer.status == "missing":
        meta, confidence = UnknownRequirement.meta, Confidence.HIGH
        also = risk.reasons(leave_out="missing")
        message = f"`{requirement.name}` ({requirement.section}) is not on the package index ({client.base_url})"
        message += f"; {also}" if also else ""
    elif risk.score >= SUSPICIOUS:
        meta, confidence = SuspiciousRequirement.meta, _squat_confidence(risk)
        message = f"`{requirement.name}` ({requirement.section}) looks like a squat: {risk.summary}"
    else:
        return None
    category = catalogue.get(meta.category)
    lines = project.manifests.get(requirement.path, "").splitlines()
    snippet = lines[requirement.line - 1].strip() if 0 < requirement.line <= len(lines) else requirement.name
    severity: Severity = meta.severity or category.default_severity
    return Finding(
        rule_id=meta.id,
        category=category.id,
        family=category.family.value,
        severity=severity,
        path=requirement.path,
        line=requirement.line,
        end_line=requirement.line,
        message=message,
        remedy=(
            "Check the name on the package index: find the project you meant (its import name may differ), "
            "replace the requirement, and install from a lock file with hashes."
        ),
        confidence=confidence,
        snippet=snippet,
        evidence=risk.evidence(client.base_url),
    )

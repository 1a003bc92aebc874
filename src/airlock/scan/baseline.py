"""Fingerprints that survive line shifts, and the baseline file built from them.

A fingerprint hashes the rule, the path, the finding's first source line with its
whitespace collapsed, and the occurrence index of that (rule, line text) in the file;
so unrelated edits and moved code keep it, while a second identical problem gets its own.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from airlock._version import __version__
from airlock.errors import ScanError
from airlock.model import Finding

__all__ = ["fingerprint_all", "read_baseline", "write_baseline"]


def fingerprint_all(findings: Sequence[Finding]) -> list[Finding]:
    """The same findings with ``fingerprint`` set; input must be sorted by location."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in findings:
        text = " ".join((finding.snippet or finding.message).split())
        key = (finding.rule_id, finding.path, text)
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{finding.rule_id}\0{finding.path}\0{text}\0{occurrence}".encode()).hexdigest()
        result.append(replace(finding, fingerprint=digest[:24]))
    return result


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule_id": f.rule_id, "path": f.path, "message": f.message} for f in findings),
        key=lambda e: (e["path"], e["rule_id"], e["fingerprint"]),
    )
    data = {"tool": "airlock", "version": __version__, "format": 1, "findings": entries}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> frozenset[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return frozenset(str(e["fingerprint"]) for e in data["findings"])
    except OSError as exc:
        raise ScanError(
            f"{path}: cannot read baseline: {exc.strerror}", hint="create one with --write-baseline"
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ScanError(f"{path}: not an airlock baseline ({exc})", hint="recreate it with --write-baseline") from exc

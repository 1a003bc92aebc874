"""The whole standard library of the running interpreter: no crash, no rule failure.

Files Python itself cannot parse or decode (test data in ``lib2to3`` and ``test``) must
come out as AIR000 findings; a rule that crashes or recurses would show as an AIR000
naming the rule, and fails this test.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

from airlock.config import Config
from airlock.scan.engine import ScanRequest, run_scan


def test_stdlib_scan_completes_without_rule_failures() -> None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    result = run_scan(ScanRequest(root=stdlib, targets=(stdlib,), config=Config(ruff=False), jobs=2))
    assert result.stats.files_scanned > 1000
    air000 = [f for f in result.findings if f.rule_id == "AIR000"]
    failures = [f for f in air000 if f.message.startswith("rule ")]
    assert failures == [], [(f.path, f.message) for f in failures[:10]]
    assert air000, "the stdlib ships files that do not parse; they must be reported"
    assert all(f.message.startswith(("does not parse", "cannot decode")) for f in air000)

"""The command line as a user runs it: a real subprocess, real files, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from airlock.cli import main
from airlock.report.schema import load_schema

BAD = "import requests\n\n\ndef fetch(url):\n    return requests.get(url)\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "airlock", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_python_dash_m_json_validates_against_shipped_schema(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(BAD)
    proc = run("scan", ".", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["findings"][0]["path"] == "client.py"
    assert data["summary"]["blocking"] >= 1


def test_clean_tree_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n")
    assert main(["scan", str(tmp_path), "--no-ruff"]) == 0
    assert "No findings" in capsys.readouterr().out


def test_fail_on_critical_lets_high_pass(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(BAD)
    assert main(["scan", str(tmp_path), "--no-ruff", "--fail-on", "critical", "-q", "-f", "json"]) == 0


def test_output_file_and_formats(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(BAD)
    for fmt in ("text", "json", "sarif", "junit"):
        out = tmp_path / f"report.{fmt}"
        assert main(["scan", str(tmp_path / "client.py"), "--no-ruff", "-f", fmt, "-o", str(out)]) == 1
        assert "client.py" in out.read_text()


def test_usage_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "airlock.toml").write_text("colour = 'red'\n")
    assert main(["scan", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'colour'" in err and "hint:" in err
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--format", "yaml"])
    assert exc.value.code == 2


def test_write_baseline_then_use_it(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(BAD)
    baseline = tmp_path / "airlock-baseline.json"
    assert main(["scan", str(tmp_path), "--no-ruff", "--write-baseline", str(baseline)]) == 0
    assert main(["scan", str(tmp_path), "--no-ruff", "--baseline", str(baseline)]) == 0


@pytest.mark.parametrize("name", ["no-timeout", "call-without-timeout", "ruff:S113", "unanalysable"])
def test_explain(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", name]) == 0
    out = capsys.readouterr().out
    assert "## Why AI-written code does this" in out and "## Fix" in out


def test_explain_unknown_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "no-such-thing"]) == 2
    assert main(["explain", "--list"]) == 0
    assert "race-condition" in capsys.readouterr().out


def test_rules_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert "call-without-timeout" in capsys.readouterr().out
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$schema"].startswith("https://json-schema.org/")

"""The package index, when asked: a real HTTP server on 127.0.0.1 serves the JSON API's format.

The client's timeout, retries with backoff, ``Retry-After``, the on-disk cache; every risk
signal with its reason; the ``--online`` scan end to end (imports confirmed, cleared or kept;
requirements that do not exist or look like squats, on their manifest lines); and the
guarantee that an offline scan never sends a request. No packet leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from airlock.cli import main
from airlock.config import Config, parse_config
from airlock.errors import ConfigError
from airlock.model import Confidence
from airlock.report.schema import load_schema
from airlock.scan.engine import ScanRequest, run_scan
from airlock.scan.pypi import IndexAnswer, IndexClient, ProjectInfo, assess, index_url

NOW = datetime.now(UTC)
Project = Callable[[dict[str, str | bytes]], Path]


def release_files(name: str, version: str, when: datetime) -> list[dict[str, Any]]:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
    return [
        {
            "filename": f"{name}-{version}-py3-none-any.whl",
            "packagetype": "bdist_wheel",
            "upload_time": stamp,
            "upload_time_iso_8601": stamp + ".000000Z",
            "url": f"https://files.example/{name}-{version}-py3-none-any.whl",
            "yanked": False,
        }
    ]


def project_json(name: str, ages_days: list[int], summary: str = "", description: str = "") -> dict[str, Any]:
    """A JSON API answer: ``info``, ``releases`` (version → files), ``urls`` (latest files)."""
    releases = {
        f"1.{i}.0": release_files(name, f"1.{i}.0", NOW - timedelta(days=age)) for i, age in enumerate(ages_days)
    }
    latest = f"1.{len(ages_days) - 1}.0" if ages_days else "0"
    return {
        "info": {"name": name, "summary": summary, "description": description, "version": latest},
        "last_serial": 1,
        "releases": releases,
        "urls": releases.get(latest, []),
        "vulnerabilities": [],
    }


ESTABLISHED = "Python HTTP for Humans. " + "A long description of a mature library. " * 5
PACKAGES: dict[str, dict[str, Any]] = {
    "requests": project_json("requests", [4000, 3000, 2000, 1000, 400], "Python HTTP for Humans.", ESTABLISHED),
    "markdown-table-kit": project_json(
        "markdown-table-kit", [900, 700, 500], "Render tables as Markdown.", ESTABLISHED
    ),
    "brand-new-pkg": project_json("brand-new-pkg", [2], "A short description"),
    "reqeusts": project_json("reqeusts", [10]),
    "empty-shell": project_json("empty-shell", []) | {"releases": {"0.0.1": []}},
}


class IndexServer:
    """A JSON API on 127.0.0.1: fixed answers, a 404 for the rest, and a few misbehaving names."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")
                name = parts[1] if len(parts) == 3 and parts[0] == "pypi" and parts[2] == "json" else ""
                server.hits[name] += 1
                if name == "hangs":
                    server.release.wait(10)
                    return
                if name == "rate-limited" and server.hits[name] == 1:
                    self.answer(429, {"message": "slow down"}, {"Retry-After": "1"})
                elif name == "very-rate-limited":
                    self.answer(429, {"message": "come back tomorrow"}, {"Retry-After": "3600"})
                elif name == "flaky" and server.hits[name] == 1:
                    self.answer(503, {"message": "try again"})
                elif name in ("rate-limited", "flaky"):
                    self.answer(200, project_json(name, [800, 600, 300], "Works.", ESTABLISHED))
                elif name in PACKAGES:
                    self.answer(200, PACKAGES[name])
                else:
                    self.answer(404, {"message": "Not Found"})

            def answer(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:  # quiet tests
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/pypi"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def total(self) -> int:
        return sum(self.hits.values())


@pytest.fixture
def index() -> Iterator[IndexServer]:
    server = IndexServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.httpd.shutdown()
        server.httpd.server_close()


def client(server: IndexServer, tmp_path: Path, **kwargs: Any) -> IndexClient:
    options: dict[str, Any] = {"timeout": 2.0, "retries": 2, "backoff": 0.05, "concurrency": 4} | kwargs
    return IndexClient(server.url, tmp_path / "pypi-cache", **options)


# --- the client ------------------------------------------------------------------------


def test_found_and_missing(index: IndexServer, tmp_path: Path) -> None:
    answers = client(index, tmp_path).fetch_many(["Requests", "fastapi_csv_export"])
    found, missing = answers["requests"], answers["fastapi-csv-export"]
    assert found.status == "found" and found.project is not None
    assert found.project.summary == "Python HTTP for Humans." and len(found.project.releases) == 5
    assert missing.status == "missing" and missing.attempts == 1


def test_retry_after_is_honoured_on_429(index: IndexServer, tmp_path: Path) -> None:
    answer = client(index, tmp_path).fetch("rate-limited")
    assert answer.status == "found" and answer.attempts == 2
    assert answer.waited == pytest.approx(1.0)  # exactly what the index asked for
    assert index.hits["rate-limited"] == 2


def test_a_retry_after_longer_than_allowed_stops_asking(index: IndexServer, tmp_path: Path) -> None:
    answer = client(index, tmp_path, max_retry_after=30).fetch("very-rate-limited")
    assert answer.status == "failed" and "3600 s" in answer.reason and answer.waited == 0
    assert index.hits["very-rate-limited"] == 1


def test_server_errors_are_retried_with_backoff(index: IndexServer, tmp_path: Path) -> None:
    answer = client(index, tmp_path).fetch("flaky")
    assert answer.status == "found" and answer.attempts == 2
    assert 0.025 <= answer.waited <= 0.05  # half to all of the first backoff step: jitter


def test_a_hanging_index_times_out(index: IndexServer, tmp_path: Path) -> None:
    answer = client(index, tmp_path, timeout=0.3, retries=1).fetch("hangs")
    assert answer.status == "failed" and "no answer within 0.3 s" in answer.reason
    assert answer.attempts == 2 and index.hits["hangs"] == 2


def test_an_unreachable_index_fails_cleanly(tmp_path: Path) -> None:
    closed = IndexClient("http://127.0.0.1:9/pypi", None, timeout=1.0, retries=1, backoff=0.01)
    answer = closed.fetch("requests")
    assert answer.status == "failed" and "cannot connect" in answer.reason


def test_answers_are_cached_on_disk(index: IndexServer, tmp_path: Path) -> None:
    first = client(index, tmp_path).fetch_many(["requests", "nope-not-here"])
    assert index.total == 2 and not any(a.cached for a in first.values())
    second = client(index, tmp_path).fetch_many(["requests", "nope-not-here"])
    assert index.total == 2, "a fresh cache answers without a request"
    assert all(a.cached for a in second.values()) and second["requests"].project == first["requests"].project
    client(index, tmp_path, ttl=0, missing_ttl=0).fetch_many(["requests", "nope-not-here"])
    assert index.total == 4, "expired entries are asked again"


def test_a_corrupt_cache_file_counts_as_absent(index: IndexServer, tmp_path: Path) -> None:
    client(index, tmp_path).fetch("requests")
    (cached,) = (tmp_path / "pypi-cache").rglob("requests.json")
    cached.write_text("{not json", encoding="utf-8")
    assert client(index, tmp_path).fetch("requests").status == "found"
    assert index.total == 2


def test_only_http_urls_and_sane_settings() -> None:
    with pytest.raises(ConfigError):
        IndexClient("file:///etc/passwd")
    with pytest.raises(ConfigError):
        IndexClient("https://pypi.org/pypi", timeout=0)


# --- the risk signals ----------------------------------------------------------------


def answer_for(index: IndexServer, tmp_path: Path, name: str) -> IndexAnswer:
    return client(index, tmp_path).fetch(name)


def signal_ids(answer: IndexAnswer) -> dict[str, str]:
    return {s.id: s.reason for s in assess(answer, NOW).signals}


def test_every_signal_comes_with_its_reason(index: IndexServer, tmp_path: Path) -> None:
    missing = signal_ids(answer_for(index, tmp_path, "fastapi-csv-export"))
    assert missing == {"missing": "not on the package index"}

    new = assess(answer_for(index, tmp_path, "brand-new-pkg"), NOW)
    reasons = {s.id: s.reason for s in new.signals}
    assert reasons["new"].startswith("first release 2 days ago")
    assert reasons["few-releases"] == "only 1 release"
    assert reasons["placeholder-description"] == "empty or placeholder description ('A short description')"
    assert new.score == 65 and "risk 65/100" in new.summary

    squat = assess(answer_for(index, tmp_path, "reqeusts"), NOW)
    reasons = {s.id: s.reason for s in squat.signals}
    assert reasons["near-popular"].startswith("1 edit from `requests`, a popular project")
    assert reasons["placeholder-description"] == "empty or placeholder description"
    assert {"new", "few-releases"} <= set(reasons) and squat.score == 100

    shell = signal_ids(answer_for(index, tmp_path, "empty-shell"))
    assert shell["no-files"] == "no release has a file to install"

    assert signal_ids(IndexAnswer("numpy-pandas", "missing"))["blend-of-popular"] == (
        "made of popular names `numpy` + `pandas`"
    )
    assert "Lanyado" in signal_ids(IndexAnswer("huggingface-cli", "missing"))["known-hallucinated"]

    sound = assess(answer_for(index, tmp_path, "requests"), NOW)
    assert sound.score == 0 and sound.signals == ()
    assert assess(answer_for(index, tmp_path, "markdown-table-kit"), NOW).score == 0


def test_evidence_carries_score_and_signals() -> None:
    risk = assess(IndexAnswer("reqeusts", "missing"), NOW)
    evidence = risk.evidence("http://127.0.0.1/pypi")
    assert evidence["score"] == 100 and evidence["package"] == "reqeusts"
    assert [s["id"] for s in evidence["signals"]] == ["missing", "near-popular"]
    assert all(s["reason"] and s["points"] > 0 for s in evidence["signals"])


def test_project_info_reads_the_index_format() -> None:
    info = ProjectInfo.from_index("x", project_json("Brand-New", [3, 1], "S", "D"))
    assert info.name == "Brand-New" and info.summary == "S" and len(info.releases) == 2
    assert all(v and v.endswith("Z") for v in info.releases.values())
    assert ProjectInfo.from_json(info.to_json()) == info


# --- the --online scan ---------------------------------------------------------------

APP = {
    "pyproject.toml": (
        '[project]\nname = "shopapp"\ndependencies = [\n'
        '    "requests>=2",\n    "fastapi-csv-export==1.2",\n    "brand-new-pkg",\n    "reqeusts",\n'
        '    "private @ git+https://example.com/private.git",\n]\n'
    ),
    "shopapp/__init__.py": "",
    "shopapp/main.py": (
        "import requests\n\n\ndef export(rows):\n    import totally_missing_pkg\n\n"
        "    return totally_missing_pkg.dump(rows)\n\n\ndef render(rows):\n"
        "    import markdown_table_kit\n\n    return markdown_table_kit.render(rows)\n"
    ),
}


def scan(root: Path, *, online: bool) -> list[Any]:
    return list(run_scan(ScanRequest(root, (root,), Config(ruff=False), online=online)).findings)


def test_online_scan_confirms_clears_and_adds(
    index: IndexServer, make_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_INDEX_URL", index.url)
    root = make_project(APP)
    found = {(f.path, f.line, f.rule_id): f for f in scan(root, online=True)}
    assert set(found) == {
        ("pyproject.toml", 5, "unknown-requirement"),
        ("pyproject.toml", 6, "suspicious-requirement"),
        ("pyproject.toml", 7, "suspicious-requirement"),
        ("shopapp/main.py", 5, "unknown-import"),
        ("shopapp/main.py", 11, "undeclared-import"),
    }
    missing_req = found[("pyproject.toml", 5, "unknown-requirement")]
    assert missing_req.confidence is Confidence.HIGH and missing_req.snippet == '"fastapi-csv-export==1.2",'
    assert "not on the package index" in missing_req.message and missing_req.evidence["score"] == 100
    squat = found[("pyproject.toml", 7, "suspicious-requirement")]
    assert "1 edit from `requests`" in squat.message and squat.evidence["score"] == 100
    new = found[("pyproject.toml", 6, "suspicious-requirement")]
    assert "first release 2 days ago" in new.message and new.evidence["score"] == 65
    unknown = found[("shopapp/main.py", 5, "unknown-import")]
    assert unknown.confidence is Confidence.HIGH and "nor on the package index" in unknown.message
    assert "unverified" not in unknown.message
    cleared = found[("shopapp/main.py", 11, "undeclared-import")]
    assert "markdown-table-kit" in cleared.message and cleared.category == "undeclared-dependency"
    assert "private" not in index.hits, "a direct reference does not come from the index"
    asked = index.total
    scan(root, online=True)
    assert index.total == asked, "the second run is answered by the cache"


def test_offline_scan_never_asks_the_index(
    index: IndexServer, make_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_INDEX_URL", index.url)
    root = make_project(APP)
    offline = {(f.path, f.line, f.rule_id, f.confidence) for f in scan(root, online=False)}
    assert offline == {
        ("shopapp/main.py", 5, "unknown-import", Confidence.LOW),
        ("shopapp/main.py", 11, "unknown-import", Confidence.LOW),
    }
    assert index.total == 0
    # in a fresh interpreter, an offline scan does not even load the index client
    code = (
        "import sys; from pathlib import Path; from airlock.config import Config\n"
        "from airlock.scan.engine import ScanRequest, run_scan\n"
        f"root = Path({str(root)!r}); run_scan(ScanRequest(root, (root,), Config(ruff=False), jobs=1))\n"
        "print('airlock.scan.pypi' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False"], out.stderr
    assert index.total == 0


def test_an_unreachable_index_keeps_offline_findings_and_says_why(
    make_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_INDEX_URL", "http://127.0.0.1:9/pypi")
    root = make_project({"app.py": "import totally_missing_pkg\n"})
    found = scan(root, online=True)
    assert [(f.path, f.rule_id) for f in found] == [(".", "AIR000"), ("app.py", "unknown-import")]
    assert "could not be asked about totally-missing-pkg" in found[0].message
    assert "the index could not be asked" in found[1].message and found[1].confidence is Confidence.LOW


def test_cli_online_flag_and_json_evidence(
    index: IndexServer, make_project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AIRLOCK_INDEX_URL", index.url)
    root = make_project({**APP, "pyproject.toml": APP["pyproject.toml"] + "\n[tool.airlock]\nruff = false\n"})
    assert main(["scan", str(root), "--online", "--format", "json", "-q"]) == 1
    data = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    requirement = next(f for f in data["findings"] if f["rule_id"] == "unknown-requirement")
    assert requirement["path"] == "pyproject.toml" and requirement["evidence"]["signals"][0]["id"] == "missing"
    assert main(["explain", "unknown-requirement"]) == 0
    assert "## What it does" in capsys.readouterr().out


def test_config_online_and_index_url(monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config({"online": True, "index-url": "https://mirror.example/pypi/"})
    assert config.online and config.index_url == "https://mirror.example/pypi"
    monkeypatch.delenv("AIRLOCK_INDEX_URL", raising=False)
    assert index_url(config.index_url) == "https://mirror.example/pypi"
    assert index_url(None) == "https://pypi.org/pypi"
    monkeypatch.setenv("AIRLOCK_INDEX_URL", "http://127.0.0.1:1/pypi")
    assert index_url(config.index_url) == "http://127.0.0.1:1/pypi"
    with pytest.raises(ConfigError, match="index-url"):
        parse_config({"index-url": "ftp://example.com"})
    with pytest.raises(ConfigError, match="online"):
        parse_config({"online": "yes"})
    assert parse_config({"rules": {"unknown-requirement": {"enabled": False}}}).rules

"""The Ruff adapter, against the real Ruff binary.

Every row of ``RUFF_CODES`` has a snippet below whose ``# expect`` line must fire. All
snippets go into one project and Ruff runs once for the module, so the whole file stays
fast. Ruff's failure modes (missing, hung, crashing, printing garbage) are played by tiny
real executables, not mocks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from airlock import catalogue
from airlock.model import Finding
from airlock.scan import ruff as ruff_mod
from airlock.scan.ruff import RUFF_CODES, RuffProcess, RuffRun, find_ruff, run_ruff, selected_codes

RUFF = find_ruff()

# code → a tiny file that triggers it on the line marked ``# expect``.
CASES: dict[str, str] = {
    # blocking-in-async
    "ASYNC210": """
import requests

async def handler():
    return requests.get("https://api.example.com", timeout=5)  # expect
""",
    "ASYNC212": """
import httpx

async def handler(client: httpx.Client):
    return client.get("https://api.example.com")  # expect
""",
    "ASYNC220": """
import subprocess

async def handler():
    return subprocess.Popen(["ls"])  # expect
""",
    "ASYNC221": """
import subprocess

async def handler():
    subprocess.run(["ls"], check=True)  # expect
""",
    "ASYNC222": """
import os

async def handler(pid):
    os.waitpid(pid, 0)  # expect
""",
    "ASYNC230": """
async def handler(path):
    with open(path) as f:  # expect
        return f.read()
""",
    "ASYNC240": """
import os.path

async def handler(path):
    return os.path.exists(path)  # expect
""",
    "ASYNC250": """
async def handler():
    return input("name? ")  # expect
""",
    "ASYNC251": """
import time

async def handler():
    time.sleep(1)  # expect
""",
    # race-condition
    "PLW2101": """
import threading

counter = [0]

def bump():
    with threading.Lock():  # expect
        counter[0] += 1
""",
    "B039": """
from contextvars import ContextVar

TAGS: ContextVar[list] = ContextVar("tags", default=[])  # expect
""",
    "B006": """
def add_item(item, items=[]):  # expect
    items.append(item)
    return items
""",
    "PLW0603": """
hits = 0

def handler():
    global hits  # expect
    hits = hits + 1
""",
    # memory-leak
    "B019": """
import functools

class Repo:
    @functools.lru_cache(maxsize=None)  # expect
    def load(self, key):
        return key
""",
    # resource-leak
    "SIM115": """
def read(path):
    f = open(path)  # expect
    return f.read()
""",
    # exposed-secret
    "S105": """
API_PASSWORD = "hunter2-prod"  # expect
""",
    "S106": """
def connect(make):
    return make(user="app", password="hunter2-prod")  # expect
""",
    "S107": """
def connect(user, password="hunter2-prod"):  # expect
    return user, password
""",
    # missing-validation
    "S202": """
import tarfile

def unpack(path, dest):
    with tarfile.open(path) as tar:
        tar.extractall(dest)  # expect
""",
    # injection
    "S608": """
def find(cur, name):
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")  # expect
""",
    "S610": """
def search(qs, term):
    return qs.extra(where=[f"name = '{term}'"])  # expect
""",
    "S611": """
from django.db.models.expressions import RawSQL

def annotate(qs, col):
    return qs.annotate(v=RawSQL(f"select {col}", []))  # expect
""",
    "S602": """
import subprocess

def ping(host):
    subprocess.run(f"ping -c 1 {host}", shell=True, check=True)  # expect
""",
    "S604": """
def ping(runner, host):
    runner(f"ping -c 1 {host}", shell=True)  # expect
""",
    "S605": """
import os

def ping(host):
    os.system(f"ping -c 1 {host}")  # expect
""",
    "S307": """
def calc(expr):
    return eval(expr)  # expect
""",
    "S102": """
def run(code):
    exec(code)  # expect
""",
    "S301": """
import pickle

def load(blob):
    return pickle.loads(blob)  # expect
""",
    "S302": """
import marshal

def load(blob):
    return marshal.loads(blob)  # expect
""",
    "S506": """
import yaml

def load(text):
    return yaml.load(text, Loader=yaml.Loader)  # expect
""",
    "S701": """
import jinja2

env = jinja2.Environment(loader=jinja2.FileSystemLoader("t"), autoescape=False)  # expect
""",
    "S702": """
from mako.template import Template

def page(name):
    return Template("hello ${name}").render(name=name)  # expect
""",
    "S704": """
from markupsafe import Markup

def greet(name):
    return Markup(f"<b>{name}</b>")  # expect
""",
    "S308": """
from django.utils.safestring import mark_safe

def greet(name):
    return mark_safe(f"<b>{name}</b>")  # expect
""",
    # insecure-config
    "S501": """
import requests

def fetch(url):
    return requests.get(url, timeout=5, verify=False)  # expect
""",
    "S323": """
import ssl

ctx = ssl._create_unverified_context()  # expect
""",
    "S502": """
from OpenSSL import SSL

ctx = SSL.Context(method=SSL.TLSv1_METHOD)  # expect
""",
    "S201": """
from flask import Flask

app = Flask(__name__)
app.run(debug=True)  # expect
""",
    "S507": """
import paramiko

client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect
""",
    "S505": """
from cryptography.hazmat.primitives.asymmetric import rsa

key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect
""",
    "S324": """
import hashlib

def hash_password(pw):
    return hashlib.md5(pw.encode()).hexdigest()  # expect
""",
    "S303": """
from cryptography.hazmat.primitives import hashes

digest = hashes.Hash(hashes.MD5())  # expect
""",
    "S304": """
from cryptography.hazmat.primitives.ciphers import algorithms

cipher = algorithms.ARC4(b"0" * 16)  # expect
""",
    "S305": """
from cryptography.hazmat.primitives.ciphers import modes

mode = modes.ECB()  # expect
""",
    "S103": """
import os

os.chmod("/srv/app/uploads", 0o777)  # expect
""",
    "S306": """
import tempfile

path = tempfile.mktemp()  # expect
""",
    "S104": """
def serve(app):
    app.run(host="0.0.0.0")  # expect
""",
    "S311": """
import random

def reset_token():
    return str(random.random())  # expect
""",
    # no-timeout
    "S113": """
import requests

def fetch(url):
    return requests.get(url)  # expect
""",
    # swallowed-error
    "S110": """
def f(g):
    try:
        g()
    except Exception:  # expect
        pass
""",
    "S112": """
def f(items, g):
    for item in items:
        try:
            g(item)
        except Exception:  # expect
            continue
""",
    "BLE001": """
def f(g):
    try:
        return g()
    except Exception:  # expect
        return None
""",
    "E722": """
def f(g):
    try:
        return g()
    except:  # expect
        return None
""",
    "B012": """
def f(g):
    try:
        return g()
    finally:
        return None  # expect
""",
    "PLW0133": """
def check(amount):
    if amount < 0:
        ValueError("negative amount")  # expect
    return amount
""",
    "RUF006": """
import asyncio

async def handler(job):
    asyncio.create_task(job())  # expect
""",
    "PLW1510": """
import subprocess

def backup():
    subprocess.run(["pg_dump", "app"])  # expect
""",
    # numeric-edge
    "DTZ001": """
import datetime

start = datetime.datetime(2024, 1, 1)  # expect
""",
    "DTZ002": """
import datetime

now = datetime.datetime.today()  # expect
""",
    "DTZ003": """
import datetime

now = datetime.datetime.utcnow()  # expect
""",
    "DTZ004": """
import datetime

when = datetime.datetime.utcfromtimestamp(0)  # expect
""",
    "DTZ005": """
import datetime

now = datetime.datetime.now()  # expect
""",
    "DTZ006": """
import datetime

when = datetime.datetime.fromtimestamp(0)  # expect
""",
    "DTZ007": """
import datetime

when = datetime.datetime.strptime("2024-01-01", "%Y-%m-%d")  # expect
""",
    "DTZ011": """
import datetime

today = datetime.date.today()  # expect
""",
    "DTZ012": """
import datetime

day = datetime.date.fromtimestamp(0)  # expect
""",
    "DTZ901": """
import datetime

never = datetime.datetime.max  # expect
""",
    "RUF032": """
from decimal import Decimal

price = Decimal(0.1)  # expect
""",
    "PLW0177": """
def is_missing(x):
    return x == float("nan")  # expect
""",
    # deprecated-api
    "UP023": """
import xml.etree.cElementTree as ET  # expect
""",
    "UP005": """
import unittest

class T(unittest.TestCase):
    def test_it(self):
        self.assertEquals(1, 1)  # expect
""",
    "UP035": """
from collections import Mapping  # expect
""",
    "UP019": """
from typing import Text

def f(x: Text) -> None:  # expect
    return None
""",
    "UP026": """
import mock  # expect
""",
    "G010": """
import logging

logger = logging.getLogger(__name__)
logger.warn("disk almost full")  # expect
""",
    # missing-observability
    "T201": """
def handler(order):
    print("processing", order)  # expect
""",
    "T203": """
from pprint import pprint

def handler(order):
    pprint(order)  # expect
""",
    "TRY400": """
import logging

logger = logging.getLogger(__name__)

def f(g):
    try:
        g()
    except ValueError:
        logger.error("failed")  # expect
""",
    # hardcoded-config
    "S108": """
def export(rows):
    with open("/tmp/export.csv", "w") as f:  # expect
        f.write(str(rows))
""",
}

BROKEN = "def broken(:\n    print('never parsed')\n"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="stand-in binaries are sh scripts")


def _expected_line(source: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if "# expect" in line)


def _need_ruff() -> str:
    assert RUFF is not None, "the ruff package is a dependency of airlock: pip install ruff"
    return RUFF


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ruff_project")
    for code, source in CASES.items():
        (root / f"case_{code}.py").write_text(source, encoding="utf-8")
    (root / "broken.py").write_text(BROKEN, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run(project: Path) -> RuffRun:
    _need_ruff()
    files = sorted(p.name for p in project.iterdir())
    return RuffProcess.start(project, files).collect()


@pytest.fixture
def fake_ruff(tmp_path: Path) -> Callable[[str], str]:
    """A real executable standing in for a Ruff that hangs, crashes or talks nonsense."""

    def make(body: str) -> str:
        path = tmp_path / "fake-ruff"
        path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
        return str(path)

    return make


def test_the_run_succeeds(run: RuffRun) -> None:
    assert run.error is None, run.error
    assert run.ok
    assert run.findings == tuple(sorted(run.findings, key=Finding.sort_key))


def test_every_row_has_a_case() -> None:
    assert set(CASES) == set(RUFF_CODES)


@pytest.mark.parametrize("code", list(RUFF_CODES))
def test_row_fires_on_its_case(run: RuffRun, code: str) -> None:
    row = RUFF_CODES[code]
    source = CASES[code]
    line = _expected_line(source)
    path = f"case_{code}.py"
    hits = [f for f in run.findings if f.rule_id == f"ruff:{code}" and f.path == path]
    assert [f.line for f in hits] == [line], [(f.rule_id, f.path, f.line) for f in run.findings if f.path == path]
    hit = hits[0]
    cat = catalogue.get(row.category)
    assert (hit.category, hit.family) == (row.category, cat.family.value)
    assert (hit.severity, hit.confidence) == (row.severity, row.confidence)
    assert hit.message
    assert hit.remedy.endswith(cat.fix)
    assert hit.snippet == source.splitlines()[line - 1].strip()
    assert hit.end_line >= hit.line and hit.column >= 1


def test_only_table_codes_are_reported(run: RuffRun) -> None:
    assert {f.rule_id.removeprefix("ruff:") for f in run.findings} <= set(RUFF_CODES)


def test_fix_title_prefixes_the_remedy(run: RuffRun) -> None:
    (hit,) = [f for f in run.findings if f.rule_id == "ruff:UP035"]
    assert hit.remedy.startswith("Import from `collections.abc`. ")


def test_syntax_error_is_left_to_airlock(run: RuffRun) -> None:
    assert run.error is None
    assert [f for f in run.findings if f.path == "broken.py"] == []


def test_version_is_ruffs(run: RuffRun) -> None:
    out = subprocess.run([_need_ruff(), "--version"], capture_output=True, text=True, check=True, timeout=30)
    assert run.version is not None
    assert out.stdout.split() == ["ruff", run.version]


def test_table_categories_are_failure_categories() -> None:
    for code, row in RUFF_CODES.items():
        assert row.code == code
        assert row.category in catalogue.FAILURE_CATEGORIES, code
        assert row.why and len(row.why) <= 70, code


def test_codes_exist_and_are_stable_in_installed_ruff() -> None:
    out = subprocess.run(
        [_need_ruff(), "rule", "--all", "--output-format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rules = {r["code"]: r for r in json.loads(out.stdout) if r.get("code")}
    for code in RUFF_CODES:
        assert code in rules, f"{code} is unknown to the installed Ruff"
        rule = rules[code]
        assert not rule["preview"], f"{code} is preview-only"
        assert "Stable" in rule["status"], f"{code} is {rule['status']}"
        assert rule["linter"] != "Airflow", code


def test_selected_codes_follow_enabled_categories() -> None:
    everything = {row.category for row in RUFF_CODES.values()}
    assert selected_codes(everything) == list(RUFF_CODES)
    assert selected_codes(()) == []
    without = selected_codes(everything - {"swallowed-error"})
    assert "BLE001" not in without and "S110" not in without
    assert set(without) == {c for c, r in RUFF_CODES.items() if r.category != "swallowed-error"}
    assert selected_codes(["no-timeout"]) == ["S113"]


def test_unknown_code_is_a_caller_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="F401"):
        RuffProcess.start(tmp_path, ["a.py"], ["T201", "F401"])


def test_no_files_or_no_codes_runs_nothing(tmp_path: Path) -> None:
    assert run_ruff(tmp_path, []) == RuffRun((), None)
    assert run_ruff(tmp_path, ["a.py"], []) == RuffRun((), None)


def test_selected_codes_only_chunks_and_nested_paths(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _need_ruff()
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "views.py").write_text("print('a')\nx = eval('1')\n", encoding="utf-8")
    (tmp_path / "-dash.py").write_text("print('b')\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("\n\nprint('c')\n", encoding="utf-8")
    monkeypatch.setattr(ruff_mod, "MAX_COMMAND_BYTES", 1)  # one file per Ruff process
    monkeypatch.setenv("RUFF_OUTPUT_FILE", str(tmp_path / "stolen.json"))  # must be ignored
    got = run_ruff(tmp_path, ["pkg/sub/views.py", "-dash.py", "c.py"], ["T201"])
    assert got.error is None, got.error
    assert [(f.path, f.line, f.rule_id) for f in got.findings] == [
        ("-dash.py", 1, "ruff:T201"),
        ("c.py", 3, "ruff:T201"),
        ("pkg/sub/views.py", 1, "ruff:T201"),
    ]
    assert not (tmp_path / "stolen.json").exists()


def test_missing_binary_is_an_error_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("print(1)\n", encoding="utf-8")
    got = run_ruff(tmp_path, ["a.py"], ruff_bin=str(tmp_path / "no-such-ruff"))
    assert got.findings == ()
    assert got.version is None
    assert got.error is not None and "cannot start Ruff" in got.error and "pip install ruff" in got.error


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@posix_only
def test_timeout_kills_ruff(tmp_path: Path, fake_ruff: Callable[[str], str]) -> None:
    pid_file = tmp_path / "pid"
    binary = fake_ruff(f'echo $$ > "{pid_file}"\nexec sleep 60')
    (tmp_path / "a.py").write_text("print(1)\n", encoding="utf-8")
    got = run_ruff(tmp_path, ["a.py"], timeout_s=1.0, ruff_bin=binary)
    assert got.findings == ()
    assert got.error is not None and "timed out after 1 s" in got.error
    assert _gone(int(pid_file.read_text()))


@posix_only
def test_cancel_kills_ruff(tmp_path: Path, fake_ruff: Callable[[str], str]) -> None:
    pid_file = tmp_path / "pid"
    binary = fake_ruff(f'echo $$ > "{pid_file}"\nexec sleep 60')
    (tmp_path / "a.py").write_text("print(1)\n", encoding="utf-8")
    with RuffProcess.start(tmp_path, ["a.py"], ruff_bin=binary) as proc:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text().strip():
            assert time.monotonic() < deadline, "the stand-in never started"
            time.sleep(0.01)
    assert proc.collect().error == "cancelled before Ruff finished"
    assert _gone(int(pid_file.read_text()))


@posix_only
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'echo "error: invalid value for --select" >&2\nexit 2',
            "exited with status 2: error: invalid value",
        ),
        ("echo 'this is not json'", "not JSON"),
        ('echo \'{"code": "T201"}\'', "not a list"),
        ("kill -9 $$", "killed by signal 9"),
    ],
)
def test_crash_or_garbage_is_an_error(
    tmp_path: Path, fake_ruff: Callable[[str], str], body: str, expected: str
) -> None:
    (tmp_path / "a.py").write_text("print(1)\n", encoding="utf-8")
    got = run_ruff(tmp_path, ["a.py"], ruff_bin=fake_ruff(body))
    assert got.findings == ()
    assert got.error is not None and expected in got.error, got.error


def test_file_ruff_cannot_read_is_a_warning(tmp_path: Path) -> None:
    _need_ruff()
    (tmp_path / "legacy.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9'\nprint(name)\n")
    got = run_ruff(tmp_path, ["legacy.py"], ["T201"])
    assert got.error is None
    assert got.findings == ()
    assert any("legacy.py" in w for w in got.warnings), got.warnings


@posix_only
def test_uncollected_ruff_is_killed_when_airlock_exits(tmp_path: Path, fake_ruff: Callable[[str], str]) -> None:
    pid_file = tmp_path / "pid"
    binary = fake_ruff(f'echo $$ > "{pid_file}"\nexec sleep 60')
    (tmp_path / "a.py").write_text("print(1)\n", encoding="utf-8")
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from airlock.scan.ruff import RuffProcess\n"
        "proc = RuffProcess.start(Path(sys.argv[1]), ['a.py'], ruff_bin=sys.argv[2])\n"
        "pid_file = Path(sys.argv[1]) / 'pid'\n"
        "while not pid_file.exists() or not pid_file.read_text().strip():\n"
        "    time.sleep(0.01)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), binary],
        check=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert _gone(int(pid_file.read_text()))

"""Scan speed and peak memory: airlock beside Ruff, Bandit and Semgrep, on the same files.

Run with ``make bench`` (which installs the ``bench`` extra first) or directly::

    .venv/bin/python bench/scan_speed.py [--repeat N] [--quick] [--trees stdlib,django]

Two trees that exist on every machine are copied into ``bench/.work/``: the running
interpreter's standard library and the installed Django package. Only the ``.py`` files
that every tool scans by default are copied (see ``SKIP_DIRS``), and each copy is made its
own git repository with the files committed, as a user's project would be, so that no
outer ``.gitignore`` or project config (this repository ignores ``bench/.work/``) changes
what any tool sees. The file count each tool reports is printed beside its timings.

For every tree and tool, wall time (``time.perf_counter`` around the subprocess), the CPU
time of the process tree, and its peak memory (the sum of RSS, and of PSS, of the process
and all its children, sampled every 20 ms) are measured; the median of ``--repeat`` runs is
reported. The tools take turns within each repeat, so background load on a shared machine
spreads over all of them, and the CPU that other processes used during each run is
recorded. Results go to stdout, ``bench/results/scan_speed.md`` and
``bench/results/scan_speed.json``. The acceptance ratios are printed at the end with PASS
or FAIL; the exit code is 0 either way (this is a measurement, not a test).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import functools
import importlib
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    import psutil
except ImportError:  # pragma: no cover - the bench extra declares it
    sys.exit("bench/scan_speed.py needs psutil: pip install -e '.[bench]' (make bench does this)")

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
RULES = BENCH / "semgrep-rules.yml"
BIN = Path(sys.executable).parent

# Folders that at least one of the tools skips by default. None of them is copied, so the
# set of files is the same for every tool by construction.
#   airlock: SKIP_DIRS in airlock.scan.discover (venv, build, dist, vendor, site-packages, ...)
#   Ruff:    the default `exclude` (.venv, venv, build, dist, _build, buck-out, node_modules,
#            site-packages, __pypackages__, caches, VCS folders, ...)
#   Bandit:  the default `-x` (.svn, CVS, .bzr, .hg, .git, __pycache__, .tox, .eggs, *.egg)
#   Semgrep: its default .semgrepignore when the project has none (test/, tests/, vendor/,
#            build/, dist/, node_modules/, .venv/, venv/, .env/, .tox/, .semgrep, ...)
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "CVS", ".venv", "venv", "virtualenv", ".env", ".direnv",
        "site-packages", "dist-packages", "__pypackages__", "node_modules", "__pycache__",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".pytype", ".tox", ".nox", ".eggs",
        "build", "_build", "buck-out", "dist", "_vendor", "vendor", "vendors", "vendored",
        "third_party", ".airlock", ".idea", ".vscode", "htmlcov", "test", "tests", ".semgrep",
        ".semgrep_logs", ".ipynb_checkpoints", ".pants.d", ".pyenv", ".git-rewrite", ".npm",
        ".yarn",
    }
)  # fmt: skip
SEMGREP_MAX_TARGET_BYTES = 1_000_000  # Semgrep skips larger files by default.
SAMPLE_INTERVAL_S = 0.02
RUN_TIMEOUT_S = 3600
TOUCH_LINE = "\n# touched by bench/scan_speed.py\n"

AIRLOCK_SELECT = "S,ASYNC,BLE,B,DTZ,T20"

# A shared machine: wait for the CPUs to be quiet before each measurement, and measure
# again when other processes used more than BUSY_LIMIT of the CPUs during a run.
QUIET_CPU_PERCENT = 20.0
QUIET_MAX_WAIT_S = 120
BUSY_LIMIT = 0.25
RETRIES = 2

BARS = {
    "cold_vs_bandit": 1 / 3,  # airlock cold wall time <= 1/3 of Bandit's
    "warm_vs_cold": 1 / 10,  # airlock warm (one file touched) <= 1/10 of airlock cold
}


# ---------------------------------------------------------------------------- measuring


def say(text: str = "") -> None:
    """The benchmark's console report."""
    # airlock: ignore[missing-observability] the report of a command-line benchmark belongs on stdout
    print(text, flush=True)


class PeakRSS(threading.Thread):
    """Samples the summed RSS (and PSS) of a process and all its descendants; keeps the peaks.

    RSS counts every shared page (interpreter, libraries, pages inherited through fork)
    once per process; PSS splits each shared page between the processes that map it, so
    the sum of PSS is the tree's real footprint. Both are reported.
    """

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop_event.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                break
            total = total_pss = 0
            for proc in procs:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                    info = proc.memory_full_info()  # Linux: rss, and pss from smaps_rollup
                    total += info.rss
                    total_pss += getattr(info, "pss", info.rss)
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, total_pss)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class Run:
    wall_s: float
    peak_mb: float
    peak_pss_mb: float
    cpu_s: float
    """User + system CPU of the process and the descendants it waited for."""
    others_load: float
    """Share of the machine's CPU (0..1) that other processes used during the run."""
    returncode: int
    ok: bool
    stdout: Path
    stderr_tail: str = ""
    engine_s: float | None = None  # airlock only: summary.duration_s, the engine's own time
    cached: int | None = None  # airlock only: summary.files_cached
    invalid: str = ""  # why this run is left out of the median


def _busy(times: Any) -> float:
    """CPU seconds the whole machine spent busy (steal included: the host took the CPU)."""
    return sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq", "steal"))


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, 9)  # the run's own session, started by measure()


def measure(cmd: list[str], cwd: Path, env: dict[str, str], out: Path, ok_codes: tuple[int, ...]) -> Run:
    """One timed run of ``cmd``; stdout goes to ``out`` (a file, so no pipe is in the way)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    err = out.with_suffix(".err")
    children0 = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    self0 = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    machine0 = _busy(psutil.cpu_times())
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout, stderr=stderr, start_new_session=True)
        sampler = PeakRSS(proc.pid)
        sampler.start()
        # A plain blocking wait: Popen.wait(timeout=...) polls with sleeps of up to 50 ms,
        # which would round every wall time up to that grain. The time bound is a timer.
        killer = threading.Timer(RUN_TIMEOUT_S, _kill_group, (proc.pid,))
        killer.start()
        returncode = proc.wait()
        wall = time.perf_counter() - start
        killer.cancel()
        sampler.stop()
    cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - children0
    own = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - self0
    others = max(0.0, _busy(psutil.cpu_times()) - machine0 - cpu - own)
    others_load = others / (wall * (os.cpu_count() or 1)) if wall > 0 else 0.0
    ok = returncode in ok_codes
    tail = "" if ok else err.read_text(encoding="utf-8", errors="replace")[-2000:]
    return Run(
        wall, sampler.peak / 2**20, sampler.peak_pss / 2**20, cpu, min(others_load, 1.0), returncode, ok, out, tail
    )


# ------------------------------------------------------------------------------- trees


@dataclass
class Tree:
    name: str
    path: Path
    source_label: str
    files: list[str]
    touch: str
    skipped: dict[str, int] = field(default_factory=dict)


def prepare_tree(name: str, source: Path, source_label: str) -> Tree:
    """Copy the ``.py`` files every tool scans into ``bench/.work/<name>`` and commit them."""
    dest = WORK / name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    files: list[str] = []
    skipped: dict[str, int] = {}  # .py files left out, by reason

    def skip(reason: str, folder: Path) -> None:
        count = sum(1 for _, _, names in os.walk(folder) for f in names if f.endswith(".py"))
        if count:
            skipped[reason] = skipped.get(reason, 0) + count

    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS or d.endswith((".egg-info", ".egg")):
                skip(f"in {d}/", here / d)
            elif (here / d / "pyvenv.cfg").exists():
                skip("in a virtualenv", here / d)
            else:
                kept.append(d)
        dirnames[:] = kept
        for fname in sorted(filenames):
            src = here / fname
            if not fname.endswith(".py") or not src.is_file() or src.is_symlink():
                continue
            if src.stat().st_size > SEMGREP_MAX_TARGET_BYTES:
                skipped["over Semgrep's size limit"] = skipped.get("over Semgrep's size limit", 0) + 1
                continue
            rel = src.relative_to(source).as_posix()
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            files.append(rel)
    files.sort()
    git_env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@localhost",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@localhost",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "--no-verify", "-m", name]):
        subprocess.run(["git", *args], cwd=dest, env=git_env, check=True, capture_output=True)
    # The file touched for the warm run: a mid-sized module, picked deterministically.
    by_size = sorted(files, key=lambda rel: ((dest / rel).stat().st_size, rel))
    touch = by_size[len(by_size) // 2]
    return Tree(name, dest, source_label, files, touch, skipped)


def source_trees(names: list[str]) -> list[tuple[str, Path, str]]:
    found = []
    for name in names:
        if name == "stdlib":
            found.append(("stdlib", Path(sysconfig.get_paths()["stdlib"]), "the interpreter's standard library"))
        elif name == "django":
            try:
                django = importlib.import_module("django")
            except ImportError:
                say("django is not installed (pip install -e '.[bench]'); skipping the Django tree")
                continue
            found.append(("django", Path(django.__path__[0]), f"Django {django.get_version()} (installed package)"))
        else:
            sys.exit(f"unknown tree {name!r} (choose from stdlib, django)")
    return found


# ------------------------------------------------------------------------------- tools


def tool(name: str) -> str | None:
    candidate = BIN / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name)


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    # Semgrep stays offline: no version check, no metrics (and only a local rules file).
    env.update({"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off", "NO_COLOR": "1"})
    env.pop("AIRLOCK_CACHE_DIR", None)
    return env


def version_of(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120, env=base_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[0].strip() if text else "unknown"


def compile_airlock() -> None:
    """Write airlock's bytecode once, as ``pip install`` does for a regular (non-editable) install.

    An editable install never gets ``.pyc`` files when ``PYTHONDONTWRITEBYTECODE`` is set,
    so every run would recompile airlock's sources while the peers load theirs from the
    bytecode that pip wrote: that would measure the environment, not the tool.
    """
    spec = importlib.util.find_spec("airlock")
    if spec is None or spec.origin is None:
        return
    package = Path(spec.origin).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False, capture_output=True)


def rule_count() -> int:
    return sum(1 for line in RULES.read_text(encoding="utf-8").splitlines() if line.startswith("  - id: "))


@dataclass
class Case:
    key: str
    label: str
    counter: str | None = None  # how to read the file count from its output


PEERS = (
    Case("ruff-default", "ruff check (default rules)", "ruff"),
    Case("ruff-select", f"ruff check --select {AIRLOCK_SELECT}", "ruff"),
    Case("bandit", "bandit -r (one process)", "bandit"),
    Case("semgrep", "semgrep scan (local rules)", "semgrep"),
)
AIRLOCK = (
    Case("airlock-cold", "airlock cold (empty cache)", "airlock"),
    Case("airlock-warm-unchanged", "airlock warm (nothing changed)", "airlock"),
    Case("airlock-warm-touched", "airlock warm (one file touched)", "airlock"),
)
DIAGNOSTICS = (
    Case("airlock-cold-no-ruff", "airlock cold --no-ruff", "airlock"),
    Case("airlock-cold-jobs1", "airlock cold --jobs 1", "airlock"),
    Case("airlock-startup", "airlock --version (start-up floor)"),
)


def peer_command(key: str) -> tuple[list[str], tuple[int, ...]] | None:
    """The command a user would type, run from the tree's root; ``None`` if not installed."""
    if key.startswith("ruff"):
        ruff = tool("ruff")
        if ruff is None:
            return None
        cmd = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "."]
        return ([*cmd, "--select", AIRLOCK_SELECT] if key == "ruff-select" else cmd), (0,)
    if key == "bandit":
        bandit = tool("bandit")
        return ([bandit, "-r", ".", "-f", "json", "-q"], (0, 1)) if bandit else None
    if key == "semgrep":
        semgrep = tool("semgrep")
        if semgrep is None:
            return None
        return [
            semgrep, "scan", "--config", str(RULES), "--metrics=off", "--disable-version-check", "--json", ".",
        ], (0, 1)  # fmt: skip
    raise ValueError(key)


def count_files(counter: str | None, out: Path) -> tuple[int | None, set[str] | None, int]:
    """(files analysed, their paths when the tool lists them, errors the tool reported)."""
    if counter is None or counter == "ruff":
        return None, None, 0
    try:
        data: Any = json.loads(out.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError):
        return None, None, 0
    if counter == "airlock":
        return int(data["summary"]["files_scanned"]), None, 0
    if counter == "bandit":
        paths = {_norm(p) for p in data.get("metrics", {}) if p != "_totals"}
        return len(paths), paths, len(data.get("errors", []))
    if counter == "semgrep":
        paths = {_norm(p) for p in data.get("paths", {}).get("scanned", [])}
        return len(paths), paths, len(data.get("errors", []))
    raise ValueError(counter)


def _norm(path: str) -> str:
    return path.removeprefix("./")


def ruff_files(tree: Tree) -> set[str] | None:
    """The files Ruff checks, from ``ruff check --show-files`` with the same arguments."""
    ruff = tool("ruff")
    if not ruff:
        return None
    proc = subprocess.run(
        [ruff, "check", "--isolated", "--no-cache", "--show-files", "."],
        check=False,
        cwd=tree.path,
        capture_output=True,
        text=True,
        env=base_env(),
    )
    root = str(tree.path.resolve())
    files = set()
    for raw in proc.stdout.splitlines():
        line = raw.strip()
        if line.endswith((".py", ".pyi", ".ipynb")):
            files.add(Path(line).resolve().as_posix().removeprefix(root + "/"))
    return files


# ------------------------------------------------------------------------------ running


@dataclass
class Result:
    tree: str
    key: str
    label: str
    runs: list[dict[str, Any]]
    wall_s: float | None
    best_wall_s: float | None
    cpu_s: float | None
    peak_mb: float | None
    peak_pss_mb: float | None
    others_load: float | None
    files: int | None
    errors: int = 0
    failed: str = ""
    engine_s: float | None = None
    left_out: list[str] = field(default_factory=list)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarise(tree: Tree, case: Case, runs: list[Run]) -> Result:
    valid = [r for r in runs if r.ok and not r.invalid]
    good = valid or [r for r in runs if r.ok]
    kept = "" if valid else " (kept: every run was affected)"
    files, _, errors = count_files(case.counter, good[0].stdout) if good else (None, None, 0)
    failed = ""
    final_failures = [r for r in runs if not r.ok and not r.invalid]  # not measured again: a real failure
    if final_failures:
        bad = final_failures[0]
        failed = f"exit {bad.returncode}: {bad.stderr_tail.strip()[-400:]}"
    return Result(
        tree=tree.name,
        key=case.key,
        label=case.label,
        runs=[
            {
                "wall_s": round(r.wall_s, 3),
                "cpu_s": round(r.cpu_s, 3),
                "peak_mb": round(r.peak_mb, 1),
                "peak_pss_mb": round(r.peak_pss_mb, 1),
                "others_load": round(r.others_load, 3),
                "returncode": r.returncode,
                **({"engine_s": r.engine_s, "files_cached": r.cached} if r.engine_s is not None else {}),
                **({"left_out": r.invalid} if r.invalid else {}),
            }
            for r in runs
        ],
        wall_s=_median([r.wall_s for r in good]),
        best_wall_s=min((r.wall_s for r in good), default=None),
        cpu_s=_median([r.cpu_s for r in good]),
        peak_mb=_median([r.peak_mb for r in good]),
        peak_pss_mb=_median([r.peak_pss_mb for r in good]),
        others_load=_median([r.others_load for r in good]),
        files=files,
        errors=errors,
        failed=failed,
        engine_s=_median([r.engine_s for r in good if r.engine_s is not None]),
        left_out=[f"attempt {i + 1}: {r.invalid}{kept if r.ok else ''}" for i, r in enumerate(runs) if r.invalid],
    )


def airlock_run(cmd: list[str], tree: Tree, env: dict[str, str], out: Path, expect_cached: int | None = None) -> Run:
    """One airlock run; a warm run whose cache was not used is marked and left out of the median.

    That happens when airlock's own rules or code change between two runs (the cache key
    covers them), e.g. while someone edits airlock during the benchmark: the run then
    measures a cold scan, not a warm one.
    """
    run = measure(cmd, tree.path, env, out, (0, 1))
    try:
        summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        # Exit 1 is also what Python returns on a traceback: no report means no scan.
        if run.ok:
            run.ok = False
            run.stderr_tail = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace")[-2000:]
        return run
    run.engine_s = summary.get("duration_s")
    run.cached = summary.get("files_cached")
    if expect_cached is not None and run.cached is not None and run.cached < expect_cached:
        run.invalid = (
            f"cache not used ({run.cached} of {expect_cached} files cached): airlock's code changed during the run?"
        )
    return run


def fresh_cache(name: str) -> Path:
    cache = WORK / "cache" / name
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    return cache


def wait_for_quiet() -> None:
    """Wait (a bounded time) until other processes leave the CPUs mostly idle.

    On a shared machine (a laptop, a CI runner, a developer running the test suite) a
    run that overlaps someone else's burst measures both; waiting first avoids most of that.
    """
    deadline = time.perf_counter() + QUIET_MAX_WAIT_S
    while time.perf_counter() < deadline:
        if psutil.cpu_percent(interval=0.3) < QUIET_CPU_PERCENT:
            return
    say(f"  note: the CPUs stayed busy for {QUIET_MAX_WAIT_S}s; measuring anyway")


def measure_unit(produce: Callable[[], dict[str, Run]], runs: dict[str, list[Run]], wait: bool) -> None:
    """Measure a unit of related runs; measure it again (up to ``RETRIES`` times) when it was disturbed.

    Disturbed means: other processes used more than ``BUSY_LIMIT`` of the CPUs during a run,
    or a warm airlock run found its cache invalidated. Disturbed runs stay in the record
    (JSON and the "left out" list) but not in the medians.
    """
    for attempt in range(RETRIES + 1):
        if wait:
            wait_for_quiet()
        unit = produce()
        busy = max(run.others_load for run in unit.values())
        problem = ""
        failed = [run for run in unit.values() if not run.ok]
        if failed:
            problem = f"failed (exit {failed[0].returncode})"
        elif busy > BUSY_LIMIT:
            problem = f"other processes used {busy:.0%} of the CPUs"
        elif any(run.invalid for run in unit.values()):
            problem = next(run.invalid for run in unit.values() if run.invalid)
        if problem and attempt < RETRIES:
            for key, run in unit.items():
                run.invalid = f"{problem}; measured again"
                runs[key].append(run)
            continue
        for key, run in unit.items():
            runs[key].append(run)
        return


def run_tree(tree: Tree, repeat: int, diagnostics: bool, wait: bool) -> tuple[list[Result], dict[str, set[str] | None]]:
    """Every measurement ``repeat`` times; within each repeat the tools take turns."""
    airlock = tool("airlock")
    if airlock is None:
        sys.exit("airlock is not installed in this environment (make venv)")
    scan = [airlock, "scan", ".", "--format", "json", "-q"]
    outdir = WORK / "out" / tree.name
    peers = [(case, command) for case in PEERS if (command := peer_command(case.key)) is not None]
    cases = [case for case, _ in peers] + list(AIRLOCK) + (list(DIAGNOSTICS) if diagnostics else [])
    runs: dict[str, list[Run]] = {case.key: [] for case in cases}
    n = len(tree.files)
    touched = tree.path / tree.touch

    def peer(key: str, cmd: list[str], ok_codes: tuple[int, ...], out: Path) -> Callable[[], dict[str, Run]]:
        return lambda: {key: measure(cmd, tree.path, base_env(), out, ok_codes)}

    def airlock_sequence(i: int) -> dict[str, Run]:
        """Cold with an empty cache, warm with nothing changed, warm with one file changed."""
        compile_airlock()  # again: airlock's sources may have changed since the last unit
        env = {**base_env(), "AIRLOCK_CACHE_DIR": str(fresh_cache(f"{tree.name}-{i}"))}
        cold = airlock_run(scan, tree, env, outdir / f"airlock-cold-{i}.json")
        unchanged = airlock_run(scan, tree, env, outdir / f"airlock-warm-unchanged-{i}.json", expect_cached=n)
        with touched.open("a", encoding="utf-8") as handle:
            handle.write(TOUCH_LINE)  # a real content change: a new hash for one file
        out = outdir / f"airlock-warm-touched-{i}.json"
        one = airlock_run(scan, tree, env, out, expect_cached=n - 1)
        return {"airlock-cold": cold, "airlock-warm-unchanged": unchanged, "airlock-warm-touched": one}

    def airlock_variant(key: str, extra: list[str], i: int) -> Callable[[], dict[str, Run]]:
        def produce() -> dict[str, Run]:
            compile_airlock()
            env = {**base_env(), "AIRLOCK_CACHE_DIR": str(fresh_cache(f"{tree.name}-{key}-{i}"))}
            return {key: airlock_run([*scan, *extra], tree, env, outdir / f"{key}-{i}.json")}

        return produce

    def airlock_startup(i: int) -> Callable[[], dict[str, Run]]:
        def produce() -> dict[str, Run]:
            compile_airlock()
            out = outdir / f"airlock-startup-{i}.out"
            return {"airlock-startup": measure([airlock, "--version"], tree.path, base_env(), out, (0,))}

        return produce

    for i in range(repeat):
        for case, (peer_cmd, ok_codes) in peers:
            measure_unit(peer(case.key, peer_cmd, ok_codes, outdir / f"{case.key}-{i}.out"), runs, wait)
        measure_unit(functools.partial(airlock_sequence, i), runs, wait)
        if diagnostics:
            # Where the cold time goes: without Ruff, with one worker, and the fixed start-up cost.
            measure_unit(airlock_variant("airlock-cold-no-ruff", ["--no-ruff"], i), runs, wait)
            measure_unit(airlock_variant("airlock-cold-jobs1", ["--jobs", "1"], i), runs, wait)
            measure_unit(airlock_startup(i), runs, wait)
        shutil.rmtree(WORK / "cache", ignore_errors=True)
        done = ", ".join(f"{c.key} {runs[c.key][-1].wall_s:.2f}s" for c in cases)
        say(f"  run {i + 1}/{repeat}: {done}")

    results = [summarise(tree, case, runs[case.key]) for case in cases]
    listed: dict[str, set[str] | None] = {"ruff": ruff_files(tree)}
    for case in cases:
        if case.counter == "ruff":
            result = next(r for r in results if r.key == case.key)
            result.files = len(listed["ruff"] or ()) if listed["ruff"] is not None else None
        elif case.counter in ("bandit", "semgrep"):
            first_ok = next((run for run in runs[case.key] if run.ok), None)
            listed[case.key] = count_files(case.counter, first_ok.stdout)[1] if first_ok else None
    return results, listed


# ------------------------------------------------------------------------------ reporting


def machine_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
    }
    versions = {}
    for name in ("airlock", "ruff", "bandit", "semgrep"):
        binary = tool(name)
        versions[name] = version_of([binary, "--version"]) if binary else "not installed"
    facts["versions"] = versions
    return facts


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _verdict(tree: str, name: str, value: float | None, bar: float | None, bar_text: str) -> dict[str, Any]:
    if value is None:
        status = "n/a"
    elif bar is None:
        status = "info"
    else:
        status = "PASS" if value <= bar else "FAIL"
    return {"tree": tree, "ratio": name, "value": value, "bar": bar_text, "status": status}


def verdicts(results: list[Result]) -> list[dict[str, Any]]:
    out = []
    by = {(r.tree, r.key): r for r in results}
    for tree in dict.fromkeys(r.tree for r in results):
        cold = by.get((tree, "airlock-cold"))
        if cold is None:
            continue
        bandit = by.get((tree, "bandit"))
        semgrep = by.get((tree, "semgrep"))
        ruff = by.get((tree, "ruff-default"))
        touched = by.get((tree, "airlock-warm-touched"))
        unchanged = by.get((tree, "airlock-warm-unchanged"))
        if bandit:
            value = ratio(cold.wall_s, bandit.wall_s)
            out.append(_verdict(tree, "airlock cold wall / Bandit wall", value, BARS["cold_vs_bandit"], "<= 1/3"))
        if touched:
            value = ratio(touched.wall_s, cold.wall_s)
            name = "airlock warm (one file touched) wall / airlock cold wall"
            out.append(_verdict(tree, name, value, BARS["warm_vs_cold"], "<= 1/10"))
        if unchanged:
            value = ratio(unchanged.wall_s, cold.wall_s)
            out.append(_verdict(tree, "airlock warm (nothing changed) wall / airlock cold wall", value, None, "info"))
        for peer, name in ((bandit, "Bandit"), (semgrep, "Semgrep"), (ruff, "Ruff (default rules)")):
            if peer is None:
                continue
            if peer is not bandit:
                out.append(
                    _verdict(tree, f"airlock cold wall / {name} wall", ratio(cold.wall_s, peer.wall_s), None, "info")
                )
            out.append(_verdict(tree, f"airlock cold CPU / {name} CPU", ratio(cold.cpu_s, peer.cpu_s), None, "info"))
            value = ratio(cold.peak_mb, peer.peak_mb)
            out.append(_verdict(tree, f"airlock cold peak RSS / {name} peak RSS", value, None, "info"))
            value = ratio(cold.peak_pss_mb, peer.peak_pss_mb)
            out.append(_verdict(tree, f"airlock cold peak PSS / {name} peak PSS", value, None, "info"))
    return out


def markdown(
    facts: dict[str, Any], trees: list[Tree], results: list[Result], checks: list[dict[str, Any]], repeat: int
) -> str:
    v = facts["versions"]
    lines = [
        "# Scan speed and peak memory",
        "",
        f"Produced by `bench/scan_speed.py` (`make bench`): the median of {repeat} run{'s' if repeat != 1 else ''} "
        "per row, the tools taking turns within each repeat.",
        "",
        f"Machine: {facts['cpu_count']} CPUs, {facts['memory_gb']} GB RAM, {facts['platform']}, "
        f"Python {facts['python']}.",
        f"Tools: {v['airlock']}; {v['ruff']}; {v['bandit']}; semgrep {v['semgrep']} "
        f"with the {rule_count()} local rules of `bench/semgrep-rules.yml`.",
        f"Load average (1, 5, 15 min) at start {facts.get('load_average_at_start')}, "
        f"at end {facts.get('load_average_at_end')}.",
        "",
        "| tree | tool / mode | files analysed | wall s | best wall s | CPU s | peak RSS MB | peak PSS MB "
        "| wall vs airlock cold | others' CPU load | airlock engine s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cold = next((c for c in results if c.tree == r.tree and c.key == "airlock-cold"), None)
        rel = ratio(r.wall_s, cold.wall_s if cold else None)
        files = "n/a" if r.files is None else str(r.files)
        if r.errors:
            files += f" ({r.errors} errors)"
        wall = fmt(r.wall_s) if not r.failed else f"failed: {r.failed[:80]}"
        load = "n/a" if r.others_load is None else f"{r.others_load:.0%}"
        lines.append(
            f"| {r.tree} | {r.label} | {files} | {wall} | {fmt(r.best_wall_s)} | {fmt(r.cpu_s)} | "
            f"{fmt(r.peak_mb, 0)} | {fmt(r.peak_pss_mb, 0)} | "
            f"{'n/a' if rel is None else f'{rel:.2f}x'} | {load} | {'' if r.engine_s is None else fmt(r.engine_s, 3)} |"
        )
    lines += ["", "## Ratios", "", "| tree | ratio | value | bar | result |", "|---|---|---:|---|---|"]
    for c in checks:
        lines.append(f"| {c['tree']} | {c['ratio']} | {fmt(c['value'], 3)} | {c['bar']} | {c['status']} |")
    lines += ["", "## Trees", ""]
    for t in trees:
        skipped = ", ".join(f"{n} {k}" for k, n in sorted(t.skipped.items()) if k != "in site-packages/")
        lines.append(
            f"- `bench/.work/{t.name}`: {t.source_label}, {len(t.files)} `.py` files copied"
            f"{f' (.py files left out: {skipped})' if skipped else ''}; the warm run touches `{t.touch}`."
        )
    left_out = [f"- {r.tree}, {r.label}: {note}" for r in results for note in r.left_out]
    if left_out:
        lines += ["", "## Runs left out of the medians", "", *left_out]
    return "\n".join(lines) + "\n"


def print_table(results: list[Result], checks: list[dict[str, Any]]) -> None:
    say()
    say(
        f"{'tree':7} {'tool / mode':42} {'files':>6} {'wall s':>7} {'best':>6} {'CPU s':>6} {'RSS MB':>7} "
        f"{'PSS MB':>7} {'others':>6}"
    )
    for r in results:
        files = "n/a" if r.files is None else str(r.files)
        wall = "FAILED" if r.failed and r.wall_s is None else fmt(r.wall_s)
        load = "n/a" if r.others_load is None else f"{r.others_load:.0%}"
        say(
            f"{r.tree:7} {r.label:42} {files:>6} {wall:>7} {fmt(r.best_wall_s):>6} {fmt(r.cpu_s):>6} "
            f"{fmt(r.peak_mb, 0):>7} {fmt(r.peak_pss_mb, 0):>7} {load:>6}"
        )
    for r in results:
        for note in r.left_out:
            say(f"  left out of the median: {r.tree}, {r.label}, {note}")
        if r.failed:
            say(f"  FAILED: {r.tree}, {r.label}: {r.failed}")
    say()
    for c in checks:
        say(f"{c['tree']:7} {c['ratio']:62} {fmt(c['value'], 3):>8}  {c['bar']:8} {c['status']}")


def compare_file_sets(tree: Tree, results: list[Result], listed: dict[str, set[str] | None]) -> list[str]:
    """Notes on any tool whose analysed files differ from the copied set."""
    expected = set(tree.files)
    notes = []
    for name, paths in listed.items():
        if paths is None:
            continue
        missing, extra = expected - paths, paths - expected
        if missing or extra:
            notes.append(
                f"{tree.name}: {name} analysed {len(paths)} files; missing {sorted(missing)[:5]}"
                f"{'...' if len(missing) > 5 else ''}, extra {sorted(extra)[:5]}"
            )
    for r in results:
        if r.files is not None and r.files != len(expected):
            notes.append(f"{tree.name}: {r.label} reports {r.files} files, the tree has {len(expected)}")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported); default 3")
    parser.add_argument("--quick", action="store_true", help="one run, standard library only")
    parser.add_argument("--trees", default="stdlib,django", help="comma-separated: stdlib,django")
    parser.add_argument(
        "--no-wait", action="store_true", help="do not wait for quiet CPUs nor measure disturbed runs again"
    )
    parser.add_argument("--no-diagnostics", action="store_true", help="skip the --no-ruff, --jobs 1 and start-up rows")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)
    names = ["stdlib"] if args.quick else [n.strip() for n in args.trees.split(",") if n.strip()]

    WORK.mkdir(parents=True, exist_ok=True)
    lock = (WORK / "scan_speed.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held until this process exits
    except BlockingIOError:
        sys.exit("another bench/scan_speed.py is running: two runs would share bench/.work and each other's CPUs")

    compile_airlock()
    facts = machine_facts()
    facts["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    say(f"machine: {facts['cpu_count']} CPUs, {facts['memory_gb']} GB, Python {facts['python']}")
    for name, version in facts["versions"].items():
        say(f"  {name}: {version}")
    if facts["load_average_at_start"][0] > 0.5:
        say(f"  note: the machine is busy (load {facts['load_average_at_start']}); figures will be noisy")

    trees: list[Tree] = []
    results: list[Result] = []
    notes: list[str] = []
    for name, source, label in source_trees(names):
        tree = prepare_tree(name, source, label)
        trees.append(tree)
        say(f"\n== {name}: {len(tree.files)} .py files in bench/.work/{name} ({label})")
        tree_results, listed = run_tree(tree, repeat, diagnostics=not args.no_diagnostics, wait=not args.no_wait)
        results += tree_results
        notes += compare_file_sets(tree, tree_results, listed)
        facts["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        write_results(facts, trees, results, notes, repeat)  # after each tree: an interrupted run keeps its data

    print_table(results, verdicts(results))
    if notes:
        say("\nfile sets that differ:")
        for note in notes:
            say(f"  {note}")
    say("\nwritten: bench/results/scan_speed.md, bench/results/scan_speed.json")
    return 0


def write_results(
    facts: dict[str, Any], trees: list[Tree], results: list[Result], notes: list[str], repeat: int
) -> None:
    checks = verdicts(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    md = markdown(facts, trees, results, checks, repeat)
    if notes:
        md += "\n## File sets that differ\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    (RESULTS / "scan_speed.md").write_text(md, encoding="utf-8")
    payload = {
        "machine": facts,
        "repeat": repeat,
        "semgrep_rules": rule_count(),
        "trees": [
            {"name": t.name, "source": t.source_label, "files": len(t.files), "touched": t.touch, "skipped": t.skipped}
            for t in trees
        ],
        "results": [asdict(r) for r in results],
        "ratios": checks,
        "file_set_notes": notes,
    }
    (RESULTS / "scan_speed.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())

"""The Ruff adapter: run Ruff for the codes in ``RUFF_CODES`` and read its hits as findings.

airlock does not rewrite what Ruff already checks. The engine starts Ruff in the
background with ``RuffProcess.start`` while it runs its own rules, then calls
``collect``. Ruff's problems (not installed, crashed, timed out, printed garbage) never
raise: they come back as ``RuffRun.error``, which the engine reports before going on.

The command is ``ruff check --isolated --no-cache --no-fix --output-format json
--exit-zero --select <codes> -- <files>``, run with ``cwd`` at the scanned root:

- ``--isolated`` ignores the project's Ruff config, so its ``ignore``/``select`` cannot
  hide a failure mode; in-line ``# noqa`` comments are still honoured.
- ``--no-fix`` because airlock never edits the code it scans.
- ``--force-exclude`` is not passed: the engine already chose the files, and Ruff must
  not drop one silently because its default excludes name the folder.
- Ruff reads no list of paths from a file or stdin, so the paths go on the command line
  in chunks of under ``MAX_COMMAND_BYTES``; the first runs in the background, the rest
  one after another in ``collect`` (Ruff already uses every core for one chunk).

Syntax errors are dropped (the engine reports unparseable files as ``AIR000``), and so is
any code that is not in the table.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from types import TracebackType
from typing import IO, Any

from airlock import catalogue
from airlock.errors import ScanError
from airlock.model import Finding
from airlock.scan.ruff_codes import RUFF_CODES, RuffCode

__all__ = [
    "MAX_COMMAND_BYTES",
    "RUFF_CODES",
    "RuffCode",
    "RuffProcess",
    "RuffRun",
    "find_ruff",
    "ruff_command",
    "ruff_version",
    "run_ruff",
    "selected_codes",
]

MAX_COMMAND_BYTES = 100_000
"""Upper bound in bytes of one Ruff command line on POSIX (Linux's ARG_MAX is 2 MiB)."""

_WINDOWS_COMMAND_BYTES = 30_000
"""``CreateProcess`` accepts 32,767 characters in all."""

_INSTALL_HINT = "install it with `pip install ruff`, or scan with --no-ruff"


@dataclass(frozen=True, slots=True)
class RuffRun:
    """What one Ruff run produced; ``error`` is set when Ruff could not run to the end."""

    findings: tuple[Finding, ...]
    """Sorted findings; with ``error`` set, those of the chunks that finished."""
    version: str | None
    """Ruff's version (``0.17.6``); ``None`` when Ruff did not run or did not finish."""
    error: str | None = None
    """Why Ruff did not finish: missing, crashed, timed out, unreadable output."""
    warnings: tuple[str, ...] = ()
    """Ruff's ``warning:`` lines, e.g. a file it could not read (it skips that file)."""

    @property
    def ok(self) -> bool:
        return self.error is None


def selected_codes(enabled_categories: Collection[str]) -> list[str]:
    """The table's codes whose category is enabled, in table order."""
    enabled = set(enabled_categories)
    return [code for code, row in RUFF_CODES.items() if row.category in enabled]


def find_ruff() -> str | None:
    """The Ruff binary: the ``ruff`` package's own, else ``ruff`` on ``PATH``, else ``None``."""
    try:
        module = importlib.import_module("ruff")
        found: Any = module.find_ruff_bin()
    except (ImportError, AttributeError, OSError):
        return shutil.which("ruff")
    return str(found)


@functools.lru_cache(maxsize=8)
def ruff_version(binary: str) -> str | None:
    """``ruff --version`` of ``binary`` (``0.17.6``), asked once per process, else ``None``."""
    try:
        done = subprocess.run(
            [binary, "--version"],
            capture_output=True,
            text=True,
            timeout=15,
            env=_ruff_env(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    words = done.stdout.split()
    if done.returncode != 0 or not words:
        return None
    return words[-1]


def ruff_command(binary: str, codes: Sequence[str]) -> list[str]:
    """The command line without the file paths (they follow a ``--``)."""
    return [
        binary,
        "check",
        "--isolated",
        "--no-cache",
        "--no-fix",
        "--output-format",
        "json",
        "--exit-zero",
        "--select",
        ",".join(codes),
    ]


def run_ruff(
    root: Path,
    files: Sequence[str],
    codes: Collection[str] | None = None,
    *,
    timeout_s: float = 120.0,
    ruff_bin: str | None = None,
) -> RuffRun:
    """Run Ruff over ``files`` (relative to ``root``) and wait for it."""
    return RuffProcess.start(root, files, codes, timeout_s=timeout_s, ruff_bin=ruff_bin).collect()


class _RuffFailed(ScanError):
    """Internal: Ruff could not finish; caught in this module and returned as ``RuffRun.error``."""


@dataclass(slots=True)
class _Running:
    """One Ruff process with the temporary files its output goes to."""

    proc: subprocess.Popen[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]
    reaper: weakref.finalize[Any, Any]


class RuffProcess:
    """Ruff running in the background: ``start`` launches it, ``collect`` waits and reads.

    The time limit counts from ``start`` and covers every chunk. A process that is
    timed out, cancelled, or left uncollected when airlock exits is killed.
    """

    def __init__(
        self,
        root: Path,
        binary: str | None,
        codes: Sequence[str],
        chunks: list[list[str]],
        timeout_s: float,
    ) -> None:
        self._root = root
        self._binary = binary
        self._codes = codes
        self._pending = chunks
        self._timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s
        self._current: _Running | None = None
        self._result: RuffRun | None = None

    @classmethod
    def start(
        cls,
        root: Path,
        files: Sequence[str],
        codes: Collection[str] | None = None,
        *,
        timeout_s: float = 120.0,
        ruff_bin: str | None = None,
    ) -> RuffProcess:
        """Launch Ruff over ``files`` (paths relative to ``root``) for ``codes`` (default: all).

        Never raises for Ruff's sake: a missing or unstartable binary is a finished run
        whose ``error`` says why. An unknown code is a caller bug and raises ``ValueError``.
        """
        selected = list(RUFF_CODES) if codes is None else [c for c in RUFF_CODES if c in codes]
        unknown = sorted(set(codes or ()) - set(RUFF_CODES))
        if unknown:
            raise ValueError(f"not an airlock Ruff code: {', '.join(unknown)}")
        root = Path(root).absolute()
        if not files or not selected:
            return cls._finished(root, RuffRun(findings=(), version=None))
        binary = ruff_bin if ruff_bin is not None else find_ruff()
        if binary is None:
            return cls._finished(root, RuffRun((), None, f"Ruff is not installed: {_INSTALL_HINT}"))
        command = ruff_command(binary, selected)
        chunks = _chunks([os.fspath(f) for f in files], _command_bytes(command) + 3)
        process = cls(root, binary, selected, chunks, timeout_s)
        try:
            process._launch_next()
        except _RuffFailed as exc:
            process._result = RuffRun((), None, str(exc))
        return process

    @classmethod
    def _finished(cls, root: Path, run: RuffRun) -> RuffProcess:
        process = cls(root, None, (), [], 0.0)
        process._result = run
        return process

    def collect(self) -> RuffRun:
        """Wait for Ruff (within the time limit) and return its findings; idempotent."""
        if self._result is None:
            self._result = self._finish()
        return self._result

    def cancel(self) -> None:
        """Kill Ruff if it still runs; ``collect`` then reports the run as cancelled."""
        if self._result is None:
            self._stop_current()
            self._pending.clear()
            self._result = RuffRun((), None, "cancelled before Ruff finished")

    def __enter__(self) -> RuffProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cancel()

    def _version(self) -> str | None:
        return ruff_version(self._binary) if self._binary is not None else None

    def _finish(self) -> RuffRun:
        diagnostics: list[Any] = []
        warnings: list[str] = []
        error: str | None = None
        try:
            while self._current is not None:
                found, warned = self._wait_current()
                diagnostics.extend(found)
                warnings.extend(warned)
                self._launch_next()
        except _RuffFailed as exc:
            error = str(exc)
        finally:
            self._stop_current()
            self._pending.clear()
        findings = tuple(sorted(_findings(diagnostics, self._root), key=Finding.sort_key))
        # A Ruff that failed is not asked again (it might hang again): no version then.
        version = self._version() if error is None else None
        return RuffRun(findings, version, error, tuple(warnings))

    def _launch_next(self) -> None:
        """Start Ruff on the next chunk of paths, if any is left."""
        if not self._pending or self._binary is None:
            return
        files = self._pending.pop(0)
        command = [*ruff_command(self._binary, self._codes), "--", *files]
        # Files, not pipes, so Ruff never blocks on a full pipe while airlock is busy.
        # They outlive this call and are closed by ``_stop_current``.
        stdout = tempfile.TemporaryFile()  # noqa: SIM115
        stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            proc = subprocess.Popen(
                command,
                cwd=self._root,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env=_ruff_env(),
            )
        except OSError as exc:
            stdout.close()
            stderr.close()
            hint = "" if os.path.isfile(self._binary) else f"; {_INSTALL_HINT}"
            raise _RuffFailed(f"cannot start Ruff ({self._binary}): {exc}{hint}") from exc
        reaper = weakref.finalize(self, _abandon, proc, stdout, stderr)
        self._current = _Running(proc, stdout, stderr, reaper)

    def _wait_current(self) -> tuple[list[Any], list[str]]:
        running = self._current
        assert running is not None
        try:
            code = running.proc.wait(timeout=max(self._deadline - time.monotonic(), 0.0))
        except subprocess.TimeoutExpired:
            raise _RuffFailed(
                f"Ruff timed out after {self._timeout_s:g} s and was stopped; raise the limit or scan with --no-ruff"
            ) from None
        out, err = _read(running.stdout), _read(running.stderr)
        self._stop_current()
        if code != 0:
            how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
            raise _RuffFailed(f"Ruff {how}: {_tail(err) or 'no message'}")
        try:
            data = json.loads(out or b"[]")
        except ValueError as exc:
            raise _RuffFailed(f"Ruff printed output that is not JSON ({exc}): {_tail(out)}") from None
        if not isinstance(data, list):
            raise _RuffFailed(f"Ruff printed JSON that is not a list of diagnostics: {_tail(out)}")
        text = err.decode("utf-8", "replace")
        warned = [line for line in text.splitlines() if line.startswith("warning:")]
        return data, warned

    def _stop_current(self) -> None:
        running, self._current = self._current, None
        if running is not None:
            running.reaper()  # runs ``_abandon`` once, now


def _abandon(proc: subprocess.Popen[bytes], *outputs: IO[bytes]) -> None:
    """Kill and reap ``proc`` if it still runs and close its output files.

    Also the finaliser of a run that is never collected: it runs when the
    ``RuffProcess`` is garbage-collected or, at the latest, when airlock exits.
    """
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for handle in outputs:
        handle.close()


def _ruff_env() -> dict[str, str]:
    """The environment minus ``RUFF_*`` (``RUFF_OUTPUT_FILE`` would steal the JSON)."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("RUFF_")}


def _command_bytes(args: Iterable[str]) -> int:
    return sum(len(os.fsencode(a)) + 1 for a in args)


def _chunks(files: Sequence[str], fixed_bytes: int) -> list[list[str]]:
    """Split ``files`` so that each command line stays under the limit."""
    limit = min(MAX_COMMAND_BYTES, _WINDOWS_COMMAND_BYTES) if os.name == "nt" else MAX_COMMAND_BYTES
    chunks: list[list[str]] = []
    current: list[str] = []
    size = fixed_bytes
    for name in files:
        cost = len(os.fsencode(name)) + 1
        if current and size + cost > limit:
            chunks.append(current)
            current, size = [], fixed_bytes
        current.append(name)
        size += cost
    if current:
        chunks.append(current)
    return chunks


def _read(handle: IO[bytes]) -> bytes:
    handle.seek(0)
    return handle.read()


def _tail(data: bytes, limit: int = 400) -> str:
    """The last non-empty lines of an output, short enough for one message."""
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    text = " | ".join(lines[-3:])
    return text if len(text) <= limit else "..." + text[-limit:]


def _findings(diagnostics: Iterable[Any], root: Path) -> Iterator[Finding]:
    """Ruff's diagnostics as findings; syntax errors and codes not in the table are dropped."""
    bases = _bases(root)
    sources: dict[str, list[str]] = {}
    for diag in diagnostics:
        if not isinstance(diag, dict):
            continue
        code = diag.get("code")
        row = RUFF_CODES.get(code) if isinstance(code, str) else None
        filename = diag.get("filename")
        if row is None or not isinstance(filename, str):
            continue
        path = _relative(filename, bases)
        if path not in sources:
            sources[path] = _lines(root / path)
        yield _finding(row, diag, path, sources[path])


def _finding(row: RuffCode, diag: dict[str, Any], path: str, lines: list[str]) -> Finding:
    cat = catalogue.get(row.category)
    line, column = _position(diag.get("location"))
    end_line, end_column = _position(diag.get("end_location"), (line, column))
    fix = diag.get("fix")
    title = fix.get("message") if isinstance(fix, dict) else None
    remedy = f"{title.rstrip('.')}. {cat.fix}" if isinstance(title, str) and title else cat.fix
    return Finding(
        rule_id=f"ruff:{row.code}",
        category=cat.id,
        family=cat.family.value,
        severity=row.severity,
        path=path,
        line=line,
        end_line=max(end_line, line),
        message=str(diag.get("message") or row.why),
        remedy=remedy,
        column=column,
        end_column=end_column,
        confidence=row.confidence,
        snippet=lines[line - 1].strip() if line <= len(lines) else "",
    )


def _position(loc: object, default: tuple[int, int] = (1, 1)) -> tuple[int, int]:
    if not isinstance(loc, dict):
        return default
    row, col = loc.get("row"), loc.get("column")
    if not isinstance(row, int) or not isinstance(col, int):
        return default
    return max(row, 1), max(col, 1)


def _bases(root: Path) -> list[PurePath]:
    """The root as given and with symlinks resolved (Ruff reports paths under its cwd)."""
    bases = [PurePath(root)]
    try:
        resolved = PurePath(root.resolve())
    except OSError:
        return bases
    return bases if resolved == bases[0] else [*bases, resolved]


def _relative(filename: str, bases: Sequence[PurePath]) -> str:
    path = PurePath(filename)
    for base in bases:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []

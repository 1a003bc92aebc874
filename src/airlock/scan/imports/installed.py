"""Which distributions are installed, and which top-level modules each provides; nothing is imported.

Two sources: the running interpreter (``importlib.metadata.packages_distributions``, read
once per process) and the scanned project's own virtualenv (``.venv``/``venv`` under its
root), read statically from ``*.dist-info``/``*.egg-info`` folders: ``top_level.txt`` when a
distribution ships one, else the first path component of each ``RECORD`` row.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = [
    "environment_id",
    "interpreter_modules",
    "interpreter_own_modules",
    "interpreter_requirements",
    "project_site_packages",
    "read_site_packages",
]

_VENV_NAMES = (".venv", "venv", "env", ".env")
_SKIP_TOP = {"..", "__pycache__", "bin", "Scripts"}
_MAX_RECORD = 5_000_000


@functools.cache
def interpreter_modules() -> Mapping[str, tuple[str, ...]]:
    """Top-level module → distributions, for the interpreter running airlock (cached per process)."""
    from importlib.metadata import packages_distributions

    try:
        found = packages_distributions()
    except (OSError, ValueError):  # a broken metadata folder must not stop a scan
        return {}
    return {module: tuple(dict.fromkeys(dists)) for module, dists in found.items()}


@functools.cache
def interpreter_requirements() -> frozenset[str]:
    """Normalised names that the running interpreter's distributions require, extras included.

    Each is a real project on the index (pip resolved the graph it belongs to), so an import
    of one is not an invention: SQLAlchemy's extras name ``asyncmy`` and ``cymysql``.
    """
    from importlib.metadata import distributions

    from airlock.scan.imports.manifests import requirement_name
    from airlock.scan.imports.names import normalise

    names: set[str] = set()
    try:
        for dist in distributions():
            for line in dist.requires or ():
                name = requirement_name(line.split(";", 1)[0])
                if name:
                    names.add(normalise(name))
    except (OSError, ValueError):  # a broken metadata folder must not stop a scan
        return frozenset(names)
    return frozenset(names)


@functools.cache
def interpreter_own_modules() -> frozenset[str]:
    """Modules the interpreter itself ships beyond ``sys.stdlib_module_names``: built-ins and the
    files of its standard library folder and ``lib-dynload`` (``_testcapi``, ``_ctypes_test``)."""
    import sysconfig

    names = set(sys.builtin_module_names)
    stdlib = Path(sysconfig.get_path("stdlib"))
    for folder in (stdlib, stdlib / "lib-dynload", Path(sysconfig.get_path("platstdlib")) / "lib-dynload"):
        for entry in _entries(folder):
            if entry.name in ("site-packages", "dist-packages"):
                continue
            head = entry.name.split(".", 1)[0]
            if head.isidentifier() and (entry.is_dir() or entry.name.endswith((".py", ".so", ".pyd"))):
                names.add(head)
    return frozenset(names)


def environment_id() -> str:
    """A cheap identity of the running interpreter's installed set: the modification times of
    its ``site-packages`` folders (not the other ``sys.path`` entries, which vary with
    the working folder and the way airlock was started).

    Part of the project fingerprint, so that installing a package invalidates cached results.
    """
    digest = hashlib.sha256()
    for entry in sys.path:
        if not entry.rstrip("/\\").endswith(("site-packages", "dist-packages")):
            continue
        # The folder's mtime changes whenever a distribution is installed, upgraded or removed
        # (its metadata folder comes or goes): one stat instead of listing the folder (70 ms).
        try:
            stamp = str(Path(entry).stat().st_mtime_ns)
        except OSError:
            stamp = "missing"
        digest.update(entry.encode("utf-8", "surrogateescape") + b"\0" + stamp.encode() + b"\0")
    return digest.hexdigest()[:16]


def project_site_packages(root: Path) -> list[Path]:
    """``site-packages`` folders of virtualenvs directly under the project root."""
    found: list[Path] = []
    for name in _VENV_NAMES:
        venv = root / name
        if not (venv / "pyvenv.cfg").is_file():
            continue
        found.extend(sorted(venv.glob("lib/python*/site-packages")))
        found.extend(sorted(venv.glob("lib64/python*/site-packages")))
        windows = venv / "Lib" / "site-packages"
        if windows.is_dir():
            found.append(windows)
    return list(dict.fromkeys(p.resolve() for p in found if p.is_dir()))


def read_site_packages(folders: Iterable[Path]) -> dict[str, tuple[str, ...]]:
    """Top-level module → distributions, read from the metadata folders in ``folders``."""
    provided: dict[str, list[str]] = defaultdict(list)
    for folder in folders:
        for entry in sorted(_entries(folder), key=lambda e: e.name):
            if not entry.is_dir() or not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            meta = Path(entry.path)
            name = _distribution_name(meta)
            for module in _top_levels(meta):
                if name not in provided[module]:
                    provided[module].append(name)
    return {module: tuple(dists) for module, dists in sorted(provided.items())}


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries; none when it is missing or unreadable (nothing installed there to see)."""
    try:
        return list(os.scandir(folder))
    except OSError:
        return []


def _distribution_name(meta: Path) -> str:
    for file in ("METADATA", "PKG-INFO"):
        name = _header(meta / file, "Name")
        if name:
            return name
    return meta.name.split("-", 1)[0]


def _header(path: Path, field: str) -> str | None:
    """A header of a metadata file (among its first lines), or ``None`` when absent or unreadable."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for _, line in zip(range(40), handle, strict=False):
                if line.startswith(field + ":"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _top_levels(meta: Path) -> set[str]:
    try:
        text = (meta / "top_level.txt").read_text(encoding="utf-8", errors="replace")
        names = {line.strip().split("/")[0] for line in text.splitlines() if line.strip()}
        if names:
            return {n for n in names if n.isidentifier()}
    except OSError:
        pass  # no top_level.txt (wheels from hatchling, flit, maturin): RECORD says it
    record = meta / "RECORD"
    try:
        if record.stat().st_size > _MAX_RECORD:
            return set()
        rows = record.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return set()
    found: set[str] = set()
    for row in rows:
        path = row.split(",", 1)[0].strip('"')
        head = path.split("/", 1)[0]
        if not head or head in _SKIP_TOP or head.endswith((".dist-info", ".egg-info", ".data", ".pth", ".libs")):
            continue
        if head.startswith(("__editable__", "_editable_impl")):
            continue
        if "/" not in path:
            head = head.split(".", 1)[0]  # mod.py, _ext.cpython-311-x86_64-linux-gnu.so
        if head.isidentifier():
            found.add(head)
    return found

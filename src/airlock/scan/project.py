"""What every file rule may know about the whole project, built once per scan.

Small and picklable on purpose: it travels to every worker process. It holds the
project's own top-level module names, the text of its manifests (pyproject.toml,
requirements files, setup.cfg, Pipfile, and the files they include, plus those at the
root when a subfolder is scanned), and the modules its own virtualenv provides; rules
derive what they need from it and cache that per process by ``fingerprint``. The
fingerprint is part of the scan cache key, because a file's findings may depend on it (a
new requirement makes an import declared, an installed package makes one known).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = ["MANIFEST_NAMES", "ProjectContext", "build_project_context", "is_manifest"]

MANIFEST_NAMES = frozenset({"pyproject.toml", "setup.cfg", "setup.py", "Pipfile"})
_MAX_MANIFEST = 1_000_000
_MAX_INCLUDED = 64


def is_manifest(rel: str) -> bool:
    """A file that declares dependencies: pyproject, setup files, Pipfile, requirements."""
    name = rel.rsplit("/", 1)[-1]
    return name in MANIFEST_NAMES or (name.startswith("requirements") and name.endswith((".txt", ".in")))


@dataclass(frozen=True, slots=True)
class ProjectContext:
    """Project-wide facts for file rules."""

    local_modules: frozenset[str] = frozenset()
    """Top-level importable names the project itself provides (``shop``, ``airlock``)."""
    manifests: Mapping[str, str] = field(default_factory=dict)
    """Relative path → text of every dependency manifest found."""
    unreadable: tuple[tuple[str, str], ...] = ()
    """Manifests that could not be read, with the reason (the engine reports them)."""
    installed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Top-level module → distributions installed in the project's own virtualenv (``.venv``,
    ``venv`` under the root), read from their metadata without importing anything."""
    environment: str = ""
    """Identity of the installed set of the interpreter running airlock (rules consult it too)."""

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.local_modules):
            digest.update(name.encode() + b"\0")
        for path, text in sorted(self.manifests.items()):
            digest.update(path.encode() + b"\0" + text.encode("utf-8", "surrogateescape") + b"\0")
        for module, dists in sorted(self.installed.items()):
            digest.update(module.encode() + b"=" + ",".join(dists).encode() + b"\0")
        digest.update(self.environment.encode())
        return digest.hexdigest()[:16]


def _top_level_modules(python_files: Iterable[str]) -> frozenset[str]:
    """Names importable as top-level modules from some folder of the project.

    Any folder that is not itself a package (no ``__init__.py``) may be a ``sys.path``
    root (the project root, ``src/``, ``examples/shop/``, a tests folder), so what it holds
    directly is a top-level module: ``pkg`` for ``pkg/__init__.py``, ``mod`` for ``mod.py``.
    """
    files = [PurePosixPath(rel) for rel in python_files]
    packages = {str(p.parent) for p in files if p.name == "__init__.py"}
    names: set[str] = set()
    for path in files:
        parts = path.parts
        for index in range(len(parts)):
            folder = "/".join(parts[:index]) or "."
            if folder in packages:
                continue
            head = parts[index]
            names.add(head[:-3] if head.endswith(".py") else head)
    names.discard("__init__")
    return frozenset(n for n in names if n.isidentifier())


def _root_manifests(root: Path) -> list[str]:
    """Manifests at the project root: they describe the project even when a subfolder is scanned."""
    try:
        names = sorted(p.name for p in root.iterdir() if p.is_file())
    except OSError:
        return []
    return [name for name in names if is_manifest(name)]


def _root_package(root: Path, files: tuple[str, ...]) -> frozenset[str]:
    """The scanned folder itself, when it is a package (a scan of ``django/`` is Django's own
    code: its ``import django`` is local, not a call into an installed copy)."""
    name = root.resolve().name
    return frozenset({name}) if "__init__.py" in files and name.isidentifier() else frozenset()


def build_project_context(root: Path, python_files: Iterable[str], context_files: Iterable[str]) -> ProjectContext:
    from airlock.scan.imports.installed import environment_id, project_site_packages, read_site_packages
    from airlock.scan.imports.manifests import includes

    files = tuple(python_files)
    manifests: dict[str, str] = {}
    unreadable: list[tuple[str, str]] = []

    def read(rel: str, via: str | None = None) -> None:
        path = root / rel
        try:
            if path.stat().st_size > _MAX_MANIFEST:
                unreadable.append((rel, f"too large to read (> {_MAX_MANIFEST} bytes)"))
                return
            manifests[rel] = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            if via is None:
                unreadable.append((rel, f"cannot read: {exc.strerror}"))
            else:
                unreadable.append((via, f"includes {rel}, which cannot be read: {exc.strerror}"))

    wanted = dict.fromkeys([*(rel for rel in context_files if is_manifest(rel)), *_root_manifests(root)])
    for rel in wanted:
        read(rel)
    # Files the manifests pull in (`-r base.txt`, `-c constraints.txt`, dynamic dependency
    # files), transitively; a missing one is reported like an unreadable manifest.
    queue = list(manifests)
    seen = set(wanted)
    while queue and len(seen) < _MAX_INCLUDED:
        current = queue.pop(0)
        for _, target in includes(current, manifests.get(current, "")):
            if target not in seen:
                seen.add(target)
                read(target, via=current)
                if target in manifests:
                    queue.append(target)
    return ProjectContext(
        local_modules=_top_level_modules(files) | _root_package(root, files),
        manifests=manifests,
        unreadable=tuple(unreadable),
        installed=read_site_packages(project_site_packages(root)),
        environment=environment_id(),
    )

"""What a project declares it depends on, read from its manifests without running anything.

Formats: ``pyproject.toml`` (``[project]`` dependencies and optional dependencies, PEP 735
``[dependency-groups]``, Poetry, PDM, uv, Hatch environments, Flit, ``[build-system]
requires``), requirements files (``requirements*.txt``/``.in`` with ``-r``/``-c`` includes),
``setup.cfg``, ``setup.py`` (literal ``install_requires``/``extras_require`` through the
AST) and ``Pipfile``. Every declared name is kept with the manifest and line that declare
it, so that a finding about a requirement can point at it.

The parsers take text, never a path: the project context carries the manifests' text, and
``includes`` tells the context builder which further files (``-r base.txt``) to read.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from airlock.scan.imports.names import normalise

__all__ = [
    "DeclaredRequirement",
    "ManifestReport",
    "Manifests",
    "declare_hint",
    "includes",
    "is_direct_reference",
    "parse_manifests",
    "requirement_name",
    "resolve_include",
]


@dataclass(frozen=True, slots=True)
class DeclaredRequirement:
    """One dependency a manifest names."""

    name: str
    """As written (``PyYAML``)."""
    key: str
    """PEP 503-normalised (``pyyaml``): what comparisons use."""
    path: str
    """The manifest, relative to the project root."""
    line: int
    """1-based line of the declaration (the section's line when it cannot be found)."""
    section: str
    """Where in the manifest: ``[project] dependencies``, ``-r base.txt``, ``[packages]``."""
    declares: bool = True
    """False for constraints (``-c``): they pin versions but install nothing."""
    direct: bool = False
    """Installed from a URL, a VCS or a local path (``name @ git+https://...``), not from the index."""


@dataclass(frozen=True, slots=True)
class ManifestReport:
    """What one manifest gave: its requirements, whether it declares dependencies at all, and gaps."""

    requirements: tuple[DeclaredRequirement, ...] = ()
    declaring: bool = False
    """The file is a place that declares dependencies (even none): a ``[project]`` table, a
    requirements file, a ``setup()`` call. A pyproject with only tool settings is not."""
    dynamic: str | None = None
    """Why the declared set is incomplete (computed at build time, unparsable), else ``None``."""
    includes: tuple[tuple[str, str], ...] = ()
    """(kind, path relative to the root) of files this one pulls in: ``requirements``, ``constraints``."""


@dataclass(frozen=True, slots=True)
class Manifests:
    """Every manifest of a project, parsed."""

    requirements: tuple[DeclaredRequirement, ...] = ()
    declaring: tuple[str, ...] = ()
    """Manifests that declare dependencies."""
    dynamic: tuple[tuple[str, str], ...] = ()
    """(manifest, reason) for declarations airlock cannot read statically."""
    declared: frozenset[str] = field(default_factory=frozenset)
    """Normalised names of every requirement that installs something."""

    @property
    def complete(self) -> bool:
        """Whether the declared set is all there is: some manifest declares, none is dynamic."""
        return bool(self.declaring) and not self.dynamic


_OPTION = re.compile(r"^(-[a-zA-Z]|--[a-z][a-z-]*)(?:[ =]\s*(\S.*))?$")
_INCLUDE_OPTIONS = {
    "-r": "requirements",
    "--requirement": "requirements",
    "-c": "constraints",
    "--constraint": "constraints",
}
_EDITABLE_OPTIONS = {"-e", "--editable"}
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_WHEEL = re.compile(r"([A-Za-z0-9][A-Za-z0-9._]*)-\d[^/]*\.(?:whl|tar\.gz|zip)$")
_DIRECT = re.compile(r"@\s*\S+:/|^\s*[\w+.-]+://|^\s*(file:|\.{1,2}/|/)")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def requirement_name(text: str) -> str | None:
    """The distribution name of a PEP 508 requirement string, or ``None`` when it names none.

    ``packaging`` parses it; a string it rejects still gives its leading name when that is
    plausible (``foo>=1,<2 ; weird marker``), so one odd line does not hide a dependency.
    """
    text = text.strip()
    if not text or text.startswith(("-", ".", "/", "#")):
        return None
    from packaging.requirements import InvalidRequirement, Requirement  # parsed only when there are manifests

    try:
        return Requirement(text).name
    except InvalidRequirement:
        match = _NAME.match(text)
        return match.group(1) if match and "://" not in text else None


def is_direct_reference(text: str) -> bool:
    """A PEP 508 direct reference, a URL or a path: the index is not where it comes from."""
    return bool(_DIRECT.search(text))


def resolve_include(base: str, target: str) -> str | None:
    """``target`` relative to the manifest at ``base``, normalised; ``None`` if it leaves the root."""
    folder = posixpath.dirname(base)
    joined = posixpath.normpath(posixpath.join(folder, target.strip().strip("'\"")))
    if joined.startswith("../") or joined == ".." or posixpath.isabs(joined):
        return None
    return joined


def parse_requirements_file(path: str, text: str, *, constraints: bool = False) -> ManifestReport:
    """A pip requirements file: one requirement a line, options, includes, continuation lines."""
    found: list[DeclaredRequirement] = []
    included: list[tuple[str, str]] = []
    section = f"-c {path}" if constraints else path
    for line_no, line in _logical_lines(text):
        option = _OPTION.match(line)
        if option:
            flag, value = option.group(1), (option.group(2) or "").strip()
            if flag in _INCLUDE_OPTIONS and value:
                target = resolve_include(path, value.split()[0])
                if target:
                    included.append((_INCLUDE_OPTIONS[flag], target))
            elif flag in _EDITABLE_OPTIONS and value:
                egg = _EGG.search(value)
                if egg:
                    found.append(_requirement(egg.group(1), path, line_no, section, not constraints, direct=True))
            continue
        name = _name_of_line(line)
        if name:
            direct = is_direct_reference(line) or line.endswith((".whl", ".tar.gz", ".zip"))
            found.append(_requirement(name, path, line_no, section, not constraints, direct=direct))
    return ManifestReport(requirements=tuple(found), declaring=not constraints, includes=tuple(included))


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """(first physical line, text) with comments removed and ``\\`` continuations joined."""
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        joined = " ".join(part.strip() for part in pending).strip()
        pending = []
        if joined:
            yield start, joined
    if pending:
        joined = " ".join(part.strip() for part in pending).strip()
        if joined:
            yield start, joined


def _name_of_line(line: str) -> str | None:
    """The requirement a requirements line names: PEP 508, an ``#egg=`` URL, or a wheel/sdist file."""
    body = re.split(r"\s--?[a-z]", " " + line, maxsplit=1)[0].strip()  # drop --hash=... and friends
    if "://" in body and "@" not in body.split("://", 1)[0]:
        egg = _EGG.search(body)
        if egg:
            return egg.group(1)
        wheel = _WHEEL.search(body.split("#", 1)[0])
        return wheel.group(1) if wheel else None
    wheel = _WHEEL.search(body)
    if wheel and ("/" in body or body.endswith((".whl", ".tar.gz", ".zip"))):
        return wheel.group(1)
    return requirement_name(body)


def _requirement(
    name: str, path: str, line: int, section: str, declares: bool = True, *, direct: bool = False
) -> DeclaredRequirement:
    return DeclaredRequirement(name, normalise(name), path, line, section, declares=declares, direct=direct)


_SCRIPT = "# /// script"
_ORDER = ("pyproject.toml", "requirements", "setup.cfg", "setup.py", "Pipfile")


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name in ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile"):
        return name
    return "requirements"


def parse_manifest(path: str, text: str, *, constraints: bool = False) -> ManifestReport:
    """One manifest, by its file name; a file reached only through ``-c`` is read as constraints."""
    from airlock.scan.imports import _pyproject, _setup  # the TOML and AST readers, only for their formats

    kind = _kind(path)
    if kind == "pyproject.toml":
        return _pyproject.parse_pyproject(path, text)
    if kind == "Pipfile":
        return _pyproject.parse_pipfile(path, text)
    if kind == "setup.cfg":
        return _setup.parse_setup_cfg(path, text)
    if kind == "setup.py":
        return _setup.parse_setup_py(path, text)
    return parse_requirements_file(path, text, constraints=constraints)


def includes(path: str, text: str) -> tuple[tuple[str, str], ...]:
    """Files that ``path`` pulls in, as (kind, path relative to the root)."""
    return parse_manifest(path, text).includes


def parse_manifests(manifests: Mapping[str, str]) -> Manifests:
    """All manifests of a project; files named only by ``-c`` count as constraints."""
    reports = {path: parse_manifest(path, text) for path, text in sorted(manifests.items())}
    required = {target for r in reports.values() for kind, target in r.includes if kind == "requirements"}
    constraint_only = {
        target
        for r in reports.values()
        for kind, target in r.includes
        if kind == "constraints" and target not in required and _kind(target) == "requirements"
    }
    for path in constraint_only:
        name = path.rsplit("/", 1)[-1]
        if path in manifests and not name.startswith("requirements"):
            reports[path] = parse_requirements_file(path, manifests[path], constraints=True)
    requirements = tuple(req for report in reports.values() for req in report.requirements)
    return Manifests(
        requirements=requirements,
        declaring=tuple(path for path, report in reports.items() if report.declaring),
        dynamic=tuple((path, report.dynamic) for path, report in reports.items() if report.dynamic),
        declared=frozenset(req.key for req in requirements if req.declares),
    )


def declare_hint(manifests: Manifests, path: str) -> str:
    """Where to declare a missing dependency of the file at ``path``.

    The deepest declaring manifest whose folder holds the file (a monorepo's own package
    first), else the shallowest one; pyproject before requirements, setup.cfg, setup.py,
    Pipfile. Answers like ``[project] dependencies in pyproject.toml`` or ``requirements.txt``.
    """
    if any(r.section == _SCRIPT for r in manifests.requirements) or manifests.declaring == (_SCRIPT,):
        return "the script's `# /// script` dependencies"
    if not manifests.declaring:
        return "the project's dependencies"
    folder = posixpath.dirname(path)

    def rank(manifest: str) -> tuple[bool, int, int]:
        home = posixpath.dirname(manifest)
        depth = home.count("/") + 1 if home else 0
        applies = not home or folder == home or folder.startswith(home + "/")
        return (not applies, -depth if applies else depth, _ORDER.index(_kind(manifest)))

    manifest = min(manifests.declaring, key=rank)
    kind = _kind(manifest)
    if kind == "pyproject.toml":
        sections = {r.section.split("]", 1)[0] + "]" for r in manifests.requirements if r.path == manifest}
        if "[tool.poetry.dependencies]" in sections and "[project]" not in sections:
            return f"[tool.poetry.dependencies] in {manifest}"
        return f"[project] dependencies in {manifest}"
    if kind == "setup.cfg":
        return f"[options] install_requires in {manifest}"
    if kind == "setup.py":
        return f"setup(install_requires=[...]) in {manifest}"
    if kind == "Pipfile":
        return f"[packages] in {manifest}"
    return manifest

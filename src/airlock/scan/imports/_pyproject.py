"""TOML manifests: ``pyproject.toml`` in every common dialect, and ``Pipfile``.

TOML parsers give no positions, so each requirement's line is found in the text: the first
line at or after its section's header that holds the quoted string (or, for a key, the key).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from typing import Any

from airlock.scan.imports.manifests import (
    DeclaredRequirement,
    ManifestReport,
    is_direct_reference,
    requirement_name,
    resolve_include,
)
from airlock.scan.imports.names import normalise

__all__ = ["parse_pipfile", "parse_pyproject"]


_NOT_FROM_INDEX = frozenset({"git", "path", "url", "file", "hg", "svn", "bzr"})


class _Lines:
    """Finds where a value or key sits in the text, starting from a section header."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def header(self, *names: str) -> int:
        """Index of the first ``[name]`` header among ``names`` (0 when absent)."""
        for name in names:
            pattern = re.compile(r"^\s*\[\[?\s*" + re.escape(name).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
            for index, line in enumerate(self.lines):
                if pattern.match(line):
                    return index
        return 0

    def find(self, needle: str, start: int, *, key: bool = False) -> int:
        """1-based line of ``needle`` (a quoted string, or a ``key =``) at or after ``start``."""
        if key:
            pattern = re.compile(r"^\s*[\"']?" + re.escape(needle) + r"[\"']?\s*=", re.IGNORECASE)
        else:
            pattern = re.compile(r"[\"']" + re.escape(needle) + r"[\"']")
        for index in range(start, len(self.lines)):
            if pattern.search(self.lines[index]):
                return index + 1
        for index in range(min(start, len(self.lines))):
            if pattern.search(self.lines[index]):
                return index + 1
        return start + 1


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Collector:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.where = _Lines(text)
        self.found: list[DeclaredRequirement] = []

    def pep508(self, items: Iterable[str], section: str, *headers: str) -> None:
        start = self.where.header(*headers)
        for item in items:
            name = requirement_name(item)
            if name:
                line = self.where.find(item, start)
                direct = is_direct_reference(item)
                self.found.append(DeclaredRequirement(name, normalise(name), self.path, line, section, direct=direct))

    def keys(self, table: dict[str, Any], section: str, *headers: str, skip: Iterable[str] = ()) -> None:
        start = self.where.header(*headers)
        for name, spec in table.items():
            if name.lower() in skip or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
                continue
            line = self.where.find(name, start, key=True)
            direct = isinstance(spec, dict) and bool(_NOT_FROM_INDEX & set(spec))
            self.found.append(DeclaredRequirement(name, normalise(name), self.path, line, section, direct=direct))


def parse_pyproject(path: str, text: str) -> ManifestReport:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return ManifestReport(dynamic=f"not valid TOML: {exc}")
    out = _Collector(path, text)
    declaring = False
    dynamic: str | None = None
    files: list[str] = []

    project = _table(data.get("project"))
    if project:
        declaring = True
        out.pep508(_strings(project.get("dependencies")), "[project] dependencies", "project")
        for extra, items in _table(project.get("optional-dependencies")).items():
            out.pep508(_strings(items), f"[project.optional-dependencies] {extra}", "project.optional-dependencies")
        if "dependencies" in _strings(project.get("dynamic")):
            files, dynamic = _dynamic_files(data)

    groups = _table(data.get("dependency-groups"))
    for group, items in groups.items():
        declaring = True
        out.pep508(_strings(items), f"[dependency-groups] {group}", "dependency-groups")

    build = _table(data.get("build-system"))
    out.pep508(_strings(build.get("requires")), "[build-system] requires", "build-system")

    tool = _table(data.get("tool"))
    poetry = _table(tool.get("poetry"))
    if poetry.get("dependencies") is not None or poetry.get("group") is not None:
        declaring = True
    out.keys(
        _table(poetry.get("dependencies")), "[tool.poetry.dependencies]", "tool.poetry.dependencies", skip={"python"}
    )
    out.keys(_table(poetry.get("dev-dependencies")), "[tool.poetry.dev-dependencies]", "tool.poetry.dev-dependencies")
    for group, table in _table(poetry.get("group")).items():
        header = f"tool.poetry.group.{group}.dependencies"
        out.keys(_table(_table(table).get("dependencies")), f"[{header}]", header)

    for group, items in _table(_table(tool.get("pdm")).get("dev-dependencies")).items():
        declaring = True
        out.pep508(_strings(items), f"[tool.pdm.dev-dependencies] {group}", "tool.pdm.dev-dependencies")

    uv = _table(tool.get("uv"))
    if "dev-dependencies" in uv:
        declaring = True
        out.pep508(_strings(uv.get("dev-dependencies")), "[tool.uv] dev-dependencies", "tool.uv")

    for env, table in _table(_table(tool.get("hatch")).get("envs")).items():
        for key in ("dependencies", "extra-dependencies"):
            header = f"tool.hatch.envs.{env}"
            out.pep508(_strings(_table(table).get(key)), f"[{header}] {key}", header)

    flit = _table(_table(tool.get("flit")).get("metadata"))
    if flit:
        declaring = True
        out.pep508(_strings(flit.get("requires")), "[tool.flit.metadata] requires", "tool.flit.metadata")
        for extra, items in _table(flit.get("requires-extra")).items():
            out.pep508(_strings(items), f"[tool.flit.metadata.requires-extra] {extra}", "tool.flit.metadata")

    includes = tuple(("requirements", target) for target in (resolve_include(path, f) for f in files) if target)
    return ManifestReport(requirements=tuple(out.found), declaring=declaring, dynamic=dynamic, includes=includes)


def _dynamic_files(data: dict[str, Any]) -> tuple[list[str], str | None]:
    """Files that hold dynamic dependencies (setuptools, hatch-requirements-txt), or why unknown."""
    tool = _table(data.get("tool"))
    spec = _table(_table(_table(tool.get("setuptools")).get("dynamic")).get("dependencies"))
    files = spec.get("file")
    if isinstance(files, str):
        return [files], None
    if _strings(files):
        return _strings(files), None
    hook = _table(_table(_table(_table(tool.get("hatch")).get("metadata")).get("hooks")).get("requirements_txt"))
    if _strings(hook.get("files")):
        return _strings(hook.get("files")), None
    return [], "[project] dependencies are dynamic and airlock cannot tell where they come from"


def parse_pipfile(path: str, text: str) -> ManifestReport:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return ManifestReport(declaring=True, dynamic=f"not valid TOML: {exc}")
    out = _Collector(path, text)
    for section, table in data.items():
        if section in ("source", "requires", "pipenv", "scripts") or not isinstance(table, dict):
            continue
        out.keys(table, f"[{section}]", section)
    return ManifestReport(requirements=tuple(out.found), declaring=True)

"""Where an imported module comes from: the standard library, the project, an installed or
declared distribution, a known package on the index, or nowhere.

One ``Resolver`` per project context and process (``resolver_for`` caches it by the
context's fingerprint), and one answer per module name within it, so a scan classifies each
module once per worker. Nothing is imported and nothing leaves the machine.
"""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from airlock.scan.imports.aliases import alias_for
from airlock.scan.imports.installed import interpreter_modules, interpreter_own_modules, interpreter_requirements
from airlock.scan.imports.known import hallucinated_names, popular_names
from airlock.scan.imports.manifests import ManifestReport, Manifests, parse_manifests
from airlock.scan.imports.names import closest, distribution_guesses, normalise, squashed
from airlock.scan.project import ProjectContext

__all__ = ["Kind", "Resolution", "Resolver", "resolver_for"]

_ALWAYS_THERE = frozenset({"__main__", "__future__", "__builtins__"})


class Kind(enum.StrEnum):
    """What an import resolved to."""

    STDLIB = "stdlib"
    LOCAL = "local"
    THIRD_PARTY = "third-party"
    """Not the standard library nor the project: see ``Resolution.known_by`` and ``declared``."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one imported module."""

    module: str
    """The dotted name that decided it."""
    kind: Kind
    distributions: tuple[str, ...] = ()
    """Distributions that provide it, spelled as their metadata or the alias table spell them."""
    declared: bool = False
    """Some manifest declares one of ``distributions`` (or the conventional name)."""
    known_by: str | None = None
    """How airlock knows it exists: ``installed``, ``the alias table``, ``the popular-packages list``,
    ``a declared requirement``; ``None``: nowhere."""
    hallucinated: str | None = None
    """The documented source, when the name is on the known-hallucinated list."""

    @property
    def distribution(self) -> str:
        """The distribution to name in a message (the first one, or the import's conventional name)."""
        return self.distributions[0] if self.distributions else normalise(self.module.split(".")[0])


class Resolver:
    """Resolves imports against one project's context; answers are cached per module name."""

    def __init__(self, project: ProjectContext, manifests: Manifests | None = None) -> None:
        self.project = project
        self.manifests = manifests if manifests is not None else parse_manifests(project.manifests)
        self._cache: dict[tuple[str, ...], Resolution] = {}

    @functools.cached_property
    def installed(self) -> Mapping[str, tuple[str, ...]]:
        """Import name → distributions, built on first need: reading every installed
        distribution's metadata costs ~90 ms, and a file importing only the standard library
        and the project itself (the common warm rescan) never needs it."""
        installed: dict[str, tuple[str, ...]] = dict(interpreter_modules())
        for module, dists in self.project.installed.items():
            installed[module] = tuple(dict.fromkeys((*dists, *installed.get(module, ()))))
        return installed

    @functools.cached_property
    def _installed_keys(self) -> frozenset[str]:
        return frozenset(normalise(d) for dists in self.installed.values() for d in dists)

    def for_script(self, report: ManifestReport) -> Resolver:
        """The resolver for a PEP 723 script: its own block is its only manifest."""
        requirements = report.requirements
        manifests = Manifests(
            requirements=requirements,
            declaring=("# /// script",),
            dynamic=(("# /// script", report.dynamic),) if report.dynamic else (),
            declared=frozenset(r.key for r in requirements),
        )
        return Resolver(self.project, manifests)

    def resolve(self, paths: tuple[str, ...]) -> Resolution:
        """Resolve an import given as dotted names, most specific first (they share a top level)."""
        found = self._cache.get(paths)
        if found is None:
            found = self._cache[paths] = self._resolve(paths)
        return found

    def _resolve(self, paths: tuple[str, ...]) -> Resolution:
        top = paths[-1].split(".", 1)[0]
        if top in sys.stdlib_module_names or top in _ALWAYS_THERE or top in interpreter_own_modules():
            return Resolution(top, Kind.STDLIB)
        if top in self.project.local_modules:
            return Resolution(top, Kind.LOCAL)
        guesses = tuple(dict.fromkeys(g for path in paths for g in distribution_guesses(path)))
        aliased = next((found for found in (alias_for(p) for p in paths) if found), ())
        installed = self._installed_for(top, guesses)
        distributions = tuple(dict.fromkeys((*installed, *aliased)))
        declared = self.manifests.declared
        is_declared = any(normalise(d) in declared for d in distributions) or any(g in declared for g in guesses)
        if not is_declared and not installed:
            is_declared = self._loosely_declared(top)
        known_by: str | None = None
        if installed:
            known_by = "installed"
        elif aliased:
            known_by = "the alias table"
        elif is_declared:
            known_by = "a declared requirement"
        elif any(g in popular_names() for g in guesses):
            known_by = "the popular-packages list"
        elif any(g in interpreter_requirements() for g in guesses):
            known_by = "an installed distribution's requirements"
        hallucinated = None
        if not installed:
            notes = hallucinated_names()
            hallucinated = next((notes[g] or g for g in guesses if g in notes), None)
        if not distributions:
            popular = [g for g in guesses if g in popular_names() or g in declared]
            distributions = tuple(popular[:1])
        module = next((p for p in paths if alias_for(p)), paths[-1])
        return Resolution(module, Kind.THIRD_PARTY, distributions, is_declared, known_by, hallucinated)

    def _installed_for(self, top: str, guesses: tuple[str, ...]) -> tuple[str, ...]:
        """Installed distributions providing ``top``; for a shared namespace (``google``), the ones
        whose name matches the import (``google.cloud.storage`` → ``google-cloud-storage``)."""
        dists = self.installed.get(top, ())
        if len(dists) <= 1:
            return dists
        matching = tuple(d for d in dists if normalise(d) in guesses)
        return matching or dists

    def _loosely_declared(self, top: str) -> bool:
        """A declared requirement whose name ends or starts with the import's, separators aside:
        ``corsheaders`` in ``django-cors-headers``, ``yaml`` in ``PyYAML``. Only for imports that
        are not installed, whose real distribution airlock cannot look up."""
        needle = squashed(top)
        if len(needle) < 3:
            return False
        return any(
            squashed(key).endswith(needle) or squashed(key).startswith(needle)
            for key in self.manifests.declared
            if key not in self._installed_keys
        )

    def suggestions(self, module: str) -> list[str]:
        """Real names close to an unknown import: installed modules first, then popular projects.

        One edit for names of up to five characters, two for longer ones.
        """
        top = module.split(".", 1)[0]
        limit = 1 if len(top) <= 5 else 2
        near = [name for _, name in closest(top, self.installed, limit)]
        key = normalise(top)
        near += [name for _, name in closest(key, popular_names(), limit) if name not in near]
        return near[:3]


class _ByFingerprint:
    """Hashes a project context by its fingerprint, so a cache can hold one resolver per project."""

    __slots__ = ("fingerprint", "project")

    def __init__(self, project: ProjectContext) -> None:
        self.project = project
        self.fingerprint = project.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByFingerprint) and other.fingerprint == self.fingerprint


class _ByIdentity:
    """Hashes a project context by identity: the same object skips even the fingerprint."""

    __slots__ = ("project",)

    def __init__(self, project: ProjectContext) -> None:
        self.project = project

    def __hash__(self) -> int:
        return id(self.project)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByIdentity) and other.project is self.project


@functools.lru_cache(maxsize=8)
def _cached(key: _ByFingerprint) -> Resolver:
    return Resolver(key.project)


@functools.lru_cache(maxsize=8)
def _same_object(key: _ByIdentity) -> Resolver:
    return _cached(_ByFingerprint(key.project))


def resolver_for(project: ProjectContext) -> Resolver:
    """The process's resolver for this project context (built on first use, then reused).

    Keyed by the context's fingerprint, so that every batch a worker receives (a fresh
    unpickled copy of the same context) shares one resolver and its answers.
    """
    return _same_object(_ByIdentity(project))

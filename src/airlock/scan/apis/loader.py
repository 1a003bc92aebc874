"""The installed libraries' real API, read statically with griffe: ``ApiIndex``.

One index per worker process (``api_index()``), filled lazily: a top-level package is
read the first time a file asks about it, a submodule the first time a lookup passes
through it. Nothing is imported; code that only exists at run time (C extensions, a
module-level ``__getattr__``, metaclasses, ``setattr``) makes the answer ``Unknown``.

Lookups walk a dotted path the way attribute access does at run time::

    index.member("requests.Session.get")      # ApiMember(target="requests.sessions.Session.get", ...)
    index.member("requests.Session.gett")     # Missing(parent="requests.Session", name="gett", known=(...))
    index.member("math.tau")                  # Unknown("no Python source for math")
    index.signature("httpx.Client")           # Signature(of="httpx._client.Client.__init__", params=(...))
    index.source("datetime.datetime.utcnow")  # the function's source text

Memory is bounded: after ``max_packages`` top-level packages the index starts afresh,
and answers are memoised in a bounded LRU.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

import griffe

from airlock.scan.apis._calls import Calls
from airlock.scan.apis._griffe import (
    INSPECTABLE,
    LOAD_ERRORS,
    AcceleratorGuard,
    filepath,
    find_submodule,
    inspect_stdlib,
    quiet,
    read_module,
    read_top,
)
from airlock.scan.apis._members import Resolver
from airlock.scan.apis.model import ApiMember, ApiStats, Missing, Signature, Unknown

__all__ = ["ApiIndex", "Lookup", "api_index"]

Lookup = ApiMember | Missing | Unknown
T = TypeVar("T")

_MAX_PACKAGES = 128
_MAX_ANSWERS = 20_000


class ApiIndex:
    """What the installed libraries define, by qualified name; see the module docstring."""

    def __init__(
        self, search_paths: Sequence[str], *, max_packages: int = _MAX_PACKAGES, max_answers: int = _MAX_ANSWERS
    ) -> None:
        self.search_paths = tuple(dict.fromkeys(p for p in search_paths if p and Path(p).is_dir()))
        """Folders searched for libraries' sources, in order (``sys.path`` of the interpreter)."""
        self.stats = ApiStats()
        self._max_packages = max_packages
        self._max_answers = max_answers
        self._answers: OrderedDict[tuple[str, str], object] = OrderedDict()
        self._fresh()

    def _fresh(self) -> None:
        self._guard = AcceleratorGuard()
        self._loader = griffe.GriffeLoader(
            extensions=griffe.Extensions(self._guard),
            search_paths=list(self.search_paths),
            allow_inspection=False,
            store_source=True,
        )
        self._packages: dict[str, griffe.Module | Unknown] = {}
        self._open: dict[str, str | None] = {}
        self._elsewhere: set[str] = set()  # standard modules of other platforms (``nt`` on Linux)
        self._answers.clear()
        self._resolver = Resolver(self)
        self._calls = Calls(self._resolver)

    # --- public questions -------------------------------------------------------------

    def member(self, qualname: str) -> Lookup:
        """What ``qualname`` (``pkg.mod.Class.attr``) is in the installed source."""
        return self._memo("member", qualname, lambda: self._resolver.member(qualname))

    def signature(self, qualname: str) -> Signature | Missing | Unknown:
        """The parameters of a function, or of a class's constructor (``__init__`` along the MRO)."""
        return self._memo("signature", qualname, lambda: self._calls.signature(qualname))

    def return_class(self, qualname: str) -> str | None:
        """The class a function's return annotation names plainly (``-> Response``), else ``None``."""
        return self._memo("returns", qualname, lambda: self._calls.return_class(qualname))

    def enter_class(self, qualname: str, *, is_async: bool = False) -> str | None:
        """The class bound by ``with Cls() as x`` when ``__enter__`` plainly returns ``self``."""
        key = f"{qualname}:{is_async}"
        return self._memo("enter", key, lambda: self._calls.enter_class(qualname, is_async))

    def is_abstract(self, qualname: str) -> bool:
        """True for an ABC, a Protocol, or a class that cannot be read: a value merely declared
        with such a type may be a subclass with more members."""
        return self._memo("abstract", qualname, lambda: self._resolver.is_abstract(qualname))

    def source(self, qualname: str) -> str | None:
        """The source text of a function, class or module (``None`` when unknown)."""
        obj = self._resolver.resolve(qualname)
        if not isinstance(obj, griffe.Object):
            return None
        try:
            return obj.source
        except (OSError, ValueError, TypeError, LookupError):
            return None

    def is_loadable(self, top: str) -> bool:
        """True when the top-level module ``top`` has Python source the index can read."""
        return isinstance(self.package(top), griffe.Module)

    # --- loading (used by the resolver) -----------------------------------------------

    def package(self, top: str) -> griffe.Module | Unknown:
        """The top-level module ``top``, read on first use (its ``__init__`` only)."""
        found = self._packages.get(top)
        if found is not None:
            return found
        if len(self._packages) >= self._max_packages:
            self.stats.packages_evicted += len(self._packages)
            self._fresh()
        result: griffe.Module | Unknown
        try:
            with quiet():
                loaded = read_top(self._loader, top)
        except ModuleNotFoundError:
            result = self._inspect(top) if top in INSPECTABLE else Unknown(f"no Python source for {top}")
        except LOAD_ERRORS as exc:
            result = Unknown(f"cannot read {top}: {type(exc).__name__}: {exc}")
        else:
            result = loaded if loaded is not None else Unknown(f"no Python source for {top}")
        if isinstance(result, griffe.Module):
            self.stats.packages_loaded += 1
            self._packages[top] = result
            self._expand(result)
        else:
            self.stats.failures[top] = result.reason
            self._packages[top] = result
        return result

    def _inspect(self, top: str) -> griffe.Module | Unknown:
        """A compiled standard-library module, listed by importing it (see ``INSPECTABLE``)."""
        try:
            with quiet():
                module = inspect_stdlib(self._loader, top)
        except ImportError:
            self._elsewhere.add(top)
            return Unknown(f"{top} does not exist on {sys.platform}")
        except LOAD_ERRORS as exc:
            return Unknown(f"cannot inspect {top}: {type(exc).__name__}: {exc}")
        self.stats.modules_inspected += 1
        return module

    def submodule(self, parent: griffe.Module, name: str) -> griffe.Module | Unknown | None:
        """``parent.name`` as a submodule read on first use; ``None`` when there is no such file."""
        path = f"{parent.path}.{name}"
        found = find_submodule(parent, name)
        if found is None:
            return None
        if found.compiled is not None:
            return Unknown(f"{path} is a compiled extension")
        try:
            with quiet():
                module = read_module(self._loader, parent, name, found)
        except LOAD_ERRORS as exc:
            reason = f"cannot read {path}: {type(exc).__name__}: {exc}"
            self.stats.failures[path] = reason
            return Unknown(reason)
        if module is None:
            return Unknown(f"no Python source for {path}")
        self.stats.modules_loaded += 1
        self._expand(module)
        return module

    def module(self, dotted: str) -> griffe.Module | Unknown | None:
        """A module by its dotted name, loading what is needed; ``None`` when no such module."""
        head, *rest = dotted.split(".")
        current = self.package(head)
        for name in rest:
            if isinstance(current, Unknown):
                return current
            member = current.members.get(name)
            if member is not None and not member.is_alias and isinstance(member, griffe.Module):
                current = member
                continue
            sub = self.submodule(current, name)
            if sub is None:
                return None
            current = sub
        return current

    def open_reason(self, module: griffe.Module) -> str | None:
        """Why a name missing from ``module`` may still exist at run time, or ``None``."""
        return self._open.get(module.path)

    def lines(self, obj: griffe.Object) -> list[str]:
        """Source lines of the file ``obj`` is defined in (empty when there is none)."""
        path = filepath(obj)
        if path is None or isinstance(path, list):
            return []
        try:
            return self._loader.lines_collection[path]
        except KeyError:
            return []

    def _expand(self, module: griffe.Module) -> None:
        """Expand ``from x import *`` (loading ``x``); remember what keeps the module open.

        A wildcard from a compiled standard module only adds names: the Python definitions
        it replaces at run time (``from _datetime import *`` at the end of ``datetime.py``)
        mirror the C ones and are kept, since only they can be read fully. A wildcard from a
        standard module of another platform (``from nt import *`` in ``os``) is ignored.
        """
        reasons: list[str] = []
        if "__getattr__" in module.members:
            reasons.append(f"{module.path} defines a module-level __getattr__")
        wildcards = [m for m in module.members.values() if isinstance(m, griffe.Alias) and m.wildcard]
        self._open[module.path] = None  # a cycle of wildcard imports sees a closed module
        for alias in wildcards:
            target = alias.wildcard or ""
            loaded = self.module(target)
            if isinstance(loaded, griffe.Module):
                self._expand_exports(loaded, reasons)
        defined = {n: m for n, m in module.members.items() if not isinstance(m, griffe.Alias)}
        if wildcards:
            try:
                with quiet():
                    self._loader.expand_wildcards(module, external=False)
            except LOAD_ERRORS as exc:
                reasons.append(f"cannot expand wildcard imports in {module.path}: {type(exc).__name__}")
        for name, original in defined.items():
            now = module.members.get(name)
            if isinstance(now, griffe.Alias) and now.target_path.split(".")[0] in INSPECTABLE:
                module.set_member(name, original)
        for member in module.members.values():
            if isinstance(member, griffe.Alias) and member.wildcard and member.wildcard not in self._elsewhere:
                reasons.append(f"{module.path} does `from {member.wildcard} import *`, which cannot be read")
        self._open[module.path] = "; ".join(reasons) or None

    def _expand_exports(self, module: griffe.Module, reasons: list[str]) -> None:
        """``__all__ = [...] + other.__all__``: load ``other`` so the exports are complete."""
        exports = module.exports or []
        for export in exports:
            if isinstance(export, griffe.ExprName):
                owner = export.canonical_path.rsplit(".", 1)[0]
                if not isinstance(self.module(owner), griffe.Module):
                    reasons.append(f"{module.path}.__all__ extends {owner}.__all__, which cannot be read")
        try:
            with quiet():
                self._loader.expand_exports(module)
        except LOAD_ERRORS as exc:
            reasons.append(f"cannot expand {module.path}.__all__: {type(exc).__name__}")

    def _memo(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        memo_key = (kind, key)
        if memo_key in self._answers:
            self._answers.move_to_end(memo_key)
            return cast(T, self._answers[memo_key])
        self.stats.lookups += 1
        answer = compute()
        if isinstance(answer, Unknown):
            self.stats.unknown += 1
        self._answers[memo_key] = answer
        if len(self._answers) > self._max_answers:
            self._answers.popitem(last=False)
        return answer


def default_search_paths() -> tuple[str, ...]:
    """``sys.path`` of this interpreter, minus the working directory and missing folders."""
    return tuple(p for p in sys.path if p and Path(p).is_dir())


def api_index(extra_paths: tuple[str, ...] = ()) -> ApiIndex:
    """The process's index for these extra search paths (searched before ``sys.path``)."""
    return _index_for(tuple(extra_paths))


@lru_cache(maxsize=4)
def _index_for(extra_paths: tuple[str, ...]) -> ApiIndex:
    # A bounded per-process cache, on purpose: scan workers keep their index across the
    # files of a scan, so each package is read once per worker, not once per file.
    return ApiIndex((*extra_paths, *default_search_paths()))

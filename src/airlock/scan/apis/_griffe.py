"""The griffe-facing helpers of the API index: quiet loading, lazy submodules, accelerators.

griffe reads a library's source without importing it. ``GriffeLoader.load(name,
submodules=False)`` reads only a package's ``__init__``; submodules are read here, one
file at a time, when a lookup first needs them (``httpx._client`` for ``httpx.Client``),
so a file that uses ``sqlalchemy.select`` does not pay for reading all of SQLAlchemy.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import griffe

__all__ = [
    "INSPECTABLE",
    "LOAD_ERRORS",
    "AcceleratorGuard",
    "SubmoduleFile",
    "filepath",
    "find_submodule",
    "inspect_stdlib",
    "quiet",
    "read_module",
    "read_top",
]

LOAD_ERRORS: tuple[type[BaseException], ...] = (
    griffe.GriffeError,
    ImportError,
    OSError,
    SyntaxError,
    UnicodeDecodeError,
    ValueError,
    RecursionError,
    # griffe's visitor can trip over unusual but valid source (a bug there, not ours): such
    # a module is recorded as unloadable instead of failing the scan.
    LookupError,
    AttributeError,
    TypeError,
)
"""What reading a library's source may raise; each makes that module ``Unknown``."""

_COMPILED_SUFFIXES = (".so", ".pyd")
INSPECTABLE = frozenset(
    {"math", "cmath", "itertools", "time", "gc", "atexit", "array", "binascii", "zlib", "unicodedata"}
    | {"_functools", "_collections", "_heapq", "_bisect", "_json", "_datetime", "_random", "_statistics"}
    | {"_operator", "_string", "_struct", "_pickle", "_csv", "_decimal", "_contextvars", "_queue", "_bz2"}
    | {"_lzma", "_md5", "_sha1", "_sha256", "_sha512", "_sha3", "_blake2", "_weakref", "_abc", "_bisect"}
)
"""Compiled standard-library modules whose names are the same on every platform, listed by
importing them in airlock's own process: they are part of the interpreter running airlock,
not code under review, and import without side effects. Platform-dependent ones (``posix``,
``_socket``, ``errno``, ``_ctypes``, ``_winapi``, ...) stay ``Unknown``: code written for
another platform must not be reported on this one."""
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


@contextmanager
def quiet() -> Iterator[None]:
    """griffe logs and ``ast`` warns about odd library source; none of it is the user's business."""
    with griffe.logger.disable(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


class SubmoduleFile:
    """Where a submodule's source is: a ``.py`` (maybe with a ``.pyi`` beside it), a ``.pyi``
    alone, a folder without ``__init__`` (namespace package), or a compiled extension."""

    __slots__ = ("compiled", "namespace", "source", "stubs")

    def __init__(
        self,
        source: Path | None = None,
        stubs: Path | None = None,
        namespace: Path | None = None,
        compiled: Path | None = None,
    ) -> None:
        self.source = source
        self.stubs = stubs
        self.namespace = namespace
        self.compiled = compiled


def filepath(obj: griffe.Object) -> Path | list[Path] | None:
    """Where ``obj`` is defined; ``None`` for compiled modules listed by inspection."""
    try:
        return obj.filepath
    except griffe.BuiltinModuleError:
        return None


def _package_dirs(module: griffe.Module) -> list[Path]:
    path = filepath(module)
    if path is None:
        return []
    if isinstance(path, list):
        return path
    if path.stem == "__init__":
        return [path.parent]
    return []


def find_submodule(module: griffe.Module, name: str) -> SubmoduleFile | None:
    """The file of ``module.name`` if ``module`` is a package that has such a submodule."""
    for folder in _package_dirs(module):
        package = folder / name
        init, init_stub = package / "__init__.py", package / "__init__.pyi"
        plain, plain_stub = folder / f"{name}.py", folder / f"{name}.pyi"
        if init.is_file() or init_stub.is_file():
            return SubmoduleFile(init if init.is_file() else None, init_stub if init_stub.is_file() else None)
        if plain.is_file() or plain_stub.is_file():
            return SubmoduleFile(plain if plain.is_file() else None, plain_stub if plain_stub.is_file() else None)
        if package.is_dir():
            return SubmoduleFile(namespace=package)
        for candidate in folder.glob(f"{name}.*"):
            if candidate.suffix in _COMPILED_SUFFIXES:
                return SubmoduleFile(compiled=candidate)
    return None


def inspect_stdlib(loader: griffe.GriffeLoader, name: str) -> griffe.Module:
    """List a compiled standard-library module's names by importing it (``INSPECTABLE`` only).

    Raises ``ImportError`` when the module does not exist on this platform (``nt`` on
    Linux), and what ``LOAD_ERRORS`` lists.
    """
    module = griffe.inspect(
        name, lines_collection=loader.lines_collection, modules_collection=loader.modules_collection
    )
    _attach(loader, None, name, module)
    return module


def read_top(loader: griffe.GriffeLoader, name: str) -> griffe.Module | None:
    """Read a top-level module's own file (not its submodules) into the loader's collection.

    Not ``GriffeLoader.load``: that also asks git about the package's folder, a
    subprocess per package. Raises ``ModuleNotFoundError`` when there is no source on the
    search path, and what ``LOAD_ERRORS`` lists.
    """
    package = loader.finder.find_package(name)
    if isinstance(package, griffe.NamespacePackage):
        namespace = griffe.Module(
            name,
            filepath=list(package.path),
            lines_collection=loader.lines_collection,
            modules_collection=loader.modules_collection,
        )
        _attach(loader, None, name, namespace)
        return namespace
    source, stubs = (package.path, package.stubs) if package.path.suffix == ".py" else (None, package.path)
    return read_module(loader, None, name, SubmoduleFile(source, stubs))


def read_module(
    loader: griffe.GriffeLoader, parent: griffe.Module | None, name: str, found: SubmoduleFile
) -> griffe.Module | None:
    """Visit one module's source with the loader's collections and attach it to ``parent``
    (or to the loader's collection for a top-level module).

    Returns ``None`` for a compiled extension (no source to read). Raises what
    ``LOAD_ERRORS`` lists.
    """
    if found.namespace is not None:
        module = griffe.Module(
            name,
            filepath=[found.namespace],
            lines_collection=loader.lines_collection,
            modules_collection=loader.modules_collection,
        )
        _attach(loader, parent, name, module)
        return module
    visited: list[griffe.Module] = []
    for path in (found.source, found.stubs):
        if path is None:
            continue
        code = path.read_text(encoding="utf-8-sig")
        loader.lines_collection[path] = code.splitlines()
        visited.append(
            griffe.visit(
                name,
                filepath=path,
                code=code,
                extensions=loader.extensions,
                parent=parent,
                lines_collection=loader.lines_collection,
                modules_collection=loader.modules_collection,
            )
        )
    if not visited:
        return None
    module = visited[0] if len(visited) == 1 else griffe.merge_stubs(visited[0], visited[1])
    _attach(loader, parent, name, module)
    return module


def _attach(loader: griffe.GriffeLoader, parent: griffe.Module | None, name: str, module: griffe.Module) -> None:
    if parent is None:
        loader.modules_collection.set_member(name, module)
    else:
        parent.set_member(name, module)


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names)


def _guarded(node: ast.AST) -> bool:
    """An import in the body of ``try: ... except ImportError:``: an optional accelerator."""
    parent = getattr(node, "parent", None)
    return (
        isinstance(parent, ast.Try) and node in parent.body and any(_catches_import_error(h) for h in parent.handlers)
    )


class AcceleratorGuard(griffe.Extension):
    """Keep the pure-Python definitions that an optional C accelerator replaces at run time.

    The standard library defines ``class OrderedDict`` in Python, then does
    ``try: from _collections import OrderedDict except ImportError: pass``. griffe keeps
    the alias to the C module it cannot read, and the API would be lost; the C version
    mirrors the Python one, so the Python definition is kept. One instance per loader;
    its memory is bounded by the modules that loader reads.
    """

    def __init__(self) -> None:
        super().__init__()
        self._defined: dict[str, griffe.Object] = {}

    def on_class_instance(self, *, node: Any, cls: griffe.Class, agent: Any, **kwargs: Any) -> None:
        if cls.parent is not None and cls.parent.is_module:
            self._defined[cls.path] = cls

    def on_function_instance(self, *, node: Any, func: griffe.Function, agent: Any, **kwargs: Any) -> None:
        if func.parent is not None and func.parent.is_module:
            self._defined[func.path] = func

    def on_alias_instance(self, *, alias: griffe.Alias, node: Any, agent: Any, **kwargs: Any) -> None:
        if not isinstance(node, ast.AST) or alias.wildcard or not _guarded(node):
            return
        previous = self._defined.get(alias.path)
        parent = alias.parent
        if previous is not None and parent is not None and not parent.is_alias:
            parent.set_member(alias.name, previous)

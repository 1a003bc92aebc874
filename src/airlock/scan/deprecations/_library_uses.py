"""Where a file uses something its library declares deprecated (see :mod:`._library`).

Three kinds of use are looked up, each only for names that resolve to an imported module
that is neither the project's own nor in the versioned table (the table decides those):
calls (functions and classes), attributes of imported modules served by a module
``__getattr__`` (``click.MultiCommand``), and imports of modules that warn when imported.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from airlock.scan.context import FileContext, dotted_name
from airlock.scan.deprecations._index import Index, canonical_member
from airlock.scan.deprecations._library import ANY_OTHER_KEYWORD, Declared, LibraryDeprecations

__all__ = ["LibraryUse", "library_uses"]

_Wanted = Callable[[str], bool]

# Never worth a lookup: hot, clean, or the deprecation machinery itself.
_NOT_LIBRARIES = frozenset({"__future__", "__main__", "typing", "typing_extensions", "builtins", "warnings", "abc"})


@dataclass(frozen=True, slots=True)
class LibraryUse:
    """One use of a library-declared deprecation."""

    node: ast.AST
    """The call, the keyword that triggers the warning, the attribute, or the import."""
    name: str
    """What the code uses, qualified (``fakelib.old_func``)."""
    declared: Declared
    called: bool = True


def library_uses(ctx: FileContext, index: Index, reader: LibraryDeprecations, skip: set[int]) -> Iterator[LibraryUse]:
    """Uses on lines not in ``skip`` (lines the table already judged), one per line."""
    reported = set(skip)
    for use in _all(ctx, index, reader):
        line = getattr(use.node, "lineno", 0)
        if line not in reported:
            reported.add(line)
            yield use


def _all(ctx: FileContext, index: Index, reader: LibraryDeprecations) -> Iterator[LibraryUse]:
    def wanted(qualified: str) -> bool:
        top = qualified.split(".", 1)[0]
        if top in ctx.project.local_modules or top in _NOT_LIBRARIES:
            return False
        return qualified not in index.by_name and index.module_of(qualified) is None

    yield from _imports(ctx, reader, wanted)
    yield from _calls(ctx, reader, wanted)
    yield from _module_attributes(ctx, reader, wanted)


def _calls(ctx: FileContext, reader: LibraryDeprecations, wanted: _Wanted) -> Iterator[LibraryUse]:
    typable = _typable_names(ctx)
    for call in ctx.nodes(ast.Call):
        base = _base_name(call.func)
        if base is None:
            continue
        if base in ctx.imports:
            if not wanted(ctx.imports[base]):
                continue  # the project's own module, or one never worth a lookup
        elif base not in typable or _method_of_self(call.func):
            continue  # a name the file cannot type: resolving it would only return None
        name = ctx.call_name(call)
        if name is None:
            continue
        qualified = canonical_member(name)
        if not wanted(qualified):
            continue
        declared = reader.declared(qualified)
        if declared is None:
            continue
        if not declared.keywords:
            yield LibraryUse(call, name, declared)
            continue
        passed = [kw for kw in call.keywords if kw.arg is not None and _triggers(kw.arg, declared)]
        if passed:
            yield LibraryUse(passed[0], name, declared)


def _triggers(keyword: str, declared: Declared) -> bool:
    if keyword in declared.keywords:
        return True
    return ANY_OTHER_KEYWORD in declared.keywords and keyword not in declared.named


def _module_attributes(ctx: FileContext, reader: LibraryDeprecations, wanted: _Wanted) -> Iterator[LibraryUse]:
    modules = _imported_modules(ctx)
    for node in ctx.nodes(ast.Attribute):
        if not isinstance(node.ctx, ast.Load):
            continue
        value = node.value
        if isinstance(value, ast.Name):
            head, rest = value.id, ""
        elif isinstance(value, ast.Attribute):  # a submodule: ``pkg.sub.attr``
            head, _, rest = (dotted_name(value) or "").partition(".")
        else:
            continue
        if head not in ctx.imports:
            continue  # a module is reached through an import, never through a variable
        owner = f"{ctx.imports[head]}.{rest}" if rest else ctx.imports[head]
        if owner not in modules or not wanted(f"{owner}.{node.attr}"):
            continue
        declared = reader.module_attribute(owner, node.attr)
        if declared is not None:
            yield LibraryUse(node, f"{owner}.{node.attr}", declared, called=False)


def _imports(ctx: FileContext, reader: LibraryDeprecations, wanted: _Wanted) -> Iterator[LibraryUse]:
    for stmt in ctx.nodes(ast.Import, ast.ImportFrom):
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                declared = reader.module(alias.name) if wanted(alias.name) else None
                if declared is not None:
                    yield LibraryUse(stmt, alias.name, declared, called=False)
                    break
            continue
        if not stmt.module or stmt.level or not wanted(stmt.module):
            continue
        declared = reader.module(stmt.module)
        if declared is not None:
            yield LibraryUse(stmt, stmt.module, declared, called=False)
            continue
        for alias in stmt.names:
            declared = reader.module_attribute(stmt.module, alias.name) if alias.name != "*" else None
            if declared is not None:
                yield LibraryUse(stmt, f"{stmt.module}.{alias.name}", declared, called=False)
                break


def _typable_names(ctx: FileContext) -> set[str]:
    """Names ``FileContext`` may type: assigned a call, bound by ``with ... as``, annotated;
    ``self``/``cls`` for their typed attributes (``self.client.get``)."""
    names = {"self", "cls"}
    for node in ctx.nodes(ast.Assign, ast.AnnAssign, ast.With, ast.AsyncWith):
        if isinstance(node, ast.Assign):
            if isinstance(node.value, ast.Call | ast.Await):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign):
            if isinstance(node.target, ast.Name):
                names.add(node.target.id)
        else:
            names.update(i.optional_vars.id for i in node.items if isinstance(i.optional_vars, ast.Name))
    for fn in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        names.update(a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs) if a.annotation)
    return names


def _method_of_self(func: ast.expr) -> bool:
    """``self.method(...)``: ``self`` itself is never typed, only its attributes are."""
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")


def _base_name(node: ast.AST) -> str | None:
    """``a`` of ``a.b.c`` / ``a.b().c``: the name a call's target starts from."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def _imported_modules(ctx: FileContext) -> set[str]:
    """Dotted names bound to modules by ``import a.b`` (``a``, ``a.b``) or possibly by
    ``from a import b`` (``a.b``, when ``b`` is a submodule)."""
    found: set[str] = set()
    for stmt in ctx.nodes(ast.Import, ast.ImportFrom):
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                parts = alias.name.split(".")
                found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        elif stmt.module and not stmt.level:
            found.add(stmt.module)
            found.update(f"{stmt.module}.{alias.name}" for alias in stmt.names)
    return found

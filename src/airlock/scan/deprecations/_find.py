"""Where a file uses the table's entries: imports, names, attributes, keywords, call shapes.

``find(ctx, index)`` yields a :class:`Use` per place; the rule judges it against the
installed versions and words the finding. Compatibility code is left alone: a use under
``if sys.version_info ...`` (or another version flag, or ``hasattr``), in an ``except
ImportError``/``AttributeError`` fallback, or inside ``warnings.catch_warnings()``,
``pytest.warns``/``deprecated_call`` or ``assertWarns`` (a test of the deprecation itself)
is skipped; a use in the ``try`` body before such a fallback is reported with low
confidence.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace

from airlock.model import Confidence
from airlock.scan.context import FileContext
from airlock.scan.deprecations._index import Index, canonical_member
from airlock.scan.deprecations._local import LocalTypes
from airlock.scan.deprecations._model import Condition, Deprecation, Kind
from airlock.scan.deprecations._patterns import pattern_uses
from airlock.scan.deprecations._use import Use

__all__ = ["Use", "find"]

_FALLBACK_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError", "Exception", "BaseException"})
_WARNING_CONTEXTS = frozenset(
    {"catch_warnings", "warns", "deprecated_call", "assertWarns", "assertWarnsRegex", "check_warnings"}
    | {"ignore_warnings", "filterwarnings", "simplefilter", "assertRaises", "assertRaisesRegex", "raises"}
)
_VERSION_FLAG = re.compile(
    r"(?i)version|^py\d*$|^is_py|^(pydantic|sqlalchemy|sqla|django|flask|pandas|numpy)_?v?\d|_v\d+$"
)
_MAPPING_METHODS = frozenset({"get", "keys", "items", "values"})


def find(ctx: FileContext, index: Index) -> Iterator[Use]:
    """Every use of an entry in ``ctx`` that compatibility code does not excuse."""
    if not ctx.imported_modules() & index.tops:
        return
    local = LocalTypes(ctx)
    for use in _all_uses(ctx, index, local):
        guard = _guard(ctx, use.node)
        if guard is _SKIP:
            continue
        yield replace(use, confidence=Confidence.LOW) if guard is Confidence.LOW else use


def _all_uses(ctx: FileContext, index: Index, local: LocalTypes) -> Iterator[Use]:
    yield from _imports(ctx, index)
    yield from _imported_names(ctx, index)
    yield from _attributes(ctx, index, local)
    yield from _keywords(ctx, index)
    yield from pattern_uses(ctx, index, local)


# --- imports and from-imported names ---------------------------------------------------


def _inside_deprecated_module(ctx: FileContext, index: Index) -> bool:
    """The file is part of a deprecated module itself (``distutils/core.py``, ``smtpd.py``):
    its imports of its siblings are that module's business, not the user's."""
    parts = ctx.path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return any(
        parts[start] in ctx.project.local_modules and index.module_of(".".join(parts[start:])) is not None
        for start in range(len(parts))
    )


def _imports(ctx: FileContext, index: Index) -> Iterator[Use]:
    if _inside_deprecated_module(ctx, index):
        return
    local = ctx.project.local_modules
    for node in ctx.nodes(ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            for alias in node.names:
                module = index.module_of(alias.name)
                if module is not None and alias.name.split(".")[0] not in local:
                    yield Use(node, module)
                    break
            continue
        if not node.module or node.level or node.module.split(".")[0] in local:
            continue
        module = index.module_of(node.module)
        for alias in node.names:
            entry = index.by_name.get(f"{node.module}.{alias.name}")
            if entry is not None and entry.kind in (Kind.MOVED, Kind.MODULE):
                yield Use(node, entry)
                break
        else:
            if module is not None:
                yield Use(node, module)


def _imported_names(ctx: FileContext, index: Index) -> Iterator[Use]:
    """``from m import name`` of a NAME entry: each reference to ``name``, else the import.

    ``ctx.imports`` is flat over the whole file; a function-level ``from typing.re import
    Pattern`` must not make a module-level ``from typing import Pattern`` deprecated, so each
    reference is resolved through the imports of its own scope first.
    """
    bindings: dict[str, dict[int, str]] = {}
    flagged_any = False
    for stmt in ctx.nodes(ast.Import, ast.ImportFrom):
        scope = ctx.enclosing_function(stmt)
        for alias in stmt.names:
            if isinstance(stmt, ast.ImportFrom):
                if not stmt.module or stmt.level or alias.name == "*":
                    continue
                local, qualified = alias.asname or alias.name, f"{stmt.module}.{alias.name}"
            else:
                local = alias.asname or alias.name.split(".")[0]
                qualified = alias.name if alias.asname else local
            bindings.setdefault(local, {})[id(scope) if scope else 0] = qualified
            flagged_any = flagged_any or _flagged(index, qualified) is not None
    if not flagged_any:
        return
    used: set[tuple[str, str]] = set()
    for ref in ctx.nodes(ast.Name):
        scopes = bindings.get(ref.id)
        if scopes is None or not isinstance(ref.ctx, ast.Load):
            continue
        meaning = _binding(ctx, ref, scopes)
        entry = _flagged(index, meaning) if meaning else None
        if entry is None:
            continue
        used.add((ref.id, entry.name))
        use = _conditioned(ctx, ref, entry)
        if use is not None:
            yield use
    for stmt in ctx.nodes(ast.ImportFrom):
        if not stmt.module or stmt.level:
            continue
        for alias in stmt.names:
            entry = _flagged(index, f"{stmt.module}.{alias.name}")
            if entry is not None and (alias.asname or alias.name, entry.name) not in used and entry.condition is None:
                yield Use(stmt, entry)


def _flagged(index: Index, qualified: str) -> Deprecation | None:
    entry = index.by_name.get(qualified)
    if entry is not None and entry.kind is Kind.NAME and index.module_of(qualified) is None:
        return entry
    return None


def _binding(ctx: FileContext, ref: ast.Name, scopes: dict[int, str]) -> str | None:
    """What an imported name means where it is used: the innermost scope that imports it."""
    fn = ctx.enclosing_function(ref)
    while fn is not None:
        if id(fn) in scopes:
            return scopes[id(fn)]
        fn = ctx.enclosing_function(fn)
    return scopes.get(0)


# --- attributes -------------------------------------------------------------------------


def _attributes(ctx: FileContext, index: Index, local: LocalTypes) -> Iterator[Use]:
    imported = ctx.imported_modules()
    for node in ctx.nodes(ast.Attribute):
        if node.attr not in index.finals or not isinstance(node.ctx, ast.Load):
            continue
        entry, confidence = _attribute_entry(ctx, index, local, node, imported)
        if entry is None:
            continue
        use = _conditioned(ctx, node, entry, confidence)
        if use is not None:
            yield use


def _attribute_entry(
    ctx: FileContext, index: Index, local: LocalTypes, node: ast.Attribute, imported: set[str]
) -> tuple[Deprecation | None, Confidence]:
    qualified = ctx.qualname(node)
    if qualified is not None:
        entry = index.by_name.get(canonical_member(qualified))
        if entry is not None and entry.kind is not Kind.MODULE:
            if entry.kind is Kind.MOVED and index.module_of(entry.name) is not None:
                return None, Confidence.HIGH  # the import of the removed module is reported
            return entry, Confidence.HIGH
        if qualified.split(".")[0] in imported and _is_module_path(ctx, node):
            return None, Confidence.HIGH
    if index.owners.get(node.attr, frozenset()) & imported:
        for owner in sorted(local.types_of(node.value)):
            entry = index.by_name.get(f"{owner}.{node.attr}")
            if entry is not None:
                return entry, Confidence.HIGH
    for entry in index.untyped.get(node.attr, ()):
        top = entry.name.split(".")[0]
        unresolved = qualified is None or qualified.split(".")[0] == top  # typed only as far as the library
        if unresolved and top in imported and not _shadowed_by(ctx, entry):
            return entry, Confidence.MEDIUM
    return None, Confidence.HIGH


def _is_module_path(ctx: FileContext, node: ast.Attribute) -> bool:
    """``mod.attr`` spelled through an imported module (not through a typed variable)."""
    value: ast.AST = node.value
    while isinstance(value, ast.Attribute):
        value = value.value
    return isinstance(value, ast.Name) and value.id in ctx.imports


def _shadowed_by(ctx: FileContext, entry: Deprecation) -> bool:
    """lxml keeps ``getchildren``/``getiterator``: an lxml file may call them on its elements."""
    return entry.name.startswith("xml.etree.") and "lxml" in ctx.imported_modules()


# --- keyword arguments ----------------------------------------------------------------------


def _keywords(ctx: FileContext, index: Index) -> Iterator[Use]:
    for call in ctx.nodes(ast.Call):
        if not call.keywords:
            continue
        passed = [kw for kw in call.keywords if kw.arg in index.keyword_names]
        if not passed:
            continue
        name = ctx.call_name(call)
        if name is None:
            continue
        for entry in index.keywords.get(canonical_member(name), ()):
            for kw in passed:
                if kw.arg in entry.keywords and _value_holds(kw.value, entry.condition):
                    yield Use(kw, entry, detail=f"`{kw.arg}=` of `{name}()`")


def _value_holds(value: ast.expr, condition: Condition | None) -> bool:
    if condition is Condition.SWITCHED_ON:
        return not (isinstance(value, ast.Constant) and value.value in (False, None))
    if condition is Condition.TEXT_VALUE:
        return _is_text(value)
    return True


_TEXT_CALLS = frozenset({"dumps", "str", "encode", "format", "join", "decode", "read", "read_text"})


def _is_text(value: ast.expr) -> bool:
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str | bytes)
    if isinstance(value, ast.JoinedStr):
        return True
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add | ast.Mod):
        return _is_text(value.left)
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return name in _TEXT_CALLS
    return False


# --- call shapes -----------------------------------------------------------------------------


def _conditioned(
    ctx: FileContext, node: ast.AST, entry: Deprecation, confidence: Confidence = Confidence.HIGH
) -> Use | None:
    """A use of ``node`` (a Name or Attribute) when ``entry``'s call shape holds there."""
    parent = ctx.parent(node)
    call = parent if isinstance(parent, ast.Call) and parent.func is node else None
    if entry.condition is None:
        return Use(node, entry, confidence, called=call is not None)
    if call is None or not _shape_holds(ctx, call, entry.condition):
        return None
    if entry.condition is Condition.SYNC_CALL:  # a sync callback may run inside the loop
        confidence = Confidence.MEDIUM
    return Use(call, entry, confidence, called=True)


def _shape_holds(ctx: FileContext, call: ast.Call, condition: Condition) -> bool:
    first = call.args[0] if call.args else None
    if condition is Condition.SYNC_CALL:
        return not isinstance(ctx.enclosing_function(call), ast.AsyncFunctionDef)
    if condition is Condition.LIST_ARG:
        return isinstance(first, ast.List)
    if condition is Condition.STRING_ARG:
        return isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and isinstance(first.value, str))
    if condition is Condition.NO_ARGS:
        return not call.args and not call.keywords
    if condition in (Condition.SWITCHED_ON, Condition.TEXT_VALUE):  # KEYWORD conditions, judged in _keywords
        return True
    # Condition.MAPPING_USE
    if call.args or call.keywords:
        return False
    parent = ctx.parent(call)
    if isinstance(parent, ast.Subscript) and parent.value is call:
        return True
    return isinstance(parent, ast.Attribute) and parent.value is call and parent.attr in _MAPPING_METHODS


# --- compatibility code ---------------------------------------------------------------------

_SKIP = object()


def _guard(ctx: FileContext, node: ast.AST) -> object:
    """``_SKIP`` for compatibility code, ``Confidence.LOW`` for a try body with a fallback."""
    child = node
    result: object = None
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.If | ast.IfExp | ast.While) and child is not anc.test and _is_version_test(anc.test):
            return _SKIP
        if isinstance(anc, ast.Try | ast.TryStar):
            fallback = [h for h in anc.handlers if _catches_fallback(h)]
            if child in anc.handlers and child in fallback:
                return _SKIP
            if fallback and child in anc.body:
                result = Confidence.LOW
        if isinstance(anc, ast.With | ast.AsyncWith) and any(_warning_context(i.context_expr) for i in anc.items):
            return _SKIP
        if isinstance(anc, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            _warning_context(d) for d in anc.decorator_list
        ):
            return _SKIP
        child = anc
    return result


def _is_version_test(test: ast.AST) -> bool:
    for sub in ast.walk(test):
        if isinstance(sub, ast.Name) and _VERSION_FLAG.search(sub.id):
            return True
        if isinstance(sub, ast.Attribute) and _VERSION_FLAG.search(sub.attr):
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in ("hasattr", "getattr"):
            return True
    return False


def _catches_fallback(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for kind in kinds:
        name = kind.attr if isinstance(kind, ast.Attribute) else kind.id if isinstance(kind, ast.Name) else ""
        if name in _FALLBACK_ERRORS:
            return True
    return False


def _warning_context(expr: ast.AST) -> bool:
    if isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, ast.Attribute):
        return expr.attr in _WARNING_CONTEXTS
    return isinstance(expr, ast.Name) and expr.id in _WARNING_CONTEXTS

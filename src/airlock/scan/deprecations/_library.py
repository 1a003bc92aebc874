"""Deprecations the installed libraries declare themselves, read through the griffe API index.

Markers read from the installed source, without importing anything:

- a deprecation decorator on the function or class: PEP 702's ``warnings.deprecated``
  (3.13) and ``typing_extensions.deprecated``, the ``Deprecated`` and ``deprecation``
  packages' ``@deprecated``, and the library-private ones spelled the same way
  (SQLAlchemy's ``@util.deprecated``/``became_legacy_20``/``moved_20``);
- a ``warnings.warn(..., DeprecationWarning | PendingDeprecationWarning | FutureWarning)``
  (or a subclass named like one: ``PydanticDeprecatedSince20``, ``RemovedInDjango60Warning``)
  among the statements of the called function's body (a class: its ``__init__``), directly
  or through a helper of the same module that warns (structlog's ``_deprecated()``);
- a ``.. deprecated::`` directive in the function's docstring (medium confidence);
- in a module's ``__getattr__`` (PEP 562), a branch ``if name == "X":`` that warns: ``X``
  is deprecated (click's ``MultiCommand``, jsonschema's ``RefResolver``);
- a module whose top level warns when it is imported.

A warning under ``if <param> is not None:`` (or ``if <param>:``, alone or first in an
``and``) deprecates that parameter: it counts only when the call passes it by keyword;
under ``if kwargs:`` it counts when the call passes a keyword the function does not name.
Warnings under other conditions are ignored. The message quotes the warning's text when it
is a literal (or a name assigned a literal just before), since it usually names the
replacement. Answers are memoised per name for the life of the object.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from airlock.scan.apis import ApiIndex

__all__ = ["ANY_OTHER_KEYWORD", "Declared", "LibraryDeprecations"]

ANY_OTHER_KEYWORD = "**"
"""In ``Declared.keywords``: the warning fires for any keyword the function does not name."""

_DECORATOR_FINALS = frozenset({"deprecated", "deprecated_20", "became_legacy_20", "moved_20"})
_CATEGORY = re.compile(r"Deprecat|FutureWarning|RemovedIn|MovedIn")
_WARN_HELPERS = re.compile(r"^_?(warn_deprecated|warn_deprecation|deprecation_warning|emit_deprecation)")
_MESSAGE_KEYWORDS = frozenset({"reason", "details", "message", "msg", "alternative", "instead"})
_DIRECTIVE = re.compile(r"^\.\. deprecated::[ \t]*(?P<version>\S*)[ \t]*(?P<text>.*(?:\n[ \t]+\S.*)*)", re.M)
_ABOUT_PARAMETER = re.compile(r"(?i)\b(parameter|argument|keyword|kwarg|option)s?\b")
_TOP_LEVEL_WARN = re.compile(r"^(warnings\.)?warn\(", re.M)
_MAX_MESSAGE = 240
_MAX_MEMO = 50_000


@dataclass(frozen=True, slots=True)
class Declared:
    """A deprecation that a library's own source declares."""

    target: str
    """Where the deprecated thing is defined (``pydantic.main.BaseModel.dict``)."""
    how: str
    """``@deprecated`` (a decorator), ``a deprecation notice`` (a docstring directive), or
    the warning category it raises (``DeprecationWarning``)."""
    message: str | None
    """The literal text of the decorator, warning or notice, when it is one."""
    keywords: frozenset[str] = frozenset()
    """Non-empty: the warning fires only when one of these keyword arguments is passed
    (``ANY_OTHER_KEYWORD``: any keyword not in ``named``)."""
    named: frozenset[str] = frozenset()
    """The function's named parameters (for ``ANY_OTHER_KEYWORD``)."""
    certain: bool = True
    """False for a docstring directive: documented, but nothing checks it at run time."""


class LibraryDeprecations:
    """Asks an ``ApiIndex`` whether a function, class, module or module attribute is deprecated."""

    def __init__(self, index: ApiIndex) -> None:
        self.index = index
        self._memo: dict[tuple[str, str], Declared | None] = {}
        self._getattr: dict[str, dict[str, tuple[str, str | None]]] = {}

    def declared(self, qualname: str) -> Declared | None:
        """A function or class (called)."""
        return self._remember("call", qualname, lambda: self._callable(qualname))

    def module_attribute(self, module: str, name: str) -> Declared | None:
        """``module.name`` served by a module-level ``__getattr__`` that warns for it."""
        branches = self._getattr.get(module)
        if branches is None:
            if len(self._getattr) >= _MAX_MEMO:
                self._getattr.clear()
            branches = self._getattr[module] = self._getattr_branches(module)
        found = branches.get(name)
        return Declared(f"{module}.{name}", found[0], found[1]) if found else None

    def module(self, module: str) -> Declared | None:
        """A module that warns when it is imported."""
        return self._remember("module", module, lambda: self._import_warning(module))

    def _remember(self, kind: str, key: str, compute: _Compute) -> Declared | None:
        memo_key = (kind, key)
        if memo_key in self._memo:
            return self._memo[memo_key]
        found = compute()
        if len(self._memo) >= _MAX_MEMO:
            self._memo.clear()
        self._memo[memo_key] = found
        return found

    # --- functions and classes ----------------------------------------------------------

    def _callable(self, qualname: str) -> Declared | None:
        from airlock.scan.apis import ApiMember, MemberKind

        member = self.index.member(qualname)
        if not isinstance(member, ApiMember):
            return None
        for deco in member.decorators:
            final = deco.name.rsplit(".", 1)[-1] or deco.text.split("(", 1)[0].rsplit(".", 1)[-1]
            if final in _DECORATOR_FINALS:
                return Declared(member.target, "@deprecated", _decorator_message(deco.text))
        if member.kind is MemberKind.FUNCTION:
            return self._function(member.target, member.target)
        if member.kind is MemberKind.CLASS:
            init = self.index.member(f"{member.target}.__init__")
            if isinstance(init, ApiMember) and init.target.startswith(member.target + "."):
                return self._function(init.target, member.target)
        return None

    def _function(self, function: str, target: str, *, follow: bool = True) -> Declared | None:
        fn = self._parse_function(function)
        if fn is None:
            return None
        args = fn.args
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)} - {"self", "cls"}
        kwargs = args.kwarg.arg if args.kwarg else None
        body = fn.body
        for index, stmt in enumerate(body):
            found = _warning(stmt, body[:index])
            if found is not None:
                return Declared(target, found[0], found[1])
            if follow and (helper := _helper_call(stmt)) is not None:
                via = self._helper(function, helper)
                if via is not None:
                    return Declared(target, via.how, via.message)
            if isinstance(stmt, ast.If) and not stmt.orelse:
                passed = _passed_params(stmt.test, params, kwargs)
                for inner_index, inner in enumerate(stmt.body if passed else ()):
                    found = _warning(inner, stmt.body[:inner_index])
                    if found is not None:
                        return Declared(target, found[0], found[1], passed, frozenset(params))
        return _directive(fn, target)

    def _helper(self, function: str, helper: str) -> Declared | None:
        """A same-module helper that warns: ``_deprecated()`` at the top of the function."""
        parts = function.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            candidate = ".".join((*parts[:cut], helper))
            from airlock.scan.apis import ApiMember, MemberKind

            found = self.index.member(candidate)
            if isinstance(found, ApiMember) and found.kind is MemberKind.FUNCTION:
                return self._function(found.target, found.target, follow=False)
        return None

    def _parse_function(self, function: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        source = self.index.source(function)
        if not source:
            return None
        try:
            tree = ast.parse(textwrap.dedent(source))
        except (SyntaxError, ValueError, RecursionError):
            return None
        return next((n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)), None)

    # --- modules ----------------------------------------------------------------------------

    def _getattr_branches(self, module: str) -> dict[str, tuple[str, str | None]]:
        """Name → (category, message) for each branch of the module's ``__getattr__`` that warns."""
        from airlock.scan.apis import ApiMember

        member = self.index.member(f"{module}.__getattr__")
        if not isinstance(member, ApiMember) or not member.target.startswith(module + "."):
            return {}
        fn = self._parse_function(member.target)
        names: dict[str, tuple[str, str | None]] = {}
        if fn is not None and fn.args.args:
            _collect_branches(fn.body, fn.args.args[0].arg, names)
        return names

    def _import_warning(self, module: str) -> Declared | None:
        source = self.index.source(module)
        if not source or not _TOP_LEVEL_WARN.search(source):
            return None
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError):
            return None
        for index, stmt in enumerate(tree.body):
            found = _warning(stmt, tree.body[:index])
            if found is not None:
                return Declared(module, found[0], found[1])
        return None


def _collect_branches(body: list[ast.stmt], param: str, names: dict[str, tuple[str, str | None]]) -> None:
    """Branches of ``__getattr__(param)`` that warn, by the names they test.

    Understood tests: ``name == "X"``, ``name in ("X", "Y")``, ``name in TABLE`` and
    ``found = TABLE.get(name)`` then ``if found is not None:`` (jsonschema), where ``TABLE``
    is a literal dict, set, list or tuple assigned in the same function.
    """
    literals: dict[str, list[str]] = {}
    for stmt in body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            keys = _literal_keys(stmt.value, literals) or _lookup_keys(stmt.value, param, literals)
            if keys:
                literals[stmt.targets[0].id] = keys
        if not isinstance(stmt, ast.If):
            continue
        matched = _names_tested(stmt.test, param, literals)
        if matched:
            for index, inner in enumerate(stmt.body):
                found = _warning(inner, stmt.body[:index])
                if found is not None:
                    for name in matched:
                        names.setdefault(name, found)
                    break
        _collect_branches(stmt.orelse, param, names)


def _literal_keys(value: ast.expr, literals: dict[str, list[str]]) -> list[str]:
    if isinstance(value, ast.Dict):
        elements: list[ast.expr | None] = list(value.keys)
    elif isinstance(value, ast.Tuple | ast.List | ast.Set):
        elements = list(value.elts)
    elif isinstance(value, ast.Name):
        return literals.get(value.id, [])
    else:
        return []
    return [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _lookup_keys(value: ast.expr, param: str, literals: dict[str, list[str]]) -> list[str]:
    """``TABLE.get(name)``: the keys of ``TABLE``."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "get"
        and value.args
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id == param
    ):
        return _literal_keys(value.func.value, literals)
    return []


def _names_tested(test: ast.expr, param: str, literals: dict[str, list[str]]) -> list[str]:
    """``name == "X"`` → [X]; ``name in ("X", "Y")`` or ``name in TABLE`` → the names;
    ``found is not None`` / ``found`` after ``found = TABLE.get(name)`` → TABLE's keys."""
    if isinstance(test, ast.Name):
        return literals.get(test.id, []) if test.id != param else []
    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)) or len(test.ops) != 1:
        return []
    right = test.comparators[0]
    if test.left.id != param:
        is_found = isinstance(test.ops[0], ast.IsNot) and isinstance(right, ast.Constant) and right.value is None
        return literals.get(test.left.id, []) if is_found else []
    if isinstance(test.ops[0], ast.Eq) and isinstance(right, ast.Constant) and isinstance(right.value, str):
        return [right.value]
    if isinstance(test.ops[0], ast.In):
        return _literal_keys(right, literals)
    return []


# --- reading warnings -------------------------------------------------------------------------


def _warning(stmt: ast.stmt, before: list[ast.stmt]) -> tuple[str, str | None] | None:
    """(category, message) when ``stmt`` is ``warnings.warn(msg, <deprecation category>)``."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    call = stmt.value
    name = _callee(call)
    first = call.args[0] if call.args else _keyword(call, "message")
    if name in ("warn", "warn_explicit"):
        category = call.args[1] if len(call.args) > 1 else _keyword(call, "category")
        text = ast.unparse(category) if category is not None else ""
        if not _CATEGORY.search(text):
            return None
        return text.rsplit(".", 1)[-1], _message(first, before)
    if _WARN_HELPERS.match(name):
        return "DeprecationWarning", _message(first, before)
    return None


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _helper_call(stmt: ast.stmt) -> str | None:
    """``_deprecated()`` / ``_warn(...)``: a bare call of a module-level name."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name):
        return stmt.value.func.id
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _message(node: ast.expr | None, before: list[ast.stmt]) -> str | None:
    """The literal message, following ``message = "..."`` assigned just before."""
    if isinstance(node, ast.Name):
        for stmt in reversed(before):
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets):
                return _literal(stmt.value)
        return None
    return _literal(node)


def _passed_params(test: ast.expr, params: set[str], kwargs: str | None) -> frozenset[str]:
    """Parameters whose passing triggers ``test``: ``p is not None``, ``p is not _SENTINEL``,
    ``p``, the first operand of an ``and``; ``ANY_OTHER_KEYWORD`` for ``if kwargs:``."""
    if isinstance(test, ast.Name) and test.id == kwargs:
        return frozenset({ANY_OTHER_KEYWORD})
    if isinstance(test, ast.Name) and test.id in params:
        return frozenset({test.id})
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id in params
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.IsNot)
    ):
        return frozenset({test.left.id})
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and test.values:
        return _passed_params(test.values[0], params, kwargs)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        found: set[str] = set()
        for value in test.values:
            part = _passed_params(value, params, kwargs)
            if not part:
                return frozenset()
            found |= part
        return frozenset(found)
    return frozenset()


def _directive(fn: ast.FunctionDef | ast.AsyncFunctionDef, target: str) -> Declared | None:
    """A ``.. deprecated::`` directive about the function itself (not about a parameter)."""
    doc = ast.get_docstring(fn)
    match = _DIRECTIVE.search(doc) if doc else None
    if match is None:
        return None
    text = " ".join(match.group("text").split())
    if _ABOUT_PARAMETER.search(text):
        return None
    version = match.group("version")
    message = f"deprecated since {version}" + (f": {text}" if text else "") if version else text or None
    return Declared(target, "a deprecation notice", _literal(ast.Constant(message)) if message else None, certain=False)


def _decorator_message(text: str) -> str | None:
    try:
        expr = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None
    if not isinstance(expr, ast.Call):
        return None
    candidates = [*expr.args, *(kw.value for kw in expr.keywords if kw.arg in _MESSAGE_KEYWORDS)]
    texts = [t for t in (_literal(c) for c in candidates) if t]
    return max(texts, key=len) if texts else None


def _literal(node: ast.expr | None) -> str | None:
    """The text of a string literal, f-string (``{...}`` for its holes) or ``+`` of them."""
    text = _text(node)
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) or "{...}" if isinstance(v, ast.Constant) else "{...}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is not None and right is not None:
            return left + right
    return None


if TYPE_CHECKING:
    from collections.abc import Callable

    _Compute = Callable[[], Declared | None]

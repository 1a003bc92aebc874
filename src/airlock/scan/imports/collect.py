"""Every import of one file, with what makes it optional.

An import is optional, and never a finding, when the code is written to run without it:
inside ``try`` with a handler for ``ImportError`` (or ``ModuleNotFoundError``, or a broad
``except``) in the same scope, or in such a handler (a fallback), under ``contextlib.suppress(ImportError)``
(or a test's ``pytest.raises(ImportError)``/``assertRaises(ImportError)``), under ``if
TYPE_CHECKING:``, or under a platform, version or availability guard (``sys.platform``,
``os.name``, ``platform.system()``, ``sys.version_info``, ``importlib.util.find_spec``, a
``HAS_X``/``X_AVAILABLE`` flag). ``importlib.import_module("name")`` and ``__import__`` with
a literal name count as imports; ``pytest.importorskip`` does not (it is the test's guard).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from airlock.scan.context import FileContext, dotted_name

__all__ = ["ImportRef", "collect_imports", "optional_reason"]

_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_DYNAMIC = frozenset({"importlib.import_module", "importlib.__import__", "builtins.__import__"})
_PLATFORM = (
    "sys.platform",
    "os.name",
    "platform.system",
    "platform.machine",
    "platform.python_implementation",
    "sys.implementation",
    "sys.version_info",
    "sys.maxsize",
)
_AVAILABILITY = ("find_spec", "find_loader", "util.find_spec")
_FLAG = re.compile(r"^_?(HAS|HAVE|USE|WITH|CAN)_\w+$|^_?\w+_(AVAILABLE|INSTALLED|ENABLED|SUPPORTED|PRESENT)$", re.I)
_EXPECTING = frozenset({"suppress", "raises", "assertRaises", "assertRaisesRegex"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True, slots=True)
class ImportRef:
    """One imported module, where, and why it may be missing at run time."""

    node: ast.AST
    """The ``import``/``from`` statement or the ``import_module`` call."""
    module: str
    """Absolute dotted name as written (``yaml``, ``google.cloud.storage``); empty for ``from . import x``."""
    paths: tuple[str, ...]
    """Dotted names to resolve, most specific first: ``from google.cloud import storage`` gives
    ``google.cloud.storage`` then ``google.cloud``."""
    relative: bool = False
    dynamic: bool = False
    """Imported through ``importlib.import_module``/``__import__`` with a literal name."""

    @property
    def top(self) -> str:
        return self.module.split(".", 1)[0]


def collect_imports(ctx: FileContext) -> Iterator[ImportRef]:
    """Imports in source order (by line); ``optional_reason`` says which may be missing."""
    refs: list[ImportRef] = []
    for node in ctx.nodes(ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            for alias in node.names:
                refs.append(ImportRef(node, alias.name, (alias.name,)))
        elif node.level:
            refs.append(ImportRef(node, node.module or "", (), relative=True))
        elif node.module:
            names = tuple(f"{node.module}.{a.name}" for a in node.names if a.name != "*")
            refs.append(ImportRef(node, node.module, (*names, node.module)))
    calls = ctx.nodes(ast.Call) if "import_module" in ctx.text or "__import__" in ctx.text else ()
    for call in calls:
        name = _dynamic_target(ctx, call)
        if name is None:
            continue
        relative = name.startswith(".") or any(kw.arg == "package" for kw in call.keywords)
        refs.append(ImportRef(call, name.lstrip("."), (name.lstrip("."),), relative, dynamic=True))
    refs.sort(key=lambda r: (getattr(r.node, "lineno", 0), getattr(r.node, "col_offset", 0)))
    yield from refs


def _dynamic_target(ctx: FileContext, call: ast.Call) -> str | None:
    func = call.func
    final = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if final not in ("import_module", "__import__") or not call.args:
        return None
    if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
        return None
    if isinstance(func, ast.Name) and func.id == "__import__":
        qualified: str | None = "builtins.__import__"
    else:
        qualified = ctx.call_name(call)
    if qualified not in _DYNAMIC:
        return None
    target = call.args[0].value.strip()
    return target if re.fullmatch(r"\.*[A-Za-z_][\w.]*", target) else None


def optional_reason(ctx: FileContext, node: ast.AST) -> str | None:
    """Why ``node`` may fail to import without breaking the program, or ``None``."""
    if _follows_failed_import(ctx, node):
        return "the fallback after a try/except ImportError"
    early = _after_guard_exit(ctx, node)
    if early:
        return early
    child = node
    same_scope = True
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.Try | ast.TryStar) and same_scope and _catches(anc):
            if _in(child, anc.body) or _in(child, anc.orelse):
                return "inside try/except ImportError"
            if any(handler is child for handler in anc.handlers):
                return "a fallback in an except ImportError handler"
        if isinstance(anc, ast.With | ast.AsyncWith) and same_scope and _suppresses(ctx, anc):
            return "inside suppress(ImportError) or an expected ImportError"
        if isinstance(anc, ast.If) and (_in(child, anc.body) or _in(child, anc.orelse)):
            reason = _guard(ctx, anc.test)
            if reason:
                return reason
        if isinstance(anc, ast.IfExp):
            reason = _guard(ctx, anc.test)
            if reason:
                return reason
        if isinstance(anc, _SCOPES):
            same_scope = False
        child = anc
    return None


def _follows_failed_import(ctx: FileContext, node: ast.AST) -> bool:
    """``try: import a`` / ``except ImportError: pass`` / ``import b``: ``b`` is the second choice."""
    parent = ctx.parent(node)
    for field in ("body", "orelse", "finalbody"):
        siblings = getattr(parent, field, None)
        if not isinstance(siblings, list):
            continue
        index = next((i for i, item in enumerate(siblings) if item is node), None)
        if index:
            before = siblings[index - 1]
            return (
                isinstance(before, ast.Try | ast.TryStar)
                and _catches(before)
                and any(isinstance(s, ast.Import | ast.ImportFrom) for s in before.body)
            )
    return False


def _after_guard_exit(ctx: FileContext, node: ast.AST) -> str | None:
    """``if sys.platform != "win32": raise SkipTest(...)`` earlier in the same block guards what follows."""
    statement: ast.AST | None = node
    while statement is not None and not isinstance(statement, ast.stmt):
        statement = ctx.parent(statement)
    parent = ctx.parent(statement) if statement is not None else None
    siblings = getattr(parent, "body", None)
    if not isinstance(siblings, list):
        return None
    for sibling in siblings:
        if sibling is statement:
            return None
        if isinstance(sibling, ast.If) and sibling.body and _exits(sibling.body[-1]):
            reason = _guard(ctx, sibling.test)
            if reason and "TYPE_CHECKING" not in reason:
                return reason
    return None


def _exits(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Raise | ast.Return):
        return True
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and (dotted_name(statement.value.func) or "").rsplit(".", 1)[-1] in ("exit", "skip", "SkipTest")
    )


def _in(node: ast.AST, body: list[ast.stmt] | list[ast.excepthandler]) -> bool:
    return any(item is node for item in body)


def _catches(node: ast.Try | ast.TryStar) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            name = dotted_name(kind)
            if name and name.rsplit(".", 1)[-1] in _IMPORT_ERRORS:
                return True
    return False


def _suppresses(ctx: FileContext, node: ast.With | ast.AsyncWith) -> bool:
    for item in node.items:
        expr = item.context_expr
        if isinstance(expr, ast.Call) and (dotted_name(expr.func) or "").rsplit(".", 1)[-1] in _EXPECTING:
            for arg in expr.args:
                name = dotted_name(arg)
                if name and name.rsplit(".", 1)[-1] in _IMPORT_ERRORS:
                    return True
    return False


def _guard(ctx: FileContext, test: ast.expr) -> str | None:
    for sub in ast.walk(test):
        name = dotted_name(sub) if isinstance(sub, ast.Name | ast.Attribute) else None
        if not name:
            continue
        if name == "TYPE_CHECKING" or name.endswith(".TYPE_CHECKING"):
            return "under TYPE_CHECKING"
        qualified = ctx.qualname(sub) or name
        if any(qualified == p or qualified.startswith(p + ".") for p in _PLATFORM):
            return f"under a platform or version guard ({qualified})"
        if qualified.endswith(_AVAILABILITY):
            return "under an availability check (find_spec)"
        if isinstance(sub, ast.Name) and _FLAG.match(sub.id):
            return f"under an availability flag ({sub.id})"
    return None

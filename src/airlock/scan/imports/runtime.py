"""Imports of modules that the code itself puts in place at run time, which no static lookup can find.

Test suites and plugin loaders write a module to a temporary folder, add a folder or a zip
file to ``sys.path``, or import under a helper that changes the import path, then import
the module by name. Such an import is not a package the code expects to be installed, so
``unknown-import`` leaves it alone when:

- the same function or class (or the module) changes ``sys.path`` (``insert``, ``append``, ``extend``,
  assignment) or calls ``site.addsitedir``;
- it sits in a ``with`` block whose context manager's name speaks of the import path
  (``DirsOnSysPath(...)``, ``imports_under_tool(...)``, ``import_state(...)``);
- the file names the module in a string of its own, a single word or path (``"locker.py"``,
  ``create_module("pkg.sub")``, ``TEST_MODULE = "helper"``), other than the import call itself;
  prose (a string with spaces, a docstring) does not count.
"""

from __future__ import annotations

import ast
import re
from functools import cached_property

from airlock.scan.context import FileContext, dotted_name

__all__ = ["RuntimeModules"]

_PATH_CHANGES = frozenset({"sys.path.insert", "sys.path.append", "sys.path.extend", "site.addsitedir"})
_PATH_CONTEXT = re.compile(r"path|import", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_SPLIT = re.compile(r"[/\\.:]+")


class RuntimeModules:
    """Answers, for one file, whether an import finds a module the file itself makes available."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def reason(self, node: ast.AST, top: str) -> str | None:
        if top in self._named_in_strings:
            return f"the file names `{top}` itself: it creates or loads it at run time"
        scope = self.ctx.enclosing_function(node)
        owner = self.ctx.enclosing_class(node)
        scopes = self._path_scopes
        if 0 in scopes or any(s is not None and id(s) in scopes for s in (scope, owner)):
            return "imported after sys.path is changed at run time"
        for anc in self.ctx.ancestors(node):
            if isinstance(anc, ast.With | ast.AsyncWith) and any(_changes_path(i.context_expr) for i in anc.items):
                return "imported under a context manager that changes the import path"
        return None

    def _scopes_of(self, node: ast.AST) -> set[int]:
        """The function and the class (a test's ``setUp`` serves its other methods) holding ``node``."""
        scope = self.ctx.enclosing_function(node)
        owner = self.ctx.enclosing_class(node)
        found = {id(s) for s in (scope, owner) if s is not None}
        return found or {0}

    @cached_property
    def _path_scopes(self) -> set[int]:
        """Ids of the functions and classes that change ``sys.path`` (0: the module body does)."""
        scopes: set[int] = set()
        ctx = self.ctx
        for call in ctx.nodes(ast.Call):
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("insert", "append", "extend", "addsitedir"):
                name = ctx.call_name(call) or dotted_name(call.func) or ""
                if name in _PATH_CHANGES:
                    scopes |= self._scopes_of(call)
        for assign in ctx.nodes(ast.Assign, ast.AugAssign):
            targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
            for target in targets:
                base = target.value if isinstance(target, ast.Subscript) else target
                if dotted_name(base) == "sys.path":
                    scopes |= self._scopes_of(assign)
        return scopes

    @cached_property
    def _named_in_strings(self) -> frozenset[str]:
        """Names that string constants of the file spell as a path or dotted-name component."""
        skip: set[int] = set()
        for call in self.ctx.nodes(ast.Call):
            func = call.func
            final = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if final in ("import_module", "__import__") and call.args:
                skip.add(id(call.args[0]))
        names: set[str] = set()
        for const in self.ctx.nodes(ast.Constant):
            value = const.value
            if isinstance(value, str) and id(const) not in skip and len(value) < 200 and not _SPACE.search(value):
                names.update(part for part in _SPLIT.split(value) if part.isidentifier())
        return frozenset(names)


def _changes_path(expr: ast.expr) -> bool:
    if not isinstance(expr, ast.Call):
        return False
    name = dotted_name(expr.func) or ""
    return bool(_PATH_CONTEXT.search(name.rsplit(".", 1)[-1]))

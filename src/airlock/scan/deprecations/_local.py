"""Library classes behind the file's own classes: ``self.dict()`` in a pydantic model.

``FileContext`` types names bound to imported classes (``s = requests.Session()``). This
adds the classes the file defines itself: a class's imported ancestors (through local
base classes too), and so the library class behind ``self``, ``cls``, ``Model``,
``Model(...)``, ``Model.parse_obj(...)``, a parameter annotated ``m: Model`` and a name
assigned one of those in the same function.
"""

from __future__ import annotations

import ast
from functools import cached_property

from airlock.scan.context import FileContext, FunctionNode
from airlock.scan.deprecations._index import canonical

__all__ = ["LocalTypes"]

_MAX_DEPTH = 6
_OPTIONAL = frozenset({"Optional", "typing.Optional", "Annotated", "typing.Annotated"})


class LocalTypes:
    """Answers per file, computed on first use."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._ancestors: dict[str, frozenset[str]] = {}

    @cached_property
    def classes(self) -> dict[str, ast.ClassDef]:
        return {node.name: node for node in self.ctx.nodes(ast.ClassDef)}

    @cached_property
    def _bindings(self) -> dict[tuple[int, str], list[ast.AST]]:
        """(scope id, name) → values assigned to it and annotations given to it."""
        found: dict[tuple[int, str], list[ast.AST]] = {}
        ctx = self.ctx
        for node in ctx.nodes(ast.Assign, ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            values: list[ast.AST] = [node.value] if node.value is not None else []
            if isinstance(node, ast.AnnAssign):
                values.append(node.annotation)
            for target in targets:
                if isinstance(target, ast.Name):
                    scope = ctx.enclosing_function(node)
                    found.setdefault((id(scope) if scope else 0, target.id), []).extend(values)
        for fn in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
            for arg in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs):
                if arg.annotation is not None:
                    found.setdefault((id(fn), arg.arg), []).append(arg.annotation)
        return found

    def ancestors(self, name: str, depth: int = 0) -> frozenset[str]:
        """Imported classes a local class derives from, canonical (``pydantic.BaseModel``)."""
        if name in self._ancestors:
            return self._ancestors[name]
        self._ancestors[name] = frozenset()  # a cycle of local classes ends here
        cls = self.classes.get(name)
        found: set[str] = set()
        if cls is not None and depth < _MAX_DEPTH:
            for written in cls.bases:
                base = written.value if isinstance(written, ast.Subscript) else written  # Generic[T]
                qualified = self.ctx.qualname(base)
                if qualified:
                    found.add(canonical(qualified))
                elif isinstance(base, ast.Name) and base.id in self.classes:
                    found |= self.ancestors(base.id, depth + 1)
        result = frozenset(found)
        self._ancestors[name] = result
        return result

    def types_of(self, expr: ast.AST, depth: int = 0) -> frozenset[str]:
        """The imported classes an expression's value is an instance (or subclass) of."""
        if depth > _MAX_DEPTH:
            return frozenset()
        if isinstance(expr, ast.Await):
            expr = expr.value
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Name) and func.id in self.classes:
                return self.ancestors(func.id)
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.classes:
                return self.ancestors(func.value.id)  # Model.parse_obj(...), Model.model_validate(...)
            return frozenset()
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):  # "Model" as an annotation
            return self.ancestors(expr.value) if expr.value in self.classes else frozenset()
        if isinstance(expr, ast.Subscript) and self.ctx.qualname(expr.value) in _OPTIONAL:
            inner = expr.slice.elts[0] if isinstance(expr.slice, ast.Tuple) and expr.slice.elts else expr.slice
            return self.types_of(inner, depth + 1)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):  # Model | None
            return self.types_of(expr.left, depth + 1) | self.types_of(expr.right, depth + 1)
        if not isinstance(expr, ast.Name):
            return frozenset()
        if expr.id in ("self", "cls"):
            owner = self._method_owner(expr)
            return self.ancestors(owner.name) if owner is not None else frozenset()
        if expr.id in self.classes:
            return self.ancestors(expr.id)
        scope: FunctionNode | None = self.ctx.enclosing_function(expr)
        while True:
            values = self._bindings.get((id(scope) if scope else 0, expr.id))
            if values:
                found: frozenset[str] = frozenset()
                for value in values:
                    if value is not expr:
                        found |= self.types_of(value, depth + 1)
                return found
            if scope is None:
                return frozenset()
            scope = self.ctx.enclosing_function(scope)

    def _method_owner(self, node: ast.AST) -> ast.ClassDef | None:
        """The class whose method ``node`` is in (the first function's parent class)."""
        fn = self.ctx.enclosing_function(node)
        while fn is not None:
            parent = self.ctx.parent(fn)
            if isinstance(parent, ast.ClassDef):
                return parent
            fn = self.ctx.enclosing_function(fn)
        return None

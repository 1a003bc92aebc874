"""What a rule sees of one Python file: the tree (parsed once), its imports, and light typing.

Rules ask questions ("what is this call, really?") instead of re-walking the tree; the
answers follow aliases (``import requests as r``), ``from x import y``, and simple local
types (``s = requests.Session()`` makes ``s.get`` resolve to ``requests.Session.get``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property
from typing import TypeVar, overload

from airlock.scan.project import ProjectContext

__all__ = ["FileContext", "FunctionNode", "dotted_name"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
N = TypeVar("N", bound=ast.AST)
M = TypeVar("M", bound=ast.AST)
Q = TypeVar("Q", bound=ast.AST)
P = TypeVar("P", bound=ast.AST)


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, ``None`` for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class FileContext:
    """One parsed file and the derived facts rules share; built once per file per scan."""

    def __init__(self, path: str, text: str, tree: ast.Module, project: ProjectContext | None = None) -> None:
        self.path = path
        """Relative to the scanned root, ``/``-separated."""
        self.project = project or ProjectContext()
        """Project-wide facts: the project's own modules and its dependency manifests."""
        self.text = text
        self.tree = tree
        self.lines = text.splitlines()
        self._types: dict[tuple[int, str], str] | None = None
        self._types_partial: dict[tuple[int, str], str] = {}
        self._returns_active: set[int] = set()
        self._building = False

    # --- the tree, walked once -------------------------------------------------------

    @cached_property
    def _by_type(self) -> dict[type[ast.AST], list[ast.AST]]:
        """Nodes grouped by type, and (as a side effect of the same walk) the parent map."""
        groups: dict[type[ast.AST], list[ast.AST]] = defaultdict(list)
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            groups[type(node)].append(node)
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        self.__dict__["_parents"] = parents
        return groups

    @overload
    def nodes(self, kind: type[N], /) -> Iterator[N]: ...
    @overload
    def nodes(self, kind: type[N], kind2: type[M], /) -> Iterator[N | M]: ...
    @overload
    def nodes(self, kind: type[N], kind2: type[M], kind3: type[Q], /) -> Iterator[N | M | Q]: ...
    @overload
    def nodes(self, kind: type[N], kind2: type[M], kind3: type[Q], kind4: type[P], /) -> Iterator[N | M | Q | P]: ...

    @overload
    def nodes(self, *kinds: type[ast.AST]) -> Iterator[ast.AST]: ...

    def nodes(self, *kinds: type[ast.AST]) -> Iterator[ast.AST]:
        """Every node of the given types (breadth-first within each type, not source order)."""
        for kind in kinds:
            yield from self._by_type.get(kind, ())

    @cached_property
    def _parents(self) -> dict[ast.AST, ast.AST]:
        self._by_type  # noqa: B018  # one walk fills both
        return self.__dict__["_parents"]  # type: ignore[no-any-return]

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self._parents.get(node)

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """Parents from the nearest outwards."""
        current = self._parents.get(node)
        while current is not None:
            yield current
            current = self._parents.get(current)

    def enclosing_function(self, node: ast.AST) -> FunctionNode | None:
        for anc in self.ancestors(node):
            if isinstance(anc, ast.FunctionDef | ast.AsyncFunctionDef):
                return anc
        return None

    def enclosing_class(self, node: ast.AST) -> ast.ClassDef | None:
        for anc in self.ancestors(node):
            if isinstance(anc, ast.ClassDef):
                return anc
        return None

    @cached_property
    def functions(self) -> dict[str, FunctionNode]:
        """Module-level functions and methods (``Class.method``) by name."""
        found: dict[str, FunctionNode] = {}
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found[node.name] = node
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        found[f"{node.name}.{item.name}"] = item
        return found

    # --- imports and names ------------------------------------------------------------

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name → qualified name, from every import in the file (any scope)."""
        names: dict[str, str] = {}
        for node in self.nodes(ast.Import, ast.ImportFrom):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        names[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        names[top] = top
            elif node.module and node.level == 0:
                for alias in node.names:
                    if alias.name != "*":
                        names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return names

    def imported_modules(self) -> set[str]:
        """Top-level modules this file imports (absolute imports only)."""
        return {q.split(".")[0] for q in self.imports.values()}

    def qualname(self, node: ast.AST) -> str | None:
        """The imported thing a Name/Attribute chain refers to, or ``None``.

        ``r.get`` with ``import requests as r`` → ``requests.get``; ``s.get`` where
        ``s = requests.Session()`` → ``requests.Session.get``.
        """
        dotted = dotted_name(node)
        if dotted is None:
            if isinstance(node, ast.Attribute):
                base = self.value_type(node.value)
                return f"{base}.{node.attr}" if base else None
            return None
        head, _, rest = dotted.partition(".")
        if head in self.imports:
            full = self.imports[head]
            return f"{full}.{rest}" if rest else full
        if isinstance(node, ast.Attribute):
            base = self.value_type(node.value)
            if base:
                return f"{base}.{node.attr}"
        return None

    def call_name(self, call: ast.Call) -> str | None:
        return self.qualname(call.func)

    # --- light typing -----------------------------------------------------------------

    @property
    def _assigned_types(self) -> dict[tuple[int, str], str]:
        """(scope id, target) → qualified class, for ``x = Cls(...)`` style bindings.

        Scope 0 is the module; ``self.x`` bindings are recorded per class under the
        class's id so that every method sees them. While the table is being built,
        lookups see the part built so far (``x = x.copy()`` must not recurse forever).
        """
        if self._types is not None:
            return self._types
        if self._building:
            return self._types_partial
        self._building = True
        try:
            self._types = self._build_types(self._types_partial)
        finally:
            self._building = False
        return self._types

    def _build_types(self, types: dict[tuple[int, str], str]) -> dict[tuple[int, str], str]:
        for node in self.nodes(ast.Assign, ast.AnnAssign, ast.With, ast.AsyncWith):
            pairs: list[tuple[ast.AST, ast.AST | None]] = []
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, ast.AnnAssign):
                pairs = [(node.target, node.value)]
                if node.value is None or self._type_of_expr(node.value) is None:
                    ann = self.qualname(node.annotation)
                    if ann:
                        self._record(types, node, node.target, ann)
                        continue
            else:
                pairs = [(item.optional_vars, item.context_expr) for item in node.items if item.optional_vars]
            for target, value in pairs:
                kind = self._type_of_expr(value) if value is not None else None
                if kind:
                    self._record(types, node, target, kind)
        for fn in self.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
            for arg in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs):
                if arg.annotation is not None:
                    ann = self.qualname(arg.annotation)
                    if ann:
                        types[(id(fn), arg.arg)] = ann
        return types

    def _record(self, types: dict[tuple[int, str], str], node: ast.AST, target: ast.AST, kind: str) -> None:
        dotted = dotted_name(target)
        if dotted is None:
            return
        if dotted.startswith("self."):
            cls = self.enclosing_class(node)
            if cls is not None:
                types[(id(cls), dotted)] = kind
            return
        scope = self.enclosing_function(node)
        types[(id(scope) if scope else 0, dotted)] = kind

    def _type_of_expr(self, value: ast.AST) -> str | None:
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return None
        name = self.qualname(value.func)
        if name:
            return name
        local = dotted_name(value.func)
        if local and local in self.functions:
            return self.returns(self.functions[local])
        return None

    def returns(self, fn: FunctionNode) -> str | None:
        """What a local function returns: its annotation, else a constructor it returns."""
        if fn.returns is not None:
            ann = self.qualname(fn.returns)
            if ann:
                return ann
        if id(fn) in self._returns_active:  # mutual recursion between local functions
            return None
        self._returns_active.add(id(fn))
        try:
            for node in ast.walk(fn):
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
                    name = self.qualname(node.value.func)
                    if name:
                        return name
            return None
        finally:
            self._returns_active.discard(id(fn))

    def value_type(self, expr: ast.AST) -> str | None:
        """Qualified class of an expression when the file makes it plain, else ``None``."""
        direct = self._type_of_expr(expr)
        if direct:
            return direct
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        types = self._assigned_types
        if dotted.startswith("self."):
            cls = self.enclosing_class(expr)
            return types.get((id(cls), dotted)) if cls is not None else None
        scope = self.enclosing_function(expr)
        while True:
            found = types.get((id(scope) if scope else 0, dotted))
            if found or scope is None:
                return found
            scope = self.enclosing_function(scope)

    # --- source helpers ---------------------------------------------------------------

    def line_text(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""

"""What one file asks of installed libraries, checked against an ``ApiIndex``.

The file side of the hallucinated-API check: which names are imported library modules
(not the project's own, not shadowed, not bound to two different modules), what type a
receiver has (``s = requests.Session()``, ``db: Session``, ``httpx.get(...)`` with a
``-> Response`` annotation, ``with httpx.Client() as c`` when ``__enter__`` returns
``self``), and which uses sit under a guard that expects them to fail
(``try: ... except AttributeError``, ``if hasattr(...)``, ``if sys.version_info ...``).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from airlock.scan.apis.loader import ApiIndex
from airlock.scan.apis.model import ApiMember, MemberKind, Missing, ParamKind, Signature
from airlock.scan.context import FileContext, dotted_name

__all__ = ["Problem", "find_problems"]

_GUARD_ERRORS = frozenset({"AttributeError", "ImportError", "ModuleNotFoundError", "TypeError", "NameError"})
_FEATURE_TEST = re.compile(
    r"hasattr|getattr|version|VERSION|platform|os\.name|sys\.|\b_*(py|PY)\d|\b_*(has|HAS|have|HAVE|is|IS)_"
    r"|available|AVAILABLE|support|SUPPORT|compat|COMPAT|TYPE_CHECKING|[A-Za-z]_?\d+_\d+"
)
"""An ``if`` test that detects a feature, version or platform: its branches expect missing names."""
_EXPECTS = ("patch", "mock", "Mock", "raises", "Raises")
_MOCK_ATTRIBUTES = frozenset(
    {"call_args", "call_args_list", "call_count", "called", "mock_calls", "method_calls", "return_value"}
    | {"side_effect", "reset_mock", "assert_called", "assert_called_once", "assert_called_with"}
    | {"assert_called_once_with", "assert_any_call", "assert_has_calls", "assert_not_called", "assert_awaited"}
    | {"assert_awaited_once", "assert_awaited_with", "assert_awaited_once_with", "await_count", "await_args"}
)
"""Attributes of ``unittest.mock`` objects: the value was patched, whatever its declared type."""
_Guard = ast.Call | ast.With | ast.AsyncWith | ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True, slots=True)
class _Binding:
    """How a name got its value, when that can say its type."""

    kind: str
    """``call`` (``x = f()``), ``annotated`` (``x: T = ...``), ``annotation`` (a parameter),
    ``with`` or ``async-with`` (``with f() as x``)."""
    node: ast.AST
    """The call, the ``AnnAssign``, the annotation or the context expression."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A name or keyword the installed library does not have."""

    node: ast.AST
    """Where to report: the attribute, the keyword or the import."""
    owner: str
    """What lacks it, as the file names it: ``requests.Session``, ``httpx.Client``."""
    name: str
    """The member or keyword that does not exist."""
    keyword: bool
    """True for an unknown keyword argument, False for an unknown member."""
    known: tuple[str, ...]
    """Real names to suggest from: members, or the accepted keywords."""
    positional_only: bool = False
    """A keyword that names a positional-only parameter."""


def find_problems(ctx: FileContext, index: ApiIndex) -> Iterator[Problem]:
    """Every unknown member and keyword in one file; ``Unknown`` answers are skipped."""
    uses = _FileUses(ctx, index)
    if not uses.modules:
        return
    yield from uses.imports()
    for node in ctx.nodes(ast.Attribute):
        if isinstance(node.ctx, ast.Load) and id(node) not in uses.annotations:
            problem = uses.attribute(node)
            if problem is not None and not uses.guarded(node) and not uses.acknowledged(node):
                yield problem
    for call in ctx.nodes(ast.Call):
        if any(kw.arg for kw in call.keywords):
            for problem in uses.keywords(call):
                if not uses.guarded(call) and not uses.acknowledged(problem.node):
                    yield problem


class _FileUses:
    def __init__(self, ctx: FileContext, index: ApiIndex) -> None:
        self.ctx = ctx
        self.index = index
        self._memo_guards: dict[int, bool] = {}
        self._memo_instances: dict[int, str | None] = {}

    # --- which local names are library modules ----------------------------------------

    @cached_property
    def modules(self) -> dict[str, str]:
        """Local name → qualified name, for imports of libraries this file may be checked against."""
        targets: dict[str, set[str]] = defaultdict(set)
        for local, qualified in self.ctx.imports.items():
            targets[local].add(qualified)
        for node in self.ctx.nodes(ast.Import, ast.ImportFrom):
            if isinstance(node, ast.ImportFrom) and (node.level or not node.module):
                for alias in node.names:
                    targets[alias.asname or alias.name].add("")  # relative import: the project's own
                continue
            for alias in node.names:
                if isinstance(node, ast.Import):
                    local = alias.asname or alias.name.split(".")[0]
                    targets[local].add(alias.name if alias.asname else local)
                elif alias.name != "*":
                    targets[alias.asname or alias.name].add(f"{node.module}.{alias.name}")
        local_modules = self.ctx.project.local_modules
        usable: dict[str, str] = {}
        for local, qualified in self.ctx.imports.items():
            top = qualified.split(".")[0]
            if len(targets[local]) != 1 or local in self.rebound or top in local_modules or top == "__future__":
                continue
            if self.index.is_loadable(top):  # C extensions and missing packages: nothing to check
                usable[local] = qualified
        return usable

    @cached_property
    def rebound(self) -> frozenset[str]:
        """Names the file binds other than by import: parameters, assignments, loops, defs."""
        ctx = self.ctx
        names = {n.id for n in ctx.nodes(ast.Name) if not isinstance(n.ctx, ast.Load)}
        names.update(a.arg for a in ctx.nodes(ast.arg))
        names.update(d.name for d in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        names.update(h.name for h in ctx.nodes(ast.ExceptHandler) if h.name)
        for node in ctx.nodes(ast.Global, ast.Nonlocal):
            names.update(node.names)
        names.update(m.name for m in ctx.nodes(ast.MatchAs, ast.MatchStar) if m.name)
        return frozenset(names)

    @cached_property
    def annotations(self) -> frozenset[int]:
        """Nodes inside annotations: they name what type stubs declare (``zlib._Compress``),
        which need not exist at run time."""
        roots: list[ast.AST] = []
        for fn in self.ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
            args = fn.args
            every = (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
            roots.extend(a.annotation for a in every if a is not None and a.annotation is not None)
            if fn.returns is not None:
                roots.append(fn.returns)
        roots.extend(n.annotation for n in self.ctx.nodes(ast.AnnAssign))
        return frozenset(id(n) for root in roots for n in ast.walk(root))

    @cached_property
    def _headers(self) -> frozenset[int]:
        """Nodes of decorators, defaults and annotations: evaluated outside the function they
        belong to, so the function's own parameter types do not apply to them."""
        found: set[int] = set()
        for fn in self.ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            parts: list[ast.AST] = [*fn.args.defaults, *(d for d in fn.args.kw_defaults if d is not None)]
            if not isinstance(fn, ast.Lambda):
                parts.extend(fn.decorator_list)
                if fn.returns is not None:
                    parts.append(fn.returns)
                args = fn.args
                parts.extend(a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.annotation)
            for part in parts:
                found.update(id(n) for n in ast.walk(part))
        return frozenset(found)

    @cached_property
    def _bindings(self) -> dict[tuple[int, str], list[_Binding | None]]:
        """(scope, name) → one entry per binding of the name in that scope: how to type it
        (``x = Cls(...)``, ``x: Cls``, an annotated parameter, ``with Cls() as x``), or
        ``None`` for bindings that say nothing about the type (loops, unpacking, ``x += 1``)."""
        found: dict[tuple[int, str], list[_Binding | None]] = defaultdict(list)

        def bind(node: ast.AST, target: ast.AST, how: _Binding | None) -> None:
            for sub in ast.walk(target):
                dotted = dotted_name(sub) if isinstance(sub, ast.Name | ast.Attribute) else None
                if dotted:
                    found[(self._scope_id(node, dotted), dotted)].append(how if sub is target else None)

        for node in self.ctx.nodes(ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr):
            if isinstance(node, ast.Assign):
                call = isinstance(node.value, ast.Call | ast.Await) and len(node.targets) == 1
                for target in node.targets:
                    bind(node, target, _Binding("call", node.value) if call else None)
            elif isinstance(node, ast.AnnAssign):
                bind(node, node.target, _Binding("annotated", node))
            else:
                bind(node, node.target, None)
        for loop in self.ctx.nodes(ast.For, ast.AsyncFor, ast.comprehension):
            bind(loop, loop.target, None)
        for block in self.ctx.nodes(ast.With, ast.AsyncWith):
            kind = "async-with" if isinstance(block, ast.AsyncWith) else "with"
            for item in block.items:
                if item.optional_vars is not None:
                    bind(block, item.optional_vars, _Binding(kind, item.context_expr))
        for fn in self.ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            args = fn.args
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if arg is not None:
                    how = None
                    if arg.annotation is not None and arg not in (args.vararg, args.kwarg):
                        how = _Binding("annotation", arg.annotation)
                    found[(id(fn), arg.arg)].append(how)
        return found

    @cached_property
    def _typeable(self) -> frozenset[str]:
        """Every name with at least one binding that may give it a type: a cheap first filter."""
        return frozenset(name for (_, name), hows in self._bindings.items() if any(hows))

    def _binding(self, expr: ast.AST, dotted: str) -> _Binding | None:
        """The one binding of the name in the nearest scope that binds it, if it is typeable.

        A name bound twice may hold different things at different times, and one bound
        by a loop or an unannotated parameter hides any outer binding: both give ``None``.
        """
        if dotted.startswith("self."):
            own = self._bindings.get((self._scope_id(expr, dotted), dotted), [])
            return own[0] if len(own) == 1 else None
        scope: ast.AST | None = self.ctx.enclosing_function(expr)
        while True:
            hows = self._bindings.get((id(scope) if scope is not None else 0, dotted))
            if hows:
                return hows[0] if len(hows) == 1 else None
            if scope is None:
                return None
            scope = self.ctx.enclosing_function(scope)

    def _type_of(self, how: _Binding) -> str | None:
        """What ``FileContext`` makes of one binding: a class or a function's qualified name."""
        if how.kind == "annotation":
            return self.ctx.qualname(how.node)
        if how.kind == "annotated" and isinstance(how.node, ast.AnnAssign):
            return self.ctx.qualname(how.node.annotation)  # what the author declared (``x: Any = y``)
        return self.ctx.value_type(how.node)

    @cached_property
    def assigned_attributes(self) -> frozenset[str]:
        """Attribute names the file itself sets (``result.flag = True``): monkeypatching adds them."""
        names = {n.attr for n in self.ctx.nodes(ast.Attribute) if not isinstance(n.ctx, ast.Load)}
        for call in self.ctx.nodes(ast.Call):
            if isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) >= 2:
                name = call.args[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    names.add(name.value)
        return frozenset(names)

    def _scope_id(self, node: ast.AST, dotted: str) -> int:
        if dotted.startswith("self."):
            cls = self.ctx.enclosing_class(node)
            return id(cls) if cls is not None else 0
        fn = self.ctx.enclosing_function(node)
        return id(fn) if fn is not None else 0

    # --- guards -----------------------------------------------------------------------

    def guarded(self, node: ast.AST) -> bool:
        """Inside code that expects the API may be missing (feature detection, version checks)."""
        child = node
        for anc in self.ctx.ancestors(node):
            if isinstance(anc, ast.Try) and child in anc.body and self._catches_missing(anc):
                return True
            if isinstance(anc, ast.If | ast.IfExp | ast.While | ast.Assert) and self._feature_test(anc):
                return True
            if isinstance(anc, _Guard) and self._expects_failure(anc):
                return True
            child = anc
        return False

    def _expects_failure(self, node: _Guard) -> bool:
        """``assertRaises(AttributeError, ...)``, ``with pytest.raises(TypeError)``, ``@patch(...)``."""
        key = id(node)
        if key not in self._memo_guards:
            if isinstance(node, ast.Call):
                parts: list[ast.AST] = [*node.args, *(kw.value for kw in node.keywords)]
            elif isinstance(node, ast.With | ast.AsyncWith):
                parts = [item.context_expr for item in node.items]
            else:  # decorators, and the functions it calls: ``monkeypatch.setattr``, ``support.patch``
                parts = [*node.decorator_list, *(c.func for c in ast.walk(node) if isinstance(c, ast.Call))]
            found = False
            for part in parts:
                if isinstance(node, ast.Call):
                    found = isinstance(part, ast.Name) and part.id in _GUARD_ERRORS
                else:
                    text = ast.unparse(part)
                    found = any(word in text for word in _EXPECTS) or any(e in text for e in _GUARD_ERRORS)
                if found:
                    break
            self._memo_guards[key] = found
        return self._memo_guards[key]

    def acknowledged(self, node: ast.AST) -> bool:
        """The line carries ``# type: ignore``: its author knows the checker cannot see the name."""
        return "type: ignore" in self.ctx.line_text(getattr(node, "lineno", 0))

    def _catches_missing(self, node: ast.Try) -> bool:
        key = id(node)
        if key not in self._memo_guards:
            self._memo_guards[key] = any(
                handler.type is None
                or any(isinstance(n, ast.Name) and n.id in _GUARD_ERRORS for n in ast.walk(handler.type))
                for handler in node.handlers
            )
        return self._memo_guards[key]

    def _feature_test(self, node: ast.If | ast.IfExp | ast.While | ast.Assert) -> bool:
        key = id(node)
        if key not in self._memo_guards:
            self._memo_guards[key] = bool(_FEATURE_TEST.search(ast.unparse(node.test)))
        return self._memo_guards[key]

    # --- what an expression is --------------------------------------------------------

    def literal(self, node: ast.AST) -> str | None:
        """``r.Session`` with ``import requests as r`` → ``requests.Session``."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        qualified = self.modules.get(head)
        if qualified is None:
            return None
        return f"{qualified}.{rest}" if rest else qualified

    def callee(self, func: ast.AST) -> str | None:
        """The qualified name of what a call calls, through literal names and typed receivers."""
        literal = self.literal(func)
        if literal is not None:
            return literal
        if isinstance(func, ast.Attribute):
            owner = self.instance(func.value)
            if owner is not None:
                return f"{owner}.{func.attr}"
        return None

    def instance(self, expr: ast.AST) -> str | None:
        """The library class an expression's value is an instance of, when plain enough to be sure."""
        key = id(expr)
        if key not in self._memo_instances:
            self._memo_instances[key] = None if key in self._headers else self._instance(expr)
        return self._memo_instances[key]

    def _instance(self, expr: ast.AST) -> str | None:
        if isinstance(expr, ast.Await):
            expr = expr.value
        if isinstance(expr, ast.Call):
            name = self.callee(expr.func)
            return self._result_of(name) if name else None
        dotted = dotted_name(expr)
        if dotted is None or dotted not in self._typeable or self.literal(expr) is not None:
            return None
        how = self._binding(expr, dotted)
        typed = self._type_of(how) if how is not None else None
        if how is None or typed is None or typed.split(".")[0] in self.ctx.project.local_modules:
            return None
        cls = self._result_of(typed)
        if cls is not None and how.kind in ("annotation", "annotated") and self.index.is_abstract(cls):
            return None  # declared as an ABC or Protocol: the value may be a richer subclass
        if cls is not None and how.kind in ("with", "async-with"):
            return self.index.enter_class(cls, is_async=how.kind == "async-with")
        return cls

    def _result_of(self, name: str) -> str | None:
        """A class → its instance; a function → the class its return annotation names."""
        found = self.index.member(name)
        if not isinstance(found, ApiMember):
            return None
        if found.kind is MemberKind.CLASS:
            return name
        if found.kind is MemberKind.FUNCTION and "property" not in found.labels:
            returned = self.index.return_class(name)
            return None if returned is None or self.index.is_abstract(returned) else returned
        return None

    # --- the checks -------------------------------------------------------------------

    def imports(self) -> Iterator[Problem]:
        for node in self.ctx.nodes(ast.ImportFrom):
            if node.level or not node.module or self.guarded(node):
                continue
            top = node.module.split(".")[0]
            if top in self.ctx.project.local_modules or top == "__future__":
                continue
            for alias in node.names:
                if alias.name == "*":
                    continue
                found = self.index.member(f"{node.module}.{alias.name}")
                if isinstance(found, Missing) and found.parent == node.module and found.name == alias.name:
                    yield Problem(node, node.module, alias.name, keyword=False, known=found.known)

    def attribute(self, node: ast.Attribute) -> Problem | None:
        base = dotted_name(node.value)
        if base is not None:  # a name chain: an imported module, or a typed variable, or nothing
            head, _, rest = base.partition(".")
            qualified = self.modules.get(head)
            if qualified is not None:
                owner: str | None = f"{qualified}.{rest}" if rest else qualified
            elif base in self._typeable:
                owner = self.instance(node.value)
            else:
                return None
        elif isinstance(node.value, ast.Call | ast.Await):
            owner = self.instance(node.value)
        else:
            return None
        if owner is None:
            return None
        if node.attr in self.assigned_attributes or node.attr in _MOCK_ATTRIBUTES:
            return None
        found = self.index.member(f"{owner}.{node.attr}")
        if isinstance(found, Missing) and found.parent == owner and found.name == node.attr:
            return Problem(node, owner, node.attr, keyword=False, known=found.known)
        return None

    def keywords(self, call: ast.Call) -> Iterator[Problem]:
        name = self.callee(call.func)
        if name is None:
            return
        sig = self.index.signature(name)
        if not isinstance(sig, Signature):
            return
        accepted = sig.keyword_names
        positional_only = {p.name for p in sig.params if p.kind is ParamKind.POSITIONAL_ONLY}
        for kw in call.keywords:
            if kw.arg is None or kw.arg in accepted:
                continue
            if sig.takes_var_keyword:
                self.index.stats.unverifiable_keywords += 1  # goes into **kwargs: not checked
                continue
            yield Problem(kw, name, kw.arg, keyword=True, known=accepted, positional_only=kw.arg in positional_only)

"""Reading a library's own source for ways it adds names at run time.

The API index only reports a missing name when nothing in the library could add it;
these checks look at the source text of a class, a module or a decorator for the
patterns that do: ``setattr`` with names from the caller, ``self.__dict__.update``,
``__init_subclass__`` handing the class to other code, a module passing its
``__name__`` to a function (``IntFlag._convert_``).
"""

from __future__ import annotations

import ast
import contextlib
import io
import textwrap
import tokenize

import griffe

__all__ = [
    "class_escapes",
    "code_words",
    "module_adds_names",
    "parse_source",
    "returns_first_argument",
    "returns_only_self",
    "sets_computed_names",
]

_CONSTRUCTORS = frozenset({"__init__", "__new__", "__init_subclass__", "__set_name__", "__post_init__"})
_STATE_METHODS = frozenset({"__setstate__", "__getstate__", "__copy__", "__deepcopy__", "__reduce__", "__reduce_ex__"})
_PURE_BUILTINS = frozenset({"isinstance", "issubclass", "type", "getattr", "hasattr", "super", "id", "repr", "str"})
_LOGGER_CALLS = frozenset({"getLogger", "get_logger", "getChild", "Logger", "warn", "deprecated"})


def returns_only_self(fn: griffe.Function) -> bool:
    """True when every ``return`` in the function's own body is ``return self``."""
    tree = parse_source(fn)
    if tree is None:
        return False
    returns = [node for node in ast.walk(tree) if isinstance(node, ast.Return)]
    return bool(returns) and all(isinstance(r.value, ast.Name) and r.value.id == "self" for r in returns)


def parse_source(obj: griffe.Object) -> ast.Module | None:
    try:
        return ast.parse(textwrap.dedent(obj.source))
    except (SyntaxError, ValueError, OSError, TypeError, LookupError):
        return None


def returns_first_argument(fn: griffe.Function) -> bool:
    """``def deco(cls): ...; return cls``: the decorator hands back what it was given."""
    tree = parse_source(fn)
    params = list(fn.parameters)
    if tree is None or not params:
        return False
    first = params[0].name
    returns = [node for node in ast.walk(tree) if isinstance(node, ast.Return)]
    return bool(returns) and all(isinstance(r.value, ast.Name) and r.value.id == first for r in returns)


def sets_computed_names(source: str) -> bool:
    """The class grows names no source line spells out: ``self.__dict__.update(kwargs)``, or
    ``setattr(self, name, v)`` / ``self.__dict__[name] = v`` where ``name`` comes from the
    caller (a parameter, or a loop over one) inside a constructor or a loop.

    Writes whose names come from the class itself (``for attr in self._fields``), a
    mapping lookup (``setattr(self, self._map[key], v)``), a single memoising write
    (``_set_memoized_attribute(key, value)``) or the state-restoring methods
    (``__setstate__``, ``__copy__``, ...) only set names the class already declares.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) or fn.name in _STATE_METHODS:
            continue
        if any(
            isinstance(n, ast.Attribute) and n.attr in ("update", "setdefault") and _is_own_dict(n.value)
            for n in ast.walk(fn)
        ):
            return True
        tainted = _caller_names(fn)
        in_loop: set[ast.AST] = set()
        for node in ast.walk(fn):
            if isinstance(node, ast.For | ast.AsyncFor | ast.While | ast.comprehension):
                in_loop.update(ast.walk(node))
        for node in ast.walk(fn):
            name = _computed_name(node)
            if name is None or (fn.name not in _CONSTRUCTORS and node not in in_loop):
                continue
            if any(isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(name)):
                return True
    return False


def _computed_name(node: ast.AST) -> ast.AST | None:
    """The name expression of ``setattr(self, <expr>, v)`` or ``self.__dict__[<expr>] = v``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "setattr"
        and len(node.args) >= 2
        and _is_self(node.args[0])
        and not isinstance(node.args[1], ast.Constant | ast.Subscript)
    ):
        return node.args[1]
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _is_own_dict(node.value):
        return node.slice
    return None


def _caller_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names whose value comes from the caller: parameters and what loops over them bind."""
    args = fn.args
    params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    tainted = set(params) | {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for _ in range(2):
        for node in ast.walk(fn):
            source: ast.AST | None = None
            targets: list[ast.AST] = []
            if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                source, targets = node.iter, [node.target]
            elif isinstance(node, ast.Assign):
                source, targets = node.value, list(node.targets)
            if source is not None and any(isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(source)):
                tainted.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return tainted


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _is_own_dict(node: ast.AST) -> bool:
    """``self.__dict__``, ``cls.__dict__`` or ``vars(self)``."""
    if isinstance(node, ast.Attribute) and node.attr == "__dict__":
        return _is_self(node.value)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "vars"
        and len(node.args) == 1
        and _is_self(node.args[0])
    )


def class_escapes(fn: griffe.Function) -> bool:
    """``__init_subclass__`` passing ``cls`` to a function outside the class (``register(cls)``),
    which may add any name; calls on ``cls`` itself or ``super()`` stay within what is read."""
    tree = parse_source(fn)
    if tree is None:
        return True
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        passed = [*node.args, *(kw.value for kw in node.keywords)]
        if not any(_is_self(arg) for arg in passed):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in _PURE_BUILTINS:
            continue
        own = isinstance(func, ast.Attribute) and (
            _is_self(func.value) or (isinstance(func.value, ast.Call) and ast.unparse(func.value) == "super()")
        )
        if not own:
            return True
    return False


def code_words(source: str) -> frozenset[str]:
    """Identifiers the code spells out: names, and string literals that are identifiers
    (``setattr(cls, "name", ...)``, ``__all__ = ["name"]``), but not comments or prose
    in docstrings, where a hallucinated name may well be mentioned ("unlike tqdm, ...")."""
    words: set[str] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.NAME:
                words.add(token.string)
            elif token.type == tokenize.STRING and len(token.string) < 80:
                with contextlib.suppress(ValueError, SyntaxError):
                    value = ast.literal_eval(token.string)
                    if isinstance(value, str) and value.isidentifier():
                        words.add(value)
    except (tokenize.TokenError, SyntaxError):
        return frozenset({"*"})  # cannot tell: callers treat "*" as "any name may appear"
    return frozenset(words)


def module_adds_names(source: str) -> str | None:
    """How a module's code may add names no statement defines, or ``None``.

    ``globals()[name] = ...``, ``globals().update(...)``, ``sys.modules[__name__]``,
    ``exec(...)`` at module level, ``@enum.global_enum``, and a module-level call that
    receives ``__name__`` (``IntFlag._convert_('X', __name__, ...)``; ``logging.getLogger``
    is exempt).
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return "its source does not parse"
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load) and _is_globals(node.value):
            return "globals()[...] = ..."
        if isinstance(node, ast.Attribute) and node.attr in ("update", "setdefault") and _is_globals(node.value):
            return f"globals().{node.attr}(...)"
        if isinstance(node, ast.Subscript) and ast.unparse(node) == "sys.modules[__name__]":
            return "sys.modules[__name__] (the module replaced or patched)"
        if isinstance(node, ast.Name) and node.id == "global_enum":
            return "enum.global_enum"
        if isinstance(node, ast.Attribute) and node.attr == "global_enum":
            return "enum.global_enum"
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            func = node.func
            callee = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if callee == "exec":
                return "exec(...) at module level"
            passed = [*node.args, *(kw.value for kw in node.keywords)]
            if callee not in _LOGGER_CALLS and any(isinstance(a, ast.Name) and a.id == "__name__" for a in passed):
                return f"{callee}(..., __name__, ...) may write into the module"
        pending.extend(ast.iter_child_nodes(node))
    return None


def _is_globals(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("globals", "vars")

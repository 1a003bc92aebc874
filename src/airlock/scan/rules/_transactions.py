"""Database writes, commits, transaction blocks and external calls of each function, in order.

Helpers of the ``writes-outside-transaction`` rule (``silent.py``). One pass over the
file's calls finds the database events; external calls are looked up only in functions
that commit at all, so a file without commits costs one scan of its call nodes.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Final, Literal

from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._external import external_kind
from airlock.scan.rules._swallow import words

__all__ = ["COMMITTING", "Event", "function_events", "label"]

Kind = Literal["commit", "block", "autocommit", "write", "external"]
COMMITTING: Final = frozenset({"commit", "block", "autocommit"})

# Words naming a session, connection or cursor: db, self.session, get_db(), conn, cur …
_DB_WORDS: Final = frozenset(
    {
        "session", "sess", "db", "dbs", "conn", "connection", "con", "cnx", "cur", "cursor", "tx",
        "txn", "transaction", "database", "uow", "engine", "sqlite", "sqlalchemy", "psycopg",
        "psycopg2", "asyncpg", "pymysql",
    }
)  # fmt: skip
_SESSION_WRITES: Final = frozenset(
    {
        "add",
        "add_all",
        "delete",
        "merge",
        "bulk_save_objects",
        "bulk_insert_mappings",
        "bulk_update_mappings",
    }
)
_EXECUTE: Final = frozenset({"execute", "executemany", "executescript", "exec_driver_sql"})
_MANAGER_WRITES: Final = frozenset(
    {
        "create",
        "update",
        "delete",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)
_DML: Final = re.compile(r"\s*(insert|update|delete|replace|upsert|merge|create|drop|alter|truncate)\b", re.IGNORECASE)
_DML_BUILDERS: Final = frozenset({"insert", "update", "delete"})
_BLOCK_ATTRS: Final = frozenset({"begin", "begin_nested", "atomic", "transaction"})
# Names of calls that leave the process although the table cannot resolve them.
_EFFECT_VERBS: Final = frozenset({"charge", "refund", "pay", "payout", "capture", "notify", "publish", "webhook"})
_SEND_VERBS: Final = frozenset({"send", "deliver", "dispatch", "post", "push"})
_SEND_OBJECTS: Final = frozenset(
    {"email", "mail", "sms", "webhook", "message", "notification", "payment", "event", "request"}
)
_TEXT_HINTS: Final = (
    ".commit(",
    ".save(",
    "objects.",
    ".begin(",
    "atomic",
    ".transaction(",
    ".delete(",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One call (or transaction block) that matters for transaction boundaries."""

    node: ast.AST
    kind: Kind
    label: str
    """How the message names it: ``db.commit()``, ``stripe.Charge.create()``."""
    guessed: bool = False
    """An external call recognised by its name only (``payments.charge()``)."""
    via: str = ""
    """The external call a local function makes, when the event is a call of that function."""
    receiver: str = ""
    """Source text of what commits (``self.session``, ``get_db()``), for commits and blocks."""


def label(node: ast.AST) -> str:
    """Short source text for a call or a ``with`` block."""
    if isinstance(node, ast.With | ast.AsyncWith):
        text = ast.unparse(node.items[0].context_expr)
        return f"with {text}"
    func = node.func if isinstance(node, ast.Call) else node
    text = dotted_name(func) or ast.unparse(func)
    return (text if len(text) <= 60 else text[:57] + "...") + "()"


def _receiver(node: ast.AST) -> str:
    """``db`` of ``db.commit()`` or of ``with db.begin():``."""
    if isinstance(node, ast.With | ast.AsyncWith):
        node = node.items[0].context_expr
    func = node.func if isinstance(node, ast.Call) else None
    return ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""


def _chain(node: ast.AST) -> list[str]:
    """Attribute and function names along a call chain: ``Order.objects.filter(..).update``."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        else:
            return names


def _is_db(node: ast.AST) -> bool:
    """A receiver named like a session, connection or cursor (its last name, or the callee)."""
    names = _chain(node)
    return bool(names) and bool(words(names[0]) & _DB_WORDS)


class _Collector:
    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.dml_names = self._dml_variables()

    def _dml_variables(self) -> set[tuple[int, str]]:
        """(function id, name) of variables assigned a DML string: ``sql = "INSERT ..."``."""
        found: set[tuple[int, str]] = set()
        for node in self.ctx.nodes(ast.Assign):
            if isinstance(node.value, ast.Constant | ast.JoinedStr) and self._is_dml(node.value, None):
                scope = self.ctx.enclosing_function(node)
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.add((id(scope), target.id))
        return found

    def _is_dml(self, node: ast.AST, at: ast.AST | None) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str) and bool(_DML.match(node.value))
        if isinstance(node, ast.JoinedStr):
            return bool(node.values) and self._is_dml(node.values[0], at)
        if isinstance(node, ast.Name):
            return at is not None and (id(self.ctx.enclosing_function(at)), node.id) in self.dml_names
        if isinstance(node, ast.Call):
            names = _chain(node)
            if names and names[-1] == "text" and node.args:
                return self._is_dml(node.args[0], at)  # sqlalchemy text("UPDATE ...")
            return any(n in _DML_BUILDERS for n in names)  # update(User).where(...).values(...)
        return False

    def db_event(self, call: ast.Call) -> Kind | None:
        func = call.func
        if not isinstance(func, ast.Attribute):
            return None
        attr = func.attr
        if attr == "commit" and not call.args and not call.keywords and _is_db(func.value):
            return "commit"
        if attr in _SESSION_WRITES and _is_db(func.value) and not self._is_remote(call):
            return "write"
        if attr in _EXECUTE and call.args and self._is_dml(call.args[0], call):
            return "write"
        if attr in _MANAGER_WRITES and "objects" in _chain(func.value):
            return "autocommit"  # Django: Order.objects.create(...), qs.update(...)
        if attr in ("save", "delete") and not call.args and not self._is_remote(call):
            head = dotted_name(func.value)
            if head is None or head.split(".")[0] not in self.ctx.imports:
                return "autocommit"  # an ORM object: order.save(), order.delete()
        return None

    def _is_remote(self, call: ast.Call) -> bool:
        """``session.delete(url)`` on a ``requests.Session`` is an HTTP call, not a write."""
        return external_kind(self.ctx.call_name(call)) not in (None, "db")

    def is_block(self, node: ast.With | ast.AsyncWith) -> bool:
        for item in node.items:
            expr = item.context_expr
            if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
                if expr.func.attr in _BLOCK_ATTRS and (expr.func.attr == "atomic" or _is_db(expr.func.value)):
                    return True
            elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "atomic":
                return True
        return False


def _atomic_function(fn: FunctionNode) -> bool:
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = dotted_name(target) or ""
        if words(name.rpartition(".")[2]) & {"atomic", "transactional"}:
            return True
    return False


def function_events(ctx: FileContext) -> dict[FunctionNode, list[Event]]:
    """Events of every function that commits (explicitly, by block, or by ORM autocommit)."""
    if not any(hint in ctx.text for hint in _TEXT_HINTS):
        return {}
    collector = _Collector(ctx)
    withs: list[ast.With | ast.AsyncWith] = [*ctx.nodes(ast.With), *ctx.nodes(ast.AsyncWith)]
    blocks = {id(w) for w in withs if collector.is_block(w)}
    events: dict[FunctionNode, list[Event]] = defaultdict(list)
    block_writes: dict[int, bool] = {}
    block_nodes: dict[int, ast.With | ast.AsyncWith] = {}
    seen: set[int] = set()
    for call in ctx.nodes(ast.Call):
        if not isinstance(call.func, ast.Attribute):
            continue
        kind = collector.db_event(call)
        if kind is None:
            continue
        fn = ctx.enclosing_function(call)
        if fn is None or _atomic_function(fn):
            continue
        seen.add(id(call))
        outer, in_handler = _placement(ctx, call, fn, blocks)
        if in_handler:
            continue  # error path: compensation (mark failed, undo), not the operation itself
        if outer is not None:
            block_writes[id(outer)] = True  # part of one transaction: the block is the event
            block_nodes[id(outer)] = outer
            continue
        events[fn].append(Event(call, kind, label(call), receiver=_receiver(call)))
    for key, block in block_nodes.items():
        fn = ctx.enclosing_function(block)
        if fn is not None and block_writes.get(key):
            events[fn].append(Event(block, "block", label(block), receiver=_receiver(block)))
    candidates = {id(fn): fn for fn, evs in events.items() if any(e.kind in COMMITTING for e in evs)}
    if not candidates:
        return {}
    externals = _LocalExternals(ctx)
    for call in ctx.nodes(ast.Call):
        if id(call) in seen:
            continue
        fn = ctx.enclosing_function(call)
        if fn is None or id(fn) not in candidates:
            continue
        found = externals.describe(call)
        if found and _placement(ctx, call, fn, blocks) == (None, False):
            name, via, guessed = found
            events[fn].append(Event(call, "external", name, guessed=guessed, via=via))
    result: dict[FunctionNode, list[Event]] = {}
    for fn in candidates.values():
        evs = events[fn]
        evs.sort(key=lambda e: (getattr(e.node, "lineno", 0), getattr(e.node, "col_offset", 0)))
        if any(e.kind == "external" for e in evs) or sum(e.kind in ("commit", "block") for e in evs) > 1:
            result[fn] = evs
    return result


def _placement(
    ctx: FileContext, node: ast.AST, fn: FunctionNode, blocks: set[int]
) -> tuple[ast.With | ast.AsyncWith | None, bool]:
    """The outermost transaction block around ``node``, and whether it is off the main path
    (in an except handler or a lambda)."""
    found = None
    in_handler = False
    for anc in ctx.ancestors(node):
        if anc is fn:
            break
        if isinstance(anc, ast.ExceptHandler | ast.Lambda):
            in_handler = True  # (a lambda runs later, if at all: not part of this sequence)
        elif id(anc) in blocks and isinstance(anc, ast.With | ast.AsyncWith):
            found = anc
    return found, in_handler


class _LocalExternals:
    """External calls, calls of this file's functions that make one (one level deep), and
    calls of other modules whose names say they charge, notify or send (``guessed``)."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.memo: dict[int, str | None] = {}

    def describe(self, call: ast.Call) -> tuple[str, str, bool] | None:
        """(label, via, guessed) of an external call, ``None`` for anything else."""
        name = self.ctx.call_name(call)
        kind = external_kind(name)
        if kind is not None:
            return None if kind == "db" else (f"{name}()", "", False)
        local = self._local_function(call)
        if local is not None:
            inner = self._external_inside(local)
            return (label(call), inner, False) if inner else None
        return (label(call), "", True) if _effect_by_name(call) else None

    def _local_function(self, call: ast.Call) -> FunctionNode | None:
        func = call.func
        functions = self.ctx.functions
        if isinstance(func, ast.Name):
            return functions.get(func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            cls = self.ctx.enclosing_class(call)
            return functions.get(f"{cls.name}.{func.attr}") if cls is not None else None
        return None

    def _external_inside(self, fn: FunctionNode) -> str | None:
        if id(fn) not in self.memo:
            self.memo[id(fn)] = None
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    kind = external_kind(self.ctx.call_name(node))
                    if kind is not None and kind != "db":
                        self.memo[id(fn)] = f"{self.ctx.call_name(node)}()"
                        break
        return self.memo[id(fn)]


def _effect_by_name(call: ast.Call) -> bool:
    """``payments.charge_with_retry()``, ``notify.send_webhook()``, ``send_order_email()``."""
    func = call.func
    names = _chain(func)
    if not names or names[0][:1].isupper() or _is_db(func.value if isinstance(func, ast.Attribute) else func):
        return False  # a constructor (Payment(...)) or a session method
    found = frozenset().union(*(words(n) for n in names))
    return bool(found & _EFFECT_VERBS) or bool(found & _SEND_VERBS and found & _SEND_OBJECTS)

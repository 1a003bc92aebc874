"""Shapes of code the table cannot name: pydantic ``class Config``, and untyped receivers.

The typed cases go through the table (``app = FastAPI()`` makes ``app.on_event`` a
name). These catch what the file does not type: a model's inner ``class Config``, and
calls on objects made in another module, recognised by a shape that is specific to the
library (``session.query(Model).get(id)``, ``Model.query.get(id)``, ``engine.execute``,
``@app.on_event`` in a file that imports FastAPI, ``df.append`` with pandas imported).
Those are reported with medium confidence.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from airlock.model import Confidence
from airlock.scan.context import FileContext
from airlock.scan.deprecations._index import Index
from airlock.scan.deprecations._local import LocalTypes
from airlock.scan.deprecations._stack import PYDANTIC_CONFIG_KEYS
from airlock.scan.deprecations._use import Use

__all__ = ["pattern_uses"]

_PYDANTIC_MODULES = frozenset({"pydantic", "pydantic_settings", "sqlmodel"})
_SQLALCHEMY_MODULES = frozenset({"sqlalchemy", "flask_sqlalchemy", "sqlmodel"})
_DATAFRAME_NAME = re.compile(r"^df\d*$|^df_|_df$")
_DATAFRAME_METHODS = frozenset({"append", "iteritems", "applymap"})
_ENGINE_NAME = re.compile(r"^(engine|\w+_engine)$")


def pattern_uses(ctx: FileContext, index: Index, local: LocalTypes) -> Iterator[Use]:
    imported = ctx.imported_modules()
    if imported & _PYDANTIC_MODULES:
        yield from _class_config(index, local)
    if "fastapi" in imported:
        yield from _on_event(ctx, index)
    yield from _untyped_calls(ctx, index, imported)


def _class_config(index: Index, local: LocalTypes) -> Iterator[Use]:
    entry = index.patterns["pydantic-class-config"]
    for cls in local.classes.values():
        if "pydantic.BaseModel" not in local.ancestors(cls.name):
            continue
        for item in cls.body:
            if not (isinstance(item, ast.ClassDef) and item.name == "Config"):
                continue
            node: ast.AST = item
            detail = None
            for stmt in item.body:
                key = _assigned_name(stmt)
                if key in PYDANTIC_CONFIG_KEYS:
                    new = PYDANTIC_CONFIG_KEYS[key]
                    node = stmt
                    detail = f"`{key}` is now `{new}`" if new else f"`{key}` no longer exists"
                    break
            yield Use(node, entry, detail=detail)


def _assigned_name(stmt: ast.stmt) -> str | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return None


def _on_event(ctx: FileContext, index: Index) -> Iterator[Use]:
    """``@app.on_event(...)`` where ``app`` comes from another module."""
    entry = index.by_name["fastapi.FastAPI.on_event"]
    for fn in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        for deco in fn.decorator_list:
            func = deco.func if isinstance(deco, ast.Call) else deco
            if isinstance(func, ast.Attribute) and func.attr == "on_event" and not _typed_in(ctx, func, "fastapi"):
                yield Use(func, entry, Confidence.MEDIUM, called=True)


def _untyped_calls(ctx: FileContext, index: Index, imported: set[str]) -> Iterator[Use]:
    sqlalchemy = bool(imported & _SQLALCHEMY_MODULES)
    pandas = "pandas" in imported
    for node in ctx.nodes(ast.Attribute):
        if node.attr not in ("get", "execute") and not (pandas and node.attr in _DATAFRAME_METHODS):
            continue
        call = ctx.parent(node)
        if not (isinstance(call, ast.Call) and call.func is node):
            continue
        name: str | None = None
        if node.attr == "get" and _is_query_get(node, call) and not _typed_in(ctx, node, "sqlalchemy"):
            name = "sqlalchemy.orm.Query.get"
        elif (
            node.attr == "execute"
            and _is_engine(ctx, node.value, sqlalchemy)
            and not _typed_in(ctx, node, "sqlalchemy")
        ):
            name = "sqlalchemy.engine.Engine.execute"
        elif (
            node.attr in _DATAFRAME_METHODS
            and isinstance(node.value, ast.Name)
            and _DATAFRAME_NAME.search(node.value.id)
            and not _typed_in(ctx, node, "pandas")
        ):
            name = f"pandas.DataFrame.{node.attr}"
        entry = index.by_name.get(name) if name else None
        if entry is not None:
            yield Use(node, entry, Confidence.MEDIUM, called=True)


def _typed_in(ctx: FileContext, node: ast.Attribute, library: str) -> bool:
    """The file types the receiver as one of ``library``'s classes: the table decides."""
    qualified = ctx.qualname(node)
    return qualified is not None and qualified.split(".", 1)[0] == library


def _is_query_get(node: ast.Attribute, call: ast.Call) -> bool:
    """``session.query(Model).get(id)`` or Flask-SQLAlchemy's ``Model.query.get(id)``."""
    if len(call.args) != 1 or call.keywords:
        return False
    receiver = node.value
    if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute) and receiver.func.attr == "query":
        return len(receiver.args) >= 1 and all(_looks_like_class(a) for a in receiver.args)
    return (
        isinstance(receiver, ast.Attribute)
        and receiver.attr == "query"
        and isinstance(receiver.value, ast.Name)
        and receiver.value.id[:1].isupper()
    )


def _looks_like_class(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr[:1].isupper()
    return isinstance(node, ast.Name) and node.id[:1].isupper()


def _is_engine(ctx: FileContext, receiver: ast.AST, sqlalchemy: bool) -> bool:
    """``engine.execute`` / ``db.engine.execute`` where the engine is SQLAlchemy's."""
    if isinstance(receiver, ast.Attribute):
        return receiver.attr == "engine" and sqlalchemy
    if not (isinstance(receiver, ast.Name) and _ENGINE_NAME.match(receiver.id)):
        return False
    origin = ctx.imports.get(receiver.id)
    from_project = origin is not None and origin.split(".")[0] in ctx.project.local_modules
    return sqlalchemy or from_project

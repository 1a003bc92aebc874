"""Celery tasks that retry: ``autoretry_for=`` on the decorator, or ``self.retry(...)`` inside.

Celery's retries are configured apart from the work they repeat, so both the backoff rule
(what delay) and the side-effect rule (what is repeated) need to find them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Final

from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._resolve import keyword, own_nodes

__all__ = ["autoretries", "celery_task", "self_retries"]

_TASK_DECORATORS: Final = frozenset({"celery.shared_task", "celery.task", "celery.Celery.task"})
# Keywords only Celery's task decorator takes: proof enough that ``@app.task(...)`` is one.
_CELERY_KEYWORDS: Final = frozenset(
    {"autoretry_for", "retry_backoff", "default_retry_delay", "max_retries", "retry_kwargs"} | {"bind", "acks_late"}
)


def celery_task(ctx: FileContext, fn: FunctionNode) -> ast.expr | None:
    """The ``@shared_task``/``@app.task`` decorator of a Celery task, else ``None``."""
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if ctx.qualname(target) in _TASK_DECORATORS:
            return deco
        if isinstance(target, ast.Attribute) and target.attr == "task":
            if "celery" in ctx.imported_modules():
                return deco
            if isinstance(deco, ast.Call) and any(k.arg in _CELERY_KEYWORDS for k in deco.keywords):
                return deco
    return None


def autoretries(deco: ast.expr) -> bool:
    """``@shared_task(autoretry_for=(...))``: any listed exception reruns the whole task."""
    return isinstance(deco, ast.Call) and keyword(deco, "autoretry_for") is not None


def self_retries(fn: FunctionNode) -> Iterator[ast.Call]:
    """``self.retry(...)`` / ``task.retry(...)`` calls of a bound task."""
    bound = fn.args.args[0].arg if fn.args.args else None
    for node in own_nodes(fn.body):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "retry"
            and bound is not None
            and dotted_name(node.func.value) == bound
        ):
            yield node

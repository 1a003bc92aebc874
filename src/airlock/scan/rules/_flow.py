"""Can one statement run after another on a single path through a function?

A source-order approximation for rules that reason about sequences (commit, call, write):
branches that exclude each other (``if``/``else``, ``try`` body and its handlers, handlers
of one ``try``, ``match`` cases) are never on one path, and a path ends at ``return`` or
``raise``. Loops are not unrolled. Costs the depth of the two nodes plus their siblings.
"""

from __future__ import annotations

import ast
from typing import Final

from airlock.scan.context import FileContext, FunctionNode

__all__ = ["sequential"]

_EXCLUSIVE_TRY: Final = frozenset({("body", "handlers"), ("orelse", "handlers"), ("handlers", "orelse")})


def _chain_up(ctx: FileContext, node: ast.AST, fn: FunctionNode) -> list[ast.AST]:
    chain = [node]
    for anc in ctx.ancestors(node):
        chain.append(anc)
        if anc is fn:
            break
    return chain


def _field_of(parent: ast.AST, child: ast.AST) -> tuple[str, int]:
    for name, value in ast.iter_fields(parent):
        if isinstance(value, list):
            for index, item in enumerate(value):
                if item is child:
                    return name, index
        elif value is child:
            return name, -1
    return "", -1


def _exclusive(lca: ast.AST, field_a: str, at_a: int, field_b: str, at_b: int) -> bool:
    """The two children of ``lca`` are branches of which at most one runs."""
    if isinstance(lca, ast.If):
        return {field_a, field_b} == {"body", "orelse"}
    if isinstance(lca, ast.Try | ast.TryStar):  # (both in one handler: the handler is the lca)
        return (field_a, field_b) in _EXCLUSIVE_TRY or field_a == field_b == "handlers"
    if isinstance(lca, ast.Match):
        return field_a == field_b == "cases" and at_a != at_b
    return False


def sequential(ctx: FileContext, fn: FunctionNode, a: ast.AST, b: ast.AST) -> bool:
    """``b`` (later in the source) can run after ``a``: not other branches, no return between."""
    chain_a = _chain_up(ctx, a, fn)
    index_a = {id(n): i for i, n in enumerate(chain_a)}
    chain_b = _chain_up(ctx, b, fn)
    lca_pos_b = next((i for i, n in enumerate(chain_b) if id(n) in index_a), None)
    if lca_pos_b is None or lca_pos_b == 0:
        return True  # b contains a, or unrelated
    lca = chain_b[lca_pos_b]
    pos_a = index_a[id(lca)]
    if pos_a == 0:
        return True  # a contains b: a call inside another call's arguments
    child_a, child_b = chain_a[pos_a - 1], chain_b[lca_pos_b - 1]
    field_a, at_a = _field_of(lca, child_a)
    field_b, at_b = _field_of(lca, child_b)
    if _exclusive(lca, field_a, at_a, field_b, at_b):
        return False
    # Does a's path end (return/raise) before it gets back to the level b is on?
    for level in range(pos_a):
        node, parent = chain_a[level], chain_a[level + 1]
        field, at = _field_of(parent, node)
        block = getattr(parent, field, None)
        if at < 0 or not isinstance(block, list):
            continue
        stop = at_b if parent is lca and field == field_b else len(block)
        if any(isinstance(s, ast.Return | ast.Raise) for s in block[at + 1 : stop]):
            return False
    return True

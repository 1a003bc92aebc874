"""setuptools manifests: ``setup.cfg`` (configparser) and ``setup.py`` (its AST; never run).

``setup.py`` counts only what is written literally: a list or tuple of strings, a dict of
them for ``extras_require``, or a module-level name bound to one. Anything computed (read
from a file, built in a loop) makes the declared set incomplete, and the report says so.
"""

from __future__ import annotations

import ast
import configparser
import re
import warnings

from airlock.scan.imports.manifests import DeclaredRequirement, ManifestReport, is_direct_reference, requirement_name
from airlock.scan.imports.names import normalise

__all__ = ["parse_setup_cfg", "parse_setup_py"]

_LIST_KEYS = ("install_requires", "tests_require", "setup_requires")


def parse_setup_cfg(path: str, text: str) -> ManifestReport:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"), inline_comment_prefixes=None)
    try:
        parser.read_string(text, source=path)
    except configparser.Error as exc:
        return ManifestReport(dynamic=f"setup.cfg does not parse: {exc.message}")
    if not (parser.has_section("options") or parser.has_section("metadata")):
        return ManifestReport()
    lines = text.splitlines()
    found: list[DeclaredRequirement] = []

    def add(value: str, section: str, header: str) -> None:
        start = next((i for i, line in enumerate(lines) if line.strip() == f"[{header}]"), 0)
        for raw in value.splitlines():
            item = re.sub(r"\s[#;].*$", "", raw).strip()
            name = requirement_name(item)
            if name:
                line = next((i + 1 for i in range(start, len(lines)) if item in lines[i]), start + 1)
                direct = is_direct_reference(item)
                found.append(DeclaredRequirement(name, normalise(name), path, line, section, direct=direct))

    if parser.has_section("options"):
        for key in _LIST_KEYS:
            if parser.has_option("options", key):
                add(parser.get("options", key), f"[options] {key}", "options")
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            add(value, f"[options.extras_require] {extra}", "options.extras_require")
    return ManifestReport(requirements=tuple(found), declaring=True)


def parse_setup_py(path: str, text: str) -> ManifestReport:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError) as exc:
        return ManifestReport(declaring=True, dynamic=f"setup.py does not parse: {exc}")
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and _is_setup(node.func)]
    if not calls:
        return ManifestReport()
    bound = _module_bindings(tree)
    found: list[DeclaredRequirement] = []
    dynamic: str | None = None
    for call in calls:
        if any(kw.arg is None for kw in call.keywords):
            dynamic = "setup() takes **kwargs: its requirements are computed"
        for kw in call.keywords:
            if kw.arg in _LIST_KEYS:
                items = _string_nodes(kw.value, bound)
                if items is None:
                    dynamic = f"setup({kw.arg}=...) is computed, not a literal list"
                    continue
                found.extend(_declared(items, path, f"setup({kw.arg})"))
            elif kw.arg == "extras_require":
                extras = _resolve_name(kw.value, bound)
                if not isinstance(extras, ast.Dict):
                    dynamic = "setup(extras_require=...) is computed, not a literal dict"
                    continue
                for key, value in zip(extras.keys, extras.values, strict=True):
                    items = _string_nodes(value, bound)
                    extra = str(key.value) if isinstance(key, ast.Constant) else "?"
                    if items is None:
                        dynamic = "setup(extras_require=...) holds a computed list"
                        continue
                    found.extend(_declared(items, path, f"setup(extras_require) {extra}"))
    return ManifestReport(requirements=tuple(found), declaring=True, dynamic=dynamic)


def _is_setup(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )


def _module_bindings(tree: ast.Module) -> dict[str, ast.expr]:
    bound: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            bound[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            bound[node.target.id] = node.value
    return bound


def _resolve_name(value: ast.expr, bound: dict[str, ast.expr]) -> ast.expr:
    return bound.get(value.id, value) if isinstance(value, ast.Name) else value


def _string_nodes(value: ast.expr, bound: dict[str, ast.expr]) -> list[ast.Constant] | None:
    """The string constants of a literal list/tuple (directly or through a module-level name)."""
    value = _resolve_name(value, bound)
    if isinstance(value, ast.List | ast.Tuple):
        items = [e for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return items if len(items) == len(value.elts) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value]
    return None


def _declared(items: list[ast.Constant], path: str, section: str) -> list[DeclaredRequirement]:
    found = []
    for item in items:
        for text in str(item.value).splitlines():
            name = requirement_name(text)
            if name:
                direct = is_direct_reference(text)
                found.append(DeclaredRequirement(name, normalise(name), path, item.lineno, section, direct=direct))
    return found

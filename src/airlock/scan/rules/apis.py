"""The ``unknown-api-member`` rule: attributes and keyword arguments the installed library lacks."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, ClassVar, Final

from airlock.scan.apis.model import ApiMember
from airlock.scan.context import FileContext
from airlock.scan.project import ProjectContext
from airlock.scan.rules.base import Hit, Rule, RuleMeta, RuleStatus

if TYPE_CHECKING:
    from airlock.scan.apis.loader import ApiIndex
    from airlock.scan.apis.uses import Problem

__all__ = ["RULES", "UnknownApiMember"]

# Known confusions, keyed by (where the owner is defined, the keyword or member it invents).
_HINTS: Final = {
    ("httpx._client.Client", "retries"): (
        "retries belong to the transport: `httpx.Client(transport=httpx.HTTPTransport(retries=3))`"
    ),
    ("httpx._client.AsyncClient", "retries"): (
        "retries belong to the transport: `httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(retries=3))`"
    ),
    ("requests.sessions.Session", "timeout"): (
        "a requests Session has no default timeout: pass `timeout=` to each request"
    ),
    ("sqlalchemy.orm.query.Query", "first_or_404"): (
        "`first_or_404` is Flask-SQLAlchemy's; with plain SQLAlchemy use `.first()` and raise a 404 when it is None"
    ),
}
_MAX_LISTED = 8


class UnknownApiMember(Rule):
    """An attribute, function, method or keyword argument that the installed library does not have.

    ## What it does
    Checks every attribute access, `from x import y` and keyword argument on an imported
    standard-library or third-party module (following aliases, `from` imports and simple
    local types such as `s = requests.Session()`) against the API of the version that is
    installed, read statically from its source with griffe. Reports a name the module or
    class does not define, with the closest real names, and a keyword the function or
    constructor does not accept when it takes no `**kwargs`.

    ## Why is this bad?
    The call fails the first time it runs: `AttributeError` or `TypeError` in production,
    often on a rarely taken path (an error handler, a retry, a report) that the demo never
    exercised. AI assistants write APIs that look plausible: methods from another library
    (`Query.first_or_404` is Flask-SQLAlchemy's), keywords from another version
    (`json.loads(..., encoding=...)`) or names that never existed (`datetime.utcnow_aware`).

    ## Example
    ```python
    import httpx

    client = httpx.Client(retries=3)
    ```

    ## Use instead
    ```python
    import httpx

    client = httpx.Client(transport=httpx.HTTPTransport(retries=3))
    ```

    ## Known problems
    Only what the library's source states is checked; anything made at run time is
    skipped rather than guessed: compiled modules that differ by platform (`os`, `socket`,
    `errno`; portable ones such as `math`, `itertools` and `time` are listed by importing
    them, as they are part of the interpreter), modules with a `__getattr__` or that write
    their own globals, classes with metaclasses (enums, Django, pydantic and SQLAlchemy
    models), class decorators, `setattr` with names from the caller, and names the library
    module's code spells anywhere. Keywords that go into a `**kwargs` are not checked
    (`requests.get(url, retries=3)`). A value's type is followed only when the file makes
    it plain (a constructor call, an annotation naming a concrete class, a library return
    annotation, `with` when `__enter__` returns `self`); annotations themselves, lines with
    `# type: ignore`, feature and version checks (`hasattr`, `sys.version_info`,
    `try: ... except AttributeError`) and mocked code are not checked. The library must be
    installed where airlock runs: its version is named in each finding.

    ## References
    - [griffe: static API extraction](https://mkdocstrings.github.io/griffe/)
    - [Python: the import system](https://docs.python.org/3/reference/import.html)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="unknown-api-member",
        category="hallucinated-api",
        summary="An attribute, function or keyword argument that the installed library version does not have.",
        status=RuleStatus.PREVIEW,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        # griffe is imported on first use: commands that never scan do not pay for it.
        from airlock.scan.apis.loader import api_index
        from airlock.scan.apis.uses import find_problems

        index = api_index(_extra_paths(ctx.project))
        for problem in find_problems(ctx, index):
            owner = index.member(problem.owner)
            target = owner.target if isinstance(owner, ApiMember) else problem.owner
            shown = replace(problem, owner=_public_name(index, problem.owner, target))
            yield Hit(problem.node, _message(shown), remedy=_remedy(shown, target))


def _extra_paths(project: ProjectContext) -> tuple[str, ...]:
    """The project's own environment, when the project context names one (searched first)."""
    paths = getattr(project, "site_packages", ())
    return tuple(str(p) for p in paths) if isinstance(paths, tuple | list | frozenset) else ()


def _message(problem: Problem) -> str:
    where = _installed(problem.owner.split(".")[0])
    if problem.keyword:
        if problem.positional_only:
            return f"`{problem.owner}()` takes `{problem.name}` only by position ({where})"
        return f"`{problem.owner}()` has no parameter `{problem.name}` ({where}){_did_you_mean(problem)}"
    return f"`{problem.owner}` has no attribute `{problem.name}` ({where}){_did_you_mean(problem)}"


def _did_you_mean(problem: Problem) -> str:
    pool = problem.known if problem.name.startswith("_") else [k for k in problem.known if not k.startswith("_")]
    close = difflib.get_close_matches(problem.name, pool, n=3, cutoff=0.6)
    if close:
        return "; did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    return ""


def _public_name(index: ApiIndex, owner: str, target: str) -> str:
    """The shortest import path to the same object: ``httpx._models.Response`` → ``httpx.Response``."""
    parts = owner.split(".")
    for depth in range(1, len(parts) - 1):
        short = ".".join((*parts[:depth], parts[-1]))
        found = index.member(short)
        if isinstance(found, ApiMember) and found.target == target:
            return short
    return owner


def _remedy(problem: Problem, target: str) -> str:
    hint = _HINTS.get((target, problem.name))
    if hint:
        return hint[0].upper() + hint[1:] + "."
    if problem.keyword and problem.positional_only:
        return f"Pass `{problem.name}` as a positional argument."
    if problem.keyword:
        listed = ", ".join(f"`{k}`" for k in problem.known[:_MAX_LISTED])
        more = ", ..." if len(problem.known) > _MAX_LISTED else ""
        accepted = f"it accepts {listed}{more}" if listed else "it accepts no keyword arguments"
        return f"Remove `{problem.name}=` or use a parameter the installed version has: {accepted}."
    return (
        f"Use a name `{problem.owner}` has in the installed version (see its documentation), "
        "or pin the version whose API the code was written for."
    )


@lru_cache(maxsize=256)
def _installed(top: str) -> str:
    """The version a finding was checked against: ``requests 2.34.2``, ``Python 3.11``."""
    if top in sys.stdlib_module_names:
        return f"Python {sys.version_info.major}.{sys.version_info.minor} on {sys.platform}"
    for dist in _distributions().get(top, ()):
        try:
            return f"{dist} {metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return "installed version"


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


RULES: tuple[Rule, ...] = (UnknownApiMember(),)

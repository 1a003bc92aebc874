"""The ``deprecated-call`` rule (category ``deprecated-api``): deprecated and removed APIs.

Two sources, both judged against what is installed where airlock runs:

- the versioned table in :mod:`airlock.scan.deprecations` (standard library by Python
  version, the common stack by distribution version), matched through aliases,
  ``from x import y``, simple local types, the file's own classes, decorators and
  pydantic's ``class Config``;
- deprecations the installed libraries declare themselves (PEP 702 ``@deprecated``,
  ``warnings.warn(..., DeprecationWarning)``), read with griffe through
  :mod:`airlock.scan.apis` for calls the table does not know.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from airlock.model import Confidence, Severity
from airlock.scan.context import FileContext
from airlock.scan.deprecations import (
    INDEX,
    PYTHON,
    Condition,
    Environment,
    Kind,
    State,
    Use,
    Verdict,
    find,
    judge,
)
from airlock.scan.deprecations._library import LibraryDeprecations
from airlock.scan.deprecations._library_uses import LibraryUse, library_uses
from airlock.scan.project import ProjectContext
from airlock.scan.rules.base import Hit, Rule, RuleMeta, RuleStatus

if TYPE_CHECKING:
    from airlock.scan.apis import ApiIndex

__all__ = ["RULES", "DeprecatedCall"]


class DeprecatedCall(Rule):
    """A call, import, attribute or keyword that the installed version deprecates or removed.

    ## What it does
    Flags uses of APIs that are deprecated or already removed in the versions installed
    where airlock runs: the standard library of the running Python (`imp`,
    `distutils`, the PEP 594 modules, `datetime.utcnow()` from 3.12,
    `asyncio.get_event_loop()` outside a coroutine, `ssl.wrap_socket`, the
    `collections` ABC aliases, `inspect.getargspec`, ...), and the common stack by
    installed distribution version: pydantic 1 APIs on pydantic 2 (`.dict()`,
    `@validator`, `class Config` with `orm_mode`), SQLAlchemy 1.x APIs on 2.0
    (`sqlalchemy.ext.declarative`, `Query.get`, `engine.execute`,
    `select([...])`), FastAPI's `@app.on_event`, `pkg_resources`, Flask, Django,
    urllib3, httpx, NumPy, pandas and the pre-1.0 `openai` API. It also reads the
    installed libraries' source (never importing them) for functions and classes marked
    `@deprecated` (PEP 702) or that raise a `DeprecationWarning`, `FutureWarning` or
    `PendingDeprecationWarning` when called, module attributes whose module `__getattr__`
    warns (click's `MultiCommand`), modules that warn on import, and functions documented
    with `.. deprecated::`, and quotes the library's notice. Each finding names the
    replacement.

    ## Why is this bad?
    Deprecated APIs work today and break on the next upgrade, often as an
    `AttributeError` or `ImportError` at start-up in production; security fixes then
    ship only in versions the code cannot run on. Some are deprecated because they are
    wrong (`utcnow()` returns a naive datetime). AI assistants learned from years of
    code written against old releases, so they reach for `.dict()`, `on_event` and
    `declarative_base` from `sqlalchemy.ext.declarative` even in new code.

    ## Example
    ```python
    from fastapi import FastAPI
    from pydantic import BaseModel

    app = FastAPI()

    class Order(BaseModel):
        id: int

        class Config:
            orm_mode = True

    @app.on_event("startup")
    def start() -> None: ...

    def dump(order: Order) -> dict:
        return order.dict()
    ```

    ## Use instead
    ```python
    from contextlib import asynccontextmanager

    from fastapi import FastAPI
    from pydantic import BaseModel, ConfigDict

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield

    app = FastAPI(lifespan=lifespan)

    class Order(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        id: int

    def dump(order: Order) -> dict:
        return order.model_dump()
    ```

    ## Known problems
    Versions are those installed where airlock runs; scan in the project's environment.
    When a third-party package is not installed, its entries are still reported, with
    medium confidence and a note that the version is unknown. Objects made in another
    module are typed by shape only (`session.query(M).get(id)`, `engine.execute`,
    `@app.on_event` with FastAPI imported), with medium confidence. Code under a version
    check, in an `except ImportError` fallback or inside `warnings.catch_warnings()` is
    left alone.

    ## References
    - https://docs.python.org/3/deprecations/index.html
    - https://docs.pydantic.dev/latest/migration/
    - https://docs.sqlalchemy.org/en/20/changelog/migration_20.html
    - https://fastapi.tiangolo.com/advanced/events/
    - https://peps.python.org/pep-0702/
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="deprecated-call",
        category="deprecated-api",
        summary="deprecated or removed APIs for the installed Python and libraries, with the replacement",
        status=RuleStatus.PREVIEW,
    )

    def __init__(
        self,
        environment: Environment | None = None,
        apis: ApiIndex | None = None,
        *,
        read_libraries: bool = True,
    ) -> None:
        """``environment``: the versions to judge against (default: this interpreter and its
        installed distributions); ``apis``: the griffe index to read libraries from (default:
        the process's ``api_index()``); ``read_libraries=False`` uses the table only."""
        self._injected = environment
        self._apis = apis
        self._read_libraries = read_libraries
        self._library: LibraryDeprecations | None = None
        self._environments: dict[tuple[str, ...], Environment] = {}

    @property
    def environment(self) -> Environment:
        """The versions judged against when the project names no environment of its own."""
        return self.environment_for(None)

    def environment_for(self, project: ProjectContext | None) -> Environment:
        """The injected environment, else this interpreter with the project's own
        ``site-packages`` searched first for distribution versions (one per process)."""
        if self._injected is not None:
            return self._injected
        extra = _extra_paths(project) if project is not None else ()
        env = self._environments.get(extra)
        if env is None:
            env = Environment.running(paths=[*extra, *sys.path] if extra else None)
            self._environments[extra] = env
        return env

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        env = self.environment_for(ctx.project)
        table_lines: set[int] = set()
        reported: set[int] = set()
        for use in find(ctx, INDEX):
            line = getattr(use.node, "lineno", 0)
            table_lines.add(line)
            verdict = judge(use.entry, env)
            if verdict is None or line in reported:
                continue
            reported.add(line)
            yield _table_hit(use, verdict)
        if self._read_libraries:
            yield from self._library_hits(ctx, table_lines | reported)

    # --- what the installed libraries declare ----------------------------------------------

    def _reader(self, project: ProjectContext) -> LibraryDeprecations:
        apis = self._apis
        if apis is None:
            from airlock.scan.apis import api_index  # griffe loads only when a file needs it

            apis = api_index(_extra_paths(project))  # the index the unknown-api-member rule uses
        if self._library is None or self._library.index is not apis:
            self._library = LibraryDeprecations(apis)
        return self._library

    def _library_hits(self, ctx: FileContext, skip: set[int]) -> Iterator[Hit]:
        reader = self._reader(ctx.project)
        env = self.environment_for(ctx.project)
        for use in library_uses(ctx, INDEX, reader, skip):
            yield _library_hit(use, env)


_INSTRUCTIONS = ("drop ", "pass ", "set ", "run ", "read ", "write ")
_SHAPES = {
    Condition.SYNC_CALL: "outside a coroutine",
    Condition.LIST_ARG: "with a list",
    Condition.STRING_ARG: "with a string literal",
    Condition.NO_ARGS: "without arguments",
    Condition.MAPPING_USE: "used as a dict",
    Condition.SWITCHED_ON: "",
    Condition.TEXT_VALUE: "",
}


def _extra_paths(project: ProjectContext) -> tuple[str, ...]:
    """The project's own environment, searched first, when the project context names one.

    The same key as the unknown-api-member rule's, so that both share one index per process.
    """
    paths = getattr(project, "site_packages", ())
    return tuple(str(p) for p in paths) if isinstance(paths, tuple | list | frozenset) else ()


def _subject(use: Use) -> str:
    """How the message names what the code uses: `name()`, the module, the keyword."""
    entry = use.entry
    if entry.kind is Kind.MODULE:
        return f"the `{entry.label}` module"
    if entry.kind is Kind.KEYWORD:
        return use.detail or f"a keyword of `{entry.label}()`"
    label = entry.label
    if use.called and all(part.isidentifier() for part in label.split(".")):
        label += "()"
    shape = f" {_SHAPES[entry.condition]}" if entry.condition and _SHAPES[entry.condition] else ""
    return f"`{label}`{shape}"


def _instead(replacement: str) -> str:
    """``use X``, unless the replacement is an instruction of its own (``drop the argument``)."""
    return replacement if replacement.startswith(_INSTRUCTIONS) else f"use {replacement}"


def _status(verdict: Verdict) -> str:
    """``was removed in X 2.0 (installed: 2.1)`` / ``is deprecated since X 1.4 and removed in 2.0``."""
    entry = verdict.entry
    scope = verdict.scope_label
    if verdict.state is State.REMOVED:
        return f"was removed in {scope} {entry.removed} (installed: {verdict.installed})"
    text = "is deprecated"
    if entry.since:
        text += f" since {scope} {entry.since}"
        if entry.removed:
            text += f" and removed in {entry.removed}"
    elif entry.removed:
        text += f" and removed in {scope} {entry.removed}"
    if verdict.state is State.UNKNOWN:
        text += f" ({entry.scope} is not installed here, so its version is unknown)"
    elif verdict.installed and entry.scope != PYTHON:
        text += f" (installed: {verdict.installed})"
    return text


def _table_hit(use: Use, verdict: Verdict) -> Hit:
    entry = use.entry
    text = f"{_subject(use)} {_status(verdict)}"
    if use.detail and entry.kind is not Kind.KEYWORD:
        text += f"; {use.detail}"
    text += f": {_instead(entry.replacement)}"
    remedy = f"{_instead(entry.replacement).capitalize()}." + (f" {entry.note}" if entry.note else "")
    confidence = use.confidence
    if verdict.state is State.UNKNOWN and confidence is Confidence.HIGH:
        confidence = Confidence.MEDIUM
    severity = Severity.HIGH if verdict.state is State.REMOVED else None
    return Hit(use.node, text, remedy=remedy, confidence=confidence, severity=severity)


def _library_hit(use: LibraryUse, env: Environment) -> Hit:
    declared = use.declared
    top = use.name.split(".", maxsplit=1)[0]
    if top in sys.stdlib_module_names:
        where = f"Python {env.python_label()}'s `{top}`"
    else:
        version = env.version_of(top)
        where = f"the installed {top} {version}" if version else f"the installed `{top}`"
    subject = f"`{use.name}()`" if use.called else f"`{use.name}`"
    if isinstance(use.node, ast.keyword):
        subject = f"`{use.node.arg}=` of {subject}"
    if declared.how == "@deprecated":
        how = "is marked `@deprecated`"
    elif not declared.certain:
        how = "is documented as deprecated"
    else:
        how = f"raises {declared.how}"
    text = f"{subject} {how} in {where}"
    text += f': "{declared.message}"' if declared.message else f" (`{declared.target}`)"
    remedy = (
        "Follow the library's deprecation notice quoted above (its changelog or migration guide names the "
        "replacement), and run the tests with `-W error::DeprecationWarning` so new deprecations fail CI."
    )
    confidence = Confidence.MEDIUM if declared.keywords or not declared.certain else Confidence.HIGH
    return Hit(use.node, text, remedy=remedy, confidence=confidence)


RULES: tuple[Rule, ...] = (DeprecatedCall(),)

"""The shape of one deprecation, the versions installed here, and the verdict joining them.

An entry says *what* is deprecated (a module, a name, a keyword argument or a shape of
call), *where* the version lives (``python`` or a distribution), *when* it was deprecated,
removed or un-deprecated, and *what to use instead*. :class:`Environment` answers "which
version is installed?"; :func:`judge` joins the two into a :class:`Verdict` or ``None``
(not deprecated in this environment). Nothing here reads source code.
"""

from __future__ import annotations

import enum
import importlib.metadata
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from packaging.version import InvalidVersion, Version

__all__ = ["PYTHON", "Condition", "Deprecation", "Environment", "Kind", "State", "Verdict", "judge"]

PYTHON = "python"
"""The scope of standard-library entries: judged against the running interpreter."""


class Kind(enum.StrEnum):
    """How an entry shows up in code, and so where a finding is reported."""

    MODULE = "module"
    """Importing the module is the problem: reported at each import statement."""
    MOVED = "moved"
    """The same thing lives elsewhere: reported where it is imported from the old place,
    or at each ``module.name`` reference."""
    NAME = "name"
    """A function, class, method, attribute or constant: reported at each reference."""
    KEYWORD = "keyword"
    """A keyword argument of a call (``loop=``, ``orm_mode``): reported at the keyword."""
    PATTERN = "pattern"
    """A shape of code the rule recognises itself (``class Config`` in a pydantic model);
    the entry holds its versions and replacement."""


class Condition(enum.StrEnum):
    """A call shape that a NAME entry needs before it applies."""

    SYNC_CALL = "sync-call"
    """Called outside any ``async def`` (``asyncio.get_event_loop()``)."""
    LIST_ARG = "list-arg"
    """The first positional argument is a list literal (``select([users.c.id])``)."""
    STRING_ARG = "string-arg"
    """The first positional argument is a string literal or f-string (raw SQL, attribute names)."""
    NO_ARGS = "no-args"
    """Called with no arguments at all (``ssl.SSLContext()``)."""
    MAPPING_USE = "mapping-use"
    """The result is used as a dict: subscripted or ``.get(...)`` (``entry_points()["x"]``)."""
    SWITCHED_ON = "switched-on"
    """KEYWORD entries: the value is not the literal ``False`` or ``None`` (``autocommit=True``)."""
    TEXT_VALUE = "text-value"
    """KEYWORD entries: the value is text: a string or bytes literal, an f-string,
    ``json.dumps(...)``, ``str(...)``, ``.encode()``/``.format()`` (``data=json.dumps(x)``)."""


class State(enum.StrEnum):
    """Where the installed version stands."""

    DEPRECATED = "deprecated"
    REMOVED = "removed"
    UNKNOWN = "unknown"
    """The distribution is not installed here: the entry may or may not apply."""


@dataclass(frozen=True, slots=True)
class Deprecation:
    """One row of the versioned table."""

    name: str
    """Canonical qualified name (``datetime.datetime.utcnow``), module name, or pattern id."""
    replacement: str
    """What to use instead, as the message shows it (Markdown code spans)."""
    scope: str = PYTHON
    """``python`` (the standard library) or the distribution that ships it (``pydantic``)."""
    since: str | None = None
    """First version that deprecates it; ``None``: every version (an abandoned package)."""
    removed: str | None = None
    """First version without it, if any."""
    restored: str | None = None
    """The version that took the deprecation back (``importlib.resources.read_text``, 3.13)."""
    kind: Kind = Kind.NAME
    aliases: tuple[str, ...] = ()
    """Other qualified names that reach the same thing (``pydantic.main.BaseModel.dict``)."""
    keywords: tuple[str, ...] = ()
    """KEYWORD entries: the argument names; ``name`` and ``aliases`` are the callables."""
    condition: Condition | None = None
    untyped: bool = False
    """Match ``x.<last part of name>`` by the attribute alone when the type of ``x`` is
    unknown, if the file imports the entry's top-level module (``.getchildren()``). The
    attribute must be rare enough outside that library."""
    display: str | None = None
    """How the message names it; default: the name (with ``()`` when it is called)."""
    note: str | None = None
    """A sentence for the remedy: what changes besides the name, where to read more."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def label(self) -> str:
        return self.display or self.name


@dataclass(frozen=True, slots=True)
class Verdict:
    """An entry that applies in this environment."""

    entry: Deprecation
    state: State
    installed: str | None
    """The installed version (``3.11``, ``2.14.4``), or ``None`` when unknown."""

    @property
    def scope_label(self) -> str:
        return _SCOPE_LABELS.get(self.entry.scope, self.entry.scope)


_SCOPE_LABELS: Mapping[str, str] = {
    PYTHON: "Python",
    "sqlalchemy": "SQLAlchemy",
    "fastapi": "FastAPI",
    "flask": "Flask",
    "django": "Django",
    "werkzeug": "Werkzeug",
    "numpy": "NumPy",
    "pandas": "pandas",
    "setuptools": "setuptools",
    "openai": "openai",
    "tensorflow": "TensorFlow",
}


@dataclass(slots=True)
class Environment:
    """The versions a scan judges against: the interpreter and installed distributions.

    ``Environment.running()`` is the interpreter running airlock and the distributions on
    its ``sys.path`` (or on ``paths``); tests build fixed ones with ``Environment(python=(3,
    12), distributions={"pydantic": "2.7.0"})``. Distribution versions are read on first
    use and remembered for the life of the object (one per process): installed versions do
    not change during a scan.
    """

    python: tuple[int, int] = (sys.version_info.major, sys.version_info.minor)
    distributions: Mapping[str, str | None] | None = None
    """Fixed versions by distribution name (``None``: not installed); ``None`` as a whole:
    ask ``importlib.metadata``."""
    paths: Sequence[str] | None = None
    """Where ``importlib.metadata`` looks (default ``sys.path``)."""
    _seen: dict[str, Version | None] = field(default_factory=dict, repr=False)

    @classmethod
    def running(cls, paths: Sequence[str] | None = None) -> Environment:
        return cls(python=(sys.version_info.major, sys.version_info.minor), paths=paths)

    def python_label(self) -> str:
        return f"{self.python[0]}.{self.python[1]}"

    def version_of(self, distribution: str) -> Version | None:
        """The installed version of ``distribution``, or ``None`` when it is not installed."""
        key = distribution.lower().replace("_", "-")
        if key in self._seen:
            return self._seen[key]
        raw: str | None
        if self.distributions is not None:
            raw = next((v for k, v in self.distributions.items() if k.lower().replace("_", "-") == key), None)
        else:
            raw = _installed(distribution, self.paths)
        try:
            found = Version(raw) if raw else None
        except InvalidVersion:
            found = None
        self._seen[key] = found
        return found


def _installed(distribution: str, paths: Sequence[str] | None) -> str | None:
    try:
        if paths is None:
            return importlib.metadata.version(distribution)
        for dist in importlib.metadata.distributions(name=distribution, path=list(paths)):
            return dist.version
    except (importlib.metadata.PackageNotFoundError, ValueError, OSError):
        return None
    return None


def _python_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def judge(entry: Deprecation, env: Environment) -> Verdict | None:
    """The entry's state in ``env``, or ``None`` when it does not apply there."""
    if entry.scope == PYTHON:
        current = env.python
        if entry.restored and current >= _python_version(entry.restored):
            return None
        if entry.removed and current >= _python_version(entry.removed):
            return Verdict(entry, State.REMOVED, env.python_label())
        if entry.since is None or current >= _python_version(entry.since):
            return Verdict(entry, State.DEPRECATED, env.python_label())
        return None
    installed = env.version_of(entry.scope)
    if entry.since is None and entry.removed is None and entry.restored is None:
        return Verdict(entry, State.DEPRECATED, str(installed) if installed else None)  # every version
    if installed is None:
        return Verdict(entry, State.UNKNOWN, None)
    release = Version(installed.base_version)  # 2.0.0rc1 already has 2.0's deprecations
    if entry.restored and release >= Version(entry.restored):
        return None
    if entry.removed and release >= Version(entry.removed):
        return Verdict(entry, State.REMOVED, str(installed))
    if entry.since is None or release >= Version(entry.since):
        return Verdict(entry, State.DEPRECATED, str(installed))
    return None

"""What the API index answers: typed, frozen values that hold no griffe objects.

Every question has three kinds of answer, and callers must handle all three:

- a fact (``ApiMember``, ``Signature``): the installed library's source says so;
- ``Missing``: the library was read completely and the name is not there;
- ``Unknown``: the index cannot tell (a C extension, a module-level ``__getattr__``,
  an unresolvable base class, a decorator that may rewrite a signature, ...), with the
  reason. Rules never report an ``Unknown``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = [
    "ApiMember",
    "ApiStats",
    "DecoratorRef",
    "MemberKind",
    "Missing",
    "Param",
    "ParamKind",
    "Signature",
    "Unknown",
]


class MemberKind(enum.StrEnum):
    """What a name refers to in the library's source."""

    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    ATTRIBUTE = "attribute"
    TYPE_ALIAS = "type-alias"


class ParamKind(enum.StrEnum):
    """Python's five parameter kinds, as in ``inspect.Parameter``."""

    POSITIONAL_ONLY = "positional-only"
    POSITIONAL_OR_KEYWORD = "positional-or-keyword"
    VAR_POSITIONAL = "var-positional"
    KEYWORD_ONLY = "keyword-only"
    VAR_KEYWORD = "var-keyword"


@dataclass(frozen=True, slots=True)
class Unknown:
    """The index cannot verify this; nothing may be reported about it."""

    reason: str
    """Why, for debugging and stats: ``"no Python source for math"``, ``"module defines __getattr__"``."""


@dataclass(frozen=True, slots=True)
class Missing:
    """The library was read completely and ``name`` is not a member of ``parent``."""

    parent: str
    """Qualified name of the module or class that lacks the member (``requests.Session``)."""
    name: str
    """The missing member (``gett``)."""
    known: tuple[str, ...]
    """The names ``parent`` does have (public first), for "did you mean"."""


@dataclass(frozen=True, slots=True)
class DecoratorRef:
    """One decorator on a class or function, as written in the library."""

    name: str
    """Qualified name of the decorator (the callee for ``@deco(...)``), resolved through the
    module's imports: ``typing_extensions.deprecated``, ``functools.wraps``; the dotted
    text as written when it cannot be resolved; ``""`` for other expressions."""
    text: str
    """The decorator expression's source text, arguments included (``deprecated("use x")``)."""


@dataclass(frozen=True, slots=True)
class ApiMember:
    """A name the installed library defines, as griffe read it statically."""

    qualname: str
    """The path that was asked for (``requests.get``)."""
    target: str
    """Where it is defined, after following re-exports (``requests.api.get``)."""
    kind: MemberKind
    decorators: tuple[DecoratorRef, ...] = ()
    """Decorators on a class or function, outermost first."""
    labels: frozenset[str] = frozenset()
    """griffe's labels: ``property``, ``classmethod``, ``staticmethod``, ``instance-attribute``, ..."""
    filepath: str | None = None
    """The source file it is defined in (``None`` for namespace packages)."""
    lineno: int | None = None
    endlineno: int | None = None


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a function."""

    name: str
    kind: ParamKind
    has_default: bool


@dataclass(frozen=True, slots=True)
class Signature:
    """The parameters a callable accepts; for a class, its constructor's."""

    of: str
    """Qualified name of the function that defines the parameters (``httpx.Client.__init__``)."""
    params: tuple[Param, ...]
    """Every parameter a caller passes, in order; a method's bound ``self``/``cls`` is left out."""
    extra_keywords: tuple[str, ...] = ()
    """Keyword names accepted beyond ``params``: other ``@overload`` variants, dataclass fields."""

    @property
    def takes_var_keyword(self) -> bool:
        """True when the callable has ``**kwargs``: any keyword name is accepted."""
        return any(p.kind is ParamKind.VAR_KEYWORD for p in self.params)

    @property
    def keyword_names(self) -> tuple[str, ...]:
        """Names that may be passed as ``name=value``."""
        named = (p.name for p in self.params if p.kind in (ParamKind.POSITIONAL_OR_KEYWORD, ParamKind.KEYWORD_ONLY))
        return tuple(dict.fromkeys((*named, *self.extra_keywords)))


@dataclass(slots=True)
class ApiStats:
    """Per-process counters of one ``ApiIndex``: what was loaded, what could not be."""

    packages_loaded: int = 0
    modules_loaded: int = 0
    modules_inspected: int = 0
    """Compiled standard-library modules listed by importing them (``math``, ``_datetime``)."""
    packages_evicted: int = 0
    lookups: int = 0
    unknown: int = 0
    """Lookups answered ``Unknown``."""
    unverifiable_keywords: int = 0
    """Keyword arguments that went into a ``**kwargs`` and could not be checked (rules add to it)."""
    failures: dict[str, str] = field(default_factory=dict)
    """Module → why it could not be loaded (``"no Python source"``, ``"LoadingError: ..."``); bounded
    by the number of modules asked for."""

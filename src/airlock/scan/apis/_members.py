"""Walking griffe's objects the way Python looks attributes up: modules, classes and their MRO.

A miss is only ``Missing`` when everything that could add the name at run time has been
ruled out; otherwise it is ``Unknown`` with the reason. What counts as "could add it":
a module-level ``__getattr__``, a ``from x import *`` that cannot be read, writes to
``globals()`` or ``sys.modules``; for classes, an unresolvable base, a metaclass, class
decorators, ``__getattr__``/``__getattribute__``/``__init_subclass__``, ``setattr`` or
``__dict__`` in the class; and, for both, the name appearing anywhere in the defining
module's source (``setattr(cls, "name", ...)``, ``self.name = ...`` outside ``__init__``).
"""

from __future__ import annotations

import builtins
import contextlib
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import griffe

from airlock.scan.apis._dynamic import (
    class_escapes,
    code_words,
    module_adds_names,
    returns_first_argument,
    sets_computed_names,
)
from airlock.scan.apis._griffe import filepath
from airlock.scan.apis.model import (
    ApiMember,
    DecoratorRef,
    MemberKind,
    Missing,
    Unknown,
)

if TYPE_CHECKING:
    from airlock.scan.apis.loader import ApiIndex

__all__ = ["SAFE_CLASS_DECORATORS", "SAFE_METACLASSES", "Found", "Resolver", "is_method"]

Found = griffe.Class | type
_MAX_DEPTH = 24
_DYNAMIC_LOOKUP = ("__getattr__", "__getattribute__")
SAFE_METACLASSES = frozenset({"abc.ABCMeta", "ABCMeta"})
_ABSTRACT_ROOTS = frozenset({"abc.ABC", "typing.Protocol", "typing_extensions.Protocol"})
SAFE_CLASS_DECORATORS = frozenset(
    {"functools.total_ordering", "typing.final", "typing.runtime_checkable", "typing_extensions.final"}
    | {"typing_extensions.runtime_checkable", "typing_extensions.deprecated", "warnings.deprecated"}
    | {"typing.type_check_only", "enum.unique", "dataclasses.dataclass"}
)
_PLATFORM_MODULES = {"os.path": os.path.__name__}
"""``os.path`` is chosen at import time by platform; griffe sees the last branch (ntpath)."""
_MEMBER_KINDS = {
    griffe.Kind.MODULE: MemberKind.MODULE,
    griffe.Kind.CLASS: MemberKind.CLASS,
    griffe.Kind.FUNCTION: MemberKind.FUNCTION,
    griffe.Kind.ATTRIBUTE: MemberKind.ATTRIBUTE,
    griffe.Kind.TYPE_ALIAS: MemberKind.TYPE_ALIAS,
}


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _dotted(text: str) -> bool:
    return bool(text) and all(part.isidentifier() for part in text.split("."))


def _ranked(names: set[str]) -> tuple[str, ...]:
    """Public names first, then private, each sorted: the order "did you mean" prefers."""
    return tuple(sorted(names, key=lambda n: (n.startswith("_"), n)))


class Resolver:
    """Lookups over one ``ApiIndex``'s loaded modules; rebuilt whenever the index starts afresh."""

    def __init__(self, index: ApiIndex) -> None:
        self._index = index
        self._linear: dict[str, tuple[Found, ...] | Unknown] = {}
        # Per module read (bounded like the index, which rebuilds the resolver when it starts afresh):
        self._words: dict[str, frozenset[str]] = {}
        self._adds: dict[str, str | None] = {}

    # --- paths ------------------------------------------------------------------------

    def resolve(self, qualname: str, depth: int = 0) -> griffe.Object | Missing | Unknown:
        """The object at a dotted path, following re-exports and loading submodules."""
        if depth > _MAX_DEPTH:
            return Unknown(f"re-exports of {qualname} nest too deeply")
        parts = qualname.split(".")
        if not all(p.isidentifier() for p in parts):
            return Unknown(f"{qualname!r} is not a dotted name")
        current: griffe.Object | Missing | Unknown = self._index.package(parts[0])
        for index, name in enumerate(parts[1:], start=1):
            if not isinstance(current, griffe.Object):
                return current
            current = self._child(current, ".".join(parts[:index]), name, depth)
        return current

    def _child(self, obj: griffe.Object, path: str, name: str, depth: int) -> griffe.Object | Missing | Unknown:
        platform = _PLATFORM_MODULES.get(f"{path}.{name}")
        if platform is not None:
            return self.resolve(platform, depth + 1)
        member = obj.members.get(name)
        if member is not None:
            return self.deref(member, depth)
        if isinstance(obj, griffe.Module):
            return self._module_member(obj, path, name)
        if isinstance(obj, griffe.Class):
            if obj.analysis == "dynamic":
                return Unknown(f"{path} is a compiled class: only its listed members are known")
            return self._class_member(obj, path, name, depth)
        if _is_dunder(name):
            return Unknown(f"{name} is implicit")
        return Unknown(f"{path} is a {obj.kind.value}: its attributes are not known statically")

    def deref(self, member: griffe.Object | griffe.Alias, depth: int) -> griffe.Object | Missing | Unknown:
        if not isinstance(member, griffe.Alias):
            return member
        target = self.resolve(member.target_path, depth + 1)
        if isinstance(target, Missing):
            return Unknown(f"{member.path} re-exports {member.target_path}, which was not found")
        return target

    def _module_member(self, module: griffe.Module, path: str, name: str) -> griffe.Object | Missing | Unknown:
        sub = self._index.submodule(module, name)
        if sub is not None:
            return sub
        if _is_dunder(name):
            return Unknown(f"{name} is implicit")
        reason = self._index.open_reason(module)
        if reason:
            return Unknown(reason)
        adds = self._module_adds(module)
        if adds:
            return Unknown(f"{path} may add names at run time: {adds}")
        if self._spelled(module, name):
            return Unknown(f"{name!r} appears in the code of {path}")
        known = {n for n, m in module.members.items() if not (isinstance(m, griffe.Alias) and m.wildcard)}
        return Missing(path, name, _ranked(known | self._submodule_names(module)))

    @staticmethod
    def _submodule_names(module: griffe.Module) -> set[str]:
        path = filepath(module)
        if path is None or (not isinstance(path, list) and path.stem != "__init__"):
            return set()
        folders = path if isinstance(path, list) else [path.parent]
        names: set[str] = set()
        for folder in folders:
            entries = _listing(folder)
            names.update(
                entry.name.split(".", 1)[0] for entry in entries if entry.suffix in (".py", ".pyi") or entry.is_dir()
            )
        return {n for n in names if n.isidentifier() and n != "__init__"}

    # --- classes ----------------------------------------------------------------------

    def _class_member(self, cls: griffe.Class, path: str, name: str, depth: int) -> griffe.Object | Missing | Unknown:
        linear = self.linearise(cls, depth)
        if isinstance(linear, Unknown):
            return linear
        for base in linear[1:]:
            if isinstance(base, type):
                if hasattr(base, name):
                    return Unknown(f"{path}.{name} is inherited from builtins.{base.__name__}")
                continue
            member = base.members.get(name)
            if member is not None:
                return self.deref(member, depth)
        if _is_dunder(name):
            return Unknown(f"{name} is implicit")
        reason = self._class_open(linear, name, depth)
        if reason:
            return Unknown(reason)
        known: set[str] = set()
        for base in linear:
            known |= set(dir(base)) if isinstance(base, type) else set(base.members)
        return Missing(path, name, _ranked({n for n in known if not _is_dunder(n)}))

    def linearise(self, cls: griffe.Class, depth: int = 0) -> tuple[Found, ...] | Unknown:
        """The class's MRO (C3), with builtin bases as Python types; ``Unknown`` if a base is unknown."""
        cached = self._linear.get(cls.path)
        if cached is not None:
            return cached
        self._linear[cls.path] = Unknown(f"inheritance cycle through {cls.path}")
        result = self._linearise(cls, depth)
        self._linear[cls.path] = result
        return result

    def _linearise(self, cls: griffe.Class, depth: int) -> tuple[Found, ...] | Unknown:
        bases: list[Found] = []
        for expr in cls.bases:
            base = self._base(cls, expr, depth)
            if isinstance(base, Unknown):
                return Unknown(f"base {expr} of {cls.path}: {base.reason}")
            bases.append(base)
        if not bases:
            return (cls, object)
        lists: list[list[Found]] = []
        for base in bases:
            if isinstance(base, type):
                lists.append(list(base.__mro__))
                continue
            sub = self.linearise(base, depth + 1) if isinstance(base, griffe.Class) else Unknown("not a class")
            if isinstance(sub, Unknown):
                return sub
            lists.append(list(sub))
        try:
            merged = griffe.c3linear_merge(*lists, list(bases))
        except (ValueError, TypeError, IndexError):
            return Unknown(f"no consistent MRO for {cls.path}")
        return (cls, *merged)

    def _base(self, cls: griffe.Class, expr: str | griffe.Expr, depth: int) -> Found | Unknown:
        if isinstance(expr, griffe.ExprSubscript):
            expr = expr.left
        found = self.name_in_scope(str(expr), cls, depth)
        if isinstance(found, type | griffe.Class):
            return found
        if isinstance(found, Unknown):
            return found
        return Unknown(f"{expr} is not a class that can be read")

    def name_in_scope(
        self, text: str, owner: griffe.Object, depth: int = 0
    ) -> griffe.Object | type | Missing | Unknown | None:
        """What ``text`` (``Base``, ``enum.Enum``) names where ``owner``'s header is evaluated:
        enclosing class bodies, then the module, then builtins; ``None`` when it names nothing."""
        if not _dotted(text):
            return Unknown(f"{text!r} is an expression")
        head, _, rest = text.partition(".")
        scope = owner.parent
        while scope is not None:
            member = scope.members.get(head)
            if member is not None:
                base = member.target_path if isinstance(member, griffe.Alias) else member.path
                return self.resolve(f"{base}.{rest}" if rest else base, depth + 1)
            if not isinstance(scope, griffe.Class):
                break
            scope = scope.parent
        value = vars(builtins).get(head)
        if value is None:
            return None
        if rest or not isinstance(value, type):
            return Unknown(f"builtins.{text}")
        return value

    def decorator_name(self, decorator: griffe.Decorator, owner: griffe.Object) -> str:
        """The decorator's qualified name (the callee's for ``@deco(...)``), resolved through imports."""
        expr = decorator.value
        if isinstance(expr, griffe.ExprCall):
            expr = expr.function
        text = str(expr)
        if not _dotted(text):
            return ""
        found = self.name_in_scope(text, owner)
        if isinstance(found, griffe.Object):
            return found.path
        if isinstance(found, type):
            return found.__name__
        if found is None and text in vars(builtins):
            return text
        return text

    def _class_open(self, linear: tuple[Found, ...], name: str, depth: int) -> str | None:
        for index, base in enumerate(linear):
            if isinstance(base, type):
                continue
            if base.analysis == "dynamic":
                return f"{base.path} is a compiled class"
            reason = self._class_dynamic(base, inherited=index > 0)
            if reason:
                return reason
            if self._spelled(base, name):
                return f"{name!r} appears in the code of {base.module.path}"
        return None

    def is_abstract(self, qualname: str) -> bool:
        """An ABC or a Protocol (or unknown): a value declared with it may be a subclass
        with more members, so only a value built from the class itself is checked."""
        cls = self.resolve(qualname)
        if not isinstance(cls, griffe.Class):
            return True
        linear = self.linearise(cls)
        if isinstance(linear, Unknown):
            return True
        for base in linear:
            if isinstance(base, type):
                continue
            if base.path in _ABSTRACT_ROOTS or str(base.keywords.get("metaclass", "")) in SAFE_METACLASSES:
                return True
            for member in base.members.values():
                if isinstance(member, griffe.Function) and "abstractmethod" in member.labels:
                    return True
        return False

    def _spelled(self, obj: griffe.Object, name: str) -> bool:
        """The name appears in the code of the module defining ``obj`` (``self.name = ...`` in a
        method, ``setattr(cls, "name", ...)``): it may exist at run time."""
        module = obj.module
        words = self._words.get(module.path)
        if words is None:
            words = code_words("\n".join(self._index.lines(module)))
            self._words[module.path] = words
        return name in words or "*" in words

    def _module_adds(self, module: griffe.Module) -> str | None:
        if module.path not in self._adds:
            self._adds[module.path] = module_adds_names("\n".join(self._index.lines(module)))
        return self._adds[module.path]

    def _class_dynamic(self, cls: griffe.Class, *, inherited: bool) -> str | None:
        meta = cls.keywords.get("metaclass")
        if meta is not None and str(meta) not in SAFE_METACLASSES:
            return f"{cls.path} has a metaclass ({meta})"
        unsafe = self.unsafe_class_decorator(cls)
        if unsafe:
            return unsafe
        hook = next((h for h in _DYNAMIC_LOOKUP if h in cls.members), None)
        if hook:
            return f"{cls.path} defines {hook}"
        hook_fn = cls.members.get("__init_subclass__")
        if inherited and isinstance(hook_fn, griffe.Function) and class_escapes(hook_fn):
            return f"{cls.path}.__init_subclass__ hands subclasses to other code"
        try:
            source = textwrap.dedent(cls.source)
        except (OSError, ValueError, TypeError, LookupError):
            return f"no source for {cls.path}"
        return f"{cls.path} sets attributes by computed name" if sets_computed_names(source) else None

    def unsafe_class_decorator(self, cls: griffe.Class) -> str | None:
        for decorator in cls.decorators:
            name = self.decorator_name(decorator, cls)
            if name in SAFE_CLASS_DECORATORS:
                continue
            target = self.resolve(name) if _dotted(name) else None
            if isinstance(target, griffe.Function) and returns_first_argument(target):
                continue  # a registration decorator: ``def register(cls): ...; return cls``
            return f"{cls.path} is decorated with @{decorator.value}"
        return None

    # --- the public view --------------------------------------------------------------

    def member(self, qualname: str) -> ApiMember | Missing | Unknown:
        obj = self.resolve(qualname)
        if not isinstance(obj, griffe.Object):
            return obj
        decorators: tuple[DecoratorRef, ...] = ()
        if isinstance(obj, griffe.Function | griffe.Class):
            decorators = tuple(DecoratorRef(self.decorator_name(d, obj), str(d.value)) for d in obj.decorators)
        where = filepath(obj)
        return ApiMember(
            qualname=qualname,
            target=obj.path,
            kind=_MEMBER_KINDS.get(obj.kind, MemberKind.ATTRIBUTE),
            decorators=decorators,
            labels=frozenset(obj.labels),
            filepath=None if where is None or isinstance(where, list) else str(where),
            lineno=obj.lineno,
            endlineno=obj.endlineno,
        )


def _listing(folder: Path) -> list[Path]:
    """A folder's entries; an unreadable folder lists nothing (it only feeds "did you mean")."""
    with contextlib.suppress(OSError):
        return list(folder.iterdir())
    return []


def is_method(fn: griffe.Function) -> bool:
    return isinstance(fn.parent, griffe.Class) and "staticmethod" not in fn.labels

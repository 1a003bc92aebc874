"""Calls into a library: the parameters a callable accepts and the class a call returns.

Built on ``Resolver``: a function's parameters as griffe read them (a method's bound
``self`` left out, ``@overload`` variants merged), a class's constructor along its MRO
(dataclasses included), and the class a plain return annotation names (``-> Response``,
``-> Self``), which lets a rule follow ``httpx.get(...).json()``.
"""

from __future__ import annotations

import griffe

from airlock.scan.apis._dynamic import returns_only_self
from airlock.scan.apis._members import SAFE_METACLASSES, Found, Resolver, is_method
from airlock.scan.apis.model import Missing, Param, ParamKind, Signature, Unknown

__all__ = ["Calls"]

_SAFE_FUNCTION_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "functools.cache", "functools.lru_cache", "functools.wraps"}
    | {"typing.overload", "typing.final", "typing.override", "typing.no_type_check", "abc.abstractmethod"}
    | {"typing_extensions.overload", "typing_extensions.final", "typing_extensions.override"}
    | {"typing_extensions.deprecated", "warnings.deprecated"}
)
_CHANGES_RETURN = frozenset(
    {"contextlib.contextmanager", "contextlib.asynccontextmanager", "property", "functools.cached_property"}
    | {"functools.singledispatch", "functools.partial"}
)
_SELF = frozenset({"Self", "typing.Self", "typing_extensions.Self"})
_KINDS = {
    griffe.ParameterKind.positional_only: ParamKind.POSITIONAL_ONLY,
    griffe.ParameterKind.positional_or_keyword: ParamKind.POSITIONAL_OR_KEYWORD,
    griffe.ParameterKind.var_positional: ParamKind.VAR_POSITIONAL,
    griffe.ParameterKind.keyword_only: ParamKind.KEYWORD_ONLY,
    griffe.ParameterKind.var_keyword: ParamKind.VAR_KEYWORD,
}


class Calls:
    """Signature and return-type questions over one ``Resolver``."""

    def __init__(self, resolver: Resolver) -> None:
        self._r = resolver

    def signature(self, qualname: str) -> Signature | Missing | Unknown:
        obj = self._r.resolve(qualname)
        if isinstance(obj, griffe.Function):
            return self.function_signature(obj)
        if isinstance(obj, griffe.Class):
            return self._constructor(obj)
        if isinstance(obj, Missing | Unknown):
            return obj
        return Unknown(f"{qualname} is a {obj.kind.value}")

    def function_signature(self, fn: griffe.Function) -> Signature | Unknown:
        """Parameters as a caller passes them: a method's ``self``/``cls`` is left out."""
        for decorator in fn.decorators:
            name = self._r.decorator_name(decorator, fn)
            if name not in _SAFE_FUNCTION_DECORATORS and not name.endswith((".setter", ".getter", ".deleter")):
                return Unknown(f"{fn.path} is decorated with @{decorator.value}, which may change its signature")
        if fn.analysis == "dynamic" and not len(fn.parameters):
            return Unknown(f"{fn.path} is compiled and has no signature to read")
        params = tuple(_param(p) for p in fn.parameters)
        if is_method(fn) and params and params[0].kind is not ParamKind.VAR_POSITIONAL:
            params = params[1:]
        extra: list[str] = []
        for variant in fn.overloads or ():
            for p in variant.parameters:
                kind = _kind(p)
                if kind is ParamKind.VAR_KEYWORD:
                    params = (*params, Param(p.name, kind, has_default=True))
                elif kind in (ParamKind.POSITIONAL_OR_KEYWORD, ParamKind.KEYWORD_ONLY):
                    extra.append(p.name)
        return Signature(of=fn.path, params=params, extra_keywords=tuple(dict.fromkeys(extra)))

    def _constructor(self, cls: griffe.Class) -> Signature | Unknown:
        linear = self._r.linearise(cls)
        if isinstance(linear, Unknown):
            return linear
        for base in linear:
            if isinstance(base, type):
                if base is object:
                    return Signature(of="object.__init__", params=())
                return Unknown(f"the constructor of {cls.path} comes from builtins.{base.__name__}")
            if base.analysis == "dynamic":
                return Unknown(f"the constructor of {cls.path} comes from compiled {base.path}")
            meta = base.keywords.get("metaclass")
            if meta is not None and str(meta) not in SAFE_METACLASSES:
                return Unknown(f"{base.path} has a metaclass ({meta})")
            decorators = [self._r.decorator_name(d, base) for d in base.decorators]
            unsafe = self._r.unsafe_class_decorator(base)
            if unsafe:
                return Unknown(unsafe)
            init = base.members.get("__init__")
            if init is not None:
                found = self._r.deref(init, 0)
                if isinstance(found, griffe.Function):
                    return self.function_signature(found)
                return Unknown(f"{base.path}.__init__ is not a plain function")
            if "__new__" in base.members:
                return Unknown(f"{base.path} defines __new__")
            if "dataclasses.dataclass" in decorators:
                return self._dataclass_signature(base, linear)
        return Unknown(f"no constructor found for {cls.path}")

    def _dataclass_signature(self, cls: griffe.Class, linear: tuple[Found, ...]) -> Signature | Unknown:
        for decorator in cls.decorators:
            if "init=False" in str(decorator.value).replace(" ", ""):
                return Unknown(f"{cls.path} is a dataclass without a generated __init__")
        fields: dict[str, None] = {}
        for base in reversed(linear):
            if isinstance(base, griffe.Class):
                for name, member in base.members.items():
                    if isinstance(member, griffe.Attribute) and member.annotation is not None:
                        fields[name] = None
        params = tuple(Param(name, ParamKind.POSITIONAL_OR_KEYWORD, True) for name in fields)
        return Signature(of=f"{cls.path}.__init__", params=params)

    def return_class(self, qualname: str) -> str | None:
        fn = self._r.resolve(qualname)
        if not isinstance(fn, griffe.Function) or fn.returns is None:
            return None
        # Other decorators are trusted to keep a typed function's return type (``@_generative``
        # in SQLAlchemy is typed that way); these ones do not.
        names = {self._r.decorator_name(d, fn) for d in fn.decorators}
        if names & _CHANGES_RETURN or "property" in fn.labels:
            return None
        returns = fn.returns.left if isinstance(fn.returns, griffe.ExprSubscript) else fn.returns
        text = str(returns).strip("'\"").split("[", 1)[0]
        if text in _SELF:
            owner = qualname.rpartition(".")[0]
            return owner if isinstance(self._r.resolve(owner), griffe.Class) else None
        found = self._r.name_in_scope(text, fn)
        return found.path if isinstance(found, griffe.Class) else None

    def enter_class(self, qualname: str, is_async: bool) -> str | None:
        cls = self._r.resolve(qualname)
        if not isinstance(cls, griffe.Class):
            return None
        linear = self._r.linearise(cls)
        if isinstance(linear, Unknown):
            return None
        method = "__aenter__" if is_async else "__enter__"
        for base in linear:
            if isinstance(base, type):
                return None
            member = base.members.get(method)
            if member is None:
                continue
            fn = self._r.deref(member, 0)
            if not isinstance(fn, griffe.Function):
                return None
            if fn.returns is not None and str(fn.returns).strip("'\"") in (_SELF | {cls.name}):
                return qualname
            return qualname if returns_only_self(fn) else None
        return None


def _param(p: griffe.Parameter) -> Param:
    return Param(p.name, _kind(p), p.default is not None)


def _kind(p: griffe.Parameter) -> ParamKind:
    return (
        _KINDS.get(p.kind, ParamKind.POSITIONAL_OR_KEYWORD) if p.kind is not None else ParamKind.POSITIONAL_OR_KEYWORD
    )

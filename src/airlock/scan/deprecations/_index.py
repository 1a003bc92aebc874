"""Lookup structures over the table, built once per process and frozen.

A rule asks cheap questions first (is this attribute's last part in any entry? does this
call pass a keyword any entry names? does the file import a module any entry lives in?)
and resolves names only when the answer is yes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from airlock.scan.deprecations._model import Deprecation, Kind

__all__ = ["CANONICAL", "Index", "build_index", "canonical", "canonical_member"]

# Factories and re-exports → the class the table is written against, so that
# ``engine = create_engine(...)`` makes ``engine.execute`` ``sqlalchemy.engine.Engine.execute``
# and a model deriving from ``pydantic_settings.BaseSettings`` has ``BaseModel``'s methods.
CANONICAL: Mapping[str, str] = MappingProxyType(
    {
        "pydantic.main.BaseModel": "pydantic.BaseModel",
        "pydantic_settings.BaseSettings": "pydantic.BaseModel",
        "pydantic_settings.main.BaseSettings": "pydantic.BaseModel",
        "sqlmodel.SQLModel": "pydantic.BaseModel",
        "sqlmodel.main.SQLModel": "pydantic.BaseModel",
        "unittest.case.TestCase": "unittest.TestCase",
        "unittest.IsolatedAsyncioTestCase": "unittest.TestCase",
        "django.test.TestCase": "unittest.TestCase",
        "django.test.SimpleTestCase": "unittest.TestCase",
        "django.test.TransactionTestCase": "unittest.TestCase",
        "sqlalchemy.create_engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.engine.create_engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.Engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.engine.base.Engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.engine.Engine.connect": "sqlalchemy.engine.Connection",
        "sqlalchemy.engine.Engine.begin": "sqlalchemy.engine.Connection",
        "sqlalchemy.Connection": "sqlalchemy.engine.Connection",
        "sqlalchemy.engine.base.Connection": "sqlalchemy.engine.Connection",
        "sqlalchemy.orm.session.Session": "sqlalchemy.orm.Session",
        "sqlalchemy.orm.Session.query": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.scoped_session.query": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.query.Query": "sqlalchemy.orm.Query",
        "fastapi.applications.FastAPI": "fastapi.FastAPI",
        "fastapi.routing.APIRouter": "fastapi.APIRouter",
        "flask.app.Flask": "flask.Flask",
        "xml.etree.ElementTree.parse": "xml.etree.ElementTree.ElementTree",
        "xml.etree.ElementTree.ElementTree.getroot": "xml.etree.ElementTree.Element",
        "xml.etree.ElementTree.fromstring": "xml.etree.ElementTree.Element",
        "xml.etree.ElementTree.XML": "xml.etree.ElementTree.Element",
        "xml.etree.ElementTree.SubElement": "xml.etree.ElementTree.Element",
        "threading.Timer": "threading.Thread",
        "pathlib.PosixPath": "pathlib.Path",
        "pathlib.WindowsPath": "pathlib.Path",
        "django.http.request.HttpRequest": "django.http.HttpRequest",
        "django.core.handlers.wsgi.WSGIRequest": "django.http.HttpRequest",
        "pandas.core.frame.DataFrame": "pandas.DataFrame",
        "pandas.core.series.Series": "pandas.Series",
        **{f"pandas.read_{kind}": "pandas.DataFrame" for kind in ("csv", "excel", "json", "sql", "parquet", "table")},
    }
)


def canonical(qualname: str) -> str:
    """A class's name as the table writes it: its longest known prefix rewritten, repeatedly."""
    for _ in range(4):
        parts = qualname.split(".")
        for cut in range(len(parts), 1, -1):
            target = CANONICAL.get(".".join(parts[:cut]))
            if target is not None:
                qualname = ".".join((target, *parts[cut:]))
                break
        else:
            return qualname
    return qualname


def canonical_member(qualname: str) -> str:
    """A member's name as the table writes it: the owner rewritten, the member kept.

    ``sqlalchemy.create_engine.execute`` → ``sqlalchemy.engine.Engine.execute``, while
    ``pandas.read_csv`` stays itself (it is the call, not the type it returns).
    """
    owner, dot, member = qualname.rpartition(".")
    return f"{canonical(owner)}.{member}" if dot else qualname


@dataclass(frozen=True, slots=True)
class Index:
    """Entries by the ways code reaches them."""

    by_name: Mapping[str, Deprecation]
    """NAME, MOVED and MODULE entries by each of their names."""
    modules: Mapping[str, Deprecation]
    """MODULE entries by module name (``distutils``, ``pkg_resources``)."""
    keywords: Mapping[str, tuple[Deprecation, ...]]
    """KEYWORD entries by the callable's qualified name."""
    patterns: Mapping[str, Deprecation]
    """PATTERN entries by id."""
    untyped: Mapping[str, tuple[Deprecation, ...]]
    """Entries matched by attribute name alone when the receiver's type is unknown."""
    finals: frozenset[str]
    """The last part of every NAME/MOVED name: attributes worth resolving."""
    owners: Mapping[str, frozenset[str]]
    """Last part → top-level modules of the classes that own it (``dict`` → ``pydantic``): a
    file that imports none of them cannot reach the entry through its own classes."""
    keyword_names: frozenset[str]
    """Every keyword any KEYWORD entry names."""
    tops: frozenset[str]
    """Top-level modules the entries live in (and module aliases such as ``pydantic_settings``)."""

    def module_of(self, dotted: str) -> Deprecation | None:
        """The MODULE entry covering ``dotted`` or one of its parent packages."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            found = self.modules.get(".".join(parts[:cut]))
            if found is not None:
                return found
        return None


def build_index(entries: Iterable[Deprecation]) -> Index:
    by_name: dict[str, Deprecation] = {}
    modules: dict[str, Deprecation] = {}
    keywords: dict[str, list[Deprecation]] = defaultdict(list)
    patterns: dict[str, Deprecation] = {}
    untyped: dict[str, list[Deprecation]] = defaultdict(list)
    tops: set[str] = set()
    keyword_names: set[str] = set()
    for entry in entries:
        if entry.kind is Kind.PATTERN:
            if entry.name in patterns:
                raise ValueError(f"duplicate pattern {entry.name}")
            patterns[entry.name] = entry
            continue
        for name in entry.names:
            tops.add(name.split(".")[0])
            if entry.kind is Kind.KEYWORD:
                keywords[name].append(entry)
                continue
            if name in by_name:
                raise ValueError(f"duplicate deprecation entry {name}")
            by_name[name] = entry
            if entry.kind is Kind.MODULE:
                modules[name] = entry
        if entry.kind is Kind.KEYWORD:
            keyword_names.update(entry.keywords)
        if entry.untyped:
            untyped[entry.name.rsplit(".", 1)[-1]].append(entry)
    tops.update(key.split(".")[0] for key in CANONICAL)
    finals = frozenset(name.rsplit(".", 1)[-1] for name, e in by_name.items() if e.kind is not Kind.MODULE)
    via: dict[str, set[str]] = defaultdict(set)  # pydantic ← pydantic_settings, sqlmodel
    for alias, target in CANONICAL.items():
        via[target.split(".")[0]].add(alias.split(".")[0])
    owners: dict[str, set[str]] = defaultdict(set)
    for name, e in by_name.items():
        if e.kind is not Kind.MODULE:
            top = name.split(".")[0]
            owners[name.rsplit(".", 1)[-1]].update({top, *via[top]})
    return Index(
        by_name=MappingProxyType(by_name),
        modules=MappingProxyType(modules),
        keywords=MappingProxyType({k: tuple(v) for k, v in keywords.items()}),
        patterns=MappingProxyType(patterns),
        untyped=MappingProxyType({k: tuple(v) for k, v in untyped.items()}),
        finals=finals,
        owners=MappingProxyType({k: frozenset(v) for k, v in owners.items()}),
        keyword_names=frozenset(keyword_names),
        tops=frozenset(tops),
    )

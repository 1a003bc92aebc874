"""The deprecated-call rule: every table entry, the version logic both ways, and griffe markers.

The installed versions are injected (``Environment(python=..., distributions=...)``), so
version-dependent entries are tested on both sides of their version whatever Python and
packages run the tests. The fixture files in ``tests/rules/fixtures/deprecated-call`` hold
the syntactic forms against the real environment.
"""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.version import Version

from airlock.model import Confidence, Finding, Severity
from airlock.scan.analyse import analyse_source
from airlock.scan.apis import api_index
from airlock.scan.context import FileContext
from airlock.scan.deprecations import (
    INDEX,
    PYTHON,
    TABLE,
    Condition,
    Deprecation,
    Environment,
    Kind,
    State,
    build_index,
    judge,
)
from airlock.scan.project import ProjectContext
from airlock.scan.rules.deprecations import DeprecatedCall

PY311 = Environment(python=(3, 11), distributions={})
PY312 = Environment(python=(3, 12), distributions={})


def scan(code: str, env: Environment = PY311) -> list[Finding]:
    """The table's findings only: no griffe."""
    rule = DeprecatedCall(env, read_libraries=False)
    return sorted(analyse_source("example.py", textwrap.dedent(code).encode(), [rule]), key=lambda f: f.line)


def lines(findings: list[Finding]) -> list[int]:
    return sorted(f.line for f in findings)


# --- the table itself ----------------------------------------------------------------------


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


@pytest.mark.parametrize("entry", TABLE, ids=lambda e: e.name)
def test_entry_is_well_formed(entry: Deprecation) -> None:
    assert entry.replacement.strip(), "every entry names its replacement"
    if entry.since and entry.removed and entry.scope == PYTHON:
        assert _version(entry.since) <= _version(entry.removed)
    if entry.kind is Kind.KEYWORD:
        assert entry.keywords
    else:
        assert not entry.keywords


def test_index_rejects_a_duplicate_name() -> None:
    twice = (Deprecation("a.b", "`a.c`"), Deprecation("a.b", "`a.d`"))
    with pytest.raises(ValueError, match=r"duplicate deprecation entry a\.b"):
        build_index(twice)


def _before(entry: Deprecation) -> Environment | None:
    """An environment just before the entry was deprecated (``None``: there is none)."""
    if entry.since is None:
        return None
    if entry.scope == PYTHON:
        major, minor = _version(entry.since)[:2]
        return Environment(python=(major, minor - 1) if minor else (major - 1, 99), distributions={})
    return Environment(python=(3, 11), distributions={entry.scope: "0.0.1"})


def _at(entry: Deprecation, version: str | None) -> Environment:
    if entry.scope == PYTHON:
        python = _version(version)[:2] if version else (3, 11)
        return Environment(python=(python[0], python[1]), distributions={})
    return Environment(python=(3, 11), distributions={entry.scope: version or "1.0"})


def _snippet(entry: Deprecation) -> tuple[str, int]:
    """Code that uses the entry, and the line that must fire."""
    module, _, last = entry.name.rpartition(".")
    top = entry.name.split(".")[0]
    if entry.kind is Kind.MODULE:
        return f"import {entry.name}\n", 1
    if entry.kind is Kind.MOVED:
        return f"from {module} import {last}\n", 1
    if entry.kind is Kind.KEYWORD:
        value = "'text'" if entry.condition is Condition.TEXT_VALUE else "True"
        return f"import {top}\n{entry.name}(1, {entry.keywords[0]}={value})\n", 2
    use = {
        None: f"value = {entry.name}",
        Condition.SYNC_CALL: f"{entry.name}()",
        Condition.LIST_ARG: f"{entry.name}([1])",
        Condition.STRING_ARG: f"{entry.name}('text')",
        Condition.NO_ARGS: f"{entry.name}()",
        Condition.MAPPING_USE: f"{entry.name}()['group']",
    }[entry.condition]
    return f"import {top}\n{use}\n", 2


TESTED = [e for e in TABLE if e.kind is not Kind.PATTERN]


@pytest.mark.parametrize("entry", TESTED, ids=lambda e: f"{e.name}:{'/'.join(e.keywords)}")
def test_every_entry_fires_from_its_version_with_its_replacement(entry: Deprecation) -> None:
    code, line = _snippet(entry)
    deprecated = scan(code, _at(entry, entry.since))
    assert [f.line for f in deprecated] == [line], code
    assert entry.replacement in deprecated[0].message
    assert deprecated[0].rule_id == "deprecated-call"
    assert deprecated[0].category == "deprecated-api"
    if entry.removed:
        removed = scan(code, _at(entry, entry.removed))
        if entry.restored is None or _version(entry.restored) > _version(entry.removed):
            assert [f.severity for f in removed] == [Severity.HIGH]
            assert f"was removed in {removed[0].message.split(' was removed in ')[1]}".startswith("was removed in ")
            assert f" {entry.removed} (installed: " in removed[0].message


@pytest.mark.parametrize("entry", [e for e in TESTED if e.since], ids=lambda e: f"{e.name}:{'/'.join(e.keywords)}")
def test_no_entry_fires_before_its_version(entry: Deprecation) -> None:
    code, _ = _snippet(entry)
    env = _before(entry)
    assert env is not None
    assert scan(code, env) == []


# --- the version logic, both ways --------------------------------------------------------------


def test_utcnow_is_deprecated_from_python_312_only() -> None:
    code = """\
        import datetime
        from datetime import datetime as dt

        a = datetime.datetime.utcnow()
        b = dt.utcfromtimestamp(0)
        c = dt.now(datetime.UTC)
    """
    assert scan(code, PY311) == []
    found = scan(code, PY312)
    assert lines(found) == [4, 5]
    assert found[0].message == (
        "`datetime.datetime.utcnow()` is deprecated since Python 3.12: use `datetime.datetime.now(datetime.UTC)`"
    )
    assert found[0].severity is Severity.MEDIUM


def test_the_running_interpreter_is_the_default() -> None:
    rule = DeprecatedCall()
    assert rule.environment.python == sys.version_info[:2]
    code = b"import datetime\ndatetime.datetime.utcnow()\n"
    found = analyse_source("x.py", code, [DeprecatedCall(read_libraries=False)])
    assert bool(found) is (sys.version_info >= (3, 12))


def test_a_removed_module_is_deprecated_before_and_high_severity_after() -> None:
    before = scan("import imp\n", PY311)
    after = scan("import imp\n", PY312)
    assert before[0].message.startswith("the `imp` module is deprecated since Python 3.4 and removed in 3.12")
    assert before[0].severity is Severity.MEDIUM
    assert after[0].message.startswith("the `imp` module was removed in Python 3.12 (installed: 3.12)")
    assert after[0].severity is Severity.HIGH


def test_importlib_resources_legacy_functions_were_restored_in_313() -> None:
    code = "import importlib.resources\nimportlib.resources.read_text('pkg', 'data.txt')\n"
    assert lines(scan(code, Environment(python=(3, 10), distributions={}))) == []
    assert lines(scan(code, Environment(python=(3, 11), distributions={}))) == [2]
    assert lines(scan(code, Environment(python=(3, 12), distributions={}))) == [2]
    assert lines(scan(code, Environment(python=(3, 13), distributions={}))) == []
    contents = "import importlib.resources\nimportlib.resources.contents('pkg')\n"
    assert lines(scan(contents, Environment(python=(3, 13), distributions={}))) == [2]


@pytest.mark.parametrize(
    ("installed", "state"),
    [("66.0.0", None), ("67.5.0", State.DEPRECATED), ("80.9.0", State.DEPRECATED), ("82.0.0", State.REMOVED)],
)
def test_pkg_resources_follows_the_installed_setuptools(installed: str, state: State | None) -> None:
    env = Environment(distributions={"setuptools": installed})
    verdict = judge(INDEX.modules["pkg_resources"], env)
    assert (verdict.state if verdict else None) is state
    found = scan("import pkg_resources\n", env)
    assert len(found) == (0 if state is None else 1)


def test_pydantic_v1_api_is_silent_on_pydantic_1() -> None:
    code = """\
        from pydantic import BaseModel

        class User(BaseModel):
            name: str

            class Config:
                orm_mode = True

        def dump(user: User) -> dict:
            return user.dict()
    """
    assert scan(code, Environment(distributions={"pydantic": "1.10.13"})) == []
    found = scan(code, Environment(distributions={"pydantic": "2.5.3"}))
    assert lines(found) == [7, 10]
    assert found[0].message == (
        "`class Config` is deprecated since pydantic 2.0 (installed: 2.5.3); `orm_mode` is now "
        "`from_attributes`: use `model_config = ConfigDict(...)`"
    )
    assert found[1].message.startswith("`BaseModel.dict()` is deprecated since pydantic 2.0 (installed: 2.5.3)")


def test_an_uninstalled_library_is_reported_with_medium_confidence_and_says_so() -> None:
    code = """\
        from fastapi import FastAPI

        app = FastAPI()

        @app.on_event("startup")
        def start() -> None: ...
    """
    unknown = scan(code, Environment(distributions={"fastapi": None}))
    assert [f.confidence for f in unknown] == [Confidence.MEDIUM]
    assert "(fastapi is not installed here, so its version is unknown)" in unknown[0].message
    installed = scan(code, Environment(distributions={"fastapi": "0.115.0"}))
    assert [f.confidence for f in installed] == [Confidence.HIGH]
    assert "(installed: 0.115.0)" in installed[0].message
    assert scan(code, Environment(distributions={"fastapi": "0.92.0"})) == []


def test_an_abandoned_package_is_deprecated_in_every_version() -> None:
    found = scan("import aioredis\n", Environment(distributions={}))
    assert found[0].confidence is Confidence.HIGH
    assert "use `redis.asyncio`" in found[0].message


def test_numpy_aliases_removed_in_124_and_bool_back_in_20() -> None:
    code = "import numpy as np\na = np.float\nb = np.bool\n"
    assert lines(scan(code, Environment(distributions={"numpy": "1.19.5"}))) == []
    assert lines(scan(code, Environment(distributions={"numpy": "1.26.4"}))) == [2, 3]
    assert lines(scan(code, Environment(distributions={"numpy": "2.1.0"}))) == [2]


# --- syntactic forms and compatibility code --------------------------------------------------


def test_forms_of_reference() -> None:
    code = """\
        import inspect as ins
        from inspect import getargspec
        from inspect import getargspec as spec
        import collections

        ins.getargspec(print)
        getargspec(print)
        spec(print)
        f = collections.Callable
    """
    found = scan(code)
    assert lines(found) == [6, 7, 8, 9]
    assert found[0].message.startswith("`inspect.getargspec()` was removed in Python 3.11 (installed: 3.11)")
    assert found[3].message.startswith("`collections.Callable` was removed in Python 3.10")


def test_an_unused_from_import_is_reported_at_the_import() -> None:
    assert lines(scan("from inspect import getargspec\n")) == [1]


def test_one_finding_per_line() -> None:
    found = scan("import inspect, base64\nx = (inspect.getargspec(print), base64.encodestring(b''))\n")
    assert lines(found) == [2]


def test_compatibility_code_is_left_alone() -> None:
    code = """\
        import sys
        import warnings

        try:
            from collections.abc import Mapping
        except ImportError:
            from collections import Mapping

        if sys.version_info >= (3, 10):
            import importlib as imp
        else:
            import imp

        with warnings.catch_warnings():
            import inspect
            inspect.getargspec(print)

        try:
            spec = inspect.getargspec(print)
        except AttributeError:
            spec = inspect.getfullargspec(print)
    """
    found = scan(code)
    assert lines(found) == [19]
    assert found[0].confidence is Confidence.LOW


def test_get_event_loop_in_a_coroutine_is_fine() -> None:
    code = """\
        import asyncio

        async def inside() -> None:
            asyncio.get_event_loop()

        def outside() -> None:
            asyncio.get_event_loop().run_until_complete(inside())
    """
    found = scan(code)
    assert lines(found) == [7]
    assert found[0].confidence is Confidence.MEDIUM
    assert found[0].message.startswith("`asyncio.get_event_loop()` outside a coroutine is deprecated since Python 3.10")


def test_local_classes_carry_their_library_ancestors() -> None:
    code = """\
        import unittest
        from pydantic import BaseModel

        class Base(BaseModel):
            pass

        class Order(Base):
            id: int

            def payload(self) -> dict:
                return self.dict()

        def load(raw: dict) -> "Order":
            order = Order.parse_obj(raw)
            return order.copy()

        class Case(unittest.TestCase):
            def test(self) -> None:
                self.assertDictContainsSubset({}, {})
    """
    found = scan(code, Environment(python=(3, 11), distributions={"pydantic": "2.7.0"}))
    assert lines(found) == [11, 14, 15, 19]


# --- what installed libraries declare (griffe) --------------------------------------------------

FAKE_LIBRARY = {
    "__init__.py": '''\
        import warnings
        from typing_extensions import deprecated

        from fakelib_airlock.clients import Client, OldClient


        @deprecated("old_func is deprecated; use new_func instead")
        def old_func():
            return new_func()


        def new_func():
            return 1


        def warned(x=1):
            """Docstring first."""
            warnings.warn(
                "warned() is deprecated, " "use fresh() instead",
                DeprecationWarning,
                stacklevel=2,
            )
            return x


        def future():
            warnings.warn(f"future() changes in {2}.0; pass strict=True", FutureWarning)


        def user_warning():
            warnings.warn("this is just a user warning", UserWarning)


        def maybe(new=None, old=None):
            if old is not None:
                warnings.warn("the old= argument is deprecated; use new=", DeprecationWarning)
            return new or old


        def fine():
            return 2


        def _deprecated():
            warnings.warn("helpers are deprecated; use tools", DeprecationWarning, stacklevel=3)


        def helper():
            _deprecated()
            return 3


        def documented():
            """Do the old thing.

            .. deprecated:: 1.4
               Use :func:`new_func` instead.
            """


        def with_parameter(value, legacy=None):
            """Do the thing.

            .. deprecated:: 1.2
               The ``legacy`` parameter is ignored.
            """


        def options(url, **extra):
            if extra:
                warnings.warn("extra keyword arguments are deprecated", DeprecationWarning)


        def __getattr__(name):
            if name == "OldName":
                warnings.warn("OldName is deprecated; use NewName", DeprecationWarning)
                return new_func
            aliases = {"old_a": 1, "old_b": 2}
            found = aliases.get(name)
            if found is not None:
                warnings.warn(f"{name} is deprecated", FutureWarning)
                return found
            raise AttributeError(name)
    ''',
    "legacy.py": """\
        import warnings

        warnings.warn("fakelib_airlock.legacy is deprecated; use fakelib_airlock.clients", DeprecationWarning)

        VALUE = 1
    """,
    "clients.py": """\
        import warnings

        from typing_extensions import deprecated


        @deprecated("OldClient is deprecated; use Client")
        class OldClient:
            pass


        class Client:
            def __init__(self, url=None):
                warnings.warn("Client() is deprecated; use connect()", PendingDeprecationWarning)
                self.url = url
    """,
}


@pytest.fixture
def fake_library(tmp_path: Path) -> Path:
    package = tmp_path / "fakelib_airlock"
    package.mkdir()
    for name, text in FAKE_LIBRARY.items():
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_library_markers_are_read_from_source_without_importing(fake_library: Path) -> None:
    code = """\
        import fakelib_airlock as fl
        from fakelib_airlock import OldClient, old_func
        from fakelib_airlock.clients import Client

        old_func()
        fl.warned()
        fl.future()
        fl.user_warning()
        fl.maybe(new=1)
        fl.maybe(old=1)
        OldClient()
        Client("http://x")
        fl.fine()
        fl.new_func()
    """
    rule = DeprecatedCall(PY311, apis=api_index((str(fake_library),)))
    found = analyse_source("example.py", textwrap.dedent(code).encode(), [rule])
    by_line = {f.line: f for f in found}
    assert sorted(by_line) == [5, 6, 7, 10, 11, 12]
    assert by_line[5].message == (
        "`fakelib_airlock.old_func()` is marked `@deprecated` in the installed `fakelib_airlock`: "
        '"old_func is deprecated; use new_func instead"'
    )
    assert by_line[6].message == (
        "`fakelib_airlock.warned()` raises DeprecationWarning in the installed `fakelib_airlock`: "
        '"warned() is deprecated, use fresh() instead"'
    )
    assert 'raises FutureWarning in the installed `fakelib_airlock`: "future() changes in {...}.0' in by_line[7].message
    assert by_line[10].message.startswith("`old=` of `fakelib_airlock.maybe()` raises DeprecationWarning")
    assert by_line[10].confidence is Confidence.MEDIUM
    assert by_line[10].column == len("fl.maybe(") + 1  # the keyword itself
    assert '"OldClient is deprecated; use Client"' in by_line[11].message
    assert '"Client() is deprecated; use connect()"' in by_line[12].message
    assert "PendingDeprecationWarning" in by_line[12].message
    assert "fakelib_airlock" not in sys.modules


def test_helpers_docstrings_module_getattr_and_imports(fake_library: Path) -> None:
    code = """\
        import fakelib_airlock
        import fakelib_airlock.legacy
        from fakelib_airlock import OldName

        fakelib_airlock.helper()
        fakelib_airlock.documented()
        fakelib_airlock.with_parameter(1, legacy=2)
        fakelib_airlock.options("u", timeout=1)
        fakelib_airlock.options("u")
        x = fakelib_airlock.old_a
        y = fakelib_airlock.not_deprecated
    """
    rule = DeprecatedCall(PY311, apis=api_index((str(fake_library),)))
    found = {f.line: f for f in analyse_source("example.py", textwrap.dedent(code).encode(), [rule])}
    assert sorted(found) == [2, 3, 5, 6, 8, 10]
    assert '"fakelib_airlock.legacy is deprecated; use fakelib_airlock.clients"' in found[2].message
    assert found[3].message.startswith("`fakelib_airlock.OldName` raises DeprecationWarning")
    assert '"helpers are deprecated; use tools"' in found[5].message
    assert found[6].message == (
        "`fakelib_airlock.documented()` is documented as deprecated in the installed `fakelib_airlock`: "
        '"deprecated since 1.4: Use :func:`new_func` instead."'
    )
    assert found[6].confidence is Confidence.MEDIUM
    assert found[8].message.startswith("`timeout=` of `fakelib_airlock.options()` raises DeprecationWarning")
    assert found[10].message.startswith("`fakelib_airlock.old_a` raises FutureWarning")


def test_the_table_decides_before_the_library_source(fake_library: Path) -> None:
    """pydantic 2 marks ``.dict()`` ``@deprecated`` too; the table's finding (with versions) wins."""
    code = """\
        from pydantic import BaseModel

        class User(BaseModel):
            name: str

        def dump(user: User) -> dict:
            return user.dict()
    """
    rule = DeprecatedCall(Environment(python=(3, 11), distributions={"pydantic": "1.10.0"}))
    assert analyse_source("x.py", textwrap.dedent(code).encode(), [rule]) == []


def test_libraries_can_be_left_out(fake_library: Path) -> None:
    code = "import fakelib_airlock\nfakelib_airlock.old_func()\n"
    rule = DeprecatedCall(PY311, apis=api_index((str(fake_library),)), read_libraries=False)
    assert analyse_source("x.py", code.encode(), [rule]) == []


def test_models_of_pydantic_settings_and_sqlmodel_are_pydantic_models() -> None:
    code = """\
        from pydantic_settings import BaseSettings
        from sqlmodel import SQLModel

        class Settings(BaseSettings):
            debug: bool = False

        class Hero(SQLModel):
            name: str

        def dump(settings: Settings, hero: Hero) -> tuple[dict, dict]:
            return settings.dict(), hero.json()
    """
    found = scan(code, Environment(python=(3, 11), distributions={"pydantic": "2.7.0"}))
    assert lines(found) == [11]
    assert found[0].message.startswith("`BaseModel.dict()` is deprecated since pydantic 2.0")


def test_a_deprecated_module_importing_its_own_parts_is_not_reported() -> None:
    code = b"import asyncore\nfrom distutils.errors import DistutilsError\n"
    rule = DeprecatedCall(PY311, read_libraries=False)
    stdlib = ProjectContext(local_modules=frozenset({"distutils", "smtpd", "app"}))
    assert analyse_source("Lib/distutils/core.py", code, [rule], stdlib) == []
    assert analyse_source("smtpd.py", code, [rule], stdlib) == []
    app = ProjectContext(local_modules=frozenset({"app"}))
    assert len(analyse_source("app/main.py", code, [rule], app)) == 2


def test_a_project_module_named_like_a_removed_one_is_not_reported() -> None:
    code = b"import parser\nfrom formatter import render\nimport imp\n"
    project = ProjectContext(local_modules=frozenset({"parser", "formatter", "app"}))
    found = analyse_source("app/main.py", code, [DeprecatedCall(PY311, read_libraries=False)], project)
    assert [f.line for f in found] == [3]


def test_a_function_level_import_does_not_leak_into_the_module() -> None:
    code = """\
        from typing import Pattern

        def uses_module_level() -> type:
            return Pattern

        def imports_its_own() -> type:
            from typing.re import Pattern
            return Pattern
    """
    assert lines(scan(code)) == [8]


def test_code_that_expects_the_failure_is_left_alone() -> None:
    code = """\
        import asyncio
        import pytest

        def test_loop_argument_is_gone() -> None:
            with pytest.raises(TypeError):
                asyncio.Lock(loop=None)
    """
    assert scan(code) == []


def test_the_documented_example_fires_and_its_fix_does_not() -> None:
    doc = DeprecatedCall.__doc__ or ""
    example = doc.split("## Example")[1].split("```python")[1].split("```")[0]
    fixed = doc.split("## Use instead")[1].split("```python")[1].split("```")[0]
    env = Environment(python=(3, 11), distributions={"pydantic": "2.7.0", "fastapi": "0.115.0"})
    assert lines(scan(example, env)) == [11, 13, 17]  # orm_mode, @app.on_event, .dict()
    assert scan(fixed, env) == []


class _ProjectWithVenv:
    """A project context that names its own site-packages (the attribute the API rules read)."""

    def __init__(self, site_packages: Path) -> None:
        self.local_modules: frozenset[str] = frozenset()
        self.site_packages = (site_packages,)


def test_versions_come_from_the_projects_own_environment_first(tmp_path: Path) -> None:
    metadata = tmp_path / "pydantic-1.10.13.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: pydantic\nVersion: 1.10.13\n", encoding="utf-8")
    code = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\ndef f(m: M):\n    return m.dict()\n"
    rule = DeprecatedCall(read_libraries=False)
    assert rule.environment_for(_ProjectWithVenv(tmp_path)).version_of("pydantic") == Version("1.10.13")  # type: ignore[arg-type]
    ctx = FileContext("x.py", code, ast.parse(code), _ProjectWithVenv(tmp_path))  # type: ignore[arg-type]
    assert list(rule.check(ctx)) == []


def test_a_keyword_finding_names_the_call_that_was_made() -> None:
    found = scan("import asyncio\nasyncio.gather(job(), loop=loop)\n")
    assert found[0].message.startswith("`loop=` of `asyncio.gather()` was removed in Python 3.10 (installed: 3.11)")

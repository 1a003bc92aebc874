"""The API index (griffe, static) and the ``unknown-api-member`` rule on real code.

The index is tested on a real library written to a temporary folder (re-exports, a
lazy module, a broken module, a compiled extension, an accelerator, metaclasses,
dynamic attributes) searched before the interpreter's own ``sys.path``; the rule on
the installed sources of real libraries, which must give no finding at all.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from airlock.config import resolve_project
from airlock.scan.analyse import analyse_source
from airlock.scan.apis import ApiIndex, ApiMember, MemberKind, Missing, Signature, Unknown, default_search_paths
from airlock.scan.engine import ScanRequest, run_scan
from airlock.scan.project import ProjectContext
from airlock.scan.rules import by_id

REPO = Path(__file__).resolve().parents[2]
RULE = by_id("unknown-api-member")

LIBRARY = {
    "fakelib/__init__.py": (
        "from fakelib._impl import *\n"
        "from fakelib.client import Base, Client\n"
        "from fakelib import lazy\n"
        '__all__ = ["Base", "Client", "helper", "lazy"]\n'
    ),
    "fakelib/_impl.py": '__all__ = ["helper"]\n\ndef helper(x, *, retries=0): ...\n\ndef _private(): ...\n',
    "fakelib/client.py": """
import warnings
from dataclasses import dataclass

from typing_extensions import deprecated


class Base:
    def __init__(self, url, *, timeout=None):
        self.url = url

    def close(self): ...

    def __enter__(self):
        return self


class Client(Base):
    def send(self, data, **kwargs): ...

    @deprecated("use send")
    def post(self, data): ...

    def old(self):
        warnings.warn("old is deprecated", DeprecationWarning, stacklevel=2)


@dataclass
class Options:
    retries: int = 0
    backoff: float = 0.5


class Meta(type): ...


class Magic(metaclass=Meta): ...


class Dynamic:
    def __getattr__(self, name): ...


class Namespace:
    def __init__(self, **kw):
        for key, value in kw.items():
            setattr(self, key, value)


def make() -> Client: ...
""",
    "fakelib/lazy.py": "def __getattr__(name): ...\n",
    "fakelib/broken.py": "def oops(:\n",
    "fakelib/fast.cpython-311-x86_64-linux-gnu.so": "",
    "fakelib/accel.py": (
        "class Fast:\n    def run(self): ...\n\n"
        "try:\n    from _fakelib_speedups import Fast\nexcept ImportError:\n    pass\n"
    ),
    "fakelib/star.py": "from _fakelib_c import *\n\ndef f(): ...\n",
}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    for rel, text in LIBRARY.items():
        path = tmp_path / "lib" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "lib"


@pytest.fixture
def index(library: Path) -> ApiIndex:
    return ApiIndex((str(library), *default_search_paths()))


def test_members_follow_reexports_submodules_and_bases(index: ApiIndex) -> None:
    client = index.member("fakelib.Client")
    assert isinstance(client, ApiMember)
    assert (client.target, client.kind) == ("fakelib.client.Client", MemberKind.CLASS)
    helper = index.member("fakelib.helper")
    assert isinstance(helper, ApiMember) and helper.target == "fakelib._impl.helper"
    close = index.member("fakelib.Client.close")
    assert isinstance(close, ApiMember) and close.target == "fakelib.client.Base.close"
    url = index.member("fakelib.Client.url")  # set in __init__
    assert isinstance(url, ApiMember) and url.kind is MemberKind.ATTRIBUTE
    assert isinstance(index.member("os.path.join"), ApiMember)
    assert isinstance(index.member("xml.etree.ElementTree.parse"), ApiMember)


def test_a_missing_member_lists_the_real_names(index: ApiIndex) -> None:
    found = index.member("fakelib.Client.sned")
    assert isinstance(found, Missing)
    assert (found.parent, found.name) == ("fakelib.Client", "sned")
    assert "send" in found.known and "close" in found.known
    module = index.member("fakelib.hlper")
    assert isinstance(module, Missing) and "helper" in module.known and "client" in module.known


@pytest.mark.parametrize(
    ("qualname", "reason"),
    [
        ("fakelib.lazy.anything", "__getattr__"),
        ("fakelib.broken.oops", "cannot read fakelib.broken"),
        ("fakelib.fast.run", "compiled extension"),
        ("fakelib.client.Magic.anything", "metaclass"),
        ("fakelib.client.Dynamic.anything", "__getattr__"),
        ("fakelib.client.Namespace.anything", "computed name"),
        ("fakelib.star.g", "import *"),
        ("fakelib.client.make.anything", "function"),
        ("no_such_library_anywhere.thing", "no Python source"),
        ("errno.WSAEINVAL", "no Python source"),  # compiled and platform-dependent: not listed
        ("concurrent.futures.ThreadPoolExecutor", "__getattr__"),
    ],
)
def test_what_cannot_be_read_is_unknown(index: ApiIndex, qualname: str, reason: str) -> None:
    found = index.member(qualname)
    assert isinstance(found, Unknown), found
    assert reason in found.reason


def test_portable_compiled_stdlib_modules_are_listed(index: ApiIndex) -> None:
    assert isinstance(index.member("math.tau"), ApiMember)
    assert isinstance(index.member("math.clamp"), Missing)
    assert isinstance(index.member("itertools.batched"), Missing)  # new in 3.12
    isclose = index.signature("math.isclose")
    assert isinstance(isclose, Signature) and isclose.keyword_names == ("a", "b", "rel_tol", "abs_tol")
    assert isinstance(index.signature("time.sleep"), Unknown)  # no text signature to read
    assert index.stats.modules_inspected >= 3


def test_an_optional_accelerator_keeps_the_python_definition(index: ApiIndex) -> None:
    assert isinstance(index.member("fakelib.accel.Fast.run"), ApiMember)
    assert isinstance(index.member("fakelib.accel.Fast.walk"), Missing)


def test_signatures(index: ApiIndex) -> None:
    ctor = index.signature("fakelib.Client")  # inherited __init__, self left out
    assert isinstance(ctor, Signature)
    assert (ctor.of, ctor.keyword_names, ctor.takes_var_keyword) == (
        "fakelib.client.Base.__init__",
        ("url", "timeout"),
        False,
    )
    send = index.signature("fakelib.Client.send")
    assert isinstance(send, Signature) and send.takes_var_keyword
    options = index.signature("fakelib.client.Options")  # a dataclass
    assert isinstance(options, Signature) and options.keyword_names == ("retries", "backoff")
    assert isinstance(index.signature("fakelib.client.Magic"), Unknown)
    helper = index.signature("fakelib.helper")
    assert isinstance(helper, Signature) and helper.keyword_names == ("x", "retries")


def test_what_the_deprecation_rule_reads(index: ApiIndex) -> None:
    post = index.member("fakelib.Client.post")
    assert isinstance(post, ApiMember)
    assert [(d.name, d.text) for d in post.decorators] == [("typing_extensions.deprecated", "deprecated('use send')")]
    source = index.source("fakelib.Client.old")
    assert source is not None and "DeprecationWarning" in source
    assert index.source("fakelib.nothing_here") is None


def test_return_and_context_manager_types(index: ApiIndex) -> None:
    assert index.return_class("fakelib.client.make") == "fakelib.client.Client"
    assert index.enter_class("fakelib.Client") == "fakelib.Client"
    assert index.return_class("httpx.get") == "httpx._models.Response"
    assert index.enter_class("tempfile.TemporaryDirectory") is None  # __enter__ returns the name


def test_failures_are_recorded_and_memory_is_bounded(library: Path) -> None:
    index = ApiIndex((str(library), *default_search_paths()), max_packages=2)
    assert isinstance(index.member("fakelib.broken.oops"), Unknown)
    assert "fakelib.broken" in index.stats.failures
    for qualname in ("json.loads", "datetime.datetime.now", "fakelib.Client.send"):
        assert isinstance(index.member(qualname), ApiMember)
    assert index.stats.packages_evicted > 0
    assert isinstance(index.member("json.loadz"), Missing)  # still right after starting afresh


def _rule_findings(text: str, project: ProjectContext | None = None) -> list[str]:
    assert RULE is not None
    return [f"{f.line}: {f.message}" for f in analyse_source("t.py", text.encode(), [RULE], project)]


def test_the_projects_own_modules_are_not_checked() -> None:
    code = "import requests\n\nrequests.gett('https://example.com')\n"
    assert _rule_findings(code) == ["3: `requests` has no attribute `gett` (requests 2.34.2); did you mean `get`?"]
    assert _rule_findings(code, ProjectContext(local_modules=frozenset({"requests"}))) == []


def test_keyword_message_names_the_fix() -> None:
    assert RULE is not None
    findings = analyse_source("t.py", b"import httpx\n\nhttpx.Client(retries=3)\n", [RULE])
    assert [(f.line, f.message) for f in findings] == [
        (3, "`httpx.Client()` has no parameter `retries` (httpx 0.28.1)")
    ]
    assert "HTTPTransport(retries=3)" in findings[0].remedy


@pytest.mark.parametrize("name", ["requests", "httpx", "rich", "sqlalchemy"])
def test_installed_libraries_have_no_hallucinated_api(name: str) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations
    package = Path(next(iter(spec.submodule_search_locations)))
    project = ProjectContext(local_modules=frozenset({name}))
    assert RULE is not None
    found = []
    for path in sorted(package.rglob("*.py")):
        found += [
            f"{path}:{f.line}: {f.message}" for f in analyse_source(str(path), path.read_bytes(), [RULE], project)
        ]
    assert found == []


def test_the_example_shops_hallucinated_query_method() -> None:
    shop = REPO / "examples" / "shop"
    root, config = resolve_project([shop])
    result = run_scan(ScanRequest(root=root, targets=(shop,), config=config, use_cache=False))
    hits = [(f.path, f.line) for f in result.findings if f.rule_id == "unknown-api-member"]
    assert hits == [("shop/services.py", 122)]

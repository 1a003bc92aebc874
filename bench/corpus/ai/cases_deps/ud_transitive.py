# undeclared-dependency: importing what a declared dependency happens to pull in.
# Where these come from: the assistant sees a package importable in the environment (it
# arrived with requests, httpx, pydantic, rich or jsonschema) and imports it directly.
# pyproject.toml never names it, so the next release of the parent package, or a clean
# install with another resolver, removes it and the service fails at import time.
import logging
import ssl
from typing import Any

import requests  # ok: undeclared-dependency, hallucinated-package
import httpx  # ok: undeclared-dependency, hallucinated-package
import pydantic  # ok: undeclared-dependency, hallucinated-package
import jsonschema  # ok: undeclared-dependency, hallucinated-package
from rich.console import Console  # ok: undeclared-dependency, hallucinated-package
from requests.adapters import HTTPAdapter, Retry  # ok: undeclared-dependency, hallucinated-package

# with requests
import urllib3  # expect[urllib3]: undeclared-dependency
from urllib3.util.retry import Retry as Urllib3Retry  # expect[urllib3]: undeclared-dependency
from urllib3.exceptions import InsecureRequestWarning  # expect[urllib3]: undeclared-dependency
import certifi  # expect: undeclared-dependency
import idna  # expect: undeclared-dependency
from charset_normalizer import from_bytes  # expect: undeclared-dependency

# with httpx
import httpcore  # expect: undeclared-dependency
import h11  # expect: undeclared-dependency
import anyio  # expect[anyio]: undeclared-dependency
from anyio import to_thread  # expect[anyio]: undeclared-dependency

# with pydantic
from pydantic_core import PydanticCustomError  # expect: undeclared-dependency
import annotated_types  # expect: undeclared-dependency
from typing_extensions import override  # expect: undeclared-dependency
from typing_inspection import typing_objects  # expect: undeclared-dependency

# with rich
from markdown_it import MarkdownIt  # expect: undeclared-dependency
from pygments.lexers import PythonLexer  # expect: undeclared-dependency
import mdurl  # expect: undeclared-dependency

# with jsonschema
from referencing import Registry, Resource  # expect: undeclared-dependency
import jsonschema_specifications  # expect: undeclared-dependency
import rpds  # expect: undeclared-dependency
import attr  # expect: undeclared-dependency

log = logging.getLogger(__name__)
console = Console(stderr=True)


def session() -> requests.Session:
    retry = Retry(total=3, backoff_factor=0.5, status_forcelist=[502, 503, 504])
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=retry))
    s.verify = certifi.where()
    return s


def quiet_insecure() -> None:
    urllib3.disable_warnings(InsecureRequestWarning)


def pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(retries=Urllib3Retry(total=2), timeout=urllib3.Timeout(connect=2.0, read=5.0))


def decode(raw: bytes) -> str:
    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", "replace")


def hostname(name: str) -> str:
    return idna.encode(name).decode("ascii")


def client() -> httpx.Client:
    transport = httpx.HTTPTransport(retries=2)
    return httpx.Client(transport=transport, timeout=httpx.Timeout(10.0, connect=3.0))


def low_level(url: str) -> int:
    with httpcore.ConnectionPool() as http:
        return http.request("GET", url).status


def h11_event() -> Any:
    return h11.Request(method="GET", target="/", headers=[("Host", "example.com")])


async def offload(path: str) -> str:
    return await to_thread.run_sync(lambda: open(path, encoding="utf-8").read())


async def sleep_a_bit() -> None:
    await anyio.sleep(0.1)


class Price(pydantic.BaseModel):
    cents: int

    @pydantic.field_validator("cents")
    @classmethod
    def positive(cls, value: int) -> int:
        if value < 0:
            raise PydanticCustomError("negative", "price must not be negative")
        return value


PositiveInt = annotated_types.Gt(0)


class Base:
    def render(self) -> str:
        return ""


class Child(Base):
    @override
    def render(self) -> str:
        return "child"


def is_literal(tp: object) -> bool:
    return typing_objects.is_literal(tp)


def render_markdown(text: str) -> str:
    return MarkdownIt().render(text)


def lexer() -> PythonLexer:
    return PythonLexer()


def parse_url(url: str) -> Any:
    return mdurl.parse(url)


def validator(schema: dict[str, Any]) -> Any:
    resource = Resource.from_contents(schema)
    registry = Registry().with_resource("urn:order", resource)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry)


def draft_2020() -> Any:
    return jsonschema_specifications.REGISTRY["https://json-schema.org/draft/2020-12/schema"]


def frozen_map() -> Any:
    return rpds.HashTrieMap({"a": 1})


@attr.define
class Point:
    x: int
    y: int


def tls() -> ssl.SSLContext:
    return ssl.create_default_context()

# undeclared-dependency: newer tooling found in the environment, and imports made lazily.
# Where these come from: asked to "expose this as an MCP tool" or "stream the events", the
# assistant imports what the environment happens to carry (mcp, httpx-sse, python-multipart,
# protobuf, the importlib_metadata backport) and never touches pyproject.toml. Imports
# inside functions ("import it only where it is needed") are undeclared all the same.
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx  # ok: undeclared-dependency, hallucinated-package
from rich.console import Console  # ok: undeclared-dependency, hallucinated-package

from mcp.server.fastmcp import FastMCP  # expect: undeclared-dependency
from httpx_sse import connect_sse  # expect: undeclared-dependency
import python_multipart  # expect: undeclared-dependency
import importlib_metadata  # expect: undeclared-dependency -- importlib.metadata is in the standard library
from google.protobuf import json_format  # expect: undeclared-dependency
from wcmatch import glob as wcglob  # expect: undeclared-dependency
from stevedore import ExtensionManager  # expect: undeclared-dependency
import zipp  # expect: undeclared-dependency

log = logging.getLogger(__name__)
console = Console()
server = FastMCP("shop-tools")


@server.tool()
def order_status(order_id: int) -> str:
    """Tell the assistant where an order is."""
    return json.dumps({"order": order_id, "status": "shipped"})


def events(url: str) -> Iterator[dict[str, Any]]:
    with httpx.Client(timeout=10) as client, connect_sse(client, "GET", url) as source:
        for event in source.iter_sse():
            yield json.loads(event.data)


def form_parser(content_type: str, on_field: Any) -> Any:
    return python_multipart.create_form_parser({"Content-Type": content_type}, on_field, None)


def version_of(dist: str) -> str:
    return importlib_metadata.version(dist)


def message_to_dict(message: Any) -> dict[str, Any]:
    return json_format.MessageToDict(message)


def templates(root: str) -> list[str]:
    return wcglob.glob(f"{root}/**/*.html", flags=wcglob.GLOBSTAR)


def plugins() -> list[str]:
    return ExtensionManager(namespace="shop.plugins", invoke_on_load=False).names()


def wheel_files(path: str) -> list[str]:
    return [p.name for p in zipp.Path(path).iterdir()]


def compile_helper() -> Any:
    from cffi import FFI  # expect: undeclared-dependency -- a lazy import is still an import

    ffi = FFI()
    ffi.cdef("int abs(int x);")
    return ffi


def load_ini(path: str) -> Any:
    import iniconfig  # expect: undeclared-dependency

    return iniconfig.IniConfig(path)


def tracer_provider() -> Any:
    from opentelemetry.sdk.trace import TracerProvider  # expect: undeclared-dependency

    return TracerProvider()


def stdlib_metadata(dist: str) -> str:
    import importlib.metadata  # ok: undeclared-dependency, hallucinated-package

    return importlib.metadata.version(dist)

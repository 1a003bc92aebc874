# undeclared-dependency: importing what the developer's environment has.
# Where these come from: the assistant runs in (or reads) a virtualenv full of tools and
# other projects' dependencies, and uses whatever is importable there (psutil for a health
# check, PyJWT's sibling cryptography, Django's sqlparse, alembic for migrations) without
# adding it to pyproject.toml. It works on the laptop and fails in the container.
import importlib.util
import logging
import sys
from typing import TYPE_CHECKING, Any

import structlog  # ok: undeclared-dependency, hallucinated-package
import dotenv  # ok: undeclared-dependency, hallucinated-package
import psycopg  # ok: undeclared-dependency, hallucinated-package
import pydantic_settings  # ok: undeclared-dependency, hallucinated-package
import click  # ok: undeclared-dependency, hallucinated-package

# Optional imports: guarded, so their absence is handled. Not undeclared dependencies.
try:
    import orjson  # ok: undeclared-dependency, hallucinated-package
except ImportError:
    orjson = None
try:
    import uvloop  # ok: undeclared-dependency, hallucinated-package
except ModuleNotFoundError:
    uvloop = None
try:
    import psutil  # ok: undeclared-dependency
except ImportError:
    psutil = None

if TYPE_CHECKING:
    from _typeshed import StrPath  # ok: undeclared-dependency, hallucinated-package
    from mypy_boto3_s3 import S3Client  # ok: undeclared-dependency, hallucinated-package

if sys.platform == "win32":
    import win32api  # ok: undeclared-dependency, hallucinated-package

import alembic.command  # expect[alembic]: undeclared-dependency
from alembic.config import Config as AlembicConfig  # expect[alembic]: undeclared-dependency
import sqlparse  # expect: undeclared-dependency
from cryptography.fernet import Fernet  # expect: undeclared-dependency
import uvicorn  # expect: undeclared-dependency
from starlette.responses import JSONResponse  # expect[starlette]: undeclared-dependency
from starlette.middleware.cors import CORSMiddleware  # expect[starlette]: undeclared-dependency
from django.utils.text import slugify  # expect: undeclared-dependency
import peewee  # expect: undeclared-dependency
import wrapt  # expect: undeclared-dependency
import tomli  # expect: undeclared-dependency
import packaging.version  # expect[packaging]: undeclared-dependency
from packaging.requirements import Requirement  # expect[packaging]: undeclared-dependency
import pathspec  # expect: undeclared-dependency
from mako.template import Template  # expect: undeclared-dependency
from markupsafe import escape  # expect: undeclared-dependency
from glom import glom  # expect: undeclared-dependency
from boltons.iterutils import chunked  # expect: undeclared-dependency
import colorama  # expect: undeclared-dependency
from opentelemetry import trace  # expect: undeclared-dependency
import semantic_version  # expect: undeclared-dependency
from asgiref.sync import async_to_sync  # expect: undeclared-dependency
from sse_starlette.sse import EventSourceResponse  # expect: undeclared-dependency
import pluggy  # expect: undeclared-dependency
from exceptiongroup import catch  # expect: undeclared-dependency

log = structlog.get_logger()


def dumps(data: Any) -> bytes:
    if orjson is not None:
        return orjson.dumps(data)
    import json

    return json.dumps(data).encode()


def memory_mb() -> float | None:
    if psutil is None:
        return None
    return psutil.Process().memory_info().rss / 1e6


def migrate(ini: str = "alembic.ini") -> None:
    alembic.command.upgrade(AlembicConfig(ini), "head")


def pretty_sql(sql: str) -> str:
    return sqlparse.format(sql, reindent=True, keyword_case="upper")


def encrypt(key: bytes, data: bytes) -> bytes:
    return Fernet(key).encrypt(data)


def serve(app: Any) -> None:
    app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com"])
    uvicorn.run(app, host="127.0.0.1", port=8000)


def health() -> JSONResponse:
    return JSONResponse({"ok": True, "memory_mb": memory_mb()})


def product_slug(name: str) -> str:
    return slugify(name)


db = peewee.SqliteDatabase("app.db")


@wrapt.decorator
def traced(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    with trace.get_tracer(__name__).start_as_current_span(wrapped.__name__):
        return wrapped(*args, **kwargs)


def read_config(path: str) -> dict[str, Any]:
    with open(path, "rb") as fh:
        return tomli.load(fh)


def newer(a: str, b: str) -> bool:
    return packaging.version.Version(a) > packaging.version.Version(b)


def requirement_name(line: str) -> str:
    return Requirement(line).name


def ignored(patterns: list[str], path: str) -> bool:
    return pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path)


def render(name: str) -> str:
    return Template("Hello ${name}").render(name=escape(name))


def city(data: dict[str, Any]) -> Any:
    return glom(data, "address.city", default=None)


def batches(items: list[int]) -> list[list[int]]:
    return list(chunked(items, 100))


def init_console() -> None:
    colorama.just_fix_windows_console()


def compatible(version: str) -> bool:
    return semantic_version.Version(version) in semantic_version.SimpleSpec(">=1.0,<2.0")


def sync_call(fn: Any) -> Any:
    return async_to_sync(fn)


def stream(events: Any) -> EventSourceResponse:
    return EventSourceResponse(events)


hookspec = pluggy.HookspecMarker("shop")


def run_all(tasks: list[Any]) -> None:
    with catch({ValueError: lambda exc: log.warning("bad input", error=str(exc))}):
        for task in tasks:
            task()


def has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@click.command()
def cli() -> None:
    dotenv.load_dotenv()
    settings = pydantic_settings.BaseSettings()
    with psycopg.connect("dbname=shop", connect_timeout=5) as conn:
        conn.execute("select 1")
    click.echo(repr(settings))

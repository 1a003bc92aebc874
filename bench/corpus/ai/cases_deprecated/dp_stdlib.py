# deprecated-api: the standard library of Python 3.11.
# Where these come from: code written from older tutorials and Stack Overflow answers. The
# modules of PEP 594 ("dead batteries": cgi, imghdr, telnetlib, pipes, crypt, ...) and
# distutils, imp, asyncore and smtpd are deprecated in 3.11 and gone in 3.12 or 3.13; the
# camelCase threading aliases, logging.warn, ssl.wrap_socket, locale.getdefaultlocale and
# the importlib.resources functions of 3.7 all warn in 3.11.
import ast
import configparser
import importlib.resources
import locale
import logging
import socket
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping  # ok: deprecated-api
from datetime import UTC, datetime, timezone
from typing import Any, NamedTuple, Optional, Union  # ok: deprecated-api -- not deprecated aliases

import imp  # expect: deprecated-api -- importlib
import asyncore  # expect: deprecated-api -- asyncio
import asynchat  # expect: deprecated-api -- asyncio
import smtpd  # expect: deprecated-api -- aiosmtpd
import cgi  # expect: deprecated-api -- PEP 594
import cgitb  # expect: deprecated-api -- PEP 594
import imghdr  # expect: deprecated-api -- PEP 594; check magic bytes or use Pillow
import telnetlib  # expect: deprecated-api -- PEP 594
import crypt  # expect: deprecated-api -- PEP 594; hashlib / passlib
import uu  # expect: deprecated-api -- PEP 594; base64
import sndhdr  # expect: deprecated-api -- PEP 594
import nntplib  # expect: deprecated-api -- PEP 594
import mailcap  # expect: deprecated-api -- PEP 594; mimetypes
import xdrlib  # expect: deprecated-api -- PEP 594
import sre_constants  # expect: deprecated-api -- internal module, deprecated in 3.11
from pipes import quote  # expect: deprecated-api -- PEP 594; shlex.quote
from distutils.util import strtobool  # expect[strtobool]: deprecated-api -- distutils, PEP 632
from distutils.version import LooseVersion  # expect[looseversion]: deprecated-api -- packaging.version
from typing import Dict, List  # expect[typing-aliases]: deprecated-api -- dict, list (PEP 585)
from typing import Text  # expect[typing-text]: deprecated-api -- str

log = logging.getLogger(__name__)


def flag(value: str) -> bool:
    return bool(strtobool(value))  # expect[strtobool]: deprecated-api


def newer(a: str, b: str) -> bool:
    return LooseVersion(a) > LooseVersion(b)  # expect[looseversion]: deprecated-api


def group(rows: List[Dict[str, str]]) -> Dict[str, List[str]]:  # expect[typing-aliases]: deprecated-api
    out: Dict[str, List[str]] = {}  # expect[typing-aliases]: deprecated-api
    for row in rows:
        out.setdefault(row["k"], []).append(row["v"])
    return out


def title(name: Text) -> Text:  # expect[typing-text]: deprecated-api
    return name.title()


def shell_arg(path: str) -> str:
    return quote(path)


def image_type(path: str) -> Optional[str]:
    return imghdr.what(path)


def form_field(name: str) -> Union[str, None]:
    form = cgi.FieldStorage()
    return form.getfirst(name)


def hash_password(password: str) -> str:
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


def reload(module: Any) -> Any:
    return imp.reload(module)


def unused_modules() -> tuple[Any, ...]:
    return (asyncore, asynchat, smtpd, cgitb, telnetlib, uu, sndhdr, nntplib, mailcap, xdrlib, sre_constants)


# --- locale and logging --------------------------------------------------------------------


def user_language() -> str:
    lang, _encoding = locale.getdefaultlocale()  # expect: deprecated-api -- locale.getlocale()
    return lang or "en_US"


def user_language_right() -> str:
    lang, _encoding = locale.getlocale()  # ok: deprecated-api
    return lang or "en_US"


def money(cents: int) -> str:
    return locale.format("%d", cents // 100, grouping=True)  # expect: deprecated-api -- locale.format_string


def money_right(cents: int) -> str:
    return locale.format_string("%d", cents // 100, grouping=True)  # ok: deprecated-api


def reset() -> None:
    locale.resetlocale()  # expect: deprecated-api -- setlocale(LC_ALL, "")


def warn_slow(ms: float) -> None:
    logging.warn("slow request: %.0f ms", ms)  # expect: deprecated-api -- logging.warning
    log.warn("slow request: %.0f ms", ms)  # expect: deprecated-api -- Logger.warning
    log.warning("slow request: %.0f ms", ms)  # ok: deprecated-api


# --- TLS -----------------------------------------------------------------------------------


def tls_socket(host: str) -> ssl.SSLSocket:
    sock = socket.create_connection((host, 443), timeout=10)
    return ssl.wrap_socket(sock)  # expect: deprecated-api -- SSLContext.wrap_socket


def tls_context_bare() -> ssl.SSLContext:
    return ssl.SSLContext()  # expect: deprecated-api -- a protocol argument is required


def tls_context_generic() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS)  # expect: deprecated-api -- PROTOCOL_TLS_CLIENT


def tls_context_right(host: str) -> ssl.SSLSocket:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # ok: deprecated-api
    ctx.load_default_certs()
    sock = socket.create_connection((host, 443), timeout=10)
    return ctx.wrap_socket(sock, server_hostname=host)  # ok: deprecated-api


def default_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # ok: deprecated-api


def check_host(cert: dict[str, Any], host: str) -> None:
    ssl.match_hostname(cert, host)  # expect: deprecated-api -- check_hostname on the context


# --- threading -----------------------------------------------------------------------------


def start_worker(target: Callable[[], None]) -> threading.Thread:
    worker = threading.Thread(target=target, name="poller")
    worker.setDaemon(True)  # expect: deprecated-api -- worker.daemon = True
    worker.start()
    log.info("started %s from %s", worker.getName(), threading.currentThread().name)  # expect: deprecated-api
    return worker


def start_worker_right(target: Callable[[], None]) -> threading.Thread:
    worker = threading.Thread(target=target, name="poller", daemon=True)  # ok: deprecated-api
    worker.start()
    log.info("started %s from %s", worker.name, threading.current_thread().name)  # ok: deprecated-api
    return worker


def busy() -> int:
    return threading.activeCount()  # expect: deprecated-api -- threading.active_count()


def wait_until_stopped(stop: threading.Event) -> None:
    while not stop.isSet():  # expect: deprecated-api -- is_set()
        stop.wait(1.0)


def wake_all(cond: threading.Condition) -> None:
    with cond:
        cond.notifyAll()  # expect: deprecated-api -- notify_all()


# --- importlib.resources, configparser, ast ------------------------------------------------


def schema_sql() -> str:
    return importlib.resources.read_text("shopapp", "schema.sql")  # expect: deprecated-api -- files()


def schema_sql_right() -> str:
    return importlib.resources.files("shopapp").joinpath("schema.sql").read_text(encoding="utf-8")  # ok: deprecated-api


def templates() -> Iterator[str]:
    yield from importlib.resources.contents("shopapp")  # expect: deprecated-api -- files().iterdir()


def read_ini(path: str) -> Mapping[str, Any]:
    parser = configparser.SafeConfigParser()  # expect: deprecated-api -- ConfigParser
    with open(path, encoding="utf-8") as fh:
        parser.readfp(fh)  # expect: deprecated-api -- read_file()
    return parser


def read_ini_right(path: str) -> Mapping[str, Any]:
    parser = configparser.ConfigParser()  # ok: deprecated-api
    with open(path, encoding="utf-8") as fh:
        parser.read_file(fh)  # ok: deprecated-api
    return parser


def string_literals(tree: ast.AST) -> list[str]:
    return [node.s for node in ast.walk(tree) if isinstance(node, ast.Str)]  # expect: deprecated-api -- ast.Constant


def string_literals_right(tree: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]  # ok: deprecated-api


# --- time (deprecated only from 3.12: traps on 3.11) ---------------------------------------


class Stamp(NamedTuple):
    at: datetime


def stamps() -> list[Stamp]:
    return [
        Stamp(datetime.utcnow()),  # ok: deprecated-api -- deprecated from 3.12, not in 3.11
        Stamp(datetime.utcfromtimestamp(0)),  # ok: deprecated-api -- deprecated from 3.12
        Stamp(datetime.now(UTC)),  # ok: deprecated-api
        Stamp(datetime.now(timezone.utc)),  # ok: deprecated-api
        Stamp(datetime.fromtimestamp(0, tz=UTC)),  # ok: deprecated-api
    ]

# hallucinated-api: the standard library of Python 3.11.
# Where these come from: names from newer Pythons (3.12-3.14) written for a 3.11 runtime;
# Python 2 names that survive in training data; names borrowed from other ecosystems
# (JavaScript's JSON.parse, numpy's percentile, MicroPython's sleep_ms); snake_case or
# pluralised spellings of real keyword arguments; and names that "should" exist.
import asyncio
import base64
import collections
import concurrent.futures
import dataclasses
import datetime as dt
import functools
import http
import inspect
import itertools
import json
import logging
import logging.handlers
import math
import os
import platform
import re
import secrets
import shutil
import smtplib
import statistics
import tempfile
import time
import tomllib
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from typing import override  # expect: hallucinated-api -- typing.override is new in 3.12
from typing import TypeIs  # expect: hallucinated-api -- new in 3.13
from warnings import deprecated  # expect: hallucinated-api -- new in 3.13
from datetime import utc  # expect: hallucinated-api -- the name is datetime.UTC
from urllib import urlencode  # expect: hallucinated-api -- Python 2; urllib.parse.urlencode
from itertools import izip_longest  # expect: hallucinated-api -- Python 2; zip_longest
from collections import Mapping  # expect: deprecated-api|hallucinated-api -- removed in 3.10: collections.abc
from typing import Self  # ok: hallucinated-api -- new in 3.11
from datetime import UTC  # ok: hallucinated-api -- new in 3.11
from enum import StrEnum  # ok: hallucinated-api -- new in 3.11
from asyncio import TaskGroup, timeout  # ok: hallucinated-api -- new in 3.11
from contextlib import chdir  # ok: hallucinated-api -- new in 3.11
from itertools import pairwise  # ok: hallucinated-api -- new in 3.10
from hashlib import file_digest  # ok: hallucinated-api -- new in 3.11

log = logging.getLogger(__name__)
logger = logging.get_logger(__name__)  # expect: hallucinated-api -- structlog's spelling


class Status(StrEnum):
    OPEN = "open"
    PAID = "paid"


class Repo:
    def copy(self) -> Self:
        return self


class Cached(Repo):
    @override
    def copy(self) -> Self:
        return self


@deprecated("use save_v2")
def save(data: Mapping[str, Any]) -> None:
    log.info("saving %d keys", len(data))


def is_text(value: object) -> TypeIs[str]:
    return isinstance(value, str)


# --- paths and files -----------------------------------------------------------------------


def ensure_dirs(base: str) -> Path:
    os.makedirs(os.path.join(base, "cache"), exist_ok=True)  # ok: hallucinated-api
    os.makedirs(os.path.join(base, "logs"), exists_ok=True)  # expect: hallucinated-api -- exist_ok
    out = Path(base) / "exports"
    out.mkdir(parents=True, exist_ok=True)  # ok: hallucinated-api
    Path(base, "tmp").mkdir(parents=True, exists_ok=True)  # expect: hallucinated-api
    return out


def config_path(base: str) -> str:
    return os.path.joinpath(base, "config.toml")  # expect: hallucinated-api -- os.path.join / Path.joinpath


def read_config(path: str) -> dict[str, Any]:
    text = Path(path).read_text(encoding="utf-8", errors="ignore")  # ok: hallucinated-api -- errors= exists
    return tomllib.loads(text)  # ok: hallucinated-api


def write_config(path: str, config: dict[str, Any]) -> None:
    Path(path).write_text(tomllib.dumps(config))  # expect: hallucinated-api -- tomllib only reads


def python_files(root: str) -> list[Path]:
    return list(Path(root).glob("**/*.PY", case_sensitive=False))  # expect: hallucinated-api -- 3.12


def walk_tree(root: str) -> Iterator[str]:
    for folder, _dirs, files in os.walk(root, follow_symlinks=True):  # expect: hallucinated-api -- followlinks
        yield from (os.path.join(folder, name) for name in files)


def walk_tree_right(root: str) -> Iterator[str]:
    for folder, _dirs, files in os.walk(root, followlinks=False):  # ok: hallucinated-api
        yield from (os.path.join(folder, name) for name in files)


def copy_assets(src: str, dst: str) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)  # ok: hallucinated-api
    shutil.copytree(src, dst + ".bak", exist_ok=True)  # expect: hallucinated-api -- dirs_exist_ok
    shutil.copy_tree(src, dst + ".old")  # expect: hallucinated-api -- distutils' name


def clean(path: str, on_error: Callable[..., Any]) -> None:
    shutil.rmtree(path, onerror=on_error)  # ok: hallucinated-api, deprecated-api -- deprecated only from 3.12
    shutil.rmtree(path + ".old", onexc=on_error)  # expect: hallucinated-api -- new in 3.12


def scratch() -> str:
    keep = tempfile.TemporaryDirectory(delete=False)  # expect: hallucinated-api -- new in 3.12
    return keep.name


def digest(path: str) -> str:
    with open(path, "rb") as fh:
        return file_digest(fh, "sha256").hexdigest()


def in_dir(path: str) -> list[str]:
    with chdir(path):
        return os.listdir(".")


# --- data and numbers ----------------------------------------------------------------------


def batches(rows: list[Any]) -> list[tuple[Any, ...]]:
    return list(itertools.batched(rows, 500))  # expect: hallucinated-api -- new in 3.12


def deltas(values: list[int]) -> list[int]:
    return [b - a for a, b in pairwise(values)]


def merge(a: Iterable[Any], b: Iterable[Any]) -> list[tuple[Any, Any]]:
    return list(izip_longest(a, b))


def p95(latencies: list[float]) -> float:
    return statistics.percentile(latencies, 95)  # expect: hallucinated-api -- numpy's name; statistics.quantiles


def median(latencies: list[float]) -> float:
    return statistics.median(latencies)  # ok: hallucinated-api


def clamp(x: float) -> float:
    return math.clamp(x, 0.0, 1.0)  # expect: hallucinated-api -- min(max(x, 0), 1)


def same_amount(a: float, b: float) -> bool:
    return math.isclose(a, b, tolerance=1e-9)  # expect: hallucinated-api -- rel_tol / abs_tol


def same_amount_right(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.005)  # ok: hallucinated-api


def parse(text: str) -> Any:
    return json.parse(text)  # expect: hallucinated-api -- JavaScript's JSON.parse


def token() -> str:
    return secrets.token_urlsafe(length=32)  # expect: hallucinated-api -- positional nbytes


def token_right() -> str:
    return secrets.token_urlsafe(32)  # ok: hallucinated-api


def order_id() -> uuid.UUID:
    return uuid.uuid7()  # expect: hallucinated-api -- new in 3.14


def b64(raw: bytes) -> bytes:
    return base64.urlsafe_b64encode(raw, padding=False)  # expect: hallucinated-api -- strip "=" yourself


def is_word(text: str) -> bool:
    return re.match(r"\w+", text, flag=re.IGNORECASE) is not None  # expect: hallucinated-api -- flags


def most_recent(cache: dict[str, Any], key: str) -> None:
    od = collections.OrderedDict(cache)
    od.move_to_front(key)  # expect: hallucinated-api -- move_to_end(key, last=False)
    od.move_to_end(key, last=False)  # ok: hallucinated-api


@dataclasses.dataclass(slots=True, kw_only=True)  # ok: hallucinated-api
class Order:
    id: int
    lines: list[str] = dataclasses.field(default_factory=list, validator=len)  # expect: hallucinated-api -- attrs


@functools.lru_cache(maxsize=1024, ttl=300)  # expect: hallucinated-api -- lru_cache has no expiry
def exchange_rate(currency: str) -> float:
    return 1.0


@functools.memoize  # expect: hallucinated-api -- functools.cache
def country_of(ip: str) -> str:
    return "NL"


@functools.cache  # ok: hallucinated-api -- new in 3.9
def region_of(ip: str) -> str:
    return "EU"


def started_at() -> dt.datetime:
    return dt.datetime.utcnow_aware()  # expect: hallucinated-api -- datetime.now(UTC)


def started_at_right() -> dt.datetime:
    return dt.datetime.now(UTC)  # ok: hallucinated-api, deprecated-api


def legacy_started_at() -> dt.datetime:
    return dt.datetime.utcnow()  # ok: hallucinated-api, deprecated-api -- deprecated only from 3.12


def from_epoch(seconds: float) -> dt.datetime:
    return dt.datetime.utcfromtimestamp(seconds)  # ok: deprecated-api -- deprecated only from 3.12


# --- processes, network, concurrency -------------------------------------------------------


def wait_ms(ms: int) -> None:
    time.sleep_ms(ms)  # expect: hallucinated-api -- MicroPython; time.sleep(ms / 1000)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, headers={"Accept": "application/json"}, timeout=10) as resp:  # expect: hallucinated-api
        return resp.read()


def fetch_right(url: str) -> bytes:
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:  # ok: hallucinated-api
        return resp.read()


def send_mail(host: str, message: str) -> None:
    with smtplib.SMTP(host, 587, use_tls=True, timeout=10) as smtp:  # expect: hallucinated-api -- call starttls()
        smtp.sendmail("shop@example.com", ["ops@example.com"], message)


def send_mail_right(host: str, message: str) -> None:
    with smtplib.SMTP(host, 587, timeout=10) as smtp:  # ok: hallucinated-api
        smtp.starttls()
        smtp.sendmail("shop@example.com", ["ops@example.com"], message)


def run_all(jobs: list[Callable[[], Any]]) -> list[Any]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=8, timeout=30) as pool:  # expect: hallucinated-api
        futures = [pool.submit(job) for job in jobs]
    return [f.result() for f in concurrent.futures.as_completed(futures, timeout=30)]  # ok: hallucinated-api


async def crawl(urls: list[str]) -> list[Any]:
    queue: asyncio.Queue[str] = asyncio.Queue(max_size=100)  # expect: hallucinated-api -- maxsize
    for url in urls:
        queue.put_nowait(url)
    tasks = [asyncio.create_task(asyncio.sleep(0, url)) for url in urls]
    return await asyncio.gather(*tasks, timeout=10)  # expect: hallucinated-api -- wrap in asyncio.timeout


async def crawl_right(urls: list[str]) -> list[Any]:
    async with timeout(10):  # ok: hallucinated-api -- asyncio.timeout is new in 3.11
        async with TaskGroup() as group:  # ok: hallucinated-api
            tasks = [group.create_task(asyncio.sleep(0, url)) for url in urls]
    return [t.result() for t in tasks]


def main() -> None:
    asyncio.run(crawl(["https://example.com"]), timeout=30)  # expect: hallucinated-api -- no timeout here


def argspec(fn: Callable[..., Any]) -> list[str]:
    return inspect.getargspec(fn).args  # expect: deprecated-api|hallucinated-api -- removed in 3.11


def os_name() -> str:
    return platform.linux_distribution()[0]  # expect: deprecated-api|hallucinated-api -- removed in 3.8


def rotating(path: str) -> logging.Handler:
    return logging.handlers.RotatingFileHandler(path, max_bytes=10_000_000, backup_count=5)  # expect: hallucinated-api


def rotating_right(path: str) -> logging.Handler:
    return logging.handlers.RotatingFileHandler(path, maxBytes=10_000_000, backupCount=5)  # ok: hallucinated-api


def unprocessable() -> int:
    return http.HTTPStatus.UNPROCESSABLE_CONTENT  # expect: hallucinated-api -- 3.13; UNPROCESSABLE_ENTITY


def too_many() -> int:
    return http.HTTPStatus.TOO_MANY_REQUESTS  # ok: hallucinated-api

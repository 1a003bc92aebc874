"""A client for the package index's JSON API (``GET {index}/{name}/json``), careful with the index.

- every request has a timeout; failures are retried a bounded number of times with
  exponential backoff and jitter, and ``Retry-After`` is honoured on 429 and 503 (up to a
  cap: an index that asks for longer gets no more requests and the answer says so);
- at most ``concurrency`` requests are in flight;
- answers are cached on disk, one JSON file per name under the scan cache folder, for 24
  hours (a missing name for one hour: someone may register it), written atomically; a
  corrupt cache file counts as absent;
- only the standard library's ``urllib``; only ``http`` and ``https`` URLs.

Nothing here runs unless a scan asks for ``--online``. Every outcome is a typed
``IndexAnswer``: found, missing, or failed with a reason; nothing is raised for a network
problem.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import secrets
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from airlock._version import __version__
from airlock.errors import ConfigError
from airlock.scan.imports.names import normalise

__all__ = ["DEFAULT_INDEX_URL", "INDEX_URL_ENV", "IndexAnswer", "IndexClient", "ProjectInfo", "index_url"]

DEFAULT_INDEX_URL = "https://pypi.org/pypi"
"""The JSON API base: ``{base}/{project}/json``."""
INDEX_URL_ENV = "AIRLOCK_INDEX_URL"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_FORMAT = 1
_JITTER = secrets.SystemRandom()
_MAX_BODY = 20_000_000


def index_url(configured: str | None) -> str:
    """The index to ask: ``AIRLOCK_INDEX_URL`` wins over the config, then PyPI."""
    return (os.environ.get(INDEX_URL_ENV) or configured or DEFAULT_INDEX_URL).rstrip("/")


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """What the index says about one project, trimmed to what the risk signals read."""

    name: str
    """As the index spells it."""
    summary: str
    description: str
    """The long description, cut to its first 2,000 characters."""
    releases: dict[str, str | None]
    """Version → time of its first uploaded file (ISO 8601), ``None`` for a release without files."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "summary": self.summary, "description": self.description, "releases": self.releases}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProjectInfo:
        releases = data.get("releases")
        if not isinstance(releases, dict):
            raise ValueError("releases must be an object")
        return cls(
            name=str(data["name"]),
            summary=str(data.get("summary") or ""),
            description=str(data.get("description") or ""),
            releases={str(k): (str(v) if v else None) for k, v in releases.items()},
        )

    @classmethod
    def from_index(cls, name: str, data: dict[str, Any]) -> ProjectInfo:
        """From the JSON API's answer (``info``, ``releases`` → per-version file lists)."""
        info = data.get("info") if isinstance(data.get("info"), dict) else {}
        releases: dict[str, str | None] = {}
        raw = data.get("releases")
        for version, files in raw.items() if isinstance(raw, dict) else ():
            times = [
                str(f.get("upload_time_iso_8601") or f.get("upload_time") or "")
                for f in (files if isinstance(files, list) else [])
                if isinstance(f, dict)
            ]
            times = [t for t in times if t]
            releases[str(version)] = min(times) if times else None
        if not releases and isinstance(info, dict) and info.get("version"):
            urls = data.get("urls")
            files = urls if isinstance(urls, list) else []
            times = [str(u.get("upload_time_iso_8601") or "") for u in files if isinstance(u, dict)]
            releases[str(info["version"])] = min((t for t in times if t), default=None)
        return cls(
            name=str((info or {}).get("name") or name),
            summary=str((info or {}).get("summary") or ""),
            description=str((info or {}).get("description") or "")[:2000],
            releases=releases,
        )


@dataclass(frozen=True, slots=True)
class IndexAnswer:
    """The outcome of asking the index about one name."""

    name: str
    """The normalised name asked for."""
    status: Literal["found", "missing", "failed"]
    project: ProjectInfo | None = None
    """Set when ``found``."""
    reason: str = ""
    """Why it ``failed`` (timeout, connection refused, rate limited...)."""
    attempts: int = 0
    """Requests sent (0 when the cache answered)."""
    waited: float = 0.0
    """Seconds spent waiting between attempts (backoff, ``Retry-After``)."""
    cached: bool = False


@dataclass
class IndexClient:
    """Asks one index about project names, through an on-disk cache."""

    base_url: str = DEFAULT_INDEX_URL
    cache_folder: Path | None = None
    """``None``: no disk cache (every call asks the index)."""
    timeout: float = 10.0
    """Seconds for each request (connect and each read)."""
    retries: int = 3
    """Further attempts after the first, for timeouts, connection errors, 429 and 5xx."""
    backoff: float = 0.5
    """First backoff in seconds; doubles each retry (with jitter), capped at ``max_backoff``."""
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    """Longest ``Retry-After`` honoured; an index asking for more is not asked again this run."""
    ttl: float = 24 * 3600.0
    missing_ttl: float = 3600.0
    concurrency: int = 8

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        scheme = urllib.parse.urlsplit(self.base_url).scheme
        if scheme not in ("http", "https"):
            raise ConfigError(
                f"index-url {self.base_url!r} is not an http(s) URL", hint="for PyPI: https://pypi.org/pypi"
            )
        if self.timeout <= 0 or self.retries < 0 or self.concurrency < 1:
            raise ConfigError("the index client needs a positive timeout and concurrency, and retries >= 0")

    # --- public ---------------------------------------------------------------------

    def fetch(self, name: str) -> IndexAnswer:
        """The index's answer for one project name (from the cache when fresh)."""
        key = normalise(name)
        cached = self._read_cache(key)
        if cached is not None:
            return cached
        answer = self._ask(key)
        if answer.status != "failed":
            self._write_cache(answer)
        return answer

    def fetch_many(self, names: Iterable[str]) -> dict[str, IndexAnswer]:
        """Answers for several names (normalised name → answer), ``concurrency`` at a time."""
        keys = sorted({normalise(n) for n in names})
        if not keys:
            return {}
        if len(keys) == 1 or self.concurrency == 1:
            return {key: self.fetch(key) for key in keys}
        with ThreadPoolExecutor(
            max_workers=min(self.concurrency, len(keys)), thread_name_prefix="airlock-index"
        ) as pool:
            return dict(zip(keys, pool.map(self.fetch, keys), strict=True))

    def project_url(self, name: str) -> str:
        return f"{self.base_url}/{urllib.parse.quote(normalise(name))}/json"

    # --- the network ----------------------------------------------------------------

    def _ask(self, key: str) -> IndexAnswer:
        url = self.project_url(key)
        request = urllib.request.Request(  # noqa: S310  # the scheme is checked in __post_init__
            url, headers={"Accept": "application/json", "User-Agent": f"airlock/{__version__}"}
        )
        waited = 0.0
        reason = ""
        for attempt in range(self.retries + 1):
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body = response.read(_MAX_BODY)
                data = json.loads(body)
                if not isinstance(data, dict):
                    return IndexAnswer(key, "failed", reason="the index answered with JSON that is not an object")
                return IndexAnswer(key, "found", ProjectInfo.from_index(key, data), attempts=attempt + 1, waited=waited)
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return IndexAnswer(key, "missing", attempts=attempt + 1, waited=waited)
                reason = f"HTTP {exc.code} from {self.base_url}"
                if exc.code not in _RETRY_STATUS:
                    return IndexAnswer(key, "failed", reason=reason, attempts=attempt + 1, waited=waited)
                retry_after = _retry_after(exc.headers.get("Retry-After")) if exc.code in (429, 503) else None
            except (TimeoutError, urllib.error.URLError, http.client.HTTPException, ConnectionError) as exc:
                reason = _describe(exc, self.timeout)
            except ValueError as exc:  # JSON that does not parse: a proxy's error page, a truncated body
                return IndexAnswer(key, "failed", reason=f"the index's answer is not JSON: {exc}", attempts=attempt + 1)
            if attempt == self.retries:
                break
            if retry_after is not None and retry_after > self.max_retry_after:
                reason += (
                    f"; the index asks to wait {retry_after:.0f} s, more than the {self.max_retry_after:.0f} s allowed"
                )
                return IndexAnswer(key, "failed", reason=reason, attempts=attempt + 1, waited=waited)
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            time.sleep(delay)
            waited += delay
        return IndexAnswer(
            key,
            "failed",
            reason=f"{reason} (after {self.retries + 1} attempts)",
            attempts=self.retries + 1,
            waited=waited,
        )

    def _backoff(self, attempt: int) -> float:
        """Exponential, capped, with jitter: between half and all of ``backoff * 2**attempt``."""
        ceiling = min(self.max_backoff, self.backoff * 2.0**attempt)
        return ceiling / 2 + float(_JITTER.uniform(0, ceiling / 2))

    # --- the cache ------------------------------------------------------------------

    def _cache_path(self, key: str) -> Path | None:
        if self.cache_folder is None:
            return None
        index = hashlib.sha256(self.base_url.encode()).hexdigest()[:12]
        return self.cache_folder / index / f"{key}.json"

    def _read_cache(self, key: str) -> IndexAnswer | None:
        path = self._cache_path(key)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT or data.get("name") != key:
                return None
            status = data["status"]
            age = time.time() - float(data["fetched"])
            if status == "found" and 0 <= age < self.ttl:
                return IndexAnswer(key, "found", ProjectInfo.from_json(data["project"]), cached=True)
            if status == "missing" and 0 <= age < self.missing_ttl:
                return IndexAnswer(key, "missing", cached=True)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # absent or corrupt: ask again
        return None

    def _write_cache(self, answer: IndexAnswer) -> None:
        path = self._cache_path(answer.name)
        if path is None:
            return
        data = {
            "format": _FORMAT,
            "name": answer.name,
            "status": answer.status,
            "fetched": time.time(),
            "project": answer.project.to_json() if answer.project else None,
        }
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:  # a cache that cannot be written only costs the next run a request
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _describe(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, TimeoutError) or (
        isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, TimeoutError)
    ):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect: {exc.reason}"
    return f"{type(exc).__name__}: {exc}"

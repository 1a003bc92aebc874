# hallucinated-api: requests, httpx and urllib3 as installed (requests 2.34, httpx 0.28,
# urllib3 2.x).
# Where these come from: requests and httpx are near twins, and assistants swap their
# spellings (requests' allow_redirects in httpx, httpx's is_success in requests); they put
# retries and timeouts on objects that do not take them; and they use keyword arguments that
# older releases had (httpx 0.2x's proxies=, urllib3 1.x's method_whitelist=).
import logging
from typing import Any

import httpx
import requests
from requests.adapters import HTTPAdapter, Retry  # ok: hallucinated-api -- requests.adapters re-exports urllib3's Retry

log = logging.getLogger(__name__)


# --- requests ------------------------------------------------------------------------------


def make_session() -> requests.Session:
    retry = Retry(total=3, backoff_factor=0.5, status_forcelist=[429, 502, 503], allowed_methods=["GET"])  # ok: hallucinated-api
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=retry, pool_maxsize=20))  # ok: hallucinated-api
    return session


def make_session_wrong() -> requests.Session:
    retry = Retry(total=3, backoff_factor=0.5, method_whitelist=["GET", "POST"])  # expect: deprecated-api|hallucinated-api -- removed in urllib3 2.0: allowed_methods
    session = requests.Session(timeout=10)  # expect: hallucinated-api -- Session() takes no arguments
    session.mount_adapter("https://", HTTPAdapter(max_retries=retry))  # expect: hallucinated-api -- mount()
    session.mount("http://", HTTPAdapter(max_retries=retry, timeout=10))  # expect: hallucinated-api -- no timeout on adapters
    session.set_timeout(10)  # expect: hallucinated-api -- pass timeout= on each request
    return session


def get_user(session: requests.Session, user_id: int) -> dict[str, Any]:
    try:
        resp = session.get(f"https://api.example.com/users/{user_id}", timeout=(3.05, 10))  # ok: hallucinated-api
        resp.raise_for_status()  # ok: hallucinated-api
    except requests.exceptions.TimeoutError:  # expect: hallucinated-api -- requests.exceptions.Timeout
        log.warning("user service timed out")
        return {}
    except requests.exceptions.Timeout:  # ok: hallucinated-api
        log.warning("user service timed out")
        return {}
    except requests.JSONDecodeError:  # ok: hallucinated-api
        log.warning("user service sent bad JSON")
        return {}
    if resp.status_code == requests.codes.ok:  # ok: hallucinated-api -- codes is a lookup table filled at import
        return resp.json()
    return {}


def download(url: str) -> bytes:
    resp = requests.get(url, timeout=10, retries=3)  # expect: hallucinated-api -- requests types **kwargs: no retries
    return resp.content


def download_right(url: str) -> bytes:
    resp = requests.get(url, timeout=10, allow_redirects=True, stream=False)  # ok: hallucinated-api
    return resp.content


# --- httpx ---------------------------------------------------------------------------------


def make_client() -> httpx.Client:
    transport = httpx.HTTPTransport(retries=3)  # ok: hallucinated-api -- retries live on the transport
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=10)  # ok: hallucinated-api
    timeout = httpx.Timeout(10.0, connect=3.0)  # ok: hallucinated-api
    return httpx.Client(transport=transport, limits=limits, timeout=timeout, follow_redirects=True)  # ok: hallucinated-api


def make_client_wrong(proxy_url: str) -> httpx.Client:
    client = httpx.Client(retries=3, timeout=10)  # expect: hallucinated-api -- HTTPTransport(retries=...)
    client = httpx.Client(proxies={"https://": proxy_url})  # expect: deprecated-api|hallucinated-api -- removed in 0.28: proxy= or mounts=
    client = httpx.Client(proxy=proxy_url, timeout=10)  # ok: hallucinated-api
    limits = httpx.Limits(max_keepalive=5)  # expect: hallucinated-api|deprecated-api -- httpx 0.13-0.17 name; max_keepalive_connections
    timeout = httpx.Timeout(connect_timeout=5.0, read_timeout=10.0)  # expect: hallucinated-api|deprecated-api -- pre-0.14 names; connect=, read=
    return httpx.Client(limits=limits, timeout=timeout)


async def make_async_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(max_connections=20, timeout=10)  # expect: hallucinated-api -- limits=httpx.Limits(...)


def fetch(url: str) -> httpx.Response:
    try:
        return httpx.get(url, allow_redirects=True, timeout=10)  # expect: hallucinated-api|deprecated-api -- requests' name (httpx < 0.20 too); follow_redirects
    except httpx.TimeoutError:  # expect: hallucinated-api -- httpx.TimeoutException
        log.warning("timed out: %s", url)
        raise


def fetch_right(url: str) -> httpx.Response:
    try:
        return httpx.get(url, follow_redirects=True, timeout=10)  # ok: hallucinated-api
    except httpx.TimeoutException:  # ok: hallucinated-api
        log.warning("timed out: %s", url)
        raise
    except httpx.HTTPStatusError as exc:  # ok: hallucinated-api
        log.warning("status %s", exc.response.status_code)
        raise


def status_ok(client: httpx.Client, url: str) -> bool:
    resp = client.get(url)
    if resp.ok:  # expect: hallucinated-api -- requests' name; httpx has is_success
        return True
    return resp.is_success  # ok: hallucinated-api


def head(client: httpx.Client, url: str) -> int:
    return client.get(url, allow_redirects=False).status_code  # expect: hallucinated-api|deprecated-api -- follow_redirects


def created(resp: httpx.Response) -> bool:
    return resp.status_code == httpx.codes.CREATED  # ok: hallucinated-api

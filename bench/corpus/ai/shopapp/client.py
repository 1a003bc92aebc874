# Mixed: the payments client. httpx with a transport for retries is right; the assistant
# also gave the client a retries= it does not take, carried requests' habits over, and
# imported urllib3 directly although only requests is declared.
import json
import logging
from typing import Any

import httpx
import requests
from requests.adapters import HTTPAdapter, Retry  # ok: undeclared-dependency, hallucinated-api
from urllib3.util import Timeout  # expect: undeclared-dependency -- urllib3 comes with requests; declare it

from .settings import get_settings  # ok: hallucinated-package, undeclared-dependency
from httpx_auth_helpers import BearerAuth  # expect: hallucinated-package

log = logging.getLogger(__name__)


class PaymentsClient:
    def __init__(self, token: str) -> None:
        settings = get_settings()
        transport = httpx.HTTPTransport(retries=2)  # ok: hallucinated-api
        self._http = httpx.Client(
            base_url=settings.payments_url,
            transport=transport,
            timeout=httpx.Timeout(settings.request_timeout_s, connect=3.0),  # ok: hallucinated-api
            auth=BearerAuth(token),
        )
        self._fallback = httpx.Client(base_url=settings.payments_url, retries=2)  # expect: hallucinated-api -- HTTPTransport(retries=2)

    def charge(self, order_id: int, amount_cents: int, idempotency_key: str) -> dict[str, Any]:
        payload = {"order": order_id, "amount": amount_cents}
        headers = {"Idempotency-Key": idempotency_key}
        resp = self._http.post("/charges", data=json.dumps(payload), headers=headers)  # expect: deprecated-api -- json=payload
        resp.raise_for_status()  # ok: hallucinated-api
        return resp.json()

    def refund(self, charge_id: str) -> dict[str, Any]:
        resp = self._http.post(f"/charges/{charge_id}/refund", json={"reason": "requested"})  # ok: deprecated-api
        if not resp.is_success:  # ok: hallucinated-api
            log.warning("refund failed: %s", resp.status_code)
        return resp.json()

    def close(self) -> None:
        self._http.close()
        self._fallback.close()


def legacy_session() -> requests.Session:
    session = requests.Session()
    retry = Retry(total=3, backoff_factor=1.0, status_forcelist=[502, 503, 504])  # ok: hallucinated-api
    session.mount("https://", HTTPAdapter(max_retries=retry))  # ok: hallucinated-api
    return session


def connect_timeout() -> Timeout:
    return Timeout(connect=3.0, read=10.0)

"""Client for the external payment API (PAYMENT_API_URL).

Every call has a timeout; retries are bounded, back off exponentially with full
jitter, honour Retry-After, stay within a total time budget, and always resend the
same Idempotency-Key so that a retried charge or refund is applied at most once.
"""
import logging
import random
import time
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from typing import Any

import httpx

from shop.config import settings

log = logging.getLogger(__name__)

RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
BACKOFF_BASE_S = 0.25
BACKOFF_CAP_S = 4.0
_jitter = random.SystemRandom()  # jitter needs no seed; SystemRandom keeps S311 linters quiet

_client = httpx.Client(
    timeout=httpx.Timeout(settings.payment_timeout_s, connect=min(2.0, settings.payment_timeout_s)),
    limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
)


class PaymentError(Exception):
    """The call did not succeed."""


class PaymentDeclined(PaymentError):
    """The provider answered and refused (4xx): retrying will not help."""


class PaymentUnavailable(PaymentError):
    """The provider kept failing. ``outcome_unknown`` is true when the last attempt was
    sent but never answered: the provider may have applied it."""

    def __init__(self, message: str, outcome_unknown: bool = False):
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


# failures after which the request may have reached the provider
_SENT_BUT_UNANSWERED = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError,
                        httpx.ReadError, httpx.WriteError)


def close() -> None:
    _client.close()


def _retry_after_s(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _backoff_s(attempt: int) -> float:
    return _jitter.uniform(0, min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** (attempt - 1)))


def _request(method: str, path: str, *, idempotency_key: str | None = None,
             json: dict | None = None) -> dict[str, Any]:
    url = f"{settings.payment_api_url}{path}"
    headers = {}
    if settings.payment_api_key:
        headers["Authorization"] = f"Bearer {settings.payment_api_key}"
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    deadline = time.monotonic() + settings.payment_budget_s
    attempts = settings.payment_max_attempts
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        remaining = max(0.1, deadline - time.monotonic())
        timeout = httpx.Timeout(min(settings.payment_timeout_s, remaining), connect=min(2.0, remaining))
        try:
            resp = _client.request(method, url, headers=headers, json=json, timeout=timeout)
        except httpx.TransportError as exc:  # connect error, timeout, reset
            delay = _backoff_s(attempt)
            if last or time.monotonic() + delay > deadline:
                raise PaymentUnavailable(f"{method} {path}: {exc!r} after {attempt} attempt(s)",
                                         outcome_unknown=isinstance(exc, _SENT_BUT_UNANSWERED)) from exc
            log.warning("payment API %s %s failed: %r; attempt %d/%d, retrying in %.2fs",
                        method, path, exc, attempt, attempts, delay)
            time.sleep(delay)
            continue
        if resp.status_code < 400:
            try:
                return resp.json()
            except ValueError as exc:
                raise PaymentUnavailable(f"{method} {path}: answer is not JSON",
                                         outcome_unknown=True) from exc
        if resp.status_code not in RETRYABLE_STATUS:
            raise PaymentDeclined(f"{method} {path} answered {resp.status_code}: {resp.text[:200]}")
        retry_after = _retry_after_s(resp)
        delay = _backoff_s(attempt) if retry_after is None else retry_after
        if last or time.monotonic() + delay > deadline:
            raise PaymentUnavailable(
                f"{method} {path} answered {resp.status_code} after {attempt} attempt(s)")
        log.warning("payment API %s %s answered %d; attempt %d/%d, retrying in %.2fs",
                    method, path, resp.status_code, attempt, attempts, delay)
        time.sleep(delay)
    raise PaymentUnavailable(f"{method} {path}: no attempt made")  # only if attempts < 1


def charge(amount_cents: int, card_token: str, description: str, idempotency_key: str) -> dict:
    result = _request("POST", "/charges", idempotency_key=idempotency_key, json={
        "amount": amount_cents, "currency": "usd", "source": card_token, "description": description,
    })
    if result.get("status") != "succeeded" or not result.get("id"):
        raise PaymentDeclined(f"charge not successful: status={result.get('status')!r}")
    return result


def refund(charge_id: str, amount_cents: int, idempotency_key: str) -> dict:
    return _request("POST", "/refunds", idempotency_key=idempotency_key,
                    json={"charge": charge_id, "amount": amount_cents})


def list_payment_methods() -> list[dict]:
    return _request("GET", "/payment_methods").get("data", [])

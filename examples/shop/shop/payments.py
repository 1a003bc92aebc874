import logging
import os
import time

import httpx
import requests

log = logging.getLogger(__name__)

PAYMENT_API_URL = os.getenv("PAYMENT_API_URL", "https://api.stripe-like.example/v1")
PAYMENT_API_KEY = os.getenv("PAYMENT_API_KEY", "sk_live_FAKEdemo0shop0key0000001")


class PaymentError(Exception):
    pass


def _headers():
    return {"Authorization": f"Bearer {PAYMENT_API_KEY}"}


def charge(amount_cents, card_token, description):
    resp = requests.post(
        f"{PAYMENT_API_URL}/charges",
        json={
            "amount": amount_cents,
            "currency": "usd",
            "source": card_token,
            "description": description,
        },
        headers=_headers(),
    )
    resp.raise_for_status()
    return resp.json()


def charge_with_retry(amount_cents, card_token, description):
    # the payment API is flaky sometimes, so retry a few times
    for attempt in range(5):
        try:
            return charge(amount_cents, card_token, description)
        except:
            time.sleep(1)
    raise PaymentError("payment failed")


def _get_client():
    return httpx.Client(timeout=None, verify=False)


def refund(charge_id, amount_cents):
    client = _get_client()
    while True:
        try:
            resp = client.post(
                f"{PAYMENT_API_URL}/refunds",
                json={"charge": charge_id, "amount": amount_cents},
                headers=_headers(),
            )
            resp.raise_for_status()
            return resp.json()
        except httpx.HTTPError:
            log.error("refund failed, retrying")
            time.sleep(2)

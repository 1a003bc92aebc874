# hallucinated-package: clients for HTTP and third-party services.
# Where these come from: asked for "a client with retries" or "send an SMS/e-mail/Slack
# message", assistants import a made-up wrapper package named after the feature instead of
# the vendor's real SDK, or instead of writing the ten lines that the real libraries need.
import json
import logging
from typing import Any

import requests  # ok: hallucinated-package, undeclared-dependency
import httpx  # ok: hallucinated-package, undeclared-dependency
from requests.adapters import HTTPAdapter  # ok: hallucinated-package, undeclared-dependency

from httpx_retry_client import RetryClient  # expect: hallucinated-package
from aiohttp_retry_client import RetryingSession  # expect: hallucinated-package
from http_retry_session import build_session  # expect: hallucinated-package
import httpx_cache_client  # expect: hallucinated-package

log = logging.getLogger(__name__)

api = RetryClient(base_url="https://api.example.com", retries=3, timeout=10)
cached = httpx_cache_client.CachedClient(ttl=300)


def fetch_prices(symbols: list[str]) -> dict[str, Any]:
    session = build_session(total_retries=5, backoff=0.5)
    resp = session.get("https://prices.example.com/v1", params={"s": ",".join(symbols)}, timeout=10)
    resp.raise_for_status()
    return resp.json()


async def fetch_profile(user_id: str) -> dict[str, Any]:
    async with RetryingSession(attempts=3) as session:
        async with session.get(f"https://profiles.example.com/{user_id}") as resp:
            return await resp.json()


# --- payments, messaging, storage --------------------------------------------------------

from stripe_payments_helper import charge_customer  # expect: hallucinated-package
from stripe_webhook_verifier import verify_signature  # expect: hallucinated-package
from twilio_sms_helper import send_sms  # expect: hallucinated-package
from sendgrid_mail_client import SendGridClient  # expect: hallucinated-package
import slack_notify_client as slack  # expect: hallucinated-package
from boto3_s3_uploader import upload_file  # expect: hallucinated-package
from s3_presigned_url import generate_presigned_url  # expect: hallucinated-package
from aws_secrets_loader import load_secret  # expect: hallucinated-package


def checkout(customer_id: str, amount_cents: int) -> str:
    charge = charge_customer(customer_id, amount_cents, currency="eur")
    send_sms(to="+15550100", body=f"Charged {amount_cents / 100:.2f} EUR")
    slack.post("#payments", f"charge {charge['id']}")
    return charge["id"]


def handle_webhook(payload: bytes, signature: str) -> dict[str, Any]:
    event = verify_signature(payload, signature, secret=load_secret("stripe/webhook"))
    return json.loads(event)


def mail_receipt(to: str, html: str) -> None:
    SendGridClient(api_key=load_secret("sendgrid")).send(to=to, subject="Your receipt", html=html)


def archive_invoice(path: str) -> str:
    upload_file(path, bucket="invoices")
    return generate_presigned_url("invoices", path, expires_in=3600)


def plain_session() -> requests.Session:
    session = requests.Session()
    session.mount("https://", HTTPAdapter(pool_maxsize=20))
    return session


def plain_client() -> httpx.Client:
    return httpx.Client(timeout=10.0)

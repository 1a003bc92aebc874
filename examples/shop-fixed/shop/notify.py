"""Order notifications: a webhook to the notification service and an e-mail.

Both are best effort: they run after the order is committed, each has a timeout,
a failure is logged with its traceback and never fails the order. Each message
carries an Idempotency-Key so that the service can drop a duplicate.
"""
import hashlib
import hmac
import json
import logging
import smtplib
from decimal import Decimal
from email.message import EmailMessage

import httpx
from pydantic import BaseModel

from shop.config import settings

log = logging.getLogger(__name__)

_client = httpx.Client(timeout=httpx.Timeout(settings.notify_timeout_s))


class OrderEvent(BaseModel):
    order_id: int
    user_email: str
    total: Decimal


def close() -> None:
    _client.close()


def send_webhook(event_type: str, event: OrderEvent) -> bool:
    if not settings.notify_api_url:
        log.info("NOTIFY_API_URL not set; %s webhook for order %s not sent", event_type, event.order_id)
        return False
    body = json.dumps({"type": event_type, "data": event.model_dump(mode="json")})
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": f"{event_type}-{event.order_id}",
    }
    if settings.webhook_signing_secret:
        secret = settings.webhook_signing_secret.encode()
        headers["X-Signature"] = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    try:
        resp = _client.post(f"{settings.notify_api_url}/messages", content=body, headers=headers)
        resp.raise_for_status()
    except httpx.HTTPError:
        log.exception("webhook %s for order %s failed", event_type, event.order_id)
        return False
    return True


def send_order_email(to_address: str, order_id: int, total: Decimal) -> bool:
    if not (settings.smtp_host and settings.smtp_sender):
        log.info("SMTP not configured; confirmation e-mail for order %s not sent", order_id)
        return False
    msg = EmailMessage()
    msg["From"] = settings.smtp_sender
    msg["To"] = to_address
    msg["Subject"] = f"Your order #{order_id}"
    msg.set_content(f"Thanks for your order! Total: ${total}")
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s) as smtp:
            smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except (smtplib.SMTPException, OSError):
        log.exception("confirmation e-mail for order %s failed", order_id)
        return False
    return True

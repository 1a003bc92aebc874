import hashlib
import hmac
import json
import os
import smtplib
from email.message import EmailMessage

import httpx
from pydantic import BaseModel

from shop.config import SHOP_EMAIL, SMTP_HOST, SMTP_PORT, SMTP_USER

NOTIFY_API_URL = os.getenv("NOTIFY_API_URL", "https://hooks.myshop.example")
SMTP_PASSWORD = os.getenv("SMTP_PASSWORD")
WEBHOOK_SIGNING_SECRET = "whsec_FAKEdemo0shop0signing0secret01"


class OrderEvent(BaseModel):
    order_id: int
    user_email: str
    total: float

    class Config:
        orm_mode = True


def send_webhook(event_type, event: OrderEvent):
    body = json.dumps({"type": event_type, "data": event.dict()})
    signature = hmac.new(WEBHOOK_SIGNING_SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Signature": signature}
    resp = httpx.post(f"{NOTIFY_API_URL}/messages", content=body, headers=headers, timeout=None)
    while resp.status_code == 429:
        # rate limited, send again
        resp = httpx.post(f"{NOTIFY_API_URL}/messages", content=body, headers=headers, timeout=None)
    return resp.json()


def send_order_email(to_address, order_id, total):
    if not SMTP_PASSWORD:
        print(f"SMTP not configured, skipping email to {to_address}")
        return False
    try:
        msg = EmailMessage()
        msg["From"] = SHOP_EMAIL
        msg["To"] = to_address
        msg["Subject"] = f"Your order #{order_id}"
        msg.set_content(f"Thanks for your order! Total: ${total}")
        server = smtplib.SMTP(SMTP_HOST, SMTP_PORT)
        server.starttls()
        server.login(SMTP_USER, SMTP_PASSWORD)
        server.send_message(msg)
        return True
    except Exception:
        return False

# deprecated-api: SQLAlchemy 2.1, httpx 0.28, click 8.2+, jsonschema 4.18+, PyJWT 2,
# structlog and requests, as installed.
# Where these come from: 1.x-era SQLAlchemy (declarative_base from ext.declarative,
# Query.get), requests habits carried into httpx (data= with a JSON string, verify= with a
# path), click's pre-8.2 class names, jsonschema's RefResolver, PyJWT 1's verify=False.
import json
import ssl
from typing import Any

import click
import httpx
import jsonschema
import jwt
import requests.utils
import sqlalchemy as sa
from sqlalchemy.ext.declarative import declarative_base  # expect[sqla-base]: deprecated-api -- sqlalchemy.orm.DeclarativeBase
from sqlalchemy.orm import Session, declarative_base as orm_declarative_base  # ok: deprecated-api -- legacy, not deprecated
from structlog.threadlocal import bind_threadlocal  # expect[threadlocal]: deprecated-api -- structlog.contextvars
from structlog.contextvars import bind_contextvars  # ok: deprecated-api

Base = declarative_base()  # expect[sqla-base]: deprecated-api
LegacyBase = orm_declarative_base()  # ok: deprecated-api


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(200), unique=True)


class Invoice(LegacyBase):
    __tablename__ = "invoices"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, index=True)


def customer(session: Session, customer_id: int) -> Customer | None:
    return session.query(Customer).get(customer_id)  # expect: deprecated-api -- session.get(Customer, id)


def customer_right(session: Session, customer_id: int) -> Customer | None:
    return session.get(Customer, customer_id)  # ok: deprecated-api


def customers_by_email(session: Session, domain: str) -> list[Customer]:
    return session.query(Customer).filter(Customer.email.like(f"%@{domain}")).limit(100).all()  # ok: deprecated-api -- legacy Query, not deprecated


def invoice_count_subquery(session: Session) -> Any:
    return session.query(sa.func.count(Invoice.id)).filter(Invoice.customer_id == Customer.id).as_scalar()  # expect: deprecated-api -- scalar_subquery()


def invoice_count_subquery_right(session: Session) -> Any:
    return session.query(sa.func.count(Invoice.id)).filter(Invoice.customer_id == Customer.id).scalar_subquery()  # ok: deprecated-api


def request_context(request_id: str) -> None:
    bind_threadlocal(request_id=request_id)  # expect[threadlocal]: deprecated-api
    bind_contextvars(request_id=request_id)  # ok: deprecated-api


# --- httpx ---------------------------------------------------------------------------------


def internal_client() -> httpx.Client:
    return httpx.Client(verify="/etc/ssl/certs/internal-ca.pem", timeout=10)  # expect: deprecated-api -- verify=ssl.create_default_context(cafile=...)


def mtls_client() -> httpx.Client:
    return httpx.Client(cert=("client.crt", "client.key"), timeout=10)  # expect: deprecated-api -- SSLContext.load_cert_chain


def internal_client_right() -> httpx.Client:
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    ctx.load_cert_chain("client.crt", "client.key")
    return httpx.Client(verify=ctx, timeout=10)  # ok: deprecated-api


def post_order(order: dict[str, Any]) -> httpx.Response:
    return httpx.post("https://api.example.com/orders", data=json.dumps(order), timeout=10)  # expect: deprecated-api -- content= or json=


def post_order_right(order: dict[str, Any]) -> httpx.Response:
    return httpx.post("https://api.example.com/orders", json=order, timeout=10)  # ok: deprecated-api


def post_form(fields: dict[str, str]) -> httpx.Response:
    return httpx.post("https://api.example.com/form", data=fields, timeout=10)  # ok: deprecated-api -- a dict is form data


def post_raw(body: bytes) -> httpx.Response:
    return httpx.post("https://api.example.com/raw", content=body, timeout=10)  # ok: deprecated-api


# --- click ---------------------------------------------------------------------------------


class PluginCLI(click.MultiCommand):  # expect: deprecated-api -- click.Group
    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["sync"]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return click.Command(cmd_name)


class AliasedGroup(click.Group):  # ok: deprecated-api
    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name[:4])


def is_command(obj: object) -> bool:
    return isinstance(obj, click.BaseCommand)  # expect: deprecated-api -- click.Command


# --- jsonschema, PyJWT, requests -----------------------------------------------------------


def validate_order(order: dict[str, Any], schema: dict[str, Any]) -> None:
    resolver = jsonschema.RefResolver.from_schema(schema)  # expect: deprecated-api -- the referencing library
    jsonschema.validate(order, schema, resolver=resolver)


def validate_email_field(order: dict[str, Any], schema: dict[str, Any]) -> None:
    jsonschema.validate(order, schema, format_checker=jsonschema.draft7_format_checker)  # expect: deprecated-api -- Draft7Validator.FORMAT_CHECKER


def validate_right(order: dict[str, Any], schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())  # ok: deprecated-api
    validator.validate(order)


def claims_unverified(token: str, secret: str) -> dict[str, Any]:
    return jwt.decode(token, secret, algorithms=["HS256"], verify=False)  # expect: deprecated-api -- options={"verify_signature": False}


def claims(token: str, secret: str) -> dict[str, Any]:
    return jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})  # ok: deprecated-api


def page_encoding(html: str) -> str:
    found = requests.utils.get_encodings_from_content(html)  # expect: deprecated-api -- removed in requests 3
    return found[0] if found else "utf-8"

# hallucinated-package: LLM tooling, auth and small helpers.
# Where these come from: the newest libraries (LLM SDKs, vector stores) are where models
# know least, so they invent wrapper packages freely; and for small chores (hash a password,
# load settings, parse a date) they import a helper package instead of the standard library
# or the real, declared dependency.
import hashlib
import json
import logging
import secrets
import tomllib  # ok: hallucinated-package, undeclared-dependency
import zoneinfo  # ok: hallucinated-package, undeclared-dependency
import graphlib  # ok: hallucinated-package, undeclared-dependency
from datetime import UTC, datetime
from typing import Any

import yaml  # ok: hallucinated-package, undeclared-dependency
import jwt  # ok: hallucinated-package, undeclared-dependency
from dotenv import load_dotenv  # ok: hallucinated-package, undeclared-dependency
from dateutil import parser as dateparser  # ok: hallucinated-package, undeclared-dependency
from bs4 import BeautifulSoup  # ok: hallucinated-package, undeclared-dependency
from ruamel.yaml import YAML  # ok: hallucinated-package, undeclared-dependency
from pydantic_settings import BaseSettings  # ok: hallucinated-package, undeclared-dependency

from openai_tools_utils import function_schema  # expect: hallucinated-package
from langchain_helpers_pro import build_chain  # expect: hallucinated-package
from langchain_memory_utils import ConversationBufferStore  # expect: hallucinated-package
import llm_json_parser  # expect: hallucinated-package
from tiktoken_counter import count_tokens  # expect: hallucinated-package
from vector_store_utils import VectorStore  # expect: hallucinated-package
from embedding_cache import cached_embeddings  # expect: hallucinated-package
import chromadb_helpers  # expect: hallucinated-package
from openai_retry import with_retry  # expect: hallucinated-package

log = logging.getLogger(__name__)


@with_retry(attempts=3)
def answer(question: str, context: list[str]) -> dict[str, Any]:
    if count_tokens(question) > 4000:
        raise ValueError("question too long")
    chain = build_chain(model="gpt-4o", memory=ConversationBufferStore(max_turns=10))
    raw = chain.run(question=question, context=context, tools=[function_schema(lookup_order)])
    return llm_json_parser.parse(raw, strict=False)


def lookup_order(order_id: int) -> str:
    store = VectorStore(collection=chromadb_helpers.collection("orders"))
    vectors = cached_embeddings([str(order_id)])
    return json.dumps(store.search(vectors[0], k=3))


# --- auth and settings ---------------------------------------------------------------------

from jwt_auth_utils import create_access_token  # expect: hallucinated-package
from jwt_token_validator import validate_token  # expect: hallucinated-package
from bcrypt_password_utils import hash_password  # expect: hallucinated-package
from secure_password_hasher import verify_password  # expect: hallucinated-package
from email_validator_plus import is_valid_email  # expect: hallucinated-package
from env_config_loader import load_env  # expect: hallucinated-package
import dotenv_settings_loader  # expect: hallucinated-package
from yamlconfig_loader import load_yaml_config  # expect: hallucinated-package


class Settings(BaseSettings):
    jwt_secret: str = "change-me"
    database_url: str = "sqlite:///app.db"


def login(email: str, password: str, stored_hash: str) -> str:
    if not is_valid_email(email) or not verify_password(password, stored_hash):
        raise PermissionError("bad credentials")
    return create_access_token({"sub": email}, expires_minutes=30)


def register(password: str) -> str:
    return hash_password(password, rounds=12)


def current_user(token: str) -> dict[str, Any]:
    return validate_token(token, audience="shop")


def settings() -> dict[str, Any]:
    load_dotenv()
    load_env(".env")
    base = load_yaml_config("config.yaml")
    base.update(dotenv_settings_loader.read(".env.local"))
    return base


def stdlib_versions_of_the_same(password: str, token: str, secret: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    with open("config.toml", "rb") as fh:
        config = tomllib.load(fh)
    with open("config.yaml", encoding="utf-8") as fh:
        more = yaml.safe_load(fh)
    order = list(graphlib.TopologicalSorter({"b": {"a"}}).static_order())
    when = dateparser.isoparse("2024-05-01T10:00:00+02:00").astimezone(zoneinfo.ZoneInfo("Europe/Paris"))
    title = BeautifulSoup("<title>x</title>", "html.parser").title
    doc = YAML(typ="safe").load("a: 1")
    return {"digest": digest.hex(), "claims": claims, "config": config, "more": more, "order": order,
            "when": when.isoformat(), "title": str(title), "doc": doc, "now": datetime.now(UTC)}


# --- logging and small utilities -----------------------------------------------------------

from structlog_json_formatter import JSONFormatter  # expect: hallucinated-package
from rich_logging_handler import PrettyHandler  # expect: hallucinated-package
from rate_limit_decorator import rate_limited  # expect: hallucinated-package
from retry_backoff_utils import exponential_backoff  # expect: hallucinated-package
from datetime_utils_plus import to_utc  # expect: hallucinated-package
from json_schema_builder import schema_for  # expect: hallucinated-package
from pdf_text_extractor_pro import extract_text  # expect: hallucinated-package

handler = PrettyHandler()
handler.setFormatter(JSONFormatter())
log.addHandler(handler)


@rate_limited(calls=10, period=1.0)
@exponential_backoff(max_tries=5)
def import_invoice(path: str) -> dict[str, Any]:
    text = extract_text(path)
    return {"text": text, "at": to_utc(datetime.now(UTC)).isoformat(), "schema": schema_for(dict)}

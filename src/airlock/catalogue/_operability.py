"""Operability family: code that runs but cannot be observed, configured or safely changed."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

OPERABILITY: tuple[Category, ...] = (
    Category(
        id="missing-observability",
        family=Family.OPERABILITY,
        title="Missing logs, context, correlation or health checks",
        summary=(
            "The code prints instead of logging, logs errors without context, does not "
            "correlate requests, or exposes no health or metrics."
        ),
        why_ai=(
            "`print()` is how examples show output, and instrumentation is infrastructure that "
            "no prompt asks for, so assistants rarely add loggers, request ids, metrics or a "
            "health endpoint. Error handlers print `str(e)` because the example only had to "
            "show that an error happened."
        ),
        in_production=(
            "When checkout fails, the output holds 'Error: timeout' with no order id, user, "
            "traceback or request id, so on-call cannot tell which request failed or why, and "
            "customers report incidents before dashboards do. Without a health endpoint the "
            "orchestrator keeps routing traffic to a broken instance."
        ),
        fix=(
            "Log through the `logging` module with context (ids, not payloads), log "
            "exceptions with their traceback (`logger.exception`), propagate a request or "
            "trace id (e.g. OpenTelemetry), and expose health and readiness endpoints and "
            "latency and error-rate metrics."
        ),
        example="""\
def place_order(cart: Cart) -> Order:
    try:
        return checkout.submit(cart)
    except Exception as e:
        print("Error:", e)
        raise
""",
        use_instead="""\
logger = logging.getLogger(__name__)

def place_order(cart: Cart) -> Order:
    try:
        return checkout.submit(cart)
    except CheckoutError:
        logger.exception("checkout failed", extra={"cart_id": cart.id, "user_id": cart.user_id})
        raise
""",
        default_severity=Severity.LOW,
        references=(
            "https://docs.python.org/3/howto/logging.html",
            "https://opentelemetry.io/docs/languages/python/",
        ),
    ),
    Category(
        id="hardcoded-config",
        family=Family.OPERABILITY,
        title="Configuration fixed in code",
        summary="Hosts, URLs, ports, paths, credentials or limits are fixed in code.",
        why_ai=(
            "A literal `localhost:5432` or `/home/dev/uploads` makes the snippet run as it is, "
            "and the assistant only knows the environment described in the prompt. It cannot "
            "see the staging, production and CI environments the same code must run in."
        ),
        in_production=(
            "The deployed service connects to `localhost` and fails, or staging writes to the "
            "production bucket because its URL was pasted in; changing a limit or moving a "
            "host needs a code change and a release, in the middle of an incident. Hardcoded "
            "credentials are exposed secrets as well."
        ),
        fix=(
            "Read environment-specific values from configuration validated at startup "
            "(environment variables through pydantic-settings or Django settings), fail fast "
            "when a required value is missing, and keep only true constants in code."
        ),
        example="""\
engine = create_engine("postgresql://app@localhost:5432/shop")
UPLOAD_DIR = "/home/dev/shop/uploads"
PAYMENTS_URL = "https://sandbox.payments.example/v1"
""",
        use_instead="""\
class Settings(BaseSettings):
    database_url: PostgresDsn
    upload_dir: DirectoryPath
    payments_url: HttpUrl

settings = Settings()  # from the environment; fails at startup if a value is missing
engine = create_engine(str(settings.database_url))
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://12factor.net/config",
            "https://docs.pydantic.dev/latest/concepts/pydantic_settings/",
        ),
    ),
    Category(
        id="architecture-violation",
        family=Family.OPERABILITY,
        title="Layer boundary broken or import cycle",
        summary="Code breaks a declared boundary or layer contract, or creates an import cycle.",
        why_ai=(
            "An assistant solves the prompt along the shortest import path: the route queries "
            "the database directly, the domain module imports the web framework, a helper "
            "imports back from its caller. It cannot see the architecture the team declared, "
            "only the file in front of it."
        ),
        in_production=(
            "Rules enforced in the service layer (authorisation, validation, auditing) are "
            "bypassed by a route that goes straight to the database, and coupled layers make "
            "every change ripple through the codebase. Import cycles fail at import time "
            "depending on which module loads first."
        ),
        fix=(
            "Declare the layers and their allowed imports (e.g. import-linter contracts), "
            "cross a boundary only through the public interface of the layer below, and break "
            "cycles by moving the shared piece down a layer."
        ),
        example="""\
# app/api/orders.py: the API layer writes to the database itself
from app.db.models import Order
from app.db.session import SessionLocal

@router.post("/orders/{order_id}/cancel")
def cancel(order_id: int) -> None:
    with SessionLocal() as db:
        db.get(Order, order_id).status = "cancelled"  # no ownership check, refund or audit
        db.commit()
""",
        use_instead="""\
# app/api/orders.py: the API layer calls the service layer only
from app.services import orders

@router.post("/orders/{order_id}/cancel")
def cancel(order_id: int, user: CurrentUser) -> None:
    orders.cancel(order_id, by=user)  # checks ownership, refunds and audits
""",
        default_severity=Severity.MEDIUM,
        references=("https://import-linter.readthedocs.io/en/stable/",),
    ),
)

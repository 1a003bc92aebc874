"""Dependencies family: calls to other services written as if those never fail or slow down."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

DEPENDENCIES: tuple[Category, ...] = (
    Category(
        id="no-timeout",
        family=Family.DEPENDENCIES,
        title="External call without a timeout",
        summary="An external call (HTTP, database, socket, subprocess) can wait forever.",
        why_ai=(
            "`requests.get(url)` with no other argument is the most common line in Python HTTP "
            "examples, and requests has no default timeout. Assistants assume instant answers "
            "from other services because the sample calls in their training data always "
            "returned."
        ),
        in_production=(
            "When the payment provider hangs, every worker thread blocks on its call: the "
            "service stops answering, health checks fail, and the outage spreads to everything "
            "that calls this service. Nothing errors or logs, so the incident looks like a "
            "mysterious freeze."
        ),
        fix=(
            "Pass an explicit timeout (connect and read) to every outbound call, e.g. "
            "`requests.get(url, timeout=(3.05, 10))`, or build the client with a default "
            "timeout; set connect and statement timeouts on database drivers and `timeout=` on "
            "`subprocess.run`."
        ),
        example="""\
def fetch_rate(currency: str) -> Decimal:
    resp = requests.get(f"{RATES_API}/latest", params={"base": currency})
    resp.raise_for_status()
    return resp.json(parse_float=Decimal)["rate"]
""",
        use_instead="""\
def fetch_rate(currency: str) -> Decimal:
    resp = requests.get(f"{RATES_API}/latest", params={"base": currency}, timeout=(3.05, 10))
    resp.raise_for_status()
    return resp.json(parse_float=Decimal)["rate"]
""",
        default_severity=Severity.HIGH,
        references=(
            "https://requests.readthedocs.io/en/latest/user/advanced/#timeouts",
            "https://www.python-httpx.org/advanced/timeouts/",
        ),
    ),
    Category(
        id="no-backoff",
        family=Family.DEPENDENCIES,
        title="Retry without backoff, jitter or bound",
        summary="Retries have no backoff, jitter or bound, and ignore 429 and Retry-After.",
        why_ai=(
            "A `while True` loop around `try`/`except` with a fixed `time.sleep(1)` is the "
            "simplest retry and appears in countless scripts. Assistants add it when asked for "
            "resilience, without the failure model behind it: every client retries at once, "
            "and a throttling provider says when to come back."
        ),
        in_production=(
            "When a provider slows down or answers 429, every worker retries at once and in "
            "step, multiplying the load on a service that is already failing, so the outage "
            "lasts longer (a retry storm). Unbounded loops pin workers forever, and a client "
            "that ignores Retry-After gets throttled harder or blocked."
        ),
        fix=(
            "Retry only transient errors, a bounded number of times, with exponential backoff "
            "and jitter, honouring `Retry-After`; use `urllib3.util.Retry` on a requests "
            "adapter or a library such as tenacity instead of a hand-written loop."
        ),
        example="""\
def fetch_invoice_pdf(invoice_id: str) -> bytes:
    while True:
        try:
            resp = requests.get(f"{BILLING_API}/invoices/{invoice_id}.pdf", timeout=10)
            resp.raise_for_status()
            return resp.content
        except requests.RequestException:
            time.sleep(1)  # forever, in lockstep with every other worker
""",
        use_instead="""\
retry = Retry(total=5, backoff_factor=0.5, backoff_jitter=0.5,
              status_forcelist=[429, 502, 503, 504])  # honours Retry-After by default
session = requests.Session()
session.mount("https://", HTTPAdapter(max_retries=retry))

def fetch_invoice_pdf(invoice_id: str) -> bytes:
    resp = session.get(f"{BILLING_API}/invoices/{invoice_id}.pdf", timeout=10)
    resp.raise_for_status()
    return resp.content
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://urllib3.readthedocs.io/en/stable/reference/urllib3.util.html",
            "https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3",
            "https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/",
        ),
    ),
    Category(
        id="no-fallback",
        family=Family.DEPENDENCIES,
        title="External failure not handled",
        summary=(
            "An external failure crashes or hangs the caller because there is no error "
            "handling, no degraded mode and no circuit breaker."
        ),
        why_ai=(
            "Assistants treat outside APIs as if they never go down: the generated integration "
            "calls the service, reads the happy-path JSON and returns it. What the product "
            "should do while the recommendation service is down is a decision the prompt did "
            "not contain."
        ),
        in_production=(
            "An outage of a non-essential dependency (recommendations, avatars, analytics) "
            "becomes a 500 on the product or checkout page, because the exception propagates "
            "through the request. Without a circuit breaker every request still waits for the "
            "dead service's timeout, so latency stays high long after the first failure."
        ),
        fix=(
            "Catch the dependency's errors at the boundary, log them with context, and return "
            "a defined degraded result (cached or default data, a queued retry, or a clear "
            "503); put a circuit breaker in front of dependencies that fail slowly."
        ),
        example="""\
def product_page(product_id: int) -> dict[str, object]:
    product = products.get(product_id)
    resp = http.get(f"{RECS_API}/similar/{product_id}", timeout=2)
    return {"product": product, "similar": resp.json()["items"]}  # recs down: page down
""",
        use_instead="""\
def product_page(product_id: int) -> dict[str, object]:
    product = products.get(product_id)
    try:
        resp = http.get(f"{RECS_API}/similar/{product_id}", timeout=2)
        resp.raise_for_status()
        similar = resp.json()["items"]
    except (httpx.HTTPError, KeyError, ValueError):
        logger.warning("no recommendations for product %s", product_id, exc_info=True)
        similar = []  # the page renders without them
    return {"product": product, "similar": similar}
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://learn.microsoft.com/en-us/azure/architecture/patterns/circuit-breaker",
            "https://www.python-httpx.org/exceptions/",
        ),
    ),
    Category(
        id="unsafe-retry",
        family=Family.DEPENDENCIES,
        title="Non-idempotent effect retried or submitted twice",
        summary=(
            "A non-idempotent effect is retried or submitted twice: a double charge, a "
            "duplicate notification, duplicate rows."
        ),
        why_ai=(
            "Assistants add retry decorators and 'try again' buttons without asking whether "
            "the operation is safe to repeat, and apply them to POSTs as readily as to GETs. "
            "The generated handler has no idempotency key because single-request demos never "
            "send anything twice."
        ),
        in_production=(
            "The provider charges the card, the response times out, and the retry charges it "
            "again; a user double-clicks 'Place order' and two orders ship. Customers and "
            "support find the duplicates later, and undoing them costs refunds and trust."
        ),
        fix=(
            "Make the effect idempotent: send an idempotency key derived from the business "
            "operation (e.g. the order id) with every call that may be retried, enforce a "
            "unique constraint on the operation id, and retry only calls that are idempotent."
        ),
        example="""\
@retry(stop=stop_after_attempt(3), wait=wait_exponential())
def charge(order: Order) -> str:
    intent = stripe.PaymentIntent.create(
        amount=order.total_cents, currency="eur", customer=order.customer_id,
    )  # a timeout after the charge succeeded charges the card again
    return intent.id
""",
        use_instead="""\
@retry(stop=stop_after_attempt(3), wait=wait_exponential())
def charge(order: Order) -> str:
    intent = stripe.PaymentIntent.create(
        amount=order.total_cents, currency="eur", customer=order.customer_id,
        idempotency_key=f"order-{order.id}-charge",  # a retry returns the first result
    )
    return intent.id
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.stripe.com/api/idempotent_requests",
            "https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2",
        ),
    ),
)

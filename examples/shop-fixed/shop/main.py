"""HTTP layer: routes, request and response models, logging, lifespan."""
import contextvars
import logging
import re
import threading
import time
import uuid
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from shop import notify, payments, services
from shop.auth import authenticate, get_current_user, new_token, require_admin, token_digest
from shop.config import settings
from shop.db import engine, get_db
from shop.models import ApiToken, Base, User

BASE_DIR = Path(__file__).parent
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging() -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)


configure_logging()
log = logging.getLogger("shop")


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings.check_for_serving()
    if not settings.payment_api_key:
        log.warning("PAYMENT_API_KEY is not set; payment requests are sent unauthenticated")
    Base.metadata.create_all(bind=engine)
    log.info("shop started")
    yield
    payments.close()
    notify.close()
    engine.dispose()
    log.info("shop stopped")


app = FastAPI(title="Shop API", lifespan=lifespan)
if settings.cors_origins:
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                       allow_methods=["GET", "POST", "DELETE"],
                       allow_headers=["Authorization", "Content-Type", "Idempotency-Key"])
app.mount("/static", StaticFiles(directory=BASE_DIR / "static"), name="static")
templates = Jinja2Templates(directory=BASE_DIR / "templates")


class Stats:
    """Process-wide counters, safe under concurrent requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = {"product_views": 0, "orders_placed": 0, "requests": 0}

    def incr(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


stats = Stats()


@app.middleware("http")
async def request_context(request: Request, call_next):
    request_id = request.headers.get("X-Request-ID", "")
    if not REQUEST_ID_RE.match(request_id):
        request_id = uuid.uuid4().hex
    token = request_id_var.set(request_id)
    started = time.perf_counter()
    try:
        response = await call_next(request)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        response = JSONResponse({"detail": "internal error", "request_id": request_id}, status_code=500)
    stats.incr("requests")
    response.headers["X-Request-ID"] = request_id
    log.info("%s %s -> %d in %.1f ms", request.method, request.url.path, response.status_code,
             (time.perf_counter() - started) * 1000)
    request_id_var.reset(token)
    return response


@app.exception_handler(services.ServiceError)
def service_error(request: Request, exc: services.ServiceError) -> JSONResponse:
    body = {"detail": str(exc)}
    if exc.order_id is not None:
        body["order_id"] = exc.order_id
    return JSONResponse(body, status_code=exc.status)


# --- request and response models ----------------------------------------------------

class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None = None
    price: Decimal
    stock: int
    category: str | None = None


class ProductDetail(ProductOut):
    display_price: str


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    price: Decimal = Field(ge=0, le=Decimal("100000"), max_digits=10, decimal_places=2)
    stock: int = Field(default=0, ge=0, le=1_000_000)
    category: str | None = Field(default=None, max_length=50)


class LoginIn(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    password: str = Field(min_length=1, max_length=200)


class OrderLine(BaseModel):
    product_id: int = Field(gt=0)
    quantity: int = Field(gt=0, le=100)


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[OrderLine] = Field(min_length=1, max_length=settings.max_order_lines)
    card_token: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")


class OrderOut(BaseModel):
    id: int
    status: str
    total: Decimal


class OrderItemOut(BaseModel):
    product: str
    quantity: int
    unit_price: Decimal


class OrderDetail(OrderOut):
    created_at: str
    items: list[OrderItemOut]


class Receipt(BaseModel):
    order_id: int
    lines: list[str]
    total: str


class SalesRow(BaseModel):
    product: str
    units: int
    revenue: Decimal


class ShippingRates(BaseModel):
    rates: dict[str, Decimal]
    free_over: Decimal


DB = Annotated[Session, Depends(get_db)]
CurrentUser = Annotated[User, Depends(get_current_user)]
Admin = Annotated[User, Depends(require_admin)]
Limit = Annotated[int, Query(ge=1, le=settings.max_page_size)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
AfterId = Annotated[int, Query(ge=0, description="return products with an id above this one")]
ExportDays = Annotated[int, Query(ge=1, le=366)]
ExportLimit = Annotated[int, Query(ge=1, le=settings.max_export_rows)]
IdempotencyKey = Annotated[str | None, Header(max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]


# --- routes ---------------------------------------------------------------------------

@app.get("/health")
def health(db: DB):
    try:
        db.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unreachable") from None
    return {"status": "ok"}


@app.get("/")
def index(request: Request):
    return templates.TemplateResponse(request, "index.html", {"title": "Shop"})


@app.get("/products", response_model=list[ProductOut])
def list_products(db: DB, limit: Limit = settings.page_size, after: AfterId = 0):
    return services.list_products(db, after, limit)


@app.get("/products/search", response_model=list[ProductOut])
def search_products(db: DB, q: Annotated[str, Query(min_length=1, max_length=100)],
                    limit: Limit = settings.page_size):
    return services.search_products(db, q, limit)


@app.get("/products/{product_id}", response_model=ProductDetail)
def get_product(product_id: int, db: DB):
    product = services.get_product(db, product_id)
    stats.incr("product_views")
    return ProductDetail(**ProductOut.model_validate(product).model_dump(),
                         display_price=services.format_price(product.price))


@app.post("/admin/products", response_model=ProductDetail, status_code=status.HTTP_201_CREATED)
def create_product(body: ProductIn, admin: Admin):
    product = services.create_product(body.name, body.description, body.price, body.stock,
                                      body.category)
    return ProductDetail(**ProductOut.model_validate(product).model_dump(),
                         display_price=services.format_price(product.price))


@app.delete("/products/{product_id}")
def delete_product(product_id: int, admin: Admin):
    services.deactivate_product(product_id, admin)
    return {"ok": True}


@app.post("/login")
def login(body: LoginIn, db: DB):
    user = authenticate(db, body.email, body.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid email or password")
    token = new_token()
    db.add(ApiToken(user_id=user.id, token_hash=token_digest(token)))
    db.commit()
    return {"token": token, "user": {"id": user.id, "email": user.email, "role": user.role}}


@app.get("/me")
def me(user: CurrentUser):
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}


@app.post("/orders", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def create_order(body: OrderIn, user: CurrentUser, idempotency_key: IdempotencyKey = None):
    lines = [(line.product_id, line.quantity) for line in body.items]
    order = services.place_order(user, lines, body.card_token, idempotency_key)
    stats.incr("orders_placed")
    return OrderOut(id=order.id, status=order.status, total=order.total)


@app.get("/orders", response_model=list[OrderDetail])
def list_orders(db: DB, user: CurrentUser, limit: Limit = settings.page_size, offset: Offset = 0):
    return services.list_orders(db, user, limit, offset)


@app.get("/orders/{order_id}/receipt", response_model=Receipt)
def receipt(order_id: int, db: DB, user: CurrentUser):
    return services.get_receipt(db, user, order_id)


@app.post("/orders/{order_id}/cancel", response_model=OrderOut)
def cancel_order(order_id: int, user: CurrentUser):
    order = services.cancel_order(user, order_id)
    return OrderOut(id=order.id, status=order.status, total=order.total)


@app.get("/payments/methods")
def payment_methods():
    return services.payment_methods()


@app.get("/reports/sales", response_model=list[SalesRow])
def sales_report(db: DB, admin: Admin, limit: Limit = settings.page_size):
    return services.sales_report(db, limit)


@app.get("/admin/orders/export")
def export_orders(db: DB, admin: Admin, days: ExportDays = 30,
                  limit: ExportLimit = settings.max_export_rows):
    return PlainTextResponse(services.export_orders_csv(db, days, limit), media_type="text/csv")


@app.get("/shipping-rates", response_model=ShippingRates)
def shipping_rates():
    return services.shipping_rates()


@app.get("/stats")
def get_stats():
    return stats.snapshot()

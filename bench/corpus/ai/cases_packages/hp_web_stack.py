# hallucinated-package: web-framework glue.
# Where these come from: asked for caching, rate limiting, JWT auth or pagination in a FastAPI
# or Flask service, assistants invent a "<framework>_<feature>_utils" package that would
# solve it in one import. None of these names exists on PyPI, so anyone can register one
# ("slopsquatting"). The real packages here are declared in pyproject.toml.
from __future__ import annotations  # ok: hallucinated-package, undeclared-dependency

import logging
import os
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request  # ok: hallucinated-package, undeclared-dependency
from fastapi.responses import JSONResponse  # ok: hallucinated-package, undeclared-dependency
from fastapi_cache_utils import cache_response, init_cache  # expect: hallucinated-package
from fastapi_rate_limiter_pro import RateLimiter  # expect: hallucinated-package
from fastapi_jwt_middleware import JWTMiddleware, get_current_user  # expect: hallucinated-package
import fastapi_pagination_utils as pagination  # expect: hallucinated-package
from prometheus_fastapi_metrics import instrument_app  # expect: hallucinated-package
from pydantic import BaseModel  # ok: hallucinated-package, undeclared-dependency

log = logging.getLogger(__name__)

app = FastAPI(title="orders")
app.add_middleware(JWTMiddleware, secret_key=os.environ["JWT_SECRET"])
instrument_app(app)
init_cache(backend="memory", ttl=60)
limiter = RateLimiter(requests_per_minute=120)


class OrderOut(BaseModel):
    id: int
    total_cents: int


@app.get("/orders")
@cache_response(ttl=30)
async def list_orders(request: Request, page: int = 1, user: Any = Depends(get_current_user)) -> JSONResponse:
    await limiter.check(request)
    rows = await pagination.paginate(request.app.state.db, "orders", page=page, size=50)
    return JSONResponse([OrderOut(**row).model_dump() for row in rows])


@app.get("/orders/{order_id}")
async def get_order(order_id: int) -> OrderOut:
    row = await app.state.db.fetch_one("select id, total_cents from orders where id = :id", {"id": order_id})
    if row is None:
        raise HTTPException(status_code=404, detail="order not found")
    return OrderOut(**row)


# --- a Flask admin, written in the same session -------------------------------------------

from flask_jwt_simple_auth import jwt_required  # expect: hallucinated-package
from flask_sqlalchemy_utils import paginate_query  # expect: hallucinated-package
import django_rest_jwt_auth  # expect: hallucinated-package


def admin_view(handler: Callable[..., Any]) -> Callable[..., Any]:
    wrapped = jwt_required(handler)
    log.info("admin view %s", handler.__name__)
    return wrapped


def list_users(query: Any) -> list[Any]:
    return paginate_query(query, page=1, per_page=20).items


def drf_settings() -> dict[str, Any]:
    return {"DEFAULT_AUTHENTICATION_CLASSES": [django_rest_jwt_auth.JWTAuthentication]}


# --- websockets and workers ----------------------------------------------------------------

from websocket_manager_utils import ConnectionManager  # expect: hallucinated-package
from uvicorn_worker_utils import GracefulWorker  # expect: hallucinated-package

manager = ConnectionManager(max_connections=1000)
worker_class = GracefulWorker

# hallucinated-package: data access, ORMs, queues and data science.
# Where these come from: assistants blend two real names into one ("numpyarray",
# "pydantic_to_sqlalchemy"), or add "_utils", "_lite", "_pro" or "_manager" to a real
# project's name, and import the result as though it were a well-known helper library.
import logging
from typing import Any

import sqlalchemy as sa  # ok: hallucinated-package, undeclared-dependency
from sqlalchemy.orm import Session, sessionmaker  # ok: hallucinated-package, undeclared-dependency
import psycopg  # ok: hallucinated-package, undeclared-dependency
from sklearn.linear_model import LogisticRegression  # ok: hallucinated-package, undeclared-dependency
import cv2  # ok: hallucinated-package, undeclared-dependency
from PIL import Image  # ok: hallucinated-package, undeclared-dependency

import pandas_profiling_lite  # expect: hallucinated-package
from numpyarray import NDArray  # expect: hallucinated-package
from pandas_dataframe_utils import chunked_read_csv  # expect: hallucinated-package
import numpy_financial_utils as nfu  # expect: hallucinated-package
from torch_model_loader import load_checkpoint  # expect: hallucinated-package

log = logging.getLogger(__name__)


def profile(path: str) -> str:
    report = pandas_profiling_lite.profile_csv(path, minimal=True)
    for chunk in chunked_read_csv(path, size=10_000):
        log.info("rows %d", len(chunk))
    return report.to_html()


def npv(rate: float, flows: NDArray) -> float:
    return float(nfu.npv(rate, flows))


def classify(image_path: str) -> int:
    model = load_checkpoint("models/classifier.pt")
    image = cv2.imread(image_path)
    thumb = Image.open(image_path).resize((224, 224))
    return int(model.predict(image, thumb))


def baseline_model() -> LogisticRegression:
    return LogisticRegression(max_iter=200)


# --- databases -----------------------------------------------------------------------------

from sqlalchemy_async_utils import AsyncRepository  # expect: hallucinated-package
from pydantic_to_sqlalchemy import model_from_schema  # expect: hallucinated-package
import mongo_async_orm  # expect: hallucinated-package
from asyncpg_pool_manager import PoolManager  # expect: hallucinated-package
from postgres_connection_pool import get_pool  # expect: hallucinated-package
from db_session_manager import session_scope  # expect: hallucinated-package
from sql_query_builder_pro import Query  # expect: hallucinated-package

engine = sa.create_engine("postgresql+psycopg://app@db/app", pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
pool = PoolManager(dsn="postgresql://app@db/app", min_size=2, max_size=10)


def count_users(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(sa.table("users"))) or 0


def active_users() -> list[Any]:
    with session_scope(SessionLocal) as session:
        return list(AsyncRepository(session, model_from_schema("User")).all(active=True))


def raw_orders(conn: psycopg.Connection[Any]) -> list[Any]:
    sql = Query("orders").select("id", "total").where("status = %s").build()
    return conn.execute(sql, ("open",)).fetchall()


async def events() -> list[Any]:
    db = mongo_async_orm.connect("mongodb://db/events")
    async with get_pool() as conn:
        await conn.execute("select 1")
    return await db.events.find(limit=100)


# --- caches and task queues ----------------------------------------------------------------

from redis_cache_manager import RedisCache  # expect: hallucinated-package
from celery_beat_scheduler_utils import every  # expect: hallucinated-package
from celery_task_retry import retry_task  # expect: hallucinated-package

cache = RedisCache(url="redis://cache:6379/0", default_ttl=300)


@every(minutes=5)
@retry_task(max_retries=3)
def refresh_rates() -> None:
    cache.set("rates", {"EUR": 1.0})

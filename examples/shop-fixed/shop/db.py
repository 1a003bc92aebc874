"""One engine (and so one connection pool) for the whole process."""
from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from shop.config import settings


def _make_engine():
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        # one file, many threads: let SQLite wait for the write lock instead of failing at once
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
    return create_engine(url, pool_size=10, max_overflow=5, pool_timeout=10, pool_pre_ping=True)


engine = _make_engine()
SessionLocal = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


def get_db() -> Iterator[Session]:
    with SessionLocal() as db:
        yield db

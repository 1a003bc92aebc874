# Mixed: database access. A per-module engine with pool settings (right), a helper package
# that does not exist, Query.get from 1.x, and a transitive import of greenlet's sibling.
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from .models import Customer, Order  # ok: hallucinated-package, undeclared-dependency
from .settings import get_settings  # ok: hallucinated-package, undeclared-dependency
from shopapp.models import Base  # ok: hallucinated-package, undeclared-dependency -- the project's own package
from sqlalchemy_session_helpers import transactional  # expect: hallucinated-package
import sqlparse  # expect: undeclared-dependency -- installed with Django here, never declared

log = logging.getLogger(__name__)

engine = create_engine(get_settings().database_url, pool_pre_ping=True, pool_size=10, max_overflow=5)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)  # ok: hallucinated-api


@contextmanager
def session_scope() -> Iterator[Session]:
    session = SessionLocal()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def create_schema() -> None:
    Base.metadata.create_all(engine)


def customer(session: Session, customer_id: int) -> Customer | None:
    return session.query(Customer).get(customer_id)  # expect: deprecated-api -- session.get(Customer, id)


def open_orders(session: Session, customer_id: int) -> list[Order]:
    stmt = select(Order).where(Order.customer_id == customer_id, Order.status == "open").limit(100)
    return list(session.scalars(stmt))  # ok: hallucinated-api


def legacy_open_orders(session: Session) -> list[Order]:
    return session.query(Order).filter_by(status="open").order_by(Order.id).limit(100).all()  # ok: deprecated-api


@transactional
def close_order(session: Session, order_id: int) -> None:
    order = session.get(Order, order_id)  # ok: deprecated-api
    if order is not None:
        order.status = "closed"
        log.info("closed order %d", order_id)


def explain(sql: str) -> str:
    return sqlparse.format(sql, reindent=True)

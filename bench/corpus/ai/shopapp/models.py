# Mixed: ORM models and API schemas. SQLAlchemy 2 typed models are right; the assistant
# also kept a 1.x-style Base, a pydantic v1 Config and a JSONB import from the wrong place.
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ForeignKey, Numeric, String, func
from sqlalchemy.dialects.postgresql import JSONB  # ok: hallucinated-api
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship  # ok: hallucinated-api, deprecated-api
from sqlalchemy.types import JSON  # ok: hallucinated-api
from sqlalchemy import UUID  # ok: hallucinated-api -- sqlalchemy.UUID is new in 2.0
from sqlalchemy import ARRAY_TYPE  # expect: hallucinated-api -- sqlalchemy.ARRAY


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)  # ok: hallucinated-api
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())  # ok: hallucinated-api
    orders: Mapped[list["Order"]] = relationship(back_populates="customer", lazy="selectin")  # ok: hallucinated-api


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    status: Mapped[str] = mapped_column(String(20), default="open")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"), default=dict)
    customer: Mapped[Customer] = relationship(back_populates="orders")


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # ok: deprecated-api

    id: int
    total: Decimal
    status: str


class CustomerOut(BaseModel):
    id: int
    email: str
    orders: list[OrderOut] = []

    class Config:  # expect[orm-config]: deprecated-api -- model_config = ConfigDict(from_attributes=True)
        orm_mode = True  # expect[orm-config]: deprecated-api


def serialise(customer: Customer) -> dict[str, Any]:
    out = CustomerOut.from_orm(customer)  # expect: deprecated-api -- CustomerOut.model_validate(customer)
    data = out.dict(exclude_none=True)  # expect: deprecated-api -- model_dump
    data["exported_at"] = datetime.now(UTC).isoformat()  # ok: deprecated-api
    return data


def serialise_order(order: Order) -> dict[str, Any]:
    return OrderOut.model_validate(order).model_dump(mode="json")  # ok: deprecated-api, hallucinated-api

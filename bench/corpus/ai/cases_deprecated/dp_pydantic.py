# deprecated-api: pydantic 1 APIs on pydantic 2 (installed: 2.14).
# Where these come from: most pydantic code in training data is v1. Assistants still write
# .dict(), .parse_obj(), @validator and class Config on v2, where each emits
# PydanticDeprecatedSince20 and will be removed in v3.
from datetime import datetime
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator


class Address(BaseModel):
    street: str
    city: str


class UserIn(BaseModel):
    email: str
    name: str = Field(..., example="Ada Lovelace")  # expect: deprecated-api -- extra kwargs: json_schema_extra / examples
    tags: list[str] = Field(default_factory=list, min_items=0, max_items=10)  # expect: deprecated-api -- min_length / max_length
    address: Address | None = None

    @pydantic.validator("email")  # expect: deprecated-api -- field_validator
    def email_lower(cls, value: str) -> str:
        return value.lower()

    @pydantic.root_validator(pre=True)  # expect: deprecated-api -- model_validator(mode="before")
    def strip(cls, values: dict[str, Any]) -> dict[str, Any]:
        return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


class UserOut(BaseModel):
    id: int
    email: str
    created_at: datetime

    class Config:  # expect[config]: deprecated-api -- model_config = ConfigDict(from_attributes=True)
        orm_mode = True  # expect[config]: deprecated-api


class StrictUserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, extra="forbid")  # ok: deprecated-api

    id: int
    email: str = Field(..., examples=["ada@example.com"], min_length=3)  # ok: deprecated-api
    tags: list[str] = Field(default_factory=list, max_length=10)  # ok: deprecated-api

    @field_validator("email")  # ok: deprecated-api
    @classmethod
    def email_lower(cls, value: str) -> str:
        return value.lower()

    @model_validator(mode="after")  # ok: deprecated-api
    def check(self) -> "StrictUserOut":
        return self


class Settings(BaseModel):
    model_config = ConfigDict(extra=pydantic.Extra.forbid)  # expect: deprecated-api -- extra="forbid"


def to_payload(user: UserOut) -> dict[str, Any]:
    return user.dict()  # expect: deprecated-api -- model_dump()


def to_payload_right(user: StrictUserOut) -> dict[str, Any]:
    return user.model_dump(exclude_none=True)  # ok: deprecated-api


def to_json(user: UserOut) -> str:
    return user.json()  # expect: deprecated-api -- model_dump_json()


def to_json_right(user: StrictUserOut) -> str:
    return user.model_dump_json()  # ok: deprecated-api


def from_request(data: dict[str, Any]) -> UserIn:
    return UserIn.parse_obj(data)  # expect: deprecated-api -- model_validate()


def from_request_right(data: dict[str, Any]) -> StrictUserOut:
    return StrictUserOut.model_validate(data)  # ok: deprecated-api


def from_body(body: bytes) -> UserIn:
    return UserIn.parse_raw(body)  # expect: deprecated-api -- model_validate_json()


def from_body_right(body: bytes) -> StrictUserOut:
    return StrictUserOut.model_validate_json(body)  # ok: deprecated-api


def from_row(row: Any) -> UserOut:
    return UserOut.from_orm(row)  # expect: deprecated-api -- model_validate(row) with from_attributes


def renamed(user: UserOut, email: str) -> UserOut:
    return user.copy(update={"email": email})  # expect: deprecated-api -- model_copy(update=...)


def renamed_right(user: StrictUserOut, email: str) -> StrictUserOut:
    return user.model_copy(update={"email": email})  # ok: deprecated-api


def openapi_schema() -> dict[str, Any]:
    return UserIn.schema()  # expect: deprecated-api -- model_json_schema()


def openapi_schema_text() -> str:
    return UserIn.schema_json(indent=2)  # expect: deprecated-api -- model_json_schema() + json.dumps


def trusted(data: dict[str, Any]) -> UserOut:
    return UserOut.construct(**data)  # expect: deprecated-api -- model_construct()


def field_names() -> list[str]:
    return list(UserOut.__fields__)  # expect: deprecated-api -- model_fields


def field_names_right() -> list[str]:
    return list(StrictUserOut.model_fields)  # ok: deprecated-api


def rebuild() -> None:
    UserIn.update_forward_refs()  # expect: deprecated-api -- model_rebuild()
    StrictUserOut.model_rebuild()  # ok: deprecated-api


def many(rows: list[dict[str, Any]]) -> list[UserOut]:
    return pydantic.parse_obj_as(list[UserOut], rows)  # expect: deprecated-api -- TypeAdapter


def many_right(rows: list[dict[str, Any]]) -> list[StrictUserOut]:
    return TypeAdapter(list[StrictUserOut]).validate_python(rows)  # ok: deprecated-api


@pydantic.validate_arguments  # expect: deprecated-api -- validate_call
def charge(amount_cents: int, currency: str) -> str:
    return f"{amount_cents} {currency}"


@pydantic.validate_call  # ok: deprecated-api
def refund(amount_cents: int, currency: str) -> str:
    return f"-{amount_cents} {currency}"

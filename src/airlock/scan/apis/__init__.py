"""The real API of installed libraries, read statically with griffe (nothing is imported).

Shared by the hallucinated-API and deprecated-API rules. Get the process's index with
``api_index()`` and ask it by qualified name::

    from airlock.scan.apis import Missing, Unknown, api_index

    index = api_index()
    found = index.member("requests.Session.get")   # ApiMember | Missing | Unknown
    sig = index.signature("httpx.Client")           # Signature | Missing | Unknown
    text = index.source("datetime.datetime.utcnow") # str | None

``Unknown`` means "cannot tell": never report it. The index (and griffe) is imported on
first use, so importing this package for its result types costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airlock.scan.apis.model import (
    ApiMember,
    ApiStats,
    DecoratorRef,
    MemberKind,
    Missing,
    Param,
    ParamKind,
    Signature,
    Unknown,
)

if TYPE_CHECKING:
    from airlock.scan.apis.loader import ApiIndex, Lookup, api_index, default_search_paths

__all__ = [
    "ApiIndex",
    "ApiMember",
    "ApiStats",
    "DecoratorRef",
    "Lookup",
    "MemberKind",
    "Missing",
    "Param",
    "ParamKind",
    "Signature",
    "Unknown",
    "api_index",
    "default_search_paths",
]

_LAZY = frozenset({"ApiIndex", "Lookup", "api_index", "default_search_paths"})


def __getattr__(name: str) -> Any:
    """``ApiIndex`` and ``api_index`` load griffe: imported when first asked for."""
    if name in _LAZY:
        from airlock.scan.apis import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The dependencies family: calls to other services that hang, hammer, crash or repeat.

Each rule lives in its own module; this one is the family's registry.

- ``call-without-timeout`` (``no-timeout``): :mod:`.timeouts`, its call table in
  :mod:`._timeout_specs`
- ``retry-without-backoff`` (``no-backoff``): :mod:`.retries`, with :mod:`._delay` (how a
  loop waits) and :mod:`._policies` (decorators, ``Retrying``, ``urllib3.Retry``, Celery)
- ``external-call-without-fallback`` (``no-fallback``): :mod:`.fallbacks`
- ``retried-side-effect`` (``unsafe-retry``): :mod:`.side_effects`

Shared: :mod:`._retry` finds retry loops and retry decorators, :mod:`._celery` Celery
retries, :mod:`._resolve` client types through local factories, and ``_external`` says
which calls leave the process.
"""

from __future__ import annotations

from airlock.scan.rules.base import Rule
from airlock.scan.rules.fallbacks import ExternalCallWithoutFallback
from airlock.scan.rules.retries import RetryWithoutBackoff
from airlock.scan.rules.side_effects import RetriedSideEffect
from airlock.scan.rules.timeouts import CallWithoutTimeout

__all__ = [
    "RULES",
    "CallWithoutTimeout",
    "ExternalCallWithoutFallback",
    "RetriedSideEffect",
    "RetryWithoutBackoff",
]

RULES: tuple[Rule, ...] = (
    CallWithoutTimeout(),
    RetryWithoutBackoff(),
    ExternalCallWithoutFallback(),
    RetriedSideEffect(),
)

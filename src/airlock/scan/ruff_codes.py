"""The Ruff rules airlock runs, each mapped to the catalogue category it is evidence of.

airlock reuses Ruff for what Ruff already checks well instead of writing those rules again.
This table is curated: a code is here only when a hit really indicates one of the
catalogue's production failure modes, not style or modernisation. Every code is stable
(not preview, deprecated or removed) in the Ruff version airlock is tested with, and
``tests/scan/test_ruff.py`` proves each row fires on a real snippet.

A row that is weak evidence says so with a lower ``confidence`` rather than a higher
severity. Codes considered and left out, with the reason, are listed at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from airlock.model import Confidence, Severity

__all__ = ["RUFF_CODES", "RuffCode"]


@dataclass(frozen=True, slots=True)
class RuffCode:
    """One Ruff rule airlock runs and how its hits become findings."""

    code: str
    """Ruff's rule code (``S113``); the finding's rule id is ``ruff:<code>``."""
    category: str
    """The catalogue category id a hit is evidence of."""
    severity: Severity
    """The severity of every finding from this code."""
    why: str
    """One short phrase: why this code belongs to that category."""
    confidence: Confidence = Confidence.HIGH
    """How sure a hit is a real failure (``low`` for heuristics that also fire on safe code)."""


_H, _M, _L = Severity.HIGH, Severity.MEDIUM, Severity.LOW
_CM, _CL = Confidence.MEDIUM, Confidence.LOW

_ROWS: tuple[RuffCode, ...] = (
    # load: blocking-in-async
    RuffCode("ASYNC210", "blocking-in-async", _H, "a blocking HTTP call stalls the event loop"),
    RuffCode("ASYNC212", "blocking-in-async", _H, "a sync httpx call stalls the event loop"),
    RuffCode("ASYNC220", "blocking-in-async", _M, "a blocking subprocess spawn inside async def"),
    RuffCode("ASYNC221", "blocking-in-async", _H, "waits for a whole process on the event loop"),
    RuffCode("ASYNC222", "blocking-in-async", _H, "waits for a process on the event loop"),
    RuffCode("ASYNC230", "blocking-in-async", _M, "blocking file I/O on the event loop"),
    RuffCode("ASYNC240", "blocking-in-async", _L, "a blocking filesystem call on the event loop"),
    RuffCode("ASYNC250", "blocking-in-async", _M, "input() blocks the event loop on stdin"),
    RuffCode("ASYNC251", "blocking-in-async", _H, "time.sleep freezes every task on the loop"),
    # load: race-condition
    RuffCode("PLW2101", "race-condition", _H, "a lock created at each use excludes nobody"),
    RuffCode("B039", "race-condition", _M, "one mutable ContextVar default shared by all requests"),
    RuffCode("B006", "race-condition", _L, "one mutable default shared by every call", _CM),
    RuffCode("PLW0603", "race-condition", _L, "module state rebound at run time, unlocked", _CL),
    # load: memory-leak
    RuffCode("B019", "memory-leak", _M, "a method cache keeps every instance alive"),
    # load: resource-leak
    RuffCode("SIM115", "resource-leak", _M, "a file opened without `with` leaks on error paths"),
    # security: exposed-secret
    RuffCode("S105", "exposed-secret", _H, "a password literal assigned in code", _CM),
    RuffCode("S106", "exposed-secret", _H, "a password literal passed as an argument", _CM),
    RuffCode("S107", "exposed-secret", _H, "a password literal as a parameter default", _CM),
    # security: missing-validation
    RuffCode("S202", "missing-validation", _M, "archive member paths extracted unchecked"),
    # security: injection
    RuffCode("S608", "injection", _H, "SQL built from strings", _CM),
    RuffCode("S610", "injection", _M, "raw SQL fragments through Django extra()", _CM),
    RuffCode("S611", "injection", _M, "raw SQL through Django RawSQL", _CM),
    RuffCode("S602", "injection", _H, "a subprocess command run through a shell", _CM),
    RuffCode("S604", "injection", _H, "a command run with shell=True", _CM),
    RuffCode("S605", "injection", _H, "a command string run through os.system or a shell", _CM),
    RuffCode("S307", "injection", _H, "eval() runs arbitrary code", _CM),
    RuffCode("S102", "injection", _H, "exec() runs arbitrary code", _CM),
    RuffCode("S301", "injection", _M, "unpickling runs code from the data", _CM),
    RuffCode("S302", "injection", _M, "marshal data is not safe to load", _CM),
    RuffCode("S506", "injection", _H, "an unsafe YAML loader builds arbitrary objects"),
    RuffCode("S701", "injection", _M, "Jinja2 autoescape off: template XSS"),
    RuffCode("S702", "injection", _L, "Mako templates do not escape by default", _CM),
    RuffCode("S704", "injection", _M, "Markup() over dynamic text: XSS", _CM),
    RuffCode("S308", "injection", _M, "mark_safe() over dynamic text: XSS", _CM),
    # security: insecure-config
    RuffCode("S501", "insecure-config", _H, "TLS certificate verification turned off"),
    RuffCode("S323", "insecure-config", _H, "an unverified TLS context"),
    RuffCode("S502", "insecure-config", _M, "an SSL/TLS protocol version known to be broken"),
    RuffCode("S201", "insecure-config", _H, "Flask debug mode exposes a remote console"),
    RuffCode("S507", "insecure-config", _M, "SSH host keys trusted blindly"),
    RuffCode("S505", "insecure-config", _M, "a breakable cryptographic key size"),
    RuffCode("S324", "insecure-config", _M, "MD5/SHA-1 where a hash may need to be secure", _CM),
    RuffCode("S303", "insecure-config", _M, "a broken hash algorithm", _CM),
    RuffCode("S304", "insecure-config", _M, "a broken cipher"),
    RuffCode("S305", "insecure-config", _M, "ECB mode leaks plaintext patterns"),
    RuffCode("S103", "insecure-config", _M, "world-writable or overly open file permissions"),
    RuffCode("S306", "insecure-config", _M, "mktemp() races: the name can be taken first"),
    RuffCode("S104", "insecure-config", _L, "a server bound to every network interface", _CM),
    RuffCode("S311", "insecure-config", _L, "non-cryptographic randomness", _CL),
    # dependencies: no-timeout
    RuffCode("S113", "no-timeout", _H, "an HTTP call with no timeout can wait forever"),
    # silent: swallowed-error
    RuffCode("S110", "swallowed-error", _M, "an exception caught and dropped with pass"),
    RuffCode("S112", "swallowed-error", _M, "an exception caught and the item skipped silently"),
    RuffCode("BLE001", "swallowed-error", _M, "every exception caught, not logged or re-raised"),
    RuffCode("E722", "swallowed-error", _M, "a bare except also swallows exits and interrupts"),
    RuffCode("B012", "swallowed-error", _H, "return/break/continue in finally discards the error"),
    RuffCode("PLW0133", "swallowed-error", _H, "an exception built but never raised"),
    RuffCode("RUF006", "swallowed-error", _M, "an unreferenced task can vanish, its error unseen"),
    RuffCode("PLW1510", "swallowed-error", _L, "a failing command's exit status is ignored", _CM),
    # silent: numeric-edge
    RuffCode("DTZ001", "numeric-edge", _L, "a naive datetime"),
    RuffCode("DTZ002", "numeric-edge", _L, "today() is naive local time"),
    RuffCode("DTZ003", "numeric-edge", _M, "utcnow() is naive and read as local time"),
    RuffCode("DTZ004", "numeric-edge", _M, "utcfromtimestamp() is naive and read as local time"),
    RuffCode("DTZ005", "numeric-edge", _M, "now() without tz is naive server-local time"),
    RuffCode("DTZ006", "numeric-edge", _L, "fromtimestamp() without tz is naive local time"),
    RuffCode("DTZ007", "numeric-edge", _L, "strptime() without %z makes a naive datetime"),
    RuffCode("DTZ011", "numeric-edge", _L, "date.today() uses the server's time zone"),
    RuffCode("DTZ012", "numeric-edge", _L, "date.fromtimestamp() uses the server's time zone"),
    RuffCode("DTZ901", "numeric-edge", _L, "datetime.min/max are naive and overflow on tz math"),
    RuffCode("RUF032", "numeric-edge", _M, "Decimal from a float literal keeps the float's error"),
    RuffCode("PLW0177", "numeric-edge", _M, "a comparison with NaN is always false"),
    # ai: deprecated-api
    RuffCode("UP023", "deprecated-api", _M, "cElementTree was removed in Python 3.9"),
    RuffCode("UP005", "deprecated-api", _M, "unittest aliases removed in Python 3.12"),
    RuffCode("UP035", "deprecated-api", _L, "an import of a deprecated or moved name"),
    RuffCode("UP019", "deprecated-api", _L, "typing.Text is deprecated"),
    RuffCode("UP026", "deprecated-api", _L, "the mock backport is superseded by unittest.mock"),
    RuffCode("G010", "deprecated-api", _L, "Logger.warn() is deprecated"),
    # operability: missing-observability
    RuffCode("T201", "missing-observability", _L, "print() instead of logging"),
    RuffCode("T203", "missing-observability", _L, "pprint() instead of logging"),
    RuffCode("TRY400", "missing-observability", _L, "an error logged without its traceback"),
    # operability: hardcoded-config
    RuffCode("S108", "hardcoded-config", _L, "a fixed, shared temp path", _CM),
)

RUFF_CODES: Mapping[str, RuffCode] = MappingProxyType({row.code: row for row in _ROWS})
"""Ruff code → how airlock reads it, in catalogue order."""

# Considered and left out (keep this list when the table changes):
# - S101 assert: fires on every test assert; assert-as-validation is airlock's own rule.
# - S603, S606, S607, S601, S310: audit-only; fire on safe list-form or constant calls.
# - S313-S319: stdlib XML no longer resolves external entities and expat limits
#   expansion; S320, S410 are removed; S4xx import rules are preview-only.
# - S503, S504, S508, S509, S312, S321, S609, S612: rare protocols or patterns.
# - RUF012: fires on Django/DRF class config lists (Meta.fields, list_display).
# - B008, RUF009: fire on FastAPI Depends()/Query() defaults.
# - SIM105 (suggests contextlib.suppress, which swallows the same), SIM107 (covered by B012),
#   B904 (implicit chaining keeps the cause), TRY002/TRY003/TRY300/TRY301: style.
# - UP003/UP006/UP007/UP017/UP021/UP024/UP041...: modernisation of live aliases, not
#   deprecations.
# - G001-G004, G201, G202, LOG015: logging style; PERF*: micro-performance.
# - FAST001-FAST003: style, or no matching category; AIR*: the Apache Airflow linter.
# - ASYNC100/105/109/110/115/116: trio/anyio specifics or style.
# - T100 debugger, F821 undefined name: real crashes, but no catalogue category fits.

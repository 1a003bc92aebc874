# Mixed: background jobs. Thread-based workers with a stop event; the assistant reached for
# a few camelCase aliases, a 3.12-only itertools helper and psutil without declaring it.
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable

import psutil  # expect: undeclared-dependency -- installed here, not declared

from .db import session_scope  # ok: hallucinated-package, undeclared-dependency
from .models import Order

log = logging.getLogger(__name__)
stop = threading.Event()


def chunks(items: Iterable[int], size: int) -> Iterable[tuple[int, ...]]:
    return itertools.batched(items, size)  # expect: hallucinated-api -- new in 3.12


def chunks_right(items: Iterable[int], size: int) -> Iterable[tuple[int, ...]]:
    it = iter(items)
    while batch := tuple(itertools.islice(it, size)):  # ok: hallucinated-api
        yield batch


def reindex(order_ids: list[int]) -> None:
    for batch in chunks_right(order_ids, 100):
        with session_scope() as session:
            for order_id in batch:
                session.get(Order, order_id)


def watchdog(limit_mb: float) -> None:
    while not stop.isSet():  # expect: deprecated-api -- is_set()
        rss = psutil.Process().memory_info().rss / 1e6
        if rss > limit_mb:
            log.warning("memory %.0f MB over %.0f MB", rss, limit_mb)
        time.sleep(5)


def start(job: Callable[[], None]) -> threading.Thread:
    worker = threading.Thread(target=job, name="reindex", daemon=True)  # ok: deprecated-api
    worker.start()
    log.info("started %s in %s", worker.name, threading.current_thread().name)  # ok: deprecated-api
    return worker

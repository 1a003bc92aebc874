"""Load family: failures that appear only under concurrency, sustained traffic or volume."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

LOAD: tuple[Category, ...] = (
    Category(
        id="race-condition",
        family=Family.LOAD,
        title="Unsynchronised shared state or check-then-act",
        summary=(
            "Shared mutable state is changed by concurrent requests or threads without "
            "synchronisation, or a row is read, checked and written back without a lock or "
            "an atomic update."
        ),
        why_ai=(
            "Training code is overwhelmingly single-user and single-threaded, where a "
            "read-modify-write is correct because only one request runs at a time. The "
            "assistant writes the handler in isolation and cannot see that the same code runs "
            "in many threads, processes or event-loop tasks at once."
        ),
        in_production=(
            "Two requests both read `stock = 1`, both pass the check and both write "
            "`stock = 0`: the last item is sold twice. A module-level dict mutated by worker "
            "threads loses updates or raises `RuntimeError: dictionary changed size during "
            "iteration`. It never fails in a single-user test and shows up as rare, "
            "unreproducible data corruption."
        ),
        fix=(
            "Make the change atomic in the database (`UPDATE ... SET stock = stock - 1 WHERE "
            "id = :id AND stock > 0`, then check the row count) or lock the row with "
            "`SELECT ... FOR UPDATE` inside a transaction; guard in-process shared state with "
            "a `threading.Lock`, or keep it out of module globals."
        ),
        example="""\
@app.post("/items/{item_id}/buy")
def buy(item_id: int, db: Session = Depends(get_db)) -> dict[str, int]:
    item = db.get(Item, item_id)
    if item.stock < 1:
        raise HTTPException(409, "sold out")
    item.stock -= 1  # another request did the same check a moment ago
    db.commit()
    return {"stock": item.stock}
""",
        use_instead="""\
@app.post("/items/{item_id}/buy")
def buy(item_id: int, db: Session = Depends(get_db)) -> dict[str, int]:
    stmt = update(Item).where(Item.id == item_id, Item.stock > 0)
    stock = db.execute(stmt.values(stock=Item.stock - 1).returning(Item.stock)).scalar()
    if stock is None:
        raise HTTPException(409, "sold out")
    db.commit()
    return {"stock": stock}
""",
        default_severity=Severity.HIGH,
        references=(
            "https://www.postgresql.org/docs/current/explicit-locking.html",
            "https://docs.python.org/3/library/threading.html#lock-objects",
        ),
    ),
    Category(
        id="blocking-in-async",
        family=Family.LOAD,
        title="Blocking call inside an async function",
        summary="Blocking I/O or heavy CPU work runs inside an `async def`.",
        why_ai=(
            "Assistants combine the two snippets they have seen most: an `async def` route and "
            "a synchronous `requests`, `time.sleep`, file or database-driver call. The result "
            "is correct for a single request, so nothing shows that the event loop was blocked "
            "while it waited."
        ),
        in_production=(
            "One event loop serves every request of a worker, so while `requests.get` waits "
            "two seconds on a slow upstream, every other request on that worker waits too, "
            "health checks included. Throughput drops to one request at a time per worker, "
            "latency rises on unrelated endpoints, and the orchestrator may restart the pod for "
            "failing its liveness probe."
        ),
        fix=(
            "Use an async client (`httpx.AsyncClient`, `asyncpg`, `await asyncio.sleep`) or "
            "move the blocking call off the loop with `await asyncio.to_thread(fn, ...)`; a "
            "route that only does blocking work can be a plain `def`, which the framework runs "
            "in its thread pool."
        ),
        example="""\
import requests

@app.get("/weather/{city}")
async def weather(city: str) -> dict[str, object]:
    resp = requests.get(f"{WEATHER_API}/{city}", timeout=5)  # blocks the event loop
    resp.raise_for_status()
    return resp.json()
""",
        use_instead="""\
import httpx

http = httpx.AsyncClient(timeout=5)  # one client per process, closed on shutdown

@app.get("/weather/{city}")
async def weather(city: str) -> dict[str, object]:
    resp = await http.get(f"{WEATHER_API}/{city}")
    resp.raise_for_status()
    return resp.json()
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code",
            "https://docs.python.org/3/library/asyncio-task.html#asyncio.to_thread",
            "https://fastapi.tiangolo.com/async/",
        ),
    ),
    Category(
        id="memory-leak",
        family=Family.LOAD,
        title="Memory that grows with traffic",
        summary=(
            "Memory grows with traffic: unbounded module-level caches, lists or listeners, or "
            "`functools.lru_cache` on methods."
        ),
        why_ai=(
            "A module-level dict is the shortest way to 'add caching' and is what tutorials "
            "show; the assistant never sees the process run for a week. `@lru_cache` on a "
            "method looks idiomatic, but the cache keeps `self` and every argument alive, which "
            "the snippet does not reveal."
        ),
        in_production=(
            "A cache keyed by user id or URL gains one entry per distinct key and never evicts "
            "any, so resident memory climbs until the container is OOM-killed and restarted, "
            "dropping the requests in flight. The restarts look like periodic, unexplained "
            "502s, and the leak returns after every deploy."
        ),
        fix=(
            "Bound every cache (`lru_cache(maxsize=...)` on module-level functions, "
            "`cachetools.TTLCache`, or an external cache such as Redis), do not put "
            "`lru_cache` on instance methods, and remove every listener or callback you "
            "register per request."
        ),
        example="""\
_profiles: dict[int, dict[str, object]] = {}

def get_profile(user_id: int) -> dict[str, object]:
    if user_id not in _profiles:  # one entry per user, kept forever
        _profiles[user_id] = fetch_profile(user_id)
    return _profiles[user_id]
""",
        use_instead="""\
import threading

from cachetools import TTLCache, cached

@cached(TTLCache(maxsize=10_000, ttl=300), lock=threading.Lock())
def get_profile(user_id: int) -> dict[str, object]:
    return fetch_profile(user_id)
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://docs.python.org/3/faq/programming.html#how-do-i-cache-method-calls",
            "https://docs.python.org/3/library/tracemalloc.html",
            "https://cachetools.readthedocs.io/en/stable/",
        ),
    ),
    Category(
        id="resource-leak",
        family=Family.LOAD,
        title="File, socket, connection or process not released",
        summary="Files, sockets, connections, threads or processes are acquired and not released.",
        why_ai=(
            "Short examples call `open()`, `connect()` or `Popen()` and let the script exit, "
            "which releases everything; assistants copy that shape into long-running servers. "
            "Release on the error path needs a `with` block or `finally`, and happy-path code "
            "has no error path."
        ),
        in_production=(
            "Every request that raises between acquire and release leaks a file descriptor or "
            "a pooled connection; after a few thousand the process fails with `OSError: "
            "[Errno 24] Too many open files` or waits forever for a free connection. Threads "
            "that are never joined and subprocesses never waited for pile up until the host "
            "limit is reached."
        ),
        fix=(
            "Acquire every resource in a `with` (or `async with`) block, use "
            "`contextlib.ExitStack` when the number of resources is dynamic, and join the "
            "threads and wait for the processes you start."
        ),
        example="""\
def load_report(path: str) -> dict[str, object]:
    f = open(path, encoding="utf-8")
    data = json.load(f)  # raises on bad JSON: f is never closed
    f.close()
    return data
""",
        use_instead="""\
def load_report(path: str) -> dict[str, object]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://docs.python.org/3/reference/compound_stmts.html#the-with-statement",
            "https://docs.python.org/3/library/contextlib.html#contextlib.ExitStack",
        ),
    ),
    Category(
        id="resource-exhaustion",
        family=Family.LOAD,
        title="Unbounded queue, fan-out or pool",
        summary=(
            "Queues, fan-out or pools are unbounded, pools or clients are built per request, "
            "or input has no size limit."
        ),
        why_ai=(
            "Assistants reach for `asyncio.gather(*(... for x in items))`, `Queue()` and "
            "`ThreadPoolExecutor()` without limits because the examples they learned from had "
            "ten items. Building the client or pool inside the handler keeps the snippet "
            "self-contained, which is what a prompt-sized answer optimises for."
        ),
        in_production=(
            "A request with 50,000 ids starts 50,000 concurrent upstream calls: file "
            "descriptors and memory run out, and the upstream throttles or falls over. A client "
            "or executor built per request opens new connections and threads every time, so "
            "under load the host runs out of ports or threads and the whole service stops "
            "answering."
        ),
        fix=(
            "Bound concurrency with an `asyncio.Semaphore` or a fixed-size worker pool, give "
            "queues a `maxsize`, create clients and pools once at startup and reuse them, and "
            "cap body sizes and list lengths at the edge."
        ),
        example="""\
@app.post("/stock")
async def stock(skus: list[str]) -> list[int]:
    async with httpx.AsyncClient(timeout=5) as client:  # new pool per request
        responses = await asyncio.gather(*(client.get(f"{STOCK_API}/{s}") for s in skus))
    return [int(r.json()["available"]) for r in responses]
""",
        use_instead="""\
limit = asyncio.Semaphore(20)  # at most 20 upstream calls in flight per worker

async def stock_of(sku: str) -> int:
    async with limit:
        resp = await http.get(f"{STOCK_API}/{sku}")  # one AsyncClient, built at startup
    return int(resp.json()["available"])

@app.post("/stock")
async def stock(skus: Annotated[list[str], Body(max_length=200)]) -> list[int]:
    return await asyncio.gather(*(stock_of(s) for s in skus))
""",
        default_severity=Severity.HIGH,
        references=(
            "https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/",
            "https://docs.python.org/3/library/asyncio-sync.html#asyncio.Semaphore",
            "https://www.python-httpx.org/advanced/resource-limits/",
        ),
    ),
)

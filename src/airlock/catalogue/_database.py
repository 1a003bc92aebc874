"""Database family: query patterns that work on small data sets and collapse at scale."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

DATABASE: tuple[Category, ...] = (
    Category(
        id="n-plus-one",
        family=Family.DATABASE,
        title="Query per item of a loop (N+1)",
        summary="A query runs for each item of a loop, directly or through lazy loading.",
        why_ai=(
            "ORM tutorials iterate over a few rows and touch a relationship on each, and "
            "assistants reproduce the pattern; lazy loading hides that every attribute access "
            "is a round trip. Without the data volumes or the query log, the code looks like "
            "ordinary Python iteration."
        ),
        in_production=(
            "A page listing 500 orders issues 501 queries; at 2 ms each that is a second of "
            "database round trips per request, and database CPU saturates as traffic grows. "
            "The endpoint is fast in development with ten rows and times out in production."
        ),
        fix=(
            "Load related rows with the parent query (`selectinload`/`joinedload` in "
            "SQLAlchemy, `select_related`/`prefetch_related` in Django) or fetch them in one "
            "batched `WHERE id IN (...)` query; set `lazy='raise'` on relationships so new "
            "lazy loads fail in tests."
        ),
        example="""\
def open_orders(session: Session) -> list[dict[str, object]]:
    orders = session.scalars(select(Order).where(Order.status == "open").limit(100))
    return [{"id": o.id, "customer": o.customer.name} for o in orders]  # 1 query per order
""",
        use_instead="""\
def open_orders(session: Session) -> list[dict[str, object]]:
    stmt = (
        select(Order)
        .where(Order.status == "open")
        .options(selectinload(Order.customer))  # all customers in one extra query
        .limit(100)
    )
    return [{"id": o.id, "customer": o.customer.name} for o in session.scalars(stmt)]
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html",
            "https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-related",
        ),
    ),
    Category(
        id="full-table-scan",
        family=Family.DATABASE,
        title="Query that cannot use an index",
        summary=(
            "A query filters, joins or orders on unindexed columns, uses a leading-wildcard "
            "LIKE, or wraps an indexed column in a function, so the database reads every row."
        ),
        why_ai=(
            "Assistants write the query and the model separately and never see the schema's "
            "indexes or the query plan. `ilike(f'%{q}%')` and `func.lower(col) == value` are "
            "the common idioms for case-insensitive search, and both defeat a plain B-tree "
            "index."
        ),
        in_production=(
            "On a table of ten million rows every lookup reads the whole table: the query goes "
            "from milliseconds to seconds, holds its connection all that time, and concurrent "
            "requests queue until the pool is exhausted. In development the table has 200 rows "
            "and fits in memory, so nothing is slow."
        ),
        fix=(
            "Index the columns you filter, join and sort on (foreign keys included), compare "
            "the column as stored rather than through a function or add a matching expression "
            "index (e.g. on `lower(email)`), use a trigram or full-text index for substring "
            "search, and confirm the plan with `EXPLAIN`."
        ),
        example="""\
class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str]  # no index

def find_customer(session: Session, email: str) -> Customer | None:
    stmt = select(Customer).where(func.lower(Customer.email) == email.lower())
    return session.scalars(stmt).first()
""",
        use_instead="""\
class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(unique=True, index=True)  # stored lower-cased

def find_customer(session: Session, email: str) -> Customer | None:
    stmt = select(Customer).where(Customer.email == email.strip().lower())
    return session.scalars(stmt).first()
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://www.postgresql.org/docs/current/indexes-expressional.html",
            "https://www.postgresql.org/docs/current/using-explain.html",
            "https://www.sqlite.org/queryplanner.html",
        ),
    ),
    Category(
        id="unbounded-query",
        family=Family.DATABASE,
        title="Query without a limit",
        summary="A whole table is loaded: no LIMIT or pagination, or filtering done in Python.",
        why_ai=(
            "`select(Model)` followed by `.all()` and a list comprehension is the simplest "
            "code that returns the right answer, and it is what small examples do. The "
            "assistant does not know that the table will hold millions of rows or that the "
            "endpoint is public."
        ),
        in_production=(
            "Response time and memory grow with the table: each call turns every row into an "
            "ORM object, the worker's memory spikes until it is OOM-killed, and the database "
            "ships the whole table over the network per request. A client paging through the "
            "endpoint in a loop becomes a denial of service."
        ),
        fix=(
            "Filter in SQL, bound every result with `LIMIT` and keyset or offset pagination, "
            "cap the page size a client may request, and stream large exports with "
            "`yield_per` or a server-side cursor."
        ),
        example="""\
@app.get("/orders")
def list_orders(status: str, db: Session = Depends(get_db)) -> list[OrderOut]:
    orders = db.scalars(select(Order)).all()  # every row, then filtered in Python
    return [OrderOut.model_validate(o) for o in orders if o.status == status]
""",
        use_instead="""\
@app.get("/orders")
def list_orders(
    status: str, after_id: int = 0, limit: Annotated[int, Query(ge=1, le=100)] = 50,
    db: Session = Depends(get_db),
) -> list[OrderOut]:
    stmt = select(Order).where(Order.status == status, Order.id > after_id)
    rows = db.scalars(stmt.order_by(Order.id).limit(limit))
    return [OrderOut.model_validate(o) for o in rows]
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://www.postgresql.org/docs/current/queries-limit.html",
            "https://docs.djangoproject.com/en/stable/topics/pagination/",
        ),
    ),
    Category(
        id="no-connection-pool",
        family=Family.DATABASE,
        title="Connection or engine created per request",
        summary=(
            "A new database connection or engine is created per request or per operation "
            "instead of being borrowed from a pool."
        ),
        why_ai=(
            "Self-contained snippets open a connection at the top of the function so that they "
            "run on their own, and assistants answer one prompt at a time. `create_engine()` "
            "inside a helper looks harmless, but each engine is a new pool, which the snippet "
            "does not show."
        ),
        in_production=(
            "Every request pays for TCP, TLS and authentication, often 10-50 ms, before its "
            "first query, and under load the server reaches `max_connections`: new requests "
            "fail with 'too many clients already' while the database spends its memory on idle "
            "backends. Engines created per call keep their pools open until the process exits."
        ),
        fix=(
            "Create one engine (or a driver pool such as `psycopg_pool.ConnectionPool`) per "
            "process at startup, size it to the database's connection limit, and borrow a "
            "connection per request; in Django set `CONN_MAX_AGE` or enable connection pooling."
        ),
        example="""\
def get_user(user_id: int) -> User | None:
    engine = create_engine(DATABASE_URL)  # a new pool and connection on every call
    with Session(engine) as session:
        return session.get(User, user_id)
""",
        use_instead="""\
engine = create_engine(DATABASE_URL, pool_size=10, max_overflow=5, pool_pre_ping=True)
SessionLocal = sessionmaker(engine)

def get_user(user_id: int) -> User | None:
    with SessionLocal() as session:
        return session.get(User, user_id)
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.sqlalchemy.org/en/20/core/pooling.html",
            "https://docs.sqlalchemy.org/en/20/core/connections.html",
            "https://www.psycopg.org/psycopg3/docs/advanced/pool.html",
        ),
    ),
)

"""Third-party deprecations of the common AI-written stack, judged against installed versions.

Each entry's ``scope`` is the distribution whose installed version decides: pydantic 1 → 2,
SQLAlchemy 1.x → 2.0, FastAPI's ``on_event`` → lifespan, setuptools' ``pkg_resources``,
Flask/Werkzeug 2.x → 3.0, Django 3.x/4.x removals, urllib3 2, httpx 0.28, NumPy 1.24/2.0,
pandas 2, the pre-1.0 ``openai`` module API. Sources: each project's changelog or
migration guide, and (for pydantic) the installed ``pydantic/_migration.py``.
"""

from __future__ import annotations

from airlock.scan.deprecations._model import Condition, Deprecation, Kind

__all__ = ["PYDANTIC_CONFIG_KEYS", "STACK"]

_PYDANTIC_METHODS: dict[str, str] = {
    "dict": "`model_dump()`",
    "json": "`model_dump_json()`",
    "copy": "`model_copy()`",
    "parse_obj": "`Model.model_validate(data)`",
    "parse_raw": "`Model.model_validate_json(text)`",
    "parse_file": "`Model.model_validate_json(path.read_text())`",
    "from_orm": "`Model.model_validate(obj)` with `from_attributes=True`",
    "construct": "`Model.model_construct()`",
    "schema": "`Model.model_json_schema()`",
    "schema_json": "`json.dumps(Model.model_json_schema())`",
    "update_forward_refs": "`Model.model_rebuild()`",
    "validate": "`Model.model_validate(data)`",
    "__fields__": "`Model.model_fields`",
    "__fields_set__": "`model.model_fields_set`",
}

PYDANTIC_CONFIG_KEYS: dict[str, str | None] = {
    # pydantic/_internal/_config.py: V2_RENAMED_KEYS (renamed) and V2_REMOVED_KEYS (None)
    "orm_mode": "from_attributes",
    "allow_population_by_field_name": "validate_by_name (populate_by_name before 2.11)",
    "anystr_lower": "str_to_lower",
    "anystr_upper": "str_to_upper",
    "anystr_strip_whitespace": "str_strip_whitespace",
    "keep_untouched": "ignored_types",
    "max_anystr_length": "str_max_length",
    "min_anystr_length": "str_min_length",
    "schema_extra": "json_schema_extra",
    "validate_all": "validate_default",
    "allow_mutation": "frozen (inverted)",
    "error_msg_templates": None,
    "fields": None,
    "getter_dict": None,
    "smart_union": None,
    "underscore_attrs_are_private": None,
    "json_loads": None,
    "json_dumps": None,
    "copy_on_model_validation": None,
    "post_init_call": None,
}

_NUMPY_ALIASES: dict[str, str] = {
    "float": "`float` or `numpy.float64`",
    "int": "`int` or `numpy.int64`",
    "complex": "`complex` or `numpy.complex128`",
    "object": "`object` or `numpy.object_`",
    "str": "`str` or `numpy.str_`",
    "unicode": "`str` or `numpy.str_`",
}

_HTTPX_CALLS = tuple(
    f"httpx.{n}"
    for n in ["AsyncClient", "get", "post", "put", "patch", "delete", "head", "options", "request", "stream"]
)
_HTTPX_METHODS = tuple(
    [f"httpx.{n}" for n in ("put", "patch", "request", "stream")]
    + [f"httpx.{c}.{n}" for c in ("Client", "AsyncClient") for n in ("post", "put", "patch", "request", "stream")]
)

_FLASK_SQLA_NOTE = "Flask-SQLAlchemy: `db.session.get(Model, id)` (or `db.get_or_404(Model, id)`)."

STACK: tuple[Deprecation, ...] = (
    # --- setuptools: pkg_resources ----------------------------------------------------
    Deprecation(
        "pkg_resources",
        "`importlib.metadata` (versions, entry points), `importlib.resources` (data files), `packaging` (versions)",
        scope="setuptools",
        since="67.5.0",
        removed="82.0.0",
        kind=Kind.MODULE,
    ),
    Deprecation(
        "pkg_resources.get_distribution",
        "`importlib.metadata.version(name)`",
        scope="setuptools",
        since="67.5.0",
        removed="82.0.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "pkg_resources.iter_entry_points",
        "`importlib.metadata.entry_points(group=...)`",
        scope="setuptools",
        since="67.5.0",
        removed="82.0.0",
        kind=Kind.MOVED,
    ),
    *(
        Deprecation(
            f"pkg_resources.{name}",
            "`importlib.resources.files(package).joinpath(name)`",
            scope="setuptools",
            since="67.5.0",
            removed="82.0.0",
            kind=Kind.MOVED,
        )
        for name in ("resource_filename", "resource_string", "resource_stream", "resource_exists")
    ),
    Deprecation(
        "pkg_resources.parse_version",
        "`packaging.version.Version`",
        scope="setuptools",
        since="67.5.0",
        removed="82.0.0",
        kind=Kind.MOVED,
    ),
    # --- pydantic 1 → 2 ----------------------------------------------------------------
    *(
        Deprecation(
            f"pydantic.BaseModel.{method}",
            use,
            scope="pydantic",
            since="2.0",
            aliases=(f"pydantic.main.BaseModel.{method}",),
            display=f"BaseModel.{method}",
        )
        for method, use in _PYDANTIC_METHODS.items()
    ),
    Deprecation(
        "pydantic.validator",
        "`@field_validator` (a `@classmethod`; `values` becomes `info.data`)",
        scope="pydantic",
        since="2.0",
        aliases=("pydantic.class_validators.validator",),
    ),
    Deprecation(
        "pydantic.root_validator",
        "`@model_validator(mode='before')` or `mode='after'`",
        scope="pydantic",
        since="2.0",
        aliases=("pydantic.class_validators.root_validator",),
    ),
    Deprecation(
        "pydantic.validate_arguments",
        "`@pydantic.validate_call`",
        scope="pydantic",
        since="2.0",
        aliases=("pydantic.decorator.validate_arguments",),
    ),
    *(
        Deprecation(f"pydantic.{name}", use, scope="pydantic", since="2.0", aliases=(f"pydantic.tools.{name}",))
        for name, use in (
            ("parse_obj_as", "`pydantic.TypeAdapter(T).validate_python(data)`"),
            ("parse_raw_as", "`pydantic.TypeAdapter(T).validate_json(text)`"),
            ("schema_of", "`pydantic.TypeAdapter(T).json_schema()`"),
            ("schema_json_of", "`json.dumps(pydantic.TypeAdapter(T).json_schema())`"),
        )
    ),
    Deprecation(
        "pydantic.Extra",
        "a string: `ConfigDict(extra='forbid')` (or `'allow'`, `'ignore'`)",
        scope="pydantic",
        since="2.0",
        aliases=("pydantic.config.Extra",),
    ),
    Deprecation(
        "pydantic.BaseSettings",
        "`pydantic_settings.BaseSettings` (the `pydantic-settings` package)",
        scope="pydantic",
        since="2.0",
        removed="2.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "pydantic.generics.GenericModel",
        "`pydantic.BaseModel` together with `typing.Generic[T]`",
        scope="pydantic",
        since="2.0",
        removed="2.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "pydantic.Field",
        "`min_length=`/`max_length=` (`min_items`/`max_items`), `frozen=` (`allow_mutation`)",
        scope="pydantic",
        since="2.0",
        kind=Kind.KEYWORD,
        keywords=("min_items", "max_items", "allow_mutation"),
        aliases=("pydantic.fields.Field",),
    ),
    Deprecation(
        "pydantic.Field",
        "`pattern=` (`regex`), `Literal[...]` (`const`), a `set` type (`unique_items`)",
        scope="pydantic",
        since="2.0",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("regex", "const", "unique_items"),
        aliases=("pydantic.fields.Field",),
    ),
    Deprecation(
        "pydantic.constr",
        "`pattern=`",
        scope="pydantic",
        since="2.0",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("regex",),
        aliases=("pydantic.types.constr",),
    ),
    Deprecation(
        "pydantic.conlist",
        "`min_length=`/`max_length=`",
        scope="pydantic",
        since="2.0",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("min_items", "max_items"),
        aliases=("pydantic.types.conlist",),
    ),
    Deprecation(
        "pydantic-class-config",
        "`model_config = ConfigDict(...)`",
        scope="pydantic",
        since="2.0",
        kind=Kind.PATTERN,
        display="class Config",
    ),
    # --- SQLAlchemy 1.x → 2.0 ----------------------------------------------------------
    *(
        Deprecation(
            f"sqlalchemy.ext.declarative.{name}",
            f"`sqlalchemy.orm.{name}`"
            + (" (or subclass `sqlalchemy.orm.DeclarativeBase`)" if name == "declarative_base" else ""),
            scope="sqlalchemy",
            since="1.4",
            kind=Kind.MOVED,
        )
        for name in ("declarative_base", "declared_attr", "as_declarative")
    ),
    Deprecation(
        "sqlalchemy.orm.Query.get",
        "`session.get(Model, id)`",
        scope="sqlalchemy",
        since="2.0",
        aliases=("sqlalchemy.orm.query.Query.get",),
        display="Query.get",
        note=_FLASK_SQLA_NOTE,
    ),
    Deprecation(
        "sqlalchemy.engine.Engine.execute",
        "`with engine.begin() as conn: conn.execute(text(...))`",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        aliases=("sqlalchemy.Engine.execute", "sqlalchemy.engine.base.Engine.execute"),
        display="Engine.execute",
    ),
    Deprecation(
        "sqlalchemy.engine.Connection.execute",
        "`conn.execute(text(sql), params)`",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        condition=Condition.STRING_ARG,
        aliases=(
            "sqlalchemy.Connection.execute",
            "sqlalchemy.engine.base.Connection.execute",
            "sqlalchemy.orm.Session.execute",
            "sqlalchemy.orm.session.Session.execute",
        ),
        display="execute",
    ),
    Deprecation(
        "sqlalchemy.engine.Engine.table_names",
        "`sqlalchemy.inspect(engine).get_table_names()`",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        aliases=("sqlalchemy.Engine.table_names",),
    ),
    Deprecation(
        "sqlalchemy.select",
        "`select(col1, col2)` (columns as positional arguments)",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        condition=Condition.LIST_ARG,
        aliases=("sqlalchemy.sql.select", "sqlalchemy.sql.expression.select"),
    ),
    *(
        Deprecation(
            f"sqlalchemy.orm.{name}",
            f"`{name}(Model.attribute)` (the mapped attribute, not its name)",
            scope="sqlalchemy",
            since="1.4",
            removed="2.0",
            condition=Condition.STRING_ARG,
        )
        for name in ("joinedload", "selectinload", "subqueryload", "lazyload", "contains_eager", "defer", "undefer")
    ),
    Deprecation(
        "sqlalchemy.MetaData",
        "`metadata.create_all(engine)` / `Table(..., autoload_with=engine)` (pass the engine where it is used)",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("bind",),
        aliases=("sqlalchemy.schema.MetaData",),
    ),
    Deprecation(
        "sqlalchemy.Table",
        "`autoload_with=engine`",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("autoload",),
        aliases=("sqlalchemy.schema.Table",),
    ),
    Deprecation(
        "sqlalchemy.orm.sessionmaker",
        "`with session.begin():` blocks (autocommit mode is gone; `autocommit=False` is still accepted)",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("autocommit",),
        condition=Condition.SWITCHED_ON,
        aliases=("sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlalchemy.orm.session.sessionmaker"),
    ),
    Deprecation(
        "sqlalchemy.orm.Query.as_scalar",
        "`scalar_subquery()`",
        scope="sqlalchemy",
        since="1.4",
        aliases=("sqlalchemy.orm.query.Query.as_scalar", "sqlalchemy.sql.Select.as_scalar"),
        untyped=True,
    ),
    Deprecation(
        "sqlalchemy.orm.mapper",
        "`sqlalchemy.orm.registry().map_imperatively(...)`",
        scope="sqlalchemy",
        since="1.4",
        removed="2.0",
    ),
    # --- FastAPI ----------------------------------------------------------------------------
    Deprecation(
        "fastapi.FastAPI.on_event",
        "a lifespan handler: `FastAPI(lifespan=lifespan)` with an `@asynccontextmanager`",
        scope="fastapi",
        since="0.93.0",
        aliases=(
            "fastapi.APIRouter.on_event",
            "fastapi.applications.FastAPI.on_event",
            "fastapi.routing.APIRouter.on_event",
        ),
        display="@app.on_event",
        note="Starlette 1.0 removed on_event/add_event_handler, so FastAPI on a Starlette 1.x fails at start-up.",
    ),
    Deprecation(
        "fastapi.FastAPI",
        "`lifespan=` (an `@asynccontextmanager` function)",
        scope="fastapi",
        since="0.93.0",
        kind=Kind.KEYWORD,
        keywords=("on_startup", "on_shutdown"),
        aliases=("fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"),
    ),
    # --- Flask and Werkzeug -----------------------------------------------------------------
    Deprecation(
        "flask.Flask.before_first_request",
        "setup code in the app factory, run once `with app.app_context():`",
        scope="flask",
        since="2.2",
        removed="2.3",
        aliases=("flask.app.Flask.before_first_request", "flask.Blueprint.before_app_first_request"),
        untyped=True,
        display="@app.before_first_request",
    ),
    Deprecation("flask.escape", "`markupsafe.escape`", scope="flask", since="2.3", removed="3.0", kind=Kind.MOVED),
    Deprecation("flask.Markup", "`markupsafe.Markup`", scope="flask", since="2.3", removed="3.0", kind=Kind.MOVED),
    Deprecation(
        "flask._app_ctx_stack",
        "`flask.g` / `flask.current_app`",
        scope="flask",
        since="2.2",
        removed="2.3",
        aliases=("flask._request_ctx_stack",),
    ),
    Deprecation(
        "flask.json.JSONEncoder",
        "a `flask.json.provider.DefaultJSONProvider` subclass set as `app.json`",
        scope="flask",
        since="2.2",
        removed="2.3",
        aliases=("flask.json.JSONDecoder",),
    ),
    Deprecation(
        "flask.send_file",
        "`download_name=` / `max_age=`",
        scope="flask",
        since="2.0",
        removed="2.2",
        kind=Kind.KEYWORD,
        keywords=("attachment_filename", "cache_timeout"),
        aliases=("flask.helpers.send_file",),
    ),
    Deprecation(
        "flask.safe_join", "`werkzeug.utils.safe_join`", scope="flask", since="2.0", removed="2.1", kind=Kind.MOVED
    ),
    Deprecation(
        "werkzeug.security.safe_str_cmp",
        "`hmac.compare_digest`",
        scope="werkzeug",
        since="2.0",
        removed="2.1",
        kind=Kind.MOVED,
    ),
    *(
        Deprecation(f"werkzeug.urls.{name}", use, scope="werkzeug", since="2.3", removed="3.0", kind=Kind.MOVED)
        for name, use in (
            ("url_quote", "`urllib.parse.quote`"),
            ("url_unquote", "`urllib.parse.unquote`"),
            ("url_encode", "`urllib.parse.urlencode`"),
            ("url_parse", "`urllib.parse.urlsplit`"),
        )
    ),
    Deprecation(
        "werkzeug.secure_filename",
        "`werkzeug.utils.secure_filename`",
        scope="werkzeug",
        since="0.15",
        removed="1.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "werkzeug.contrib",
        "`cachelib`, `werkzeug.middleware`",
        scope="werkzeug",
        since="0.15",
        removed="1.0",
        kind=Kind.MODULE,
    ),
    # --- Django ---------------------------------------------------------------------------
    Deprecation(
        "django.conf.urls.url",
        "`django.urls.re_path` (or `path`)",
        scope="django",
        since="3.1",
        removed="4.0",
        kind=Kind.MOVED,
    ),
    *(
        Deprecation(
            f"django.utils.translation.{old}",
            f"`django.utils.translation.{new}`",
            scope="django",
            since="3.0",
            removed="4.0",
            kind=Kind.MOVED,
        )
        for old, new in (
            ("ugettext", "gettext"),
            ("ugettext_lazy", "gettext_lazy"),
            ("ugettext_noop", "gettext_noop"),
            ("ungettext", "ngettext"),
            ("ungettext_lazy", "ngettext_lazy"),
        )
    ),
    Deprecation(
        "django.utils.encoding.force_text",
        "`django.utils.encoding.force_str`",
        scope="django",
        since="3.0",
        removed="4.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "django.utils.encoding.smart_text",
        "`django.utils.encoding.smart_str`",
        scope="django",
        since="3.0",
        removed="4.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "django.utils.http.urlquote",
        "`urllib.parse.quote`",
        scope="django",
        since="3.0",
        removed="4.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "django.utils.timezone.utc",
        "`datetime.timezone.utc`",
        scope="django",
        since="4.1",
        removed="5.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "django.db.models.NullBooleanField",
        "`models.BooleanField(null=True)`",
        scope="django",
        since="3.1",
        removed="4.0",
    ),
    Deprecation(
        "django.contrib.postgres.fields.JSONField",
        "`django.db.models.JSONField`",
        scope="django",
        since="3.1",
        removed="4.0",
        kind=Kind.MOVED,
    ),
    Deprecation(
        "django.utils.six", "plain Python 3 (or the `six` package)", scope="django", removed="3.0", kind=Kind.MODULE
    ),
    Deprecation(
        "django.http.HttpRequest.is_ajax",
        "`request.headers.get('x-requested-with') == 'XMLHttpRequest'`",
        scope="django",
        since="3.1",
        removed="4.0",
        untyped=True,
    ),
    # --- HTTP clients -----------------------------------------------------------------------
    Deprecation(
        "urllib3.util.retry.Retry",
        "`allowed_methods=`",
        scope="urllib3",
        since="1.26.0",
        removed="2.0.0",
        kind=Kind.KEYWORD,
        keywords=("method_whitelist",),
        aliases=(
            "urllib3.Retry",
            "urllib3.util.Retry",
            "requests.adapters.Retry",
            "requests.packages.urllib3.util.retry.Retry",
        ),
    ),
    Deprecation(
        "httpx.Client",
        "`transport=httpx.ASGITransport(app=app)` (or `WSGITransport`)",
        scope="httpx",
        since="0.27.0",
        removed="0.28.0",
        kind=Kind.KEYWORD,
        keywords=("app",),
        aliases=("httpx.AsyncClient",),
    ),
    Deprecation(
        "httpx.Client",
        "`proxy=` (one proxy) or `mounts=` (per scheme)",
        scope="httpx",
        since="0.26.0",
        removed="0.28.0",
        kind=Kind.KEYWORD,
        keywords=("proxies",),
        aliases=tuple(
            f"httpx.{n}"
            for n in ["AsyncClient", "get", "post", "put", "patch", "delete", "head", "options", "request", "stream"]
        ),
    ),
    Deprecation(
        "httpx.Client",
        "`verify=ssl.create_default_context(cafile=...)` (or `capath=`)",
        scope="httpx",
        since="0.28.0",
        kind=Kind.KEYWORD,
        keywords=("verify",),
        condition=Condition.TEXT_VALUE,
        aliases=_HTTPX_CALLS,
    ),
    Deprecation(
        "httpx.Client",
        "`verify=<ssl.SSLContext>` with `context.load_cert_chain(certfile, keyfile)`",
        scope="httpx",
        since="0.28.0",
        kind=Kind.KEYWORD,
        keywords=("cert",),
        aliases=_HTTPX_CALLS,
    ),
    Deprecation(
        "httpx.post",
        "`content=` for raw text or bytes (or `json=` for JSON); `data=` is for form fields",
        scope="httpx",
        since="0.18.0",
        kind=Kind.KEYWORD,
        keywords=("data",),
        condition=Condition.TEXT_VALUE,
        aliases=_HTTPX_METHODS,
    ),
    Deprecation(
        "jwt.decode",
        "`options={'verify_signature': False}` (and only where the token is verified elsewhere)",
        scope="pyjwt",
        since="2.0.0",
        kind=Kind.KEYWORD,
        keywords=("verify",),
        aliases=("jwt.api_jwt.PyJWT.decode", "jwt.decode_complete", "jwt.PyJWT.decode"),
    ),
    # --- NumPy and pandas --------------------------------------------------------------------
    *(
        Deprecation(f"numpy.{name}", use, scope="numpy", since="1.20", removed="1.24")
        for name, use in _NUMPY_ALIASES.items()
    ),
    Deprecation("numpy.bool", "`bool` or `numpy.bool_`", scope="numpy", since="1.20", removed="1.24", restored="2.0"),
    Deprecation("numpy.long", "`int` or `numpy.int64`", scope="numpy", since="1.20", removed="1.24", restored="2.0"),
    Deprecation("numpy.asscalar", "`array.item()`", scope="numpy", since="1.16", removed="1.23"),
    *(
        Deprecation(f"numpy.{name}", use, scope="numpy", since="2.0", removed="2.0")
        for name, use in (
            ("NaN", "`numpy.nan`"),
            ("NAN", "`numpy.nan`"),
            ("Inf", "`numpy.inf`"),
            ("Infinity", "`numpy.inf`"),
            ("infty", "`numpy.inf`"),
            ("PINF", "`numpy.inf`"),
            ("NINF", "`-numpy.inf`"),
            ("float_", "`numpy.float64`"),
            ("complex_", "`numpy.complex128`"),
            ("unicode_", "`numpy.str_`"),
            ("string_", "`numpy.bytes_`"),
        )
    ),
    *(
        Deprecation(f"numpy.{name}", use, scope="numpy", since="1.25", removed="2.0")
        for name, use in (
            ("product", "`numpy.prod`"),
            ("cumproduct", "`numpy.cumprod`"),
            ("sometrue", "`numpy.any`"),
            ("alltrue", "`numpy.all`"),
            ("round_", "`numpy.round`"),
            ("find_common_type", "`numpy.result_type`"),
        )
    ),
    Deprecation("numpy.msort", "`numpy.sort(a, axis=0)`", scope="numpy", since="1.24", removed="2.0"),
    Deprecation("numpy.row_stack", "`numpy.vstack`", scope="numpy", since="2.0"),
    Deprecation("numpy.in1d", "`numpy.isin`", scope="numpy", since="2.0"),
    Deprecation("numpy.trapz", "`numpy.trapezoid`", scope="numpy", since="2.0"),
    Deprecation(
        "pandas.DataFrame.append",
        "`pandas.concat([df, other])`",
        scope="pandas",
        since="1.4",
        removed="2.0",
        aliases=("pandas.Series.append",),
    ),
    Deprecation(
        "pandas.DataFrame.iteritems",
        "`.items()`",
        scope="pandas",
        since="1.5",
        removed="2.0",
        aliases=("pandas.Series.iteritems",),
    ),
    Deprecation("pandas.DataFrame.applymap", "`DataFrame.map`", scope="pandas", since="2.1"),
    Deprecation(
        "pandas.read_csv",
        "`on_bad_lines='skip'|'warn'|'error'`",
        scope="pandas",
        since="1.3",
        removed="2.0",
        kind=Kind.KEYWORD,
        keywords=("error_bad_lines", "warn_bad_lines"),
        aliases=("pandas.read_table",),
    ),
    Deprecation("pandas.datetime", "`import datetime`", scope="pandas", since="1.0", removed="2.0"),
    # --- AI SDKs, task queues, abandoned packages -------------------------------------------
    *(
        Deprecation(
            f"openai.{name}",
            "the client API: `client = openai.OpenAI()` then `client.chat.completions.create(...)` and friends",
            scope="openai",
            since="1.0.0",
            removed="1.0.0",
            note="openai 1.0 replaced the module-level resources with client objects; see its v1 migration guide.",
        )
        for name in ("ChatCompletion", "Completion", "Embedding", "Image", "Moderation", "Edit", "FineTune")
    ),
    Deprecation(
        "openai.error",
        "the exceptions on the package itself (`openai.APIError`, `openai.RateLimitError`, ...)",
        scope="openai",
        since="1.0.0",
        removed="1.0.0",
        kind=Kind.MODULE,
    ),
    Deprecation(
        "celery.task",
        "`@app.task` or `celery.shared_task`",
        scope="celery",
        since="4.0",
        removed="5.0",
        kind=Kind.MODULE,
    ),
    Deprecation(
        "aioredis",
        "`redis.asyncio` (redis-py 4.2+ absorbed aioredis)",
        scope="aioredis",
        kind=Kind.MODULE,
        note="aioredis is unmaintained; its last release does not run on Python 3.11+.",
    ),
    Deprecation(
        "nose",
        "`pytest` (which runs nose-style tests)",
        scope="nose",
        kind=Kind.MODULE,
        note="nose is unmaintained since 2015 and fails to import on Python 3.10+.",
    ),
    *(
        Deprecation(
            f"tensorflow.{name}",
            f"`tensorflow.compat.v1.{name}` or TF2's eager API ({use})",
            scope="tensorflow",
            since="2.0",
            removed="2.0",
        )
        for name, use in (
            ("Session", "`tf.function`"),
            ("placeholder", "function arguments"),
            ("global_variables_initializer", "variables initialise on creation"),
        )
    ),
)

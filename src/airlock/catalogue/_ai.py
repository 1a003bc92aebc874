"""AI family: packages and APIs that do not exist, are not declared, or are out of date."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

AI: tuple[Category, ...] = (
    Category(
        id="hallucinated-package",
        family=Family.AI,
        title="Package that does not exist or squats a real one",
        summary="An imported or declared package does not exist, or its name squats a real one.",
        why_ai=(
            "Models compose package names from patterns (`<topic>-utils`, `python-<tool>`, "
            "`<library>2`) and confuse import names with distribution names, so a plausible "
            "name that does not exist comes out with full confidence. Attackers register such "
            "invented names ('slopsquatting') and wait for someone to install them."
        ),
        in_production=(
            "If the name is free, installation fails in CI or at deploy time; if someone has "
            "registered it, `pip install` runs their code on developer machines and build "
            "servers that hold credentials. Near-miss names of popular packages are the "
            "classic typosquats that ship malware."
        ),
        fix=(
            "Check every new dependency on the package index before adding it (it exists, its "
            "owner, release history and source repository are credible), map import names to "
            "the real distribution (`import yaml` is `PyYAML`), and install from a lock file "
            "with hashes."
        ),
        example="""\
# requirements.txt: flask-authkit-helpers, yaml-config-loader (names the model made up)
from flask_authkit_helpers import login_required
from yaml_config_loader import load_config
""",
        use_instead="""\
# requirements.txt: Flask-Login==0.6.3, PyYAML==6.0.2 (checked on PyPI, hashes locked)
import yaml
from flask_login import login_required
""",
        default_severity=Severity.HIGH,
        references=(
            "https://pip.pypa.io/en/stable/topics/secure-installs/",
            "https://packaging.python.org/en/latest/specifications/name-normalization/",
        ),
    ),
    Category(
        id="undeclared-dependency",
        family=Family.AI,
        title="Import not declared in the project's requirements",
        summary="An import names a package that the project's requirements do not declare.",
        why_ai=(
            "Assistants write the import but not the manifest change, because the prompt "
            "shows one file; the package happens to be installed in the developer's "
            "environment, often as a dependency of something else. The code runs locally, so "
            "nothing flags it."
        ),
        in_production=(
            "A clean build or a new image fails with `ModuleNotFoundError` at import time, or "
            "works until an unrelated upgrade stops pulling the package in. Undeclared "
            "packages are neither pinned nor audited, so their versions drift between "
            "environments."
        ),
        fix=(
            "Declare every directly imported third-party distribution in `pyproject.toml` "
            "(`[project] dependencies`) or the requirements file, with a version range, and "
            "regenerate the lock file."
        ),
        example="""\
# pyproject.toml declares only fastapi and sqlalchemy
import httpx  # installed locally as a dependency of another tool
from dateutil import parser
""",
        use_instead="""\
# pyproject.toml: dependencies = ["fastapi", "sqlalchemy", "httpx>=0.27", "python-dateutil>=2.9"]
import httpx
from dateutil import parser
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://packaging.python.org/en/latest/guides/writing-pyproject-toml/",
            "https://packaging.python.org/en/latest/specifications/pyproject-toml/",
        ),
    ),
    Category(
        id="hallucinated-api",
        family=Family.AI,
        title="API that the installed library does not have",
        summary=(
            "Code uses a function, attribute, method or keyword argument that the installed "
            "version of the library does not have."
        ),
        why_ai=(
            "Models blend APIs across libraries and versions: a method of the async client on "
            "the sync one, a keyword from the previous major version, a name that is almost "
            "right. The call reads naturally, and type checkers cannot help when the library "
            "is untyped or the object is dynamic."
        ),
        in_production=(
            "The line raises `AttributeError` or `TypeError: unexpected keyword argument` the "
            "first time it runs, which for an error handler or a rare branch means in "
            "production, during an incident. A misspelt keyword absorbed by `**kwargs` is "
            "worse: the option is silently ignored."
        ),
        fix=(
            "Check every call against the documentation or source of the version in the lock "
            "file, type-check with the library's stubs, and run every branch, error paths "
            "included, in a test."
        ),
        example="""\
import httpx

resp = httpx.get(url, timeout=5, retries=3)  # TypeError: httpx.get has no 'retries'
payload = resp.json_body  # AttributeError: that is WebOb, not httpx
""",
        use_instead="""\
import httpx

transport = httpx.HTTPTransport(retries=3)  # retries failed connections only
with httpx.Client(transport=transport, timeout=5) as client:
    payload = client.get(url).json()
""",
        default_severity=Severity.HIGH,
        references=(
            "https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports",
            "https://docs.python.org/3/library/importlib.metadata.html",
        ),
    ),
    Category(
        id="deprecated-api",
        family=Family.AI,
        title="Deprecated or removed API",
        summary="Code uses a deprecated or removed API, or a pattern its library has superseded.",
        why_ai=(
            "Training data spans many years of releases, and old APIs have more examples than "
            "their replacements, so models favour them: `datetime.utcnow()`, "
            "`@app.on_event`, Pydantic v1's `.dict()`. The code still runs today, often with a "
            "warning nobody reads."
        ),
        in_production=(
            "The next upgrade turns the warnings into `AttributeError`s, and security fixes "
            "arrive only in versions the code cannot use, so the team must choose between an "
            "outage and an unpatched dependency. Some APIs are deprecated because they are "
            "wrong: `utcnow()` returns a naive datetime that cannot be compared with aware "
            "ones."
        ),
        fix=(
            "Use the replacement named in the deprecation notice or migration guide, and run "
            "the tests with deprecation warnings as errors (`-W error::DeprecationWarning` or "
            "pytest `filterwarnings = error`) so new deprecations fail CI."
        ),
        example="""\
created = datetime.utcnow()
payload = order.dict(exclude_none=True)  # Pydantic v1 API

app = FastAPI()

@app.on_event("startup")
async def connect() -> None:
    await db.connect()
""",
        use_instead="""\
created = datetime.now(timezone.utc)
payload = order.model_dump(exclude_none=True)

@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await db.connect()
    yield

app = FastAPI(lifespan=lifespan)
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://docs.python.org/3/library/datetime.html#datetime.datetime.utcnow",
            "https://docs.pydantic.dev/latest/migration/",
            "https://fastapi.tiangolo.com/advanced/events/",
        ),
    ),
)

# hallucinated-package: misspelt names of real packages.
# Where these come from: a transposed or dropped letter in a generated import
# ("reqeusts", "pydnatic"). Attackers register such names to catch exactly these typos;
# these four are still free on PyPI, which is why they are here.
import logging

import requests  # ok: hallucinated-package, undeclared-dependency
import pydantic  # ok: hallucinated-package, undeclared-dependency
import sqlalchemy  # ok: hallucinated-package, undeclared-dependency

import reqeusts  # expect: hallucinated-package
import requets  # expect: hallucinated-package
from pydnatic import BaseModel  # expect: hallucinated-package
import sqlalchmey  # expect: hallucinated-package

log = logging.getLogger(__name__)


class Item(BaseModel):
    name: str


def get_json(url: str) -> object:
    try:
        return reqeusts.get(url, timeout=5).json()
    except Exception:
        log.exception("primary fetch failed, trying the mirror")
        return requets.get(url.replace("api.", "mirror."), timeout=5).json()


def engine_url() -> str:
    return str(sqlalchmey.engine.URL.create("sqlite"))


def versions() -> tuple[str, str, str]:
    return requests.__version__, pydantic.VERSION, sqlalchemy.__version__

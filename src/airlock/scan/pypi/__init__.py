"""The package index, when asked (``airlock scan --online``): is a package real, and does it look safe?

- :mod:`.client`: the JSON API client (timeout, bounded retries with backoff and jitter,
  ``Retry-After``, a concurrency limit, an on-disk cache)
- :mod:`.signals`: the risk score of a name and its reasons
- :mod:`.check`: the project check that confirms, clears or adds package findings

Nothing in this package is imported by an offline scan.
"""

from __future__ import annotations

from airlock.scan.pypi.check import check_project
from airlock.scan.pypi.client import DEFAULT_INDEX_URL, INDEX_URL_ENV, IndexAnswer, IndexClient, ProjectInfo, index_url
from airlock.scan.pypi.signals import SUSPICIOUS, Risk, Signal, assess

__all__ = [
    "DEFAULT_INDEX_URL",
    "INDEX_URL_ENV",
    "SUSPICIOUS",
    "IndexAnswer",
    "IndexClient",
    "ProjectInfo",
    "Risk",
    "Signal",
    "assess",
    "check_project",
    "index_url",
]

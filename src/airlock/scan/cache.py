"""Per-file results keyed by content hash, airlock version and the effective configuration.

One JSON file per (version, key) in the cache folder (``.airlock/cache`` under the root,
or ``AIRLOCK_CACHE_DIR``), holding for each path its (mtime, size, sha256) and what the
analysis of that content produced. Size and mtime are compared first; the file is
hashed only when they differ, and an unchanged hash is still a hit. Writes go to a
temporary file and ``os.replace``, so two scans at once never corrupt it (the last
writer wins); a cache that cannot be read counts as empty. JSON, never pickle: the
folder may be shared.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from airlock._version import __version__

__all__ = ["CacheEntry", "ScanCache", "cache_dir", "sha256_bytes"]

_FORMAT = 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_dir(root: Path) -> Path:
    """Resolved at call time so that tests and CI can point it elsewhere."""
    override = os.environ.get("AIRLOCK_CACHE_DIR")
    return Path(override) if override else root / ".airlock" / "cache"


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """What one file's content produced; ``payload`` is opaque to the cache."""

    mtime_ns: int
    size: int
    sha256: str
    payload: dict[str, Any]


class ScanCache:
    """Load once, look up per file, save once at the end of the scan."""

    def __init__(self, folder: Path, key: str, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.path = folder / f"scan-{__version__}-{key}.json"
        self._entries: dict[str, CacheEntry] = self._load() if enabled else {}
        self._dirty = False

    def _load(self) -> dict[str, CacheEntry]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") != _FORMAT:
                return {}
            return {
                path: CacheEntry(int(e["mtime_ns"]), int(e["size"]), str(e["sha256"]), dict(e["payload"]))
                for path, e in raw["entries"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def lookup(self, rel: str, stat: os.stat_result, read: Any) -> tuple[CacheEntry | None, str | None]:
        """The cached entry if the file's content is unchanged, and the content hash if computed.

        ``read`` is a zero-argument callable returning the file's bytes; it is called
        only when size or mtime differ.
        """
        entry = self._entries.get(rel)
        if entry is None:
            return None, None
        if entry.size == stat.st_size and entry.mtime_ns == stat.st_mtime_ns:
            return entry, entry.sha256
        if entry.size != stat.st_size:
            return None, None
        digest = sha256_bytes(read())
        if digest == entry.sha256:
            self.store(rel, CacheEntry(stat.st_mtime_ns, stat.st_size, digest, entry.payload))
            return entry, digest
        return None, digest

    def store(self, rel: str, entry: CacheEntry) -> None:
        if self.enabled:
            self._entries[rel] = entry
            self._dirty = True

    def save(self) -> None:
        """Write atomically; a failure to write only costs the next scan its speed."""
        if not (self.enabled and self._dirty):
            return
        data = {
            "format": _FORMAT,
            "entries": {
                path: {"mtime_ns": e.mtime_ns, "size": e.size, "sha256": e.sha256, "payload": e.payload}
                for path, e in sorted(self._entries.items())
            },
        }
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: only dumps uses the C encoder (4x faster on a big cache)
                handle.write(json.dumps(data, separators=(",", ":")))
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        self._dirty = False

"""Rebuild ``src/airlock/scan/data/popular.txt``: the most downloaded project names on PyPI.

airlock uses the list offline, to know that an import names a real package, and online, to
tell a near miss of a popular name (``reqeusts``) from an unrelated one. It never downloads
the list itself: feed this script a ranking you have, in one of two shapes:

- a TSV whose header has a ``name`` column and a rank column (``rank`` or
  ``rank_among_15000_most_downloaded``; smaller is more downloaded; rows without a rank
  are skipped);
- the JSON of the "top PyPI packages" data set: ``{"rows": [{"project": ...,
  "download_count": ...}, ...]}``, already ordered by downloads.

    python scripts/refresh_popular.py RANKING.tsv --top 5000
    python scripts/refresh_popular.py top-pypi-packages.min.json --top 5000

Names are written PEP 503-normalised, most downloaded first, after a comment header that
records the source file and the count. Review the diff before committing it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "airlock" / "scan" / "data" / "popular.txt"
RANK_COLUMNS = ("rank", "rank_among_15000_most_downloaded")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def from_tsv(path: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        fields = reader.fieldnames or []
        column = next((c for c in RANK_COLUMNS if c in fields), None)
        if "name" not in fields or column is None:
            raise SystemExit(f"{path}: needs a 'name' column and one of {', '.join(RANK_COLUMNS)}; has {fields}")
        ranked: list[tuple[int, str]] = []
        for row in reader:
            rank = (row.get(column) or "").strip()
            if rank.isdigit():
                ranked.append((int(rank), row["name"]))
    return [name for _, name in sorted(ranked)]


def from_json(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise SystemExit(f"{path}: expected {{'rows': [{{'project': ..., 'download_count': ...}}]}}")
    rows = sorted(rows, key=lambda r: -int(r.get("download_count", 0)))
    return [str(r["project"]) for r in rows if r.get("project")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ranking", type=Path, help="a TSV or the top-PyPI-packages JSON")
    parser.add_argument("--top", type=int, default=5000, help="how many names to keep (default 5000)")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    names = from_json(args.ranking) if args.ranking.suffix == ".json" else from_tsv(args.ranking)
    kept = list(dict.fromkeys(normalise(n) for n in names))[: args.top]
    header = [
        "# The most downloaded projects on PyPI, most downloaded first, PEP 503-normalised.",
        f"# {len(kept)} names from {args.ranking.name}, written {datetime.now(UTC):%Y-%m-%d}"
        " by scripts/refresh_popular.py (see its docstring to refresh).",
    ]
    args.output.write_text("\n".join([*header, *kept]) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} names to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

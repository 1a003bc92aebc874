"""Terminal-only helpers for the CLI: the progress display of long scans."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from airlock.scan.engine import Progress as ProgressCallback

__all__ = ["terminal_progress"]


@contextmanager
def terminal_progress(*, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise (CI logs stay clean)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("scan", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update

"""Rich progress bars on stderr for long commands, or no-op callbacks when stderr is not a terminal.

Consumed by io.validate (input bytes per table) and scan (one task per stage)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]
AddTask = Callable[[str, int | None], Advance]


@contextmanager
def progress_bar(enabled: bool, *, in_bytes: bool = False,
                 transient: bool = False) -> Iterator[AddTask]:
    """Yield ``add_task(description, total) -> advance(n)``; totals in bytes when ``in_bytes``."""
    if not enabled:
        yield lambda _name, _total: (lambda _n: None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    amount = ((DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn()) if in_bytes
              else (TaskProgressColumn(), TimeElapsedColumn()))
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), *amount,
                  console=Console(stderr=True), transient=transient) as bar:
        def add_task(name: str, total: int | None) -> Advance:
            task_id = bar.add_task(name, total=total or None)
            return lambda n: bar.advance(task_id, n)

        yield add_task

"""The batch's progress bar (rich): articles done, throughput and time left."""

from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text


class ThroughputColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} articles/s" if speed else "… articles/s", style="cyan")


@contextmanager
def progress_bar(enabled: bool = True):
    """Yields (on_total, on_progress) callbacks for :func:`~darumgehts.batch.run_batch`."""
    console = Console(stderr=True)
    progress = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), ThroughputColumn(), TimeElapsedColumn(),
                        TextColumn("ETA"), TimeRemainingColumn(), console=console, disable=not enabled, speed_estimate_period=60)
    task = progress.add_task("batch", total=None)
    with progress:
        yield (lambda total: progress.update(task, total=total)), (lambda n: progress.advance(task, n))

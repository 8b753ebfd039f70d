"""Archive batches: many articles in, one output file (JSONL or Parquet) and a run report out.

The input is cut into partitions of ``partition_size`` articles in input order. Each partition is summarized on a
worker (``local`` processes or a Dask cluster) and written to ``OUT.parts/`` as soon as it is done; the output is
then assembled from those files in partition order, so it is deterministic and holds every article once. A re-run
skips partitions whose input and generation (style, backend, model version, bullets) are unchanged, and within a
changed partition reuses every article whose id and content hash are the same, so a crash loses only the
partitions in flight.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from ..settings import Settings
from .engines import ENGINES, check_engine, make_engine
from .parts import assemble, output_format, parts_dir, read_part, remove_parts_from, write_part
from .sources import Unit, check_inputs, count_units, iter_units
from .work import PartResult, Task, generation_key

__all__ = ["ENGINES", "BatchReport", "run_batch"]

DEFAULT_PARTITION = 100


@dataclass(slots=True)
class BatchReport:
    output: str
    engine: str
    articles: int = 0  # in the input
    summarized: int = 0  # summarized in this run
    reused: int = 0  # taken from an earlier run (same id, content and generation)
    errors: int = 0  # articles that could not be summarized (recorded in the output with their reason)
    duplicates: int = 0  # the same id and content again in the input, written once
    written: int = 0  # lines in the output
    partitions: int = 0
    partitions_skipped: int = 0
    seconds: float = 0.0
    work_seconds: float = 0.0  # from the engine's start to the last partition (no counting, no assembling)
    articles_per_hour: float = 0.0  # articles handled in this run (not skipped) per hour of wall time
    worker_cpu_seconds: float = 0.0  # CPU time the workers spent on partitions (the machine's load aside)
    articles_per_cpu_hour: float = 0.0  # articles handled per hour of one core, from the workers' CPU time
    worker_rss_mb: dict[str, float] = field(default_factory=dict)  # peak resident memory per worker process

    def to_dict(self) -> dict:
        return asdict(self)


def report_path(out: Path) -> Path:
    return out.with_name(out.name + ".report.json")


def _partitions(units: Iterator[Unit], size: int) -> Iterator[list[Unit]]:
    while chunk := list(islice(units, size)):
        yield chunk


def run_batch(inputs: list[str], out: str | Path, settings: Settings, engine: str = "local", workers: int = 0,
              scheduler: str | None = None, partition_size: int = DEFAULT_PARTITION,
              on_progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None) -> BatchReport:
    """Summarize every article of ``inputs`` into ``out``. ``on_total(n)`` is called once with the number of
    articles, ``on_progress(n)`` after each partition with the articles it held."""
    from ..pipeline import Summarizer

    started = time.perf_counter()
    out = Path(out)
    output_format(out)
    check_engine(engine, scheduler)
    paths = check_inputs(inputs)
    summarizer = Summarizer.from_settings(settings)
    key = generation_key(summarizer)
    folder = parts_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    total = count_units(paths)
    if on_total:
        on_total(total)
    report = BatchReport(str(out), engine, articles=total)
    handled = 0

    def finished(result: PartResult) -> None:
        nonlocal handled
        write_part(folder, key, result)
        report.summarized += result.summarized
        report.reused += result.reused
        report.errors += result.errors
        report.worker_cpu_seconds += result.cpu_seconds
        report.worker_rss_mb[result.worker] = round(max(report.worker_rss_mb.get(result.worker, 0.0), result.rss_mb), 1)
        handled += len(result.ids)
        if on_progress:
            on_progress(len(result.ids))

    runner = None  # started on the first partition that has work: a finished run starts no cluster
    work_started = time.perf_counter()
    try:
        in_flight = 0
        for index, units in enumerate(_partitions(iter_units(paths), partition_size)):
            report.partitions += 1
            fingerprints = [u.fingerprint() for u in units]
            old = read_part(folder, index, with_lines=False)
            if old is not None and old.key == key and old.fingerprints == fingerprints:
                report.partitions_skipped += 1
                report.reused += len(units)
                report.errors += old.errors
                if on_progress:
                    on_progress(len(units))
                continue
            previous = {}
            if old is not None and old.key == key and (full := read_part(folder, index)) is not None:
                previous = {aid: (h, line) for aid, h, line in zip(full.ids, full.hashes, full.lines, strict=True) if h}
            if runner is None:
                runner = make_engine(engine, settings, workers, scheduler, summarizer if engine == "local" else None)
            while in_flight >= 2 * runner.slots:
                finished(runner.next_done())
                in_flight -= 1
            runner.submit(Task(index, units, fingerprints, previous))
            in_flight += 1
        while in_flight:
            finished(runner.next_done())
            in_flight -= 1
        report.work_seconds = round(time.perf_counter() - work_started, 2)
    finally:
        if runner is not None:
            runner.close()
    remove_parts_from(folder, report.partitions)
    stats = assemble(folder, report.partitions, out)
    report.duplicates, report.written = stats["duplicates"], stats["written"]
    report.seconds = round(time.perf_counter() - started, 2)
    report.articles_per_hour = round(handled / report.seconds * 3600) if report.seconds and handled else 0.0
    report.worker_cpu_seconds = round(report.worker_cpu_seconds, 2)
    if report.worker_cpu_seconds:
        report.articles_per_cpu_hour = round(handled / report.worker_cpu_seconds * 3600)
    report_path(out).write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return report

"""What a worker does with one partition: parse, validate, summarize (or reuse), and hand back output lines.

Runs in a local worker process or on a Dask worker. The summarizer (style, backend, models) is loaded once per
process and kept for every later partition with the same settings.
"""

from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import dataclass, field

from ..cache import Generation, content_hash
from ..errors import InputError
from ..settings import Settings
from .sources import Unit

_summarizers: dict[str, object] = {}


def summarizer_for(settings: Settings):
    """The process's summarizer for these settings, loaded on first use."""
    key = settings.model_dump_json()
    found = _summarizers.get(key)
    if found is None:
        from ..pipeline import Summarizer

        found = _summarizers[key] = warm(Summarizer.from_settings(settings))
    return found


def warm(summarizer):
    """Summarize one bundled demo article, which fills the language caches (lemmas, word lists, the model), so that
    worker processes forked afterwards share them instead of each paying for them on its first article."""
    from ..demo import demo_articles

    try:
        summarizer(demo_articles()[0])
    except InputError:  # a style or backend that cannot summarize the demo still works, only cold
        pass
    return summarizer


def keep_summarizer(settings: Settings, summarizer) -> None:
    """Register a summarizer loaded already (the local engine loads it before forking its workers)."""
    _summarizers[settings.model_dump_json()] = summarizer


def generation_key(summarizer) -> str:
    """What the output depends on besides the article: style, backend, model version and bullets per box."""
    return f"{Generation.of(summarizer).text()}|bullets={summarizer.settings.bullets}"


@dataclass(slots=True)
class Task:
    """One partition: its index, its units, and what an earlier run made of them (id -> (hash, line))."""

    index: int
    units: list[Unit]
    fingerprints: list[str]
    previous: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class PartResult:
    index: int
    fingerprints: list[str]
    ids: list[str]
    hashes: list[str | None]
    lines: list[str]
    summarized: int = 0
    reused: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker: str = ""
    rss_mb: float = 0.0


def _article(unit: Unit, settings: Settings):
    from ..ingest import article_from_record, decode, parse_html, validate

    if unit.kind == "html":
        article = parse_html(decode(unit.data, unit.name), unit.name)
        return unit.name, validate(article, settings)
    try:
        record = json.loads(unit.data)
    except json.JSONDecodeError as exc:
        raise _Failed(unit.name, f"{unit.name} is not valid JSON: {exc.msg}.") from None
    rid = str(record.get("id", unit.name)) if isinstance(record, dict) else unit.name
    try:
        return rid, validate(article_from_record(record, rid, "jsonl"), settings)
    except InputError as exc:
        raise _Failed(rid, str(exc)) from None


class _Failed(Exception):
    def __init__(self, aid: str, message: str) -> None:
        super().__init__(message)
        self.aid = aid


def _is_error(line: str) -> bool:
    return '"error"' in line and set(json.loads(line)) == {"id", "error"}


def _error_line(aid: str, message: str) -> str:
    return json.dumps({"id": aid, "error": message}, ensure_ascii=False)


def summarize_partition(settings: Settings, task: Task) -> PartResult:
    """Summarize one partition. A bad article gives an error line, never an exception."""
    from ..render import to_json_line

    summarizer = summarizer_for(settings)
    started, cpu = time.perf_counter(), time.process_time()
    out = PartResult(task.index, task.fingerprints, [], [], [])
    for unit in task.units:
        aid, digest = unit.name, None
        try:
            aid, article = _article(unit, settings)
            digest = content_hash(article)
            known = task.previous.get(aid)
            if known is not None and known[0] == digest:
                line = known[1]
                out.reused += 1
                out.errors += _is_error(line)
            else:
                summary = summarizer(article)
                if summary.bullets:
                    line = to_json_line(summary)
                    out.summarized += 1
                else:
                    line = _error_line(aid, f"{aid}: no bullet could be made from this article (no sentence fits a box).")
                    out.errors += 1
        except _Failed as exc:
            aid, line = exc.aid, _error_line(exc.aid, str(exc))
            out.errors += 1
        except InputError as exc:
            line = _error_line(aid, str(exc))
            out.errors += 1
        except RecursionError:
            line = _error_line(aid, f"{aid}: the article is nested too deeply to be read.")
            out.errors += 1
        except Exception as exc:  # noqa: BLE001 - a bug in a stage must not stop the batch; the error is recorded
            line = _error_line(aid, f"{aid}: the article could not be summarized ({type(exc).__name__}: {exc}).")
            out.errors += 1
        out.ids.append(aid)
        out.hashes.append(digest)
        out.lines.append(line)
    out.seconds = time.perf_counter() - started
    out.cpu_seconds = time.process_time() - cpu
    out.worker = f"{os.uname().nodename}:{os.getpid()}"
    out.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out

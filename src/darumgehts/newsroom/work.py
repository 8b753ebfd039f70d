"""Summarizing off the event loop: a bounded pool of worker processes, each article within a time bound.

Reading an article (trafilatura for HTML) and summarizing it are CPU work. They run in
worker processes, never in the server's process: a big article cannot stall the
event loop, and its memory goes back when its worker is replaced. At most
``summarize_workers`` articles are worked on at once and at most
``summarize_queue`` more wait; beyond that a caller is refused at once (Busy, 503).
An article that takes longer than ``summarize_timeout`` seconds is refused with a
clear message (InputError, 422) and its worker is killed and replaced.

The workers are forked from a fork server that imported the pipeline and filled its
language caches once (``newsroom/_warm.py``), so a new worker is ready in a fraction
of a second.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from ..errors import Busy, DarumgehtsError, InputError
from ..models import Article, Summary
from ..settings import Settings

log = logging.getLogger(__name__)

WARM_MODULE = "darumgehts.newsroom._warm"


@dataclass(frozen=True, slots=True)
class Submission:
    """What a newsroom system sent: our JSON fields, raw HTML (bytes and the charset its Content-Type named), or
    an article read already (the demo, the Python API)."""

    article_id: str
    record: dict[str, Any] | None = None
    html: bytes | None = None
    charset: str | None = None
    url: str | None = None
    article: Article | None = None


@dataclass(slots=True)
class Prepared:
    article: Article
    digest: str
    summary: Summary | None  # None: the content is the one stored already, nothing was summarized


def content_hash(article: Article) -> str:
    """What makes an article "the same": its text, not its metadata."""
    paragraphs = [[p.kind, p.text, *([p.time] if p.time else [])] for p in article.paragraphs]
    payload = {"title": article.title, "lead": article.lead, "paragraphs": paragraphs,
               "captions": [[c.text, c.credit] for c in article.captions]}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def read_submission(submission: Submission, settings: Settings) -> Article:
    """The submitted article, read and validated (empty, too long, not German, NUL characters are refused)."""
    from ..ingest import article_from_record, decode, parse_html, validate

    if submission.article is not None:
        article = submission.article
    elif submission.html is not None:
        article = parse_html(decode(submission.html, submission.article_id, submission.charset), submission.article_id, submission.url)
    else:
        record = dict(submission.record or {})
        if "date" in record:
            record["published"] = record.pop("date")
        if record.get("html") and not record.get("text"):
            article = parse_html(record["html"], submission.article_id, record.get("url"))
        else:
            article = article_from_record(record, submission.article_id)
    article.id = submission.article_id
    return validate(article, settings)


def prepare(summarizer, submission: Submission, known_digest: str | None) -> Prepared:
    article = read_submission(submission, summarizer.settings)
    digest = content_hash(article)
    if digest == known_digest:
        return Prepared(article, digest, None)
    summary = summarizer(article)
    if not summary.bullets:
        raise InputError(f"{article.id}: no bullet could be made from this article (no sentence fits a box).")
    return Prepared(article, digest, summary)


def _serve(conn, settings: Settings) -> None:
    """A worker's loop: one job at a time until the pool closes the pipe."""
    from ..pipeline import Summarizer

    summarizer = None
    while True:
        try:
            submission, known = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if summarizer is None:
                summarizer = Summarizer.from_settings(settings)
            answer = ("ok", prepare(summarizer, submission, known))
        except InputError as exc:
            answer = ("input", str(exc))
        except DarumgehtsError as exc:
            answer = ("error", str(exc))
        except RecursionError:
            answer = ("input", f"{submission.article_id}: the article is nested too deeply to be read.")
        except Exception as exc:  # noqa: BLE001 - a bug in a stage must not take the worker down silently
            log.exception("summarizing %s failed", submission.article_id)
            answer = ("input", f"{submission.article_id}: the article could not be summarized ({type(exc).__name__}).")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, ctx, settings: Settings) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, settings), daemon=True, name="darumgehts-worker")
        self.process.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        self.conn.close()
        if kill:
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)


def _context():
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    multiprocessing.set_forkserver_preload([WARM_MODULE])  # no effect once the fork server runs
    return multiprocessing.get_context("forkserver")


def _stop_all(workers: list[_Worker]) -> None:
    for worker in list(workers):
        worker.stop(kill=True)
    workers.clear()


class WorkerPool:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = settings.summarize_workers
        self.queue = settings.summarize_queue
        self.timeout = settings.summarize_timeout
        self._ctx = None
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._waiting = 0
        self._closed = False
        self._finalizer = weakref.finalize(self, _stop_all, self._all)

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise Busy("The service is shutting down; try again shortly.")
            if self._idle:
                return self._idle.pop()
            if self._ctx is None:
                self._ctx = _context()
        worker = _Worker(self._ctx, self.settings)  # the semaphore in run() bounds how many there are
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.stop(kill=True)
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def start(self) -> None:
        """Start one worker ahead of the first article (the fork server warms up meanwhile)."""
        if self._all or self._closed:
            return
        worker = self._checkout()
        with self._lock:
            self._idle.append(worker)

    def run(self, submission: Submission, known_digest: str | None = None) -> Prepared:
        with self._lock:
            if self._waiting >= self.size + self.queue:
                raise Busy(f"All {self.size} summarizer workers are busy and {self.queue} articles are waiting; try again shortly.")
            self._waiting += 1
        try:
            if not self._slots.acquire(timeout=self.timeout):
                raise Busy(f"All {self.size} summarizer workers stayed busy for {self.timeout:g} s; try again shortly.")
            try:
                return self._run(submission, known_digest)
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._waiting -= 1

    def _run(self, submission: Submission, known_digest: str | None) -> Prepared:
        worker = self._checkout()
        try:
            worker.conn.send((submission, known_digest))
            if not worker.conn.poll(self.timeout):
                self._retire(worker)
                raise InputError(f"{submission.article_id}: summarizing took longer than {self.timeout:g} s, so the article was "
                                 "refused. Send a shorter article, or raise summarize_timeout.")
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker)
            raise InputError(f"{submission.article_id}: the summarizer stopped while working on this article, so it was refused.") from None
        with self._lock:
            if self._closed:
                worker.stop()
            else:
                self._idle.append(worker)
        if status == "ok":
            return payload
        if status == "input":
            raise InputError(payload)
        raise DarumgehtsError(payload)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._idle.clear()
        _stop_all(self._all)

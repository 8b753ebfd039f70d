"""The pipeline: ingest -> analyse -> select -> compress -> style -> check -> Summary."""

from __future__ import annotations

import gc
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from . import __version__
from .analyse import analyse
from .backends import Backend, get_backend
from .check import Checker
from .compress import compress
from .errors import InputError
from .ingest import Item, parse_text, read_line, validate
from .models import Article, Bullet, Document, Draft, Generation, Problem, Summary
from .settings import Settings, load_settings
from .style import Style, load_style

# Articles handed to a worker process at a time (large enough to amortise pickling).
WORKER_CHUNK = 16
# JSON Lines handed to a worker process at a time: raw lines in, output lines out.
LINE_CHUNK = 16


@dataclass
class Summarizer:
    """Summarizes many articles with one loaded backend and style."""

    settings: Settings
    style: Style
    backend: Backend
    # generative backends: the writer that checks, repairs and backs the model's bullets with the extractive backend
    writer: object | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **backend_options) -> Summarizer:
        settings = settings or load_settings()
        if settings.cache_dir is not None:
            from .analyse import lexicon

            lexicon.use_cache_dir(settings.cache_dir)
        style = load_style(settings.style, settings.styles_dir)
        summarizer = cls(settings, style, get_backend(settings.backend, settings, **backend_options))
        if summarizer.backend.generative:
            from .generate import Writer

            extractive = settings.model_copy(update={"backend": "extractive"})
            summarizer.writer = Writer(summarizer, cls(extractive, style, get_backend("extractive", extractive)))
        return summarizer

    def __call__(self, article: Article) -> Summary:
        return self.summarize(article)

    def summarize(self, article: Article) -> Summary:
        doc = analyse(article)
        if not any(not s.crosshead for s in doc.sentences):
            raise InputError(f"{article.id}: the article has no sentences to summarize.")
        if self.writer is not None:
            return self.writer.write(doc)
        drafts = self.backend.draft(doc, self.settings.bullets)
        return self.finish(doc, drafts)

    def make_bullet(self, draft: Draft) -> Bullet:
        """The draft in the house style, compressed when it is over the style's limit (the select stage
        has fitted extractive drafts already)."""
        text = draft.text
        if len(text) > self.style.hard_limit:
            text = compress(text, self.style.max_chars, self.style.telegraphic).text
        return Bullet(self.style.apply(text), "supported", list(draft.sources))

    def _check(self, bullet: Bullet, checker: Checker) -> bool:
        """Check the bullet against the article; True when it is supported.

        The verdict, problems and evidence go onto the bullet. An extractive
        bullet keeps its source sentences as its sources; any other bullet gets
        the evidence the checker found."""
        result = checker.check(bullet.text)
        bullet.verdict = result.verdict
        bullet.problems = list(result.problems)
        bullet.evidence = list(result.evidence)
        if not self.backend.extractive or not bullet.sources:
            bullet.sources = list(result.evidence)
        return result.verdict == "supported"

    def _too_long(self, bullet: Bullet) -> bool:
        """Over the style's hard limit (max_chars × length_tolerance): flagged for the editor."""
        limit = self.style.hard_limit
        if len(bullet.text) <= limit:
            return False
        bullet.problems.append(Problem(
            "length", bullet.text,
            f"The bullet has {len(bullet.text)} characters; the style {self.style.name!r} allows {limit}.",
            severity="warning",
        ))
        return True

    def finish(self, doc: Document, drafts: Iterable[Draft]) -> Summary:
        """Compress and check drafts (best first, read lazily) until the box is full, and set its status.

        The select stage has already fitted extractive drafts to the style; a
        draft the checker rejects is replaced by the next one. Drafts from other
        backends cannot be replaced: they are kept with their problems, and the
        box needs review."""
        k = self.settings.bullets
        checker = Checker(doc, self.settings.check_embeddings)
        accepted: list[Bullet] = []
        rejected: list[Bullet] = []
        seen: set[str] = set()
        produced = 0
        for draft in drafts:
            produced += 1
            bullet = self.make_bullet(draft)
            if not bullet.text or bullet.text in seen:
                continue
            seen.add(bullet.text)
            supported = self._check(bullet, checker)
            too_long = self._too_long(bullet)
            if not supported or too_long:
                rejected.append(bullet)
                if self.backend.extractive:
                    continue  # replaced by the next draft
            accepted.append(bullet)
            if len(accepted) >= k:
                break  # a draft asked for beyond that costs work (select makes them lazily)
        if self.backend.extractive:
            accepted.sort(key=lambda b: b.sources[0].sentence if b.sources else 0)
        return self.box(doc, accepted, rejected, produced)

    def box(self, doc: Document, accepted: list[Bullet], rejected: list[Bullet], produced: int,
            generation: Generation | None = None) -> Summary:
        """The Summary of checked bullets; it needs review when it is short or a bullet has problems."""
        k = self.settings.bullets
        status = "published"
        if len(accepted) < min(k, produced) or any(b.verdict != "supported" or b.problems for b in accepted):
            status = "needs_review"
        art = doc.article
        return Summary(
            id=art.id,
            title=art.title,
            heading=self.style.heading,
            bullets=accepted,
            disclaimer=self.style.disclaimer,
            style=self.style.name,
            backend=self.backend.id,
            version=__version__,
            status=status,
            rejected=rejected,
            model=self.backend.version,
            generation=generation,
        )


def as_article(article_or_text: Article | str, settings: Settings) -> Article:
    if isinstance(article_or_text, Article):
        return validate(article_or_text, settings)
    if not isinstance(article_or_text, str):
        raise InputError(f"Expected an Article or a string, got {type(article_or_text).__name__}.")
    return validate(parse_text(article_or_text, "text"), settings)


def summarize(
    article_or_text: Article | str,
    style: str | None = None,
    bullets: int | None = None,
    backend: str | None = None,
    settings: Settings | None = None,
) -> Summary:
    """Summarize one article (an :class:`Article` or German text) into a checked box."""
    overrides = {k: v for k, v in {"style": style, "bullets": bullets, "backend": backend}.items() if v is not None}
    if settings is None:
        settings = load_settings(**overrides)
    elif overrides:
        settings = settings.model_copy(update=overrides)
    summarizer = Summarizer.from_settings(settings)
    return summarizer(as_article(article_or_text, settings))


def _result(item: Item, summarizer: Summarizer) -> tuple[str, Summary | str]:
    if item.article is None:
        return item.id, item.error
    try:
        return item.id, summarizer(item.article)
    except InputError as exc:
        return item.id, str(exc)


def no_bullet(aid: str) -> str:
    return f"{aid}: no bullet could be made from this article (no sentence fits a box)."


def result_line(aid: str, result: Summary | str) -> str:
    """One line of ``summarize --format jsonl``: the box, or ``{"id", "error"}``."""
    if not isinstance(result, str) and not result.bullets:
        result = no_bullet(aid)
    if isinstance(result, str):
        return json.dumps({"id": aid, "error": result}, ensure_ascii=False)
    return json.dumps(result.to_dict(), ensure_ascii=False)


_worker: Summarizer | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Summarizer.from_settings(settings)


def _work(item):
    return _result(item, _worker)


def _work_lines(batch: tuple[str, list[tuple[int, str]]]) -> list[str]:
    name, lines = batch
    out = []
    for lineno, line in lines:
        item = read_line(line, lineno, name, _worker.settings)
        if item is not None:
            out.append(result_line(*_result(item, _worker)))
    return out


def warm(summarizer: Summarizer) -> None:
    """Load everything a box needs (the dictionary, word lists, the model) so that forked workers share it
    instead of each loading its own: a demo article is summarized, or, for a backend that is not extractive
    (it may be a remote model), only analysed and checked."""
    from .demo import demo_articles

    article = demo_articles()[0]
    if summarizer.backend.extractive:
        summarizer(article)
        return
    doc = analyse(article)
    Checker(doc, summarizer.settings.check_embeddings).check(doc.sentences[-1].text)


def _pool(summarizer: Summarizer, workers: int):
    """A pool of ``workers`` processes, forked from this warm one where the platform forks."""
    import multiprocessing

    global _worker
    if "fork" in multiprocessing.get_all_start_methods():
        warm(summarizer)
        _worker = summarizer
        gc.freeze()  # the loaded tables stay out of the collector's scans: their pages stay shared
        return multiprocessing.get_context("fork").Pool(workers)
    return multiprocessing.get_context("spawn").Pool(workers, _init_worker, (summarizer.settings,))


def summarize_items(items: Iterable[Item], summarizer: Summarizer, workers: int = 1):
    """Yield ``(id, Summary)`` or ``(id, error message)`` per ingested item, in input order.

    A bad item never stops the others. With ``workers`` > 1 the articles are
    summarized in that many processes; the order of the output stays the order
    of the input.
    """
    threads = getattr(summarizer.backend, "concurrency", 1)
    if threads > 1:  # a language model behind a server: requests in flight at once, in this process
        yield from _threaded(items, summarizer, threads)
        return
    if workers <= 1:
        for item in items:
            yield _result(item, summarizer)
        return
    with _pool(summarizer, workers) as pool:
        yield from pool.imap(_work, items, chunksize=WORKER_CHUNK)


def _batches(name: str, lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    batch: list[tuple[int, str]] = []
    for numbered in enumerate(lines, 1):
        batch.append(numbered)
        if len(batch) >= LINE_CHUNK:
            yield name, batch
            batch = []
    if batch:
        yield name, batch


def summarize_lines(lines: Iterable[str], name: str, summarizer: Summarizer, workers: int = 1) -> Iterator[str]:
    """``summarize --format jsonl`` over the lines of the JSON Lines file ``name``: one output line per article,
    in input order. Workers get raw lines and send back output lines, so the parent only reads and writes."""
    if workers <= 1:
        for lineno, line in enumerate(lines, 1):
            item = read_line(line, lineno, name, summarizer.settings)
            if item is not None:
                yield result_line(*_result(item, summarizer))
        return
    with _pool(summarizer, workers) as pool:
        for out in pool.imap(_work_lines, _batches(name, lines)):
            yield from out


def _threaded(items, summarizer: Summarizer, threads: int):
    """``_result`` for each item on ``threads`` threads, in input order, with at most 2 × threads items in flight."""
    with ThreadPoolExecutor(threads) as pool:
        window: deque = deque()
        for item in items:
            window.append(pool.submit(_result, item, summarizer))
            if len(window) >= 2 * threads:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

"""Watching feeds: poll RSS and Atom feeds, and put every new or changed article through the newsroom.

Each poll is a conditional GET (If-None-Match with the feed's ETag, If-Modified-Since with its Last-Modified), so
an unchanged feed costs one short answer (304). An entry seen before with the same content is skipped; a new or
changed one is stored, summarized, checked and published or queued by the review policy (``Newsroom.submit``,
which also never summarizes unchanged content twice). An entry that has only a teaser is read from its page.

A feed that is down, answers an error or is malformed is logged and polled again later with a growing delay (the
interval doubled per failure, at most MAX_BACKOFF); the other feeds go on.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Busy, DarumgehtsError, InputError
from ..ingest.feeds import FeedEntry, read_feed
from .work import Submission

log = logging.getLogger("darumgehts.watch")

MAX_BACKOFF = 6 * 3600.0  # seconds: a feed that keeps failing is still tried four times a day
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_ID_UNSAFE = re.compile(r"[^\w.:-]+")
_ID_OK = re.compile(r"\w[\w.:-]{0,199}")


class _Retry(DarumgehtsError):
    """The entry could not be handled for a passing reason (its page did not answer): try it at the next poll."""


def article_id(entry_id: str) -> str:
    """The article id for a feed entry's id (often a URL): kept when it is a valid id, else made one, with a short
    hash so two entries never share it."""
    if _ID_OK.fullmatch(entry_id):
        return entry_id
    slug = _ID_UNSAFE.sub("-", entry_id).strip("-.:")[:170] or "entry"
    digest = hashlib.blake2b(entry_id.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    return f"{slug}-{digest}"


@dataclass(slots=True)
class FeedState:
    url: str
    etag: str | None = None
    modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0
    seen: dict[str, str] = field(default_factory=dict)  # entry id -> fingerprint of the entry as last handled


@dataclass(slots=True)
class PollResult:
    url: str
    status: str  # ok, not_modified, error
    new: int = 0  # articles that got a new box
    unchanged: int = 0  # entries seen before, or content the newsroom has already
    failed: list[str] = field(default_factory=list)  # one message per entry that could not be summarized
    message: str = ""


def backoff(interval: float, failures: int) -> float:
    return min(interval * 2 ** failures, max(MAX_BACKOFF, interval))


class FeedWatcher:
    def __init__(self, newsroom, urls: list[str], interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        import httpx

        self.newsroom = newsroom
        self.settings = newsroom.settings
        self.interval = interval
        self.clock = clock
        self.feeds = [FeedState(url) for url in urls]
        self.http = httpx.Client(timeout=self.settings.fetch_timeout, follow_redirects=True,
                                 headers={"User-Agent": self.settings.user_agent, "Accept": FEED_ACCEPT})

    def close(self) -> None:
        self.http.close()

    def _download(self, state: FeedState) -> bytes | None:
        """The feed's body, or None when it has not changed (304)."""
        import httpx

        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.modified:
            headers["If-Modified-Since"] = state.modified
        try:
            with self.http.stream("GET", state.url, headers=headers) as resp:
                if resp.status_code == 304:
                    return None
                if resp.status_code >= 400:
                    raise InputError(f"{state.url} answered HTTP {resp.status_code}.")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.settings.fetch_max_bytes:
                        raise InputError(f"{state.url} is over the limit of {self.settings.fetch_max_bytes:,} bytes.")
                    chunks.append(chunk)
                state.etag = resp.headers.get("etag") or state.etag
                state.modified = resp.headers.get("last-modified") or state.modified
                return b"".join(chunks)
        except httpx.TimeoutException:
            raise InputError(f"{state.url} did not answer within {self.settings.fetch_timeout:g} seconds.") from None
        except httpx.HTTPError as exc:
            raise InputError(f"{state.url} could not be fetched: {exc}.") from None

    def _submission(self, entry: FeedEntry) -> Submission:
        aid = article_id(entry.id)
        if not entry.full_text and entry.link and entry.link.startswith(("http://", "https://")):
            from ..ingest.fetch import fetch

            try:
                body, fmt, charset = fetch(entry.link, self.settings)
                if fmt == "html":
                    return Submission(aid, html=body, charset=charset, url=entry.link)
            except InputError as exc:
                if entry.article is None:
                    raise _Retry(str(exc)) from None
                log.warning("%s: the page could not be read (%s); using the feed's text", entry.link, exc)
        if entry.article is None:
            raise InputError(entry.error or f"{entry.id}: the entry has no text.")
        return Submission(aid, article=entry.article)

    def poll(self, state: FeedState) -> PollResult:
        """Poll one feed once; never raises for a feed or entry that fails."""
        try:
            data = self._download(state)
            entries = None if data is None else read_feed(data, state.url)
        except DarumgehtsError as exc:
            state.failures += 1
            delay = backoff(self.interval, state.failures)
            state.next_poll = self.clock() + delay
            log.warning("%s: %s (failure %d; next try in %.0f s)", state.url, exc, state.failures, delay)
            return PollResult(state.url, "error", message=str(exc))
        state.failures = 0
        state.next_poll = self.clock() + self.interval
        if entries is None:
            log.info("%s: not modified", state.url)
            return PollResult(state.url, "not_modified")
        result = PollResult(state.url, "ok")
        for entry in entries:
            if state.seen.get(entry.id) == entry.fingerprint:
                result.unchanged += 1
                continue
            try:
                stored, new = self.newsroom.submit(self._submission(entry))
            except (Busy, _Retry) as exc:  # not the entry's fault: try it at the next poll
                log.warning("%s: %s", entry.id, exc)
                result.failed.append(str(exc))
                continue
            except DarumgehtsError as exc:
                log.warning("%s: %s", entry.id, exc)
                result.failed.append(str(exc))
                state.seen[entry.id] = entry.fingerprint  # the same entry would fail the same way
                continue
            state.seen[entry.id] = entry.fingerprint
            if new:
                result.new += 1
                log.info("%s: %s box %d (%s)", state.url, stored.article_id, stored.summary_id, stored.status)
            else:
                result.unchanged += 1
        log.info("%s: %d new, %d unchanged, %d failed", state.url, result.new, result.unchanged, len(result.failed))
        return result

    def poll_due(self) -> list[PollResult]:
        now = self.clock()
        return [self.poll(state) for state in self.feeds if state.next_poll <= now]

    def run(self, cycles: int | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        """Poll the feeds that are due, then sleep until the next one is; ``cycles`` rounds (None: forever)."""
        done = 0
        while cycles is None or done < cycles:
            self.poll_due()
            done += 1
            if cycles is not None and done >= cycles:
                return
            sleep(max(0.0, min(s.next_poll for s in self.feeds) - self.clock()))

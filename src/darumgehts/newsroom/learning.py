"""The newsroom's learned model in the service: which version is active, what it learned, scheduled retraining.

- ``ActiveModel`` looks up the database's active version at most every ``learning.check_seconds`` (a version
  activated by ``darumgehts train --from-db`` or ``models activate`` in another process is picked up within
  that time) and hands the summarizer workers its model file.
- ``Retrainer`` runs ``train --from-db`` every ``learning.retrain_hours`` hours (0, the default: never) in a
  separate process, so the server's event loop and its workers never wait for it.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from ..errors import DarumgehtsError
from ..settings import Settings
from ..store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LearnedStatus:
    """What the pages show: the active model and what it learned from."""

    version: str  # selector version, e.g. 1+nr3 (or the shipped model's, e.g. 1)
    learned: bool
    corrections: int = 0
    since: datetime | None = None

    @property
    def label(self) -> str:
        return f"selector-{self.version}" + ("" if self.learned else " (ausgeliefert)")

    @property
    def text(self) -> str:
        """«gelernt aus 132 Korrekturen seit 1.12.», or that it learned nothing yet."""
        if not self.learned:
            return "noch nichts aus Korrekturen gelernt"
        since = f" seit {self.since.day}.{self.since.month}." if self.since else ""
        noun = "Korrektur" if self.corrections == 1 else "Korrekturen"
        return f"gelernt aus {self.corrections:,} {noun}{since}".replace(",", "'")


class ActiveModel:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.settings = store, settings
        self._lock = threading.Lock()
        self._checked = -float("inf")
        self._path: str | None = None
        self._status: LearnedStatus | None = None

    def _refresh(self) -> None:
        from ..learn import versions
        from ..learn.fromdb import shipped_model

        if time.monotonic() - self._checked < self.settings.learning.check_seconds:
            return
        with self._lock:
            if time.monotonic() - self._checked < self.settings.learning.check_seconds:
                return
            version = versions.active_version(self.store) if self.settings.learning.use_db_model else None
            if version is None:
                self._path = None
                self._status = LearnedStatus(shipped_model(self.settings).version, False)
            else:
                self._path = str(versions.model_file(version.selector()))
                self._status = LearnedStatus(version.id, True, version.corrections, version.since)
            self._checked = time.monotonic()

    def path(self) -> str | None:
        """The active version's model file (None: the settings' own model)."""
        self._refresh()
        return self._path

    def status(self) -> LearnedStatus:
        self._refresh()
        assert self._status is not None
        return self._status

    def forget(self) -> None:
        self._checked = -float("inf")


def _retrain(settings: Settings) -> None:
    from ..learn.fromdb import describe, train_from_db

    try:
        outcome = train_from_db(Store.open(settings.database_url), settings, log=log.info)
    except DarumgehtsError as exc:
        log.warning("scheduled retraining failed: %s", exc)
        return
    for line in describe(outcome):
        log.info("scheduled retraining: %s", line)


class Retrainer:
    """Retrains from the database every ``learning.retrain_hours`` (off when 0)."""

    def __init__(self, settings: Settings, on_done=None) -> None:
        self.settings, self.on_done = settings, on_done
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self.settings.learning.retrain_hours > 0

    def start(self) -> None:
        if not self.enabled or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="darumgehts-retrain", daemon=True)
        self._thread.start()

    def run_once(self) -> int | None:
        """One retraining in its own process; returns its exit code."""
        process = multiprocessing.get_context("spawn").Process(target=_retrain, args=(self.settings,), name="darumgehts-retrain")
        process.start()
        while process.is_alive() and not self._stop.is_set():
            process.join(timeout=1)
        if process.is_alive():
            process.terminate()
            process.join(timeout=5)
        if self.on_done is not None:
            self.on_done()
        return process.exitcode

    def _loop(self) -> None:
        while not self._stop.wait(self.settings.learning.retrain_hours * 3600):
            self.run_once()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

"""The database: SQLite by default, PostgreSQL by URL. Migrated on open, like simonw/llm.

SQLite allows one writer at a time. Writes in this process go through one lock
(datasette sends them through a single writer thread for the same reason), and
every write transaction starts with BEGIN IMMEDIATE, so a second process on the
same file waits for the lock (up to ``SQLITE_BUSY_SECONDS``) instead of failing
half-way with «database is locked». PostgreSQL handles concurrent writers itself;
where two writers must not interleave (one article, one reader's rate limit, the
migrations) they take a transaction-scoped advisory lock.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..errors import ConfigError

SQLITE_BUSY_SECONDS = 30
# Advisory lock namespaces (the first key of pg_advisory_xact_lock(int, int)).
LOCK_MIGRATIONS, LOCK_ARTICLE, LOCK_CLIENT = 7301, 7302, 7303


def describe_url(url: str) -> str:
    """The database URL as a person should read it: the password hidden, a SQLite file as an absolute path."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as given; opening it reports the error
        return url
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return f"sqlite:///{Path(parsed.database).resolve()}"
    return parsed.render_as_string(hide_password=True)


def _one_line(exc: BaseException) -> str:
    """A driver error as one line: the driver's own message (not SQLAlchemy's wrapper with its SQL and links),
    its last meaningful line («FATAL: database "x" does not exist»)."""
    orig = getattr(exc, "orig", None) or exc
    lines = [" ".join(line.split()) for line in str(orig).splitlines()]
    lines = [line for line in lines if line and not line.startswith(("(Background on this error", "[SQL:", "[parameters:"))]
    if not lines:
        return type(orig).__name__
    fatal = [line for line in lines if "FATAL" in line or "does not exist" in line or "refused" in line]
    line = (fatal or lines)[-1].rstrip(".")
    line = line.rpartition("FATAL:")[2].strip() if "FATAL:" in line else line.removeprefix("connection failed: ")
    for marker, hint in DB_HINTS.items():
        if marker in line:
            return f"{line}. {hint}"
    return line


# What to do about a database error, by a phrase in the driver's message.
DB_HINTS = {
    "does not exist": "Create it first (PostgreSQL: createdb NAME) or fix the database_url setting",
    "Connection refused": "Check that the database server is running and that host and port are right",
    "password authentication failed": "Check the user and password in the database_url setting",
    "unable to open database file": "Check that the folder exists and is writable",
}


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("darumgehts.store").joinpath("migrations")))
    return cfg


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver sends no BEGIN of its own; "begin" below does
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql(begin)

    return engine


class Store:
    def __init__(self, engine: Engine, write_engine: Engine | None = None) -> None:
        self.engine = engine
        self.write_engine = write_engine or engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        self._write_lock = threading.Lock() if self.sqlite else None

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Store:
        """Open (and create or upgrade) the database at ``url``."""
        shown = describe_url(url)
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        try:
            if url.startswith("sqlite"):
                store = cls(_sqlite_engine(url, "BEGIN"), _sqlite_engine(url, "BEGIN IMMEDIATE"))
            else:
                store = cls(create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20))
        except Exception as exc:  # noqa: BLE001 - any driver error becomes one clear message
            raise ConfigError(f"Cannot open the database {shown}: {_one_line(exc)}.") from None
        if migrate:
            try:
                store.migrate()
            except ConfigError as exc:
                raise ConfigError(str(exc).replace(describe_url(str(store.write_engine.url)), shown)) from None
        return store

    def migrate(self) -> None:
        """Upgrade to the newest schema. Two processes starting at once take turns: an advisory lock on
        PostgreSQL, the write lock (BEGIN IMMEDIATE) on SQLite."""
        cfg = _alembic_config()
        try:
            with self.write_engine.begin() as conn:
                if not self.sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:ns, 0)"), {"ns": LOCK_MIGRATIONS})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:  # noqa: BLE001
            raise ConfigError(f"Cannot open the database {describe_url(str(self.write_engine.url))}: {_one_line(exc)}.") from None

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success; on SQLite, one writer at a time."""
        if self._write_lock is None:
            with self._write_sessions() as session, session.begin():
                yield session
            return
        with self._write_lock, self._write_sessions() as session, session.begin():
            yield session

    def lock(self, session: Session, namespace: int, key: str) -> None:
        """Serialise writers on ``key`` until the transaction ends (SQLite writers are serialised already)."""
        if not self.sqlite:
            digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big", signed=True)
            session.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"), {"ns": namespace, "key": digest})

    def close(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()

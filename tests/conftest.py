"""Shared fixtures: real files, a real local HTTP server, real settings."""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from darumgehts.settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

# A German article written for the tests (fictional), used across modules.
ARTICLE_TEXT = """# Zürcher Verkehrsbetriebe erhöhen die Preise

Die Verkehrsbetriebe Zürich erhöhen ab Dezember die Preise für Einzelbillette um durchschnittlich 3,5 Prozent. Das teilte der Zürcher Verkehrsverbund am Mittwoch mit.

Ein Einzelbillett für die Stadt kostet neu 4.60 Franken statt 4.40 Franken. Die Jahreskarte wird um 40 Franken teurer. Rund 11'000 Abonnentinnen und Abonnenten sind von der Erhöhung nicht betroffen, weil ihre Verträge noch laufen.

## Kritik von der SP

Die SP kritisierte den Entscheid scharf. «Der öffentliche Verkehr darf nicht zum Luxus werden», sagte Kantonsrätin Anna Meier. Die Partei will im Kantonsrat einen Vorstoss einreichen.

Der Verkehrsverbund begründet die Erhöhung mit gestiegenen Energiekosten. Diese seien seit 2022 um fast 40 Prozent gestiegen, sagte Direktor Thomas Graf. Ohne die Erhöhung fehlten dem Verbund jährlich 28 Millionen Franken.
"""


@pytest.fixture
def settings():
    return load_settings(env={})


@pytest.fixture
def article_file(tmp_path) -> Path:
    path = tmp_path / "artikel.md"
    path.write_text(ARTICLE_TEXT, "utf-8")
    return path


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, float]] = {}

    def do_GET(self):  # noqa: N802 - http.server API
        import time

        status, ctype, body, delay = self.routes.get(self.path, (404, "text/plain", b"not found", 0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """A real HTTP server on loopback; set routes with server.route(path, ...)."""
    _Handler.routes = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Server:
        base = f"http://127.0.0.1:{server.server_address[1]}"

        @staticmethod
        def route(path, body, ctype="text/html; charset=utf-8", status=200, delay=0.0):
            _Handler.routes[path] = (status, ctype, body.encode("utf-8") if isinstance(body, str) else body, delay)

    yield Server
    server.shutdown()
    server.server_close()


PG_ADMIN = os.environ.get("DARUMGEHTS_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1/postgres")
# one database per checkout, so test runs of two checkouts on one machine do not drop each other's tables
PG_DB = "darumgehts_test_" + hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
PG_URL = os.environ.get("DARUMGEHTS_TEST_PG", f"postgresql://postgres@127.0.0.1/{PG_DB}")


def fresh_postgres() -> str:
    """An empty test database on the machine's PostgreSQL (.ci/run starts the server)."""
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            db = PG_URL.rsplit("/", 1)[1]
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :db"), {"db": db}):
                conn.execute(text(f'CREATE DATABASE "{db}"'))
        admin.dispose()
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN} ({exc}); `make test` starts it (scripts/test-services)")
    return PG_URL


def database_url(kind: str, folder: Path) -> str:
    return f"sqlite:///{folder / 'darumgehts.sqlite'}" if kind == "sqlite" else fresh_postgres()


def make_newsroom(folder: Path, db: str = "sqlite", **overrides):
    """A newsroom on a fresh database of the kind named, with its own settings and secret, and tokens of every role."""
    from darumgehts.newsroom import Newsroom
    from darumgehts.store import Store

    url = database_url(db, folder)
    settings = load_settings(env={}, database_url=url, secret_file=str(folder / "secret"), **overrides)
    room = Newsroom(settings, Store.open(url))
    room.tokens = {role: room.create_token(f"{role}-1", role) for role in ("ingest", "editor", "admin")}
    return room


@contextmanager
def make_app_client(folder: Path, db: str = "sqlite", **overrides):
    """A new app with its own database and settings, in-process (like datasette's make_app_client). Tests never
    change a running app's settings; they make another app. The client has tokens of every role."""
    from fastapi.testclient import TestClient

    from darumgehts.serve import create_app

    room = make_newsroom(folder, db, **overrides)
    with TestClient(create_app(newsroom=room), base_url="http://testserver") as client:
        client.newsroom, client.store, client.tokens = room, room.store, room.tokens
        client.token = client.tokens["editor"]
        yield client
    room.store.close()


@contextmanager
def make_live_server(folder: Path, db: str = "sqlite", **overrides):
    """A new app with its own database and settings on a real uvicorn server on loopback. Yields the base URL and
    the newsroom, which has tokens of every role in ``tokens``."""
    from darumgehts.serve import create_app

    room = make_newsroom(folder, db, **overrides)
    with live_server(create_app(newsroom=room)) as base:
        yield base, room
    room.store.close()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app, log_level: str = "warning"):
    """The app on a real uvicorn server on loopback, in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level, access_log=False,
                                           proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # a loaded 2-core machine can take a while to start the app
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download is not used). *.darumgehts.test resolve to
    loopback: sibling subdomains for the cross-origin tests. A missing browser fails the test: `make test` installs it."""
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed; `make test` installs it (or: sudo apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                               "--disable-component-update", "--disable-sync", "--no-first-run",
                                                               "--host-resolver-rules=MAP *.darumgehts.test 127.0.0.1"])
        yield b
        b.close()


AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core from the npm registry (tests/axe/package-lock.json pins it); `make test` installs it."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed; `make test` installs it (or: npm ci --prefix tests/axe)")
    return AXE.read_text("utf-8")


def axe_violations(page, script: str) -> list[str]:
    """axe-core run in the page as it is now: one line per violation (rule, impact, the first elements)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=script)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} @ " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                                                                     for n in v["nodes"][:4])
            for v in result["violations"]]

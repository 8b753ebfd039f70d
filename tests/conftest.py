"""Shared fixtures: real files, a real local HTTP server, real settings."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

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

"""Plain ASGI middleware: the body limit on the bytes actually read, an access log without addresses, and the
security headers."""

from __future__ import annotations

import json
import logging
import time

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("darumgehts.access")


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the body goes over the limit. An HTTPException, so that FastAPI's body
    parsing passes it on (instead of answering 400) and the app answers 413 with ``{"detail": ...}``."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is over {limit:,} bytes.")


async def _json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """413 for a body over ``limit`` bytes, counted as it is read: a chunked body has no Content-Length to trust."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit():
                    return await _json(send, 400, "The Content-Length header is not a number.")
                if int(value) > self.limit:
                    return await _json(send, 413, f"The request body is over {self.limit:,} bytes.")
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except BodyTooLarge as exc:
            if started:
                raise
            await _json(send, 413, exc.detail)


class AccessLog:
    """One line per request: method, path, status, milliseconds. No client address, no query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = [500]

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            access_log.info("%s %s %d %.1fms", scope["method"], scope["path"], status[0], (time.perf_counter() - start) * 1000)


# Pages load only their own scripts (the API docs included); the box's no-JS fallback needs one inline style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")


class SecurityHeaders:
    """nosniff on everything; CSP and Referrer-Policy on pages; no-store on the newsroom's pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        private = scope["path"].startswith("/redaktion")

        async def headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff")]
                ctype = next((v for k, v in message.get("headers", []) if k == b"content-type"), b"")
                if ctype.startswith(b"text/html"):
                    extra += [(b"content-security-policy", CSP.encode()), (b"referrer-policy", b"same-origin")]
                kept = [(k, v) for k, v in message.get("headers", []) if not (private and k == b"cache-control")
                        and k != b"x-content-type-options"]
                if private:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, headers)

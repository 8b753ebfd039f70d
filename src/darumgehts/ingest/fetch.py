"""http(s) sources: a timeout, a size limit and a Content-Type check."""

from __future__ import annotations

from ..errors import InputError
from ..settings import Settings
from .rules import CONTENT_TYPES


def content_type(header: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header: «text/html; charset=UTF-8» -> ("text/html", "UTF-8")."""
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"'):
            charset = value.strip().strip('"')
    return media.strip().lower(), charset


def fetch(url: str, settings: Settings) -> tuple[bytes, str, str | None]:
    """Download ``url``; return the body, the format its Content-Type names and the charset it declares."""
    import httpx  # loaded on first use: most runs read files

    headers = {"User-Agent": settings.user_agent, "Accept": "text/html,application/json;q=0.9,*/*;q=0.5"}
    try:
        with httpx.stream("GET", url, headers=headers, timeout=settings.fetch_timeout, follow_redirects=True) as resp:
            if resp.status_code >= 400:
                raise InputError(f"{url} answered HTTP {resp.status_code}.")
            ctype, charset = content_type(resp.headers.get("content-type", ""))
            fmt = CONTENT_TYPES.get(ctype)
            if fmt is None:
                raise InputError(f"{url} sent Content-Type {ctype or '(none)'}, which is not an article (expected HTML, JSON, text or a feed).")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.fetch_max_bytes:
                raise InputError(f"{url} is {int(declared):,} bytes, over the limit of {settings.fetch_max_bytes:,} bytes.")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > settings.fetch_max_bytes:
                    raise InputError(f"{url} is over the limit of {settings.fetch_max_bytes:,} bytes.")
                chunks.append(chunk)
            return b"".join(chunks), fmt, charset
    except httpx.TimeoutException:
        raise InputError(f"{url} did not answer within {settings.fetch_timeout:g} seconds.") from None
    except httpx.HTTPError as exc:
        raise InputError(f"{url} could not be fetched: {exc}.") from None

"""Ingest: files, URLs, stdin and raw strings -> :class:`~darumgehts.models.Article`.

Every source yields :class:`Item` objects, one per article: either an article
that passed validation or the error that says why it cannot be summarized. A
bad article in a JSONL file or a feed never stops the others.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..analyse.language import require_german
from ..errors import InputError
from ..models import Article
from ..settings import Settings
from .feeds import looks_like_feed, parse_feed
from .jsonfmt import article_from_record, iter_jsonl, parse_json, parse_jsonl_line
from .rules import EXTENSIONS, MAGIC_BYTES
from .text import parse_text

__all__ = ["Item", "decode", "jsonl_lines", "local_jsonl", "read", "read_bullets", "read_data", "read_line", "validate",
           "article_from_record", "parse_text", "parse_html"]

FORMATS = ("text", "html", "json", "jsonl", "feed")


def parse_html(markup: str | bytes, article_id: str, url: str | None = None) -> Article:
    """An HTML page as an Article (trafilatura and lxml load on first use)."""
    from .html import parse_html as _parse_html

    return _parse_html(markup, article_id, url)


@dataclass(slots=True)
class Item:
    id: str
    article: Article | None = None
    error: str | None = None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def _charset(data: bytes, declared: str | None, name: str) -> str | None:
    """The encoding to read ``data`` with: what the sender declared (a Content-Type charset), else a BOM, else an
    HTML page's <meta charset>; None when nothing says."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if declared is None and data.lstrip()[:1] == b"<":
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    if declared is None:
        return None
    try:
        return codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{name}: unknown character encoding {declared!r}.") from None


def decode(data: bytes, name: str, charset: str | None = None) -> str:
    """Text from bytes: the declared charset (Content-Type), else a BOM or <meta charset>, else UTF-8 when it
    decodes, else Windows-1252. Binary data is refused."""
    head = data[:8192]
    for magic, what in MAGIC_BYTES.items():
        if head.startswith(magic):
            raise InputError(f"{name} is {what}, not text. Pass an HTML page, JSON, JSONL, a feed or plain text"
                             + (" (convert a PDF to text first, e.g. with pdftotext)." if magic == b"%PDF" else "."))
    if b"\x00" in head:
        raise InputError(f"{name} is binary data, not text. Pass an HTML page, JSON, JSONL, a feed or plain text.")
    encoding = _charset(data, charset, name)
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 8 or text[:8192].count("\ufffd") > 16:
        raise InputError(f"{name} is binary data, not text. Pass an HTML page, JSON, JSONL, a feed or plain text.")
    return text


def sniff(text: str, name: str = "") -> str:
    lower = name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if lower.endswith(ext):
            return EXTENSIONS[ext]
    head = text.lstrip()[:2000]
    if head.startswith("<"):
        return "feed" if looks_like_feed(head) else "html"
    if head.startswith(("{", "[")):
        first, _, rest = head.partition("\n")
        if first.rstrip().endswith("}") and rest.lstrip().startswith("{"):
            return "jsonl"
        return "json"
    return "text"


def file_id(name: str) -> str:
    """An article's id from its file name: the name without its format ending («chip.de.beef.html» ->
    «chip.de.beef»), so two pages of one site keep two ids."""
    base = Path(name).name
    lower = base.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if lower.endswith(ext) and len(base) > len(ext):
            return base[:-len(ext)]
    return base or "article"


def read_bullets(path: Path) -> list[str]:
    """Bullets from a file: a JSON list of strings, or one bullet per line."""
    import json

    text = decode(path.read_bytes(), str(path))
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} is not valid JSON: {exc.msg}.") from None
        if not all(isinstance(b, str) for b in data):
            raise InputError(f"{path} must be a JSON list of strings.")
        return [b.strip() for b in data if b.strip()]
    return [line.strip().lstrip("-•*").strip() for line in text.splitlines() if line.strip().lstrip("-•*").strip()]


def validate(article: Article, settings: Settings) -> Article:
    """Reject what cannot make a box: empty, huge, too short, not German, NUL characters."""
    text = "\n".join(p.text for p in article.blocks())
    if not text.strip():
        raise InputError(f"{article.id}: the article is empty.")
    if "\x00" in text or "\x00" in (article.title or ""):
        raise InputError(f"{article.id}: the article contains NUL characters; send text, not binary data.")
    try:
        "".join(filter(None, (text, article.title, article.url, article.author, article.published))).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{article.id}: the article contains characters that are not valid Unicode (lone surrogates).") from None
    if len(text) > settings.max_article_chars:
        raise InputError(f"{article.id}: the article has {len(text):,} characters, over the limit of {settings.max_article_chars:,}.")
    wordlike = (w for w in text.split() if any(ch.isalpha() for ch in w))
    words = sum(1 for _ in islice(wordlike, settings.min_article_words))  # a minimum is all it needs: no full count
    if words < settings.min_article_words:
        raise InputError(f"{article.id}: the article has only {words} words; at least {settings.min_article_words} are needed for a summary.")
    if settings.require_german:
        if article.language and not article.language.lower().startswith("de"):
            raise InputError(f"{article.id}: the article is marked as language {article.language!r}; darumgehts summarizes German only.")
        require_german(text, article.id)
    return article


def _checked(items: Iterator[tuple[str, Article | InputError]], settings: Settings, name: str | None = None) -> Iterator[Item]:
    """Validated items. ``name``: the file as the user gave it, for a file that holds one article; its errors
    then name the file, not the id made from it («examples/english.txt does not look like German»)."""
    for aid, art in items:
        if isinstance(art, InputError):
            yield Item(aid, error=_named(str(art), aid, name))
            continue
        try:
            yield Item(art.id, validate(art, settings))
        except InputError as exc:
            yield Item(art.id, error=_named(str(exc), art.id, name))


def _named(message: str, aid: str, name: str | None) -> str:
    return name + message[len(aid):] if name and message.startswith(aid) else message


def _parsed(parse, text: str, stem: str, *args) -> Iterator[tuple[str, Article | InputError]]:
    try:
        yield stem, parse(text, stem, *args)
    except InputError as exc:
        yield stem, exc


def read_data(data: str | bytes, name: str, settings: Settings, fmt: str | None = None, url: str | None = None,
              charset: str | None = None) -> Iterator[Item]:
    """Articles from in-memory data. ``fmt`` is one of FORMATS or None to detect it; ``charset`` is the encoding
    the sender declared for bytes."""
    if isinstance(data, bytes):
        if len(data) > settings.max_input_bytes:
            raise InputError(f"{name} is {len(data):,} bytes, over the limit of {settings.max_input_bytes:,} bytes.")
        text = decode(data, name, charset)
    else:
        text = data
    fmt = fmt or sniff(text, name)
    if fmt not in FORMATS:
        raise InputError(f"Unknown input format {fmt!r}; use one of {', '.join(FORMATS)}.")
    stem = file_id(name)
    if fmt == "jsonl":
        yield from _checked(iter_jsonl(io.StringIO(text), Path(name).name), settings)
    elif fmt == "feed":
        yield from _checked(iter(parse_feed(text.encode("utf-8"), Path(name).name)), settings)
    elif fmt == "json":
        yield from _checked(((a.id, a) for a in parse_json(text, stem)), settings)
    elif fmt == "html":
        yield from _checked(_parsed(parse_html, text, stem, url), settings, name)
    else:
        yield from _checked(_parsed(parse_text, text, stem), settings, name)


def read(source: str, settings: Settings, fmt: str | None = None) -> Iterator[Item]:
    """Articles from a path, an http(s) URL or ``-`` (stdin)."""
    if source.startswith(("http://", "https://")):
        from .fetch import fetch

        body, fetched_fmt, charset = fetch(source, settings)
        yield from read_data(body, source.rstrip("/").rsplit("/", 1)[-1] or "article", settings, fmt or fetched_fmt, url=source,
                             charset=charset)
        return
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        yield from read_data(data, "stdin", settings, fmt)
        return
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file.")
    if path.is_dir():
        raise InputError(f"{source} is a folder; pass the article files inside it.")
    if (fmt or sniff("", path.name)) == "jsonl":
        yield from _checked(iter_jsonl(jsonl_lines(path), path.name), settings)
        return
    size = path.stat().st_size
    if size > settings.max_input_bytes:
        raise InputError(f"{source} is {size:,} bytes, over the limit of {settings.max_input_bytes:,} bytes.")
    yield from read_data(path.read_bytes(), source, settings, fmt)  # messages name the file as given


def local_jsonl(source: str, fmt: str | None = None) -> Path | None:
    """The path when ``source`` is a local JSON Lines file (optionally gzipped), which can be read line by line."""
    if source == "-" or source.startswith(("http://", "https://")):
        return None
    path = Path(source)
    if not path.is_file() or (fmt or sniff("", path.name)) != "jsonl":
        return None
    return path


def jsonl_lines(path: Path) -> Iterator[str]:
    """The lines of a JSON Lines file (.gz: gunzipped), undecodable bytes replaced."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
            yield from fh
    except (OSError, EOFError) as exc:
        raise InputError(f"{path} could not be read: {exc}") from None


def read_line(line: str, lineno: int, name: str, settings: Settings) -> Item | None:
    """The item of line ``lineno`` (from 1) of the JSON Lines file ``name``; None for a blank line."""
    found = parse_jsonl_line(line, lineno, name)
    return None if found is None else next(_checked(iter([found]), settings))

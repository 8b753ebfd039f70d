"""The bundled demo articles (fictional, written for darumgehts)."""

from __future__ import annotations

from importlib import resources

from .ingest import parse_text
from .models import Article


def demo_articles() -> list[Article]:
    folder = resources.files("darumgehts").joinpath("data", "demo")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".md"):
            out.append(parse_text(entry.read_text("utf-8"), entry.name[:-3], "text"))
    return out

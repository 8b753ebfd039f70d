"""Packaged language resources (word lists, tables), loaded once with a loud error."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .errors import ConfigError


def _read(name: str) -> str:
    try:
        return resources.files("darumgehts").joinpath("data", *name.split("/")).read_text("utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise ConfigError(f"Packaged resource {name!r} is missing; reinstall darumgehts.") from exc


def _lines(name: str) -> list[str]:
    out = []
    for line in _read(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def word_list(name: str) -> frozenset[str]:
    """A one-word-per-line list, e.g. ``de/sentence_starters.txt``."""
    return frozenset(line for line in _lines(name) if not line.startswith("["))


@cache
def sectioned_list(name: str) -> dict[str, frozenset[str]]:
    """A list with ``[section]`` headers; lines before the first header go to ``""``."""
    sections: dict[str, set[str]] = {"": set()}
    current = ""
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, set())
        else:
            sections[current].add(line)
    return {k: frozenset(v) for k, v in sections.items()}


@cache
def table(name: str) -> dict[str, str]:
    """A tab-separated two-column table."""
    out: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition("\t")
        out[key.strip()] = value.strip()
    return out


@cache
def multi_table(name: str) -> list[tuple[str, ...]]:
    """A tab-separated table with any number of columns."""
    return [tuple(col.strip() for col in line.split("\t")) for line in _lines(name)]


def text(name: str) -> str:
    return _read(name)

"""Reading bullets out of a language model's answer: JSON first, then whatever can be read robustly.

Servers that honour the JSON schema answer ``{"bullets": [...]}``. Others wrap it in a code fence, add a preamble,
or answer with a Markdown list; all of that is read here. An answer with nothing readable raises
:class:`Unparseable`.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache

from ..errors import BackendError
from ..resources import text as resource_text

_FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.S)
_OBJECT = re.compile(r"[\[{].*[\]}]", re.S)
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.){3,})"')
_KEYS = {"bullets", "bullet", "punkte", "text"}


class Unparseable(BackendError):
    """The model's answer holds no bullets that can be read."""


@dataclass(frozen=True)
class Rules:
    preambles: tuple[re.Pattern, ...]
    closings: tuple[re.Pattern, ...]
    bullet_marks: re.Pattern
    emphasis: re.Pattern
    copy_min_sentences: int
    copy_min_share: float


@cache
def rules() -> Rules:
    data = tomllib.loads(resource_text("prompts/postprocess.toml"))
    flags = re.I | re.M
    return Rules(tuple(re.compile(p, flags) for p in data["preambles"]), tuple(re.compile(p, flags) for p in data["closings"]),
                 re.compile(data["bullet_marks"]), re.compile(data["emphasis"]), int(data["copy_min_sentences"]),
                 float(data["copy_min_share"]))


@dataclass
class Parsed:
    bullets: list[str]
    notes: list[str] = field(default_factory=list)  # what was cleaned: "preamble", "markdown", "not JSON", ...


def _strings(value) -> list[str] | None:
    """The bullets in a decoded JSON value: {"bullets": [...]}, a bare list, or the first list of strings in an object."""
    if isinstance(value, list):
        items = [v.get("text") if isinstance(v, dict) else v for v in value]
        return [v for v in items if isinstance(v, str)]
    if isinstance(value, dict):
        for key in ("bullets", *value.keys()):
            found = value.get(key)
            if isinstance(found, list):
                return _strings(found)
            if isinstance(found, str) and key in _KEYS:
                return [found]
    return None


def _json(text: str) -> list[str] | None:
    for candidate in (text, *(m.group(0) for m in _OBJECT.finditer(text))):
        try:
            found = _strings(json.loads(candidate))
        except (json.JSONDecodeError, RecursionError):
            continue
        if found is not None:
            return found
    return None


def clean_line(line: str, notes: list[str] | None = None) -> str:
    """A bullet without list marks, Markdown emphasis, surrounding quotes and extra spaces."""
    r = rules()
    stripped = r.bullet_marks.sub("", line, count=1)
    stripped = r.emphasis.sub("", stripped)
    if stripped != line and notes is not None and "markdown" not in notes:
        notes.append("markdown")
    stripped = " ".join(stripped.split())
    if len(stripped) > 2 and stripped[0] + stripped[-1] in ('""', "''", "«»", "„“"):
        stripped = stripped[1:-1].strip()
    return stripped


def _talk(line: str, notes: list[str]) -> bool:
    r = rules()
    for kind, patterns in (("preamble", r.preambles), ("closing", r.closings)):
        if any(p.match(line) for p in patterns):
            notes.append(kind)
            return True
    return False


def parse_bullets(answer: str) -> Parsed:
    """The bullets in a model's answer, cleaned: JSON, JSON in a code fence or after a preamble, or list lines."""
    notes: list[str] = []
    text = (answer or "").strip()
    if fence := _FENCE.search(text):
        text = fence.group(1).strip()
        notes.append("code fence")
    found = _json(text)
    if found is None and text[:1] in "{[":
        # broken JSON: the complete strings it holds, but not its keys
        found = [s for s in (json.loads(f'"{m}"') if "\\" in m else m for m in _QUOTED.findall(text)) if s.lower() not in _KEYS]
        notes.append("broken JSON")
        if not found:
            raise Unparseable(f"The model's answer is not valid JSON and holds no bullet: {answer[:80]!r}")
    if found is None:
        notes.append("not JSON")
        found = [line for line in text.splitlines() if line.strip()]
    bullets = []
    for line in found:
        for part in line.splitlines() or [line]:
            if not part.strip() or _talk(clean_line(part), notes):
                continue
            cleaned = clean_line(part, notes)
            if cleaned and any(ch.isalpha() for ch in cleaned):
                bullets.append(cleaned)
    if not bullets:
        raise Unparseable(f"The model's answer holds no bullet: {answer[:80]!r}")
    return Parsed(bullets, notes)

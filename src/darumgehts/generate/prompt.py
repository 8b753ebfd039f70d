"""The prompt every language-model backend sends, built from the house style and ``data/prompts/bullets.toml``."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache

from ..models import Document, Problem
from ..resources import text as resource_text
from ..style import Style

Message = dict[str, str]


@cache
def prompt_data() -> dict:
    return tomllib.loads(resource_text("prompts/bullets.toml"))


def prompt_version() -> str:
    return prompt_data()["version"]


def schema(count: int) -> dict:
    """The JSON schema of an answer: ``{"bullets": [str, ...]}`` with ``count`` items (at least one)."""
    return {
        "type": "object",
        "properties": {"bullets": {"type": "array", "items": {"type": "string", "minLength": 3},
                                   "minItems": 1, "maxItems": max(1, count)}},
        "required": ["bullets"],
        "additionalProperties": False,
    }


def _article_text(doc: Document, limit: int) -> str:
    text = "\n\n".join(b.text for b in doc.article.blocks())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def _system(style: Style, count: int, max_chars: int | None = None) -> str:
    data = prompt_data()
    return data["system"].format(
        count=count, max_chars=max_chars or style.max_chars,
        form=data["forms"]["telegraphic" if style.telegraphic else "full"],
        orthography=data["orthographies"][style.orthography],
        period=data["periods"]["yes" if style.final_period else "no"],
    )


def _user(title: str | None, text: str) -> str:
    return prompt_data()["user"].format(title=title or "–", text=text)


@dataclass(frozen=True)
class Prompt:
    """The messages for one article in one style."""

    style: Style
    count: int
    article_chars: int = 8000  # the settings' llm.article_chars

    def bullets(self, doc: Document) -> list[Message]:
        data = prompt_data()
        example = data["example"]
        shown = [style_line(self.style, b) for b in example["telegraphic" if self.style.telegraphic else "full"]][: self.count]
        return [
            {"role": "system", "content": _system(self.style, self.count)},
            {"role": "user", "content": _user(example["title"], example["text"])},
            {"role": "assistant", "content": json.dumps({"bullets": shown}, ensure_ascii=False)},
            {"role": "user", "content": _user(doc.article.title, _article_text(doc, self.article_chars))},
        ]

    def repair(self, request: list[Message], answer: str, bullet: str, problems: list[Problem], evidence: list[str]) -> list[Message]:
        """One request to rewrite one bullet, continuing the conversation (a server reuses the prefix it has read):
        the problem in plain words, and the article's sentences quoted."""
        data = prompt_data()
        words = data["problem_words"]
        named = " ".join(dict.fromkeys(words.get(p.kind) or p.message for p in problems if p.verdict)) or words["length"]
        quoted = " ".join(f"«{e}»" for e in evidence) or "nichts."
        return [*request, {"role": "assistant", "content": answer},
                {"role": "user", "content": data["repair"].format(bullet=bullet, problems=named, evidence=quoted,
                                                                   max_chars=self.style.max_chars)}]


def style_line(style: Style, text: str) -> str:
    return style.apply(text)


def judge_messages(premise: str, hypothesis: str) -> list[Message]:
    return [{"role": "user", "content": prompt_data()["judge"].format(premise=premise, hypothesis=hypothesis)}]

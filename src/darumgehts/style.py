"""House styles: data files that say how a box looks and how its bullets are written.

Built-in styles live in ``data/styles/*.toml`` (blick, 20min, de-DE). A newsroom
adds its own with a ``NAME.toml`` in the folder named by the ``styles_dir``
setting; it may ``extends = "blick"`` and override any field.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .analyse.numbers import format_number, parse_numeral
from .errors import ConfigError

# Orthographies: how ß, quotation marks and thousands are written.
ORTHOGRAPHIES: dict[str, dict] = {
    "ch": {"sharp_s": "ss", "quotes": ("«", "»"), "inner_quotes": ("‹", "›"), "thousands": "'"},
    "de": {"sharp_s": None, "quotes": ("„", "“"), "inner_quotes": ("‚", "‘"), "thousands": "."},
    "at": {"sharp_s": None, "quotes": ("„", "“"), "inner_quotes": ("‚", "‘"), "thousands": "."},
}
_QUOTE_PAIR = re.compile(r"[«„“\"]([^«»„“”\"]+)[»“”\"]")
_GROUPED = re.compile(r"(?<![\d'’.,])\d{1,3}(?:(?:['’]|\.(?=\d{3}\b)|[ \u00a0\u2009\u202f](?=\d{3}\b))\d{3})+(?![\d'’]|[.,]\d)")
_HAS_QUOTE = re.compile(r"[«„“\"]")
_HAS_DIGIT = re.compile(r"\d")
_PLAIN_BIG = re.compile(r"(?<![\d'’.,])\d{5,}(?![\d'’]|[.,]\d)")


class Style(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    heading: str = "Darum gehts"
    max_chars: int = Field(100, ge=30, le=400, description="longest bullet, in characters")
    box_chars: int | None = Field(None, ge=30, le=3200, description="character budget of the whole box (default: bullets × max_chars)")
    length_tolerance: float = Field(1.0, ge=1.0, le=3.0,
                                    description="how far over max_chars a sentence that cannot be shortened faithfully may run as a bullet")
    max_lead_bullets: int = Field(1, ge=0, le=8, description="bullets that may come from the lead, which readers see above the box")
    final_period: bool = False
    telegraphic: bool = False
    orthography: str = "ch"
    disclaimer: str = "Die künstliche Intelligenz lernt noch und macht vielleicht Fehler."
    reviewed_disclaimer: str = "KI-generiert, redaktionell geprüft"
    more_info_label: str = "Mehr erfahren"
    more_info_url: str = "/ueber-darum-gehts"
    feedback_label: str = "Feedback senden"
    expand_label: str = "Mehr anzeigen"
    collapse_label: str = "Weniger anzeigen"
    visible_bullets: int = Field(1, ge=1, le=8, description="bullets shown before 'Mehr anzeigen'")
    feedback_question: str = "War diese Zusammenfassung hilfreich?"
    feedback_yes: str = "Ja"
    feedback_no: str = "Nein"
    feedback_reason: str = "Grund"
    feedback_comment: str = "Kommentar"
    feedback_send: str = "Senden"
    feedback_thanks: str = "Danke für Ihr Feedback!"
    feedback_error: str = "Das Feedback konnte nicht gesendet werden:"
    extends: str | None = None

    @property
    def hard_limit(self) -> int:
        """The longest bullet the style accepts: max_chars, or the shortest faithful form of a sentence up to the tolerance."""
        return int(self.max_chars * self.length_tolerance)

    def apply(self, text: str) -> str:
        """Write a bullet in this style: orthography, numbers, quotes, final period."""
        ortho = ORTHOGRAPHIES[self.orthography]
        if ortho["sharp_s"]:
            text = text.replace("ß", ortho["sharp_s"]).replace("ẞ", "SS")
        opening, closing = ortho["quotes"]
        if _HAS_QUOTE.search(text):
            text = _QUOTE_PAIR.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)
        if _HAS_DIGIT.search(text):
            sep = ortho["thousands"]
            text = _GROUPED.sub(lambda m: format_number(parse_numeral(m.group(0)), sep, min_grouped=1000), text)
            text = _PLAIN_BIG.sub(lambda m: format_number(float(m.group(0)), sep), text)
        text = text.rstrip()
        if self.final_period:
            if text and text[-1] not in ".!?»“":
                text += "."
        else:
            while text.endswith(".") and not text.endswith(".."):
                text = text[:-1].rstrip()
        return text


def _builtin_names() -> list[str]:
    folder = resources.files("darumgehts").joinpath("data", "styles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _raw(name: str, styles_dir: Path | None) -> dict:
    if styles_dir is not None:
        custom = Path(styles_dir).expanduser() / f"{name}.toml"
        if custom.exists():
            try:
                return tomllib.loads(custom.read_text("utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"Style file {custom} is not valid TOML: {exc}") from None
    if name in _builtin_names():
        return tomllib.loads(resources.files("darumgehts").joinpath("data", "styles", f"{name}.toml").read_text("utf-8"))
    custom_names = sorted(p.stem for p in Path(styles_dir).glob("*.toml")) if styles_dir and Path(styles_dir).is_dir() else []
    raise ConfigError(f"Unknown style {name!r}. Available: {', '.join(_builtin_names() + custom_names)}.")


def available_styles(styles_dir: Path | None = None) -> list[str]:
    names = set(_builtin_names())
    if styles_dir and Path(styles_dir).is_dir():
        names.update(p.stem for p in Path(styles_dir).glob("*.toml"))
    return sorted(names)


def load_style(name: str, styles_dir: Path | None = None) -> Style:
    data = _raw(name, styles_dir)
    seen = {name}
    while data.get("extends"):
        parent_name = data["extends"]
        if parent_name in seen:
            raise ConfigError(f"Style {name!r} extends itself through {parent_name!r}.")
        seen.add(parent_name)
        parent = _raw(parent_name, styles_dir)
        data = {**parent, **{k: v for k, v in data.items() if k != "extends"}, "extends": parent.get("extends")}
    data.setdefault("name", name)
    data["name"] = name
    if data.get("orthography", "ch") not in ORTHOGRAPHIES:
        raise ConfigError(f"Style {name!r}: orthography must be one of {', '.join(ORTHOGRAPHIES)}.")
    try:
        return Style.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"Style {name!r} is invalid: {problems}") from None

"""Outputs: the box as a reader sees it (text), its markup (html), and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape

from .models import Summary
from .style import Style


def template_env(templates_dir: Path | None = None) -> Environment:
    """User templates first, then the packaged ones; ``default:NAME`` always reaches the packaged one."""
    packaged = PackageLoader("darumgehts", "templates")
    loaders = [FileSystemLoader(str(templates_dir))] if templates_dir else []
    loader = ChoiceLoader([*loaders, packaged, PrefixLoader({"default": packaged})])
    return Environment(loader=loader, autoescape=select_autoescape(["html", "xml"], default=True))


def to_json(summary: Summary) -> dict:
    data = summary.to_dict()
    for bullet in data["bullets"]:
        bullet["sources"] = [dict(s) for s in bullet["sources"]]
    return data


def to_json_line(summary: Summary) -> str:
    return json.dumps(to_json(summary), ensure_ascii=False)


def to_text(summary: Summary, style: Style) -> str:
    lines = []
    if summary.title:
        lines.append(summary.title)
    lines.append(f"┃ {summary.heading}")
    for bullet in summary.bullets:
        lines.append(f"┃ • {bullet.text}")
    lines.append(f"┃ {summary.disclaimer}")
    lines.append(f"┃ {style.more_info_label} · {style.feedback_label}")
    if summary.status != "published":
        lines.append(f"┃ [{summary.status}: " + "; ".join(p.message for b in summary.bullets for p in b.problems) + "]")
    return "\n".join(lines)


def to_html(summary: Summary, style: Style, templates_dir: Path | None = None, reviewed: bool = False) -> str:
    env = template_env(templates_dir)
    uid = "".join(ch if ch.isalnum() else "-" for ch in summary.id)[:60]
    return env.get_template("box.html").render(
        summary=summary,
        style=style,
        uid=uid,
        visible=style.visible_bullets,
        disclaimer=style.reviewed_disclaimer if reviewed else summary.disclaimer,
    )

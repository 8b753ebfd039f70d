"""Outputs: the box as a reader sees it (text), its markup (html), and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .models import FEEDBACK_REASONS, Article, BulletCheck, Summary
from .style import Style

if TYPE_CHECKING:
    from jinja2 import Environment


def template_env(templates_dir: Path | None = None) -> Environment:
    """User templates first, then the packaged ones; ``default:NAME`` always reaches the packaged one."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape  # on first use

    packaged = PackageLoader("darumgehts", "templates")
    loaders = [FileSystemLoader(str(templates_dir))] if templates_dir else []
    loader = ChoiceLoader([*loaders, packaged, PrefixLoader({"default": packaged})])
    return Environment(loader=loader, autoescape=select_autoescape(["html", "xml"], default=True))


def to_json(summary: Summary) -> dict:
    data = summary.to_dict()
    for bullet in data["bullets"]:
        bullet["sources"] = [dict(s) for s in bullet["sources"]]
        bullet["evidence"] = [dict(s) for s in bullet["evidence"]]
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


def script_json(data) -> str:
    """JSON to put inside <script>: <, > and & are escaped (as \u003c …), so no text in it can end the element
    or open a comment («</script>», «<!--<script>»)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def box_context(style: Style, heading: str, bullets: list[str], disclaimer: str, summary_id: int | str | None = None,
                status: str = "published", feedback_action: str = "", sources: list | None = None, feedback_sent: bool = False,
                uid: str | None = None) -> dict:
    """What box.html needs; the same for the CLI, the pages and any override. ``sources``: per bullet, its «Beleg»
    link (serve/beleg.py) or None; ``uid`` makes the box's ids unique on a page with several boxes."""
    uid = "".join(ch if ch.isalnum() else "-" for ch in str(uid or summary_id or heading))[:60]
    return {"style": style, "heading": heading, "bullets": bullets, "disclaimer": disclaimer, "summary_id": summary_id or "",
            "status": status, "uid": uid, "visible": style.visible_bullets, "reasons": list(FEEDBACK_REASONS.items()),
            "feedback_action": feedback_action, "sources": sources or [], "feedback_sent": feedback_sent}


def to_html(summary: Summary, style: Style, templates_dir: Path | None = None, reviewed: bool = False,
            uid: str | None = None, feedback_action: str = "") -> str:
    env = template_env(templates_dir)
    disclaimer = style.reviewed_disclaimer if reviewed else summary.disclaimer
    return env.get_template("box.html").render(
        box_context(style, summary.heading, [b.text for b in summary.bullets], disclaimer, status=summary.status, uid=uid,
                    feedback_action=feedback_action))


VERDICT_MARKS = {"supported": "✓", "unsupported": "?", "contradicted": "✗"}
VERDICT_WORDS = {"supported": "belegt", "unsupported": "nicht belegt", "contradicted": "widerspricht dem Artikel"}


def checks_to_json(results: list[BulletCheck]) -> dict:
    return {"bullets": [
        {
            "text": r.text,
            "verdict": r.verdict,
            "problems": [
                {"kind": p.kind, "text": p.text, "message": p.message, "start": p.start, "end": p.end,
                 "severity": p.severity, "verdict": p.verdict, "evidence": [dict(asdict(e)) for e in p.evidence]}
                for p in r.problems
            ],
            "evidence": [asdict(e) for e in r.evidence],
        }
        for r in results
    ]}


def _mark(text: str, start: int | None, end: int | None) -> str:
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return text
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


def checks_to_text(results: list[BulletCheck], article: Article) -> str:
    """The checker's findings as an editor reads them: verdict, marked problems, quoted evidence."""
    from .analyse import analyse

    doc = analyse(article)
    lines = []
    for r in results:
        first = next((p for p in r.problems if p.start is not None), None)
        shown = _mark(r.text, first.start, first.end) if first else r.text
        lines.append(f"{VERDICT_MARKS[r.verdict]} {shown}")
        lines.append(f"  {VERDICT_WORDS[r.verdict]}")
        for p in r.problems:
            tag = "Warnung" if p.severity == "warning" else p.kind
            lines.append(f"  ! {tag}: {p.message}")
        for e in r.evidence:
            lines.append(f"  > Satz {e.sentence + 1}: «{doc.text[e.start:e.end]}»")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"

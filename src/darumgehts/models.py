"""Typed data passed between the pipeline stages.

ingest -> :class:`Article`; analyse -> :class:`Document` (sentences with tokens,
numbers and names); select -> :class:`Draft`; compress/style -> :class:`Bullet`;
check -> verdicts; the result is a :class:`Summary`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Literal

ParagraphKind = Literal["p", "crosshead"]
Verdict = Literal["supported", "unsupported", "contradicted"]
SummaryStatus = Literal["published", "needs_review"]
# A stored box's state: waiting (draft, needs_review), shown (published) or gone (rejected, superseded, withdrawn).
SummaryState = Literal["draft", "needs_review", "published", "rejected", "superseded", "withdrawn"]
Role = Literal["ingest", "editor", "admin"]

# What a reader may say is wrong with a box: value -> label. The one list; the API, the form, the widget and the
# dashboard all read it from here.
FEEDBACK_REASONS = {"falsch": "Falsch", "unvollständig": "Unvollständig", "unverständlich": "Unverständlich",
                    "irreführend": "Irreführend", "anderes": "Anderes"}

BLOCK_SEPARATOR = "\n\n"  # between the lead and the paragraphs in Article.text


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: ParagraphKind = "p"
    # A live-ticker entry's time («HH:MM»), on every paragraph of the entry; never part of the text.
    time: str | None = None


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    credit: str | None = None


@dataclass(slots=True)
class Article:
    """One news article as read from any input format."""

    id: str
    title: str | None = None
    lead: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    url: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    source_format: str = "text"
    # An existing summary box found in the input (HTML box, JSON "summary").
    # It is kept for evaluation only and is never part of the summarizer's input.
    reference: list[str] | None = None
    # A live ticker: the paragraphs are its entries, newest first, each with its ``Paragraph.time``.
    ticker: bool = False

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def blocks(self) -> list[Paragraph]:
        """The text the summarizer reads: lead first, then the body."""
        head = [Paragraph(self.lead)] if self.lead else []
        return head + list(self.paragraphs)

    @property
    def text(self) -> str:
        """The lead and the paragraphs joined by blank lines: ``Document.text``, the text offsets point into."""
        return BLOCK_SEPARATOR.join(b.text for b in self.blocks())

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number found in text, normalised to a value and a unit."""

    text: str
    value: float
    start: int
    end: int
    unit: str | None = None  # "CHF", "EUR", "USD", "%", "time", "year", ...
    qualifier: str | None = None  # "rund", "mehr als", ... (approximation)
    kind: Literal["number", "time", "date", "year"] = "number"


@dataclass(frozen=True, slots=True)
class NameMention:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    index: int
    start: int  # character offsets into Document.text
    end: int
    text: str
    paragraph: int
    crosshead: bool = False
    tokens: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)  # content lemmas (no stop words, numbers or single letters)
    numbers: list[NumberMention] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """An analysed article: the canonical text and its sentences."""

    article: Article
    text: str
    sentences: list[Sentence]
    title_lemmas: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class SourceSpan:
    sentence: int
    start: int
    end: int


@dataclass(slots=True)
class Draft:
    """A bullet as a backend proposes it, before compression and style."""

    text: str
    sources: list[SourceSpan] = field(default_factory=list)
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something an editor should look at in a bullet.

    ``verdict`` says what the problem means for the bullet: the article does not
    say it (``unsupported``) or says something else (``contradicted``); None for
    warnings (a dropped hedge, a bullet over length)."""

    kind: str  # number, date, name, role, quote, negation, polarity, swap, word, hedge, content, length
    text: str
    message: str
    start: int | None = None
    end: int | None = None
    severity: Literal["error", "warning"] = "error"
    verdict: Verdict | None = None
    evidence: tuple[SourceSpan, ...] = ()


@dataclass(slots=True)
class Bullet:
    text: str
    verdict: Verdict = "supported"
    sources: list[SourceSpan] = field(default_factory=list)  # where the bullet came from (extractive) or rests on
    problems: list[Problem] = field(default_factory=list)
    evidence: list[SourceSpan] = field(default_factory=list)  # the sentences the checker found in support


@dataclass(slots=True)
class BulletCheck:
    """The checker's finding on one bullet: verdict, problems and the supporting sentences."""

    text: str
    verdict: Verdict
    problems: list[Problem] = field(default_factory=list)
    evidence: list[SourceSpan] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


BulletOrigin = Literal["model", "repaired", "extractive"]


@dataclass(slots=True)
class GeneratedBullet:
    """Where one bullet of a language model's box came from."""

    text: str
    origin: BulletOrigin  # the model's own, the model's repair, or the extractive backend's (fallback)
    draft: str | None = None  # the model's first text, when it was repaired or replaced
    problems: list[str] = field(default_factory=list)  # problem kinds of the model's first text
    judge: float | None = None  # check_judge: the model's probability that the first text follows from the article


@dataclass(slots=True)
class Generation:
    """How a language-model backend made a box: stored with the summary, shown in the editor queue."""

    backend: str
    model: str
    prompt_version: str
    bullets: list[GeneratedBullet] = field(default_factory=list)
    model_version: str | None = None  # what the server says answered (model name and version, system fingerprint)
    fallback: str | None = None  # why the whole box came from the extractive backend (None: the model wrote it)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0  # the model's time (for cached answers: what they took when first asked)
    cached_seconds: float = 0.0  # the part of ``seconds`` answered from the cache now
    check_seconds: float = 0.0  # post-processing, checking and choosing replacements
    requests: int = 0
    cached: int = 0  # requests answered from the cache
    repairs: int = 0  # repair requests sent
    repaired: int = 0  # repairs the checker accepted
    notes: list[str] = field(default_factory=list)  # what post-processing cleaned: preamble, markdown, too many, ...

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Generation | None:
        if not data:
            return None
        fields = dict(data)
        fields["bullets"] = [GeneratedBullet(**b) for b in data.get("bullets") or []]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in fields.items() if k in known})


@dataclass(slots=True)
class Summary:
    id: str
    title: str | None
    heading: str
    bullets: list[Bullet]
    disclaimer: str
    style: str
    backend: str
    version: str
    status: SummaryStatus = "published"
    rejected: list[Bullet] = field(default_factory=list)
    model: str | None = None  # the backend's model version (selector-1, a language model's name)
    generation: Generation | None = None  # language-model backends: where each bullet came from, tokens, time

    def to_dict(self, *, include_rejected: bool = False) -> dict:
        """The same dict as ``dataclasses.asdict`` (fields in order), built directly: asdict's deep copy
        cost more than a box's JSON."""
        data = {"id": self.id, "title": self.title, "heading": self.heading,
                "bullets": [_bullet_dict(b) for b in self.bullets], "disclaimer": self.disclaimer,
                "style": self.style, "backend": self.backend, "version": self.version, "status": self.status}
        if include_rejected:
            data["rejected"] = [_bullet_dict(b) for b in self.rejected]
        data["model"] = self.model
        if self.generation is not None:
            data["generation"] = asdict(self.generation)
        return data


def as_utc(value: datetime) -> datetime:
    """A stored time in UTC. Times are stored in UTC, and SQLite hands them back without their zone."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def _span_dict(s: SourceSpan) -> dict:
    return {"sentence": s.sentence, "start": s.start, "end": s.end}


def _problem_dict(p: Problem) -> dict:
    return {"kind": p.kind, "text": p.text, "message": p.message, "start": p.start, "end": p.end,
            "severity": p.severity, "verdict": p.verdict, "evidence": tuple(_span_dict(s) for s in p.evidence)}


def _bullet_dict(b: Bullet) -> dict:
    return {"text": b.text, "verdict": b.verdict, "sources": [_span_dict(s) for s in b.sources],
            "problems": [_problem_dict(p) for p in b.problems], "evidence": [_span_dict(s) for s in b.evidence]}


@dataclass(slots=True)
class StoredSummary:
    """A box as the newsroom keeps it: the pipeline's bullets, plus its place in the review workflow."""

    summary_id: int
    article_id: str
    article_version: int
    heading: str
    bullets: list[Bullet]
    disclaimer: str
    style: str
    backend: str
    model_version: str
    status: SummaryState
    stale: bool  # the article changed after this box was made
    reviewed: bool  # an editor approved or wrote it
    created_by: str
    updated_at: datetime
    generation: Generation | None = None

    @property
    def labelled_reviewed(self) -> bool:
        """Whether readers see «redaktionell geprüft»: an editor's box, for the article as it is now."""
        return self.reviewed and not self.stale


@dataclass(slots=True)
class ReviewEvent:
    """One entry of a box's audit trail."""

    summary_id: int
    article_version: int
    actor: str
    action: str  # create, approve, reject, edit, withdraw, supersede, stale
    before: list[Bullet] | None
    after: list[Bullet] | None
    comment: str | None
    at: datetime


@dataclass(slots=True)
class TokenInfo:
    """An API token as an admin sees it (never the token itself)."""

    token_id: int
    name: str
    role: Role
    revoked: bool
    created_at: datetime


@dataclass(slots=True)
class BoxListing:
    """A box in the editors' list: which article, its state, and how much feedback waits."""

    summary_id: int
    article_id: str
    title: str | None
    status: SummaryState
    reviewed: bool
    stale: bool
    updated_at: datetime
    bullets: list[str]
    open_feedback: int = 0


@dataclass(slots=True)
class FeedbackItem:
    """One reader's feedback as editors see it (never the reader's address or its hash)."""

    feedback_id: int
    summary_id: int
    article_id: str
    helpful: bool
    reason: str | None
    comment: str | None
    created_at: datetime
    handled_at: datetime | None = None
    handled_by: str | None = None


@dataclass(slots=True)
class ArticleFeedback:
    """Feedback on one article's boxes, counted for the dashboard's table."""

    article_id: str
    title: str | None
    total: int
    helpful: int
    comments: int
    open: int

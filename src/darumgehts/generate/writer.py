"""The box a language model writes, held to the checker.

1. The model answers the prompt (:mod:`.prompt`); its answer is parsed and cleaned (:mod:`.parse`, :mod:`.post`).
2. Every bullet goes through the style (ß, quotes, numbers; compressed when over length) and the checker.
3. A bullet the checker or post-processing rejects gets ONE repair request that names the problem and quotes the
   evidence. A repair that still fails is replaced by the extractive backend's best bullet that does not repeat
   the others.
4. When the model fails outright (timeout, server error, unparseable answer), the whole box is the extractive
   backend's, and the record says why.

Nothing the checker does not support is published: a bullet in the box is either supported or the box has none.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..check import Checker
from ..models import Bullet, Document, Draft, GeneratedBullet, Generation, Problem, Summary
from ..select.redundancy import Facts, redundant
from . import judge
from .chat import Completion, ModelFailed
from .parse import Unparseable, parse_bullets
from .post import problems as post_problems
from .prompt import Prompt, prompt_version, schema

if TYPE_CHECKING:
    from ..pipeline import Summarizer
    from .backend import GenerativeBackend

# Extractive candidates looked at for replacements, beyond the box's own count.
SPARE_CANDIDATES = 4


class Writer:
    """Writes checked boxes with a generative backend; ``summarizer`` styles and checks, ``fallback`` is extractive."""

    def __init__(self, summarizer: Summarizer, fallback: Summarizer) -> None:
        self.summarizer = summarizer
        self.backend: GenerativeBackend = summarizer.backend  # type: ignore[assignment]
        self.fallback = fallback
        self.settings = summarizer.settings

    # -- the model -------------------------------------------------------------------------------------------------

    def _ask(self, gen: Generation, messages: list[dict], count: int) -> tuple[list[str], str]:
        """The model's bullets for ``messages``, and its answer as it came."""
        completion = self.backend.chat.complete(messages, schema(count))
        self._count(gen, completion)
        parsed = parse_bullets(completion.text)
        gen.notes += [n for n in parsed.notes if n not in gen.notes]
        return parsed.bullets, completion.text

    @staticmethod
    def _count(gen: Generation, completion: Completion) -> None:
        gen.model_version = gen.model_version or completion.served_by
        gen.requests += 1
        gen.cached += completion.cached
        gen.prompt_tokens += completion.prompt_tokens
        gen.completion_tokens += completion.completion_tokens
        gen.seconds += completion.seconds
        if completion.cached:
            gen.cached_seconds += completion.seconds

    # -- one bullet ------------------------------------------------------------------------------------------------

    def _checked(self, doc: Document, checker: Checker, text: str) -> tuple[Bullet, list[Problem]]:
        """The bullet in the house style and checked; the problems that keep it out of the box (none: it may go in)."""
        post = post_problems(text, doc)
        bullet = self.summarizer.make_bullet(Draft(text))
        if not bullet.text:
            return bullet, [Problem("content", text, "Der Punkt ist leer.", verdict="unsupported")]
        self.summarizer._check(bullet, checker)
        too_long = self.summarizer._too_long(bullet)
        bullet.problems = post + bullet.problems
        if post:
            bullet.verdict = "unsupported"
        blocking = [p for p in bullet.problems if p.verdict or (too_long and p.kind == "length")]
        return bullet, blocking

    def _evidence(self, doc: Document, bullet: Bullet, problems: list[Problem]) -> list[str]:
        spans = [e for p in problems for e in p.evidence] or list(bullet.evidence)
        seen: dict[int, str] = {}
        for span in spans:
            if 0 <= span.sentence < len(doc.sentences):
                seen.setdefault(span.sentence, doc.sentences[span.sentence].text)
        return list(seen.values())[:2]

    def _judge(self, doc: Document, gen: Generation, bullet: Bullet) -> float | None:
        """check_judge: the model's probability that the bullet follows from its evidence (None when unreadable)."""
        spans = [e.sentence for p in bullet.problems for e in p.evidence] + [e.sentence for e in bullet.evidence]
        probability, completion = judge.ask(self.backend.chat, judge.premise(doc, spans), bullet.text)
        if completion is not None:
            self._count(gen, completion)
        if probability is not None:
            bullet.problems.append(judge.note(bullet.text, probability))
        return probability

    # -- the box ---------------------------------------------------------------------------------------------------

    def _candidates(self, doc: Document, checker: Checker) -> Iterator[Bullet]:
        """The extractive backend's bullets, best first, supported and within the style's length."""
        fb = self.fallback
        for draft in fb.backend.draft(doc, self.settings.bullets + SPARE_CANDIDATES):
            bullet = fb.make_bullet(draft)
            if bullet.text and fb._check(bullet, checker) and not fb._too_long(bullet):
                yield bullet

    def write(self, doc: Document) -> Summary:
        k = self.settings.bullets
        checker = Checker(doc, self.settings.check_embeddings)
        gen = Generation(self.backend.id, self.backend.version, prompt_version())
        prompt = Prompt(self.summarizer.style, k, self.settings.llm.article_chars)
        request = prompt.bullets(doc)
        try:
            texts, answer = self._ask(gen, request, k)
        except (ModelFailed, Unparseable) as exc:
            return self._fallback_box(doc, gen, str(exc))
        t0, waited = time.perf_counter(), gen.seconds - gen.cached_seconds
        if len(texts) > k:
            gen.notes.append(f"too many bullets ({len(texts)})")
            texts = texts[:k]
        elif len(texts) < k:
            gen.notes.append(f"too few bullets ({len(texts)})")
        accepted: list[tuple[Bullet, GeneratedBullet]] = []
        rejected: list[Bullet] = []
        candidates = self._candidates(doc, checker)
        for text in texts:
            bullet, blocking = self._checked(doc, checker, text)
            record = GeneratedBullet(bullet.text, "model")
            if blocking:
                rejected.append(bullet)
                record = GeneratedBullet(bullet.text, "model", draft=bullet.text, problems=sorted({p.kind for p in blocking}))
                if self.settings.check_judge:
                    record.judge = self._judge(doc, gen, bullet)
                bullet = self._repair(doc, checker, gen, prompt.repair(request, answer, bullet.text, blocking,
                                                                       self._evidence(doc, bullet, blocking)), record)
            if bullet is not None and self._repeats(bullet, accepted):
                gen.notes.append("repeated bullet")
                rejected.append(bullet)
                record.draft = record.draft or bullet.text
                record.problems = sorted({*record.problems, "repeated"})
                bullet = None
            if bullet is None:
                bullet = self._replacement(candidates, accepted)
                if bullet is None:
                    continue
                record.origin = "extractive"
            record.text = bullet.text
            accepted.append((bullet, record))
        while len(accepted) < k and (extra := self._replacement(candidates, accepted)) is not None:
            accepted.append((extra, GeneratedBullet(extra.text, "extractive", problems=["missing"])))
        gen.bullets = [r for _, r in accepted]
        gen.check_seconds = round(time.perf_counter() - t0 - (gen.seconds - gen.cached_seconds - waited), 4)
        bullets = [b for b, _ in accepted]
        return self.summarizer.box(doc, bullets, rejected, produced=k, generation=gen)

    def _repair(self, doc: Document, checker: Checker, gen: Generation, messages: list[dict],
                record: GeneratedBullet) -> Bullet | None:
        """One repair request; the rewritten bullet when the checker supports it, else None."""
        if not self.settings.llm.repair:
            return None
        gen.repairs += 1
        try:
            texts, _ = self._ask(gen, messages, 1)
        except (ModelFailed, Unparseable):
            return None
        fixed, still = self._checked(doc, checker, texts[0])
        if still:
            return None
        gen.repaired += 1
        record.origin = "repaired"
        return fixed

    @staticmethod
    def _repeats(bullet: Bullet, accepted: list[tuple[Bullet, GeneratedBullet]]) -> bool:
        facts = Facts.of(bullet.text)
        return any(b.text == bullet.text or redundant(facts, Facts.of(b.text)) for b, _ in accepted)

    def _replacement(self, candidates: Iterator[Bullet], accepted: list[tuple[Bullet, GeneratedBullet]]) -> Bullet | None:
        """The extractive backend's best bullet that says nothing the box says already."""
        for candidate in candidates:
            if not self._repeats(candidate, accepted):
                return candidate
        return None

    def _fallback_box(self, doc: Document, gen: Generation, reason: str) -> Summary:
        fb = self.fallback
        summary = fb.finish(doc, fb.backend.draft(doc, self.settings.bullets))
        gen.fallback = reason
        gen.bullets = [GeneratedBullet(b.text, "extractive") for b in summary.bullets]
        summary.backend = self.backend.id
        summary.model = self.backend.version
        summary.generation = gen
        return summary

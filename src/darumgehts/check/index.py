"""What the checker knows about one article, built once and reused for every bullet.

Numbers with the sentence they stand in, folded tokens, quotes, date words, and
an inverted index from content lemmas to sentences for evidence alignment. It
also answers whether a word is *grounded*: found in the article, allowing for
inflection, compound parts both ways, place adjectives and paraphrase groups.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from ..analyse import analyse_sentence
from ..analyse.tokens import TOKEN, weight
from ..models import Document, NumberMention, Sentence, SourceSpan
from .lexicon import Lexicon, fold, fold_word, lexicon, stem

__all__ = ["ArticleIndex", "Lexicon", "bullet_lemmas", "fold", "lexicon", "normalise_quote", "number_key", "quotes_in"]

QUOTE = re.compile(r"«([^«»]{2,})»|„([^„“”]{2,})[“”]|‹([^‹›]{2,})›|\"([^\"]{2,})\"|“([^“”]{2,})”")
_NON_WORD = re.compile(r"[^\w]+")
# German linking elements between the parts of a compound (Verkehrs|unfall, Sonnen|schein)
_LINKS = ("s", "es", "n", "en", "er", "e")
MIN_PART = 4  # shortest compound part that counts (Nato yes, Rat no)


def normalise_quote(text: str) -> str:
    """A quotation up to case, ß/ss, punctuation, quote style and whitespace."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def quotes_in(text: str) -> list[tuple[str, int, int]]:
    """Quoted passages: (inner text, start, end) with offsets of the inner text."""
    out = []
    for m in QUOTE.finditer(text):
        group = next(g for g in range(1, 6) if m.group(g) is not None)
        out.append((m.group(group), m.start(group), m.end(group)))
    return out


@dataclass
class ArticleIndex:
    doc: Document
    full_text: str  # lead and body, then title and captions
    numbers: list[tuple[NumberMention, int | None]]  # with the sentence index (None: title/caption)
    postings: dict[str, list[int]] = field(default_factory=dict)  # content lemma -> sentence indices
    sentence_lemmas: list[set[str]] = field(default_factory=list)
    extras: list[Sentence] = field(default_factory=list)  # title and captions, analysed like bullets

    @classmethod
    def build(cls, doc: Document) -> ArticleIndex:
        art = doc.article
        extra_texts = [t for t in [art.title or ""] + [c.text for c in art.captions] if t.strip()]
        extras = [analyse_sentence(t) for t in extra_texts]
        numbers: list[tuple[NumberMention, int | None]] = [(n, s.index) for s in doc.sentences for n in s.numbers]
        for part in extras:
            numbers.extend((n, None) for n in part.numbers)
        postings: dict[str, list[int]] = {}
        sentence_lemmas = []
        for s in doc.sentences:
            lems = {fold(lem) for lem in s.content} | {number_key(n) for n in s.numbers}
            sentence_lemmas.append(lems)
            for lem in lems:
                postings.setdefault(lem, []).append(s.index)
        return cls(doc, "\n".join([doc.text, *extra_texts]), numbers, postings, sentence_lemmas, extras)

    # Built on first use: most bullets need only some of them.
    @cached_property
    def text_folded(self) -> str:
        return fold(self.full_text)

    @cached_property
    def tokens(self) -> set[str]:
        return set(TOKEN.findall(self.text_folded))

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Every folded lemma of the article, title and captions."""
        out = {fold(lem) for s in self.doc.sentences for lem in s.lemmas}
        out.update(fold(lem) for s in self.extras for lem in s.lemmas)
        return frozenset(out)

    @cached_property
    def _sorted_words(self) -> tuple[list[str], list[str]]:
        """Every token, lemma and hyphen part, sorted forwards and backwards: a compound part is a bisection."""
        words = set(self.tokens) | self.lemmas
        for t in list(words):
            if "-" in t:
                words.update(t.split("-"))
        return sorted(words), sorted(w[::-1] for w in words)

    def _starts_a_word(self, part: str) -> bool:
        forwards = self._sorted_words[0]
        i = bisect_left(forwards, part)
        return i < len(forwards) and forwards[i].startswith(part)

    def _ends_a_word(self, part: str) -> bool:
        backwards = self._sorted_words[1]
        rev = part[::-1]
        i = bisect_left(backwards, rev)
        return i < len(backwards) and backwards[i].startswith(rev)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Folded words of the article's multi-word names (Keller of Stefan Keller): a name even where it opens a bullet."""
        out = set()
        for s in [*self.doc.sentences, *self.extras]:
            for n in s.names:
                words = n.text.split()
                if len(words) > 1:
                    out.update(fold(w) for w in words[1:] if len(w) >= 3)
        return frozenset(out)

    @cached_property
    def _grounded(self) -> dict[str, bool]:
        return {}

    @cached_property
    def _forms(self) -> dict[int, dict[str, int]]:
        return {}

    @cached_property
    def _names(self) -> dict[int, dict[int, str]]:
        return {}

    def names_by_token(self, index: int, build) -> dict[int, str]:
        """Token position -> name for one sentence, made by ``build(sentence, offset)`` once."""
        out = self._names.get(index)
        if out is None:
            s = self.doc.sentences[index]
            out = self._names[index] = build(s, s.start)
        return out

    def forms(self, index: int) -> dict[str, int]:
        """A sentence's folded tokens, lemmas and stems, each with the position of its token."""
        out = self._forms.get(index)
        if out is None:
            toks, lems = self.folded(index)
            out = {}
            for j in range(len(toks) - 1, -1, -1):
                t = toks[j]
                out[t] = out[lems[j]] = out[stem(t)] = j
            self._forms[index] = out
        return out

    @cached_property
    def _folded(self) -> dict[int, tuple[list[str], list[str]]]:
        return {}

    def folded(self, index: int) -> tuple[list[str], list[str]]:
        """A sentence's folded tokens and folded lemmas."""
        out = self._folded.get(index)
        if out is None:
            s = self.doc.sentences[index]
            out = self._folded[index] = ([fold_word(t) for t in s.tokens], [fold_word(lem) for lem in s.lemmas])
        return out

    @cached_property
    def memo(self) -> dict:
        """Per-sentence results of the checks, keyed by (what, sentence index)."""
        return {}

    @cached_property
    def quotes(self) -> list[str]:
        """Normalised quotations in the article."""
        return [normalise_quote(q) for q, _, _ in quotes_in(self.full_text)]

    @cached_property
    def quote_text(self) -> str:
        """Normalised article text, for quotations the article gives without marks."""
        return normalise_quote(self.full_text)

    def sentence(self, index: int) -> Sentence:
        return self.doc.sentences[index]

    def span(self, index: int) -> SourceSpan:
        s = self.doc.sentences[index]
        return SourceSpan(s.index, s.start, s.end)

    # -- grounding ------------------------------------------------------------------------------

    def _found(self, word: str) -> bool:
        """The folded word itself, or a form or compound part of it, in the article."""
        if word in self.tokens or word in self.lemmas:
            return True
        if len(word) < MIN_PART:
            return False
        base = stem(word)
        # inflected (Städten ~ Stadt is the lemma's job; ungenaueren ~ ungenauer here),
        # the modifier of an article compound (Nato ~ Nato-Angaben, Sommer ~ Sommerferien)
        if self._starts_a_word(base):
            return True
        # the head of an article compound (Reform ~ Krankenhausreform)
        return len(base) >= 5 and (self._ends_a_word(word) or (base != word and self._ends_a_word(base)))

    def _part_found(self, part: str) -> bool:
        if self._found(part):
            return True
        synonyms = lexicon().synonyms
        return any(self._found(s) for form in {part, stem(part), part[:-1], part[:-2]} for s in synonyms.get(form, ()))

    def _split_found(self, word: str) -> bool:
        """A compound whose parts are all in the article (Sommerferien ~ Sommer ... Ferien; Wetterprognosen ~
        Wettervorhersagen, with a paraphrase for a part)."""
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[i:]
            if not self._part_found(head):
                continue
            mod = word[:i]
            if self._found(mod) or any(mod.endswith(k) and len(mod) - len(k) >= MIN_PART and self._found(mod[: -len(k)])
                                       for k in _LINKS):
                return True
        return False

    def grounded(self, word: str, lemma: str | None = None) -> bool:
        """Is the (folded) word found in the article, by form, lemma, compound part, place or paraphrase?"""
        key = word if lemma is None else word + "|" + lemma
        cache = self._grounded
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = self._ground(word, lemma or word)
        return hit

    def grounded_directly(self, word: str, lemma: str | None = None) -> bool:
        """Grounded, and not only as the sum of the parts of a compound (Autorennen from Auto ... Rennen)."""
        return self.grounded(word, lemma) and not self._only_split.get(word + "|" + (lemma or word), False)

    @cached_property
    def _only_split(self) -> dict[str, bool]:
        return {}

    def _ground(self, word: str, lemma: str) -> bool:
        if self._found(word) or (lemma != word and self._found(lemma)):
            return True
        lex = lexicon()
        for w in (lemma, word):
            if any(self._found(s) if " " not in s else s in self.text_folded for s in lex.synonyms.get(w, ())):
                return True
        if self._place_found(word):
            return True
        if "-" in word:
            return all(self.grounded(p) for p in word.split("-") if len(p) > 1)
        if len(word) >= 2 * MIN_PART and self._split_found(word):
            self._only_split[word + "|" + lemma] = True
            return True
        return False

    def _place_found(self, word: str) -> bool:
        """Zürcher ~ Zürich, Berner ~ Bern, bernisch ~ Bern; Zürich ~ Zürcher (demonyms.tsv, -er, -isch)."""
        places = set(lexicon().demonyms.get(word, ())) | set(lexicon().demonyms.get(stem(word), ()))
        for suffix in ("erinnen", "erin", "ern", "er", "ische", "isch"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                places.add(word[: -len(suffix)])
                break
        if not places:
            return False
        return any(p in self.tokens or p in self.lemmas for p in places)

    # -- alignment ------------------------------------------------------------------------------

    def coverage(self, bullet_lemmas: set[str]) -> float:
        """Weighted share of the bullet's content lemmas found anywhere in the article."""
        weights = {lem: weight(lem) or 0.5 for lem in bullet_lemmas}
        total = sum(weights.values())
        return sum(w for lem, w in weights.items() if lem in self.postings) / total if total else 1.0

    def align(self, bullet_lemmas: set[str], limit: int = 2) -> tuple[list[int], float]:
        """Evidence: up to ``limit`` sentences covering the bullet's content lemmas.

        Returns the sentence indices (best first) and the weighted share of the
        bullet's content they cover (0..1)."""
        weights = {lem: weight(lem) or 0.5 for lem in bullet_lemmas}
        total = sum(weights.values())
        if not total:
            return [], 1.0
        chosen: list[int] = []
        covered: set[str] = set()
        for _ in range(limit):
            gains: dict[int, float] = {}
            for lem in bullet_lemmas - covered:
                for idx in self.postings.get(lem, ()):
                    gains[idx] = gains.get(idx, 0.0) + weights[lem]
            for idx in chosen:
                gains.pop(idx, None)
            if not gains:
                break
            best = max(gains, key=lambda i: (gains[i], -i))
            if chosen and gains[best] < 0.25 * total:
                break  # a second sentence must add real support
            chosen.append(best)
            covered |= bullet_lemmas & self.sentence_lemmas[best]
        coverage = sum(weights[lem] for lem in covered) / total
        return chosen, coverage


def number_key(n: NumberMention) -> str:
    """A number as an alignment key: the bullet's "1500" finds the sentence with 1500."""
    return f"#{n.kind}:{n.value:g}"


def bullet_lemmas(text: str) -> tuple[list[str], list[str], set[str]]:
    """Tokens, lemmas and content lemmas of a bullet (as :func:`darumgehts.analyse.analyse_sentence` gives them)."""
    s = analyse_sentence(text)
    return s.tokens, s.lemmas, {fold(lem) for lem in s.content}

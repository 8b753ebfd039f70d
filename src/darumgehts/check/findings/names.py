"""Names of persons, places and organisations: in the article, and in their place.

A name must occur in the article (also inflected, shortened or as a place
adjective: Gerassimows, Lauterbach for Karl Lauterbach, Zürcher for Zürich). In
the sentence the bullet follows, the same place (an aligned slot, the word
after a role noun such as «Gesundheitsminister» or after «bei», «zwischen …
und») must not hold another name. Who said or did something is compared like a
number: the bullet's speaker or agent against the evidence's."""

from __future__ import annotations

import re
from functools import lru_cache

from ...analyse.names import is_name_token
from ...analyse.tokens import TOKEN
from ...models import NameMention, Problem, Sentence
from ...resources import multi_table, table, word_list
from ..index import ArticleIndex
from ..lexicon import fold, lexicon
from .common import Claim

# A name the article uses elsewhere is out of place when the rest of the bullet
# rests this well on evidence that does not name it.
NAME_CONTEXT_COVERAGE = 0.6
# Words after which a name fills a role: prepositions of place and the words of saying.
PLACE_WORDS = frozenset({"bei", "zwischen", "und", "in", "aus", "nach", "von", "gegen"})
SPEAKER_WORDS = frozenset({"laut", "sagte", "sagt", "so", "erklärte", "betonte", "meinte", "sagten", "schreibt", "schrieb",
                           "teilte", "kritisierte", "forderte", "warnte"})
AGENT_TOKENS = 3  # a name among the first words is the clause's subject


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    return frozenset(fold(w) for row in multi_table("de/person_roles.tsv") for w in row[:2])


@lru_cache(maxsize=1)
def _gazetteer() -> frozenset[str]:
    return word_list("de/names.txt")


@lru_cache(maxsize=50_000)
def _is_role(word: str) -> bool:
    """A noun for a person's role, also as the last part of a compound (Gesundheitsminister, Bahnsprecherin)."""
    w = fold(word)
    roles = _roles()
    return w in roles or any(w[k:] in roles for k in range(1, len(w) - 4))


def _whole_word_in(needle: str, text: str) -> bool:
    """``needle`` occurs in ``text`` with no word character on either side."""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(needle, start + 1)
    return False


def name_in(name: str, folded_text: str, tokens: set[str]) -> bool:
    """The name in a text, also inflected or shortened (Gerassimows, Nato in Nato-Angaben)."""
    low = fold(name)
    if _whole_word_in(low, folded_text):
        return True
    for part in low.replace("-", " ").split():
        if part in tokens:
            continue
        if len(part) < 5:
            return False  # EU, SVP, Bern: short names must match whole
        stem = part[: len(part) - 2]
        if not any(t.startswith(stem) for t in tokens):
            return False
    return True


def _places(word: str) -> set[str]:
    """The places a place adjective or demonym stands for (Zürcher -> zürich, Berner -> bern)."""
    w = fold(word)
    out = set(lexicon().demonyms.get(w, ()))
    for suffix in ("ern", "er", "ischen", "ische", "isch"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.add(w[: -len(suffix)])
            break
    return out


@lru_cache(maxsize=1)
def _folded_gazetteer() -> frozenset[str]:
    return frozenset(fold(g) for g in _gazetteer())


@lru_cache(maxsize=20_000)
def _demonym(word: str) -> bool:
    """A capitalised place adjective (Berner, Zürcher, Walliser)."""
    if not word[:1].isupper() or len(word) < 5:
        return False
    places = _places(word)
    if places & _folded_gazetteer() or (fold(word) in lexicon().demonyms and places):
        return True
    # Stockholmer, Pekinger: a name with -er that the dictionary does not know
    return word.endswith("er") and len(word) >= 7 and is_name_token(word) and is_name_token(word[:-2])


def _same_name(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb or name_in(a, fb, set(fb.split())) or name_in(b, fa, set(fa.split())):
        return True
    return bool(_places(a) & ({fb} | _places(b))) or bool(_places(b) & {fa})


_ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜa-z]?[A-ZÄÖÜ]{1,4}$")
_CAPITALISED = re.compile(r"[A-ZÄÖÜ][\w]*")
# Words that may stand between the words of a spelled-out name («Industrie- und Handelskammer», «Amt für …»).
_LINK_WORDS = frozenset(("und", "für", "der", "des", "de", "du", "la", "von", "für"))


@lru_cache(maxsize=1)
def _acronyms() -> dict[str, str]:
    return {k: v for k, v in table("de/acronyms.tsv").items()}


def _spelled_out(acronym: str, folded: str, tokens: set[str], original: str) -> bool:
    """The article spells the acronym out: the full name from the table, or capitalised words and hyphen
    parts in a row whose initials spell it («Schweizerische Bundesbahnen» for SBB)."""
    full = _acronyms().get(acronym)
    if full and all(name_in(w.strip("-"), folded, tokens) for w in full.split() if fold(w) not in _LINK_WORDS):
        return True
    letters = acronym.upper()
    words = re.findall(r"[\w]+", original)
    for start in range(len(words)):
        i, k = start, 0
        while i < len(words) and k < len(letters):
            w = words[i]
            if w.lower() in _LINK_WORDS and k:
                i += 1
                continue
            if not w[:1].isupper() or w[0].upper() != letters[k]:
                break
            i, k = i + 1, k + 1
        if k == len(letters):
            return True
    return False


def _in_text(name: str, folded: str, tokens: set[str], original: str | None = None) -> bool:
    if name_in(name, folded, tokens):
        return True
    if original is not None:
        parts = name.split("-")
        acronyms = [p for p in parts if _ACRONYM.match(p)]
        if acronyms and all(_spelled_out(a, folded, tokens, original) for a in acronyms) and \
                all(name_in(p, folded, tokens) for p in parts if p not in acronyms):
            return True
    low = fold(name)
    adjectives = set(lexicon().demonyms.get(low, ())) | {low + "er", low + "isch"}
    return any(p in tokens for p in _places(name)) or any(a in tokens or a + "en" in tokens or a + "e" in tokens
                                                          for a in adjectives)


def sentence_names(index: ArticleIndex, s: int) -> dict[int, str]:
    """Token position -> the name (or place adjective) it belongs to, for one article sentence."""
    return index.names_by_token(s, lambda sentence, offset: _with_surnames(index, _token_names(sentence, offset), sentence))


def _token_names(sentence: Sentence, offset: int) -> dict[int, str]:
    out: dict[int, str] = {}
    spans = [m.span() for m in TOKEN.finditer(sentence.text)]
    for n in sentence.names:
        a, b = n.start - offset, n.end - offset
        for j, (x, y) in enumerate(spans):
            if x < b and y > a:
                out[j] = n.text
    toks = sentence.tokens
    for j, tok in enumerate(toks):
        if j not in out and j > 0 and _demonym(tok):
            out[j] = tok
    # the words after a role noun are a name even where the dictionary knows them (Verteidiger Noah Gerber)
    for j in range(1, len(toks)):
        if j not in out and toks[j][:1].isupper() and toks[j].isalpha() and _is_role(toks[j - 1]) and not _is_role(toks[j]):
            k = j + 1 if j + 1 < len(toks) and toks[j + 1][:1].isupper() and toks[j + 1].isalpha() else j
            name = " ".join(toks[j:k + 1])
            out[j] = out.setdefault(k, name)
    return out


def _with_surnames(index: ArticleIndex, names: dict[int, str], sentence: Sentence) -> dict[int, str]:
    """Add the article's surnames standing alone (Gerber of Tim Gerber), which find_names takes for words."""
    words = index.name_words
    extra = {j: t for j, t in enumerate(sentence.tokens) if j not in names and t[:1].isupper() and fold(t) in words}
    return {**names, **extra} if extra else names


def _bullet_names(claim: Claim) -> list[tuple[str, list[int], int, int]]:
    """(name, its tokens, start, end): the names find_names gives, and place adjectives."""
    out = []
    taken: set[int] = set()
    for n in claim.bullet.names:
        toks = [i for i, (a, b) in enumerate(claim.spans) if a < n.end and b > n.start]
        taken.update(toks)
        out.append((n.text, toks, n.start, n.end))
    name_words = claim.index.name_words
    for i, tok in enumerate(claim.bullet.tokens):
        if i not in taken and tok[:1].isupper() and ((i > 0 and _demonym(tok)) or claim.folded_tokens[i] in name_words):
            a, b = claim.spans[i]
            out.append((tok, [i], a, b))
    return out


def _agent(tokens: list[str], names: dict[int, str]) -> tuple[int, str] | None:
    """The name that says or does something in a sentence: its subject up front, or the one after laut/sagte."""
    for j in sorted(names):
        if j < AGENT_TOKENS or fold(tokens[j - 1]) in SPEAKER_WORDS or _is_role(tokens[j - 1]):
            return j, names[j]
    return None


def check_names(claim: Claim) -> list[Problem]:
    index = claim.index
    problems = []
    bullet_names = _bullet_names(claim)
    if not bullet_names:
        return problems
    ev_text = fold(claim.evidence_text)
    ev_tokens = claim.evidence_keys
    bullet_folded = fold(claim.text)
    title = fold(index.doc.article.title or "")

    def in_bullet(name: str) -> bool:
        return _in_text(name, bullet_folded, set(claim.folded_tokens))

    for name, toks, start, end in bullet_names:
        claim.flagged.update(toks)
        if claim.evidence and _in_text(name, ev_text, ev_tokens, claim.evidence_text):
            continue
        rival = _slot_rival(claim, toks, in_bullet)
        if rival:
            other, s = rival
            problems.append(Problem("name", name, f"An dieser Stelle nennt der Artikel «{other}», nicht «{name}».",
                                    start, end, verdict="contradicted", evidence=(index.span(s),)))
            continue
        if not _in_text(name, index.text_folded, index.tokens, index.full_text):
            problems.append(Problem("name", name, f"Der Name «{name}» kommt im Artikel nicht vor.",
                                    start, end, verdict="unsupported", evidence=claim.spans_of()[:1]))
            continue
        if not claim.evidence:
            continue
        agent = _agent_rival(claim, toks, in_bullet)
        if agent:
            other, s = agent
            problems.append(Problem("role", name, f"Das sagt oder tut im Artikel «{other}», nicht «{name}».",
                                    start, end, verdict="contradicted", evidence=(index.span(s),)))
        elif _in_text(name, title, set(title.split())) or _in_neighbours(claim, name):
            continue  # the article's subject, or a fused bullet that takes the name from the next sentence
        elif claim.coverage_without({fold(w) for w in name.split()}) >= NAME_CONTEXT_COVERAGE:
            # the rest of the bullet is one sentence of the article, and that sentence is about someone else
            problems.append(Problem("name", name, f"«{name}» kommt im Artikel vor, aber nicht in diesem Zusammenhang.",
                                    start, end, verdict="unsupported", evidence=claim.spans_of()))
    return problems


def _in_neighbours(claim: Claim, name: str) -> bool:
    """The name in a sentence right before or after the evidence."""
    sentences = claim.index.doc.sentences
    near = {s + d for s in claim.evidence for d in (-1, 1)} - set(claim.evidence)
    text = fold(" ".join(sentences[s].text for s in sorted(near) if 0 <= s < len(sentences)))
    return bool(text) and _in_text(name, text, set(TOKEN.findall(text)))


def _slot_rival(claim: Claim, toks: list[int], in_bullet) -> tuple[str, int] | None:
    """Another name where the bullet's name stands: in its aligned slot, or after the same role noun or preposition."""
    for i in toks:
        where = claim.counterparts(i)
        if where:
            sent, js = where
            names = sentence_names(claim.index, sent.index)
            for j in js:
                if j in names and not in_bullet(names[j]):
                    return names[j], sent.index
    first = toks[0] if toks else 0
    if first == 0:
        return None
    before = claim.bullet.tokens[first - 1]
    fb = fold(before)
    if not (_is_role(before) or fb in PLACE_WORDS):
        return None
    for s in claim.evidence:
        sent = claim.index.sentence(s)
        names = sentence_names(claim.index, s)
        for j in sorted(names):
            if j > 0 and fold(sent.tokens[j - 1]) == fb and not in_bullet(names[j]):
                return names[j], s
    return None


def _agent_rival(claim: Claim, toks: list[int], in_bullet) -> tuple[str, int] | None:
    """The bullet's agent is this name; the evidence's agent is another one."""
    b_names = {i: claim.bullet.tokens[i] for i in toks}
    mine = _agent(claim.bullet.tokens, b_names)
    if mine is None or claim.coverage_without({fold(claim.bullet.tokens[i]) for i in toks}) < NAME_CONTEXT_COVERAGE:
        return None
    for s in claim.evidence[:1]:
        sent = claim.index.sentence(s)
        theirs = _agent(sent.tokens, sentence_names(claim.index, s))
        if theirs and not in_bullet(theirs[1]) and is_name_token(theirs[1].split()[-1]):
            return theirs[1], s
    return None


__all__ = ["NameMention", "check_names", "name_in"]

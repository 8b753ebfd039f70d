"""Discourse: how a sentence hangs on its context.

A bullet is read on its own, without the sentence before it. This module says
whether a sentence opens with something that points back (:func:`anaphor`,
:func:`anaphoric_start`), rewrites such an opening when that is safe
(:func:`resolve`), and tells sentences that are no article content at all
(:func:`noncontent`) and prefixes that are not part of the sentence
(:func:`prefix`). All words and patterns are data: ``data/de/discourse.toml``,
``person_roles.tsv`` and ``first_name_gender.tsv``; who a person is and whom a
pronoun may mean is worked out in :mod:`darumgehts.analyse.referents`.

Decisions:

* Expletive "es" is not an anaphor: «Es gibt», «Es kam zu», «Es regnet», «Es
  ist unklar, ob ...», «Es wurden drei Personen verletzt». Any other «Es» is.
* «Sie» is always anaphoric (woman, group or polite form alike); it is resolved
  only as one woman, when the verb is singular and she is the subject before.
* «Das Parlament», «Die SVP» (article + noun) are fine; «Das ist», «Das liegt»
  (article used as a pronoun) and a closed list of descriptions («Der
  29-Jährige», «Der Stürmer», «Die Partei») point back.
* The resolver only replaces the anaphor by a name or a definite article, or
  deletes a lead-in that ends in a colon. Anything else returns None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from . import names as _names
from .referents import TOKEN, Rules, antecedent, cap, is_adjective, is_verb, mentions, open_quote, role_of, rules, stop_words

_GENITIVE_S = ("s", "ß", "x", "z", "ce")


@dataclass(frozen=True)
class Anaphor:
    """The anaphoric opening of a sentence.

    ``kind`` is one of: pronoun, possessive, demonstrative, demonstrative-pronoun,
    adverb, es, article-pronoun, person-description, description,
    preposition-pronoun, preposition-possessive, leadin. ``start``/``end`` cover
    the anaphoric word(s); ``head`` is the noun of a description.
    """

    kind: str
    word: str
    start: int
    end: int
    gender: str | None = None
    quoted: bool = False
    head: tuple[int, int] | None = None


_FIRST_WORD = re.compile(r"[\W_]*(\w+)")


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    """Every word an anaphoric opening can start with (capitalised), from the rules."""
    d = rules().data
    pro = d["pronouns"]
    words = set(pro["personal"]) | set(pro["possessive"]) | set(pro["demonstrative"]) | set(pro["demonstrative_only"])
    words |= set(d["adverbs"]["words"]) | set(d["resolve"]["prepositions"]) | set(d["start"]["conjunctions"])
    words |= {p.split()[0] for p in d["start"]["particles"]} | {p.split()[0] for p in d["leadins"]["phrases"]}
    return frozenset(words | {"Ihr", "Es", "Der", "Die", "Das", "Den", "Dem", "Des"})


@lru_cache(maxsize=8192)
def anaphor(text: str) -> Anaphor | None:
    """The anaphoric opening of ``text``, or None when the sentence stands on its own."""
    r = rules()
    start = len(prefix(text) or "")  # after «18:17 Uhr - »
    first = _FIRST_WORD.match(text, start)
    if first is None or first.group(1)[:1].upper() + first.group(1)[1:] not in _openers():
        return None  # most sentences: the first word can open no anaphor
    toks = list(islice(TOKEN.finditer(text, start), 14))
    words = [t.group(0) for t in toks]
    s = r.data["start"]
    i, quoted = 0, False
    while i < len(words) and words[i] in s["quote_chars"]:
        i, quoted = i + 1, True
    if i >= len(words):
        return None
    colon = next((k for k in range(i, min(len(words), i + 6)) if words[k] == ":"), None)
    if colon and text[toks[i].start():toks[colon].start()].strip() in r.data["leadins"]["phrases"]:
        return Anaphor("leadin", words[i], toks[i].start(), toks[colon].end(), quoted=quoted)
    if words[i] in s["conjunctions"] and i + 1 < len(words) and words[i + 1] != ",":
        i += 1
    for particle in s["particles"]:
        n = particle.count(" ") + 1
        if " ".join(words[i:i + n]) == particle and i + n < len(words):
            i += n
            break
    w = words[i][:1].upper() + words[i][1:]  # «Doch er», «Auch das»: looked up as Er, Das
    nxt = words[i + 1:i + 4] + ["", "", ""]
    n1, n2 = nxt[0], nxt[1]
    start, end = toks[i].start(), toks[i].end()
    pro = r.data["pronouns"]
    adv = r.data["adverbs"]

    def found(kind: str, gender: str | None = None, head: tuple[int, int] | None = None) -> Anaphor:
        return Anaphor(kind, w, start, end, gender, quoted, head)

    if w in pro["personal"] and not (w == "Ihr" and cap(n1)):
        return found("pronoun", pro["personal"][w][0])
    if w in pro["possessive"] or w == "Ihr":
        return found("possessive", pro["possessive"].get(w, "f"))
    if w in pro["demonstrative"]:
        k = i + 1
        while k < len(words) and is_adjective(words[k]):
            k += 1
        if k < len(words) and cap(words[k]) and words[k].replace("-", "").isalpha():
            if words[k] in pro["temporal_nouns"]:
                return None
            return found("demonstrative", head=toks[k].span())
        return found("demonstrative-pronoun")
    if w in pro["demonstrative_only"]:
        return found("demonstrative-pronoun")
    if w in adv["words"]:
        if n1 == "," and n2 in adv["cataphoric"]:
            return None
        if w in adv["conjunction_use"] and (n1 in adv["subject_words"] or (cap(n1) and n1 not in s["particles"])):
            return None
        if w == "So" and (n1 in adv["so_degree"] or n1 in adv["subject_words"] or cap(n1) or not is_verb(n1)):
            return None
        return found("adverb")
    if w == "Es":
        rest = text[start:]
        return None if any(p.match(rest) for p in r.expletive) else found("es", "n")
    if w in ("Der", "Die", "Das", "Den", "Dem", "Des"):
        return _article(text, toks, words[:i] + [w] + words[i + 1:], i, r, quoted)
    if w in r.data["resolve"]["prepositions"] and n1 in ("ihm", "ihn", "ihr", "ihnen", "sie"):
        gender = pro["personal"][n1.capitalize()][0] if n1 != "sie" else "f"
        return Anaphor("preposition-pronoun", n1, toks[i + 1].start(), toks[i + 1].end(), gender, quoted)
    if w in r.data["resolve"]["prepositions"] and n1.capitalize() in pro["possessive"]:
        if _names.find_names(text[toks[i + 1].end():]):
            return None  # «In seiner Rede sagte Berset ...»: the name follows
        return Anaphor("preposition-possessive", n1, toks[i + 1].start(), toks[i + 1].end(),
                       pro["possessive"][n1.capitalize()], quoted)
    return None


def _article(text: str, toks: list[re.Match], words: list[str], i: int, r: Rules, quoted: bool) -> Anaphor | None:
    """Der/Die/Das at the start: a pronoun («Das ist»), a description («Der Stürmer») or neither."""
    w = words[i]
    nxt = words[i + 1:i + 4] + ["", "", ""]
    n1, n2 = nxt[0], nxt[1]
    start, end = toks[i].start(), toks[i].end()
    pro, verbs, desc = r.data["pronouns"], r.data["verbs"], r.data["descriptions"]
    if n1 == ",":
        return None if n2 in r.data["adverbs"]["cataphoric"] else Anaphor("article-pronoun", w, start, end, None, quoted)
    if n1[:1].islower():
        j = i + 2
        while j < len(words) and is_adjective(words[j]):
            j += 1
        after = words[j] if j < len(words) else ""
        noun_follows = cap(after) or after[:1].isdigit()  # «Die beiden ersten Spiele»
        if n1 in verbs["finite"] or (n1 in pro["after_article_pronoun"] and not noun_follows) or (
                n1 not in verbs["not_verbs"] and n1 not in stop_words() and n1 not in r.words("resolve", "case_prepositions")
                and not is_adjective(n1) and is_verb(n1) and not (cap(n2) and not _names.is_name_token(n2))):
            return Anaphor("article-pronoun", w, start, end, None, quoted)  # «Das liegt», «Das teilte die Polizei mit»
    k = i + 1
    while k < len(words) and is_adjective(words[k]):
        k += 1
    if k >= len(words) or not (cap(words[k]) or r.adjectival.match(words[k])):
        return None
    noun = words[k]
    after = words[k + 1] if k + 1 < len(words) else ""
    after2 = words[k + 2] if k + 2 < len(words) else ""
    if (cap(after) and after.replace("-", "").isalpha()) or after in desc["restrictive"]:
        return None  # «Der Stürmer Breel Embolo», «Der Präsident der USA»
    if after in ("und", "sowie") and cap(after2):
        return None  # «Der Anwalt und Lobbyist Hunter Biden»
    head = toks[k].span()
    if r.adjectival.match(noun):
        return Anaphor("person-description", w, start, toks[k].end(), _adjectival_gender(w, noun), quoted, head)
    role = role_of(noun, r)
    if role and role[1]:
        gender = {"Die": "f" if role[0] != "m" else "p"}.get(w, role[0] or ("m" if w in ("Der", "Dem", "Den") else None))
        return Anaphor("person-description", w, start, toks[k].end(), gender, quoted, head)
    if noun in desc["person_nouns"]:
        g = desc["person_nouns"][noun]
        return Anaphor("person-description", w, start, toks[k].end(), None if g == "?" else g, quoted, head)
    if noun in desc["things"]:
        return Anaphor("description", w, start, toks[k].end(), None, quoted, head)
    return None


def _adjectival_gender(article: str, noun: str) -> str | None:
    """Gender of an adjectival noun from article and ending: Der 29-Jährige (m), Der 45-Jährigen (f, dative)."""
    strong = noun.endswith("e")
    return {("Der", True): "m", ("Die", True): "f", ("Dem", False): "m", ("Der", False): "f"}.get((article, strong))


def anaphoric_start(text: str) -> bool:
    """True when the sentence opens with something that points to an earlier sentence."""
    return anaphor(text) is not None


# --- resolution ---------------------------------------------------------------


def _singular_verb(text: str, a: Anaphor) -> bool:
    m = re.match(r"\s*([a-zäöüß]+)", text[a.end:])
    if not m:
        return False
    verb = m.group(1)
    return verb in rules().words("verbs", "singular_in_n") or not verb.endswith("n") and verb not in ("sind", "seid")


def _in_quotation(prev: Sequence[str], text: str) -> bool:
    """Whether ``text`` continues a quotation opened before it, or closes one it did not open."""
    if prev and open_quote(prev[-1]):
        return True
    first = next((c for c in text if c in '«»„“"'), "")
    return first in ("»", "“") or (first == '"' and text.count('"') % 2 == 1 and not text.lstrip().startswith('"'))


def resolve(prev_sentences: Sequence[str], text: str, names: Sequence[Sequence] | None = None) -> str | None:
    """``text`` with its anaphoric opening made explicit, or None when that is not safe.

    ``prev_sentences`` are the sentences before ``text`` in the same paragraph,
    in order. ``names`` optionally gives the names found in each of them
    (strings or :class:`~darumgehts.models.NameMention`, e.g. ``Sentence.names``);
    without it they are found with :func:`~darumgehts.analyse.names.find_names`.
    A sentence that does not open with an anaphor is returned unchanged.
    """
    a = anaphor(text)
    if a is None:
        return text
    if a.quoted or _in_quotation(prev_sentences, text):
        return None  # words inside a quotation are the speaker's
    if a.kind == "leadin":
        rest = text[a.end:].strip()
        if not (cap(rest) and len(rest.split()) >= 4 and rest[-1:] in ".!?»“\"") or rest.startswith(("«", "„", '"')):
            return None
        return resolve(prev_sentences, rest, names)
    if a.kind == "demonstrative":
        head = text[a.head[0]:a.head[1]]
        if _names.is_name_token(head) or any(
                head in name.split() for sentence in prev_sentences[-2:] for name, _, _ in mentions(sentence, None)):
            return None  # «Dieser Dodo»: a name, not a noun that takes an article
        article = rules().data["pronouns"]["demonstrative"][a.word]
        article = article.lower() if text[a.start].islower() else article
        out = text[:a.start] + article + text[a.end:]
    elif a.kind in ("pronoun", "possessive", "preposition-pronoun", "preposition-possessive", "person-description"):
        out = _person_text(prev_sentences, text, names, a)
    else:
        return None
    if out is None:
        return None
    out = re.sub(r"\s{2,}", " ", out).strip()
    return out[:1].upper() + out[1:] if out else None


def _genitive(name: str) -> str:
    return name + ("’" if name.endswith(_GENITIVE_S) else "s")


def _chain(prev: Sequence[str], names: list | None, a: Anaphor, text: str, depth: int = 0):
    """The antecedent, following a chain of the same subject pronoun: «Müller kam 2019.
    Er wurde Trainer. Er gewann ...» (a sentence between that names nobody)."""
    b = anaphor(prev[-1]) if prev else None
    if (a.kind == "pronoun" and b and b.kind == "pronoun" and b.word == a.word and depth < 3
            and not mentions(prev[-1], None if names is None else names[-1])):
        return _chain(prev[:-1], None if names is None else names[:-1], b, prev[-1], depth + 1)
    return antecedent(prev, names, a, text)


def _person_text(prev: Sequence[str], text: str, names, a: Anaphor) -> str | None:
    tail = text[a.end:]
    nxt = re.match(r"\s*(\S+)", tail)
    nxt_word = nxt.group(1).rstrip(",;:.!?") if nxt else ""
    if a.kind == "pronoun":
        if a.word == "Sie" and not _singular_verb(text, a):
            return None
        if any(re.match(p, text[a.start:]) for p in rules().data["resolve"]["thing_predicates"]):
            return None  # «Er sieht Kosten von ... vor»: a plan, not a person
        if a.word == "Ihnen":
            return None
    if a.kind in ("possessive", "preposition-possessive") and not (cap(nxt_word) and nxt_word.isalpha()):
        return None  # only directly before a noun: «Seine Partei» -> «Bersets Partei»
    if a.kind == "preposition-pronoun" and a.word in ("sie", "ihnen"):
        return None  # could be plural
    if a.kind == "person-description" and a.word == "Des":
        return None
    p = _chain(prev, None if names is None else list(names), a, text)
    if p is None:
        return None
    head = text[a.head[0]:a.head[1]] if a.head else ""
    if a.kind in ("possessive", "preposition-possessive"):
        return text[:a.start] + _genitive(p.name) + tail
    if a.kind in ("pronoun", "preposition-pronoun"):
        return text[:a.start] + p.name + tail
    r = rules()
    if r.adjectival.match(head):
        adjective = head[0].lower() + head[1:] if not head[0].isdigit() else re.sub(r"-J", "-j", head)
        return text[:a.head[0]] + adjective + " " + p.name + tail
    if role_of(head, r):
        return text[:a.end] + " " + p.name + tail
    if a.end - a.start > len(a.word) + len(head) + 1:
        return None  # «Der junge Mann»: an adjective would be lost
    return text[:a.start] + p.name + tail


# --- not article content ------------------------------------------------------


def noncontent(text: str) -> str | None:
    """Why ``text`` is not article content (timestamp, link teaser, poll answer, ...), or None."""
    t = text.strip()
    r = rules()
    if not r.noncontent_any.search(t):
        return None
    for reason, pattern, names_only in r.noncontent:
        m = pattern.search(t)
        if m and names_only:
            rest = t[m.end():]
            found = mentions(rest, ())
            m = m if len(found) == 1 and found[0][1:] == (0, len(rest)) else None
        if m:
            return reason
    return None


# A cheap test before the prefix patterns: one of these marks within the first
# _PREFIX_WINDOW characters (see [prefix] in discourse.toml: a dash after a space, not in a compound).
_PREFIX_MARKS = (":", " –", " —", " -", "+", "(")
_PREFIX_WINDOW = 120


@lru_cache(maxsize=8192)
def prefix(text: str) -> str | None:
    """A timestamp, source, agency, dateline or label prefix at the start of the sentence, or None.

    Several prefixes in a row are returned together («Detailansicht öffnen (Foto: AP) »).
    """
    head = text[:_PREFIX_WINDOW]
    if not (text[:1].isdigit() or head.startswith("Detailansicht") or any(mark in head for mark in _PREFIX_MARKS)):
        return None  # every prefix has a digit first, a colon, a dash, a bracket or ticker marks
    r = rules()
    pos = 0
    while True:
        m = next((m for p in r.prefixes if (m := p.match(text, pos)) and m.end() > pos), None)
        if m is None and pos == 0:
            m = r.speaker.match(text)
            if m and not _names.is_name_token(m.group(1)):
                m = None
        if m is None:
            break
        pos = m.end()
    return text[:pos] if pos and text[pos:].strip() else None

"""Discourse: how a sentence hangs on its context.

A bullet is read on its own, without the sentence before it. This module says
whether a sentence opens with something that points back (:func:`anaphor`,
:func:`anaphoric_start`), rewrites such an opening when that is safe
(:func:`resolve`), and tells sentences that are no article content at all
(:func:`noncontent`) and prefixes that are not part of the sentence
(:func:`prefix`). All words and patterns are data: ``data/de/discourse.toml``,
``person_roles.tsv`` and ``first_name_gender.tsv``.

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
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from ..resources import multi_table, table, word_list
from ..resources import text as resource_text
from . import names as _names

_TOKEN = re.compile(r"\w[\w'’.-]*\w|\w|[^\w\s]")
_ADJECTIVE = re.compile(r"^(?:[a-zäöüß][\w-]*(?:e|en|er|es|em)|\d+-jährige[nr]?)$")
_PARTICIPLE = re.compile(r"^(?:ge\w+(?:t|en)|\w+end)e[nmrs]?$")
_AGE = re.compile(r"(\d+)-[Jj]ährige")
_GENITIVE_S = ("s", "ß", "x", "z", "ce")
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,}\d?$")
_CAP_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w’'-]*\w")
_PARTICLE = re.compile(r"(?:von der|von|van|de|di|da|zu) ")


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


@dataclass(frozen=True)
class Rules:
    data: dict
    expletive: tuple[re.Pattern, ...]
    adjectival: re.Pattern
    roles: dict[str, tuple[str | None, bool]]  # role noun -> (gender, anaphoric alone)
    genders: dict[str, str]
    noncontent: tuple[tuple[str, re.Pattern, bool], ...]
    prefixes: tuple[re.Pattern, ...]
    speaker: re.Pattern

    def words(self, section: str, key: str) -> frozenset[str]:
        return frozenset(self.data[section][key])


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(resource_text("de/discourse.toml"))
    roles: dict[str, tuple[str | None, bool]] = {}
    for masc, fem, alone in multi_table("de/person_roles.tsv"):
        same = masc == fem
        roles[masc] = (None if same else "m", alone == "1")
        roles[fem] = (None if same else "f", alone == "1")
    return Rules(
        data=data,
        expletive=tuple(re.compile(p) for p in data["es"]["expletive"]),
        adjectival=re.compile("^(?:" + "|".join(data["descriptions"]["adjectival"]) + ")$"),
        roles=roles,
        genders=table("de/first_name_gender.tsv"),
        noncontent=tuple((e["reason"], re.compile(e["pattern"]), e.get("names_only", False)) for e in data["noncontent"]),
        prefixes=tuple(re.compile(p) for p in data["prefix"]["patterns"]),
        speaker=re.compile(data["prefix"]["speaker_label"]),
    )


def _tokens(text: str, limit: int = 14) -> list[re.Match]:
    out = []
    for m in _TOKEN.finditer(text):
        out.append(m)
        if len(out) >= limit:
            break
    return out


@lru_cache(maxsize=20_000)
def _adjective(word: str) -> bool:
    """An inflected adjective (neue, geplanten, 29-jährige), not a finite verb (solle, bräuchte)."""
    if not _ADJECTIVE.match(word) or word in rules().words("verbs", "finite"):
        return False
    if _PARTICIPLE.match(word):
        return True
    lemma = simplemma.lemmatize(word, lang="de")
    return not (lemma.endswith(("en", "ern", "eln")) or lemma == "sein")


@lru_cache(maxsize=20_000)
def _verb(word: str) -> bool:
    """A finite verb form (liegt, teilte, hofft), by the list or by its dictionary lemma."""
    if word in rules().words("verbs", "finite"):
        return True
    if not word.isalpha() or not word.islower():
        return False
    lemma = simplemma.lemmatize(word, lang="de")
    return lemma != word and (lemma.endswith(("en", "ern", "eln")) or lemma == "sein")


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _role(word: str, r: Rules) -> tuple[str | None, bool] | None:
    """(gender, alone) of a role noun, also hyphenated (US-Präsident) or inflected (Präsidenten)."""
    last = word.rsplit("-", 1)[-1]
    for cand in (last, last[:-2] if last.endswith("en") else "", last[:-1] if last[-1:] in "ns" else ""):
        if cand in r.roles:
            return r.roles[cand]
    return None


def anaphor(text: str) -> Anaphor | None:
    """The anaphoric opening of ``text``, or None when the sentence stands on its own."""
    r = rules()
    toks = _tokens(text)
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

    if w in pro["personal"] and not (w == "Ihr" and _cap(n1)):
        return found("pronoun", pro["personal"][w][0])
    if w in pro["possessive"] or w == "Ihr":
        return found("possessive", pro["possessive"].get(w, "f"))
    if w in pro["demonstrative"]:
        k = i + 1
        while k < len(words) and _adjective(words[k]):
            k += 1
        if k < len(words) and _cap(words[k]) and words[k].replace("-", "").isalpha():
            if words[k] in pro["temporal_nouns"]:
                return None
            return found("demonstrative", head=toks[k].span())
        return found("demonstrative-pronoun")
    if w in pro["demonstrative_only"]:
        return found("demonstrative-pronoun")
    if w in adv["words"]:
        if n1 == "," and n2 in adv["cataphoric"]:
            return None
        if w in adv["conjunction_use"] and (n1 in adv["subject_words"] or (_cap(n1) and n1 not in s["particles"])):
            return None
        if w == "So" and (n1 in adv["so_degree"] or n1 in adv["subject_words"] or _cap(n1) or not _verb(n1)):
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
        noun_follows = _cap(n2) or n2[:1].isdigit()
        if n1 in verbs["finite"] or (n1 in pro["after_article_pronoun"] and not noun_follows) or (
                n1 not in verbs["not_verbs"] and n1 not in _stop_words() and n1 not in r.words("resolve", "case_prepositions")
                and not _adjective(n1) and _verb(n1) and not (_cap(n2) and not _names.is_name_token(n2))):
            return Anaphor("article-pronoun", w, start, end, None, quoted)  # «Das liegt», «Das teilte die Polizei mit»
    k = i + 1
    while k < len(words) and _adjective(words[k]):
        k += 1
    if k >= len(words) or not (_cap(words[k]) or r.adjectival.match(words[k])):
        return None
    noun = words[k]
    after = words[k + 1] if k + 1 < len(words) else ""
    after2 = words[k + 2] if k + 2 < len(words) else ""
    if (_cap(after) and after.replace("-", "").isalpha()) or after in desc["restrictive"]:
        return None  # «Der Stürmer Breel Embolo», «Der Präsident der USA»
    if after in ("und", "sowie") and _cap(after2):
        return None  # «Der Anwalt und Lobbyist Hunter Biden»
    head = toks[k].span()
    if r.adjectival.match(noun):
        return Anaphor("person-description", w, start, toks[k].end(), _adjectival_gender(w, noun), quoted, head)
    role = _role(noun, r)
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


@dataclass
class _Person:
    key: str  # surname
    name: str  # the longest form seen, without a role word
    gender: str | None
    ages: set[int]
    roles: set[str]  # role nouns seen before the name (Trainer, Bundesrätin)
    last: bool = False  # mentioned in the sentence right before
    subject: bool = False  # subject there
    plural: bool = False  # part of "X und Y" there
    in_pp: bool = False  # inside a prepositional phrase there («Unter Staatschef Jacques Chirac»)


def _mentions(sentence: str, found: Sequence | None) -> list[tuple[str, int, int]]:
    """Names in the sentence: ``found`` (or find_names) plus «first name + capitalised word»,
    which also catches surnames that are dictionary words (Yann Sommer, Anna Meier)."""
    out: list[tuple[str, int, int]] = []
    if found is None:
        out = [(m.text, m.start, m.end) for m in _names.find_names(sentence)]
    else:
        pos = 0
        for m in found:
            name = getattr(m, "text", m)
            at = sentence.find(name, pos)
            if at >= 0:
                out.append((name, at, at + len(name)))
                pos = at + len(name)
    for m in _speaker().finditer(sentence):  # «..., sagte Krähenbühl.»: a person, whatever the dictionary says
        a, b = m.span(1)
        if not any(x[1] <= a < x[2] for x in out):
            out.append((m.group(1), a, b))
    genders = rules().genders
    caps = list(_CAP_WORD.finditer(sentence))
    k = 0
    while k < len(caps):
        j = k
        while j + 1 < len(caps) and caps[j].group(0) in genders and _adjacent(sentence, caps[j], caps[j + 1]):
            j += 1
        if j > k and caps[k].group(0) in genders and caps[j].group(0) not in _stop_words():
            a, b = caps[k].start(), caps[j].end()
            out = [x for x in out if x[2] <= a or x[1] >= b] + [(sentence[a:b], a, b)]
        k = max(j, k + 1)
    return sorted(out, key=lambda x: x[1])


def _adjacent(sentence: str, m1: re.Match, m2: re.Match) -> bool:
    gap = sentence[m1.end():m2.start()]
    return gap == " " or bool(_PARTICLE.fullmatch(gap[1:])) and gap[0] == " "


@lru_cache(maxsize=1)
def _speaker() -> re.Pattern:
    verbs = "|".join(sorted(rules().data["verbs"]["saying"], key=len, reverse=True))
    return re.compile(r"\b(?:" + verbs + r")\s+((?:[A-ZÄÖÜ][\w’'-]*\w\s+){0,2}[A-ZÄÖÜ][\w’'-]*\w)(?=\s*(?:[.,;:!?]|$))")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return word_list("de/sentence_starters.txt") | word_list("de/function_words.txt")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return word_list("de/names.txt")


def _persons(prev: Sequence[str], names: Sequence[Sequence] | None) -> tuple[list[_Person], list[tuple[int, str]]]:
    """Persons mentioned in ``prev`` (merged by surname), and ``(sentence index, name)`` of
    the other names that might still be persons (not places, organisations or acronyms)."""
    r = rules()
    saying = r.words("verbs", "saying")
    honor = r.data["resolve"]["honorifics"]
    prepositions = r.words("resolve", "case_prepositions")
    people: dict[str, _Person] = {}
    others: list[tuple[int, str]] = []
    for k, sentence in enumerate(prev):
        last = k == len(prev) - 1
        for name, a, b in _mentions(sentence, names[k] if names is not None and k < len(names) else None):
            parts, roles = name.split(), set()
            while len(parts) > 1 and _role(parts[0], r):
                roles.add(parts.pop(0))
            before = sentence[:a].split()
            prev_word = before[-1].strip("«»„“\"'(,") if before else ""
            if _cap(prev_word) and _role(prev_word, r):
                roles.add(prev_word)
            after = sentence[b:]
            genitive = parts[-1].endswith("s") and bool(re.match(r"\s+[A-ZÄÖÜ][a-zäöü]", after))
            age = re.match(r"\s*\((\d{1,3})\)|,\s*(\d{1,3}),", after)
            said = re.match(r"\s+(\w+)", after)
            person = (parts[0] in r.genders or roles or prev_word in honor or age is not None
                      or prev_word in saying or bool(said and said.group(1) in saying)
                      or (len(parts) >= 2 and not any(_ACRONYM.match(x) for x in parts)))
            key = parts[-1][:-1] if genitive else parts[-1]
            bare_subject = last and not [x for x in before if x not in "«„\""] and re.match(r"\s+[a-zäöü]", after)
            if not person and key not in people and not bare_subject:
                if name not in _places() and not _ACRONYM.match(name):
                    others.append((k, name))  # Leclerc, Nadal: maybe a person
                continue
            relative = re.match(r"\s*,\s*(der|die)\s", after)  # «Khalid Salman, der ...»
            role_genders = {_role(x, r)[0] for x in roles} - {None}
            gender = (r.genders.get(parts[0]) or (role_genders.pop() if len(role_genders) == 1 else None)
                      or honor.get(prev_word) or (relative and {"der": "m", "die": "f"}[relative.group(1)]))
            p = people.setdefault(key, _Person(key, " ".join(parts[:-1] + [key]), None, set(), set()))
            if not genitive and len(" ".join(parts)) > len(p.name):
                p.name = " ".join(parts)
            p.gender = p.gender or gender
            p.roles |= {x.rsplit("-", 1)[-1] for x in roles}
            if age:
                p.ages.add(int(age.group(1) or age.group(2)))
            adj = _AGE.search(before[-1]) if before else None
            if adj:
                p.ages.add(int(adj.group(1)))
            if last and not genitive and not _open_quote(sentence[:a]):
                p.last = True
                opening = all(x in "«„\"" or x in r.words("resolve", "determiners") or _role(x, r) or _adjective(x)
                              or _cap(x) and x not in _stop_words() and x.lower() not in prepositions for x in before)
                np_start = len(before)
                while np_start and (_cap(before[np_start - 1]) or _adjective(before[np_start - 1])
                                    or before[np_start - 1] in ("der", "die", "dem", "den", "des")):
                    np_start -= 1
                p.in_pp = p.in_pp or bool(np_start and before[np_start - 1].lower() in prepositions
                                          or np_start == 0 and before and before[0].lower() in prepositions)
                verb_before = len(before) >= 2 and prev_word in saying | r.words("verbs", "finite")
                # «Der Chef des Hilfswerks, Pierre Muster, hat ...»: apposition to the subject
                apposition = before[:1] in (["Der"], ["Die"]) and sentence[:a].rstrip().endswith(",") and bool(
                    re.match(r"\s*,\s*(\w+)", after) and re.match(r"\s*,\s*(\w+)", after).group(1) in r.words("verbs", "finite"))
                p.subject = p.subject or opening or verb_before or apposition
                p.plural = p.plural or bool(re.match(r"\s*(?:und|sowie|,)\s+[A-ZÄÖÜ]", after))
    return list(people.values()), others


def _competitor(sentence: str, person: _Person, gender: str, strict: bool = False, subject: bool = False) -> bool:
    """Whether the sentence before has another noun the pronoun could point to.

    ``strict`` also counts datives (dem, im, beim ...), for a person of unknown
    gender. When the person is the ``subject``, only a newly introduced noun
    («einen Gesetzentwurf») competes."""
    r = rules()
    key = "new_referent_markers" if subject else ("masculine_markers" if gender == "m" else "feminine_markers")
    markers = r.words("resolve", key)
    if strict:
        markers |= r.words("resolve", "dative_markers")
    toks = [t.group(0) for t in _TOKEN.finditer(sentence)]
    person_words = set(person.name.split())
    prepositions = r.words("resolve", "case_prepositions")
    for k, t in enumerate(toks[:-1]):
        if t == "der" and gender == "m" and not subject and k and toks[k - 1].islower() and toks[k - 1] not in prepositions:
            pass  # «ist der Russe»: a masculine subject after the verb
        elif t not in markers or (t in ("Der", "Ein", "Kein", "Dieser") and k > 0):
            continue  # mid-sentence "Der" is not a nominative marker
        # the noun of this phrase: the first capitalised word within a few words
        # («einen von Scheuers Haus geplanten Vertrag» gives «Scheuers»)
        for j in range(k + 1, min(len(toks), k + 7)):
            if not toks[j][:1].isalnum():
                break
            if _cap(toks[j]):
                apposition = j + 1 < len(toks) and toks[j + 1] in person_words  # «Der Schalker Peter Muster»
                if toks[j] not in person_words and not apposition:
                    return True
                break
    return False


def _cataphor(rest: str, p: _Person, a: Anaphor) -> bool:
    """Whether the rest of the sentence names someone else the anaphor may point to:
    «Er habe ..., sagte Weber», «Sein Amt wird der Hotelier Keller niederlegen»."""
    people, _ = _persons([rest], None)
    if any(q.key != p.key and q.gender in (None, a.gender) for q in people):
        return True
    said = re.search(r"\b([a-zäöü]+)\s+(?:der\s+|die\s+)?([A-ZÄÖÜ][\w-]+)", rest)
    if said and said.group(1) in rules().words("verbs", "saying") and said.group(2) not in p.name.split():
        return True  # «..., sagte Weber»
    return a.kind == "possessive" and a.gender == "m" and bool(re.search(r"\b[a-zäöü]+\s+der\s+[A-ZÄÖÜ]", rest))


def _genitive(name: str) -> str:
    return name + ("’" if name.endswith(_GENITIVE_S) else "s")


def _antecedent(prev: Sequence[str], names: Sequence[Sequence] | None, a: Anaphor, text: str, depth: int = 0) -> _Person | None:
    if not prev or a.gender not in ("m", "f"):
        return None
    b = anaphor(prev[-1])
    if (a.kind == "pronoun" and b and b.kind == "pronoun" and b.word == a.word and depth < 3
            and not _mentions(prev[-1], None if names is None else list(names)[-1])):
        # «Müller kam 2019. Er wurde Trainer. Er gewann ...»: the same pronoun
        # as the subject before, in a sentence that names nobody, means the same person
        names_before = None if names is None else list(names)[:-1]
        return _antecedent(prev[:-1], names_before, b, prev[-1], depth + 1)
    pronoun = a.kind in ("pronoun", "possessive", "preposition-pronoun", "preposition-possessive")
    window = rules().data["resolve"]["pronoun_window" if pronoun else "description_window"]
    prev, names = prev[-window:], (None if names is None else list(names)[-window:])
    people, others = _persons(prev, names)
    unknown = [p for p in people if p.gender is None]
    fitting = [p for p in people if p.gender == a.gender]
    if unknown:
        # A person of unknown gender may be meant. Only a masculine anaphor is
        # resolved to them, and only when they are the one person, the subject
        # of the sentence before, with no other masculine noun there.
        p = unknown[0]
        if a.gender != "m" or len(people) != 1 or not (p.last and p.subject) or _competitor(prev[-1], p, "m", strict=True):
            return None
    elif len(fitting) == 1:
        p = fitting[0]
    else:
        return None
    if pronoun:
        last_others = [o for k, o in others if k == len(prev) - 1]
        if not p.last or (not p.subject and (last_others or p.in_pp)):
            return None
        if a.gender == "f" and (not p.subject or p.plural or others):
            return None  # «Sie» could be a group or an organisation
        if _competitor(prev[-1], p, a.gender, subject=p.subject and a.gender == "m"):
            return None
        if _cataphor(text[a.end:], p, a):
            return None
    elif others or not p.last:
        return None  # «Für Leclerc ...»: a name that may be the person meant
    head = text[a.head[0]:a.head[1]] if a.head else ""
    m = _AGE.match(head)
    if m and p.ages and int(m.group(1)) not in p.ages:
        return None
    role = _role(head, rules()) if head else None
    if role and not any(_same_role(head, x) for x in p.roles):
        return None  # «Der Schiedsrichter» is only the person introduced as one
    return p


def _same_role(a: str, b: str) -> bool:
    """Trainer ~ Cheftrainer ~ Trainerin? No: same gender form, compared on the last part."""
    a, b = a.rsplit("-", 1)[-1].lower(), b.rsplit("-", 1)[-1].lower()
    a = a[:-2] if a.endswith("en") and not b.endswith("en") else a
    return a.endswith(b) or b.endswith(a)


def _singular_verb(text: str, a: Anaphor) -> bool:
    m = re.match(r"\s*([a-zäöüß]+)", text[a.end:])
    if not m:
        return False
    verb = m.group(1)
    return verb in rules().words("verbs", "singular_in_n") or not verb.endswith("n") and verb not in ("sind", "seid")


def _open_quote(t: str) -> bool:
    """Whether a quotation is open at the end of ``t``."""
    return t.count("«") > t.count("»") or t.count("„") > t.count("“") or t.count('"') % 2 == 1


def _in_quotation(prev: Sequence[str], text: str) -> bool:
    """Whether ``text`` continues a quotation opened before it, or closes one it did not open."""
    if prev and _open_quote(prev[-1]):
        return True
    first = next((c for c in text if c in '«»„“"'), "")
    return first in "»“" and first != "" or (first == '"' and text.count('"') % 2 == 1 and not text.lstrip().startswith('"'))


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
        if not (_cap(rest) and len(rest.split()) >= 4 and rest[-1:] in ".!?»“\"") or rest.startswith(("«", "„", '"')):
            return None
        return resolve(prev_sentences, rest, names)
    if a.kind == "demonstrative":
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
    if a.kind in ("possessive", "preposition-possessive") and not (_cap(nxt_word) and nxt_word.isalpha()):
        return None  # only directly before a noun: «Seine Partei» -> «Bersets Partei»
    if a.kind == "preposition-pronoun" and a.word in ("sie", "ihnen"):
        return None  # could be plural
    if a.kind == "person-description" and a.word == "Des":
        return None
    p = _antecedent(prev, names, a, text)
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
    if _role(head, r):
        return text[:a.end] + " " + p.name + tail
    if a.end - a.start > len(a.word) + len(head) + 1:
        return None  # «Der junge Mann»: an adjective would be lost
    return text[:a.start] + p.name + tail


# --- not article content ------------------------------------------------------


def noncontent(text: str) -> str | None:
    """Why ``text`` is not article content (timestamp, link teaser, poll answer, ...), or None."""
    t = text.strip()
    for reason, pattern, names_only in rules().noncontent:
        m = pattern.search(t)
        if m and names_only:
            rest = t[m.end():]
            found = _mentions(rest, ())
            m = m if len(found) == 1 and found[0][1:] == (0, len(rest)) else None
        if m:
            return reason
    return None


def prefix(text: str) -> str | None:
    """A timestamp, source, agency, dateline or label prefix at the start of the sentence, or None.

    Several prefixes in a row are returned together («Detailansicht öffnen (Foto: AP) »).
    """
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

"""Referents: who is named in the sentences before a bullet, and whom an anaphor may mean.

Used by :mod:`darumgehts.analyse.discourse`, which also documents the rules
(``data/de/discourse.toml``, ``person_roles.tsv``, ``first_name_gender.tsv``).
A person is a name with evidence: a first name from ``first_name_gender.tsv``
(which also gives the gender), a role noun before it (Trainer, Bundesrätin), an
honorific (Herr, Frau), an age in brackets, or a verb of saying next to it.
Every test here errs towards "not sure", so that the resolver refuses.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..resources import multi_table, table, word_list
from ..resources import text as resource_text
from . import lexicon
from . import names as _names

if TYPE_CHECKING:
    from .discourse import Anaphor

TOKEN = re.compile(r"\w[\w'’.-]*\w|\w|[^\w\s]")
_ADJECTIVE = re.compile(r"^(?:[a-zäöüß][\w-]*(?:e|en|er|es|em)|\d+-jährige[nr]?)$")
_PARTICIPLE = re.compile(r"^(?:ge\w+(?:t|en)|\w+end)e[nmrs]?$")
AGE = re.compile(r"(\d+)-[Jj]ährige")
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,}\d?$")
_CAP_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w’'-]*\w")
_PARTICLE = re.compile(r"(?:von der|von|van|de|di|da|zu) ")


@dataclass(frozen=True)
class Rules:
    """The discourse rules: ``discourse.toml`` (as ``data``) and the compiled parts."""

    data: dict
    expletive: tuple[re.Pattern, ...]
    adjectival: re.Pattern
    roles: dict[str, tuple[str | None, bool]]  # role noun -> (gender, anaphoric alone)
    genders: dict[str, str]
    noncontent: tuple[tuple[str, re.Pattern, bool], ...]
    noncontent_any: re.Pattern  # all of them in one pattern: most sentences need one search only
    prefixes: tuple[re.Pattern, ...]
    speaker: re.Pattern

    def words(self, section: str, key: str) -> frozenset[str]:
        """A word list of ``discourse.toml`` as a set, e.g. ``words("verbs", "finite")``."""
        return _word_set(section, key)


@cache
def _word_set(section: str, key: str) -> frozenset[str]:
    return frozenset(rules().data[section][key])


def _scoped(pattern: str) -> str:
    """A pattern as one alternative among others: a leading global flag «(?i)» becomes a scoped one."""
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return f"(?:{pattern})"


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules, loaded once from the packaged data files."""
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
        noncontent_any=re.compile("|".join(_scoped(e["pattern"]) for e in data["noncontent"])),
        prefixes=tuple(re.compile(p) for p in data["prefix"]["patterns"]),
        speaker=re.compile(data["prefix"]["speaker_label"]),
    )


@lru_cache(maxsize=20_000)
def is_verb(word: str) -> bool:
    """A finite verb form (liegt, teilte, solle), by the list or by its dictionary lemma."""
    if word in rules().words("verbs", "finite"):
        return True
    if not (word.isalpha() and word.islower() and lexicon.is_known(word)):
        return False
    lemma = lexicon.lemmatize(word)
    if lemma != word and word.startswith(lemma) and word[len(lemma):] in ("e", "en", "er", "es", "em"):
        return False  # an inflected adjective: offenen <- offen, neuen <- neu
    return lemma.endswith(("en", "ern", "eln")) or lemma == "sein"  # machen, teilte <- teilen


def is_adjective(word: str) -> bool:
    """An inflected adjective (neue, geplanten, 29-jährige), not a finite verb (solle, bräuchte)."""
    return bool(_ADJECTIVE.match(word)) and (bool(_PARTICIPLE.match(word)) or not is_verb(word))


def cap(word: str) -> bool:
    return word[:1].isupper()


def role_of(word: str, r: Rules) -> tuple[str | None, bool] | None:
    """(gender, alone) of a role noun, also hyphenated (US-Präsident) or inflected (Präsidenten)."""
    last = word.rsplit("-", 1)[-1]
    for cand in (last, last[:-2] if last.endswith("en") else "", last[:-1] if last[-1:] in "ns" else ""):
        if cand in r.roles:
            return r.roles[cand]
    return None


@dataclass
class Person:
    key: str  # surname
    name: str  # the longest form seen, without a role word
    gender: str | None
    ages: set[int]
    roles: set[str]  # role nouns seen before the name (Trainer, Bundesrätin)
    last: bool = False  # mentioned in the sentence right before
    subject: bool = False  # subject there
    plural: bool = False  # part of "X und Y" there
    in_pp: bool = False  # inside a prepositional phrase there («Unter Staatschef Jacques Chirac»)


def mentions(sentence: str, found: Sequence | None) -> list[tuple[str, int, int]]:
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
        if j > k and caps[k].group(0) in genders and caps[j].group(0) not in stop_words():
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
def stop_words() -> frozenset[str]:
    return word_list("de/sentence_starters.txt") | word_list("de/function_words.txt")


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    return word_list("de/names.txt")


def persons(prev: Sequence[str], names: Sequence[Sequence] | None) -> tuple[list[Person], list[tuple[int, str]]]:
    """Persons mentioned in ``prev`` (merged by surname), and ``(sentence index, name)`` of
    the other names that might still be persons (not places, organisations or acronyms)."""
    r = rules()
    saying = r.words("verbs", "saying")
    honor = r.data["resolve"]["honorifics"]
    prepositions = r.words("resolve", "case_prepositions")
    people: dict[str, Person] = {}
    others: list[tuple[int, str]] = []
    for k, sentence in enumerate(prev):
        last = k == len(prev) - 1
        for name, a, b in mentions(sentence, names[k] if names is not None and k < len(names) else None):
            parts, roles = name.split(), set()
            while len(parts) > 1 and role_of(parts[0], r):
                roles.add(parts.pop(0))
            before = sentence[:a].split()
            prev_word = before[-1].strip("«»„“\"'(,") if before else ""
            if cap(prev_word) and role_of(prev_word, r):
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
                if name not in places() and not _ACRONYM.match(name):
                    others.append((k, name))  # Leclerc, Nadal: maybe a person
                continue
            relative = re.match(r"\s*,\s*(der|die)\s", after)  # «Khalid Salman, der ...»
            role_genders = {role_of(x, r)[0] for x in roles} - {None}
            gender = (r.genders.get(parts[0]) or (role_genders.pop() if len(role_genders) == 1 else None)
                      or honor.get(prev_word) or (relative and {"der": "m", "die": "f"}[relative.group(1)]))
            p = people.setdefault(key, Person(key, " ".join(parts[:-1] + [key]), None, set(), set()))
            if not genitive and len(" ".join(parts)) > len(p.name):
                p.name = " ".join(parts)
            p.gender = p.gender or gender
            p.roles |= {x.rsplit("-", 1)[-1] for x in roles}
            if age:
                p.ages.add(int(age.group(1) or age.group(2)))
            adj = AGE.search(before[-1]) if before else None
            if adj:
                p.ages.add(int(adj.group(1)))
            if last and not genitive and not open_quote(sentence[:a]):
                p.last = True
                opening = all(x in "«„\"" or x in r.words("resolve", "determiners") or role_of(x, r) or is_adjective(x)
                              or cap(x) and x not in stop_words() and x.lower() not in prepositions for x in before)
                np_start = len(before)
                while np_start and (cap(before[np_start - 1]) or is_adjective(before[np_start - 1])
                                    or before[np_start - 1] in ("der", "die", "dem", "den", "des")):
                    np_start -= 1
                p.in_pp = p.in_pp or bool(np_start and before[np_start - 1].lower() in prepositions
                                          or np_start == 0 and before and before[0].lower() in prepositions)
                # «Am Montag sagte (der Trainer) Murat Yakin»: a verb right before the name phrase
                verb_before = np_start >= 2 and before[np_start - 1] in saying | r.words("verbs", "finite")
                # «Der Chef des Hilfswerks, Pierre Muster, hat ...»: apposition to the subject
                verb_after = re.match(r"\s*,\s*(\w+)", after)
                apposition = before[:1] in (["Der"], ["Die"]) and sentence[:a].rstrip().endswith(",") and bool(
                    verb_after and verb_after.group(1) in r.words("verbs", "finite"))
                p.subject = p.subject or opening or verb_before or apposition
                p.plural = p.plural or bool(re.match(r"\s*(?:und|sowie|,)\s+[A-ZÄÖÜ]", after))
    return list(people.values()), others


def _competitor(sentence: str, person: Person, gender: str, strict: bool = False, subject: bool = False) -> bool:
    """Whether the sentence before has another noun the pronoun could point to.

    ``strict`` also counts datives (dem, im, beim ...), for a person of unknown
    gender. When the person is the ``subject``, only a newly introduced noun
    («einen Gesetzentwurf») competes."""
    r = rules()
    key = "new_referent_markers" if subject else ("masculine_markers" if gender == "m" else "feminine_markers")
    markers = r.words("resolve", key)
    if strict:
        markers |= r.words("resolve", "dative_markers")
    toks = [t.group(0) for t in TOKEN.finditer(sentence)]
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
            if cap(toks[j]):
                apposition = j + 1 < len(toks) and toks[j + 1] in person_words  # «Der Schalker Peter Muster»
                if toks[j] not in person_words and not apposition:
                    return True
                break
    return False


def _cataphor(rest: str, p: Person, a: Anaphor) -> bool:
    """Whether the rest of the sentence names someone else the anaphor may point to:
    «Er habe ..., sagte Weber», «Sein Amt wird der Hotelier Keller niederlegen»."""
    people, _ = persons([rest], None)
    if any(q.key != p.key and q.gender in (None, a.gender) for q in people):
        return True
    for said in re.finditer(r"\b([a-zäöü]+)\s+(der\s+|die\s+)?([A-ZÄÖÜ][\w-]+)", rest):
        if said.group(1) in rules().words("verbs", "saying") and said.group(3) not in p.name.split() and (
                not said.group(2) or role_of(said.group(3), rules())):
            return True  # «..., sagte Weber», «..., sagte der Anwalt»
    return a.kind == "possessive" and a.gender == "m" and bool(re.search(r"\b[a-zäöü]+\s+der\s+[A-ZÄÖÜ]", rest))


def antecedent(prev: Sequence[str], names: Sequence[Sequence] | None, a: Anaphor, text: str) -> Person | None:
    """The one person the anaphor ``a`` at the start of ``text`` safely points to, or None."""
    if not prev or a.gender not in ("m", "f"):
        return None
    pronoun = a.kind in ("pronoun", "possessive", "preposition-pronoun", "preposition-possessive")
    window = rules().data["resolve"]["pronoun_window" if pronoun else "description_window"]
    prev, names = prev[-window:], (None if names is None else list(names)[-window:])
    people, others = persons(prev, names)
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
    m = AGE.match(head)
    if m and p.ages and int(m.group(1)) not in p.ages:
        return None
    role = role_of(head, rules()) if head else None
    if role and not any(_same_role(head, x) for x in p.roles):
        return None  # «Der Schiedsrichter» is only the person introduced as one
    return p


def _same_role(a: str, b: str) -> bool:
    """Trainer ~ Cheftrainer ~ Trainerin? No: same gender form, compared on the last part."""
    a, b = a.rsplit("-", 1)[-1].lower(), b.rsplit("-", 1)[-1].lower()
    a = a[:-2] if a.endswith("en") and not b.endswith("en") else a
    return a.endswith(b) or b.endswith(a)


def open_quote(t: str) -> bool:
    """Whether a quotation is open at the end of ``t``."""
    return t.count("«") > t.count("»") or t.count("„") > t.count("“") or t.count('"') % 2 == 1

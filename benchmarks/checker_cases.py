"""Injected errors of the kinds a fluent summary gets wrong, for benchmarks/checker.py.

Each injector takes one article sentence and returns it with exactly one error,
made to be hard to spot: a name of the same kind and initial letter from another
article, a rare noun the article never uses with the same ending, the next
weekday or time of day, a neighbouring number word, a flipped prefix or an
antonym. ``build_new_cases`` applies them to the benchmark's articles with a
seeded generator per kind, so the older kinds' cases stay exactly as they were.

The tables below are the rules; they are small on purpose and meant to be read.
"""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma
import wordfreq

from darumgehts.analyse.names import is_name_token
from darumgehts.analyse.tokens import lemma, stopwords
from darumgehts.check.index import fold, lexicon
from darumgehts.models import Document, NameMention
from darumgehts.resources import table, word_list

NEW_KINDS = ("person", "place", "organisation", "content noun", "day or time", "quantifier", "temporal word",
             "number word", "polarity")

# ---------------------------------------------------------------------------------------------
# Names: person, place or organisation. The first rule that matches decides; a name no rule
# matches is not swapped. ``m`` is the mention, ``c`` its context (see NameContext).
GAZETTEER_ORGANISATIONS = frozenset({"Blick", "Bundesrat", "Bundestag", "Nato", "Migros", "Coop", "Swisscom", "Nestlé",
                                     "Novartis", "Roche", "Europäische Union", "Vereinte Nationen", "Grüne", "Grünen"})
GAZETTEER_AMBIGUOUS = frozenset({"Mitte", "Post", "Baden", "Jura", "Uri", "Zug", "Sitten", "Moldau"})  # never swapped
PLACE_ACRONYMS = frozenset({"US", "USA", "UK", "GB", "DDR", "BRD", "VAE", "NRW", "UdSSR"})
SAME_PLACE = (frozenset({"US", "USA"}), frozenset({"UK", "GB"}))  # one place under two names: not a swap
NOT_NAME_ACRONYMS = frozenset({"WM", "EM", "TV", "IV", "IT", "KI", "CO2", "CO", "UFO", "PC", "SMS", "OK", "II", "III", "VI",
                               "GPS", "DNA", "HIV", "BIP", "PS", "ICE", "LKW", "PKW", "SUV", "AKW", "EKG", "MRT", "NS",
                               "AG", "SA", "GmbH", "Dr", "Mio", "Mrd", "CEO", "CFO", "PR", "VR", "WC", "DJ", "MP", "KZ", "IQ"})
ORG_SUFFIXES = ("partei", "bank", "versicherung", "gewerkschaft", "verband", "konzern", "werke", "gruppe", "stiftung",
                "AG", "GmbH", "SA", "SE", "Inc", "Ltd", "Holding", "Group")
# «bei» is left out: in the data it stands mostly before companies and people (bei Uniper, bei Merkel)
PLACE_PREPOSITIONS = ("in", "aus")
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,6}\d?$|^[A-ZÄÖÜ][a-z]?[A-ZÄÖÜ]{1,4}$")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return word_list("de/first_names.txt") | frozenset(table("de/first_name_gender.tsv"))


@lru_cache(maxsize=1)
def gazetteer_places() -> frozenset[str]:
    return word_list("de/names.txt") - GAZETTEER_ORGANISATIONS - GAZETTEER_AMBIGUOUS


@dataclass
class NameContext:
    before: str  # the sentence text before the mention
    surnames: frozenset[str]  # last words of the full person names the article gives


def _words(m: NameMention) -> list[str]:
    return m.text.split()


def _is_person_full(m: NameMention, c: NameContext) -> bool:
    w = _words(m)
    return len(w) >= 2 and w[0] in first_names() and not _ACRONYM.match(w[-1]) and w[-1][:1].isupper()


def _org_suffix(m: NameMention, c: NameContext) -> bool:
    last = _words(m)[-1]
    return any(last.endswith(s) and last != s or (last == s and len(_words(m)) > 1) for s in ORG_SUFFIXES)


def _opens_with_acronym(m: NameMention, c: NameContext) -> bool:
    first = _words(m)[0]
    return bool(_ACRONYM.match(first)) and first not in NOT_NAME_ACRONYMS and first not in PLACE_ACRONYMS


def _after_place_preposition(m: NameMention, c: NameContext) -> bool:
    prev = c.before.split()[-1:] or [""]
    inner_capital = any(ch.isupper() for ch in m.text[1:])  # DeSantis, McKinsey: people and firms
    return len(_words(m)) == 1 and "-" not in m.text and not inner_capital and prev[0] in PLACE_PREPOSITIONS


# kind, form (a swap keeps the form), rule, what it says
NAME_RULES: tuple[tuple[str, str, Callable[[NameMention, NameContext], bool], str], ...] = (
    ("place", "acronym", lambda m, c: m.text in PLACE_ACRONYMS, "a state written as an acronym (USA, DDR)"),
    ("organisation", "acronym", _opens_with_acronym, "an acronym, or a name that opens with one (SVP, UBS, FC Basel)"),
    ("organisation", "name", _org_suffix, "ends in -partei, -bank, -verband, AG, ... (Raiffeisenbank, Swiss Life AG)"),
    ("organisation", "name", lambda m, c: m.text in GAZETTEER_ORGANISATIONS, "an organisation in the gazetteer (Nato, Migros)"),
    ("place", "name", lambda m, c: m.text in gazetteer_places(), "a place in the gazetteer data/de/names.txt (Bern, Syrien)"),
    ("person", "full", _is_person_full, "a first name from first_names.txt or first_name_gender.tsv + a surname"),
    ("person", "surname", lambda m, c: m.text in c.surnames, "a surname the article also gives with a first name"),
    ("place", "name", _after_place_preposition, "a one-word name right after «in» or «aus» (in Gerassimowka)"),
)


def classify_name(m: NameMention, c: NameContext) -> tuple[str, str] | None:
    """(kind, form) of a name by the first matching rule in NAME_RULES, or None."""
    if m.text in NOT_NAME_ACRONYMS or m.text in GAZETTEER_AMBIGUOUS or m.text.endswith("-"):
        return None
    for kind, form, rule, _ in NAME_RULES:
        if rule(m, c):
            return kind, form
    return None


def _genitive(name: str, doc_folded: str) -> bool:
    """Trumps, Merkels: a name with an s the article also writes without it."""
    return name.endswith("s") and re.search(rf"\b{re.escape(fold(name[:-1]))}\b", doc_folded) is not None


# ---------------------------------------------------------------------------------------------
# Content nouns: a rare noun (zipf below RARE_ZIPF, but a real word: above MIN_ZIPF) the article
# never uses replaces a content noun (zipf at most CONTENT_ZIPF); both in their base form, and
# with the same ending where one exists (-ung for -ung), so the sentence still reads well.
RARE_ZIPF = 3.5
MIN_ZIPF = 1.0
CONTENT_ZIPF = 5.5
NOT_NOUNS = frozenset({"Uhr", "Prozent", "Franken", "Euro", "Dollar", "Millionen", "Milliarden", "Million", "Milliarde",
                       "Mio", "Mrd", "Jahr", "Jahre", "Jahren", "Prozentpunkte", "Kilometer", "Meter", "Stunden", "Minuten"})


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    return wordfreq.get_frequency_dict("de", "large")


def zipf(word: str) -> float:
    freq = _frequencies().get(word.casefold())
    return math.log10(freq) + 9 if freq else 0.0


@lru_cache(maxsize=200_000)
def base_noun(token: str) -> bool:
    """A common noun in its base form: capitalised, known to the dictionary, its own lemma, not a name."""
    if not (token[:1].isupper() and token.isalpha() and len(token) >= 5 and token[1:].islower()):
        return False
    if token in NOT_NOUNS or token in first_names() or any(fold(token).startswith(d) for d in lexicon().date_words if len(d) > 4):
        return False
    if not simplemma.is_known(token, lang="de") or is_name_token(token) or _has_place(token):
        return False  # Niedersachsens, Nordirland: names, not nouns
    return lemma(token) == token.lower()


@lru_cache(maxsize=1)
def _place_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    places = [p for p in gazetteer_places() if " " not in p and len(p) >= 4]
    return tuple(places), tuple(p.lower() for p in places)


def _has_place(token: str) -> bool:
    prefixes, suffixes = _place_affixes()
    return token.startswith(prefixes) or token.lower().endswith(suffixes)


def _noun_tokens(s_text: str) -> list[tuple[int, int, str]]:
    """Capitalised words not opening the sentence or a quotation: (start, end, word)."""
    out = []
    for m in re.finditer(r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]+)(?![\w-])", s_text):
        before = s_text[:m.start()].rstrip()
        if not before or before[-1] in ".!?:«„\"“(":
            continue
        out.append((m.start(), m.end(), m.group(1)))
    return out


# ---------------------------------------------------------------------------------------------
# Days and times of day: the next or previous one, also inside a compound (Samstagmorgen).
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
DAYTIMES = ["Morgen", "Vormittag", "Mittag", "Nachmittag", "Abend", "Nacht"]
_WEEKDAY_WORD = re.compile(r"\b(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
                           r"(morgen|vormittag|mittag|nachmittag|abend|nacht|s|)\b", re.I)
_DAYTIME_PHRASE = re.compile(r"\b(am|Am|am frühen|am späten|heute|gestern|Heute|Gestern) (Morgen|Vormittag|Mittag|Nachmittag|Abend)\b")
_NIGHT = re.compile(r"\b([Ii]n der) Nacht\b")
DAYTIME_ADVERBS = ["morgens", "vormittags", "mittags", "nachmittags", "abends", "nachts"]
_DAYTIME_ADVERB = re.compile(r"\b(morgens|vormittags|mittags|nachmittags|abends|nachts)\b")


def _neighbour(items: list[str], item: str, rng: random.Random, wrap: bool = True) -> str:
    i = items.index(item)
    options = [items[(i + d) % len(items)] for d in (-1, 1)] if wrap else [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
    return rng.choice(options)


def _same_case(new: str, old: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new[:1].lower() + new[1:]


# ---------------------------------------------------------------------------------------------
# Quantifiers: swapped within a group, so the grammar holds.
# (what is replaced, what it may become). «keine»/«keinen» are not replaced on their own (they may be
# singular: «keinen Schrittmacher»), and «beiden» needs an article, so neither is put in.
_PLURAL = ("beide", "alle", "einige", "viele", "wenige", "mehrere", "die meisten")
_SHARES = ("die Hälfte", "ein Drittel", "ein Viertel", "zwei Drittel", "drei Viertel", "die Mehrheit", "die Minderheit")
QUANTIFIER_GROUPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("plural determiner", _PLURAL, (*_PLURAL, "keine")),
    ("plural determiner", ("allen", "einigen", "vielen", "wenigen", "mehreren"), ("allen", "einigen", "vielen", "wenigen", "mehreren")),
    ("share", _SHARES, _SHARES),
    ("share", ("der Hälfte", "der Mehrheit", "der Minderheit"), ("der Hälfte", "der Mehrheit", "der Minderheit")),
    ("one of them", ("eine davon", "beide davon", "alle davon", "keine davon"), ("eine davon", "beide davon", "alle davon", "keine davon")),
    ("one of them", ("einer davon", "keiner davon"), ("einer davon", "beide davon", "alle davon", "keiner davon")),
    ("one of them", ("einer von ihnen", "keiner von ihnen"), ("einer von ihnen", "beide von ihnen", "alle von ihnen", "keiner von ihnen")),
    ("one of them", ("einer der", "keiner der", "jeder der"), ("einer der", "keiner der", "jeder der")),
    ("one of them", ("eine der", "keine der", "jede der"), ("eine der", "keine der", "jede der")),
    ("one of them", ("eines der", "keines der", "jedes der"), ("eines der", "keines der", "jedes der")),
)
# «alle zwei Jahre», «wie viele», «die beiden»: not the quantifier to swap
_QUANTIFIER_BLOCK_AFTER = re.compile(r"^\s+(?:\d|zwei|drei|vier|fünf|paar|anderen?|übrigen|diese|davon|der|des|von|Dank)\b")
_QUANTIFIER_BLOCK_BEFORE = re.compile(r"(?:\bwie|\bdie|\bder|\bden|\bso|\bzu|\bvor|\bfast|\bnahezu|\bbeinahe|\bpraktisch)\s+$", re.I)

# ---------------------------------------------------------------------------------------------
# Temporal words: vor/nach and bis/seit where a time follows, erst/schon/bereits.
_TIME_NOUNS = ("Jahr|Jahren|Jahrzehnt|Jahrzehnten|Jahrhundert|Monat|Monaten|Woche|Wochen|Tag|Tagen|Stunde|Stunden|"
               "Minute|Minuten|Sekunden|Saison|Saisons")
_AMOUNT = (r"(?:(?:knapp|rund|gut|fast|über|etwa|mehr als|weniger als)\s+)?"
           r"(?:\d+|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|wenigen|mehreren|einigen|vielen)")
_EVENTS = ("Beginn|Ende|Anfang|Mitte|Ablauf|Abschluss|Start|Spiel|Spielen|Wahl|Wahlen|Abstimmung|Krieg|Ostern|Weihnachten|Pause|"
           "Halbzeit|Sitzung|Urteil|Unfall|Tod|Amtsantritt|Rücktritt|Jahreswechsel|Anpfiff|Abpfiff|Ankunft|Abreise|Landung|"
           "Eröffnung|Schliessung|Schließung|Fusion|Übernahme|Einführung|Pandemie|Corona-Pandemie|Wende|Sommerpause|Gipfel")
_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_WEEKDAYS = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag"
_VOR_NACH = re.compile(
    rf"\b([Vv]or|[Nn]ach)\s+(?=(?:{_AMOUNT}\s+(?:{_TIME_NOUNS})\b|(?:dem|der|den)\s+(?:\w+\s+)?(?:{_EVENTS})\b"
    rf"|(?:{_EVENTS}|{_MONTHS}|{_WEEKDAYS})\b|(?:19|20)\d\d\b))")
_BIS_SEIT = re.compile(
    rf"\b([Bb]is|[Ss]eit)\s+(?=(?:(?:Ende|Anfang|Mitte)\s+)?(?:(?:19|20)\d\d|{_MONTHS}|{_WEEKDAYS}|heute|gestern)\b"
    rf"|(?:Ende|Anfang|Mitte)\s+(?:des|der|Jahr|Woche|Monat|nächste|letzte|vergangene))")
_BIS_SEIT_ARTICLE = re.compile(r"\b(bis zum|bis zur|seit dem|seit der|Bis zum|Bis zur|Seit dem|Seit der)\s+(?=(?:Jahr|Jahresende|Sommer|Herbst|"
                               rf"Winter|Frühling|Frühjahr|{_EVENTS})\b)")
_RANGE_OPEN = re.compile(r"\b(?:von|vom|ab|zwischen)\b[^,.;:]{0,25}$")
_BIS_SEIT_SWAP = {"bis zum": "seit dem", "bis zur": "seit der", "seit dem": "bis zum", "seit der": "bis zur"}
_ERST_SCHON = re.compile(r"(?<!\bgerade )(?<!\bGerade )(?<!\bwie )\b(erst|schon|bereits|Erst|Schon|Bereits)\b"
                         r"(?!\s+(?:recht|mal|einmal|wieder|immer|gar|lange|längst|jetzt)\b)")
_ERST_SCHON_SWAP = {"erst": ("schon", "bereits"), "schon": ("erst",), "bereits": ("erst",)}

# ---------------------------------------------------------------------------------------------
# Number words: the neighbour in the same series (zwei -> drei).
NUMBER_WORD_SERIES = (
    ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"),
    ("zwanzig", "dreissig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"),
    ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"),
)
_NUMBER_WORD = re.compile(r"(?<![\w-])(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreissig|dreißig|vierzig|"
                          r"fünfzig|sechzig|siebzig|achtzig|neunzig|Zwei|Drei|Vier|Fünf|Sechs|Sieben|Acht|Neun|Zehn|Elf|Zwölf)"
                          r"(?![\w-])(?=\s+(?:[a-zäöü]+e[nmrs]?\s+)?[A-ZÄÖÜ][a-zäöüß])")

# ---------------------------------------------------------------------------------------------
# Polarity: un-/nicht- added or removed where the other form is a German word, and antonyms.
POLARITY_MIN_ZIPF = 1.5  # the other form must be this common (large wordfreq list) and in the dictionary
NO_UN_PREFIX = ("und", "uns", "unser", "unter", "um", "unbedingt", "ungefähr", "ungeachtet", "unweit", "unmittelbar", "unzählig",
                "uni", "union", "unlängst", "unentwegt", "unversehens", "ungemein", "unheimlich", "unzweifelhaft")
NO_UN_ADDED = frozenset({"endlich", "bedingt", "gefähr", "weit", "mittelbar", "längst", "eigentlich"})  # un- would not flip these
ANTONYMS = (  # inflected forms; the first pair of a form also gives its way back
    ("steigen", "sinken"), ("steigt", "sinkt"), ("stieg", "sank"), ("stiegen", "sanken"), ("gestiegen", "gesunken"),
    ("Anstieg", "Rückgang"), ("Zunahme", "Abnahme"), ("zugenommen", "abgenommen"), ("zunehmen", "abnehmen"),
    ("gewinnen", "verlieren"), ("gewinnt", "verliert"), ("gewann", "verlor"), ("gewannen", "verloren"), ("gewonnen", "verloren"),
    ("Sieg", "Niederlage"), ("Siege", "Niederlagen"), ("Gewinn", "Verlust"), ("Gewinne", "Verluste"),
    ("Zustimmung", "Ablehnung"), ("annehmen", "ablehnen"), ("angenommen", "abgelehnt"), ("zustimmen", "ablehnen"),
    ("befürwortet", "abgelehnt"), ("Befürworter", "Gegner"), ("Ja-Stimmen", "Nein-Stimmen"), ("Ja-Anteil", "Nein-Anteil"),
    ("erhöhen", "senken"), ("erhöht", "gesenkt"), ("Erhöhung", "Senkung"), ("höher", "tiefer"), ("höhere", "tiefere"),
    ("teurer", "billiger"), ("Aufstieg", "Abstieg"), ("aufgestiegen", "abgestiegen"), ("Überschuss", "Defizit"),
    ("Einnahmen", "Ausgaben"), ("Import", "Export"), ("Importe", "Exporte"), ("eröffnet", "geschlossen"), ("Eröffnung", "Schliessung"),
    ("freigesprochen", "verurteilt"), ("Freispruch", "Schuldspruch"), ("erlaubt", "verboten"), ("bestätigt", "dementiert"),
    ("positiv", "negativ"), ("positive", "negative"), ("Mehrheit", "Minderheit"), ("Vorsprung", "Rückstand"),
    ("wärmer", "kälter"), ("zunehmend", "abnehmend"), ("gestärkt", "geschwächt"), ("Stärkung", "Schwächung"),
)
ONE_WAY = frozenset({"Gegner", "geschlossen"})  # a sports opponent, «geschlossen auftreten»: not turned back
_AUXILIARY = re.compile(r"\b(hat|haben|hatte|hatten|habe|ist|sind|war|waren|wurde|wurden|worden)\b")


_COPULA = re.compile(r"\b(?:ist|sind|war|waren|sei|seien|wäre|wären|blieb|blieben|bleibt|bleiben|wirkt|wirkte|wirken|gilt|galt|gelten"
                     r"|scheint|schien|erscheint|sich)\s+(?:(?:noch|weiter|weiterhin|völlig|ganz|eher|sehr|so|zu|auch|wohl|nun|jetzt)\s+)?$")
_ATTRIBUTIVE = re.compile(r"\s+[A-ZÄÖÜ][a-zäöüß]")


def _adjective_slot(text: str, start: int, end: int, word: str) -> bool:
    """Where un- makes a word of the opposite sense, not a broken verb form: an inflected adjective before
    its noun («bewachten Parkplatz»), or a word after a copula («blieben verletzt» -> «blieben unverletzt»)."""
    if word.endswith(("e", "en", "er", "es", "em")) and _ATTRIBUTIVE.match(text, end):
        return True
    return _COPULA.search(text[:start]) is not None


@lru_cache(maxsize=1)
def antonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for a, b in ANTONYMS:
        out.setdefault(a, b)
        if b not in ONE_WAY:
            out.setdefault(b, a)
    return out


@lru_cache(maxsize=100_000)
def real_word(word: str) -> bool:
    return simplemma.is_known(word, lang="de") and zipf(word) >= POLARITY_MIN_ZIPF


# ---------------------------------------------------------------------------------------------
# The article a sentence comes from, and what the injectors draw from other articles.


@dataclass
class ArticleInfo:
    index: int
    doc: Document
    folded: str  # title, lead and body, folded
    tokens: frozenset[str]
    surnames: frozenset[str]


@dataclass
class Pools:
    # (kind, form, initial) -> [(article, name)]
    names: dict[tuple[str, str, str], list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    # ending -> [(article, noun)], for endings of 3 and 2 letters and "" (any)
    nouns: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))


def article_info(index: int, doc: Document) -> ArticleInfo:
    text = "\n".join([doc.article.title or "", doc.text])
    folded = fold(text)
    surnames = set()
    for s in doc.sentences:
        for m in s.names:
            if _is_person_full(m, NameContext("", frozenset())):
                surnames.add(m.text.split()[-1])
    return ArticleInfo(index, doc, folded, frozenset(re.findall(r"\w+", folded)), frozenset(surnames))


def sentence_names(info: ArticleInfo, s) -> list[tuple[NameMention, str, str]]:
    """The classified names of a sentence: (mention with sentence offsets, kind, form)."""
    out = []
    for n in s.names:
        m = NameMention(n.text, n.start - s.start, n.end - s.start)
        if _genitive(m.text, info.folded) or s.text[m.end:m.end + 2] == "- ":
            continue  # Trumps; «Gesetzgebungs- und Verwaltungsverfahren»
        cls = classify_name(m, NameContext(s.text[:m.start], info.surnames))
        if cls:
            out.append((m, *cls))
    return out


def build_pools(infos: list[ArticleInfo]) -> Pools:
    pools = Pools()
    seen: set[tuple[int, str]] = set()
    for info in infos:
        for s in info.doc.sentences:
            for m, kind, form in sentence_names(info, s):
                if (info.index, m.text) not in seen:
                    seen.add((info.index, m.text))
                    pools.names[(kind, form, m.text[0].upper())].append((info.index, m.text))
            for _, _, word in _noun_tokens(s.text):
                if (info.index, word) in seen or not (MIN_ZIPF <= zipf(word) < RARE_ZIPF) or not base_noun(word):
                    continue
                seen.add((info.index, word))
                for key in (word[-3:], word[-2:], ""):
                    pools.nouns[key].append((info.index, word))
    return pools


def _foreign(info: ArticleInfo, name: str) -> bool:
    """A name the article never uses, not even one word of it."""
    return fold(name) not in info.folded and not any(fold(w) in info.tokens for w in re.findall(r"\w+", name))


Edit = tuple[int, int, str, str]  # start and end in the sentence, the new text, the variant (for the breakdown)


def _name_swap(kind: str):
    def edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
        out = []
        for m, form in [(m, f) for m, k, f in sentence_names(info, s) if k == kind]:
            options = [n for a, n in pools.names.get((kind, form, m.text[0].upper()), ())
                       if a != info.index and len(n.split()) == len(m.text.split()) and _foreign(info, n)
                       and frozenset({n, m.text}) not in SAME_PLACE]
            if options:
                out.append((m.start, m.end, rng.choice(options), form))
        return out
    return edits


def content_noun_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    out = []
    for a, b, word in _noun_tokens(s.text):
        if not base_noun(word) or zipf(word) > CONTENT_ZIPF:
            continue
        for key in (word[-3:], word[-2:], ""):
            options = [n for i, n in pools.nouns.get(key, ()) if i != info.index]
            new = next((n for n in (rng.choice(options) for _ in range(20 if options else 0))
                        if fold(n) not in info.folded and lemma(n) not in info.tokens), None)
            if new:
                out.append((a, b, new, "same ending" if key else "any ending"))
                break
    return out


def day_time_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    for m in _WEEKDAY_WORD.finditer(text):
        day, rest = m.group(1), m.group(2)
        other_day = _same_case(_neighbour(WEEKDAYS, day[:1].upper() + day[1:].lower(), rng), day)
        if rest.lower() in ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht"):
            out.append((m.start(1), m.end(1), other_day, "weekday in a compound"))
            part = rest[:1].upper() + rest[1:].lower()
            out.append((m.start(2), m.end(2), _neighbour(DAYTIMES, part, rng, wrap=False).lower(), "time of day in a compound"))
        else:
            out.append((m.start(1), m.end(1), other_day, "weekday"))
    for m in _DAYTIME_PHRASE.finditer(text):
        out.append((m.start(2), m.end(2), _neighbour(DAYTIMES[:5], m.group(2), rng, wrap=False), "time of day"))
    for m in _NIGHT.finditer(text):
        out.append((m.start(), m.end(), ("Am " if m.group(1)[0] == "I" else "am ") + rng.choice(["Abend", "Morgen"]), "time of day"))
    for m in _DAYTIME_ADVERB.finditer(text):
        out.append((m.start(), m.end(), _neighbour(DAYTIME_ADVERBS, m.group(1), rng, wrap=False), "time of day"))
    return out


def quantifier_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    for label, group, targets in QUANTIFIER_GROUPS:
        for q in group:
            for m in re.finditer(rf"(?<![\w-]){re.escape(q)}(?![\w-])", text, re.I):
                found = m.group(0)
                if found[0].isupper() and m.start() > 0 and q[0].islower():
                    continue  # a noun or a name spelled like a quantifier
                if " " not in q and (_QUANTIFIER_BLOCK_AFTER.match(text[m.end():]) or _QUANTIFIER_BLOCK_BEFORE.search(text[:m.start()])):
                    continue
                new = rng.choice([x for x in targets if x.lower() != q.lower()])
                out.append((m.start(), m.end(), _same_case(new, found), label))
    return out


def temporal_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    for m in _VOR_NACH.finditer(text):
        w = m.group(1)
        out.append((m.start(1), m.end(1), _same_case("nach" if w.lower() == "vor" else "vor", w), "vor/nach"))
    for m in _BIS_SEIT.finditer(text):
        w = m.group(1)
        if _RANGE_OPEN.search(text[:m.start()]):
            continue  # «von 2005 bis 2007»: bis closes a range here
        out.append((m.start(1), m.end(1), _same_case("seit" if w.lower() == "bis" else "bis", w), "bis/seit"))
    for m in _BIS_SEIT_ARTICLE.finditer(text):
        w = m.group(1)
        out.append((m.start(1), m.end(1), _same_case(_BIS_SEIT_SWAP[w.lower()], w), "bis/seit"))
    for m in _ERST_SCHON.finditer(text):
        w = m.group(1)
        out.append((m.start(1), m.end(1), _same_case(rng.choice(_ERST_SCHON_SWAP[w.lower()]), w), "erst/schon"))
    return out


def number_word_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    out = []
    for m in _NUMBER_WORD.finditer(s.text):
        word = m.group(1)
        low = word.lower()
        if low in NUMBER_WORD_SERIES[0]:
            series, variant = NUMBER_WORD_SERIES[0], "units"
        else:  # tens, in the article's spelling of dreissig/dreißig
            sharp = low == "dreißig" or (low != "dreissig" and "ß" in info.folded)
            series, variant = NUMBER_WORD_SERIES[2 if sharp else 1], "tens"
        out.append((m.start(1), m.end(1), _same_case(_neighbour(list(series), low, rng, wrap=False), word), variant))
    return out


def polarity_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    stop = stopwords()
    for m in re.finditer(r"(?<![\w-])([a-zäöüß]{4,})(?![\w-])", text):
        w = m.group(1)
        if w.startswith("un") and len(w) >= 7 and not w.startswith(NO_UN_PREFIX):
            if real_word(w[2:]):
                out.append((m.start(), m.end(), w[2:], "un- removed"))
        elif w.startswith("nicht") and len(w) >= 9 and real_word(w[5:]):
            out.append((m.start(), m.end(), w[5:], "nicht- removed"))
        elif (w not in stop and len(w) >= 5 and w not in NO_UN_ADDED and _adjective_slot(text, m.start(), m.end(), w)
              and real_word("un" + w) and not ("un" + w).startswith(NO_UN_PREFIX)):
            out.append((m.start(), m.end(), "un" + w, "un- added"))
    table_ = antonyms()
    for m in re.finditer(r"(?<![\w-])([A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)?)(?![\w-])", text):
        w = m.group(1)
        if w in table_:
            new = table_[w]
            if w == "verloren":  # back to the participle after an auxiliary, else to the past tense
                new = "gewonnen" if _AUXILIARY.search(text) else "gewannen"
            out.append((m.start(), m.end(), new, "antonym"))
        elif w[:1].isupper() and "-" not in w:
            for a, b in table_.items():
                if a[:1].isupper() and len(w) > len(a) + 2 and w.endswith(a.lower()):
                    compound = w[: len(w) - len(a)] + b.lower()
                    if real_word(compound):
                        out.append((m.start(), m.end(), compound, "antonym in a compound"))
                    break
    return out


INJECTORS: dict[str, Callable[..., list[Edit]]] = {
    "person": _name_swap("person"),
    "place": _name_swap("place"),
    "organisation": _name_swap("organisation"),
    "content noun": content_noun_edits,
    "day or time": day_time_edits,
    "quantifier": quantifier_edits,
    "temporal word": temporal_edits,
    "number word": number_word_edits,
    "polarity": polarity_edits,
}
# Variants an article's case is drawn from first when one of its sentences allows them: the rarer and
# more telling ones, which the frequent plain weekday, «erst»/«schon» and un- added would crowd out.
PREFERRED = {
    "day or time": {"weekday in a compound", "time of day in a compound", "time of day"},
    "temporal word": {"vor/nach", "bis/seit"},
    "polarity": {"antonym", "antonym in a compound", "un- removed", "nicht- removed"},
}


def eligible(s) -> bool:
    """Sentences the injectors change: body sentences of 8 to 40 tokens (as for the older kinds)."""
    return not s.crosshead and 8 <= len(s.tokens) <= 40


def build_new_cases(docs: list[Document], seed: int) -> list[tuple[int, str, str, str]]:
    """(article index, changed sentence, kind, variant): at most one case per kind and article.

    Each kind has its own generator, seeded from ``seed`` and the kind, so adding a
    kind changes no other kind's cases."""
    infos = [article_info(i, d) for i, d in enumerate(docs)]
    pools = build_pools(infos)
    out = []
    for kind, edits_of in INJECTORS.items():
        rng = random.Random(f"{seed}:{kind}")
        preferred = PREFERRED.get(kind, set())
        for info in infos:
            sents = [s for s in info.doc.sentences if eligible(s)]
            fallback = None
            for s in rng.sample(sents, len(sents)):
                edits = [e for e in edits_of(s, info, pools, rng) if e[2] != s.text[e[0]:e[1]]]
                best = [e for e in edits if e[3] in preferred]
                if best or (edits and not preferred):
                    fallback = (s, best or edits)
                    break
                if edits and fallback is None:
                    fallback = (s, edits)
            if fallback:
                s, edits = fallback
                a, b, new, variant = rng.choice(edits)
                out.append((info.index, s.text[:a] + new + s.text[b:], kind, variant))
    return out

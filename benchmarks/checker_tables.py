"""The rules of the injected errors in benchmarks/checker_cases.py, as tables and small word tests.

How a name is classified (NAME_RULES), which nouns count as content or rare,
which days, times of day, quantifiers, temporal words and number words are
swapped for which, and where un- may be added or removed; the antonyms.
They are small on purpose and meant to be read and extended.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import simplemma
import wordfreq

from darumgehts.analyse.names import is_name_token
from darumgehts.analyse.tokens import lemma, stopwords
from darumgehts.check.index import fold, lexicon
from darumgehts.models import NameMention
from darumgehts.resources import table, word_list

# ---------------------------------------------------------------------------------------------
# Names: person, place or organisation. The first rule that matches decides; a name no rule
# matches is not swapped. ``m`` is the mention, ``c`` its context (see NameContext).
GAZETTEER_ORGANISATIONS = frozenset({"Bundesrat", "Bundestag", "Nato", "Migros", "Coop", "Swisscom", "Nestlé",
                                     "Novartis", "Roche", "Europäische Union", "Vereinte Nationen", "Grüne", "Grünen"})
# never swapped: «Mit Blick auf», «Mitte Juni», «zur Post», «im Zug»
GAZETTEER_AMBIGUOUS = frozenset({"Blick", "Mitte", "Post", "Baden", "Jura", "Uri", "Zug", "Sitten", "Moldau"})
# states and the cantons' codes (not SZ, in the data mostly the newspaper, nor AG, mostly a company form)
PLACE_ACRONYMS = frozenset({"US", "USA", "UK", "GB", "DDR", "BRD", "VAE", "NRW", "UdSSR",
                            "ZH", "BE", "LU", "UR", "OW", "NW", "GL", "ZG", "FR", "SO", "BS", "BL", "SH", "AR", "AI", "SG",
                            "GR", "TG", "TI", "VD", "VS", "NE", "GE", "JU"})
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


def is_person_full(m: NameMention, c: NameContext) -> bool:
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
    ("place", "acronym", lambda m, c: m.text in PLACE_ACRONYMS, "a state or canton written as an acronym (USA, DDR, BE)"),
    ("organisation", "acronym", _opens_with_acronym, "an acronym, or a name that opens with one (SVP, UBS, FC Basel)"),
    ("organisation", "name", _org_suffix, "ends in -partei, -bank, -verband, AG, ... (Raiffeisenbank, Swiss Life AG)"),
    ("organisation", "name", lambda m, c: m.text in GAZETTEER_ORGANISATIONS, "an organisation in the gazetteer (Nato, Migros)"),
    ("place", "name", lambda m, c: m.text in gazetteer_places(), "a place in the gazetteer data/de/names.txt (Bern, Syrien)"),
    ("person", "full", is_person_full, "a first name from first_names.txt or first_name_gender.tsv + a surname"),
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


def genitive(name: str, doc_folded: str) -> bool:
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


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return stopwords() | word_list("de/function_words.txt")


def noun_tokens(s_text: str) -> list[tuple[int, int, str]]:
    """Capitalised words not opening the sentence or a quotation: (start, end, word)."""
    out = []
    for m in re.finditer(r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]+)(?![\w-])", s_text):
        before = s_text[:m.start()].rstrip()
        if not before or before[-1] in ".!?:«„\"“(" or m.group(1).lower() in _function_words():
            continue  # a sentence opener, or «Nachdem» after a crosshead run into the sentence
        out.append((m.start(), m.end(), m.group(1)))
    return out


# ---------------------------------------------------------------------------------------------
# Days and times of day: the next or previous weekday, and a time of day that is clearly another
# (not Morgen for Vormittag), also inside a compound (Samstagmorgen).
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
DAYTIME_SWAPS = {"Morgen": ("Mittag", "Abend"), "Vormittag": ("Nachmittag", "Abend"), "Mittag": ("Morgen", "Abend"),
                 "Nachmittag": ("Vormittag", "Abend"), "Abend": ("Nachmittag", "Morgen"), "Nacht": ("Nachmittag", "Morgen")}
WEEKDAY_WORD = re.compile(r"\b(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
                           r"(morgen|vormittag|mittag|nachmittag|abend|nacht|s|)\b", re.I)
DAYTIME_PHRASE = re.compile(r"\b(am|Am|am frühen|am späten|heute|gestern|Heute|Gestern) (Morgen|Vormittag|Mittag|Nachmittag|Abend)\b")
NIGHT = re.compile(r"\b([Ii]n der) Nacht\b(?! (?:zum|zu|auf)\b)")  # not «in der Nacht zum Montag»
DAYTIME_ADVERB = re.compile(r"\b(morgens|vormittags|mittags|nachmittags|abends|nachts)\b")


def neighbour(items: list[str], item: str, rng: random.Random, wrap: bool = True) -> str:
    i = items.index(item)
    options = [items[(i + d) % len(items)] for d in (-1, 1)] if wrap else [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
    return rng.choice(options)


def same_case(new: str, old: str) -> str:
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
QUANTIFIER_BLOCK_AFTER = re.compile(r"^\s+(?:\d+|zwei|drei|vier|fünf|paar|anderen?|übrigen|diese|davon|der|des|von|Dank|voran)\b")
QUANTIFIER_BLOCK_BEFORE = re.compile(r"(?:\bwie|\bdie|\bder|\bden|\bso|\bzu|\bvor|\bfast|\bnahezu|\bbeinahe|\bpraktisch)\s+$", re.I)

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
VOR_NACH = re.compile(
    rf"\b([Vv]or|[Nn]ach)\s+(?=(?:{_AMOUNT}\s+(?:{_TIME_NOUNS})\b|(?:dem|der|den)\s+(?:\w+\s+)?(?:{_EVENTS})\b"
    rf"|(?:{_EVENTS}|{_MONTHS}|{_WEEKDAYS})\b|(?:19|20)\d\d\b))")
BIS_SEIT = re.compile(
    rf"\b([Bb]is|[Ss]eit)\s+(?=(?:(?:Ende|Anfang|Mitte)\s+)?(?:(?:19|20)\d\d|{_MONTHS}|{_WEEKDAYS}|heute|gestern)\b"
    rf"|(?:Ende|Anfang|Mitte)\s+(?:des|der|Jahr|Woche|Monat|nächste|letzte|vergangene))")
BIS_SEIT_ARTICLE = re.compile(r"\b(bis zum|bis zur|seit dem|seit der|Bis zum|Bis zur|Seit dem|Seit der)\s+(?=(?:Jahr|Jahresende|Sommer|Herbst|"
                               rf"Winter|Frühling|Frühjahr|{_EVENTS})\b)")
RANGE_OPEN = re.compile(r"\b(?:von|vom|ab|zwischen)\b[^,.;:]{0,25}$")
BIS_SEIT_SWAP = {"bis zum": "seit dem", "bis zur": "seit der", "seit dem": "bis zum", "seit der": "bis zur"}
# only where a time follows: «schon am Montag», «erst 2020», not the particle in «Es könnte schon gut sein»
_TIME_FOLLOWS = (r"am|im|seit|vor|nach|ab|um|während|als|damals|heute|gestern|früh|früher|später|dann|kurz|Anfang|Ende|Mitte"
                 r"|\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|einem|einer|wenigen|nächste[nm]?|vergangene[nm]?"
                 rf"|letzte[nm]?|{_MONTHS}|{_WEEKDAYS}")
ERST_SCHON = re.compile(rf"(?<!\bgerade )(?<!\bGerade )(?<!\bwie )\b(erst|schon|bereits|Erst|Schon|Bereits)\s+(?=(?:{_TIME_FOLLOWS})\b)")
ERST_SCHON_SWAP = {"erst": ("schon", "bereits"), "schon": ("erst",), "bereits": ("erst",)}

# ---------------------------------------------------------------------------------------------
# Number words: the neighbour in the same series (zwei -> drei).
NUMBER_WORD_SERIES = (
    ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"),
    ("zwanzig", "dreissig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"),
    ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"),
)
NUMBER_WORD = re.compile(r"(?<![\w-])(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreissig|dreißig|vierzig|"
                          r"fünfzig|sechzig|siebzig|achtzig|neunzig|Zwei|Drei|Vier|Fünf|Sechs|Sieben|Acht|Neun|Zehn|Elf|Zwölf)"
                          r"(?![\w-])(?=\s+(?:[a-zäöü]+e[nmrs]?\s+)?(?!Drittel|Viertel|Fünftel|Zehntel)[A-ZÄÖÜ][a-zäöüß])")

# ---------------------------------------------------------------------------------------------
# Polarity: un-/nicht- added or removed where the other form is a German word, and antonyms.
POLARITY_MIN_ZIPF = 1.5  # the other form must be this common (large wordfreq list) and in the dictionary
NO_UN_PREFIX = ("und", "uns", "unser", "unter", "um", "unbedingt", "ungefähr", "ungeachtet", "unweit", "unmittelbar", "unzählig",
                "uni", "union", "unlängst", "unentwegt", "unversehens", "ungemein", "unheimlich", "unzweifelhaft")
# words un- would not flip: «unendlich» is not «not finally», «ungleich» after «kann sich» no word at all
NO_UN_ADDED = frozenset({"endlich", "bedingt", "gefähr", "weit", "mittelbar", "längst", "eigentlich", "wirklich", "gleich"})
# inflected forms; the first pair of a form also gives its way back. Nouns only of the same gender:
# «einen Sieg» cannot become «einen Niederlage», so Sieg/Niederlage and Überschuss/Defizit are left out.
ANTONYMS = (
    ("steigen", "sinken"), ("steigt", "sinkt"), ("stieg", "sank"), ("stiegen", "sanken"), ("gestiegen", "gesunken"),
    ("Anstieg", "Rückgang"), ("Zunahme", "Abnahme"), ("zugenommen", "abgenommen"), ("zunehmen", "abnehmen"),
    ("gewinnen", "verlieren"), ("gewinnt", "verliert"), ("gewann", "verlor"), ("gewannen", "verloren"), ("gewonnen", "verloren"),
    ("Siege", "Niederlagen"), ("Gewinn", "Verlust"), ("Gewinne", "Verluste"),
    ("Zustimmung", "Ablehnung"), ("annehmen", "ablehnen"), ("angenommen", "abgelehnt"), ("zustimmen", "ablehnen"),
    ("befürwortet", "abgelehnt"), ("Befürworter", "Gegner"), ("Ja-Stimmen", "Nein-Stimmen"), ("Ja-Anteil", "Nein-Anteil"),
    ("erhöhen", "senken"), ("erhöht", "gesenkt"), ("Erhöhung", "Senkung"), ("höher", "tiefer"), ("höhere", "tiefere"),
    ("teurer", "billiger"), ("Aufstieg", "Abstieg"), ("aufgestiegen", "abgestiegen"),
    ("Einnahmen", "Ausgaben"), ("Import", "Export"), ("Importe", "Exporte"), ("eröffnet", "geschlossen"), ("Eröffnung", "Schliessung"),
    ("freigesprochen", "verurteilt"), ("Freispruch", "Schuldspruch"), ("erlaubt", "verboten"), ("bestätigt", "dementiert"),
    ("positiv", "negativ"), ("positive", "negative"), ("Mehrheit", "Minderheit"), ("Vorsprung", "Rückstand"),
    ("wärmer", "kälter"), ("gestärkt", "geschwächt"), ("Stärkung", "Schwächung"),
)
ONE_WAY = frozenset({"Gegner", "geschlossen"})  # a sports opponent, «geschlossen auftreten»: not turned back
AUXILIARY = re.compile(r"\b(hat|haben|hatte|hatten|habe|ist|sind|war|waren|wurde|wurden|worden)\b")


_COPULA = re.compile(r"\b(?:ist|sind|war|waren|sei|seien|wäre|wären|blieb|blieben|bleibt|bleiben|wirkt|wirkte|wirken|gilt|galt|gelten"
                     r"|scheint|schien|erscheint)\s+(?:(?:noch|weiter|weiterhin|völlig|ganz|eher|sehr|so|zu|auch|wohl|nun|jetzt)\s+)?$")
_ATTRIBUTIVE = re.compile(r"\s+[A-ZÄÖÜ][a-zäöüß]")


def adjective_slot(text: str, start: int, end: int, word: str) -> bool:
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

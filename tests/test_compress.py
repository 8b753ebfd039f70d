"""The compress stage: deletion-only forms of a sentence that keep its meaning.

Every sentence here was written for these tests (news-like, Swiss and German);
none comes from the research data.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darumgehts.analyse.numbers import find_numbers
from darumgehts.check import Checker
from darumgehts.compress import Compressed, compress, variants
from darumgehts.models import Article, Paragraph
from darumgehts.style import load_style

WORD = re.compile(r"\w+(?:[-'’.,]\w+)*")
POLARITY = tomllib.loads(resources.files("darumgehts").joinpath("data", "de", "polarity.toml").read_text("utf-8"))
GUARDED = [w.lower() for w in POLARITY["negations"] + POLARITY["hedges"]]

# (sentence, max_chars, every variant longest first); a single variant longer
# than max_chars is the shortest faithful form (fits=False).
CASES = [
    ('Bundesrätin Karin Keller-Sutter, die Vorsteherin des Finanzdepartements, hat am Mittwoch in Bern ein neues Sparpaket vorgestellt.',
     100, ['Bundesrätin Karin Keller-Sutter hat am Mittwoch in Bern ein neues Sparpaket vorgestellt.', 'Bundesrätin Karin Keller-Sutter hat ein neues Sparpaket vorgestellt.']),
    ('Anna Meier, Kantonsrätin der SP, kritisierte den Entscheid des Regierungsrats am Dienstag im Kantonsrat scharf.',
     100, ['Anna Meier, Kantonsrätin der SP, kritisierte den Entscheid des Regierungsrats im Kantonsrat scharf.', 'Anna Meier kritisierte den Entscheid des Regierungsrats scharf.']),
    ('Die Zürcher Verkehrsbetriebe erhöhen die Preise für Einzelbillette, wie der Verkehrsverbund am Montag in einer Medienmitteilung bekannt gab.',
     100, ['Die Zürcher Verkehrsbetriebe erhöhen die Preise für Einzelbillette.']),
    ('Das Verteidigungsministerium in Moskau teilte am Mittwoch in einem Lagebericht mit, die Truppen hätten zwei weitere Dörfer eingenommen.',
     100, ['Das Verteidigungsministerium in Moskau teilte mit, die Truppen hätten zwei weitere Dörfer eingenommen.']),
    ('Beide Länder haben erstmals bestätigt, dass nordkoreanische Soldaten an der Front kämpfen, wie die Regierung in Seoul am Mittwoch mitteilte, und sie sprachen von hohen Verlusten.',
     100, ['Beide Länder haben erstmals bestätigt, dass nordkoreanische Soldaten an der Front kämpfen.']),
    ('Der Gemeinderat hat am Dienstagabend beschlossen, dass die Schulanlage im Herbst 2025 für 14 Millionen Franken saniert wird.',
     100, ['Der Gemeinderat hat beschlossen, dass die Schulanlage für 14 Millionen Franken saniert wird.']),
    ('Die Polizei hat am Sonntag in Winterthur einen 34-jährigen Mann festgenommen, der in mehrere Wohnungen eingebrochen sein soll.',
     100, ['Die Polizei hat am Sonntag in Winterthur einen 34-jährigen Mann festgenommen.', 'Die Polizei hat einen 34-jährigen Mann festgenommen.']),
    ('Die Regierung will die Steuern senken, falls die Einnahmen im kommenden Jahr höher ausfallen als budgetiert.',
     100, ['Die Regierung will die Steuern senken, falls die Einnahmen im kommenden Jahr höher ausfallen als budgetiert.']),
    ('Die Abstimmung über das neue Stadion findet am 9. Juni statt.',
     100, ['Die Abstimmung über das neue Stadion findet am 9. Juni statt.']),
    ('Der Bundestag hat das Gesetz am Freitag mit großer Mehrheit beschlossen; die Opposition kündigte eine Klage in Karlsruhe an.',
     100, ['Der Bundestag hat das Gesetz am Freitag mit großer Mehrheit beschlossen.', 'Der Bundestag hat das Gesetz mit großer Mehrheit beschlossen.']),
    ('Die Bilanz des Wochenendes ist klar: Die Feuerwehr rückte 40 Mal aus.',
     100, ['Die Bilanz des Wochenendes ist klar: Die Feuerwehr rückte 40 Mal aus.']),
    ('Die Stadt hat das Budget für 2025 verabschiedet – gegen den Willen der bürgerlichen Parteien im Parlament.',
     100, ['Die Stadt hat das Budget für 2025 verabschiedet.']),
    ('Laut Polizei wurden bei dem Unfall auf der Autobahn A1 bei Kirchberg am Samstagmorgen drei Personen leicht verletzt.',
     100, ['Laut Polizei wurden bei dem Unfall auf der Autobahn A1 bei Kirchberg drei Personen leicht verletzt.']),
    ("Nach Angaben der Behörden sind am Wochenende in der Ostschweiz rund 11'000 Haushalte ohne Strom gewesen.",
     100, ["Nach Angaben der Behörden sind in der Ostschweiz rund 11'000 Haushalte ohne Strom gewesen."]),
    ('Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz, wie er am Donnerstag mitteilte.',
     100, ['Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz, wie er mitteilte.', 'Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz.']),
    ('Die Firma, die seit Jahren Verluste schreibt, streicht im Kanton Aargau 200 Stellen.',
     100, ['Die Firma, die seit Jahren Verluste schreibt, streicht im Kanton Aargau 200 Stellen.', 'Die Firma, die seit Jahren Verluste schreibt, streicht 200 Stellen.', 'Die Firma streicht im Kanton Aargau 200 Stellen.', 'Die Firma streicht 200 Stellen.']),
    ('Er habe nie Geld von der Firma erhalten, sagte der ehemalige Gemeindepräsident am Montag vor dem Bezirksgericht in Baden.',
     100, ['Er habe nie Geld von der Firma erhalten.']),
    ('Der Stadtrat lehnt den Vorstoss ab, weil die Kosten von 8 Millionen Franken zu hoch seien.',
     100, ['Der Stadtrat lehnt den Vorstoss ab, weil die Kosten von 8 Millionen Franken zu hoch seien.', 'Der Stadtrat lehnt den Vorstoss ab.']),
    ('Die Gewerkschaft fordert nicht mehr Lohn, sondern kürzere Arbeitszeiten für alle Angestellten in der Pflege.',
     100, ['Die Gewerkschaft fordert nicht mehr Lohn, sondern kürzere Arbeitszeiten für alle Angestellten in der Pflege.']),
    ('Die Bank soll nach Recherchen der «NZZ» mehrere Millionen Franken an Boni ausbezahlt haben.',
     100, ['Die Bank soll nach Recherchen der «NZZ» mehrere Millionen Franken an Boni ausbezahlt haben.']),
    ('«Wir werden den Entscheid nicht akzeptieren», sagte Parteipräsident Marco Rossi am Abend vor den Medien in Lugano.',
     100, ['«Wir werden den Entscheid nicht akzeptieren», sagte Parteipräsident Marco Rossi vor den Medien in Lugano.']),
    ('Der Bundesrat hat am Mittwoch beschlossen, die Kita-Tarife für Familien mit tiefem Einkommen ab Januar zu senken.',
     100, ['Der Bundesrat hat beschlossen, die Kita-Tarife für Familien mit tiefem Einkommen ab Januar zu senken.']),
    ('Die Preise steigen seit 2022 um fast 40 Prozent.',
     100, ['Die Preise steigen seit 2022 um fast 40 Prozent.']),
    ('Im Kanton Bern hat das Parlament am Montag das neue Polizeigesetz mit 98 zu 52 Stimmen gutgeheissen.',
     100, ['Im Kanton Bern hat das Parlament am Montag das neue Polizeigesetz mit 98 zu 52 Stimmen gutgeheissen.', 'Im Kanton Bern hat das Parlament das neue Polizeigesetz mit 98 zu 52 Stimmen gutgeheissen.']),
    ('Es sind nicht die Kosten, die das Projekt gefährden.',
     100, ['Es sind nicht die Kosten, die das Projekt gefährden.']),
    ('Der Zug nach Basel fällt wegen einer Störung aus, die Reisenden müssen auf Busse umsteigen.',
     100, ['Der Zug nach Basel fällt wegen einer Störung aus, die Reisenden müssen auf Busse umsteigen.', 'Der Zug nach Basel fällt wegen einer Störung aus.']),
    ('Die Bauarbeiten an der Seebrücke dauern bis Ende Mai.',
     100, ['Die Bauarbeiten an der Seebrücke dauern bis Ende Mai.']),
    ('Der Regierungsrat, der am Montag getagt hatte, will die Spitalplanung im Frühling 2026 neu regeln, und die Gemeinden sollen mitreden.',
     100, ['Der Regierungsrat, der am Montag getagt hatte, will die Spitalplanung im Frühling 2026 neu regeln.', 'Der Regierungsrat will die Spitalplanung im Frühling 2026 neu regeln.']),
    ('Die Zentralbank hat den Leitzins am Donnerstag um 0,25 Prozentpunkte gesenkt, was die Märkte erwartet hatten.',
     100, ['Die Zentralbank hat den Leitzins um 0,25 Prozentpunkte gesenkt, was die Märkte erwartet hatten.']),
    ('Wie die Staatsanwaltschaft mitteilte, wurde gegen den Fahrer ein Verfahren eröffnet.',
     100, ['Wie die Staatsanwaltschaft mitteilte, wurde gegen den Fahrer ein Verfahren eröffnet.']),
    ('Die Energiepreise sind im vergangenen Jahr in Deutschland um 12 Prozent gestiegen, wie das Statistische Bundesamt in Wiesbaden mitteilte.',
     100, ['Die Energiepreise sind im vergangenen Jahr in Deutschland um 12 Prozent gestiegen.', 'Die Energiepreise sind um 12 Prozent gestiegen.']),
    ('Doch die Stadtpolizei hat vor einer Woche in Zürich-Altstetten eine illegale Hanfplantage entdeckt.',
     100, ['Die Stadtpolizei hat vor einer Woche in Zürich-Altstetten eine illegale Hanfplantage entdeckt.', 'Die Stadtpolizei hat eine illegale Hanfplantage entdeckt.']),
    ('Die SVP hat gestern im Nationalrat einen Vorstoss eingereicht: Der Bund soll die Zuwanderung begrenzen.',
     100, ['Die SVP hat im Nationalrat einen Vorstoss eingereicht: Der Bund soll die Zuwanderung begrenzen.', 'Die SVP hat einen Vorstoss eingereicht: Der Bund soll die Zuwanderung begrenzen.', 'Die SVP hat gestern im Nationalrat einen Vorstoss eingereicht.', 'Die SVP hat einen Vorstoss eingereicht.']),
    ('Der Verwaltungsratspräsident Peter Huber, ein früherer Manager der UBS, tritt auf Ende Jahr zurück, wie die Bank am Freitag mitteilte.',
     100, ['Der Verwaltungsratspräsident Peter Huber, ein früherer Manager der UBS, tritt auf Ende Jahr zurück.', 'Der Verwaltungsratspräsident Peter Huber tritt auf Ende Jahr zurück, wie die Bank mitteilte.', 'Der Verwaltungsratspräsident Peter Huber tritt auf Ende Jahr zurück.']),
    ('Im Interview mit dieser Zeitung sagte die Ministerin, man werde die Grenzkontrollen nicht verschärfen.',
     100, ['Im Interview mit dieser Zeitung sagte die Ministerin, man werde die Grenzkontrollen nicht verschärfen.']),

    # what stays: restrictive and announced clauses, names, lists; what goes inside a fronted clause
    ("Jeder, der mehr als 100'000 Franken verdient, soll im nächsten Jahr mehr Steuern zahlen.",
     80, ["Jeder, der mehr als 100'000 Franken verdient, soll mehr Steuern zahlen."]),
    ('Die Gemeinde tat so, als wäre die Sanierung des Hallenbads schon im Frühling beschlossen worden.',
     80, ['Die Gemeinde tat so, als wäre die Sanierung des Hallenbads schon im Frühling beschlossen worden.']),
    ('Nachdem die Polizei am Montag eingetroffen war, flüchteten die Täter in einem weissen Auto Richtung Grenze.',
     80, ['Nachdem die Polizei eingetroffen war, flüchteten die Täter in einem weissen Auto Richtung Grenze.']),
    ('Das Stadtmagazin, das die Stadt seit 2019 herausgibt, erscheint künftig nur noch digital.',
     80, ['Das Stadtmagazin erscheint künftig nur noch digital.']),
    ('Der Chef der Verkehrsbetriebe, Martin Keller, tritt nach zwölf Jahren im Amt zurück.',
     80, ['Der Chef der Verkehrsbetriebe, Martin Keller, tritt nach zwölf Jahren im Amt zurück.']),
    ('Der Kanton zahlt Beiträge an Basel, Bern und Genf, die Gemeinden erhalten nichts.',
     80, ['Der Kanton zahlt Beiträge an Basel, Bern und Genf, die Gemeinden erhalten nichts.']),
    ('«Wir sind enttäuscht»: Mit diesen Worten hat die Präsidentin des Gewerbeverbands am Freitag in Luzern auf den Entscheid reagiert.',
     80, ['«Wir sind enttäuscht»: Mit diesen Worten hat die Präsidentin des Gewerbeverbands in Luzern auf den Entscheid reagiert.']),
    ('Die Versicherung lehnt die Zahlung ab, sie stützt sich dabei auf ein Gutachten aus dem Jahr 2021.',
     80, ['Die Versicherung lehnt die Zahlung ab.']),
    # a hedge stays in every kept clause (also inflected and in Swiss spelling); a whole clause or apposition may go with it
    ("Die Polizei hat am Dienstag in Basel einen Mann verhaftet, der mutmasslich mehrere Brände gelegt hat.",
     80, ['Die Polizei hat einen Mann verhaftet, der mutmasslich mehrere Brände gelegt hat.', 'Die Polizei hat am Dienstag in Basel einen Mann verhaftet.', 'Die Polizei hat einen Mann verhaftet.']),
    ("Der Zeuge, ein angeblicher Freund des Opfers, hat am Montag vor dem Bezirksgericht in Zürich ausgesagt.",
     80, ['Der Zeuge hat am Montag vor dem Bezirksgericht in Zürich ausgesagt.', 'Der Zeuge hat vor dem Bezirksgericht in Zürich ausgesagt.']),
    # dashes: an insertion may go, the source of an indicative claim stays
    ("Die Firma – ein Familienbetrieb aus Thun – streicht 200 Stellen, wie die Gewerkschaft am Montag mitteilte.",
     100, ["Die Firma – ein Familienbetrieb aus Thun – streicht 200 Stellen, wie die Gewerkschaft mitteilte.",
           "Die Firma streicht 200 Stellen."]),
    ("Die Firma, die seit Jahren Verluste schreibt – so die Gewerkschaft – streicht 200 Stellen.",
     80, ["Die Firma, die seit Jahren Verluste schreibt – so die Gewerkschaft – streicht 200 Stellen."]),
    # the same sentences at other lengths, and telegraphic
    ("Bundesrätin Karin Keller-Sutter, die Vorsteherin des Finanzdepartements, hat am Mittwoch in Bern ein neues Sparpaket vorgestellt.",
     140, ["Bundesrätin Karin Keller-Sutter, die Vorsteherin des Finanzdepartements, hat am Mittwoch in Bern ein neues Sparpaket vorgestellt.",
           "Bundesrätin Karin Keller-Sutter hat ein neues Sparpaket vorgestellt."]),
    ("Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz, wie er am Donnerstag mitteilte.",
     80, ["Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz."]),
    ("Der Bundesrat hat am Mittwoch beschlossen, die Kita-Tarife für Familien mit tiefem Einkommen ab Januar zu senken.",
     120, ["Der Bundesrat hat am Mittwoch beschlossen, die Kita-Tarife für Familien mit tiefem Einkommen ab Januar zu senken.",
           "Der Bundesrat hat beschlossen, die Kita-Tarife für Familien mit tiefem Einkommen ab Januar zu senken."]),
]


@pytest.mark.parametrize("sentence, max_chars, expected", CASES)
def test_variants_of_hand_written_sentences(sentence, max_chars, expected):
    got = variants(sentence, max_chars)
    assert [v.text for v in got] == expected
    fits = len(expected[0]) <= max_chars
    assert all(v.fits == fits for v in got)
    assert compress(sentence, max_chars).text == expected[0]


def test_telegraphic_forms_drop_the_leading_article():
    got = variants("Die Firma, die seit Jahren Verluste schreibt, streicht im Kanton Aargau 200 Stellen.", 60, telegraphic=True)
    assert [v.text for v in got] == ["Firma streicht im Kanton Aargau 200 Stellen.", "Firma streicht 200 Stellen."]
    assert got[-1].deleted == ["die seit Jahren Verluste schreibt", "im Kanton Aargau", "Die"]
    blick = load_style("blick")
    assert blick.apply(compress("Im Kanton Bern hat das Parlament am Montag das neue Polizeigesetz mit 98 zu 52 Stimmen gutgeheissen.",
                                95, telegraphic=True).text) \
        == "Im Kanton Bern hat das Parlament das neue Polizeigesetz mit 98 zu 52 Stimmen gutgeheissen"


def test_compress_keeps_its_signature_and_reports_fit():
    short = compress("Die Polizei ermittelt.", 100)
    assert short == Compressed("Die Polizei ermittelt.", [], True)
    long = compress("Die Gewerkschaft fordert nicht mehr Lohn, sondern kürzere Arbeitszeiten für alle Angestellten in der Pflege.", 60)
    assert not long.fits and long.text.endswith("in der Pflege.")  # never cut in mid-phrase
    assert variants("Die Polizei ermittelt.", 100, limit=0) == [short]
    assert compress("", 100).text == ""


def test_limit_keeps_the_longest_and_the_shortest_form():
    sentence = "Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz, wie er am Donnerstag mitteilte."
    every = [v.text for v in variants(sentence, 120, limit=10)]
    assert every == [sentence, "Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz, wie er mitteilte.",
                     "Der Konzern streicht weltweit 2000 Stellen, davon 300 in der Schweiz."]
    assert [v.text for v in variants(sentence, 120, limit=2)] == [every[0], every[-1]]
    assert [v.text for v in variants(sentence, 120, limit=1)] == [sentence]


# ---------------------------------------------------------------------------
# properties: every variant of a generated sentence keeps what carries meaning

SUBJECTS = ["Der Gemeinderat", "Die Kantonspolizei", "Anna Meier", "Der Stadtrat von Winterthur", "Die Firma Novatec", "Peter Huber"]
APPOSITIONS = {"Anna Meier": ", Kantonsrätin der SP,", "Peter Huber": ", der 58-jährige Stadtpräsident,"}
TIMES = ["", " am Mittwoch", " am Dienstagabend", " vor einer Woche", " im Herbst 2025", " gestern"]
PLACES = ["", " in Zürich", " im Kanton Bern", " in einer Mitteilung", " in der Schweiz"]
# (object and participle, numbers that are the main fact)
PREDICATES = [
    ("die Gebühren um 12 Prozent erhöht", ["12"]),
    ("200 Stellen gestrichen", ["200"]),
    ("den Antrag nicht angenommen", []),
    ("angeblich 4,5 Millionen Franken erhalten", ["4,5"]),
    ("keine neuen Schulden gemacht", []),
    ("die Pläne für das Stadion offenbar gestoppt", []),
    ("11'000 Haushalte ohne Strom gelassen", ["11'000"]),
    ("das Budget für 2026 verabschiedet", ["2026"]),
]
TAILS = [
    "", ", weil die Kosten gestiegen sind", ", wie die Behörden mitteilten", ", falls der Kanton zustimmt",
    ", und die Opposition hat das Referendum ergriffen", ": Die Gemeinde rechnet mit Mehrkosten", " – nach einer langen Debatte",
    ", obwohl niemand dafür war", ", wenn das Parlament zustimmt", ", die nach Angaben der Behörden sicher sind",
    ", was die Stadt bestätigte", ", sagte die Sprecherin",
]
CONDITIONS = ("falls der Kanton zustimmt", "wenn das Parlament zustimmt", "obwohl niemand dafür war")


@st.composite
def sentences(draw):
    subject = draw(st.sampled_from(SUBJECTS))
    appo = APPOSITIONS.get(subject, "") if draw(st.booleans()) else ""
    predicate, numbers = draw(st.sampled_from(PREDICATES))
    head = f"{subject}{appo} hat{draw(st.sampled_from(TIMES))}{draw(st.sampled_from(PLACES))} {predicate}"
    tail = draw(st.sampled_from(TAILS))
    if draw(st.booleans()):
        head = "Doch " + head[0].lower() + head[1:] if subject.startswith(("Der", "Die")) else head
    return head + tail + ".", numbers, head


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(w == x or (i == 0 and w.lower() == x.lower()) for x in it) for i, w in enumerate(short))


def _guarded(text: str) -> list[str]:
    low = " " + " ".join(w.lower() for w in _words(text)) + " "
    return sorted(g for g in GUARDED for _ in range(low.count(f" {g} ")))


@settings(max_examples=300, deadline=None)
@given(sentences(), st.integers(min_value=30, max_value=170), st.booleans(), st.integers(min_value=1, max_value=6))
def test_every_variant_keeps_what_carries_meaning(generated, max_chars, telegraphic, limit):
    sentence, numbers, head = generated
    got = variants(sentence, max_chars, telegraphic, limit)
    assert 1 <= len(got) <= limit
    texts = [v.text for v in got]
    assert len(set(texts)) == len(texts) and texts == sorted(texts, key=len, reverse=True)
    assert all(v.fits == (len(v.text) <= max_chars) for v in got)
    assert all(v.fits for v in got) or len(got) == 1
    source = _words(sentence)
    for v in got:
        assert _is_subsequence(_words(v.text), source), (v.text, sentence)
        # the head's negations and hedges stay; a whole clause may go with its own (never a relative clause's negation)
        assert set(_guarded(head)) <= set(_guarded(v.text)) <= set(_guarded(sentence)), (v.text, sentence)
        assert all(n in _words(v.text) for n in numbers), (v.text, numbers)
        assert len(find_numbers(v.text)) <= len(find_numbers(sentence))
        for condition in CONDITIONS:
            if condition in sentence:
                assert condition in v.text, (v.text, condition)
        assert v.text.endswith(".")  # never cut in mid-phrase: the sentence keeps its end


# ---------------------------------------------------------------------------
# the real checker: every variant of every sentence of an article is supported

ARTICLE_SENTENCES = list(dict.fromkeys(c[0] for c in CASES))


def test_every_variant_is_supported_by_the_checker():
    paragraphs = [Paragraph(" ".join(ARTICLE_SENTENCES[i:i + 3])) for i in range(0, len(ARTICLE_SENTENCES), 3)]
    checker = Checker.for_article(Article("compress-test", title="Sparpaket, Stellenabbau und Abstimmungen", paragraphs=paragraphs))
    assert len(checker.doc.sentences) == len(ARTICLE_SENTENCES)
    styles = [load_style(name) for name in ("blick", "20min", "de-DE")]
    for sentence in ARTICLE_SENTENCES:
        for max_chars in (60, 80, 100, 120, 140):
            for style in styles:
                for v in variants(sentence, max_chars, style.telegraphic):
                    result = checker.check(style.apply(v.text))
                    assert result.verdict == "supported", (v.text, result.problems)


def test_every_word_list_says_what_it_is_for():
    text = resources.files("darumgehts").joinpath("data", "de", "compress.toml").read_text("utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+ = ", line):
            assert lines[i - 1].startswith("#"), f"{line.split()[0]} in compress.toml needs a comment"

"""The checker's blind spots: errors a fluent summary makes, on articles written for these tests (fictional).

Each case: the article, the bullet, the verdict, the problem kind and the message an editor sees.
"""

import pytest

from darumgehts.check import Checker, check
from darumgehts.ingest import parse_text
from darumgehts.models import Article, Paragraph

ARTICLES = {
    "reform": """# Lauterbach will Klinikreform vor dem Sommer durchbringen

Gesundheitsminister Karl Lauterbach will die Krankenhausreform noch vor dem Sommer durch den Bundestag bringen. Die Reform soll die Finanzierung der Kliniken neu ordnen.

Künftig sollen die Spitäler nicht mehr nach Fallzahlen bezahlt werden. Die Länder kritisieren den Zeitplan. Bayerns Gesundheitsministerin Judith Gerlach sagte, die Reform gefährde die Versorgung auf dem Land.

Drei Stunden lang berieten die Minister am Mittwoch in Berlin. Die Zustimmung im Bundesrat gilt als unsicher. Lauterbach wies die Kritik zurück.
""",
    "bahn": """# Regionalzug kollidiert mit Lastwagen

Am Samstagmorgen ist zwischen Visp und Brig ein Regionalzug an einem unbewachten Bahnübergang mit einem Lastwagen kollidiert. Zwei Personen wurden verletzt, eine davon schwer.

Die Fahrgäste im Zug blieben unverletzt, wie die Kantonspolizei Wallis mitteilte. Die Strecke war bis am Nachmittag gesperrt. Ein Drittel der Verbindungen fiel aus.

Die Bahn will den Übergang bis Mitte Februar mit Schranken sichern. Die Arbeiten dauern jeweils drei Stunden pro Nacht.
""",
    "stadtrat": """# Zürich streicht Parkplätze

Der Zürcher Stadtrat will an der Langstrasse 120 Parkplätze aufheben. An ihrer Stelle sollen Velowege und Bäume entstehen.

Das Gewerbe wehrt sich gegen den Plan. Die Mehrheit der Ladenbesitzer befürchtet weniger Kundschaft, wie eine Umfrage zeigt. Der Gemeinderat entscheidet im Frühling.
""",
    "tarif": """# Neue Tarife in Leipzig

Ein Einzelfahrschein kostet künftig 4.60 Euro, bisher waren es 4.20 Euro. Die Verkehrsbetriebe begründen den Aufschlag mit höheren Kosten für Personal und Energie.

Beim Stadtlauf am Sonntag lief der Sieger die 100 Meter in 9.58 Sekunden.
""",
    "wetter": """# Der Klimawandel macht das Wetter schwerer berechenbar

Wegen des Klimawandels werden die Wettervorhersagen in den Alpen ungenauer, sagt der Meteorologe Urs Brunner. Die Modelle stossen bei Gewittern an ihre Grenzen.

Brunner rechnet mit ungenaueren Wettervorhersagen für die Bergregionen. Der Wetterdienst will deshalb mehr Messstationen bauen.
""",
    "fussball": """# Thun hofft auf die Wende

Torhüter Marco Zuberbühler ist kritisch zu seiner Rückkehr in die Startelf. Er habe noch Schmerzen im Knie, sagte er nach dem Training.

Trainer Stefan Keller lobte die Mannschaft für den Einsatz. Am Samstag spielt Thun gegen Sion.
""",
    "ryanair": """# Ryanair-Chef gegen Alkoholverbot

Ryanair-Chef Michael O'Leary will Alkohol im Flugzeug nicht verbieten. Er fordert stattdessen, den Ausschank an Flughäfen zu begrenzen.

Betrunkene Passagiere seien ein wachsendes Problem, sagte O'Leary der Zeitung. Die Airline habe im vergangenen Jahr 300 Flüge umleiten müssen.
""",
    "ryanair2": """# O'Leary gegen Verbote

Ryanair-Chef Michael O'Leary will Alkohol im Flugzeug keinesfalls verbieten. Er fordert stattdessen strengere Kontrollen an den Flughäfen.
""",
}


@pytest.fixture(scope="module")
def checkers():
    return {name: Checker.for_article(parse_text(text, name)) for name, text in ARTICLES.items()}


# article, bullet, verdict, problem kind, message
ERRORS = [
    ("reform", "Gesundheitsminister Lambrecht will die Krankenhausreform vor dem Sommer durch den Bundestag bringen",
     "contradicted", "name", "An dieser Stelle nennt der Artikel «Karl Lauterbach», nicht «Lambrecht»."),
    ("reform", "Die Länder kritisieren den Managementgehälter-Zeitplan",
     "unsupported", "word", "Das Wort «Managementgehälter» kommt im Artikel nicht vor."),
    ("reform", "Gerlach sagte, die Reform gefährde die Versorgung in den Städten",
     "contradicted", "word", "An dieser Stelle steht im Artikel «Land», nicht «Städten»."),
    ("reform", "Lauterbach will die Reform erst nach dem Sommer durch den Bundestag bringen",
     "contradicted", "swap", "Der Artikel sagt «vor», nicht «nach»."),
    ("stadtrat", "Der Berner Stadtrat will an der Langstrasse 120 Parkplätze aufheben",
     "contradicted", "name", "An dieser Stelle nennt der Artikel «Zürcher», nicht «Berner»."),
    ("stadtrat", "Der Stadtrat will an der Langstrasse 120 Busspuren aufheben",
     "contradicted", "word", "An dieser Stelle steht im Artikel «Parkplätze», nicht «Busspuren»."),
    ("stadtrat", "Die Hälfte der Ladenbesitzer befürchtet weniger Kundschaft",
     "contradicted", "swap", "Der Artikel sagt «Die Mehrheit», nicht «Die Hälfte»."),
    ("bahn", "Zwischen Visp und Zermatt kollidierte ein Regionalzug mit einem Lastwagen",
     "contradicted", "name", "An dieser Stelle nennt der Artikel «Brig», nicht «Zermatt»."),
    ("bahn", "Ein Regionalzug ist bei Sion mit einem Lastwagen kollidiert",
     "unsupported", "name", "Der Name «Sion» kommt im Artikel nicht vor."),
    ("bahn", "Am Sonntagmorgen ist ein Regionalzug mit einem Lastwagen kollidiert",
     "contradicted", "date", "Der Artikel nennt «Samstagmorgen», nicht «Sonntagmorgen»."),
    ("bahn", "Die Strecke war bis am Abend gesperrt",
     "contradicted", "date", "Der Artikel nennt «Nachmittag», nicht «Abend»."),
    ("bahn", "Drei Personen wurden verletzt, eine davon schwer",
     "contradicted", "number", "Der Artikel nennt «Zwei», nicht «Drei»."),
    ("bahn", "Zwei Personen wurden verletzt, beide davon schwer",
     "contradicted", "swap", "Der Artikel sagt «eine», nicht «beide»."),
    ("bahn", "Die Hälfte der Verbindungen fiel aus",
     "contradicted", "swap", "Der Artikel sagt «Ein Drittel», nicht «Die Hälfte»."),
    ("bahn", "Ein Regionalzug ist an einem unbewachten Bahnübergang mit einem Traktor kollidiert",
     "contradicted", "word", "An dieser Stelle steht im Artikel «Lastwagen», nicht «Traktor»."),
    ("bahn", "Ein Regionalzug ist an einem bewachten Bahnübergang mit einem Lastwagen kollidiert",
     "contradicted", "polarity", "Der Artikel sagt «unbewachten», nicht «bewachten»."),
    ("bahn", "Die Fahrgäste im Zug wurden verletzt",
     "contradicted", "polarity", "Der Artikel sagt «unverletzt», nicht «verletzt»."),
    ("bahn", "Der Regionalzug kollidierte mit einem Traktor",
     "contradicted", "word", "An dieser Stelle steht im Artikel «Lastwagen», nicht «Traktor»."),
    ("bahn", "Ein Traktor blockierte die Gleise", "unsupported", "content",
     "Die Aussage lässt sich im Artikel nicht finden. Die Wörter «Traktor», «blockierte» und «Gleise» kommen im Artikel nicht vor."),
    ("bahn", "Der Bahnübergang bei Leuk war unbewacht", "unsupported", "name", "Der Name «Leuk» kommt im Artikel nicht vor."),
    ("wetter", "Der Meteorologe Urs Brunner rechnet mit genaueren Wettervorhersagen für die Bergregionen",
     "contradicted", "polarity", "Der Artikel sagt «ungenaueren», nicht «genaueren»."),
    ("fussball", "Keller ist kritisch zu seiner Rückkehr in die Startelf",
     "contradicted", "name", "An dieser Stelle nennt der Artikel «Marco Zuberbühler», nicht «Keller»."),
    ("ryanair", "O'Leary fordert, Alkohol im Flugzeug zu verbieten",
     "contradicted", "negation", "Im Artikel ist die Aussage verneint («nicht»), im Bullet nicht."),
    ("ryanair", "Ryanair-Chef O'Leary will Alkohol im Flugzeug verbieten",
     "contradicted", "negation", "Im Artikel ist die Aussage verneint («nicht»), im Bullet nicht."),
    ("ryanair2", "O'Leary fordert, Alkohol im Flugzeug zu verbieten",
     "contradicted", "negation", "Im Artikel ist die Aussage verneint («keinesfalls»), im Bullet nicht."),
    ("reform", "Die Ablehnung im Bundesrat gilt als unsicher",
     "contradicted", "polarity", "Der Artikel sagt «Zustimmung», nicht «Ablehnung»."),
]


@pytest.mark.parametrize("article, bullet, wanted, kind, message", ERRORS)
def test_errors_are_flagged_with_a_message_for_editors(checkers, article, bullet, wanted, kind, message):
    result = checkers[article].check(bullet)
    assert result.verdict == wanted, result.problems
    found = [p for p in result.problems if p.kind == kind]
    assert found, result.problems
    assert found[0].message == message


FAITHFUL = [
    ("reform", "Lauterbach will die Reform vor dem Sommer durch den Bundestag bringen"),
    ("reform", "Die Länder kritisieren den Zeitplan der Krankenhausreform"),
    ("reform", "Die bayerische Gesundheitsministerin warnt, die Reform gefährde die Versorgung auf dem Land"),
    ("reform", "Lauterbach will die Klinikreform vor dem Sommer durchbringen"),
    ("reform", "Die Minister berieten drei Stunden lang in Berlin"),
    ("bahn", "Zwischen Visp und Brig kollidierte ein Zug mit einem Lastwagen"),
    ("bahn", "Zwei Menschen wurden verletzt, einer davon schwer"),
    ("bahn", "Die Passagiere blieben unverletzt"),
    ("bahn", "Die Bahn will den Übergang bis Mitte Februar sichern"),
    ("bahn", "Die Walliser Kantonspolizei meldet zwei Verletzte"),
    ("stadtrat", "Zürich will an der Langstrasse 120 Parkplätze streichen"),
    ("stadtrat", "Statt Parkplätzen sollen Velowege und Bäume entstehen"),
    ("tarif", "Ein Einzelfahrschein kostet künftig 4,60 Euro"),
    ("tarif", "Der Sieger lief die 100 Meter in 9,58 Sekunden"),
    ("wetter", "Die Wetterprognosen in den Alpen werden ungenauer"),
    ("fussball", "Zuberbühler ist kritisch zu seiner Rückkehr"),
    ("ryanair", "O'Leary will Alkohol im Flugzeug nicht verbieten"),
]


@pytest.mark.parametrize("article, bullet", FAITHFUL)
def test_faithful_bullets_pass(checkers, article, bullet):
    result = checkers[article].check(bullet)
    assert result.verdict == "supported", result.problems


def test_a_month_after_mitte_is_not_a_party(checkers):
    result = checkers["bahn"].check("Bis Mitte März will die Bahn den Übergang sichern")
    assert [p.text for p in result.problems if p.kind == "name"] == []
    assert [(p.kind, p.message) for p in result.problems if p.verdict] == [("date", "Der Artikel nennt «Februar», nicht «März».")]


def test_a_loose_paraphrase_passes_with_a_note_for_the_editor(checkers):
    result = checkers["wetter"].check("Meteorologe Brunner erwartet künftig unzuverlässigere Prognosen in den Bergen")
    assert result.verdict == "supported", result.problems
    [note] = [p for p in result.problems if p.kind == "word"]
    assert (note.severity, note.verdict) == ("warning", None)
    assert note.message.startswith("Die Wörter «erwartet»") and note.message.endswith("Bitte prüfen, ob es das Gleiche meint.")


def test_an_unsupported_bullet_quotes_its_closest_sentence(checkers):
    result = checkers["bahn"].check("Der Bahnübergang bei Leuk war unbewacht")
    [problem] = [p for p in result.problems if p.verdict]
    [span] = problem.evidence
    assert checkers["bahn"].doc.text[span.start:span.end].startswith("Am Samstagmorgen ist zwischen Visp und Brig")


def test_a_bullet_is_analysed_like_an_article_sentence():
    from darumgehts.analyse import analyse, analyse_sentence
    from darumgehts.models import Article, Paragraph

    art = Article("x", lead="Zwei Personen wurden am Samstag in Visp verletzt.", paragraphs=[Paragraph("Die Bahn zahlt 4.60 Euro.")])
    doc = analyse(art)
    assert art.text == doc.text == "Zwei Personen wurden am Samstag in Visp verletzt.\n\nDie Bahn zahlt 4.60 Euro."
    bullet = analyse_sentence(doc.sentences[0].text)
    first = doc.sentences[0]
    assert (bullet.tokens, bullet.lemmas, bullet.content) == (first.tokens, first.lemmas, first.content)
    assert [n.text for n in bullet.names] == [n.text for n in first.names] == ["Visp"]
    assert [n.value for n in bullet.numbers] == [n.value for n in first.numbers] == [2]


STREIK = Article("streik", title="Warnstreik legt Verkehr lahm", paragraphs=[Paragraph(
    "Die Industrie- und Handelskammer warnt vor Staus. In Nordrhein-Westfalen streiken die Lokführer. "
    "Der Deutsche Wetterdienst warnt vor Hitze. Die Schweizerischen Bundesbahnen fahren nach Plan.")])


@pytest.mark.parametrize("bullet, wanted", [
    ("IHK warnt vor Staus", "supported"),  # the table spells it out
    ("In NRW streiken die Lokführer", "supported"),
    ("DWD warnt vor Hitze", "supported"),
    ("SBB fahren nach Plan", "supported"),  # initials of the words in a row, inflected
    ("ABC warnt vor Staus", "unsupported"),
])
def test_acronyms_of_names_the_article_spells_out(bullet, wanted):
    assert check(STREIK, [bullet])[0].verdict == wanted

"""Discourse: does a bullet read on its own, and can its opening be made to?

All sentences here are written for the tests (people and events are made up).
"""

import pytest

from darumgehts.analyse.discourse import anaphor, anaphoric_start, noncontent, prefix, resolve
from darumgehts.models import NameMention


@pytest.mark.parametrize(
    "text",
    [
        "Er kam erst nach Mitternacht nach Hause.",
        "Sie will im Herbst wieder kandidieren.",
        "Dies zeigt, wie ernst die Lage ist.",
        "Dabei wurden drei Personen verletzt.",
        "Dieser Teuerungsausgleich gilt ab Januar.",
        "Der 29-Jährige traf zweimal.",
        "Die 45-Jährige wurde leicht verletzt.",
        "Das liegt an den hohen Energiepreisen.",
        "Das teilte die Polizei am Montag mit.",
        "Auch er war gegen die Vorlage.",
        "Laut ihm ist das Team bereit.",
        "Doch sie lehnte das Angebot ab.",
        "Die Partei will das Referendum ergreifen.",
        "Das Unternehmen streicht 200 Stellen.",
        "Der Stürmer traf in der Nachspielzeit.",
        "Der Mann wurde noch am Tatort festgenommen.",
        "Es ist ein Skandal.",
        "Es handelt sich um einen 45-jährigen Schweizer.",
        "«Das ist falsch», sagte die Präsidentin.",
        "Seine Partei ist dagegen.",
        "So sagte er es jedenfalls vor den Medien.",
        "Die meisten sind dagegen.",
        "Die meisten klangen enttäuscht.",
        "Dazu kommt: Die Mieten steigen weiter.",
        "18:17 Uhr - Er sagte nichts dazu.",
    ],
)
def test_sentences_that_point_back(text):
    assert anaphoric_start(text)


@pytest.mark.parametrize(
    "text",
    [
        "Das Parlament hat die Vorlage angenommen.",
        "Die SVP ergreift das Referendum.",
        "Die Polizei sucht Zeugen.",
        "Der Bundesrat hat am Mittwoch entschieden.",
        "Es gibt keine Alternativen.",
        "Es regnet seit Tagen im Tessin.",
        "Es ist unklar, ob die Vorlage durchkommt.",
        "Es wurden drei Personen verletzt.",
        "Es kam zu Ausschreitungen in der Innenstadt.",
        "Es stellt sich die Frage, wer das bezahlt.",
        "Es gehe für ihn nur um den Verein.",
        "Es habe in der Vergangenheit Unstimmigkeiten gegeben.",
        "Es wurde noch kein Urteil gefällt.",
        "Es wird ein 14-jähriges Mädchen vermisst.",
        "Es sei großartig für ihn, in der Champions League zu spielen.",
        "Der Präsident der USA reist nach Genf.",
        "Der Stürmer Breel Nkoulou traf zweimal.",
        "Damit die Schweiz ihre Ziele erreicht, braucht es mehr Geld.",
        "Diese Woche entscheidet das Parlament über das Budget.",
        "Dort, wo früher Kühe weideten, steht heute ein Einkaufszentrum.",
        "So viele Menschen wie nie kamen an die Demonstration.",
        "Die neue Regel gilt ab Januar.",
        "Die meisten Parteien sind dagegen.",
        "Die beiden ersten Spiele waren hart.",
        "Die offenen Fragen klärt das Gericht.",
        "In seiner Rede sagte Alain Berset, die Lage sei ernst.",
    ],
)
def test_sentences_that_stand_on_their_own(text):
    assert not anaphoric_start(text)


def test_the_anaphor_says_what_kind_it_is_and_where_it_is():
    a = anaphor("Doch er lehnte ab.")
    assert (a.kind, a.gender, "Doch er lehnte ab."[a.start:a.end]) == ("pronoun", "m", "er")
    assert anaphor("Die 45-Jährige wurde verletzt.").gender == "f"
    assert anaphor("Das Parlament tagt.") is None


KELLER = "Bundesrätin Karin Keller-Sutter hat am Montag das Budget vorgestellt."
YAKIN = "Trainer Murat Yakin hat das Aufgebot für die WM bekannt gegeben."
SOMMER = "Yann Sommer hielt im Final zwei Penaltys."
RUEEGSEGGER = "Anna Rüegsegger gewann den Wettbewerb in Thun."


@pytest.mark.parametrize(
    "prev, text, expected",
    [
        # a pronoun becomes the one person of its gender named just before
        ([KELLER], "Sie rechnet mit einem Defizit von 2 Milliarden Franken.",
         "Karin Keller-Sutter rechnet mit einem Defizit von 2 Milliarden Franken."),
        ([YAKIN], "Er setzt auf drei neue Spieler.", "Murat Yakin setzt auf drei neue Spieler."),
        ([YAKIN], "Auch er war von der Auslosung überrascht.", "Auch Murat Yakin war von der Auslosung überrascht."),
        ([YAKIN], "Laut ihm ist das Team bereit.", "Laut Murat Yakin ist das Team bereit."),
        (["Der Polizist Marco Steiner rettete das Kind aus dem Wasser."], "Ihm wurde eine Auszeichnung verliehen.",
         "Marco Steiner wurde eine Auszeichnung verliehen."),
        (["Die Polizei hat Peter Gerber am Bahnhof Bern verhaftet."], "Er wird verdächtigt, drei Autos gestohlen zu haben.",
         "Peter Gerber wird verdächtigt, drei Autos gestohlen zu haben."),
        (["Gemeindepräsident Peter Hürlimann hat am Abend informiert."], "Seine Gemeinde zählt 4000 Einwohner.",
         "Peter Hürlimanns Gemeinde zählt 4000 Einwohner."),
        (["Nationalrat Thomas Marti stimmte gegen die Vorlage."], "Doch seine Fraktion folgte ihm nicht.",
         "Doch Thomas Martis Fraktion folgte ihm nicht."),
        # ... also along a chain of the same pronoun
        (["Simon Ammann gewann 2002 zwei Goldmedaillen.", "Er war damals 20 Jahre alt."], "Er springt noch heute im Weltcup.",
         "Simon Ammann springt noch heute im Weltcup."),
        # ... and to a speaker the dictionary does not know as a name
        (["«Wir müssen jetzt handeln», sagte Meierhans."], "Er fordert ein Sofortprogramm.", "Meierhans fordert ein Sofortprogramm."),
        # an age or role description gets the name next to it
        ([SOMMER], "Der 29-Jährige wurde zum besten Spieler gewählt.", "Der 29-jährige Yann Sommer wurde zum besten Spieler gewählt."),
        ([RUEEGSEGGER], "Die 45-Jährige erhält ein Preisgeld von 10'000 Franken.",
         "Die 45-jährige Anna Rüegsegger erhält ein Preisgeld von 10'000 Franken."),
        (["Yann Sommer (29) hielt zwei Penaltys."], "Der 29-Jährige wurde gefeiert.", "Der 29-jährige Yann Sommer wurde gefeiert."),
        ([YAKIN], "Der Trainer setzt auf junge Spieler.", "Der Trainer Murat Yakin setzt auf junge Spieler."),
        (["Die Polizei hat Peter Gerber am Bahnhof Bern verhaftet."], "Der Mann soll drei Autos gestohlen haben.",
         "Peter Gerber soll drei Autos gestohlen haben."),
        # a demonstrative becomes the definite article, in the same case
        ([], "Dieser Teuerungsausgleich soll 2,5 Prozent betragen.", "Der Teuerungsausgleich soll 2,5 Prozent betragen."),
        ([], "Diese Massnahme kostet den Bund jährlich 20 Millionen Franken.", "Die Massnahme kostet den Bund jährlich 20 Millionen Franken."),
        ([], "Diesen Entscheid kritisierte die SP scharf.", "Den Entscheid kritisierte die SP scharf."),
        ([], "Diesem Vorschlag stimmte der Nationalrat mit 120 zu 60 Stimmen zu.", "Dem Vorschlag stimmte der Nationalrat mit 120 zu 60 Stimmen zu."),
        ([], "Auch diese neue Regel gilt ab Januar.", "Auch die neue Regel gilt ab Januar."),
        ([], "Jenes Projekt wurde 2019 gestoppt.", "Das Projekt wurde 2019 gestoppt."),
        # a lead-in before a colon may go when a full sentence follows
        ([], "Dazu kommt: Die Mieten steigen weiter.", "Die Mieten steigen weiter."),
        ([], "Der Grund: Die Nachfrage nach Strom ist stark gestiegen.", "Die Nachfrage nach Strom ist stark gestiegen."),
        # nothing to resolve: the sentence comes back as it is
        ([], "Das Parlament hat die Vorlage angenommen.", "Das Parlament hat die Vorlage angenommen."),
        ([], "Es gibt keine Alternativen.", "Es gibt keine Alternativen."),
    ],
)
def test_resolves_when_safe(prev, text, expected):
    assert resolve(prev, text) == expected


@pytest.mark.parametrize(
    "prev, text",
    [
        (["Alain Berset hat den Plan vorgestellt."], "Er sieht Kosten von zwei Milliarden Franken vor."),  # the plan
        (["Der Richter verurteilte Peter Gerber zu drei Jahren Haft."], "Er will das Urteil weiterziehen."),  # judge or convict?
        (["Yann Sommer und Gregor Kobel standen beide im Tor."], "Der 29-Jährige wurde zum besten Spieler gewählt."),
        (["Yann Sommer (31) hielt zwei Penaltys."], "Der 29-Jährige wurde gefeiert."),  # wrong age
        ([RUEEGSEGGER], "Sie erhalten je 10'000 Franken."),  # plural verb: not her
        (["Die SVP und Anna Rüegsegger haben das Referendum ergriffen."], "Sie sammelt Unterschriften."),
        (["Anna Rüegsegger stellte die Studie vor."], "Sie zeigt, dass die Mieten steigen."),  # the study
        (["Ralf Meier und Laura Kunz leiten das Projekt."], "Sie sagt, es laufe gut."),
        ([YAKIN], "Der Stürmer fehlt verletzt."),  # Yakin is no striker
        (["Die Polizei hat Peter Gerber in Bern verhaftet."], "Der junge Mann soll drei Autos gestohlen haben."),
        (["Peter Gerber trat am Montag zurück."], "Er habe nichts gewusst, sagte Anwalt Urs Kälin."),  # who is «er»?
        (["Peter Gerber trat am Montag zurück."], "Sein Amt übernimmt Vizepräsident Urs Kälin."),
        (["Die Regierung hat am Montag entschieden."], "Er sagte, die Lage sei ernst."),  # nobody named
        ([], "Er sagte, die Lage sei ernst."),  # first sentence of the paragraph
        ([YAKIN], "«Er ist bereit», sagte der Präsident."),  # inside a quotation
        (["Murat Yakin sagte: «Wir sind bereit."], "Er ist in Form.»"),  # a quotation continues
        ([], "Dabei wurden drei Personen verletzt."),  # deleting «Dabei» leaves a question
        ([], "Damit ist die Sache erledigt."),
        ([], "Das liegt an den hohen Energiepreisen."),
        ([], "Es ist ein Skandal."),
        ([], "Dies bestätigte die Polizei am Montag."),
        ([], "Diese sind seit Jahren bekannt."),
        ([], "Diese machen Währungen für Anleger weniger attraktiv."),  # a pronoun, not «Diese Währungen»
        ([], "Die Partei will das Referendum ergreifen."),
        ([], "Und: die Behandlung kostet mehr."),  # no full sentence after the colon
        (["Im Cup traf Gerassimow zweimal."], "Dieser Gerassimow ist kaum zu stoppen."),  # a name takes no article
    ],
)
def test_refuses_when_not_safe(prev, text):
    assert resolve(prev, text) is None


def test_resolve_takes_the_names_the_analyser_found():
    prev = ["Nach dem Spiel sprach Goalie Sven Meierhofer."]
    names = [[NameMention("Sven Meierhofer", 1000, 1015)]]
    assert resolve(prev, "Er lobte die Abwehr.", names) == "Sven Meierhofer lobte die Abwehr."
    assert resolve(prev, "Er lobte die Abwehr.", [["Sven Meierhofer"]]) == "Sven Meierhofer lobte die Abwehr."


@pytest.mark.parametrize(
    "text, reason",
    [
        ("18:17 Uhr", "timestamp"),
        ("Mo, 3. Mai 2021, 14:05 Uhr", "timestamp"),
        ("Publiziert: 12.10.2022, 08:15", "publication date"),
        ("Lesen Sie auch: Die Preise steigen weiter", "link to another article"),
        ("Mehr zum Thema", "link to another article"),
        ("Das könnte Sie auch interessieren", "link to another article"),
        ("Wenn du zustimmst, können Cookies gesetzt und Daten an externe Anbieter übermittelt werden.", "consent or cookie notice"),
        ("Externe Inhalte", "consent or cookie notice"),
        ("Um diesen Inhalt zu sehen, müssen Sie der Verwendung zustimmen.", "consent or cookie notice"),
        ("Ja, unbedingt.", "poll answer"),
        ("Nein, das ist mir egal.", "poll answer"),
        ("Weiss nicht.", "poll answer"),
        ("Jetzt abonnieren", "newsletter or paywall"),
        ("Dieser Artikel ist nur für Abonnenten verfügbar.", "newsletter or paywall"),
        ("An dieser Stelle beenden wir unseren Liveticker.", "live-ticker line"),
        ("Foto: Keystone", "image credit"),
        ("(Foto: AP)", "image credit"),
        ("Von Anna Muster", "byline"),
        ("Hinweis: Die Grafik wird täglich aktualisiert.", "editorial note"),
        ("Mehr Informationen folgen.", "update placeholder"),
        ("Anzeige", "advertisement"),
    ],
)
def test_flags_what_is_not_article_content(text, reason):
    assert noncontent(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Die Preise steigen um 3 Prozent.",
        "Nein, urteilt das Bundesgericht.",
        "Ja, das Parlament hat entschieden, sagte sie.",
        "Um 18:17 Uhr brach das Feuer aus.",
        "Cookies sind kleine Dateien, die Websites auf dem Gerät speichern.",
        "Das Foto zeigt den Bundesrat bei der Ankunft.",
        "Der Liveticker ist ein beliebtes Format.",
        "Die Mos",  # a cut-off sentence is no byline
    ],
)
def test_article_content_is_not_flagged(text):
    assert noncontent(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("18:17 Uhr - Republikaner gewinnen das Repräsentantenhaus", "18:17 Uhr - "),
        ("12.10 Uhr: Der Bundesrat informiert.", "12.10 Uhr: "),
        ("Tagesschau.de: Wie geht es weiter?", "Tagesschau.de: "),
        ("(dpa) – Die Preise steigen.", "(dpa) – "),
        ("Berlin (dpa) - Die Preise steigen.", "Berlin (dpa) - "),
        ("ZÜRICH – Die Preise steigen.", "ZÜRICH – "),
        ("Update: Die Polizei hat den Mann gefunden.", "Update: "),
        ("Eilmeldung: Der Papst ist zurückgetreten.", "Eilmeldung: "),
        ("+++ 14:05 +++ Der Bundesrat informiert.", "+++ 14:05 +++ "),
        ("Detailansicht öffnen (Foto: AP) Die Preise steigen.", "Detailansicht öffnen (Foto: AP) "),
        ("Gerassimow: Das war ein Fehler.", "Gerassimow: "),
    ],
)
def test_finds_prefixes(text, expected):
    assert prefix(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Um 18:17 Uhr brach das Feuer aus.",
        "14.30 Uhr startet die Maschine in Zürich.",
        "Fazit: Die Preise steigen weiter.",
        "Die Preise steigen.",
        "18:17 Uhr",  # a prefix alone is no prefix: noncontent() says what it is
    ],
)
def test_no_prefix(text):
    assert prefix(text) is None

"""The checker: verdicts a newsroom editor would agree with, on articles written for these tests."""

import json

import pytest
from click.testing import CliRunner

from darumgehts.check import Checker, check
from darumgehts.cli import main
from darumgehts.ingest import parse_text

from .conftest import ARTICLE_TEXT, FIXTURES

SOLDATEN = FIXTURES / "soldaten.md"


@pytest.fixture(scope="module")
def soldaten():
    return Checker.for_article(parse_text(SOLDATEN.read_text("utf-8"), "soldaten"))


@pytest.fixture(scope="module")
def zvv():
    return Checker.for_article(parse_text(ARTICLE_TEXT, "zvv"))


def verdict(checker, bullet):
    return checker.check(bullet).verdict


def test_the_swiss_box_case(soldaten):
    """1500 and 3500 are in the article, 11'000 is not: the smallest case that must be right."""
    results = [soldaten.check(b) for b in ("Etwa 1500 nordkoreanische Soldaten getötet", "3500 verwundet",
                                           "insgesamt 11'000 stationiert")]
    assert [r.verdict for r in results[:2]] == ["supported", "supported"]
    bad = results[2]
    assert bad.verdict == "unsupported"
    assert [(p.kind, p.text) for p in bad.problems] == [("number", "11'000")]
    assert bad.problems[0].message == "Diese Zahl («11'000») kommt im Artikel nicht vor."
    assert (bad.problems[0].start, bad.problems[0].end) == (10, 16)


@pytest.mark.parametrize("bullet", [
    "Rund 11.000 Abonnenten sind nicht betroffen",
    "Rund 11 000 Abonnenten sind nicht betroffen",
    "Rund 11000 Abonnenten sind nicht betroffen",
    "Die Preise steigen um 3,5 Prozent",
    "Ein Einzelbillett kostet neu Fr. 4.60",
    "Dem Verbund fehlen sonst jährlich 28 Mio. Franken",
    "Die Energiekosten sind seit 2022 um fast 40 Prozent gestiegen",
    "Die Energiekosten sind seit 2022 um 38 Prozent gestiegen",  # «fast 40» covers 34–40
])
def test_numbers_in_every_form_are_supported(zvv, bullet):
    result = zvv.check(bullet)
    assert result.verdict == "supported", result.problems


@pytest.mark.parametrize("bullet, wanted, kind", [
    ("Dem Verbund fehlen sonst jährlich 28 Mrd. Franken", "contradicted", "number"),  # magnitude
    ("Dem Verbund fehlen sonst jährlich 28 Millionen Euro", "contradicted", "number"),  # unit
    ("Rund 1800 junge Soldaten kamen ums Leben", "contradicted", "number"),  # same thing counted differently
    ("Die Preise steigen um 5 Prozent", "contradicted", "number"),
    ("Die Nato will die Lage am Montag besprechen", "contradicted", "date"),
    ("Die Soldaten waren im Frühling 2025 verlegt worden", "contradicted", "date"),
    ("Die Soldaten waren im Herbst 2024 verlegt worden", "contradicted", "date"),  # the article says 2025
    ("Die Soldaten waren im Herbst 2025 in Moskau stationiert", "unsupported", "name"),
    ("Generalstabschef Sergej Schoigu soll die Verluste als tragbar bezeichnet haben", "contradicted", "name"),
    ("Die Regierung hat die Zahlen kommentiert", "contradicted", "negation"),
    ("Die Nato will die Lage in Brüssel nicht besprechen", "contradicted", "negation"),
    ("Gerassimow soll die Verluste als «durchaus tragbar» bezeichnet haben", "contradicted", "quote"),
    ("Gerassimow sprach von «einer Katastrophe für das Land»", "unsupported", "quote"),
    ("Der Zoo hat einen neuen Elefanten bekommen", "unsupported", "content"),
])
def test_errors_are_caught_with_the_right_kind(soldaten, zvv, bullet, wanted, kind):
    checker = zvv if ("Verbund" in bullet or "Preise" in bullet) else soldaten
    result = checker.check(bullet)
    assert result.verdict == wanted, result.problems
    assert kind in [p.kind for p in result.problems]


@pytest.mark.parametrize("bullet", [
    "Gerassimow soll die Verluste als tragbar bezeichnet haben",  # short form of Waleri Gerassimow
    "Gerassimows Urteil: die Verluste seien «tragbar»",  # inflected; quote in another style
    "Laut Nato-Angaben will die Nato die Lage besprechen",
    "Die Regierung hat die Zahlen nicht kommentiert",
    "Wie viele Soldaten es insgesamt sind, nennt der Bericht nicht",
    "Die Nato bespricht die Lage am Freitag in Brüssel",
])
def test_faithful_bullets_are_supported(soldaten, bullet):
    result = soldaten.check(bullet)
    assert result.verdict == "supported", result.problems


def test_a_dropped_hedge_is_a_warning_not_a_failure(soldaten):
    result = soldaten.check("Gerassimow bezeichnete die Verluste als «tragbar»")
    assert result.verdict == "supported"
    [hedge] = result.problems
    assert (hedge.kind, hedge.severity, hedge.verdict) == ("hedge", "warning", None)
    assert "«soll»" in hedge.message


def test_evidence_points_at_the_supporting_sentence(soldaten):
    result = soldaten.check("3500 weitere wurden verwundet")
    [span] = result.evidence
    assert soldaten.doc.text[span.start:span.end].startswith("3500 weitere wurden verwundet")


def test_check_function_and_summaries_carry_evidence():
    art = parse_text(ARTICLE_TEXT, "zvv")
    assert [r.verdict for r in check(art, ["Die Jahreskarte wird um 40 Franken teurer", "Die Jahreskarte wird im Januar gratis"])] == \
        ["supported", "unsupported"]


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_exit_codes_and_json(tmp_path):
    ok = run("check", str(SOLDATEN), "--bullet", "3500 verwundet", "--format", "json")
    assert ok.exit_code == 0
    data = json.loads(ok.output)
    assert data["bullets"][0]["verdict"] == "supported" and set(data["bullets"][0]["evidence"][0]) == {"sentence", "start", "end"}
    bad = run("check", str(SOLDATEN), "--bullet", "3500 verwundet", "--bullet", "insgesamt 11'000 stationiert")
    assert bad.exit_code == 1
    assert "? insgesamt [11'000] stationiert" in bad.output and "Satz 4" in bad.output
    bullets = tmp_path / "bullets.txt"
    bullets.write_text("- 3500 verwundet\n• Rund 1500 Soldaten starben\n", "utf-8")
    assert run("check", str(SOLDATEN), "--bullets-file", str(bullets)).exit_code == 0
    (tmp_path / "b.json").write_text(json.dumps(["Insgesamt 11'000 stationiert"]), "utf-8")
    assert run("check", str(SOLDATEN), "--bullets-file", str(tmp_path / "b.json")).exit_code == 1


def test_cli_input_errors_exit_2(tmp_path):
    assert run("check", str(SOLDATEN)).exit_code == 2  # no bullets
    empty = tmp_path / "leer.txt"
    empty.write_text("", "utf-8")
    result = run("check", str(empty), "--bullet", "x")
    assert result.exit_code == 2 and "the article is empty" in result.output


class _FlippingBackend:
    """A real backend, registered as a plugin, that turns the lead around and invents a number."""

    @staticmethod
    def make():
        from darumgehts.backends import Backend
        from darumgehts.models import Draft

        class Flipping(Backend):
            id = "test-flipping"
            description = "test double: a negation flip and an invented number"

            def draft(self, doc, count):
                return [Draft("Die Regierung hat die Zahlen kommentiert"), Draft("Insgesamt 11'000 Soldaten stationiert"),
                        Draft("3500 weitere wurden verwundet")]

        return Flipping


def test_pipeline_checks_every_bullet_and_keeps_editors_in_charge():
    import darumgehts
    from darumgehts.backends import hookimpl, register_plugin

    class Plugin:
        @hookimpl
        def register_backends(self, register):
            register(_FlippingBackend.make())

    register_plugin(Plugin(), name="test-flipping")
    box = darumgehts.summarize(SOLDATEN.read_text("utf-8"), backend="test-flipping")
    assert box.status == "needs_review"
    assert [b.verdict for b in box.bullets] == ["contradicted", "unsupported", "supported"]
    assert box.bullets[0].problems[0].kind == "negation"
    assert box.bullets[2].sources and box.bullets[2].sources[0].sentence == 1  # evidence becomes the source


def test_extractive_boxes_carry_checked_evidence():
    import darumgehts

    box = darumgehts.summarize(SOLDATEN.read_text("utf-8"))
    assert box.status in ("published", "needs_review")
    assert all(b.verdict == "supported" and b.sources for b in box.bullets)


DATES = """Der Bundesrat informierte am Dienstag um 14.30 Uhr in Bern über die neue Strategie.
Sie soll im Frühling 2025 in Kraft treten und gilt bis Oktober 2027. Die Kantone hatten mehr als 40 Einwände
eingereicht, knapp 300 Seiten lang war ihre Stellungnahme. Das Parlament berät die Vorlage im Herbst."""


@pytest.mark.parametrize("bullet, wanted", [
    ("Der Bundesrat informierte am Dienstag um 14.30 Uhr", "supported"),
    ("Der Bundesrat informierte am Dienstag um 15.30 Uhr", "contradicted"),
    ("Der Bundesrat informierte am Mittwoch", "contradicted"),
    ("Die Strategie tritt im Frühling 2025 in Kraft", "supported"),
    ("Die Strategie tritt im Frühling 2026 in Kraft", "contradicted"),
    ("Die Strategie gilt bis Oktober 2027", "supported"),
    ("Die Strategie gilt bis Oktober 2028", "contradicted"),
    ("Die Kantone reichten 45 Einwände ein", "supported"),  # «mehr als 40» covers 40–60
    ("Die Kantone reichten 70 Einwände ein", "contradicted"),
    ("Die Stellungnahme war 290 Seiten lang", "supported"),  # «knapp 300» covers 255–300
])
def test_dates_times_and_approximations(bullet, wanted):
    result = check(parse_text(DATES * 2, "bundesrat"), [bullet])[0]
    assert result.verdict == wanted, result.problems


@pytest.fixture(scope="module")
def article_sentences(soldaten, zvv):
    return [(c, s.text) for c in (soldaten, zvv) for s in c.doc.sentences if not s.crosshead]


def test_every_article_sentence_supports_itself(article_sentences):
    from hypothesis import given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    @hsettings(max_examples=60, deadline=None)
    @given(st.sampled_from(article_sentences), st.sampled_from(["blick", "20min", "de-DE"]))
    def prop(pair, style_name):
        from darumgehts.compress import compress
        from darumgehts.style import load_style

        checker, sentence = pair
        style = load_style(style_name)
        for bullet in (sentence, style.apply(compress(sentence, style.max_chars, style.telegraphic).text)):
            assert checker.check(bullet).verdict == "supported", (bullet, checker.check(bullet).problems)

    prop()

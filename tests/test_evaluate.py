"""`darumgehts eval`: the flags ROUGE does not see, the side-by-side page, example boxes, the style of the data.

tests/fixtures/boxen.jsonl holds six fictional articles written for these tests.
Their first three sentences (lead-3) are engineered: one has a second sentence
that opens with «Er», one a pair of sentences saying the same thing, one a
live-ticker timestamp and a three-word sentence, one a hostile title. Lead-3 is
deterministic, so its figures are asserted exactly; our box's figures depend on
the pipeline and are checked against the boxes themselves.
"""

import json
import re
from html import escape

from click.testing import CliRunner

from darumgehts.analyse.fragments import fragment_reasons
from darumgehts.cli import main
from darumgehts.evaluate import evaluate
from darumgehts.evaluate.quality import (
    BoxAssessment,
    Quality,
    assess,
    key_numbers,
    redundant_pairs,
)
from darumgehts.evaluate.source import STYLE_BY_SOURCE, detect_style, style_of

from .conftest import FIXTURES

BOXEN = FIXTURES / "boxen.jsonl"
RECORDS = [json.loads(line) for line in BOXEN.read_text("utf-8").splitlines()]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- the flags, on hand-written bullets --------------------------------------


def test_fragments():
    assert fragment_reasons("Alle sind evakuiert.") == ("short",)
    assert fragment_reasons("18:17 Uhr - Die Feuerwehr meldet einen Brand in der Altstadt.") == ("prefix",)
    assert fragment_reasons("«Wir machen weiter wie bisher, sagte die Präsidentin am Abend.") == ("quotes",)
    assert fragment_reasons("Die neue Realität gestalten\" - ein Titel des Gutachtens der Weisen.") == ("quotes",)
    assert fragment_reasons("Die Gemeinde (rund 5000 Einwohner baut ein neues Schulhaus.") == ("brackets",)
    assert fragment_reasons("Die Gemeinde baut] ein neues Schulhaus für viele Kinder.") == ("brackets",)
    assert set(fragment_reasons("«Nein (sagt er")) == {"short", "quotes", "brackets"}
    # whole sentences with balanced quotes and brackets, in Swiss, German and English typography
    for ok in ("«Wir bleiben», sagt die Gemeindepräsidentin von Lindenau.",
               "„Wir bleiben“, sagt die Gemeindepräsidentin von Lindenau.",
               "„Wir bleiben”, sagt die Gemeindepräsidentin (SP) von Lindenau.",
               "Sie nennt das Projekt «ein ‹Jahrhundertwerk›» für die ganze Region.",
               'Der Titel "Neue Wege" gefällt dem Gemeinderat von Lindenau.'):
        assert fragment_reasons(ok) == (), ok


def test_anaphor_and_redundancy_per_bullet():
    bullets = ["Der Gemeinderat von Lindenau bewilligt einen Kredit für das Schulhaus.",
               "Er spricht von einem guten Tag für die Kinder der Region.",
               "Im Mittelland werden am Mittwoch bis zu 35 Grad erwartet.",
               "Der Wetterdienst erwartet im Mittelland am Mittwoch eine Hitze von bis zu 35 Grad."]
    box = assess(bullets, ["Lindenau baut ein Schulhaus."])
    assert [f.anaphoric for f in box.flags] == [False, True, False, False]
    assert redundant_pairs(bullets) == [(2, 3)]
    assert box.flags[2].redundant_with == (3,) and box.flags[3].redundant_with == (2,) and box.redundant
    assert not box.flags[0].any and box.flags[1].any


def test_key_numbers_by_kind_and_value_without_years():
    reference = ["Die Preise steigen ab 1. Dezember um 3,5 Prozent.", "Seit 2019 zahlen Pendler 40 Franken mehr, sagt die SP."]
    assert list(key_numbers(" ".join(reference)).values()) == ["1. Dezember", "3,5 Prozent", "40 Franken"]
    box = assess(["Ab dem 1. Dezember 2025 kosten Billette 3,5 Prozent mehr.", "Die SP kritisiert den Entscheid seit 2019."],
                 reference)
    assert box.key_numbers == ("1. Dezember", "3,5 Prozent", "40 Franken")
    assert box.covered == ("1. Dezember", "3,5 Prozent") and box.missing == ("40 Franken",)
    # the same value as another kind does not count: 14 Uhr is a time, not the number 14
    assert assess(["Die Sitzung beginnt um 14 Uhr."], ["Es gibt 14 Verletzte."]).covered == ()
    # number words and digits are the same number
    assert assess(["Drei Menschen wurden verletzt."], ["3 Verletzte"]).covered == ("3",)


def test_quality_adds_up():
    q = Quality()
    q.add(assess(["Er kam.", "Die Gemeinde von Lindenau baut für 18 Millionen Franken ein Schulhaus."],
                 ["Lindenau baut für 18 Millionen Franken."]))
    q.add(BoxAssessment((), (), ()))
    assert (q.boxes, q.bullets, q.anaphoric, q.fragments, q.key_numbers, q.key_numbers_covered) == (2, 2, 1, 1, 1, 1)
    assert q.anaphoric_share == 0.5 and q.redundant_share == 0.0 and q.key_number_coverage == 1.0
    assert q.fragment_reasons == {"short": 1}
    assert Quality().key_number_coverage is None


# --- the style of the data ----------------------------------------------------


def test_style_table():
    assert all(isinstance(style, str) for _, style in STYLE_BY_SOURCE)
    assert style_of({"source": "20 Minuten (20min.ch)"}) == "20min"
    assert style_of({"id": "20minuten-8648"}) == "20min"
    assert style_of({"url": "https://www.blick.ch/schweiz/x"}) == "blick"
    assert style_of({"source": "tagesschau.de", "id": "ts-1"}) == "de-DE"
    assert style_of({"source": "MLSUM-de test (Süddeutsche Zeitung)"}) == "de-DE"
    assert style_of({"source": "Neue Zürcher Zeitung", "id": "nzz-1"}) is None
    assert style_of({"id": "rueckblick-2023"}) is None


def test_detect_style_takes_the_majority(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"a{i}", "source": "20 Minuten" if i < 2 else "Testzeitung"})
                              for i in range(3)) + "\n", "utf-8")
    found = detect_style(path)
    assert (found.style, found.records, found.scanned) == ("20min", 2, 3)
    assert detect_style(path, limit=1).scanned == 1
    path.write_text("\n".join(json.dumps({"id": f"a{i}", "source": "20 Minuten" if i < 1 else "X"}) for i in range(3)), "utf-8")
    assert detect_style(path) is None


def test_default_style_is_20min_for_20_minuten_records(tmp_path):
    path = tmp_path / "zwanzig.jsonl"
    path.write_text("".join(json.dumps(r | {"source": "20 Minuten (fiktiv)"}, ensure_ascii=False) + "\n" for r in RECORDS), "utf-8")
    result = run("eval", path, "--baselines", "")
    assert result.exit_code == 0, result.output
    assert "6 articles, style 20min (from the data: 6 of 6 records)" in result.output
    result = run("eval", path, "--baselines", "", "--style", "de-DE", "--json-out", tmp_path / "r.json")
    assert "style de-DE (--style)" in result.output
    figures = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert (figures["style"], figures["style_origin"]) == ("de-DE", "option")


def test_other_data_keeps_the_style_setting():
    result = run("eval", BOXEN, "--baselines", "")
    from darumgehts.settings import load_settings

    assert f"style {load_settings().style} (the style setting)" in result.output


# --- the CLI figures, the report and the side-by-side page --------------------


def test_eval_prints_the_flags(tmp_path):
    result = run("eval", BOXEN, "--json-out", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    lead3 = next(line for line in result.output.splitlines() if line.startswith("lead3") and "%" in line)
    # lead-3: «Er bewilligte», «Das sind», «Die Direktorin führt» / «18:17 Uhr - …», «Alle sind evakuiert.» / the heat pair / 7 of 10 numbers
    assert lead3.split()[1:] == ["16.7%", "(3/18)", "11.1%", "(2/18)", "16.7%", "(1/6)", "70.0%", "(7/10)"]
    assert "anaphor-initial" in result.output and "key numbers" in result.output
    figures = json.loads((tmp_path / "r.json").read_text("utf-8"))
    q = figures["systems"]["lead3"]["quality"]
    assert q["anaphoric_start"]["count"] == 3 and q["fragments"]["reasons"] == {"prefix": 1, "short": 1}
    assert q["redundant_boxes"] == {"count": 1, "share": 1 / 6}
    assert (q["key_numbers"]["reference"], q["key_numbers"]["covered"]) == (10, 7)
    # the existing figures stay
    assert {"rouge1", "rouge2", "rougeL", "seconds"} <= set(figures["systems"]["lead3"])


def test_our_figures_are_the_flags_of_our_boxes(settings):
    result = evaluate(BOXEN, settings, ["lead3"])
    ours = result.systems[0]
    boxes = [c.ours for c in result.cases]
    assert ours.quality.bullets == sum(len(b.bullets) for b in boxes) == len(result.bullet_lengths)
    assert ours.quality.anaphoric == sum(f.anaphoric for b in boxes for f in b.assessment.flags)
    assert ours.quality.redundant_boxes == sum(b.assessment.redundant for b in boxes)
    assert [round(c.ours.rouge["rougeL"], 12) for c in result.cases] == [round(v, 12) for v in ours.scores["rougeL"]]
    assert all(b.verdicts == ["supported"] * len(b.bullets) for b in boxes)


def test_side_by_side_page(tmp_path, settings):
    page_path = tmp_path / "nebeneinander.html"
    result = run("eval", BOXEN, "--side-by-side", page_path)
    assert result.exit_code == 0, result.output
    page = page_path.read_text("utf-8")
    # a hostile title and reference are escaped
    assert "<script>" not in page and "<b>sofort" not in page
    assert escape("<script>alert('x')</script> Brücke & Steg gesperrt") in page
    assert escape("Morsche Balken müssen ersetzt werden <b>sofort</b>.") in page
    # self-contained, German, with a table of contents pointing at every article
    assert '<html lang="de">' in page and "http" not in page
    assert "<link" not in page and "<img" not in page
    assert all(f'href="#artikel-{n}"' in page and f'id="artikel-{n}"' in page for n in range(1, 7))
    assert "Unsere Box" in page and "Referenz" in page and "Lead-3" in page
    sections = page.split('<section class="case"')[1:]
    assert len(sections) == 6
    ev = evaluate(BOXEN, settings, ["lead3"])
    for section, record, case in zip(sections, RECORDS, ev.cases, strict=True):
        assert escape(record["title"]) in section
        assert all(escape(ref) in section for ref in record["summary"])
        for box in case.boxes:  # our box and lead-3, every bullet
            assert all(escape(b) in section for b in box.bullets)
    # flags on the bullets, as an editor reads them
    assert re.search(r"Er bewilligte dafür einen Kredit von 18 Millionen Franken\.<span class=\"flag\"[^>]*>Anapher<", page)
    assert "Fragment: Zeit/Quelle vorne" in page and "Fragment: zu kurz" in page
    assert "Wiederholung von Punkt 2" in page and "Zahlen der Referenz: 1 von 2 (fehlt: 12. Juli)" in page


def test_examples_limit_the_side_by_side_page(tmp_path):
    page_path = tmp_path / "s.html"
    assert run("eval", BOXEN, "--side-by-side", page_path, "--examples", "2").exit_code == 0
    page = page_path.read_text("utf-8")
    assert page.count('<section class="case"') == 2 and "die ersten 2 von 6 Artikeln" in page
    assert run("eval", BOXEN, "--side-by-side", page_path, "--examples", "0").exit_code == 0
    assert page_path.read_text("utf-8").count('<section class="case"') == 6


def test_an_article_without_title_is_headed_by_its_first_words(tmp_path):
    path = tmp_path / "ohne-titel.jsonl"
    path.write_text(json.dumps({k: v for k, v in RECORDS[0].items() if k != "title"}, ensure_ascii=False) + "\n", "utf-8")
    assert run("eval", path, "--side-by-side", tmp_path / "s.html").exit_code == 0
    assert '<a href="#artikel-1">Der Gemeinderat von Lindenau hat am Dienstag den Bau eines neuen Schulhauses …</a>' in (
        (tmp_path / "s.html").read_text("utf-8"))


def test_report_shows_flags_and_example_boxes(tmp_path):
    report = tmp_path / "report" / "r.html"
    result = run("eval", BOXEN, "--report", report, "--side-by-side", tmp_path / "s.html")
    assert result.exit_code == 0, result.output
    html = report.read_text("utf-8")
    assert "What ROUGE does not see" in html and "anaphor-initial bullets" in html
    assert html.count('<section class="case"') == 3
    for label in ("best", "median", "worst"):
        assert f'id="example-{label}"' in html
    assert 'href="../s.html"' in html
    assert "<script>" not in html

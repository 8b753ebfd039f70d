import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darumgehts.analyse.sentences import split, split_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Das ist z.B. gut. Er kam u.a. aus Bern.", ["Das ist z.B. gut.", "Er kam u.a. aus Bern."]),
        ("Dr. Meier wohnt in St. Gallen an der Bahnhofstr. 12. Er ist 40.",
         ["Dr. Meier wohnt in St. Gallen an der Bahnhofstr. 12.", "Er ist 40."]),
        ("Nach Art. 5 Abs. 2 ist das erlaubt. Es kostet 2,1 Mio. Franken.",
         ["Nach Art. 5 Abs. 2 ist das erlaubt.", "Es kostet 2,1 Mio. Franken."]),
        ("Es kostet 2 Mrd. Die Regierung zahlt.", ["Es kostet 2 Mrd.", "Die Regierung zahlt."]),
        ("Am 3. Mai holte sie den 4. Platz. Die Feier war am 20. Januar.",
         ["Am 3. Mai holte sie den 4. Platz.", "Die Feier war am 20. Januar."]),
        ("Um 14.30 Uhr begann es. Danach war Ruhe.", ["Um 14.30 Uhr begann es.", "Danach war Ruhe."]),
        ("Mehr auf www.blick.ch/news/artikel.html. Danach kam nichts.",
         ["Mehr auf www.blick.ch/news/artikel.html.", "Danach kam nichts."]),
        ("«Wo ist er?», fragte sie. «Ich weiss es nicht!» Er ging.",
         ["«Wo ist er?», fragte sie.", "«Ich weiss es nicht!»", "Er ging."]),
        ("Donald J. Trump sprach. Er war laut.", ["Donald J. Trump sprach.", "Er war laut."]),
        ("Sie kam 2014. Dann ging sie.", ["Sie kam 2014.", "Dann ging sie."]),
        ("Die Saison beginnt am 19./20. Juli in Bern. Dann folgt mehr.", ["Die Saison beginnt am 19./20. Juli in Bern.", "Dann folgt mehr."]),
        ("Wirklich? Ja! Gut…", ["Wirklich?", "Ja!", "Gut…"]),
    ],
)
def test_splits_like_an_editor(text, expected):
    assert split(text) == expected


def test_line_breaks_are_boundaries_and_crossheads_stay_whole():
    text = "Erster Satz ohne Punkt\nZwischentitel hier\nNoch ein Satz."
    assert split(text) == ["Erster Satz ohne Punkt", "Zwischentitel hier", "Noch ein Satz."]


def test_spans_point_into_the_text():
    text = "  Eins ist hier.  Zwei ist da. "
    for start, end in split_spans(text, offset=0):
        assert text[start:end] in ("Eins ist hier.", "Zwei ist da.")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a closing straight quote stays with the sentence it closes
        ('Er sagte: "Wenn wir nicht heizen, wird Oma erfrieren." Danach ging er.',
         ['Er sagte: "Wenn wir nicht heizen, wird Oma erfrieren."', "Danach ging er."]),
        # ... also when a stray space stands before it (pairing decides)
        ('Er sagte: "Wenn wir nicht heizen, wird Oma erfrieren. " Danach ging er.',
         ['Er sagte: "Wenn wir nicht heizen, wird Oma erfrieren. "', "Danach ging er."]),
        ("Sie sagte: „Wir bleiben hier. “ Dann ging sie.", ["Sie sagte: „Wir bleiben hier. “", "Dann ging sie."]),
        ("Sie sagte: «Wir bleiben hier. » Dann ging sie.", ["Sie sagte: «Wir bleiben hier. »", "Dann ging sie."]),
        # a lone straight quote with no open quotation before it opens the next sentence
        ('Er ging. " Wir bleiben", sagte sie.', ["Er ging.", '" Wir bleiben", sagte sie.']),
        # a quote that opens right after the period belongs to the next sentence
        ('Er ging. "Wir bleiben", sagte sie.', ["Er ging.", '"Wir bleiben", sagte sie.']),
        ('Er sagte: "Wir gehen." "Wir bleiben." Danach ging er.',
         ['Er sagte: "Wir gehen."', '"Wir bleiben."', "Danach ging er."]),
        # a period after the closing quote: no extra sentence, nothing dangling
        ('Er sagte: "Wenn wir nicht heizen, wird Oma erfrieren.". Danach ging er.',
         ['Er sagte: "Wenn wir nicht heizen, wird Oma erfrieren.".', "Danach ging er."]),
        ("Er sagte: „Wenn wir nicht heizen, wird Oma erfrieren.“. Danach ging er.",
         ["Er sagte: „Wenn wir nicht heizen, wird Oma erfrieren.“.", "Danach ging er."]),
        ("Er sagte: «Wir frieren.». Danach ging er.", ["Er sagte: «Wir frieren.».", "Danach ging er."]),
        # a quote-only or omission-only segment joins its neighbour
        ('Die Zahlen sind schlecht. "', ['Die Zahlen sind schlecht. "']),
        ("Die Zahlen sind schlecht. (...) Wir müssen sparen.", ["Die Zahlen sind schlecht. (...)", "Wir müssen sparen."]),
        ("(...) Wir müssen sparen. Sofort.", ["(...) Wir müssen sparen.", "Sofort."]),
        ("Ende der Debatte! … Dann kam die Abstimmung.", ["Ende der Debatte! …", "Dann kam die Abstimmung."]),
        # the old rules still hold next to quotes
        ('Am 3. Mai sagte er: "Das ist z.B. gut." Donald J. Trump nickte.',
         ['Am 3. Mai sagte er: "Das ist z.B. gut."', "Donald J. Trump nickte."]),
    ],
)
def test_quotation_marks_stay_with_their_sentence(text, expected):
    assert split(text) == expected


def test_a_line_of_only_punctuation_stays_a_span_of_its_own():
    # a line break is never crossed, so there is nothing to attach it to
    assert split('Ein Satz.\n"\nNoch einer.') == ["Ein Satz.", '"', "Noch einer."]


_PIECES = st.sampled_from([
    "Er", "sagte", "die", "Regierung", "z.B.", "Dr.", "3.", "Mai", "2014.", "J.", "Trump", "u.a.",
    "Mio.", "Franken", "St.", "Gallen", ".", "..", "...", "…", "!", "?", "?!", ",", ":", '"', "„", "“",
    "”", "«", "»", "‹", "›", "'", "(", ")", "(...)", "-", "–", " ", " ", " ", "\n", "\u00a0", "Danach",
    "das", "ist", "gut", "12", "14.30", "Uhr",
])


@given(st.lists(_PIECES, max_size=40).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts)))
@settings(max_examples=400, deadline=None)
def test_splitting_keeps_every_character_in_order(text):
    spans = split_spans(text)
    # spans are in order and do not overlap
    for (a, b), (c, d) in zip(spans, spans[1:], strict=False):
        assert a < b <= c < d
    # nothing but whitespace between and around the spans: no character is lost or reordered
    kept = "".join(text[a:b] for a, b in spans)
    assert "".join(kept.split()) == "".join(text.split())
    # no sentence is only quotation marks or punctuation, unless its whole line is
    for a, b in spans:
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line = text[line_start: len(text) if line_end < 0 else line_end]
        if any(ch.isalnum() for ch in line):
            assert any(ch.isalnum() for ch in text[a:b]), (text, text[a:b])

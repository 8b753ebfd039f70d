import pytest

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

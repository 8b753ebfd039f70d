import pytest
from hypothesis import given
from hypothesis import strategies as st

from darumgehts.analyse.numbers import find_numbers, format_number, parse_number_word, parse_numeral


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("11'000", 11000, None), ("11’000", 11000, None), ("11 000", 11000, None), ("11.000", 11000, None),
        ("11000", 11000, None), ("3,5", 3.5, None), ("2,1 Mio. Franken", 2_100_000, "CHF"),
        ("Fr. 20.–", 20, "CHF"), ("CHF 400", 400, "CHF"), ("3,5 Prozent", 3.5, "%"), ("40 %", 40, "%"),
        ("2 Mrd. Euro", 2e9, "EUR"), ("1,2 Mia. Franken", 1.2e9, "CHF"), ("drei Millionen", 3e6, None),
    ],
)
def test_parses_swiss_and_german_forms(text, value, unit):
    found = find_numbers(f"Es waren {text} im Spiel.")
    assert len(found) == 1, found
    assert found[0].value == pytest.approx(value)
    assert found[0].unit == unit


@pytest.mark.parametrize("text, value, unit", [
    ("4.60 Euro", 4.6, "EUR"), ("4.60 Franken", 4.6, "CHF"), ("Fr. 4.60", 4.6, "CHF"), ("9.58 Sekunden", 9.58, "Sekunde"),
    ("9,58 Sekunden", 9.58, "Sekunde"), ("4,60 Euro", 4.6, "EUR"),
])
def test_a_decimal_point_keeps_its_own_unit(text, value, unit):
    """4.60 is not Swiss francs by itself: the unit is the one written with it."""
    [found] = find_numbers(f"Es waren {text} im Spiel.")
    assert (found.value, found.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("word, value", [("drei", 3), ("zehn", 10), ("Hundert", 100), ("Tausend", 1000),
                                         ("dreiundzwanzig", 23), ("zweihundert", 200), ("Tausende", 1000)])
def test_number_words(word, value):
    assert parse_number_word(word) == value


def test_approximations_times_and_dates():
    found = find_numbers("Rund 1500 kamen um 14.30 Uhr am 3. Mai 2024, mehr als 40 Prozent.")
    assert [(n.kind, n.qualifier) for n in found] == [("number", "rund"), ("time", None), ("date", None), ("number", "mehr als")]
    assert found[1].value == pytest.approx(14.5)
    assert found[2].value == 20240503


def test_words_that_merely_contain_numbers_are_not_numbers():
    assert find_numbers("Achtung, die Nacht war elfenhaft und acht­sam.") == []


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["'", "’", ".", " ", "\u202f"]))
def test_format_then_parse_gives_the_value(n, sep):
    text = format_number(n, thousands=sep, min_grouped=1000)
    assert parse_numeral(text) == n
    found = find_numbers(f"Es sind {text} Personen.")
    assert [m.value for m in found] == [n]


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_decimal_comma_round_trip(d):
    value = float(d)
    text = format_number(value)
    assert parse_numeral(text) == pytest.approx(value)


@given(st.text(max_size=300))
def test_never_crashes_on_any_text(text):
    for n in find_numbers(text):
        assert 0 <= n.start <= n.end <= len(text)

"""Bad input: a clear English message and exit code 2, never a traceback."""

import pytest
from click.testing import CliRunner

from darumgehts.cli import main

ENGLISH = ("The government announced on Tuesday that taxes will rise next year. " * 6)


def run(args, input=None):
    result = CliRunner().invoke(main, args, input=input)
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("leer.txt", b"", "the article is empty"),
        ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "is a PNG image, not text"),
        ("bericht.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj" + bytes(range(256)), "is a PDF, not text"),
        ("daten.bin", bytes(range(256)) * 4, "is binary data"),
        ("english.txt", ENGLISH.encode(), "does not look like German (it reads as English)"),
        ("kaputt.html", b"<html><body><div><p></div></span></body>", "no article text found"),
        ("kurz.txt", b"Nur ein kurzer Satz.", "only 4 words"),
    ],
)
def test_bad_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run(["summarize", str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_file_over_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "gross.txt"
    path.write_text("Wort " * 3000, "utf-8")
    monkeypatch.setenv("DARUMGEHTS_MAX_INPUT_BYTES", "1000")
    result = run(["summarize", str(path)])
    assert result.exit_code == 2
    assert "over the limit of 1,000 bytes" in result.output


def test_missing_file_and_unknown_style(tmp_path, article_file):
    assert "no such file" in run(["summarize", str(tmp_path / "fehlt.html")]).output
    result = run(["summarize", str(article_file), "--style", "nzz"])
    assert result.exit_code == 2 and "Unknown style 'nzz'. Available: 20min, blick, de-DE" in result.output


def test_hostile_strings_are_text_not_markup(tmp_path):
    text = ("Die Polizei meldet <script>alert(1)</script> einen Vorfall in Bern. " * 3
            + "Der Täter floh mit einem Velo in Richtung Bahnhof, wie die Polizei mitteilte. "
            + "Die Polizei sucht nun Zeugen, die am Abend etwas beobachtet haben. " * 2)
    path = tmp_path / "x.txt"
    path.write_text(text, "utf-8")
    result = run(["summarize", str(path), "--format", "html"])
    assert result.exit_code == 0
    assert "<script>" not in result.output and "&lt;script&gt;" in result.output

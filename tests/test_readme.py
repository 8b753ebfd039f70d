"""The README's console examples run as shown: the same command on the files that ship (examples/), the same output."""

import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from darumgehts.cli import main

ROOT = Path(__file__).resolve().parent.parent


def console_examples() -> list[tuple[str, list[str], int | None]]:
    """(command, expected output lines, expected exit code from a following «echo $?») for every ``$ darumgehts``
    command in the README's ```console blocks."""
    out: list[tuple[str, list[str], int | None]] = []
    lines = (ROOT / "README.md").read_text("utf-8").splitlines()
    in_block = False
    command: list[str] | None = None
    for line in lines:
        if line.startswith("```console"):
            in_block = True
            continue
        if in_block and line.startswith("```"):
            in_block, command = False, None
            continue
        if not in_block:
            continue
        if line.startswith("$ echo $?"):
            command = ["echo"]
            continue
        if command == ["echo"]:
            cmd, expected, _ = out[-1]
            out[-1] = (cmd, expected, int(line.strip()))
            command = None
            continue
        if line.startswith("$ "):
            command = [line[2:]]
            out.append((line[2:], [], None))
            continue
        if command and command[-1].endswith("\\"):
            command.append(line.strip())
            cmd = " ".join(part.rstrip("\\").strip() for part in command)
            out[-1] = (cmd, out[-1][1], None)
            continue
        if out:
            out[-1][1].append(line)
    return [e for e in out if e[0].startswith("darumgehts ")]


EXAMPLES = console_examples()


def test_the_readme_has_console_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("command, expected, code", EXAMPLES, ids=[e[0][:60] for e in EXAMPLES])
def test_readme_example(command, expected, code, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    text = "\n".join(expected).strip()
    if text.startswith("{"):
        assert json.loads(result.output) == json.loads(text)
    else:
        assert [ln.rstrip() for ln in result.output.strip().splitlines()] == [ln.rstrip() for ln in text.splitlines()]
    assert result.exit_code == (code if code is not None else 2 if text.startswith("Error:") else 0)

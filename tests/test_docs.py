"""Every setting and every CLI option is documented in the README."""

import re
from pathlib import Path

import click
import pytest

from darumgehts.cli import main
from darumgehts.settings import LLM, Learning, Selection, Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented(name):
    assert f"`{name}`" in README or f"`{name}." in README


@pytest.mark.parametrize("name", sorted(Selection.model_fields))
def test_selection_setting_is_documented(name):
    assert f"`selection.{name}`" in README


@pytest.mark.parametrize("name", sorted(Learning.model_fields))
def test_learning_setting_is_documented(name):
    assert f"`learning.{name}`" in README


def _readme_defaults() -> dict[str, str]:
    """The default column of the README's settings table, by setting name."""
    out = {}
    for line in README.splitlines():
        m = re.match(r"\| `([\w.]+)` \| ([^|]*) \|", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def _shown(value) -> str:
    """A default as the README's table writes it."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    if value == "":
        return '""'
    return str(value)


@pytest.mark.parametrize("name", sorted(LLM.model_fields))
def test_llm_setting_is_documented(name):
    assert f"`llm.{name}`" in README


@pytest.mark.parametrize("name", sorted(set(Settings.model_fields) - {"selection", "learning", "llm"})
                         + [f"selection.{n}" for n in sorted(Selection.model_fields)] + [f"learning.{n}" for n in sorted(Learning.model_fields)]
                         + [f"llm.{n}" for n in sorted(LLM.model_fields)])
def test_documented_default_is_the_default(name):
    """Every default has one copy (settings.py); the README's table shows that copy."""
    owner, _, field = name.rpartition(".")
    model = {"selection": Selection, "learning": Learning, "llm": LLM}.get(owner, Settings)
    default = model.model_fields[field].get_default(call_default_factory=True)
    assert _readme_defaults()[name].strip("`") == _shown(default), name


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", cmd


def _options():
    for cmd_name, cmd in _commands(main):
        for param in cmd.params:
            if isinstance(param, click.Option):
                yield cmd_name, max(param.opts, key=len)



@pytest.mark.parametrize("command, option", sorted(set(_options())))
def test_cli_option_is_documented(command, option):
    assert re.search(rf"darumgehts {command}\b", README), command
    assert option in README, f"{command} {option}"

"""Every setting and every CLI option is documented in the README."""

import re
from pathlib import Path

import click
import pytest

from darumgehts.cli import main
from darumgehts.settings import SelectionWeights, Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented(name):
    assert f"`{name}`" in README or f"`{name}." in README


@pytest.mark.parametrize("name", sorted(SelectionWeights.model_fields))
def test_selection_weight_is_documented(name):
    assert f".{name}" in README


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

"""The lock file pins every dependency pyproject.toml names, so an install is reproducible (`make lock` re-pins)."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def names(requirements):
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_dependency_is_pinned_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"])
    for extra in ("dev", "bench", "eval", "embeddings", "train"):
        wanted |= names(project["optional-dependencies"][extra])
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s]+)", (ROOT / "requirements.lock").read_text(), re.M))
    pinned = {name.lower().replace("_", "-") for name in pins}
    assert wanted - pinned == set(), "run `make lock` after changing pyproject.toml's dependencies"

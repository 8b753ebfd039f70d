"""The evaluation gate: pinned ROUGE-L floors on slices of ../shared/data.

Floors live in eval_baseline.json with a hash of each slice's article ids.
`python -m benchmarks.pin_floors` raises them; lowering needs --allow-lower.
"""

import json
from pathlib import Path

import pytest

from darumgehts.evaluate import evaluate, slice_hash
from darumgehts.settings import load_settings

from .conftest import DATA

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text("utf-8"))


CASES = sorted((name, style) for name, spec in BASELINE["slices"].items() for style in spec["floors"])


@pytest.mark.data
@pytest.mark.parametrize("name, style", CASES)
def test_rouge_floor(name, style):
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} not found: the eval gate needs ../shared/data beside the checkout")
    spec = BASELINE["slices"][name]
    assert slice_hash(path, spec["limit"]) == spec["ids_sha256"], (
        f"The articles of {name} changed since its floor was pinned; re-pin with python -m benchmarks.pin_floors")
    result = evaluate(path, load_settings(env={}, style=style), [], limit=spec["limit"])
    ours = result.systems[0].mean("rougeL")
    floor = spec["floors"][style]
    assert ours >= floor, f"ROUGE-L {ours:.4f} fell below the floor {floor} on {name} in the {style} style"
    assert result.bullets_passed / result.bullets_checked >= BASELINE["supported_share_floor"]

"""Re-pin the evaluation gate's ROUGE-L floors (tests/eval_baseline.json).

    python -m benchmarks.pin_floors            # raise floors to (score - margin); never lowers
    python -m benchmarks.pin_floors --allow-lower   # also lower them (say why in the commit)

Each slice also records a hash of its article ids, so the gate notices when the
data under a floor changed.
"""

from __future__ import annotations

import argparse
import json

from darumgehts.evaluate import evaluate, slice_hash
from darumgehts.settings import load_settings

from .common import DATA, ROOT

BASELINE = ROOT / "tests" / "eval_baseline.json"
MARGIN = 0.01  # room for harmless changes; a real regression is larger
STYLES = ("blick", "20min")  # the gate holds both Swiss house styles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-lower", action="store_true", help="allow a floor to go down")
    args = parser.parse_args()
    baseline = json.loads(BASELINE.read_text("utf-8"))
    for name, spec in baseline["slices"].items():
        floors = spec.setdefault("floors", {})
        for style in STYLES:
            result = evaluate(DATA / name, load_settings(env={}, style=style), [], limit=spec["limit"])
            proposed = round(result.systems[0].mean("rougeL") - MARGIN, 3)
            old = floors.get(style)
            if old is not None and proposed < old and not args.allow_lower:
                print(f"{name}, {style}: keeps floor {old} (score minus margin is {proposed}; --allow-lower to lower it)")
            else:
                print(f"{name}, {style}: floor {old} -> {proposed}")
                floors[style] = proposed
        spec["ids_sha256"] = slice_hash(DATA / name, spec["limit"])
    BASELINE.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()

"""Hand-written paraphrases for the fact checker: faithful bullets must pass, unfaithful ones be caught.

The data, benchmarks/data/paraphrases.toml, is fictional and written for the
project: short German news articles, and for each some bullets the way an editor
or a language model would shorten the article (fused facts, telegraphic style,
synonyms, derivations, digits) and some with one error of a named kind.

    python -m benchmarks.paraphrases [--embeddings]
"""

from __future__ import annotations

import time
import tomllib
from collections import defaultdict
from pathlib import Path

from darumgehts.check import Checker
from darumgehts.models import Article, Paragraph

DATA = Path(__file__).resolve().parent / "data" / "paraphrases.toml"


def load(path: Path = DATA) -> list[tuple[Article, list[dict]]]:
    """The articles as :class:`Article` objects, each with its bullets (dicts as in the file)."""
    data = tomllib.loads(path.read_text("utf-8"))
    out = []
    for a in data["article"]:
        article = Article(a["id"], title=a["title"], lead=a["lead"], paragraphs=[Paragraph(p) for p in a["paragraphs"]])
        out.append((article, a["bullet"]))
    return out


def run(embeddings: bool = False, path: Path = DATA) -> dict:
    """Pass rate of the faithful bullets (verdict supported) and catch rate of the unfaithful ones, by kind."""
    passed = total = 0
    by_how: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_alarms: list[str] = []
    missed: dict[str, list[str]] = defaultdict(list)
    checks, t0 = 0, time.perf_counter()
    articles = load(path)
    for article, bullets in articles:
        checker = Checker.for_article(article, embeddings)
        for b in bullets:
            result = checker.check(b["text"])
            checks += 1
            ok = result.verdict == "supported"
            if b["faithful"]:
                passed += ok
                total += 1
                for how in b.get("how", ()):
                    by_how[how][0] += ok
                    by_how[how][1] += 1
                if not ok:
                    msg = result.problems[0].message if result.problems else ""
                    false_alarms.append(f"{article.id}: {b['text']} -> {result.verdict}: {msg}")
            else:
                by_kind[b["kind"]][0] += not ok
                by_kind[b["kind"]][1] += 1
                if ok:
                    missed[b["kind"]].append(f"{article.id}: {b['text']} ({b.get('note', '')})")
    seconds = time.perf_counter() - t0
    unfaithful = [sum(v[0] for v in by_kind.values()), sum(v[1] for v in by_kind.values())]
    return {
        "articles": len(articles),
        "faithful": (passed, total),
        "faithful_by_how": {k: tuple(v) for k, v in sorted(by_how.items(), key=lambda x: -x[1][1])},
        "unfaithful": tuple(unfaithful),
        "unfaithful_by_kind": {k: tuple(v) for k, v in sorted(by_kind.items(), key=lambda x: -x[1][1])},
        "false_alarms": false_alarms,
        "missed": dict(missed),
        "checks_per_second": checks / seconds,
    }


def table(r: dict) -> list[str]:
    """The figures as text lines."""
    p, n = r["faithful"]
    c, u = r["unfaithful"]
    lines = [f"paraphrases ({r['articles']} fictional articles): faithful passing {p}/{n} = {p / max(1, n):.1%} (target ≥ 90 %); "
             f"unfaithful caught {c}/{u} = {c / max(1, u):.1%}",
             f"  {'faithful, by how':<28} {'cases':>5} {'pass':>5} {'rate':>7}"]
    for how, (ok, k) in r["faithful_by_how"].items():
        lines.append(f"  {how:<28} {k:>5} {ok:>5} {ok / max(1, k):>7.1%}")
    lines.append(f"  {'unfaithful, by kind':<28} {'cases':>5} {'caught':>6} {'rate':>6}")
    for kind, (ok, k) in r["unfaithful_by_kind"].items():
        lines.append(f"  {kind:<28} {k:>5} {ok:>6} {ok / max(1, k):>6.1%}")
    lines.append("  faithful bullets the checker rejects:")
    lines += [f"    {e}" for e in r["false_alarms"]]
    lines.append("  unfaithful bullets the checker passes:")
    for kind, items in r["missed"].items():
        lines += [f"    [{kind}] {e}" for e in items]
    return lines


if __name__ == "__main__":
    import sys

    print("\n".join(table(run(embeddings="--embeddings" in sys.argv))))

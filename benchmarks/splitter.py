"""Sentence splitter: agreement with SoMaJo (GPL, benchmark-only) and speed.

Agreement is the share of SoMaJo's sentence boundaries that darumgehts also
finds (recall), plus the share of ours that SoMaJo also has (precision).
Boundaries are compared as character offsets within each paragraph.
"""

from __future__ import annotations

import time

from darumgehts.analyse.sentences import split_spans

from .common import records


def paragraphs(limit_mlsum: int = 2000) -> list[str]:
    out: list[str] = []
    for name, limit in (("mlsum-de.jsonl.gz", limit_mlsum), ("tagesschau.jsonl.gz", None),
                        ("20min-bullets.jsonl.gz", None), ("mlsum-de-fixtures.jsonl.gz", None)):
        for rec in records(name, limit):
            out.extend(p.strip() for p in rec["text"].split("\n") if p.strip())
    return out


def somajo_ends(paras: list[str]) -> list[set[int]]:
    from somajo import SoMaJo

    tok = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)
    ends: list[set[int]] = []
    for para in paras:
        ends.append({sent[-1].character_offset[1] for sent in tok.tokenize_text([para])})
    return ends


def our_ends(paras: list[str]) -> list[set[int]]:
    return [{e for _, e in split_spans(p)} for p in paras]


def run(limit_mlsum: int = 2000) -> dict:
    paras = paragraphs(limit_mlsum)
    if not paras:
        return {"skipped": "../shared/data not found"}
    ours = our_ends(paras)
    t0 = time.perf_counter()
    theirs = somajo_ends(paras)
    somajo_s = time.perf_counter() - t0
    hit = sum(len(a & b) for a, b in zip(ours, theirs, strict=True))
    n_theirs = sum(len(b) for b in theirs)
    n_ours = sum(len(a) for a in ours)
    text = "\n".join(paras)
    mb = len(text.encode("utf-8")) / 1e6
    reps = 5
    t0 = time.perf_counter()
    for _ in range(reps):
        split_spans(text)
    ours_s = (time.perf_counter() - t0) / reps
    disagreements = []
    for p, a, b in zip(paras, ours, theirs, strict=True):
        for e in sorted(b - a)[:1]:
            disagreements.append("missed: …" + p[max(0, e - 50): e + 30].replace("\n", " ") + "…")
        for e in sorted(a - b)[:1]:
            disagreements.append("extra:  …" + p[max(0, e - 50): e + 30].replace("\n", " ") + "…")
    return {
        "paragraphs": len(paras),
        "megabytes": round(mb, 2),
        "somajo_boundaries": n_theirs,
        "our_boundaries": n_ours,
        "recall_vs_somajo": hit / n_theirs,
        "precision_vs_somajo": hit / n_ours,
        "ours_mb_per_s": mb / ours_s,
        "somajo_mb_per_s": mb / somajo_s,
        "speed_ratio": somajo_s / ours_s,
        "examples": disagreements[:40],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1, ensure_ascii=False))

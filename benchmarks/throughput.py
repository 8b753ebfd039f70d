"""Throughput and peak RSS of one system on the same mlsum-de articles, in its own process.

Every system first runs over N other articles (warm caches, as in a long batch),
then is timed on the first N.

    python -m benchmarks.throughput darumgehts|sumy-lexrank|lead3 [N]
prints one JSON line: articles, seconds, articles_per_s, peak_rss_mb.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time

from darumgehts.ingest import article_from_record
from darumgehts.settings import load_settings

from .common import records


def _peak_rss_mb() -> float:
    """VmHWM is per process image (ru_maxrss survives the fork from a big parent)."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    system = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    settings = load_settings(env={})
    rows = records("mlsum-de.jsonl.gz", 2 * n)
    arts = [article_from_record(r, r["id"], "jsonl") for r in rows[:n]]
    # a long batch runs warm: every system first sees n *other* articles
    warm = [article_from_record(r, r["id"], "jsonl") for r in rows[n:]]
    if system == "darumgehts":
        from darumgehts.pipeline import Summarizer

        summarizer = Summarizer.from_settings(settings)
        run = summarizer
    else:
        from darumgehts.evaluate.baselines import baseline

        fn = baseline(system)
        run = lambda a: fn(a, 3)  # noqa: E731
    for a in warm:
        run(a)
    gc.freeze()  # same for every system: long-lived tables leave the GC's scans
    t0 = time.perf_counter()
    for a in arts:
        run(a)
    secs = time.perf_counter() - t0
    rss = _peak_rss_mb()
    print(json.dumps({"system": system, "articles": len(arts), "seconds": secs, "articles_per_s": len(arts) / secs, "peak_rss_mb": rss}))


if __name__ == "__main__":
    main()

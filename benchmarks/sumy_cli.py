"""sumy-LexRank as a whole process, the peer of ``darumgehts summarize FILE --format jsonl``.

    python -m benchmarks.sumy_cli FILE.jsonl[.gz]

Reads the articles with the same ingest (validation included), summarizes each
with LexRank (3 sentences, German stemmer and stop words, our sentence splitter,
as in the ROUGE comparison) and prints one JSON line per article.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    from darumgehts.evaluate.baselines import baseline
    from darumgehts.ingest import read
    from darumgehts.settings import load_settings

    settings = load_settings()
    run = baseline("sumy-lexrank")
    out = sys.stdout
    for item in read(sys.argv[1], settings):
        if item.article is None:
            out.write(json.dumps({"id": item.id, "error": item.error}, ensure_ascii=False) + "\n")
            continue
        out.write(json.dumps({"id": item.id, "bullets": run(item.article, 3)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

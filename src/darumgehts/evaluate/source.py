"""The house style a data set was written in, read from its records.

`darumgehts eval` compares our boxes with a newsroom's own summaries, so by
default it writes them in that newsroom's style. A record's ``source``, ``id``
or ``url`` names the newsroom; the table below maps that to a style. Extend the
table, don't add ``if``s.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Newsroom pattern (searched in source, id and url, case-insensitive) -> style.
STYLE_BY_SOURCE: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"20[\s_-]?min(?:uten)?\b", re.IGNORECASE), "20min"),
    (re.compile(r"\bblick(?:\.ch)?\b", re.IGNORECASE), "blick"),
    # newsrooms in Germany write German German (ß, «Das Wichtigste in Kürze»)
    (re.compile(r"\btagesschau\b|\bsüddeutsche\b|\bsueddeutsche\b|\bmlsum[\s_-]?de\b|\bspiegel\.de\b|\bzeit\.de\b", re.IGNORECASE), "de-DE"),
)
# Record fields that name the newsroom.
SOURCE_FIELDS = ("source", "id", "url")


@dataclass(frozen=True, slots=True)
class DataStyle:
    """The style most of the scanned records map to, and how many did."""

    style: str
    records: int  # records that map to ``style``
    scanned: int



def style_of(record: dict) -> str | None:
    """The style whose pattern the record's source, id or url matches first, or None."""
    names = " ".join(str(record.get(f) or "") for f in SOURCE_FIELDS)
    return next((style for pattern, style in STYLE_BY_SOURCE if pattern.search(names)), None)


def detect_style(path: Path, limit: int | None = None) -> DataStyle | None:
    """The style of the data: the one more than half of the first ``limit`` records map to, or None.

    Only JSON Lines records are read (``.gz`` allowed); a line that is not a
    JSON object counts as scanned without a style."""
    counts: Counter[str] = Counter()
    scanned = 0
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                if limit is not None and scanned >= limit:
                    break
                scanned += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and (style := style_of(record)):
                    counts[style] += 1
    except (OSError, UnicodeDecodeError):
        return None
    if not counts:
        return None
    style, n = counts.most_common(1)[0]
    return DataStyle(style, n, scanned) if n * 2 > scanned else None

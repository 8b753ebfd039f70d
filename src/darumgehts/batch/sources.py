"""The inputs of a batch as units of work, read in a fixed order: JSONL(.gz) lines, Parquet rows, HTML files.

A unit carries the raw text (a JSON line, or an HTML file's bytes), never a parsed article: the workers parse, the
parent only reads, counts and fingerprints. The fingerprint (a hash of the raw unit) lets a re-run skip a partition
whose input has not changed without parsing it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
PARQUET_BATCH_ROWS = 1024


@dataclass(frozen=True, slots=True)
class Unit:
    """One article to summarize: ``kind`` "json" (data is a JSON object's text) or "html" (the file's bytes)."""

    kind: str
    name: str  # the fallback id: file:line for JSON, the file's stem for HTML
    data: str | bytes

    def fingerprint(self) -> str:
        raw = self.data.encode("utf-8", "surrogatepass") if isinstance(self.data, str) else self.data
        return hashlib.blake2b(raw, digest_size=12).hexdigest()


def _kind(path: Path) -> str:
    name = path.name.lower()
    if path.is_dir():
        return "dir"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    raise InputError(f"{path}: batch reads JSONL (.jsonl, .jsonl.gz), Parquet (.parquet) or a folder of HTML files.")


def check_inputs(inputs: list[str]) -> list[Path]:
    paths = []
    for source in inputs:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file or folder.")
        _kind(path)
        paths.append(path)
    return paths


def _open_text(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    return opener(path, "rt", encoding="utf-8", errors="replace")


def _html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(HTML_SUFFIXES))


def _parquet(path: Path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Reading Parquet needs pyarrow: pip install 'darumgehts[batch]'.") from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a file that is not Parquet
        raise InputError(f"{path}: not a readable Parquet file ({exc}).") from None


def count_units(paths: list[Path]) -> int:
    """How many units the inputs hold (for the progress bar's total), read quickly."""
    total = 0
    for path in paths:
        kind = _kind(path)
        if kind == "dir":
            total += len(_html_files(path))
        elif kind == "parquet":
            total += _parquet(path).metadata.num_rows
        else:
            try:
                with _open_text(path) as fh:
                    total += sum(1 for line in fh if line.strip())
            except (OSError, EOFError) as exc:
                raise InputError(f"{path} could not be read: {exc}") from None
    return total


def _jsonl(path: Path) -> Iterator[Unit]:
    try:
        with _open_text(path) as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    yield Unit("json", f"{path.name}:{lineno}", line)
    except (OSError, EOFError) as exc:
        raise InputError(f"{path} could not be read: {exc}") from None


def _parquet_rows(path: Path) -> Iterator[Unit]:
    rownum = 0
    for batch in _parquet(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
        for row in batch.to_pylist():
            rownum += 1
            yield Unit("json", f"{path.name}:{rownum}", json.dumps(row, ensure_ascii=False, default=str))


def _html(folder: Path) -> Iterator[Unit]:
    for path in _html_files(folder):
        yield Unit("html", path.relative_to(folder).with_suffix("").as_posix(), path.read_bytes())


def iter_units(paths: list[Path]) -> Iterator[Unit]:
    """Every unit of every input, in the order given (a folder's files sorted by name)."""
    readers = {"jsonl": _jsonl, "parquet": _parquet_rows, "dir": _html}
    for path in paths:
        yield from readers[_kind(path)](path)

"""The batch's state on disk: one file per finished partition, written atomically, and the output assembled
from them in partition order.

``OUT.parts/part-000042.jsonl`` holds a header line (the generation key, the input fingerprints, the ids and
content hashes) and then the partition's output lines. A crash loses only the partitions in flight; a re-run reads
the headers to skip what is done.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Summary
from .work import PartResult

PART_GLOB = "part-*.jsonl"
# The Parquet output: the fields of `summarize --format jsonl` (lists and objects as JSON text), plus error.
PARQUET_ROWS = 2048


@dataclass(slots=True)
class Part:
    index: int
    key: str
    fingerprints: list[str]
    ids: list[str]
    hashes: list[str | None]
    lines: list[str]
    errors: int = 0


def parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def part_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:06d}.jsonl"


def write_part(folder: Path, key: str, result: PartResult) -> None:
    header = {"partition": result.index, "key": key, "fingerprints": result.fingerprints, "ids": result.ids,
              "hashes": result.hashes, "errors": result.errors}
    path = part_path(folder, result.index)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(header, ensure_ascii=False) + "\n")
        for line in result.lines:
            fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_part(folder: Path, index: int, with_lines: bool = True) -> Part | None:
    """The partition's file, or None when there is none or it is unreadable (then it is made again)."""
    path = part_path(folder, index)
    try:
        with open(path, encoding="utf-8") as fh:
            header = json.loads(fh.readline())
            lines = [line.rstrip("\n") for line in fh] if with_lines else []
        part = Part(index, header["key"], header["fingerprints"], header["ids"], header["hashes"], lines, int(header.get("errors", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if with_lines and len(part.lines) != len(part.ids):
        return None
    return part


def remove_parts_from(folder: Path, count: int) -> None:
    """Drop partition files beyond the input's partitions (left by an earlier run on a longer input)."""
    for path in folder.glob(PART_GLOB):
        try:
            index = int(path.stem.split("-")[1])
        except (IndexError, ValueError):
            continue
        if index >= count:
            path.unlink()


def _records(folder: Path, count: int) -> Iterator[tuple[str, str | None, str]]:
    for index in range(count):
        part = read_part(folder, index)
        if part is None:
            raise InputError(f"Partition {index} of the batch is missing in {folder}; run the command again to make it.")
        yield from zip(part.ids, part.hashes, part.lines, strict=True)


def _unique(records, stats: dict) -> Iterator[str]:
    """The output lines, each article (id and content) once."""
    seen: set[bytes] = set()
    for aid, digest, line in records:
        if digest is not None:
            key = hashlib.blake2b(f"{aid}\0{digest}".encode("utf-8", "surrogatepass"), digest_size=10).digest()
            if key in seen:
                stats["duplicates"] += 1
                continue
            seen.add(key)
        yield line


def output_format(out: Path) -> str:
    name = out.name.lower()
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    raise InputError(f"{out}: the output is JSONL (.jsonl, .jsonl.gz) or Parquet (.parquet).")


def assemble(folder: Path, count: int, out: Path) -> dict:
    """Write the output from the partition files, in order, without duplicates. Returns counts."""
    stats = {"duplicates": 0, "written": 0}
    tmp = out.with_name(out.name + ".tmp")
    lines = _unique(_records(folder, count), stats)
    if output_format(out) == "parquet":
        stats["written"] = _write_parquet(lines, tmp)
    else:
        import gzip

        opener = gzip.open if out.name.endswith(".gz") else open
        with opener(tmp, "wt", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line + "\n")
                stats["written"] += 1
    os.replace(tmp, out)
    return stats


def parquet_columns() -> list[str]:
    from dataclasses import fields

    return [f.name for f in fields(Summary) if f.name != "rejected"] + ["error"]


def _write_parquet(lines: Iterator[str], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Writing Parquet needs pyarrow: pip install 'darumgehts[batch]'.") from None
    columns = parquet_columns()
    schema = pa.schema([(name, pa.string()) for name in columns])
    written = 0
    with pq.ParquetWriter(path, schema) as writer:
        rows: dict[str, list] = {name: [] for name in columns}
        for line in lines:
            record = json.loads(line)
            for name in columns:
                value = record.get(name)
                if isinstance(value, list | dict):
                    value = json.dumps(value, ensure_ascii=False)
                rows[name].append(value if value is None or isinstance(value, str) else str(value))
            written += 1
            if written % PARQUET_ROWS == 0:
                writer.write_table(pa.table(rows, schema=schema))
                rows = {name: [] for name in columns}
        if rows["id"] or written == 0:
            writer.write_table(pa.table(rows, schema=schema))
    return written

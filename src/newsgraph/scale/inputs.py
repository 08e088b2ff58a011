"""What the Ray runner reads: paths and object-store URIs planned into ordered parts, and the rows
that carry documents between Ray stages.

Nothing here imports ray, so the planning and the row codec are tested without a cluster. Files in
the formats `newsgraph.sources` knows (text, HTML, WARC, JSON Lines, gzip of any) are read by those
readers, one file per task; Parquet files go to `ray.data.read_parquet`, which splits big files by
row group. Every document travels as one pickled `RawDocument | ReadFailure | ArticleAnalysis` in a
binary column: the model objects cross stages whole, so linking sees exactly what the local path sees.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from newsgraph.config import Limits
from newsgraph.model import ArticleAnalysis, RawDocument, ReadFailure
from newsgraph.sources import STDIN, expand_paths, iter_documents, read_stream
from newsgraph.sources.readers import parse_jsonl_record
from newsgraph.sources.streams import megabytes

# A scheme of two or more characters: `C:/data` (a drive letter) stays a local path.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
# The column every Ray stage reads and writes: one pickled model object per row.
ITEM_COLUMN = "item"
# The JSONL fields a Parquet file may carry (the same names, so a JSONL export converts as is).
PARQUET_FIELDS = ("text", "html", "url", "title", "published", "source")

Item = RawDocument | ReadFailure
Carried = RawDocument | ReadFailure | ArticleAnalysis
PartKind = Literal["files", "parquet", "items"]


@dataclass
class InputPart:
    """A run of consecutive inputs of one kind: kept in order so the stream matches the local path."""

    kind: PartKind
    paths: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # kind "items": read in the driver (stdin, failures)


def is_uri(path: str) -> bool:
    """An object-store or remote path (`s3://bucket/key`, `gs://...`), read through pyarrow.fs."""
    return _URI.match(path) is not None


def is_parquet(path: str) -> bool:
    return path.lower().endswith(PARQUET_SUFFIXES)


def _expand_uri(uri: str) -> list[str] | ReadFailure:
    """The files under an object-store URI (itself when it is a file), sorted like local folders."""
    from pyarrow import fs

    try:
        filesystem, root = fs.FileSystem.from_uri(uri)
        info = filesystem.get_file_info(root)
        if info.type == fs.FileType.File:
            return [uri]
        if info.type != fs.FileType.Directory:
            return ReadFailure(uri, "no such file or folder")
        selector = fs.FileSelector(root, recursive=True)
        found = sorted(
            i.path
            for i in filesystem.get_file_info(selector)
            if i.type == fs.FileType.File and not i.base_name.startswith(".")
        )
    except (OSError, ValueError) as exc:
        return ReadFailure(uri, f"cannot list ({exc})")
    if not found:
        return ReadFailure(uri, "folder holds no files")
    scheme = uri.partition("://")[0]
    return [f"{scheme}://{p}" for p in found]


def _expanded(paths: Sequence[str]) -> Iterator[str | ReadFailure]:
    for given in paths:
        if is_uri(given):
            listed = _expand_uri(given)
            yield from [listed] if isinstance(listed, ReadFailure) else listed
        else:
            yield from (
                item if isinstance(item, ReadFailure) else str(item) for item in expand_paths([given])
            )


def plan_inputs(paths: Sequence[str], *, limits: Limits, stdin: object | None = None) -> list[InputPart]:
    """Ordered parts: runs of reader files, runs of Parquet files, and items read here (stdin, failures)."""
    parts: list[InputPart] = []

    def part_of(kind: PartKind) -> InputPart:
        if not parts or parts[-1].kind != kind:
            parts.append(InputPart(kind))
        return parts[-1]

    for entry in _expanded(paths):
        if isinstance(entry, ReadFailure):
            part_of("items").items.append(entry)
        elif entry == STDIN:
            # Standard input exists only in the driver: read it here, analyse it on the cluster.
            part_of("items").items.extend(iter_documents([STDIN], limits=limits, stdin=stdin))  # type: ignore[arg-type]
        elif is_parquet(entry):
            part_of("parquet").paths.append(entry)
        else:
            part_of("files").paths.append(entry)
    return parts


def read_input_file(path: str, *, limits: Limits) -> list[Item]:
    """Every document in one local file or object-store object, with the local readers."""
    if not is_uri(path):
        return list(iter_documents([path], limits=limits))
    from pyarrow import fs

    try:
        filesystem, key = fs.FileSystem.from_uri(path)
        size = filesystem.get_file_info(key).size
        if size is not None and size > limits.max_file_bytes:
            reason = f"file is {megabytes(size)}, limit {megabytes(limits.max_file_bytes)}"
            return [ReadFailure(path, reason, code="input_too_large")]
        with filesystem.open_input_stream(key) as stream:
            data = stream.read()
    except (OSError, ValueError) as exc:
        return [ReadFailure(path, f"cannot read ({exc})")]
    if not data:
        return [ReadFailure(path, "empty file")]
    return list(read_stream(io.BytesIO(data), path, limits=limits))


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def parquet_record(row: Mapping[str, Any], *, path: str) -> Item:
    """One Parquet row as the JSONL reader would read the same record.

    The origin is `path#key`, key being the URL or else a hash of the row: Ray's Parquet reader splits
    files by row group and gives no row number, and a content key keeps ids stable across re-ingests.
    """
    record = {name: _json_value(row.get(name)) for name in PARQUET_FIELDS if row.get(name) is not None}
    line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    key = str(record.get("url") or hashlib.sha256(line).hexdigest()[:16])
    return parse_jsonl_record(line, f"{path}#{key}", 1)


def encode_items(items: Iterable[Carried]) -> list[bytes]:
    return [pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in items]


def decode_items(blobs: Iterable[bytes]) -> list[Carried]:
    # Only rows this runner pickled itself are ever unpickled (never user input).
    return [pickle.loads(bytes(blob)) for blob in blobs]

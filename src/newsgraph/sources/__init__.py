"""Readers: files, folders, globs and stdin -> RawDocument | ReadFailure, streamed.

`iter_documents` is the one entry point. Each path is expanded (folders recursively and sorted,
hidden files skipped; globs), opened as a bounded stream (gzip decompressed on the fly), its format
chosen by extension then sniffing (`formats.py`), and handed to the reader for that format
(`readers.py`). Bad input never raises: it becomes a `ReadFailure` naming the file and the reason.
"""

from __future__ import annotations

import glob
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from newsgraph.config import Limits
from newsgraph.model import RawDocument, ReadFailure
from newsgraph.sources.formats import detect_format, strip_gz
from newsgraph.sources.readers import read_html, read_jsonl, read_text, read_warc
from newsgraph.sources.streams import (
    CHUNK_BYTES,
    GZIP_MAGIC,
    BoundedReader,
    LimitExceededError,
    megabytes,
    open_gzip,
    read_bounded,
)

__all__ = ["expand_paths", "iter_documents", "read_stream"]

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: Sequence[str]) -> Iterator[Path | str | ReadFailure]:
    """Files to read, in order: `-` stays `-`; a path that matches nothing is a ReadFailure."""
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_file():
            yield path
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
            if not found:
                yield ReadFailure(given, "folder holds no files")
            yield from found
        elif _GLOB_CHARS & set(given):
            # glob.glob, not Path.glob: the pattern may be absolute or climb with "..".
            matches = sorted(Path(m) for m in glob.glob(given, recursive=True))  # noqa: PTH207
            files = [m for m in matches if m.is_file() and not m.name.startswith(".")]
            if not files:
                yield ReadFailure(given, "no file matches this pattern")
            yield from files
        else:
            yield ReadFailure(given, "no such file or folder")


def read_stream(stream: BinaryIO, name: str, *, limits: Limits) -> Iterator[RawDocument | ReadFailure]:
    """Every document in one byte stream called `name` (a path, or `-`), format sniffed."""
    buffered: io.BufferedReader = io.BufferedReader(cast(io.RawIOBase, stream), buffer_size=CHUNK_BYTES)
    bounded: BoundedReader | None = None
    inner_name = name
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        buffered, bounded = open_gzip(cast(BinaryIO, buffered), limit=limits.max_decompressed_bytes)
        inner_name = strip_gz(name)
    try:
        head = buffered.peek(CHUNK_BYTES)[:CHUNK_BYTES]
    except LimitExceededError as exc:
        yield ReadFailure(name, str(exc), code="input_too_large")
        return
    if not head:
        reason = bounded.truncated if bounded and bounded.truncated else "empty file"
        yield ReadFailure(name, reason)
        return
    file_format = detect_format(inner_name, head)
    if file_format == "warc":
        yield from read_warc(cast(BinaryIO, buffered), name, limits=limits, bounded=bounded)
        return
    if file_format == "jsonl":
        yield from read_jsonl(cast(BinaryIO, buffered), name, limits=limits)
        if bounded is not None and bounded.truncated:
            yield ReadFailure(name, bounded.truncated)
        return
    limit = limits.max_decompressed_bytes if bounded else limits.max_file_bytes
    try:
        what = "decompressed data" if bounded else "the file"
        data = read_bounded(cast(BinaryIO, buffered), limit=limit, what=what)
    except LimitExceededError as exc:
        yield ReadFailure(name, str(exc), code="input_too_large")
        return
    if bounded is not None and bounded.truncated:
        yield ReadFailure(name, bounded.truncated)
        return
    yield read_html(data, name) if file_format == "html" else read_text(data, name)


def _read_file(path: Path, *, limits: Limits) -> Iterator[RawDocument | ReadFailure]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield ReadFailure(name, f"cannot read ({exc.strerror or exc})")
        return
    if size == 0:
        yield ReadFailure(name, "empty file")
        return
    if size > limits.max_file_bytes and not _is_record_stream(path):
        yield ReadFailure(
            name,
            f"file is {megabytes(size)}, limit {megabytes(limits.max_file_bytes)}",
            code="input_too_large",
        )
        return
    try:
        with path.open("rb", buffering=0) as raw:
            yield from read_stream(raw, name, limits=limits)
    except OSError as exc:
        yield ReadFailure(name, f"cannot read ({exc.strerror or exc})")


def _is_record_stream(path: Path) -> bool:
    """A plain WARC or JSON Lines file is read record by record, each record bounded by
    `max_record_bytes`, so its total size needs no bound: a day of a news crawl is one such file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(CHUNK_BYTES)
    except OSError:
        return False
    return head[:2] != GZIP_MAGIC and detect_format(path.name, head) in {"warc", "jsonl"}


def _read_stdin(stdin: BinaryIO | None, *, limits: Limits) -> Iterator[RawDocument | ReadFailure]:
    if stdin is None:
        import sys

        stdin = sys.stdin.buffer
    try:
        data = read_bounded(stdin, limit=limits.max_file_bytes, what="standard input")
    except LimitExceededError as exc:
        yield ReadFailure(STDIN, str(exc), code="input_too_large")
        return
    if not data:
        yield ReadFailure(STDIN, "empty input")
        return
    yield from read_stream(io.BytesIO(data), STDIN, limits=limits)


def iter_documents(
    paths: Sequence[str], *, limits: Limits, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """Every document in `paths` (files, folders, globs, `-` for stdin), as it is read.

    One bad file or record yields one `ReadFailure` and the iteration goes on.
    """
    for item in expand_paths(paths):
        if isinstance(item, ReadFailure):
            yield item
        elif item == STDIN:
            yield from _read_stdin(stdin, limits=limits)
        else:
            yield from _read_file(Path(item), limits=limits)

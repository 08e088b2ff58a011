"""Opening inputs as bounded byte streams: plain files, gzip members, stdin.

A gzip stream is decompressed chunk by chunk and stops with `LimitExceededError` once it has produced
more than the limit, so a small bomb never expands in memory.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = 1 << 16


class LimitExceededError(Exception):
    """A stream produced more bytes than it is allowed to (carries the user-facing reason)."""


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB" if size >= 1_000_000 else f"{size} bytes"


class BoundedReader(io.RawIOBase):
    """Reads from `inner`, raising `LimitExceededError` past `limit` bytes.

    A gzip stream that ends early (EOFError/zlib.error from the gzip module) reads as a clean end
    of data and sets `truncated`: the gzip module hands out every byte it could decompress before
    failing, so a reader of records can keep the complete ones before the cut and then report it.
    """

    def __init__(self, inner: gzip.GzipFile, *, limit: int, what: str) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._what = what
        self.produced = 0
        self.truncated: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self.truncated:
            return 0
        try:
            # read1, not read: a buffered read() loops over the gzip members and drops the bytes
            # it already had when a later member turns out to be cut (CPython 3.11).
            data = self._inner.read1(len(buffer))
        except EOFError:
            self.truncated = "truncated gzip stream"
            return 0
        except (zlib.error, gzip.BadGzipFile) as exc:
            self.truncated = f"corrupt gzip stream ({exc})"
            return 0
        size = len(data)
        self.produced += size
        if self.produced > self._limit:
            raise LimitExceededError(f"{self._what} exceeds the limit of {megabytes(self._limit)}")
        buffer[:size] = data
        return size

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_gzip(raw: BinaryIO, *, limit: int) -> tuple[io.BufferedReader, BoundedReader]:
    """A buffered, bounded, decompressing view of a gzip stream (multi-member files included),
    and the bounded reader under it (ask it whether the stream was `truncated`)."""
    decompressed = gzip.GzipFile(fileobj=raw, mode="rb")
    bounded = BoundedReader(decompressed, limit=limit, what="decompressed data")
    return io.BufferedReader(bounded, buffer_size=CHUNK_BYTES), bounded


def read_bounded(stream: BinaryIO, *, limit: int, what: str) -> bytes:
    """All of `stream`, or `LimitExceededError` as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise LimitExceededError(f"{what} exceeds the limit of {megabytes(limit)}")
        chunks.append(chunk)

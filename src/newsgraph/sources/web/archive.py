"""Every fetched response written to WARC files next to the database (`<db>.warc/`).

A run writes one file, `YYYYMMDD-HHMMSS-<n>.warc.gz`, one gzip member per record, flushed after each
exchange so a run stopped at any moment leaves whole records. A complete response becomes a
`response` record (its request follows as a `request` record); a response whose body was refused
(not HTML, over the size limit) or that never came (timeout) becomes a `metadata` record saying why,
so nothing newsgraph asked for goes unrecorded, yet only real pages are ingested from the archive.

Bodies are stored decoded (no Content-Encoding) with a Content-Length that matches them, so any
WARC reader, ours included (`sources.readers.read_warc`), reads them without the wire's encodings.

Offsets: `read_warc` reads a .warc.gz as one decompressed stream and names each record by its offset
there, so that is the offset recorded here too (`ArchivedRecord.offset`, equal to the article's
`origin`); `compressed_offset` is where the record's gzip member starts in the file, for tools that
seek (CDX indexes).
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from newsgraph import __version__

if TYPE_CHECKING:
    from newsgraph.sources.web.fetch import Exchange

WARC_SUFFIX = ".warc"


def archive_dir_for(db_path: str) -> Path:
    """`<db>.warc/` beside the database file."""
    return Path(db_path + WARC_SUFFIX).resolve()


@dataclass(frozen=True)
class ArchivedRecord:
    """Where one exchange landed: the WARC file and the byte offset of its record."""

    file: str
    offset: int  # in the decompressed stream, as `read_warc` counts
    compressed_offset: int = 0  # where the gzip member starts in the file

    @property
    def origin(self) -> str:
        """The same `file#offset` that `read_warc` gives the article read back from this record."""
        return f"{self.file}#{self.offset}"


class WarcArchive:
    """Appends exchanges to one new WARC file, opened on the first write. Use as a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self._stream: IO[bytes] | None = None
        self._writer: Any = None
        self._plain_offset = 0

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def _open(self) -> Any:
        from warcio.warcwriter import WARCWriter

        if self._writer is not None:
            return self._writer
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        number = 1
        while (self.folder / f"{stamp}-{number}.warc.gz").exists():
            number += 1
        self.path = self.folder / f"{stamp}-{number}.warc.gz"
        # "xb": two runs in the same second never share a file.
        self._stream = self.path.open("xb")
        # The writer serialises records uncompressed; `_append` gzips each into its own member.
        self._writer = WARCWriter(io.BytesIO(), gzip=False)
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": f"newsgraph/{__version__}", "format": "WARC File Format 1.0"}
        )
        self._append([info])
        return self._writer

    def _append(self, records: list[Any]) -> ArchivedRecord:
        """Write records, each as one gzip member; the first one's position."""
        from warcio.warcwriter import WARCWriter

        assert self._stream is not None and self.path is not None
        first = ArchivedRecord(str(self.path), self._plain_offset, self._stream.tell())
        for record in records:
            plain = io.BytesIO()
            WARCWriter(plain, gzip=False).write_record(record)
            data = plain.getvalue()
            self._stream.write(gzip.compress(data, compresslevel=6))
            self._plain_offset += len(data)
        self._stream.flush()
        return first

    def write(self, exchange: Exchange) -> ArchivedRecord:
        """Archive one exchange; the record returned is the response (or metadata) record."""
        from warcio.statusandheaders import StatusAndHeaders

        writer = self._open()
        if exchange.complete and exchange.status:
            headers = [*exchange.response_headers, ("Content-Length", str(len(exchange.body)))]
            protocol = exchange.http_version or "HTTP/1.1"
            http_headers = StatusAndHeaders(
                f"{exchange.status} {exchange.reason}".strip(), headers, protocol=protocol
            )
            response = writer.create_warc_record(
                exchange.url, "response", payload=io.BytesIO(exchange.body), http_headers=http_headers
            )
            request_line = f"GET {_request_target(exchange.url)} {protocol}"
            request = writer.create_warc_record(
                exchange.url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    request_line, list(exchange.request_headers), protocol=protocol, is_http_request=True
                ),
                warc_headers_dict={"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
            )
            return self._append([response, request])
        lines = [f"fetch-status: {exchange.status or 'no response'}"]
        if exchange.note:
            lines.append(f"note: {exchange.note}")
        lines += [f"http-header: {name}: {value}" for name, value in exchange.response_headers]
        payload = ("\r\n".join(lines) + "\r\n").encode("utf-8")
        record = writer.create_warc_record(
            exchange.url, "metadata", payload=io.BytesIO(payload), warc_content_type="application/warc-fields"
        )
        return self._append([record])


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

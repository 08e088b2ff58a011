"""Readers: one function per format, from a bounded byte stream to RawDocuments or ReadFailures.

None of them raises for bad input; each bad file or record becomes a `ReadFailure` naming it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

from newsgraph.config import Limits
from newsgraph.model import RawDocument, ReadFailure
from newsgraph.sources.decoding import binary_reason, decode_bytes, garbled_reason
from newsgraph.sources.streams import BoundedReader, LimitExceededError, megabytes

Item = RawDocument | ReadFailure

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml")
_JSONL_FIELDS = ("url", "title", "published", "source")
# Plain-text exports often carry a short header block after the title ("Published: 2025-04-09",
# "Source: Adriatic Courier", "URL: https://..."), as mail and news-wire formats do. Only these keys
# are read, and only in the lines right after the title, so a body sentence with a colon is never taken.
_TEXT_HEADER_KEYS = {
    "published": "published",
    "date": "published",
    "dateline": "published",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
}
_TEXT_HEADER_IGNORED = {"by", "author", "byline", "updated", "section", "tags"}
_MAX_HEADER_LINES = 8
_MAX_HEADER_VALUE = 300


def _text_header(body: str) -> tuple[dict[str, str], str]:
    """Metadata lines at the top of a text body, and the body without them."""
    found: dict[str, str] = {}
    lines = body.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    taken = index
    for line in lines[index : index + _MAX_HEADER_LINES]:
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not value.strip() or len(value) > _MAX_HEADER_VALUE:
            break
        if key in _TEXT_HEADER_KEYS:
            found.setdefault(_TEXT_HEADER_KEYS[key], value.strip())
        elif key not in _TEXT_HEADER_IGNORED:
            break
        taken += 1
    if not found:
        return {}, body
    return found, "\n".join(lines[taken:])


def read_text(data: bytes, origin: str) -> Item:
    """A plain-text article: the first non-empty line is the title, the rest the body."""
    reason = binary_reason(data)
    if reason:
        return ReadFailure(origin, reason)
    text = decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ReadFailure(origin, "empty file")
    reason = garbled_reason(text)
    if reason:
        return ReadFailure(origin, reason)
    lines = text.lstrip().split("\n", 1)
    title = lines[0].strip()
    rest = lines[1] if len(lines) > 1 else ""
    # A title repeated on the next line (a common export artefact) comes before any header block.
    repeated = rest.lstrip().split("\n", 1)
    if repeated[0].strip() == title:
        rest = repeated[1] if len(repeated) > 1 else ""
    header, body = _text_header(rest)
    return RawDocument(
        origin=origin,
        content=body,
        kind="text",
        title=title or None,
        url=header.get("url"),
        published=header.get("published"),
        source=header.get("source"),
    )


def read_html(data: bytes, origin: str, *, url: str | None = None) -> Item:
    reason = binary_reason(data)
    if reason:
        return ReadFailure(origin, reason)
    markup = decode_bytes(data, html=True)
    if not markup.strip():
        return ReadFailure(origin, "empty file")
    reason = garbled_reason(markup)
    if reason:
        return ReadFailure(origin, reason)
    return RawDocument(origin=origin, content=markup, kind="html", url=url)


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_jsonl_record(line: bytes, origin: str, number: int) -> Item:
    """One JSONL line: an object with `text` or `html`, and optional url/title/published/source."""
    try:
        record = json.loads(decode_bytes(line))
    except (json.JSONDecodeError, RecursionError):
        return ReadFailure(origin, f"line {number}: not JSON")
    if not isinstance(record, dict):
        return ReadFailure(origin, f"line {number}: not a JSON object")
    extras = {name: _optional_text(record.get(name)) for name in _JSONL_FIELDS}
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        return RawDocument(origin=origin, content=html, kind="html", **extras)
    if isinstance(text, str) and text.strip():
        return RawDocument(origin=origin, content=text, kind="text", **extras)
    return ReadFailure(origin, f'line {number}: no "text" or "html" field')


def read_jsonl(stream: BinaryIO, path: str, *, limits: Limits) -> Iterator[Item]:
    """One document per line, streamed; a broken line fails alone and the file goes on.

    A file with no record at all (only blank lines) is one failure: a file is never dropped silently.
    """
    number = 0
    records = 0
    while True:
        try:
            line = stream.readline(limits.max_record_bytes + 1)
        except LimitExceededError as exc:
            yield ReadFailure(path, str(exc), code="input_too_large")
            return
        if not line:
            if not records:
                yield ReadFailure(path, "no JSON Lines record in this file")
            return
        number += 1
        origin = f"{path}:{number}"
        if len(line) > limits.max_record_bytes and not line.endswith(b"\n"):
            yield ReadFailure(
                origin,
                f"line {number}: record is over the limit of {megabytes(limits.max_record_bytes)}",
                code="input_too_large",
            )
            records += 1
            # Skip the rest of the long line without holding it (a gzip bomb may hit its limit here).
            try:
                while line and not line.endswith(b"\n"):
                    line = stream.readline(1 << 20)
            except LimitExceededError as exc:
                yield ReadFailure(path, str(exc), code="input_too_large")
                return
            continue
        if not line.strip():
            continue
        records += 1
        yield parse_jsonl_record(line, origin, number)


def _header_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _decode_payload(payload: bytes, content_type: str) -> str:
    charset = _header_charset(content_type)
    if charset:
        try:
            return payload.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(payload, html=True)


def read_warc(
    stream: BinaryIO, path: str, *, limits: Limits, bounded: BoundedReader | None = None
) -> Iterator[Item]:
    """HTML `response` (and `resource`) records, streamed one at a time.

    A file cut in the middle yields every complete record before the cut, then one failure; a file
    with no HTML record at all yields one failure saying so.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    buffered = (
        stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(cast(io.RawIOBase, stream))
    )
    if not buffered.peek(16).lstrip(b"\r\n").startswith(b"WARC/"):
        yield ReadFailure(path, "not a WARC file")
        return
    yielded = 0
    try:
        records = ArchiveIterator(buffered)
        for record in records:
            if record.rec_type not in {"response", "resource"}:
                continue
            if record.rec_type == "response":
                headers = record.http_headers
                if headers is None:
                    continue
                status = headers.get_statuscode() or ""
                if not status.startswith("2"):
                    continue  # redirects and errors carry no article
                content_type = headers.get_header("Content-Type") or ""
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.length and record.length > limits.max_record_bytes:
                offset = records.get_record_offset()
                yield ReadFailure(
                    f"{path}#{offset}",
                    f"record is {megabytes(record.length)}, limit {megabytes(limits.max_record_bytes)}",
                    code="input_too_large",
                )
                yielded += 1
                continue
            payload = record.content_stream().read(limits.max_record_bytes + 1)
            short_by = getattr(record.raw_stream, "limit", 0) or 0
            offset = records.get_record_offset()
            if short_by > 0:
                yield ReadFailure(path, f"truncated WARC: the record at offset {offset} is cut short")
                return
            origin = f"{path}#{offset}"
            reason = binary_reason(payload) or ("empty record" if not payload.strip() else None)
            yielded += 1
            if reason:
                yield ReadFailure(origin, reason)
                continue
            markup = _decode_payload(payload, content_type)
            yield RawDocument(origin=origin, content=markup, kind="html", url=url)
    except LimitExceededError as exc:
        yield ReadFailure(path, str(exc), code="input_too_large")
        return
    except (ArchiveLoadFailed, EOFError, ValueError, OSError) as exc:
        yield ReadFailure(path, f"broken WARC file ({exc})")
        return
    except Exception as exc:  # warcio raises AttributeError/TypeError/... on hostile headers (no target URI)
        yield ReadFailure(path, f"broken WARC file ({type(exc).__name__}: {exc})")
        return
    if bounded is not None and bounded.truncated:
        yield ReadFailure(path, f"truncated WARC: {bounded.truncated}")
    elif not yielded:
        yield ReadFailure(path, "no HTML response record in this WARC file")

"""Readers and the cleaner on arbitrary bytes: they return documents or failures, and never raise."""

from __future__ import annotations

import gzip
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.clean import clean_document
from newsgraph.config import CleanSettings, Limits
from newsgraph.model import RawDocument, ReadFailure
from newsgraph.sources import read_stream
from newsgraph.sources.decoding import decode_bytes
from newsgraph.sources.readers import parse_jsonl_record, read_html, read_text

LIMITS = Limits(
    max_file_bytes=100_000, max_decompressed_bytes=200_000, max_text_chars=5_000, max_record_bytes=20_000
)
NAMES = st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.warc", "a.warc.gz", "a.gz", "a.bin", "-", "noext"])
# Prefixes that steer random bytes into each reader's deeper branches.
PREFIXES = st.sampled_from(
    [
        b"",
        b"\x1f\x8b\x08\x00",
        b"WARC/1.0\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\n",
        b'{"text": "',
        b'{"html": "<p>',
        b"<html><body>",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"Title\nPublished: ",
    ]
)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(prefix=PREFIXES, body=st.binary(max_size=3000), name=NAMES)
def test_read_stream_never_raises(prefix: bytes, body: bytes, name: str) -> None:
    items = list(read_stream(io.BytesIO(prefix + body), name, limits=LIMITS))
    assert items, "every stream yields at least one document or failure"
    for item in items:
        assert isinstance(item, RawDocument | ReadFailure)
        if isinstance(item, ReadFailure):
            assert item.origin.startswith(name) and item.reason


@PROPERTY
@given(body=st.binary(max_size=3000), cut=st.integers(min_value=0, max_value=4000))
def test_cut_gzip_streams_never_raise(body: bytes, cut: int) -> None:
    data = gzip.compress(body)[:cut]
    for item in read_stream(io.BytesIO(data), "cut.txt.gz", limits=LIMITS):
        assert isinstance(item, RawDocument | ReadFailure)


@PROPERTY
@given(data=st.binary(max_size=2000))
def test_decoding_and_single_readers_never_raise(data: bytes) -> None:
    assert isinstance(decode_bytes(data), str)
    assert isinstance(decode_bytes(data, html=True), str)
    assert isinstance(read_text(data, "x.txt"), RawDocument | ReadFailure)
    assert isinstance(read_html(data, "x.html"), RawDocument | ReadFailure)
    assert isinstance(parse_jsonl_record(data, "x.jsonl:1", 1), RawDocument | ReadFailure)


@settings(max_examples=100, deadline=None)
@given(
    content=st.text(max_size=3000),
    title=st.none() | st.text(max_size=200),
    published=st.none() | st.text(max_size=40),
)
def test_cleaning_text_never_raises(content: str, title: str | None, published: str | None) -> None:
    raw = RawDocument(origin="x.txt", content=content, kind="text", title=title, published=published)
    result = clean_document(raw, settings=CleanSettings(), limits=LIMITS)
    assert result.origin == "x.txt"


@settings(max_examples=25, deadline=None)
@given(
    markup=st.text(alphabet=st.sampled_from(list("<>/=\"' &;#abpdivx\n")) | st.characters(), max_size=2000)
)
def test_cleaning_markup_never_raises(markup: str) -> None:
    raw = RawDocument(origin="x.html", content=markup, kind="html")
    assert clean_document(raw, settings=CleanSettings(), limits=LIMITS).origin == "x.html"

"""Each of config.Limits is honoured by the readers and the cleaner, with a clear per-file failure."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsgraph.clean import clean_document
from newsgraph.config import CleanSettings, Limits
from newsgraph.model import Article, RawDocument, ReadFailure
from newsgraph.sources import iter_documents

from .containers import warc_bytes

ARTICLE = "Council opens the new bridge\n\nThe council opened the new bridge on Tuesday, the mayor said.\n"
LIMITS = Limits(
    max_file_bytes=100_000, max_decompressed_bytes=50_000, max_text_chars=500, max_record_bytes=2_000
)


def _read(path: Path, limits: Limits = LIMITS) -> list[RawDocument | ReadFailure]:
    return list(iter_documents([str(path)], limits=limits))


def test_a_file_over_max_file_bytes_fails_with_its_size(tmp_path: Path) -> None:
    over = tmp_path / "big.txt"
    over.write_bytes(ARTICLE.encode() + b"x" * LIMITS.max_file_bytes)
    [result] = _read(over)
    assert isinstance(result, ReadFailure)
    assert result.code == "input_too_large" and result.origin == str(over)
    assert "limit" in result.reason


def test_a_file_at_max_file_bytes_is_read(tmp_path: Path) -> None:
    exact = tmp_path / "exact.txt"
    data = ARTICLE.encode()
    exact.write_bytes(data + b" " * (LIMITS.max_file_bytes - len(data)))
    [result] = _read(exact)
    assert isinstance(result, RawDocument)


def test_standard_input_over_max_file_bytes_fails() -> None:
    stdin = io.BytesIO(b"word " * LIMITS.max_file_bytes)
    [result] = list(iter_documents(["-"], limits=LIMITS, stdin=stdin))
    assert isinstance(result, ReadFailure) and result.code == "input_too_large" and result.origin == "-"


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.html.gz", "bomb.jsonl.gz", "bomb.warc.gz", "bomb.gz"])
def test_a_gzip_bomb_stops_at_max_decompressed_bytes(tmp_path: Path, name: str) -> None:
    bomb = tmp_path / name
    # 100x the limit, a few hundred bytes on disk: well under max_file_bytes.
    bomb.write_bytes(gzip.compress(b"{" + b" " * (LIMITS.max_decompressed_bytes * 100)))
    assert bomb.stat().st_size < LIMITS.max_file_bytes
    results = _read(bomb)
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert failures and failures[-1].code == "input_too_large", results
    assert "decompressed" in failures[-1].reason


def test_a_jsonl_record_over_max_record_bytes_fails_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE}),
        json.dumps({"text": "word " * LIMITS.max_record_bytes}),
        json.dumps({"text": ARTICLE.replace("Tuesday", "Monday")}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = _read(path)
    assert [type(r).__name__ for r in results] == ["RawDocument", "ReadFailure", "RawDocument"]
    failure = results[1]
    assert isinstance(failure, ReadFailure)
    assert failure.origin == f"{path}:2" and failure.code == "input_too_large"


def test_a_warc_record_over_max_record_bytes_fails_alone(tmp_path: Path) -> None:
    small = ("http://a.test/1", f"<html><body><p>{ARTICLE}</p></body></html>".encode(), "200 OK", "text/html")
    big = ("http://a.test/2", b"<p>" + b"w" * LIMITS.max_record_bytes + b"</p>", "200 OK", "text/html")
    data, _ = warc_bytes([small, big, small], compress=True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    results = _read(path)
    assert [type(r).__name__ for r in results] == ["RawDocument", "ReadFailure", "RawDocument"], results
    assert isinstance(results[1], ReadFailure) and results[1].code == "input_too_large"


def test_cleaned_text_is_cut_at_max_text_chars() -> None:
    body = " ".join(f"Sentence number {i} is about the bridge." for i in range(200))
    raw = RawDocument(origin="long.txt", content=body, kind="text", title="A long report")
    article = clean_document(raw, settings=CleanSettings(), limits=LIMITS)
    assert isinstance(article, Article)
    assert len(article.text) <= LIMITS.max_text_chars
    assert article.text.endswith(".")  # cut at a sentence end, not mid-word

"""Readers on hand-made bytes: every bad input becomes one ReadFailure and the batch goes on."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsgraph.config import Limits
from newsgraph.model import RawDocument, ReadFailure
from newsgraph.sources import iter_documents
from newsgraph.sources.formats import detect_format

LIMITS = Limits()
ARTICLE = (
    "Storm closes harbour in fictional Port Avel\n\n"
    "Officials in Port Avel closed the harbour on Tuesday after a storm damaged two piers.\n\n"
    "Ferries will resume once engineers have inspected the moorings, the mayor said.\n"
)
PAGE = (
    "<html><head><title>Bridge reopens</title></head><body><nav>Home | World</nav>"
    "<article><h1>Bridge reopens</h1><p>The old bridge reopened to traffic on Monday after "
    "two years of repairs, the city council said.</p></article></body></html>"
)


def warc_bytes(pages: list[tuple[str, str]], *, compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


def long_page(number: int) -> str:
    sentences = " ".join(f"Sentence {i} of page {number} says something new." for i in range(400))
    return f"<html><head><title>Page {number}</title></head><body><p>{sentences}</p></body></html>"


def read_all(*paths: Path | str, limits: Limits = LIMITS) -> list[RawDocument | ReadFailure]:
    return list(iter_documents([str(p) for p in paths], limits=limits))


def test_folder_of_good_and_bad_files_yields_good_articles_and_one_failure_each(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "c_latin1.txt").write_bytes("Café reopens\n\nThe café in Zürich reopened.".encode("latin-1"))
    whole = warc_bytes([(f"http://example.org/{i}", long_page(i)) for i in range(3)], compress=True)
    (folder / "d_cut.warc.gz").write_bytes(whole[: len(whole) * 3 // 4])
    (folder / "e_good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")

    items = read_all(folder)
    failures = [item for item in items if isinstance(item, ReadFailure)]
    documents = [item for item in items if isinstance(item, RawDocument)]

    reasons = {Path(f.origin).name: f.reason for f in failures}
    assert set(reasons) == {"a_empty.txt", "b_binary.txt", "d_cut.warc.gz"}
    assert reasons["a_empty.txt"] == "empty file"
    assert "binary" in reasons["b_binary.txt"]
    assert "truncated" in reasons["d_cut.warc.gz"]
    origins = [Path(d.origin.split("#")[0]).name for d in documents]
    assert "c_latin1.txt" in origins and "e_good.txt" in origins
    assert ".hidden.txt" not in origins
    # The complete records before the cut come through.
    assert sum(1 for d in documents if d.url and d.url.startswith("http://example.org/")) >= 1
    latin = next(d for d in documents if d.origin.endswith("c_latin1.txt"))
    assert latin.title == "Café reopens"
    assert "Zürich" in latin.content


def test_text_file_first_line_is_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n\n" + ARTICLE, encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument)
    assert doc.kind == "text"
    assert doc.title == "Storm closes harbour in fictional Port Avel"
    assert doc.content.lstrip().startswith("Officials in Port Avel")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Déjà vu in Montréal\n\nThe naïve plan for the crème brûlée festival failed.", "latin-1"),
        ("Prices rise\n\nHe said “prices are up” — by €5… it’s official.", "cp1252"),
    ],
)
def test_legacy_encodings_decode_right(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument)
    assert doc.title is not None
    assert f"{doc.title}\n{doc.content}" == text.replace("\n\n", "\n\n", 1)


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Ça va</title></head>'
        "<body><p>Noël “quoted”</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument)
    assert doc.kind == "html"
    assert "Noël “quoted”" in doc.content


def test_jsonl_broken_middle_line_fails_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First body text.", "title": "One", "url": "http://a.example/1"}),
        '{"text": "unterminated',
        json.dumps({"html": PAGE, "published": "2024-03-05", "source": "Example News"}),
        json.dumps({"title": "no body"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadFailure", "RawDocument", "ReadFailure"]
    first, broken, second, empty = items
    assert isinstance(first, RawDocument) and first.title == "One" and first.kind == "text"
    assert first.origin == f"{path}:1"
    assert isinstance(broken, ReadFailure) and broken.reason == "line 2: not JSON"
    assert broken.origin == f"{path}:2"
    assert isinstance(second, RawDocument) and second.kind == "html"
    assert second.published == "2024-03-05" and second.source == "Example News"
    assert isinstance(empty, ReadFailure) and "line 4" in empty.reason


def test_warc_records_stream_with_url_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes([("http://x.example/a", PAGE), ("http://x.example/b", PAGE)], compress=False))
    items = read_all(path)
    assert all(isinstance(i, RawDocument) for i in items)
    assert [i.url for i in items if isinstance(i, RawDocument)] == [
        "http://x.example/a",
        "http://x.example/b",
    ]
    assert items[0].origin == f"{path}#0"
    assert items[1].origin.startswith(f"{path}#") and items[1].origin != items[0].origin


def test_uncompressed_warc_cut_mid_record(tmp_path: Path) -> None:
    whole = warc_bytes([(f"http://example.org/{i}", long_page(i)) for i in range(3)], compress=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: len(whole) * 5 // 6])
    items = read_all(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ReadFailure"]
    assert "truncated" in items[-1].reason  # type: ignore[union-attr]


def test_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("just some words, not an archive\n", encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, ReadFailure) and item.reason == "not a WARC file"


def test_gzip_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as handle:
        for _ in range(64):
            handle.write(b"a" * 1_000_000)
    assert path.stat().st_size < 1_000_000
    limits = Limits(max_decompressed_bytes=5_000_000)
    [item] = read_all(path, limits=limits)
    assert isinstance(item, ReadFailure)
    assert "exceeds the limit of 5 MB" in item.reason
    assert item.code == "input_too_large"


def test_gzip_text_and_truncated_gzip(tmp_path: Path) -> None:
    good = tmp_path / "story.txt.gz"
    good.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(gzip.compress((ARTICLE * 50).encode("utf-8"))[:200])
    doc, failure = read_all(good, cut)
    assert isinstance(doc, RawDocument) and doc.title == "Storm closes harbour in fictional Port Avel"
    assert isinstance(failure, ReadFailure) and failure.reason == "truncated gzip stream"


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 3000)
    [item] = read_all(path, limits=Limits(max_file_bytes=10_000))
    assert isinstance(item, ReadFailure)
    assert item.reason == "file is 15000 bytes, limit 10000 bytes"


def test_record_files_over_the_file_limit_are_streamed(tmp_path: Path) -> None:
    """A JSONL or WARC file is bounded per record, not as a whole: a crawl file can be any size."""
    record = {"title": "Storm closes harbour", "text": "The harbour at Port Avel closed on Monday. " * 20}
    lines = tmp_path / "big.jsonl"
    lines.write_text("\n".join(json.dumps({**record, "url": f"https://x.example/{i}"}) for i in range(40)))
    limits = Limits(max_file_bytes=10_000, max_record_bytes=5_000)
    assert lines.stat().st_size > 10_000
    items = read_all(lines, limits=limits)
    assert len(items) == 40 and all(isinstance(i, RawDocument) for i in items)
    # A record over its own limit is still refused, alone.
    huge = tmp_path / "huge_record.jsonl"
    huge.write_text(json.dumps(record) + "\n" + json.dumps({**record, "text": "x " * 6_000}) + "\n")
    first, second = read_all(huge, limits=Limits(max_file_bytes=1_000, max_record_bytes=5_000))
    assert isinstance(first, RawDocument) and isinstance(second, ReadFailure)
    # A plain-text file over the limit is refused as before.
    text = tmp_path / "big.txt"
    text.write_text("word " * 3000)
    [refused] = read_all(text, limits=limits)
    assert isinstance(refused, ReadFailure) and refused.code == "input_too_large"


def test_glob_missing_path_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two.html").write_text(PAGE, encoding="utf-8")
    items = list(
        iter_documents(
            [str(tmp_path / "*.txt"), str(tmp_path / "missing.txt"), "-"],
            limits=LIMITS,
            stdin=io.BytesIO(PAGE.encode("utf-8")),
        )
    )
    assert isinstance(items[0], RawDocument) and items[0].origin.endswith("one.txt")
    assert isinstance(items[1], ReadFailure) and items[1].reason == "no such file or folder"
    assert isinstance(items[2], RawDocument) and items[2].kind == "html" and items[2].origin == "-"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("page.html", b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
        ("data.bin", b'{"text": "a body", "title": "t"}\n', "jsonl"),
        ("notes", b"A title\n\nSome body.", "text"),
        ("page.html", b"Plain words with no markup at all.", "text"),
        ("x.jsonl", b"garbage line\n", "jsonl"),
    ],
)
def test_format_detection(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


def test_text_header_block_after_the_title_is_metadata() -> None:
    from newsgraph.sources.readers import read_text

    data = (
        b"Storm hits coast\nPublished: 2025-04-09\nSource: Coastal Times\nURL: https://coastal.example/a\n\n"
        b"Note: this is the body. It starts here.\n"
    )
    doc = read_text(data, "a.txt")
    assert isinstance(doc, RawDocument)
    assert (doc.published, doc.source, doc.url) == (
        "2025-04-09",
        "Coastal Times",
        "https://coastal.example/a",
    )
    assert doc.content.strip().startswith("Note: this is the body.")
    plain = read_text(b"Title\nWarning: storms ahead today, officials said.\n", "b.txt")
    assert isinstance(plain, RawDocument) and plain.published is None
    assert "Warning: storms" in plain.content

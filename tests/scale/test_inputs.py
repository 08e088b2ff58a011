"""Planning inputs and carrying documents between Ray stages: no Ray, no model."""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.config import Limits
from newsgraph.model import RawDocument, ReadFailure
from newsgraph.scale.inputs import (
    decode_items,
    encode_items,
    is_parquet,
    is_uri,
    parquet_record,
    plan_inputs,
    read_input_file,
)


def test_uris_and_parquet_are_recognised() -> None:
    assert is_uri("s3://bucket/news/part-0.parquet")
    assert is_uri("gs://bucket/x.warc.gz")
    assert not is_uri("/data/news.jsonl")
    assert not is_uri("C:/data/news.jsonl")  # a drive letter is not a scheme
    assert is_parquet("x/part-0.PARQUET") and not is_parquet("x/part-0.jsonl")


def test_plan_keeps_input_order_in_runs_of_one_kind(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title A\n\nBody of article A.", encoding="utf-8")
    (tmp_path / "b.parquet").write_bytes(b"PAR1")
    (tmp_path / "c.parquet").write_bytes(b"PAR1")
    (tmp_path / "d.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    missing = str(tmp_path / "missing.txt")
    parts = plan_inputs([str(tmp_path), missing], limits=Limits())
    assert [p.kind for p in parts] == ["files", "parquet", "files", "items"]
    assert [Path(p).name for p in parts[0].paths] == ["a.txt"]
    assert [Path(p).name for p in parts[1].paths] == ["b.parquet", "c.parquet"]
    assert isinstance(parts[3].items[0], ReadFailure)
    assert parts[3].items[0].origin == missing


def test_stdin_is_read_in_the_driver(tmp_path: Path) -> None:
    import io

    stdin = io.BytesIO(b"Harbour reopens\n\nThe harbour reopened on Monday after the storm.")
    parts = plan_inputs(["-"], limits=Limits(), stdin=stdin)
    assert [p.kind for p in parts] == ["items"]
    (doc,) = parts[0].items
    assert isinstance(doc, RawDocument) and doc.title == "Harbour reopens"


def test_reading_one_file_uses_the_local_readers(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "First story text.", "title": "One"}) + "\nnot json\n", encoding="utf-8"
    )
    first, second = read_input_file(str(path), limits=Limits())
    assert isinstance(first, RawDocument) and first.title == "One" and first.origin == f"{path}:1"
    assert isinstance(second, ReadFailure) and "not JSON" in second.reason


def test_parquet_rows_read_like_jsonl_records() -> None:
    doc = parquet_record(
        {"text": "Body.", "title": "T", "url": "https://n.example/1", "published": None, "source": "Wire"},
        path="/d/p.parquet",
    )
    assert isinstance(doc, RawDocument)
    assert (doc.kind, doc.title, doc.url, doc.source, doc.published) == (
        "text",
        "T",
        "https://n.example/1",
        "Wire",
        None,
    )
    assert doc.origin == "/d/p.parquet#https://n.example/1"
    html = parquet_record({"html": "<p>Hi there</p>", "text": "ignored"}, path="p.parquet")
    assert isinstance(html, RawDocument) and html.kind == "html"
    empty = parquet_record({"title": "only a title"}, path="p.parquet")
    assert isinstance(empty, ReadFailure)


def test_parquet_origin_without_url_is_stable_and_content_keyed() -> None:
    one = parquet_record({"text": "Same body."}, path="p.parquet")
    again = parquet_record({"text": "Same body."}, path="p.parquet")
    other = parquet_record({"text": "Another body."}, path="p.parquet")
    assert isinstance(one, RawDocument) and isinstance(again, RawDocument) and isinstance(other, RawDocument)
    assert one.origin == again.origin != other.origin


def test_parquet_dates_become_iso_text() -> None:
    from datetime import date

    doc = parquet_record({"text": "Body.", "published": date(2025, 4, 9)}, path="p.parquet")
    assert isinstance(doc, RawDocument) and doc.published == "2025-04-09"


def test_items_survive_the_row_codec() -> None:
    items = [RawDocument(origin="a", content="text", kind="text"), ReadFailure("b", "empty file")]
    assert decode_items(encode_items(items)) == items


def test_uri_folders_are_listed_and_read_through_pyarrow_fs(tmp_path: Path) -> None:
    # file:// goes through the same pyarrow.fs code as s3:// and gs://, without a network.
    (tmp_path / "b.txt").write_text(
        "Bridge closed\n\nThe bridge closed on Friday for repairs.", encoding="utf-8"
    )
    (tmp_path / "a.jsonl").write_text('{"text": "Port strike ends after a week."}\n', encoding="utf-8")
    (tmp_path / ".hidden").write_text("skip me", encoding="utf-8")
    (part,) = plan_inputs([tmp_path.as_uri()], limits=Limits())
    assert part.kind == "files"
    assert [p.rsplit("/", 1)[-1] for p in part.paths] == ["a.jsonl", "b.txt"]
    assert all(p.startswith("file://") for p in part.paths)
    (doc,) = read_input_file(part.paths[1], limits=Limits())
    assert isinstance(doc, RawDocument) and doc.title == "Bridge closed"
    assert doc.origin == part.paths[1]


def test_missing_uri_is_a_failure_not_an_error(tmp_path: Path) -> None:
    (part,) = plan_inputs([(tmp_path / "nothing").as_uri()], limits=Limits())
    assert part.kind == "items"
    (failure,) = part.items
    assert isinstance(failure, ReadFailure) and failure.reason == "no such file or folder"

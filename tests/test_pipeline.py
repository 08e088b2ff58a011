"""The whole path from files on disk to the database and back out."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store.db import Store
from newsgraph.store.queries import list_articles, list_entities, list_events, list_stories

pytestmark = pytest.mark.model

REPORT_A = """Exiled editor Tomas Varga attacked in Porto

Porto, 4 June 2025 - Tomas Varga, an exiled newspaper editor, was attacked by two men outside his flat in Porto on Tuesday, police said.
Varga was taken to hospital with head injuries. Police in Porto said they were searching for the two attackers, who fled in a grey van.
Varga fled his home country last year after publishing reports on corruption.
"""

REPORT_B = """Police hunt attackers of exiled editor Varga

Portuguese police are searching for two men who attacked the exiled editor Tomas Varga in Porto on 3 June 2025.
Varga, who left his country last year, was treated in hospital for head injuries, officials said.
"""

UNRELATED = """Harvest festival draws crowds to Bergen

Thousands of visitors came to Bergen on Saturday for the annual harvest festival, organisers said.
The mayor of Bergen, Ingrid Solberg, opened the festival with a speech about local farmers.
"""


def _warc_gz(url: str, html: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
    )
    writer.write_record(record)
    return buffer.getvalue()


def test_ingest_links_copies_and_stories_and_is_idempotent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(REPORT_A)
    (corpus / "a_copy.txt").write_text(
        REPORT_A.replace("Exiled editor Tomas Varga attacked in Porto", "Editor in exile beaten in Porto")
    )
    (corpus / "b.txt").write_text(REPORT_B)
    (corpus / "c.txt").write_text(UNRELATED)
    db = str(tmp_path / "t.duckdb")
    report = ingest([str(corpus)], db_path=db, processes=1)
    assert report.added == 4 and not report.failures
    with Store(db, read_only=True) as store:
        articles = {a["title"]: a for a in list_articles(store)}
        copy = articles["Editor in exile beaten in Porto"]
        original = articles["Exiled editor Tomas Varga attacked in Porto"]
        assert copy["copy_kind"] == "exact" and copy["copy_of"] == original["id"]
        assert original["copy_of"] is None
        stories = list_stories(store)
        varga_story = original["story_id"]
        assert articles["Police hunt attackers of exiled editor Varga"]["story_id"] == varga_story
        assert articles["Harvest festival draws crowds to Bergen"]["story_id"] != varga_story
        assert len(stories) == 2
        people = {e["name"]: e for e in list_entities(store, type_="PERSON")}
        assert "Varga" in people["Tomas Varga"]["aliases"]
        # "Varga" alone in the first report is linked to "Tomas Varga" named in the second one.
        assert people["Tomas Varga"]["articles"] >= 2
        assert "Varga" not in people
        before = (len(list_articles(store)), len(list_events(store)), len(list_entities(store)))
    again = ingest([str(corpus)], db_path=db, processes=1)
    assert again.added == 0 and again.unchanged == 4
    with Store(db, read_only=True) as store:
        assert (len(list_articles(store)), len(list_events(store)), len(list_entities(store))) == before


def test_bad_files_are_named_and_the_good_article_is_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes(
        "Caf\xe9 owners in S\xe3o Paulo protest\n\nCaf\xe9 owners in S\xe3o Paulo marched on Monday against new taxes, "
        "the union said.\n".encode("latin-1")
    )
    whole = _warc_gz(
        "http://example.test/a",
        "<html><body><article><p>" + "Words here. " * 200 + "</p></article></body></html>",
    )
    (folder / "cut.warc.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "good.txt").write_text(UNRELATED)
    db = str(tmp_path / "t.duckdb")
    report = ingest([str(folder)], db_path=db, processes=1)
    failed = {Path(f.origin.split("#")[0].split(":")[0]).name: f.reason for f in report.failures}
    assert set(failed) == {"empty.txt", "binary.html", "cut.warc.gz"}, failed
    assert all(reason for reason in failed.values())
    with Store(db, read_only=True) as store:
        titles = {a["title"] for a in list_articles(store)}
    assert "Harvest festival draws crowds to Bergen" in titles
    assert "Café owners in São Paulo protest" in titles


def test_two_worker_processes_give_the_same_result(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i, text in enumerate([REPORT_A, REPORT_B, UNRELATED]):
        (corpus / f"{i}.txt").parent.mkdir(exist_ok=True)
        (corpus / f"{i}.txt").write_text(text)
    one, two = str(tmp_path / "one.duckdb"), str(tmp_path / "two.duckdb")
    ingest([str(corpus)], db_path=one, processes=1)
    ingest([str(corpus)], db_path=two, processes=2)
    with Store(one, read_only=True) as a, Store(two, read_only=True) as b:
        assert list_articles(a) == list_articles(b)
        assert list_events(a) == list_events(b)
        assert list_stories(a) == list_stories(b)


def test_stdin_is_read(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    report = ingest(["-"], db_path=db, processes=1, stdin=io.BytesIO(UNRELATED.encode()))
    assert report.added == 1

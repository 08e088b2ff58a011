"""WARC writing: what is archived reads back through the project's own WARC reader, at the same origin."""

from __future__ import annotations

import gzip
from pathlib import Path

from newsgraph.config import Limits
from newsgraph.model import RawDocument, ReadFailure
from newsgraph.sources import iter_documents
from newsgraph.sources.web.archive import WarcArchive, archive_dir_for
from newsgraph.sources.web.fetch import Exchange

HTML = "<html><head><title>Bridge closed</title></head><body><p>The old bridge in Ruse was closed on Monday.</p></body></html>"


def _exchange(
    url: str,
    *,
    status: int = 200,
    body: bytes = b"",
    content_type: str = "text/html",
    complete: bool = True,
    note: str | None = None,
) -> Exchange:
    return Exchange(
        url=url,
        request_headers=(("User-Agent", "newsgraph-test"),),
        status=status,
        reason="OK" if status == 200 else "Other",
        http_version="HTTP/1.1",
        response_headers=(("Content-Type", content_type),),
        body=body,
        complete=complete,
        note=note,
    )


def test_archived_pages_read_back_at_the_recorded_origin(tmp_path: Path) -> None:
    folder = archive_dir_for(str(tmp_path / "news.duckdb"))
    assert folder.name == "news.duckdb.warc"
    with WarcArchive(folder) as archive:
        feed = archive.write(
            _exchange("http://x.test/feed", body=b"<rss/>", content_type="application/rss+xml")
        )
        first = archive.write(_exchange("http://x.test/one", body=HTML.encode()))
        refused = archive.write(
            _exchange(
                "http://x.test/doc.pdf", content_type="application/pdf", complete=False, note="not HTML"
            )
        )
        lost = archive.write(_exchange("http://x.test/slow", status=0, complete=False, note="timeout"))
        second = archive.write(
            _exchange("http://x.test/two", body=HTML.replace("Monday", "Tuesday").encode())
        )
    assert archive.path is not None and archive.path.name.endswith(".warc.gz")
    assert len({feed.offset, first.offset, refused.offset, lost.offset, second.offset}) == 5
    items = list(iter_documents([str(archive.path)], limits=Limits()))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert not [i for i in items if isinstance(i, ReadFailure)]
    # Only the two HTML responses are articles; the feed, the refusal and the timeout are not.
    assert [d.url for d in docs] == ["http://x.test/one", "http://x.test/two"]
    assert [d.origin for d in docs] == [first.origin, second.origin]
    assert "Ruse" in docs[0].content


def test_every_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    with WarcArchive(tmp_path / "a.warc") as archive:
        record = archive.write(_exchange("http://x.test/one", body=HTML.encode()))
    assert archive.path is not None
    with archive.path.open("rb") as stream:
        stream.seek(record.compressed_offset)
        member = gzip.GzipFile(fileobj=stream).read(9)
    assert member.startswith(b"WARC/1.0")
    with archive.path.open("rb") as stream:
        kinds = [r.rec_type for r in ArchiveIterator(stream)]
    assert kinds == ["warcinfo", "response", "request"]


def test_two_archives_in_the_same_second_do_not_share_a_file(tmp_path: Path) -> None:
    paths = []
    for _ in range(2):
        with WarcArchive(tmp_path) as archive:
            archive.write(_exchange("http://x.test/one", body=HTML.encode()))
        paths.append(archive.path)
    assert paths[0] != paths[1]


def test_nothing_written_means_no_file(tmp_path: Path) -> None:
    with WarcArchive(tmp_path / "empty") as archive:
        pass
    assert archive.path is None and not (tmp_path / "empty").exists()

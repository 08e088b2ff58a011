"""End to end against a local server: a watched feed, updated between polls, grows one story.

Loads the spaCy model (in this process, once): marked `model`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from tests.live.local_server import LocalServer, Route

from newsgraph.pipeline import ingest
from newsgraph.sources.web import archive_url_inputs, fetch_and_ingest, link_archived_pages, poll_sources
from newsgraph.sources.web.fetch import FetchOptions
from newsgraph.sources.web.state import fetched_rows
from newsgraph.sources.web.watch import _Run
from newsgraph.store.db import Store

pytestmark = pytest.mark.model

PAGES = Path(__file__).parent / "pages"


def _rss(server: LocalServer, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    )


def _serve_pages(server: LocalServer) -> None:
    server.routes["/fire"] = Route((PAGES / "harbour_fire.html").read_bytes())
    server.routes["/probe"] = Route((PAGES / "harbour_fire_probe.html").read_bytes(), gzip=True)
    server.routes["/arrest"] = Route((PAGES / "harbour_fire_arrest.html").read_bytes())


def _snapshot(db: str) -> dict[str, Any]:
    con = duckdb.connect(db, read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT id, url, story_id, copy_of, copy_kind FROM articles ORDER BY id"
            ).fetchall(),
            "stories": con.execute(
                "SELECT id, title, start_date, end_date FROM stories ORDER BY id"
            ).fetchall(),
            "events": con.execute(
                "SELECT id, story_id, type, sources, independent_sources, date_start FROM events ORDER BY id"
            ).fetchall(),
            "mentions": con.execute(
                "SELECT event_id, article_id FROM event_mentions ORDER BY ALL"
            ).fetchall(),
        }
    finally:
        con.close()


def test_a_feed_updated_between_polls_grows_one_story(
    server: LocalServer, fast_options: FetchOptions, tmp_path: Path
) -> None:
    db = str(tmp_path / "live.duckdb")
    _serve_pages(server)
    feed = server.url("/feed.xml")
    server.routes["/feed.xml"] = Route(
        _rss(server, ["/fire", "/probe"]), content_type="application/rss+xml", etag='"1"'
    )

    first = poll_sources(db, [feed], options=fast_options)
    assert first.pages_archived == 2 and first.ingest is not None and first.ingest.added == 2
    before = _snapshot(db)
    assert len({a[2] for a in before["articles"]}) == 1  # one story

    server.routes["/feed.xml"] = Route(
        _rss(server, ["/arrest", "/fire", "/probe"]), content_type="application/rss+xml", etag='"2"'
    )
    second = poll_sources(db, None, options=fast_options)
    assert second.pages_archived == 1 and second.pages_skipped_known == 2
    after = _snapshot(db)
    assert len(after["articles"]) == 3
    assert len({a[2] for a in after["articles"]}) == 1  # the new article joined the same story
    assert {s[0] for s in after["stories"]} == {s[0] for s in before["stories"]}
    new_id = next(a[0] for a in after["articles"] if a[1].endswith("/arrest"))
    old_ids = {a[0] for a in before["articles"]}
    # An event the new article reports was already reported by the first poll's articles: it gained
    # a source rather than starting a new event (event ids may change as reports merge).
    reporters: dict[str, set[str]] = {}
    for event_id, article_id in after["mentions"]:
        reporters.setdefault(event_id, set()).add(article_id)
    joined = [e for e, arts in reporters.items() if new_id in arts and arts & old_ids]
    assert joined, "no event reported before gained the new article as a source"
    assert all(e[3] >= 2 for e in after["events"] if e[0] in joined)

    # Nothing was fetched twice; a third poll is one conditional request answered 304.
    assert all(server.hits(p) == 1 for p in ("/fire", "/probe", "/arrest"))
    third = poll_sources(db, None, options=fast_options)
    assert third.sources_unchanged == 1 and third.ingest is None

    # Every page keeps its WARC record, the same one its article names as origin.
    with Store(db) as store:
        rows = fetched_rows(store.con)
        origins = dict(store.con.execute("SELECT id, origin FROM articles").fetchall())
    assert {r["state"] for r in rows} == {"ingested"}
    for row in rows:
        assert origins[row["article_id"]] == f"{row['warc_file']}#{row['warc_offset']}"

    # Rebuilding offline from the WARC files gives the same articles, stories and events.
    rebuilt = str(tmp_path / "rebuilt.duckdb")
    ingest([str(tmp_path / "live.duckdb.warc")], db_path=rebuilt, processes=1)
    assert _snapshot(rebuilt) == after


def test_a_run_stopped_after_archiving_resumes_without_fetching_again(
    server: LocalServer, fast_options: FetchOptions, tmp_path: Path
) -> None:
    from newsgraph.sources.web.watch import PollReport

    db = str(tmp_path / "resume.duckdb")
    _serve_pages(server)
    server.routes["/feed.xml"] = Route(_rss(server, ["/fire", "/probe"]), content_type="application/rss+xml")
    # A run that archived its pages and was stopped before the pipeline ran.
    run = _Run(db, fast_options, PollReport())
    from newsgraph.sources.web.state import add_sources

    add_sources(run.con, [server.url("/feed.xml")])
    run.poll_source(server.url("/feed.xml"), refetch=False, limit=10)
    run.close()
    with Store(db) as store:
        assert {r["state"] for r in fetched_rows(store.con)} == {"archived"}
    resumed = poll_sources(db, None, options=fast_options)
    assert resumed.pages_archived == 0 and resumed.ingest is not None and resumed.ingest.added == 2
    assert server.hits("/fire") == 1 and server.hits("/probe") == 1
    with Store(db) as store:
        assert all(r["article_id"] for r in fetched_rows(store.con))


def test_ingesting_urls_directly(server: LocalServer, fast_options: FetchOptions, tmp_path: Path) -> None:
    db = str(tmp_path / "urls.duckdb")
    _serve_pages(server)
    report = fetch_and_ingest(db, [server.url("/fire"), server.url("/nothing")], options=fast_options)
    assert report.ingest is not None and report.ingest.added == 1
    assert [url for url, _ in report.page_failures] == [server.url("/nothing")]
    again = fetch_and_ingest(db, [server.url("/fire")], options=fast_options)
    assert again.pages_skipped_known == 1 and server.hits("/fire") == 1
    refetched = fetch_and_ingest(db, [server.url("/fire")], options=fast_options, refetch=True)
    assert refetched.ingest is not None and refetched.ingest.unchanged == 1 and server.hits("/fire") == 2

    # The hook `pipeline.ingest` uses: URLs become the WARC files holding them.
    paths, fetched = archive_url_inputs(
        ["local.txt", server.url("/arrest")], db_path=db, options=fast_options
    )
    assert paths[0] == "local.txt" and paths[1:] == fetched.warc_files and len(paths) == 2
    ingest(paths[1:], db_path=db, processes=1)
    assert link_archived_pages(db, fetched.warc_files) == 1

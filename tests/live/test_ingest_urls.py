"""`newsgraph ingest URL`: fetched once, archived to WARC, ingested from the archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.live.local_server import LocalServer, Route

from newsgraph.pipeline import ingest
from newsgraph.store.db import Store
from newsgraph.store.queries import list_articles

PAGES = Path(__file__).parent / "pages"


@pytest.mark.model
def test_ingest_of_a_url_archives_it_and_never_fetches_it_twice(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/fire"] = Route((PAGES / "harbour_fire.html").read_bytes())
    db = str(tmp_path / "web.duckdb")
    first = ingest([server.url("/fire")], db_path=db, processes=1)
    assert first.added == 1 and not first.failures
    with Store(db, read_only=True) as store:
        [article] = list_articles(store)
    assert ".warc.gz#" in article["url"] or article["url"] == server.url("/fire")
    assert list((tmp_path / "web.duckdb.warc").glob("*.warc.gz"))
    again = ingest([server.url("/fire")], db_path=db, processes=1)
    assert again.added == 0 and again.already_fetched == 1
    assert server.hits("/fire") == 1

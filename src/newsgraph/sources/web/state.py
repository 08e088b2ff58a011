"""What `watch` remembers between polls, in the database: watched sources and every fetched URL.

Each fetched page is recorded the moment it is archived (state `archived`), and becomes `ingested`
once the pipeline has read its WARC file, with the article it produced; a page that could not be had
is `failed` (may pass: asked again later) or `refused` (404, not HTML, robots.txt: final). A run
stopped between archiving and ingesting leaves `archived` rows, whose WARC files the next run
ingests first: nothing is fetched twice and nothing archived is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from newsgraph.sources.web.archive import ArchivedRecord
from newsgraph.sources.web.fetch import FetchResult

Connection = Any  # duckdb.DuckDBPyConnection

# A page that failed for a reason that may pass (timeout, 5xx) is asked for again on later polls,
# this many times in all; a 404, a refused content type or a robots.txt "no" is final.
MAX_PAGE_ATTEMPTS = 3


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_sources(con: Connection, urls: Iterable[str]) -> None:
    for url in urls:
        con.execute("INSERT OR IGNORE INTO watched_sources (url, added_at) VALUES (?, ?)", [url, _now()])


def remove_sources(con: Connection, urls: Iterable[str]) -> int:
    urls = list(urls)
    before = con.execute("SELECT count(*) FROM watched_sources").fetchone()[0]
    con.execute("DELETE FROM watched_sources WHERE list_contains(?, url)", [urls])
    after = con.execute("SELECT count(*) FROM watched_sources").fetchone()[0]
    return int(before - after)


def source_rows(con: Connection, urls: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Watched sources (all, or these), oldest first, with what their last poll did."""
    sql = """
        SELECT s.url, s.kind, s.added_at, s.last_poll, s.last_status, s.etag, s.last_modified,
               s.new_items, s.last_new_items, s.errors, s.last_error,
               (SELECT count(*) FROM fetched_urls f WHERE f.source_url = s.url AND f.article_id IS NOT NULL)
                 AS articles
        FROM watched_sources s"""
    params: list[Any] = []
    if urls is not None:
        sql += " WHERE list_contains(?, s.url)"
        params.append(list(urls))
    rows = con.execute(sql + " ORDER BY s.added_at, s.url", params)
    names = [d[0] for d in rows.description]
    return [dict(zip(names, row, strict=True)) for row in rows.fetchall()]


def update_source(
    con: Connection,
    url: str,
    *,
    kind: str | None,
    result: FetchResult,
    new_items: int,
    error: str | None,
) -> None:
    """Record one poll of a source; validators are kept from the last full answer."""
    con.execute(
        """
        UPDATE watched_sources SET
          kind = coalesce(?, kind), last_poll = ?, last_status = ?,
          etag = CASE WHEN ? THEN ? ELSE etag END,
          last_modified = CASE WHEN ? THEN ? ELSE last_modified END,
          new_items = new_items + ?, last_new_items = ?,
          errors = errors + CASE WHEN ? IS NULL THEN 0 ELSE 1 END, last_error = ?
        WHERE url = ?""",
        [
            kind,
            _now(),
            result.status,
            result.ok,
            result.etag,
            result.ok,
            result.last_modified,
            new_items,
            new_items,
            error,
            error,
            url,
        ],
    )


def urls_to_skip(con: Connection, urls: Iterable[str]) -> set[str]:
    """Of `urls`, those already archived, or failed for good (or too often)."""
    urls = list(set(urls))
    if not urls:
        return set()
    rows = con.execute(
        """
        SELECT url FROM fetched_urls WHERE list_contains(?, url)
          AND (state <> 'failed' OR attempts >= ?)""",
        [urls, MAX_PAGE_ATTEMPTS],
    ).fetchall()
    return {r[0] for r in rows}


def record_page(
    con: Connection,
    url: str,
    *,
    source_url: str | None,
    result: FetchResult,
    record: ArchivedRecord | None,
) -> None:
    """One fetched page: archived (to be ingested), or failed with the reason."""
    previous = con.execute("SELECT attempts FROM fetched_urls WHERE url = ?", [url]).fetchone()
    attempts = (previous[0] + 1) if previous else 1
    if result.ok and record is not None:
        state, error = "archived", None
    else:
        # `failed` may pass and is asked again on a later poll; `refused` is final.
        state = "failed" if result.transient else "refused"
        error = result.error or "no page"
    con.execute(
        "INSERT OR REPLACE INTO fetched_urls VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        [
            url,
            source_url,
            state,
            result.status,
            result.final_url,
            record.file if record else None,
            record.offset if record else None,
            error,
            attempts,
            _now(),
        ],
    )


def pending_warc_files(con: Connection) -> list[str]:
    """WARC files holding archived pages the pipeline has not read yet (from this run or a stopped one)."""
    rows = con.execute(
        "SELECT DISTINCT warc_file FROM fetched_urls WHERE state = 'archived' ORDER BY warc_file"
    ).fetchall()
    return [r[0] for r in rows]


def attach_article_ids(con: Connection, warc_files: Iterable[str]) -> int:
    """After ingesting `warc_files`: each archived page gets its article id (or why it has none).

    The article is found by the origin `file#offset` the WARC reader gave it, else, for a page whose
    text was already stored from an earlier fetch (unchanged), by its URL.
    """
    files = list(warc_files)
    if not files:
        return 0
    con.execute(
        """
        UPDATE fetched_urls f SET
          article_id = coalesce(
            (SELECT a.id FROM articles a WHERE a.origin = f.warc_file || '#' || f.warc_offset LIMIT 1),
            (SELECT a.id FROM articles a WHERE a.url = f.final_url OR a.url = f.url ORDER BY a.seq DESC
             LIMIT 1)),
          error = (SELECT i.reason FROM ingest_failures i
                   WHERE i.origin = f.warc_file || '#' || f.warc_offset LIMIT 1),
          state = 'ingested'
        WHERE f.state = 'archived' AND list_contains(?, f.warc_file)""",
        [files],
    )
    row = con.execute(
        "SELECT count(*) FROM fetched_urls WHERE list_contains(?, warc_file) AND article_id IS NOT NULL",
        [files],
    ).fetchone()
    return int(row[0])


def fetched_rows(
    con: Connection, *, source_url: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    sql = "SELECT * FROM fetched_urls"
    params: list[Any] = []
    if source_url is not None:
        sql += " WHERE source_url = ?"
        params.append(source_url)
    sql += " ORDER BY fetched_at, url"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql, params)
    names = [d[0] for d in rows.description]
    return [dict(zip(names, row, strict=True)) for row in rows.fetchall()]

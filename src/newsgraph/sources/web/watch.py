"""Polling watched feeds and sitemaps, fetching the pages they list, and ingesting them.

One poll, in order:
1. every watched source is asked for with its ETag / Last-Modified, so an unchanged feed costs one
   small request answered 304;
2. a changed feed or sitemap is parsed (a sitemap index leads to its child sitemaps) and the page
   URLs not fetched before are fetched, politely, each response archived to WARC the moment it
   arrives and recorded in `fetched_urls`;
3. the WARC files holding archived pages not yet ingested (this poll's, and any a stopped run left)
   go through `newsgraph.pipeline.ingest`, so new articles join existing stories and events;
4. each archived page gets the id of the article it became.

The database is closed while the pipeline runs (it opens its own connection) and between polls, so a
listing or `serve` can read it while `watch` sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.model import ReadFailure
from newsgraph.sources.web import state
from newsgraph.sources.web.archive import ArchivedRecord, WarcArchive, archive_dir_for
from newsgraph.sources.web.feeds import Listing, NotAFeedError, parse_listing
from newsgraph.sources.web.fetch import Accept, FetchOptions, FetchResult, PoliteClient

if TYPE_CHECKING:
    from newsgraph.config import Settings
    from newsgraph.pipeline import IngestReport

# Per source and poll: a first poll of a big sitemap fetches this many pages, the rest come on later
# polls (at the default 1 request/s per host, 100 pages take under two minutes).
MAX_NEW_PAGES_PER_SOURCE = 100
# A sitemap index of a big outlet lists hundreds of monthly sitemaps; the newest few are what matter.
MAX_CHILD_SITEMAPS = 20


@dataclass
class PollReport:
    """What one poll (or one `ingest URL...`) did."""

    sources_polled: int = 0
    sources_unchanged: int = 0
    source_errors: list[tuple[str, str]] = field(default_factory=list)
    pages_archived: int = 0
    pages_skipped_known: int = 0
    page_failures: list[tuple[str, str]] = field(default_factory=list)
    warc_files: list[str] = field(default_factory=list)
    articles_linked: int = 0
    ingest: IngestReport | None = None

    @property
    def failures(self) -> list[ReadFailure]:
        """Fetch failures in the pipeline's terms, for a caller that reports ReadFailures."""
        failed = [*self.source_errors, *self.page_failures]
        return [ReadFailure(url, reason, code="fetch") for url, reason in failed]


def is_url(argument: str) -> bool:
    return argument.lower().startswith(("http://", "https://"))


def split_url_inputs(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """(http(s) URLs, everything else), each in the order given."""
    return [p for p in paths if is_url(p)], [p for p in paths if not is_url(p)]


class _Run:
    """One run's open things: the database, the polite client and the WARC file being written."""

    def __init__(self, db_path: str, options: FetchOptions, report: PollReport) -> None:
        from newsgraph.store.db import Store

        self.store = Store(db_path)
        self.con = self.store.con
        self.client = PoliteClient(options)
        self.archive = WarcArchive(archive_dir_for(db_path))
        self.report = report

    def close(self) -> None:
        self.archive.close()
        self.client.close()
        self.store.close()
        if self.archive.path is not None:
            self.report.warc_files.append(str(self.archive.path))

    def fetch(
        self, url: str, *, accept: Accept, etag: str | None = None, last_modified: str | None = None
    ) -> tuple[FetchResult, ArchivedRecord | None]:
        """Fetch, archive every exchange it took (robots.txt included); the last one's record."""
        result = self.client.fetch(url, accept=accept, etag=etag, last_modified=last_modified)
        for exchange in self.client.robots_exchanges:
            self.archive.write(exchange)
        self.client.robots_exchanges.clear()
        record = None
        for exchange in result.exchanges:
            record = self.archive.write(exchange)
        return result, record

    def fetch_pages(self, urls: Iterable[str], *, source_url: str | None, refetch: bool, limit: int) -> int:
        """Fetch the pages not fetched before (all of them with `refetch`); returns how many archived."""
        urls = list(dict.fromkeys(urls))
        skip = set() if refetch else state.urls_to_skip(self.con, urls)
        self.report.pages_skipped_known += len(skip)
        archived = 0
        for url in [u for u in urls if u not in skip][:limit]:
            result, record = self.fetch(url, accept="html")
            record = record if result.ok else None
            state.record_page(self.con, url, source_url=source_url, result=result, record=record)
            if record is not None:
                archived += 1
            else:
                self.report.page_failures.append((url, result.error or "no page"))
        self.report.pages_archived += archived
        return archived

    def poll_source(self, url: str, *, refetch: bool, limit: int) -> None:
        row = state.source_rows(self.con, [url])
        etag = row[0]["etag"] if row and not refetch else None
        last_modified = row[0]["last_modified"] if row and not refetch else None
        self.report.sources_polled += 1
        result, _ = self.fetch(url, accept="feed", etag=etag, last_modified=last_modified)
        if result.not_modified:
            self.report.sources_unchanged += 1
            state.update_source(self.con, url, kind=None, result=result, new_items=0, error=None)
            return
        listing, error = self._listing(result)
        if listing is None:
            self.report.source_errors.append((url, error or "unreadable"))
            state.update_source(self.con, url, kind=None, result=result, new_items=0, error=error)
            return
        page_urls = [item.url for item in listing.items]
        for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
            child_listing, child_error = self._listing(self.fetch(child, accept="feed")[0])
            if child_listing is None:
                self.report.source_errors.append((child, child_error or "unreadable"))
            else:
                page_urls += [item.url for item in child_listing.items]
        failed_before = len(self.report.page_failures)
        archived = self.fetch_pages(page_urls, source_url=url, refetch=refetch, limit=limit)
        page_errors = self.report.page_failures[failed_before:]
        error = f"{len(page_errors)} pages failed, last: {page_errors[-1][1]}" if page_errors else None
        state.update_source(self.con, url, kind=listing.kind, result=result, new_items=archived, error=error)

    @staticmethod
    def _listing(result: FetchResult) -> tuple[Listing | None, str | None]:
        if not result.ok:
            return None, result.error or f"HTTP {result.status}"
        try:
            return parse_listing(result.body, result.final_url), None
        except NotAFeedError as exc:
            return None, f"not a feed or sitemap: {exc}"


def pending_warc_files(db_path: str) -> list[str]:
    """WARC files with archived pages not yet ingested (this run's, and any a stopped run left)."""
    from newsgraph.store.db import Store

    with Store(db_path) as store:
        return [f for f in state.pending_warc_files(store.con) if Path(f).is_file()]


def link_archived_pages(db_path: str, warc_files: Sequence[str]) -> int:
    """After the pipeline ingested `warc_files`: record which article each archived page became."""
    from newsgraph.store.db import Store

    with Store(db_path) as store:
        return state.attach_article_ids(store.con, warc_files)


def _ingest_pending(
    db_path: str, report: PollReport, *, settings: Settings | None, processes: int | None
) -> None:
    # The watch loop drives the pipeline, as `scale/` does; imported here so `sources` stays light.
    from newsgraph.pipeline import ingest

    files = pending_warc_files(db_path)
    if not files:
        return
    # Few pages per poll: one process avoids starting a worker pool (and a model per worker) each time.
    report.ingest = ingest(files, db_path=db_path, settings=settings, processes=processes or 1)
    report.articles_linked = link_archived_pages(db_path, files)


def archive_url_inputs(
    paths: Sequence[str], *, db_path: str, options: FetchOptions | None = None, refetch: bool = False
) -> tuple[list[str], PollReport]:
    """For `pipeline.ingest`: fetch and archive the http(s) URLs among `paths`, without ingesting.

    Returns the paths to read instead (the other paths, then every WARC file with pages not yet
    ingested) and what fetching did. Without URLs it touches nothing. After ingesting, call
    `link_archived_pages(db_path, report.warc_files)`.
    """
    urls, others = split_url_inputs(paths)
    report = PollReport()
    if not urls:
        return list(paths), report
    run = _Run(db_path, options or FetchOptions(), report)
    try:
        run.fetch_pages(urls, source_url=None, refetch=refetch, limit=len(urls))
    finally:
        run.close()
    pending = pending_warc_files(db_path)
    report.warc_files = pending
    return [*others, *pending], report


def poll_sources(
    db_path: str,
    feed_urls: Sequence[str] | None = None,
    *,
    options: FetchOptions | None = None,
    refetch: bool = False,
    max_new_pages: int = MAX_NEW_PAGES_PER_SOURCE,
    settings: Settings | None = None,
    processes: int | None = None,
) -> PollReport:
    """Poll `feed_urls` (added to the watched sources) or, when None, every watched source."""
    report = PollReport()
    run = _Run(db_path, options or FetchOptions(), report)
    try:
        if feed_urls is not None:
            state.add_sources(run.con, feed_urls)
        sources = [row["url"] for row in state.source_rows(run.con, feed_urls)]
        for url in sources:
            run.poll_source(url, refetch=refetch, limit=max_new_pages)
    finally:
        run.close()
    _ingest_pending(db_path, report, settings=settings, processes=processes)
    return report


def fetch_and_ingest(
    db_path: str,
    urls: Sequence[str],
    *,
    options: FetchOptions | None = None,
    refetch: bool = False,
    settings: Settings | None = None,
    processes: int | None = None,
) -> PollReport:
    """`newsgraph ingest URL...`: fetch these pages (not again unless `refetch`), archive, ingest."""
    report = PollReport()
    run = _Run(db_path, options or FetchOptions(), report)
    try:
        run.fetch_pages(urls, source_url=None, refetch=refetch, limit=len(urls))
    finally:
        run.close()
    _ingest_pending(db_path, report, settings=settings, processes=processes)
    return report


def watch(
    db_path: str,
    feed_urls: Sequence[str] | None,
    *,
    every_seconds: float,
    once: bool = False,
    on_poll: Callable[[PollReport], None] | None = None,
    stop: threading.Event | None = None,
    options: FetchOptions | None = None,
    refetch: bool = False,
    max_new_pages: int = MAX_NEW_PAGES_PER_SOURCE,
    settings: Settings | None = None,
    processes: int | None = None,
) -> int:
    """Poll now, then every `every_seconds` until `stop` is set (or once); returns polls done.

    Everything a poll needs to resume is in the database, so stopping at any moment (Ctrl-C) is safe.
    """
    stop = stop or threading.Event()
    polls = 0
    while True:
        report = poll_sources(
            db_path,
            feed_urls,
            options=options,
            refetch=refetch and polls == 0,  # a refetch is asked for once, not at every poll
            max_new_pages=max_new_pages,
            settings=settings,
            processes=processes,
        )
        polls += 1
        if on_poll:
            on_poll(report)
        if once or stop.wait(every_seconds):
            return polls


def list_sources(db_path: str) -> list[dict[str, Any]]:
    """Watched sources with last poll, status, new items and errors (read-only)."""
    from newsgraph.store.db import Store

    with Store(db_path, read_only=True) as store:
        # A database written before live sources existed has no such table until a writer migrates it.
        if not _has_table(store.con, "watched_sources"):
            return []
        return list(state.source_rows(store.con))


def _has_table(con: object, name: str) -> bool:
    rows = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(rows[0])

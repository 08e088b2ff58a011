"""Live sources: web pages, RSS/Atom feeds and sitemaps, fetched politely and archived to WARC.

`fetch.py` the polite HTTP client, `robots.py` robots.txt, `feeds.py` feed and sitemap parsing,
`archive.py` WARC writing, `state.py` what is remembered between polls, `watch.py` the polling loop.
Every page goes archive-first: it is written to a WARC file next to the database and the pipeline
ingests that file, so `newsgraph ingest <db>.warc/` rebuilds the same database offline.
"""

from __future__ import annotations

from newsgraph.sources.web.archive import archive_dir_for
from newsgraph.sources.web.fetch import FetchOptions, user_agent
from newsgraph.sources.web.watch import (
    PollReport,
    archive_url_inputs,
    fetch_and_ingest,
    is_url,
    link_archived_pages,
    list_sources,
    poll_sources,
    split_url_inputs,
    watch,
)

__all__ = [
    "FetchOptions",
    "PollReport",
    "archive_dir_for",
    "archive_url_inputs",
    "fetch_and_ingest",
    "is_url",
    "link_archived_pages",
    "list_sources",
    "poll_sources",
    "split_url_inputs",
    "user_agent",
    "watch",
]

"""Polling without ingesting anything: feed errors, 304s, page failures and what is retried."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer
from tests.live.local_server import LocalServer, Route
from typer.testing import CliRunner

from newsgraph.sources.web import list_sources, poll_sources, split_url_inputs
from newsgraph.sources.web.fetch import FetchOptions
from newsgraph.sources.web.state import fetched_rows
from newsgraph.store.db import Store


def _rss(server: LocalServer, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    )


def test_unchanged_feeds_cost_one_conditional_request(
    server: LocalServer, fast_options: FetchOptions, tmp_path: Path
) -> None:
    db = str(tmp_path / "n.duckdb")
    server.routes["/feed.xml"] = Route(_rss(server, []), content_type="application/rss+xml", etag='"e1"')
    first = poll_sources(db, [server.url("/feed.xml")], options=fast_options)
    second = poll_sources(db, None, options=fast_options)
    assert first.sources_polled == 1 and first.sources_unchanged == 0
    assert second.sources_unchanged == 1
    assert server.log[-1].headers.get("if-none-match") == '"e1"'
    (row,) = list_sources(db)
    assert row["kind"] == "rss" and row["last_status"] == 304 and row["etag"] == '"e1"'
    assert row["errors"] == 0


def test_feed_errors_are_counted_per_source(
    server: LocalServer, fast_options: FetchOptions, tmp_path: Path
) -> None:
    db = str(tmp_path / "n.duckdb")
    server.routes["/page.html"] = Route(b"<html><body>not a feed</body></html>")
    report = poll_sources(db, [server.url("/gone.xml"), server.url("/page.html")], options=fast_options)
    assert {url for url, _ in report.source_errors} == {server.url("/gone.xml"), server.url("/page.html")}
    rows = {r["url"]: r for r in list_sources(db)}
    assert rows[server.url("/gone.xml")]["errors"] == 1
    assert "404" in rows[server.url("/gone.xml")]["last_error"]
    assert "not a feed" in rows[server.url("/page.html")]["last_error"]
    assert [f.code for f in report.failures] == ["fetch", "fetch"]


def test_failed_pages_are_retried_only_when_the_failure_may_pass(
    server: LocalServer, fast_options: FetchOptions, tmp_path: Path
) -> None:
    db = str(tmp_path / "n.duckdb")
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    paths = ["/missing", "/doc.pdf", "/private/x", "/busy"]
    server.routes["/feed.xml"] = Route(_rss(server, paths), content_type="application/rss+xml")
    server.routes["/doc.pdf"] = Route(b"%PDF-1.4", content_type="application/pdf")
    server.routes["/busy"] = Route(b"later", status=503, content_type="text/plain")
    options = replace(fast_options, retries=0)
    for _ in range(4):
        poll_sources(db, [server.url("/feed.xml")], options=options)
    assert server.hits("/missing") == 1 and server.hits("/doc.pdf") == 1 and server.hits("/private/x") == 0
    assert server.hits("/busy") == 3  # MAX_PAGE_ATTEMPTS
    with Store(db) as store:
        states = {r["url"].rsplit("/", 1)[-1]: (r["state"], r["attempts"]) for r in fetched_rows(store.con)}
    assert states == {
        "missing": ("refused", 1),
        "doc.pdf": ("refused", 1),
        "x": ("refused", 1),
        "busy": ("failed", 3),
    }
    (row,) = list_sources(db)
    assert row["errors"] == 3  # three polls saw a page fail; the fourth asked for nothing
    assert row["last_error"] is None
    assert row["new_items"] == 0


def test_sitemap_index_leads_to_child_sitemaps(
    server: LocalServer, fast_options: FetchOptions, tmp_path: Path
) -> None:
    db = str(tmp_path / "n.duckdb")
    server.routes["/sitemap.xml"] = Route(
        f"<sitemapindex><sitemap><loc>{server.url('/s1.xml')}</loc></sitemap></sitemapindex>".encode(),
        content_type="application/xml",
    )
    server.routes["/s1.xml"] = Route(
        f"<urlset><url><loc>{server.url('/p.pdf')}</loc></url></urlset>".encode(),
        content_type="application/xml",
    )
    server.routes["/p.pdf"] = Route(b"%PDF", content_type="application/pdf")
    poll_sources(db, [server.url("/sitemap.xml")], options=fast_options)
    assert server.hits("/s1.xml") == 1 and server.hits("/p.pdf") == 1
    assert list_sources(db)[0]["kind"] == "sitemapindex"


def test_split_url_inputs() -> None:
    assert split_url_inputs(["a.html", "https://x.test/1", "HTTP://x.test/2", "-"]) == (
        ["https://x.test/1", "HTTP://x.test/2"],
        ["a.html", "-"],
    )


def _cli() -> typer.Typer:
    from newsgraph.cli.live import register_live_commands

    app = typer.Typer()
    register_live_commands(app)
    return app


def test_cli_watch_once_sources_and_unwatch(server: LocalServer, tmp_path: Path, monkeypatch: object) -> None:
    db = str(tmp_path / "n.duckdb")
    server.routes["/feed.xml"] = Route(_rss(server, []), content_type="application/rss+xml")
    runner = CliRunner()
    # No pages in the feed: nothing to ingest, so no model is loaded. Proxies off for the local server.
    env = {"NO_PROXY": "*", "NEWSGRAPH_CONTACT": "tests@example.org"}
    result = runner.invoke(_cli(), ["watch", server.url("/feed.xml"), "--once", "--db", db], env=env)
    assert result.exit_code == 0, result.output
    assert "1 sources polled" in result.output
    assert server.log[-1].headers["user-agent"].endswith("(+tests@example.org)")
    listed = runner.invoke(_cli(), ["sources", "--db", db, "--json"])
    assert listed.exit_code == 0 and server.url("/feed.xml") in listed.output
    gone = runner.invoke(_cli(), ["unwatch", server.url("/feed.xml"), "--db", db])
    assert gone.exit_code == 0 and "1 sources no longer watched" in gone.output
    assert list_sources(db) == []


def test_cli_rejects_bad_intervals_and_urls(tmp_path: Path) -> None:
    from newsgraph.cli.live import parse_duration

    assert parse_duration("15m") == 900 and parse_duration("1h30m") == 5400 and parse_duration("90") == 90
    runner = CliRunner()
    db = str(tmp_path / "n.duckdb")
    assert runner.invoke(_cli(), ["watch", "http://x.test/f", "--every", "soon", "--db", db]).exit_code == 2
    assert runner.invoke(_cli(), ["watch", "http://x.test/f", "--every", "5s", "--db", db]).exit_code == 2
    assert runner.invoke(_cli(), ["watch", "feed.xml", "--once", "--db", db]).exit_code == 2
    missing = runner.invoke(_cli(), ["sources", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 4

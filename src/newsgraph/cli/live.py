"""`newsgraph watch`, `newsgraph sources` and `newsgraph unwatch`: live feeds and sitemaps.

Thin wrappers over `newsgraph.sources.web`. Register them on the main app with
`register_live_commands(app)`; they define their own options so this module never imports `main`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newsgraph.config import database_path
from newsgraph.errors import NewsgraphError

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database file (else $NEWSGRAPH_DB, else ./newsgraph.duckdb).")
]
ContactOption = Annotated[
    str | None,
    typer.Option(
        "--contact",
        help="A URL or e-mail address for site operators, sent in the User-Agent (else $NEWSGRAPH_CONTACT).",
    ),
]

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# Polling a feed more often than once a minute gains nothing and is rude; 15 minutes is the default
# many feed readers use.
MIN_INTERVAL_SECONDS = 60.0


def parse_duration(text: str) -> float:
    """Seconds in "90", "90s", "15m", "1h", "1h30m"."""
    compact = text.strip().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not compact or "".join(n + u for n, u in parts).lower() != compact.lower():
        raise typer.BadParameter(f"{text!r} is not a duration (like 90s, 15m, 1h or 1h30m)")
    return sum(float(number) * _UNIT_SECONDS[unit.lower()] for number, unit in parts)


def _fetch_options(contact: str | None) -> Any:
    from newsgraph.sources.web.fetch import FetchOptions, user_agent

    return FetchOptions(user_agent=user_agent(contact or os.environ.get("NEWSGRAPH_CONTACT")))


def _print_poll(report: Any) -> None:
    for url, reason in report.source_errors:
        err.print(f"[yellow]feed failed[/yellow] {url}: {reason}", highlight=False, markup=True)
    for url, reason in report.page_failures:
        err.print(f"[yellow]skipped[/yellow] {url}: {reason}", highlight=False, markup=True)
    added = report.ingest.added if report.ingest else 0
    stories = len(report.ingest.stories_touched) if report.ingest else 0
    err.print(
        f"{report.sources_polled} sources polled ({report.sources_unchanged} unchanged), "
        f"{report.pages_archived} pages fetched, {report.pages_skipped_known} already known, "
        f"{len(report.page_failures)} failed; {added} new articles, {stories} stories touched",
        highlight=False,
    )


def watch_command(
    feeds: Annotated[
        list[str] | None,
        typer.Argument(help="RSS/Atom feed or sitemap URLs to watch (none: every watched source)."),
    ] = None,
    db: DbOption = None,
    every: Annotated[str, typer.Option("--every", help="Poll interval: 90s, 15m, 1h, 1h30m.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    refetch: Annotated[
        bool, typer.Option("--refetch", help="Fetch listed pages again even if fetched before.")
    ] = False,
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, help="New pages to fetch per source and poll.")
    ] = 100,
    contact: ContactOption = None,
    processes: Annotated[int | None, typer.Option(help="Worker processes for ingesting.")] = None,
) -> None:
    """Poll feeds and sitemaps, fetch new pages politely, archive them to WARC and ingest them."""
    from newsgraph.sources.web.watch import watch

    path = database_path(db)
    interval = parse_duration(every)
    if not once and interval < MIN_INTERVAL_SECONDS:
        raise typer.BadParameter(f"poll at most once a minute (got {every})", param_hint="--every")
    if not (contact or os.environ.get("NEWSGRAPH_CONTACT")):
        err.print("note: no --contact given; site operators cannot reach you (see docs/LIVE.md)")
    for feed in feeds or []:
        if not feed.lower().startswith(("http://", "https://")):
            raise typer.BadParameter(f"{feed!r} is not an http(s) URL", param_hint="FEEDS")
    try:
        watch(
            path,
            feeds or None,
            every_seconds=interval,
            once=once,
            on_poll=_print_poll,
            options=_fetch_options(contact),
            refetch=refetch,
            max_new_pages=max_pages,
            processes=processes,
        )
    except KeyboardInterrupt:
        err.print("stopped; the next `newsgraph watch` goes on from here")
        raise typer.Exit(130) from None
    except NewsgraphError as exc:
        err.print(f"[red]error[/red] [{exc.code}] {exc}", highlight=False, markup=True)
        raise typer.Exit(exc.exit_code) from exc


def sources_command(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List watched feeds and sitemaps with their last poll, new items and errors."""
    from newsgraph.sources.web.watch import list_sources

    try:
        rows = list_sources(database_path(db))
    except NewsgraphError as exc:
        err.print(f"[red]error[/red] [{exc.code}] {exc}", highlight=False, markup=True)
        raise typer.Exit(exc.exit_code) from exc
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    table = Table(
        "source", "kind", "last poll", "status", "new items (last)", "articles", "errors", "last error"
    )
    for row in rows:
        last_poll = row["last_poll"].strftime("%Y-%m-%d %H:%M") if row["last_poll"] else "never"
        table.add_row(
            str(row["url"]),
            str(row["kind"] or ""),
            last_poll,
            str(row["last_status"] or ""),
            f"{row['new_items']} ({row['last_new_items']})",
            str(row["articles"]),
            str(row["errors"]),
            str(row["last_error"] or ""),
        )
    out.print(table if rows else "no watched sources yet: `newsgraph watch FEED_URL`")


def unwatch_command(
    feeds: Annotated[list[str], typer.Argument(help="Source URLs to stop watching.")], db: DbOption = None
) -> None:
    """Stop watching sources (their articles and archived pages stay)."""
    from newsgraph.sources.web.state import remove_sources
    from newsgraph.store.db import Store

    try:
        with Store(database_path(db)) as store:
            removed = remove_sources(store.con, feeds)
    except NewsgraphError as exc:
        err.print(f"[red]error[/red] [{exc.code}] {exc}", highlight=False, markup=True)
        raise typer.Exit(exc.exit_code) from exc
    err.print(f"{removed} sources no longer watched")
    if removed < len(set(feeds)):
        raise typer.Exit(1)


def register_live_commands(app: typer.Typer) -> None:
    """Add `watch`, `sources` and `unwatch` to the `newsgraph` command."""
    app.command(name="watch")(watch_command)
    app.command(name="sources")(sources_command)
    app.command(name="unwatch")(unwatch_command)

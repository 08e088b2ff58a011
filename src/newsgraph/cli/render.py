"""Rich tables and the timeline, for people reading the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def article_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "published", "source", "title", "lang", "chars", "copy", "story", title="Articles")
    for r in rows:
        copy = f"{r['copy_kind']} of {r['copy_of']}" if r["copy_kind"] else ""
        table.add_row(
            r["id"],
            r["published"] or "",
            r["source"] or "",
            r["title"] or "",
            r["language"] or "",
            str(r["text_chars"]),
            copy,
            r["story_id"] or "",
        )
    return table


def entity_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("name", "type", "aliases", "mentions", "articles", "id", title="Entities")
    for r in rows:
        table.add_row(
            r["name"], r["type"], ", ".join(r["aliases"]), str(r["mentions"]), str(r["articles"]), r["id"]
        )
    return table


def story_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "title", "articles", "events", "from", "to", "entities", title="Stories")
    for r in rows:
        table.add_row(
            r["id"],
            r["title"] or "",
            str(len(r["articles"])),
            str(r["events"]),
            r["start"] or "",
            r["end"] or "",
            ", ".join(r["entities"][:5]),
        )
    return table


def _when(event: dict[str, Any]) -> str:
    d = event["date"]
    if d["precision"] == "unknown" or not d["start"]:
        return "date unknown"
    shown: str = {"day": d["start"], "month": d["start"][:7], "year": d["start"][:4]}.get(
        d["precision"], d["start"]
    )
    return shown


def _where(event: dict[str, Any]) -> str:
    loc = event["location"]
    if not loc:
        return ""
    return f"{loc['name']}" + (f", {loc['country']}" if loc.get("country") else "")


def event_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        "when", "type", "summary", "where", "modality", "sources", "conflicts", "id", title="Events"
    )
    for r in rows:
        table.add_row(
            _when(r),
            r["type"] + (f"/{r['mode']}" if r["mode"] else ""),
            r["summary"] or "",
            _where(r),
            r["modality"],
            f"{r['independent_sources']}/{r['sources']}",
            "; ".join(c["field"] for c in r["conflicts"]),
            r["id"],
        )
    return table


def print_timeline(
    console: Console, story: dict[str, Any], events: list[dict[str, Any]], articles: list[dict[str, Any]]
) -> None:
    """The story's events in date order, each with its evidence sentences and any conflicts."""
    console.print(f"[bold]{story['title'] or story['id']}[/bold]  ({story['id']})")
    console.print(
        f"{len(articles)} articles, {len(events)} events, {story['start'] or '?'} to {story['end'] or '?'}"
    )
    console.print("People and organisations: " + ", ".join(story["entities"]), highlight=False)
    console.print()
    for e in events:
        people = ", ".join(f"{p['name']} ({p['role']})" for p in e["participants"])
        console.print(
            f"[cyan]{_when(e):>12}[/cyan]  [bold]{e['type']}[/bold]"
            + (f"/{e['mode']}" if e["mode"] else "")
            + f"  {e['summary'] or ''}  [dim]{_where(e)}[/dim]",
            highlight=False,
        )
        console.print(
            f"{'':>14}{people}  [dim]{e['modality']}, {e['independent_sources']} independent of "
            f"{e['sources']} sources[/dim]",
            highlight=False,
        )
        for c in e["conflicts"]:
            console.print(
                f"{'':>14}[red]conflict[/red] {c['field']}: {' vs '.join(map(str, c['values']))}",
                highlight=False,
            )
        for m in e["mentions"][:3]:
            sentence = " ".join(m["sentence"].split())
            console.print(
                f"{'':>14}[dim]> {sentence[:160]}{'...' if len(sentence) > 160 else ''} "
                f"[{m['article_id']}][/dim]",
                highlight=False,
                markup=True,
            )
    console.print()

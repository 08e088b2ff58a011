"""The `newsgraph` command: thin wrappers that open the database, call one library function, print.

People get Rich tables; scripts get one JSON object per line with `--json`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from newsgraph.cli.live import register_live_commands
from newsgraph.config import database_path
from newsgraph.errors import NewsgraphError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="newsgraph: what happened, to whom, where and when, from a pile of news articles.",
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database file (else $NEWSGRAPH_DB, else ./newsgraph.duckdb).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")]


def _fail(exc: NewsgraphError) -> typer.Exit:
    err.print(
        f"[red]error[/red] {escape(f'[{exc.code}] {exc}')}", highlight=False, markup=True, soft_wrap=True
    )
    return typer.Exit(exc.exit_code)


def _print_json_lines(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _open(db: str | None) -> Any:
    from newsgraph.store.db import Store

    return Store(database_path(db), read_only=True)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.")],
    db: DbOption = None,
    processes: Annotated[int | None, typer.Option(help="Worker processes (default: one per core).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if any input failed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (worker processes) or ray (Ray Data; docs/SCALING.md).")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="Ray cluster to join (--engine ray); default: start one here."),
    ] = None,
    parquet_out: Annotated[
        Path | None,
        typer.Option("--parquet-out", help="Also write the store as Parquet partitions (--engine ray)."),
    ] = None,
) -> None:
    """Read, clean, analyse, link and store articles. Re-ingesting the same content changes nothing."""
    if engine not in ("local", "ray"):
        raise typer.BadParameter("use local or ray", param_hint="--engine")
    if engine == "local" and (address or parquet_out):
        raise typer.BadParameter("only with --engine ray", param_hint="--address / --parquet-out")
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from newsgraph.pipeline import IngestReport
    from newsgraph.pipeline import ingest as run_ingest

    path = database_path(db)
    progress = Progress(
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(bar_width=None, pulse_style="cyan"),
        TextColumn(
            "{task.fields[read]} read, {task.fields[added]} new, "
            "{task.fields[failed]} failed, {task.fields[rate]:.1f} articles/s"
        ),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )
    reported = 0

    def on_progress(report: IngestReport) -> None:
        nonlocal reported
        for failure in report.failures[reported:]:
            err.print(
                f"[yellow]skipped[/yellow] {escape(f'{failure.origin}: {failure.reason}')}",
                highlight=False,
                soft_wrap=True,
            )
        reported = len(report.failures)
        rate = report.added / report.seconds if report.seconds else 0.0
        progress.update(task, read=report.read, added=report.added, failed=len(report.failures), rate=rate)

    try:
        with progress:
            task = progress.add_task("ingest", total=None, read=0, added=0, failed=0, rate=0.0)
            if engine == "ray":
                from newsgraph.scale.runner import ray_ingest

                report = ray_ingest(
                    paths,
                    db_path=path,
                    workers=processes,
                    address=address,
                    parquet_out=parquet_out,
                    on_progress=on_progress,
                    stdin=sys.stdin.buffer,
                )
            else:
                report = run_ingest(
                    paths, db_path=path, processes=processes, on_progress=on_progress, stdin=sys.stdin.buffer
                )
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    for failure in report.failures[reported:]:
        err.print(
            f"[yellow]skipped[/yellow] {escape(f'{failure.origin}: {failure.reason}')}",
            highlight=False,
            soft_wrap=True,
        )
    rate = report.words / report.seconds if report.seconds else 0.0
    err.print(
        f"{report.added} new articles ({report.copies} copies, {report.skipped_language} not English), "
        f"{report.unchanged} unchanged, {len(report.failures)} failed, "
        f"{len(report.stories_touched)} stories touched in {report.seconds:.1f}s "
        f"({rate:,.0f} words/s) -> {path}"
    )
    if report.already_fetched and report.read == 0:
        err.print(f"{report.already_fetched} URLs were fetched by an earlier run (not fetched again)")
        return
    if report.read == 0 or (report.added + report.unchanged == 0 and report.failures):
        raise typer.Exit(2)
    if strict and report.failures:
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    text: Annotated[bool, typer.Option("--text", help="Include the cleaned text.")] = False,
    story: Annotated[str | None, typer.Option("--story", help="Only this story's articles.")] = None,
) -> None:
    """List articles."""
    from newsgraph.cli.render import article_table
    from newsgraph.store.queries import list_articles

    try:
        with _open(db) as store:
            rows = list_articles(store, with_text=text, story_id=story, limit=limit)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    _print_json_lines(rows) if as_json else out.print(article_table(rows))


@app.command()
def entities(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, ...")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Name contains.")] = None,
) -> None:
    """List canonical entities with their aliases."""
    from newsgraph.cli.render import entity_table
    from newsgraph.store.queries import list_entities

    try:
        with _open(db) as store:
            rows = list_entities(store, type_=type_, query=query, limit=limit)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    _print_json_lines(rows) if as_json else out.print(entity_table(rows))


@app.command()
def stories(db: DbOption = None, as_json: JsonOption = False, limit: LimitOption = None) -> None:
    """List stories."""
    from newsgraph.cli.render import story_table
    from newsgraph.store.queries import list_stories

    try:
        with _open(db) as store:
            rows = list_stories(store, limit=limit)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    _print_json_lines(rows) if as_json else out.print(story_table(rows))


def _parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(
            value if len(value) > 7 else (value + "-01" if len(value) == 7 else value + "-01-01")
        )
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint=name
        ) from exc


@app.command()
def events(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    story: Annotated[str | None, typer.Option("--story")] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Canonical name, alias or entity id.")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type")] = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY[-MM[-DD]]")] = None,
) -> None:
    """List merged events."""
    from newsgraph.cli.render import event_table
    from newsgraph.store.queries import EventFilter, list_events

    flt = EventFilter(
        story_id=story,
        entity=entity,
        type=type_,
        since=_parse_day(since, "--since"),
        until=_parse_day(until, "--until"),
    )
    try:
        with _open(db) as store:
            rows = list_events(store, flt, limit=limit)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    _print_json_lines(rows) if as_json else out.print(event_table(rows))


@app.command()
def show(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsgraph stories`.")], db: DbOption = None
) -> None:
    """A readable timeline of one story."""
    from newsgraph.cli.render import print_timeline
    from newsgraph.store.queries import EventFilter, get_story, list_articles, list_events

    try:
        with _open(db) as store:
            story = get_story(store, story_id)
            story_events = list_events(store, EventFilter(story_id=story_id))
            story_articles = list_articles(store, story_id=story_id)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    print_timeline(out, story, story_events, story_articles)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet or geojson")],
    out_path: Annotated[Path, typer.Option("--out", help="Output file (a folder for parquet).")],
    db: DbOption = None,
) -> None:
    """Export events (and, for jsonl/parquet, articles, entities and stories)."""
    from newsgraph.store.export import export as run_export

    try:
        with _open(db) as store:
            counts = run_export(store, fmt=fmt, out=out_path)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    err.print(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" -> {out_path}")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the JSON API under /api/ and the web page at / (read-only)."""
    from newsgraph.serve.app import run_server

    path = database_path(db)
    if not Path(path).exists():
        raise _fail(
            NewsgraphError(
                "no database here yet", where=path, hint="run `newsgraph ingest` or `newsgraph demo`"
            )
        )
    run_server(path, host=host, port=port)


@app.command(name="eval")
def evaluate(
    task: Annotated[str, typer.Argument(help="extraction, ner, geo, time, coref or events")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold file or folder (formats: shared/data READMEs).")],
    as_json: JsonOption = False,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Write what was predicted, one JSON per gold item.")
    ] = None,
    limit: LimitOption = None,
) -> None:
    """Score the pipeline on gold data."""
    from newsgraph.evaluate.tasks import run_task

    try:
        report = run_task(task, gold, predictions=predictions, limit=limit)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        return
    out.print(
        f"[bold]{report.task}[/bold] on {report.gold} (n={report.n}): {report.metric} = {report.score:.4f}"
    )
    for key, value in report.extra.items():
        out.print(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")


@app.command()
def demo(
    db: Annotated[
        str, typer.Option("--db", help="Where to write the demo database.")
    ] = "newsgraph-demo.duckdb",
) -> None:
    """Ingest the bundled sample corpus into a fresh database and show what it found."""
    from newsgraph.cli.render import story_table
    from newsgraph.pipeline import ingest as run_ingest
    from newsgraph.samples import sample_corpus_path
    from newsgraph.store.db import Store
    from newsgraph.store.queries import list_events, list_stories

    for suffix in ("", ".wal"):
        Path(db + suffix).unlink(missing_ok=True)
    corpus = sample_corpus_path()
    err.print(f"Ingesting the sample corpus {corpus} into {db} ...")
    try:
        report = run_ingest([str(corpus)], db_path=db)
        with Store(db, read_only=True) as store:
            rows = list_stories(store)
            n_events = len(list_events(store))
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    for failure in report.failures:
        err.print(f"skipped {failure.origin}: {failure.reason}", highlight=False)
    out.print(
        f"{report.added} articles ({report.copies} copies), {len(rows)} stories, {n_events} events "
        f"in {report.seconds:.1f}s"
    )
    out.print(story_table(rows))
    out.print(
        f"\nNext: [bold]newsgraph show {rows[0]['id'] if rows else 'STORY_ID'} --db {db}[/bold]"
        " for a timeline,"
        f" [bold]newsgraph serve --db {db}[/bold] then open http://127.0.0.1:8000/ for the web page."
    )


register_live_commands(app)  # watch, sources, unwatch (cli/live.py)


def main() -> None:  # pragma: no cover - console entry point
    app()

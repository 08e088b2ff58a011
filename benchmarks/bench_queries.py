"""Query latency on a large store: `events --entity NAME` and the API's `/api/stories/{id}`.

The store is generated directly with bulk SQL (no NLP): `--events` merged events (1M by default) in
stories of about 10 events, 3 articles per story, one report (event mention) per event, 2 participants
per event drawn from `--entities` entities with a skew (a few entities take part in thousands of
events, most in a handful), as news coverage is skewed. Then it times, in this process, the same
functions the CLI and the API call (not the CLI's start-up):
  - `queries.list_events(store, EventFilter(entity=NAME))` for typical and for popular entities,
  - the `/api/stories/{id}` route handler (`serve.routes.stories.get_story`) for random stories,
and prints the median and 90th percentile in milliseconds.

  python benchmarks/bench_queries.py --events 1000000 --db /tmp/bench_queries.duckdb
(the store is reused when the file already holds that many events; `--rebuild` forces it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVENTS_PER_STORY = 10
ARTICLES_PER_STORY = 3
PARTICIPANTS_PER_EVENT = 2

# Bulk generation: every id and value is a function of the row number, so a store of 1M events builds in
# a few statements. hash() spreads the rows; the square of a uniform number skews participation.
BUILD_SQL = [
    """INSERT INTO entities
       SELECT 'ent_' || i, 'Person ' || i, CASE WHEN i % 5 = 0 THEN 'ORG' ELSE 'PERSON' END,
              ['P. ' || i], 'person' || i
       FROM range({entities}) r(i)""",
    """INSERT INTO stories
       SELECT 'sto_' || s, 'Story number ' || s, DATE '2024-01-01' + CAST(s % 700 AS INTEGER),
              DATE '2024-01-01' + CAST(s % 700 AS INTEGER) + 3, ['Person ' || (s % {entities})], now()
       FROM range({stories}) r(s)""",
    """INSERT INTO articles
       SELECT 'art_' || a, 'Report ' || a, 'https://news.example/' || a, 'Outlet ' || (a % 7),
              DATE '2024-01-01' + CAST((a // {articles_per_story}) % 700 AS INTEGER), 'en',
              'Report ' || a || E'\\n\\nPerson ' || (a % {entities}) || ' was arrested in the capital on '
                || 'Monday, police said. Officials confirmed the arrest and said an inquiry had begun.',
              150, 'h' || a, 'b' || a, 'bench/' || a, NULL, NULL, 'sto_' || (a // {articles_per_story}),
              NULL, NULL, NULL, now(), a + 1
       FROM range({articles}) r(a)""",
    """INSERT INTO events
       SELECT 'evt_' || e, 'sto_' || (e // {events_per_story}), 'ARREST', NULL, 'An arrest',
              DATE '2024-01-01' + CAST((e // {events_per_story}) % 700 AS INTEGER), NULL, 'day', 'Monday',
              NULL, '[]', NULL, 'asserted', 1, 1, '[]'
       FROM range({events}) r(e)""",
    """INSERT INTO event_entities
       SELECT 'evt_' || e, 'ent_' || CAST(floor(pow((hash(e * 7 + k) % 1000000) / 1000000.0, 2) * {entities})
              AS BIGINT), CASE WHEN k = 0 THEN 'agent' ELSE 'patient' END
       FROM range({events}) r(e), range({participants}) p(k)""",
    """INSERT INTO event_mentions
       SELECT 'art_' || ((e // {events_per_story}) * {articles_per_story} + e % {articles_per_story}),
              'evt_' || e,
              '{{"trigger": "arrested", "trigger_start": 40, "trigger_end": 48, "modality": "asserted"}}',
              'ARREST', 0, 90
       FROM range({events}) r(e)""",
]


def build_store(path: Path, events: int, entities: int) -> None:
    from newsgraph.store.db import Store

    for suffix in ("", ".wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    stories = events // EVENTS_PER_STORY
    sizes = {
        "events": events,
        "entities": entities,
        "stories": stories,
        "articles": stories * ARTICLES_PER_STORY,
        "events_per_story": EVENTS_PER_STORY,
        "articles_per_story": ARTICLES_PER_STORY,
        "participants": PARTICIPANTS_PER_EVENT,
    }
    with Store(str(path)) as store:
        for sql in BUILD_SQL:
            started = time.perf_counter()
            store.con.execute(sql.format(**sizes))
            print(f"  built in {time.perf_counter() - started:6.1f}s: {sql.split()[2]}", flush=True)
        store.con.execute("CHECKPOINT")


def _timed(call: Callable[[], Any], repeats: int) -> list[float]:
    call()  # warm the caches once, as a running server would be
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _report(label: str, times: list[float], extra: str = "") -> None:
    times = sorted(times)
    p90 = times[int(len(times) * 0.9) - 1] if len(times) >= 10 else times[-1]
    print(f"{label:<48} median {statistics.median(times):8.1f} ms   p90 {p90:8.1f} ms   {extra}")


def run_queries(path: Path, samples: int, seed: int) -> None:
    from newsgraph.serve.routes.stories import get_story
    from newsgraph.store import queries
    from newsgraph.store.db import Store

    rng = random.Random(seed)
    with Store(str(path), read_only=True) as store:
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        counts = store.con.execute(
            """SELECT n.name, count(*) AS c FROM event_entities ee JOIN entities n ON n.id = ee.entity_id
               GROUP BY n.name ORDER BY c DESC"""
        ).fetchall()
        popular = [name for name, _ in counts[:samples]]
        typical_pool = [name for name, c in counts if 5 <= c <= 50]
        typical = rng.sample(typical_pool, min(samples, len(typical_pool)))
        stories = [
            r[0]
            for r in store.con.execute(
                f"SELECT id FROM stories USING SAMPLE reservoir({int(samples)} ROWS) REPEATABLE ({int(seed)})"  # noqa: S608
            ).fetchall()
        ]
        print(f"store: {path} ({events:,} events)")
        for label, names in (("events --entity NAME (typical, 5-50 events)", typical),
                             ("events --entity NAME (most frequent entities)", popular)):  # fmt: skip
            times, sizes = [], []
            for name in names:
                flt = queries.EventFilter(entity=name)
                found = len(queries.list_events(store, flt))
                sizes.append(found)
                times += _timed(lambda flt=flt: queries.list_events(store, flt), 1)  # type: ignore[misc]
            _report(label, times, f"events returned: median {statistics.median(sizes):.0f}, max {max(sizes)}")
        times = []
        for story_id in stories:
            times += _timed(lambda sid=story_id: get_story(store, sid), 1)  # type: ignore[misc]
        _report("/api/stories/{id} handler", times, f"{len(stories)} stories")


def main() -> None:
    parser = argparse.ArgumentParser(description="query latency on a generated store of many events")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsgraph-bench-queries.duckdb"))
    parser.add_argument("--samples", type=int, default=30, help="entities and stories timed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    if args.rebuild or not _holds(args.db, args.events):
        print(f"building a store of {args.events:,} events at {args.db}", flush=True)
        build_store(args.db, args.events, args.entities)
    run_queries(args.db, args.samples, args.seed)


def _holds(path: Path, events: int) -> bool:
    if not path.exists():
        return False
    from newsgraph.store.db import Store

    with Store(str(path), read_only=True) as store:
        return int(store.con.execute("SELECT count(*) FROM events").fetchone()[0]) == events


if __name__ == "__main__":
    main()

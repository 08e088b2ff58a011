"""The DuckDB file: opening (with migrations), batched transactional writes, and lookups for linking.

Every batch is written in one transaction from Arrow tables (DuckDB inserts ~1M rows/s that way and
~1k rows/s with executemany), so a crash leaves whole articles or none.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from newsgraph.errors import DatabaseInUseError, StoreError
from newsgraph.model import ArticleAnalysis, Entity, Event, EventMention, ReadFailure
from newsgraph.store.codec import event_mention_from_json, event_mention_to_json, event_row
from newsgraph.store.schema import migrate


@dataclass(frozen=True)
class ArticleRecord:
    """One analysed article plus what linking decided about it: the unit the store writes."""

    analysis: ArticleAnalysis
    body_hash: str
    signature: tuple[int, ...]
    band_keys: tuple[str, ...]
    fingerprint: tuple[str, ...] = ()
    copy_of: str | None = None
    copy_kind: str | None = None
    story_id: str | None = None


# A story's title is its earliest original report's; its span is the span of its reporting (the
# publication dates), else of its dated events (undated articles), so one background mention
# ("the 2006 poisoning") does not stretch a 2024 story back to 2006.
_STORY_ARTICLES = """
story_articles AS (
  SELECT a.id, a.story_id, a.title, a.published, a.copy_of, a.seq
  FROM articles a JOIN _touched t ON t.story_id = a.story_id
), titles AS (
  SELECT story_id, arg_min(title, (copy_of IS NOT NULL, published IS NULL, published, seq)) AS title
  FROM story_articles WHERE title IS NOT NULL GROUP BY story_id
), spans AS (
  SELECT story_id, min(published) AS start_date, max(published) AS end_date
  FROM story_articles GROUP BY story_id
)"""
STORY_ROWS_SQL = f"""
INSERT INTO stories
WITH {_STORY_ARTICLES}, event_spans AS (
  SELECT e.story_id, min(e.date_start) AS start_date, max(coalesce(e.date_end, e.date_start)) AS end_date
  FROM events e JOIN _touched t ON t.story_id = e.story_id
  WHERE e.date_precision IN ('day', 'month') GROUP BY e.story_id
), counts AS (
  SELECT sa.story_id, e.name, count(*) AS n
  FROM story_articles sa JOIN mentions m ON m.article_id = sa.id JOIN entities e ON e.id = m.entity_id
  WHERE e.type IN ('PERSON', 'ORG', 'GPE', 'EQUIPMENT')
  GROUP BY sa.story_id, e.name
), ranked AS (
  SELECT story_id, name, n, row_number() OVER (PARTITION BY story_id ORDER BY n DESC, name) AS rank
  FROM counts
), top_entities AS (
  SELECT story_id, list(name ORDER BY n DESC, name) AS entities FROM ranked WHERE rank <= 8 GROUP BY story_id
)
SELECT t.story_id, ti.title,
  coalesce(sp.start_date, es.start_date), coalesce(sp.end_date, es.end_date),
  te.entities, ?
FROM _touched t
LEFT JOIN titles ti ON ti.story_id = t.story_id
LEFT JOIN spans sp ON sp.story_id = t.story_id
LEFT JOIN event_spans es ON es.story_id = t.story_id
LEFT JOIN top_entities te ON te.story_id = t.story_id
"""  # noqa: S608 - constant parts
# What linking the next batch needs of a story whose events are merged later: its title and the span of
# its reporting. The top entities and an undated story's span from its events (a scan of the mentions
# per batch) wait for `replace_merged_events`.
STORY_SPAN_ROWS_SQL = f"""
INSERT INTO stories
WITH {_STORY_ARTICLES}
SELECT t.story_id, ti.title, sp.start_date, sp.end_date, NULL, ?
FROM _touched t
LEFT JOIN titles ti ON ti.story_id = t.story_id
LEFT JOIN spans sp ON sp.story_id = t.story_id
"""  # noqa: S608 - constant parts


def return_free_memory() -> None:
    """Give freed pages back to the operating system (glibc only; elsewhere nothing): glibc keeps what
    DuckDB's threads free in per-thread arenas, so closing a connection alone does not shrink the process.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def connect(path: str, *, read_only: bool = False) -> Any:
    """A DuckDB connection, with the "in use by another process" case turned into a clear error."""
    import duckdb

    if read_only and not Path(path).exists():
        raise StoreError("no database here yet", where=path, hint="run `newsgraph ingest` first")
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseInUseError(
                "the database is in use by another newsgraph process",
                where=path,
                hint="wait for the running ingest to finish, or use another --db",
            ) from exc
        raise StoreError(f"cannot open the database: {exc}", where=path) from exc
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the database: {exc}", where=path) from exc


class Store:
    """A newsgraph database. Use as a context manager; writers migrate on open."""

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.con = connect(path, read_only=read_only)
        if not read_only:
            migrate(self.con)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def reopen(self) -> None:
        """Close the connection and open it again. A long ingest's process grew by ~60 MB per 10,000
        articles in memory that DuckDB's own accounting (`duckdb_memory()`) and Python's did not show;
        a fresh connection starts from the file, with indexes loaded again as they are used. Settings
        made on the old connection are gone."""
        self.con.close()
        return_free_memory()
        self.con = connect(self.path, read_only=self.read_only)

    # -- lookups used while linking ---------------------------------------------------------------

    def existing_article_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(set(ids))
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in rows}

    def articles_by_body_hash(self, hashes: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """body_hash -> (article id, copy_of) of the earliest article with that body."""
        hashes = list(set(hashes))
        if not hashes:
            return {}
        rows = self.con.execute(
            "SELECT body_hash, id, copy_of FROM articles WHERE list_contains(?, body_hash) ORDER BY seq",
            [hashes],
        ).fetchall()
        found: dict[str, tuple[str, str | None]] = {}
        for body_hash, article_id, copy_of in rows:
            found.setdefault(body_hash, (article_id, copy_of))
        return found

    def articles_sharing_bands(self, keys: Iterable[str]) -> list[tuple[str, tuple[int, ...], str | None]]:
        """Articles that share an LSH band key: (id, signature, copy_of), oldest first."""
        keys = list(set(keys))
        if not keys:
            return []
        rows = self.con.execute(
            """SELECT a.id, a.signature, a.copy_of FROM articles a
               WHERE a.id IN (SELECT article_id FROM article_bands WHERE list_contains(?, band_key))
               ORDER BY a.seq""",
            [keys],
        ).fetchall()
        return [(r[0], tuple(r[1] or ()), r[2]) for r in rows]

    def articles_by_band(
        self, keys: Iterable[str]
    ) -> dict[str, list[tuple[int, str, tuple[int, ...], str | None]]]:
        """band key -> the articles holding it as (seq, id, signature, copy_of), oldest first.

        One query for a whole batch's band keys instead of one per article.
        """
        wanted = [{"band_key": k} for k in set(keys)]
        if not wanted:
            return {}
        with self._registered("_wanted", wanted):
            rows = self.con.execute(
                """SELECT b.band_key, a.seq, a.id, a.signature, a.copy_of FROM _wanted w
                   JOIN article_bands b ON b.band_key = w.band_key JOIN articles a ON a.id = b.article_id
                   ORDER BY a.seq"""
            ).fetchall()
        found: dict[str, list[tuple[int, str, tuple[int, ...], str | None]]] = {}
        for key, seq, article_id, signature, copy_of in rows:
            found.setdefault(key, []).append((int(seq), article_id, tuple(signature or ()), copy_of))
        return found

    def stories_by_key(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """key -> the stored stories holding it (one query for a whole batch's keys)."""
        wanted = [{"key": k} for k in set(keys)]
        if not wanted:
            return {}
        with self._registered("_wanted", wanted):
            rows = self.con.execute(
                "SELECT s.key, s.story_id FROM _wanted w JOIN story_keys s ON s.key = w.key"
            ).fetchall()
        found: dict[str, set[str]] = {}
        for key, story_id in rows:
            found.setdefault(key, set()).add(story_id)
        return found

    def story_ids_for_keys(self, keys: Iterable[str]) -> set[str]:
        keys = list(set(keys))
        if not keys:
            return set()
        rows = self.con.execute(
            "SELECT DISTINCT story_id FROM story_keys WHERE list_contains(?, key)", [keys]
        ).fetchall()
        return {r[0] for r in rows}

    def story_key_weights(self, story_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], Any, Any]]:
        """story id -> (all its keys with weights, start date, end date)."""
        ids = list(set(story_ids))
        if not ids:
            return {}
        found: dict[str, tuple[dict[str, float], Any, Any]] = {}
        for story_id, start, end in self.con.execute(
            "SELECT id, start_date, end_date FROM stories WHERE list_contains(?, id)", [ids]
        ).fetchall():
            found[story_id] = ({}, start, end)
        for story_id, key, weight in self.con.execute(
            "SELECT story_id, key, weight FROM story_keys WHERE list_contains(?, story_id)", [ids]
        ).fetchall():
            if story_id in found:
                found[story_id][0][key] = weight
        return found

    def key_document_frequency(self, keys: Iterable[str]) -> dict[str, int]:
        """In how many stories each key occurs: rare keys (a person's name) weigh more than common ones."""
        wanted = [{"key": k} for k in set(keys)]
        if not wanted:
            return {}
        with self._registered("_wanted", wanted):
            rows = self.con.execute(
                "SELECT s.key, count(DISTINCT s.story_id) FROM _wanted w JOIN story_keys s ON s.key = w.key"
                " GROUP BY s.key"
            ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def copy_of(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        """Stored article -> the original it copies (None for an original), for those in the store."""
        ids = list(set(article_ids))
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, copy_of FROM articles WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(set(article_ids))
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, story_id FROM articles WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def story_fingerprints(
        self, story_id: str, *, latest: int | None = None
    ) -> list[tuple[str, tuple[str, ...], tuple[int, ...], str | None]]:
        """(id, fingerprint, signature, copy_of) of a story's articles, oldest first: rewrite candidates.

        `latest` keeps only the story's most recently stored articles, so that a story of thousands of
        reports does not make every new report compare against all of them.
        """
        limit = f"LIMIT {int(latest)}" if latest is not None else ""
        rows = self.con.execute(
            f"""SELECT id, fingerprint, signature, copy_of FROM (
                  SELECT id, fingerprint, signature, copy_of, seq FROM articles
                  WHERE story_id = ? ORDER BY seq DESC {limit})
                ORDER BY seq""",  # noqa: S608 - `limit` is an int
            [story_id],
        ).fetchall()
        return [(r[0], tuple(r[1] or ()), tuple(r[2] or ()), r[3]) for r in rows]

    def stories_fingerprints(
        self, story_ids: Iterable[str], *, latest: int
    ) -> dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...], str | None]]]:
        """`story_fingerprints(story_id, latest=...)` for many stories in one query (one per batch)."""
        ids = [{"story_id": sid} for sid in dict.fromkeys(story_ids)]
        found: dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...], str | None]]] = {
            row["story_id"]: [] for row in ids
        }
        if not ids:
            return found
        with self._registered("_wanted", ids):
            rows = self.con.execute(
                """SELECT story_id, id, fingerprint, signature, copy_of FROM (
                     SELECT a.story_id, a.id, a.fingerprint, a.signature, a.copy_of, a.seq,
                            row_number() OVER (PARTITION BY a.story_id ORDER BY a.seq DESC) AS recency
                     FROM _wanted w JOIN articles a ON a.story_id = w.story_id)
                   WHERE recency <= ? ORDER BY seq""",
                [int(latest)],
            ).fetchall()
        for story_id, article_id, fingerprint, signature, copy_of in rows:
            found[story_id].append((article_id, tuple(fingerprint or ()), tuple(signature or ()), copy_of))
        return found

    def people_by_last_token(self, tokens: list[str]) -> dict[str, set[str]]:
        """Surname -> the multi-word PERSON names stored with it."""
        if not tokens:
            return {}
        rows = self.con.execute(
            """SELECT last_token, name FROM entities WHERE type = 'PERSON' AND list_contains(?, last_token)
               AND name LIKE '% %'""",
            [tokens],
        ).fetchall()
        found: dict[str, set[str]] = {}
        for token, name in rows:
            found.setdefault(token, set()).add(name)
        return found

    def story_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM stories").fetchone()[0])

    def event_mentions_for_story(self, story_id: str) -> list[EventMention]:
        rows = self.con.execute(
            """SELECT m.payload FROM event_mentions m JOIN articles a ON a.id = m.article_id
               WHERE a.story_id = ? ORDER BY a.seq, m.sentence_start""",
            [story_id],
        ).fetchall()
        return [event_mention_from_json(r[0]) for r in rows]

    def event_mentions_for_stories(self, story_ids: Iterable[str]) -> dict[str, list[EventMention]]:
        """`event_mentions_for_story` for many stories in one query (one scan per batch, not per story)."""
        return {
            sid: [event_mention_from_json(p) for p in payloads]
            for sid, (payloads, _) in self.stored_reports(story_ids, copies=False).items()
        }

    def stored_reports(
        self, story_ids: Iterable[str], *, copies: bool = True
    ) -> dict[str, tuple[list[str], dict[str, str | None]]]:
        """story id -> (its event reports' JSON in story order, its article -> copy_of map), undecoded:
        what `link.batch.merge_stored_reports` merges, cheap to send to another process. Without
        `copies`, the copy maps are left empty."""
        ids = list(dict.fromkeys(story_ids))
        payloads: dict[str, list[str]] = {sid: [] for sid in ids}
        if ids:
            with self._registered("_wanted", [{"story_id": sid} for sid in ids]):
                rows = self.con.execute(
                    """SELECT a.story_id, m.payload FROM _wanted w
                       JOIN articles a ON a.story_id = w.story_id JOIN event_mentions m ON m.article_id = a.id
                       ORDER BY a.seq, m.sentence_start"""
                ).fetchall()
            for story_id, payload in rows:
                payloads[story_id].append(payload)
        copy_maps = self.copy_maps_for_stories(ids) if copies else {sid: {} for sid in ids}
        return {sid: (payloads[sid], copy_maps[sid]) for sid in ids}

    def copy_maps_for_stories(self, story_ids: Iterable[str]) -> dict[str, dict[str, str | None]]:
        """`copy_map_for_story` for many stories in one query."""
        ids = [{"story_id": sid} for sid in dict.fromkeys(story_ids)]
        found: dict[str, dict[str, str | None]] = {row["story_id"]: {} for row in ids}
        if not ids:
            return found
        with self._registered("_wanted", ids):
            rows = self.con.execute(
                "SELECT a.story_id, a.id, a.copy_of FROM _wanted w JOIN articles a ON a.story_id = w.story_id"
            ).fetchall()
        for story_id, article_id, copy_of in rows:
            found[story_id][article_id] = copy_of
        return found

    def copy_map_for_story(self, story_id: str) -> dict[str, str | None]:
        rows = self.con.execute("SELECT id, copy_of FROM articles WHERE story_id = ?", [story_id]).fetchall()
        return {r[0]: r[1] for r in rows}

    def story_article_rows(self, story_id: str) -> list[tuple[str, str | None, Any]]:
        rows = self.con.execute(
            "SELECT id, title, published FROM articles WHERE story_id = ? ORDER BY seq", [story_id]
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    # -- writes ------------------------------------------------------------------------------------

    def _insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        import pyarrow as pa

        arrow = pa.Table.from_pylist(list(rows))
        columns = ", ".join(arrow.column_names)
        self.con.register("_batch", arrow)
        try:
            self.con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _batch")  # noqa: S608
        finally:
            self.con.unregister("_batch")

    def write_batch(
        self,
        records: Sequence[ArticleRecord],
        *,
        failures: Sequence[ReadFailure] = (),
        story_keys: dict[str, dict[str, float]] | None = None,
        events_by_story: dict[str, list[Event]] | None = None,
        stale_stories: Iterable[str] = (),
    ) -> None:
        """Write one batch in one transaction: all of it lands, or none of it.

        `events_by_story` replaces those stories' merged events now; `stale_stories` marks stories whose
        events are merged later (`replace_merged_events`), their new reports stored without an event.
        """
        seq0 = int(self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])
        now = _now()
        # Each report's merged event, so new mentions are inserted with it instead of updated after.
        event_of = {
            _mention_key(m.article_id, m.sentence_start, m.type, m.trigger_start): e.id
            for events in (events_by_story or {}).values()
            for e in events
            for m in e.mentions
        }
        article_rows, band_rows, sentence_rows, mention_rows, place_rows, time_rows = [], [], [], [], [], []
        event_mention_rows: list[dict[str, Any]] = []
        entities: dict[str, Entity] = {}
        for offset, rec in enumerate(records, 1):
            a = rec.analysis.article
            article_rows.append(
                {
                    "id": a.id,
                    "title": a.title,
                    "url": a.url,
                    "source": a.source,
                    "published": a.published,
                    "language": a.language,
                    "text": a.text,
                    "text_chars": a.text_chars,
                    "content_hash": a.content_hash,
                    "body_hash": rec.body_hash,
                    "origin": a.origin,
                    "copy_of": rec.copy_of,
                    "copy_kind": rec.copy_kind,
                    "story_id": rec.story_id,
                    "skipped_reason": rec.analysis.skipped_reason,
                    "signature": list(rec.signature),
                    "fingerprint": list(rec.fingerprint),
                    "ingested_at": now,
                    "seq": seq0 + offset,
                }
            )
            band_rows += [{"band_key": k, "article_id": a.id} for k in rec.band_keys]
            sentence_rows += [
                {"article_id": a.id, "idx": i, "start_char": s.start, "end_char": s.end}
                for i, s in enumerate(rec.analysis.sentences)
            ]
            for e in rec.analysis.entities:
                entities.setdefault(e.id, e)
            for m in rec.analysis.mentions:
                mention_rows.append(
                    {
                        "article_id": a.id,
                        "entity_id": Entity.make_id(m.canonical, m.label),
                        "start_char": m.start,
                        "end_char": m.end,
                        "text": m.text,
                        "label": m.label,
                    }
                )
            for p in rec.analysis.places:
                pl = p.place
                place_rows.append(
                    {
                        "article_id": a.id,
                        "start_char": p.start,
                        "end_char": p.end,
                        "text": p.text,
                        "name": pl.name if pl else None,
                        "lat": pl.lat if pl else None,
                        "lon": pl.lon if pl else None,
                        "country": pl.country if pl else None,
                        "admin1": pl.admin1 if pl else None,
                        "precision": pl.precision if pl else None,
                        "geonameid": pl.geonameid if pl else None,
                        "population": pl.population if pl else None,
                    }
                )
            for t in rec.analysis.times:
                time_rows.append(
                    {
                        "article_id": a.id,
                        "start_char": t.start,
                        "end_char": t.end,
                        "text": t.text,
                        "type": t.type,
                        "value": t.value,
                        "interval_start": t.interval_start,
                        "interval_end": t.interval_end,
                        "precision": t.precision,
                    }
                )
            for em in rec.analysis.events:
                event_mention_rows.append(
                    {
                        "article_id": a.id,
                        "event_id": event_of.get(
                            _mention_key(a.id, em.sentence_start, em.type, em.trigger_start)
                        ),
                        "payload": event_mention_to_json(em),
                        "type": em.type,
                        "sentence_start": em.sentence_start,
                        "sentence_end": em.sentence_end,
                    }
                )
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("articles", article_rows)
            self._insert("article_bands", band_rows)
            self._insert("sentences", sentence_rows)
            self._insert("mentions", mention_rows)
            self._insert("places", place_rows)
            self._insert("time_expressions", time_rows)
            self._insert("event_mentions", event_mention_rows)
            self._upsert_entities(list(entities.values()))
            self._insert(
                "ingest_failures",
                [{"origin": f.origin, "reason": f.reason, "code": f.code, "seen_at": now} for f in failures],
            )
            self._replace_story_events(
                events_by_story or {}, written={r.analysis.article.id for r in records}
            )
            stale = [{"story_id": story_id} for story_id in dict.fromkeys(stale_stories)]
            self._write_stories(story_keys or {}, rows_sql=STORY_SPAN_ROWS_SQL if stale else STORY_ROWS_SQL)
            if stale:
                with self._registered("_stale", stale):
                    self.con.execute("INSERT OR IGNORE INTO stale_stories SELECT story_id FROM _stale")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def stale_story_ids(self) -> list[str]:
        """Stories whose merged events are out of date (`write_batch(stale_stories=...)`), oldest first."""
        rows = self.con.execute("SELECT story_id FROM stale_stories ORDER BY rowid").fetchall()
        return [r[0] for r in rows]

    def replace_merged_events(self, events_by_story: dict[str, list[Event]]) -> None:
        """Store freshly merged events for stale stories, in one transaction: the events, every report's
        event, the story rows (top entities; an undated story's span comes from its events), and the
        stale marks gone."""
        if not events_by_story:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._replace_story_events(events_by_story, written=set())
            with self._registered("_touched", [{"story_id": sid} for sid in events_by_story]):
                self.con.execute("DELETE FROM stories WHERE id IN (SELECT story_id FROM _touched)")
                self.con.execute(STORY_ROWS_SQL, [_now()])
                self.con.execute(
                    "DELETE FROM stale_stories WHERE story_id IN (SELECT story_id FROM _touched)"
                )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _upsert_entities(self, entities: list[Entity]) -> None:
        if not entities:
            return
        known = {
            r[0]: list(r[1] or [])
            for r in self.con.execute(
                "SELECT id, aliases FROM entities WHERE list_contains(?, id)", [[e.id for e in entities]]
            ).fetchall()
        }
        new_rows, updates = [], []
        for e in entities:
            if e.id in known:
                merged = sorted(set(known[e.id]) | set(e.aliases))
                if merged != sorted(known[e.id]):
                    updates.append((merged, e.id))
            else:
                tokens = e.name.split()
                new_rows.append(
                    {
                        "id": e.id,
                        "name": e.name,
                        "type": e.type,
                        "aliases": list(e.aliases),
                        "last_token": tokens[-1].casefold() if tokens else None,
                    }
                )
        self._insert("entities", new_rows)
        for aliases, entity_id in updates:
            self.con.execute("UPDATE entities SET aliases = ? WHERE id = ?", [aliases, entity_id])

    def _write_stories(self, keys: dict[str, dict[str, float]], *, rows_sql: str = STORY_ROWS_SQL) -> None:
        """Store each touched story's keys and recompute its title, span and top entities.

        One statement per table for the whole batch: per-story statements each scanned the mentions
        table, which made a batch's cost grow with the corpus times the stories it touched.
        """
        if not keys:
            return
        ids = [{"story_id": story_id} for story_id in keys]
        with self._registered("_touched", ids):
            self.con.execute("DELETE FROM story_keys WHERE story_id IN (SELECT story_id FROM _touched)")
            self.con.execute("DELETE FROM stories WHERE id IN (SELECT story_id FROM _touched)")
        self._insert(
            "story_keys",
            [
                {"story_id": sid, "key": k, "weight": w}
                for sid, weights in keys.items()
                for k, w in weights.items()
            ],
        )
        with self._registered("_touched", ids):
            self.con.execute(rows_sql, [_now()])

    def _replace_story_events(self, events_by_story: dict[str, list[Event]], *, written: set[str]) -> None:
        """Replace the merged events of the touched stories and point older reports at them."""
        if not events_by_story:
            return
        ids = [{"story_id": story_id} for story_id in events_by_story]
        with self._registered("_touched", ids):
            self.con.execute(
                """DELETE FROM event_entities WHERE event_id IN
                   (SELECT e.id FROM events e JOIN _touched t ON t.story_id = e.story_id)"""
            )
            self.con.execute("DELETE FROM events WHERE story_id IN (SELECT story_id FROM _touched)")
        events = [e for story_events in events_by_story.values() for e in story_events]
        self._insert("events", [event_row(e) for e in events])
        self._insert(
            "event_entities",
            [
                {"event_id": e.id, "entity_id": p.entity_id, "role": p.role}
                for e in events
                for p in e.participants
            ],
        )
        # Reports stored by earlier batches may now belong to another merged event: one joined UPDATE
        # (matched by article, sentence, type and trigger) instead of one UPDATE per report.
        updates = [
            {
                "article_id": m.article_id,
                "sentence_start": m.sentence_start,
                "type": m.type,
                "trigger_start": m.trigger_start,
                "event_id": e.id,
            }
            for e in events
            for m in e.mentions
            if m.article_id not in written
        ]
        if not updates:
            return
        with self._registered("_event_of", updates):
            self.con.execute(
                """UPDATE event_mentions SET event_id = u.event_id FROM _event_of u
                   WHERE event_mentions.article_id = u.article_id
                     AND event_mentions.sentence_start = u.sentence_start
                     AND event_mentions.type = u.type
                     AND json_extract(event_mentions.payload, '$.trigger_start')::INTEGER = u.trigger_start
                     AND event_mentions.event_id IS DISTINCT FROM u.event_id"""
            )

    @contextmanager
    def _registered(self, name: str, rows: Sequence[dict[str, Any]]) -> Iterator[None]:
        """`rows` visible to SQL as the table `name` for the duration of the block."""
        import pyarrow as pa

        self.con.register(name, pa.Table.from_pylist(list(rows)))
        try:
            yield
        finally:
            self.con.unregister(name)


def _mention_key(
    article_id: str, sentence_start: int, type_: str, trigger_start: int
) -> tuple[str, int, str, int]:
    return article_id, sentence_start, type_, trigger_start

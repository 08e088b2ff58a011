"""The DuckDB schema as registered migrations, each run in a transaction and recorded.

Add a migration by appending a function to MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Connection = Any  # duckdb.DuckDBPyConnection; kept loose so this module imports without duckdb stubs


def _initial(con: Connection) -> None:
    con.execute("""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            url VARCHAR,
            source VARCHAR,
            published DATE,
            language VARCHAR,
            text VARCHAR NOT NULL,
            text_chars INTEGER NOT NULL,
            content_hash VARCHAR NOT NULL,
            body_hash VARCHAR NOT NULL,
            origin VARCHAR,
            copy_of VARCHAR,
            copy_kind VARCHAR,
            story_id VARCHAR,
            skipped_reason VARCHAR,
            signature UBIGINT[],
            fingerprint VARCHAR[],
            ingested_at TIMESTAMP NOT NULL,
            seq BIGINT NOT NULL
        )""")
    con.execute("CREATE INDEX articles_body_hash ON articles(body_hash)")
    con.execute("CREATE INDEX articles_story ON articles(story_id)")
    con.execute("CREATE TABLE article_bands (band_key VARCHAR NOT NULL, article_id VARCHAR NOT NULL)")
    con.execute("CREATE INDEX article_bands_key ON article_bands(band_key)")
    con.execute("""
        CREATE TABLE sentences (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
                                start_char INTEGER NOT NULL, end_char INTEGER NOT NULL)""")
    con.execute("""
        CREATE TABLE entities (
            id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, type VARCHAR NOT NULL, aliases VARCHAR[],
            last_token VARCHAR
        )""")
    con.execute("CREATE INDEX entities_last_token ON entities(last_token)")
    con.execute("""
        CREATE TABLE mentions (
            article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR NOT NULL,
            label VARCHAR NOT NULL
        )""")
    con.execute("CREATE INDEX mentions_entity ON mentions(entity_id)")
    con.execute("CREATE INDEX mentions_article ON mentions(article_id)")
    con.execute("""
        CREATE TABLE places (
            article_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL, name VARCHAR, lat DOUBLE, lon DOUBLE, country VARCHAR, admin1 VARCHAR,
            precision VARCHAR, geonameid VARCHAR, population BIGINT
        )""")
    con.execute("CREATE INDEX places_article ON places(article_id)")
    con.execute("""
        CREATE TABLE time_expressions (
            article_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL, type VARCHAR NOT NULL, value VARCHAR NOT NULL,
            interval_start DATE, interval_end DATE, precision VARCHAR NOT NULL
        )""")
    con.execute("CREATE INDEX times_article ON time_expressions(article_id)")
    con.execute("""
        CREATE TABLE stories (
            id VARCHAR PRIMARY KEY, title VARCHAR, start_date DATE, end_date DATE,
            entities VARCHAR[], updated_at TIMESTAMP
        )""")
    con.execute("""
        CREATE TABLE story_keys (story_id VARCHAR NOT NULL, key VARCHAR NOT NULL, weight DOUBLE NOT NULL)""")
    con.execute("CREATE INDEX story_keys_key ON story_keys(key)")
    con.execute("""
        CREATE TABLE event_mentions (
            article_id VARCHAR NOT NULL, event_id VARCHAR, payload VARCHAR NOT NULL,
            type VARCHAR NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL
        )""")
    con.execute("CREATE INDEX event_mentions_article ON event_mentions(article_id)")
    con.execute("CREATE INDEX event_mentions_event ON event_mentions(event_id)")
    con.execute("""
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, story_id VARCHAR, type VARCHAR NOT NULL, mode VARCHAR, summary VARCHAR,
            date_start DATE, date_end DATE, date_precision VARCHAR NOT NULL, date_text VARCHAR,
            location VARCHAR, participants VARCHAR NOT NULL, fatalities INTEGER, modality VARCHAR NOT NULL,
            sources INTEGER NOT NULL, independent_sources INTEGER NOT NULL, conflicts VARCHAR NOT NULL
        )""")
    con.execute("CREATE INDEX events_story ON events(story_id)")
    con.execute("""
        CREATE TABLE event_entities (event_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, role VARCHAR)""")
    con.execute("CREATE INDEX event_entities_entity ON event_entities(entity_id)")
    con.execute("""
        CREATE TABLE ingest_failures (origin VARCHAR NOT NULL, reason VARCHAR NOT NULL, code VARCHAR,
                                      seen_at TIMESTAMP NOT NULL)""")


def _watched_sources(con: Connection) -> None:
    """Live sources (`newsgraph watch`): what is polled, and every URL fetched with its WARC record.

    No secondary indexes: rows are updated as polls progress, and DuckDB rewrites indexed rows on update.
    """
    con.execute("""
        CREATE TABLE watched_sources (
            url VARCHAR PRIMARY KEY, kind VARCHAR, added_at TIMESTAMP NOT NULL, last_poll TIMESTAMP,
            last_status INTEGER, etag VARCHAR, last_modified VARCHAR, new_items BIGINT NOT NULL DEFAULT 0,
            last_new_items INTEGER NOT NULL DEFAULT 0, errors BIGINT NOT NULL DEFAULT 0, last_error VARCHAR
        )""")
    con.execute("""
        CREATE TABLE fetched_urls (
            url VARCHAR PRIMARY KEY, source_url VARCHAR, state VARCHAR NOT NULL, status INTEGER,
            final_url VARCHAR, warc_file VARCHAR, warc_offset BIGINT, article_id VARCHAR, error VARCHAR,
            attempts INTEGER NOT NULL DEFAULT 1, fetched_at TIMESTAMP NOT NULL
        )""")


def _stale_stories(con: Connection) -> None:
    """Stories whose reports changed since their events were last merged.

    An ingest merges each touched story's events once, after its last batch, instead of after every
    batch that touches it (a story of hundreds of reports was re-merged hundreds of times). The list is
    written in each batch's transaction, so a killed ingest leaves it behind and the next one merges them.
    """
    con.execute("CREATE TABLE stale_stories (story_id VARCHAR PRIMARY KEY)")


def _drop_join_only_indexes(con: Connection) -> None:
    """Linking looks band keys and story keys up for a whole batch in one join, which DuckDB runs as a
    hash join over a scan of the key column: their ART indexes were never used, and an ART index lives
    in memory (band keys: 20 rows an article). Point lookups elsewhere keep theirs."""
    con.execute("DROP INDEX IF EXISTS article_bands_key")
    con.execute("DROP INDEX IF EXISTS story_keys_key")


Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = [
    ("initial schema: articles, entities, mentions, places, times, events, stories", _initial),
    ("live sources: watched_sources, fetched_urls", _watched_sources),
    ("stale stories: merged events recomputed once per ingest", _stale_stories),
    ("indexes that only batch joins would use dropped (they scan)", _drop_join_only_indexes),
]


def migrate(con: Connection) -> list[str]:
    """Apply every migration the database has not seen, each in its own transaction."""
    con.execute("""
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)""")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied: list[str] = []
    for version, (name, migration) in enumerate(MIGRATIONS, 1):
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration(con)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied

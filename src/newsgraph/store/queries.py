"""Named read queries, returning the JSON shapes of CONTRACT.md as plain dicts.

Every value reaches SQL as a bound parameter; no SQL is built from user strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsgraph.errors import NotFoundError
from newsgraph.store.db import Store


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else (str(value) if value else None)


ARTICLE_COLUMNS = "id, title, url, source, published, language, text_chars, copy_of, copy_kind, story_id"


def _article(row: tuple[Any, ...], text: str | None = None) -> dict[str, Any]:
    out = {
        "id": row[0],
        "title": row[1],
        "url": row[2],
        "source": row[3],
        "published": _iso(row[4]),
        "language": row[5],
        "text_chars": int(row[6]),
        "copy_of": row[7],
        "copy_kind": row[8],
        "story_id": row[9],
    }
    if text is not None:
        out["text"] = text
    return out


def list_articles(
    store: Store,
    *,
    with_text: bool = False,
    story_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    sql = f"SELECT {ARTICLE_COLUMNS}, text FROM articles"  # noqa: S608 - constant column list
    params: list[Any] = []
    if story_id:
        sql += " WHERE story_id = ?"
        params.append(story_id)
    sql += " ORDER BY seq LIMIT ? OFFSET ?"
    params += [limit if limit is not None else 2**62, offset]
    return [_article(r[:10], r[10] if with_text else None) for r in store.con.execute(sql, params).fetchall()]


def count_rows(store: Store, table: str) -> int:
    if table not in {"articles", "events", "entities", "stories", "ingest_failures"}:
        raise ValueError(table)
    return int(store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def get_article(store: Store, article_id: str) -> dict[str, Any]:
    sql = f"SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE id = ?"  # noqa: S608 - constant columns
    row = store.con.execute(sql, [article_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no article {article_id!r}", where="article")
    return _article(row[:10], row[10])


def list_entities(
    store: Store,
    *,
    type_: str | None = None,
    query: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    sql = """SELECT e.id, e.name, e.type, e.aliases, count(m.entity_id) AS mentions,
                    count(DISTINCT m.article_id) AS articles
             FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id WHERE 1=1"""
    params: list[Any] = []
    if type_:
        sql += " AND e.type = ?"
        params.append(type_.upper())
    if query:
        sql += " AND (e.name ILIKE ? OR list_contains(e.aliases, ?))"
        params += [f"%{query}%", query]
    sql += " GROUP BY ALL ORDER BY mentions DESC, e.name LIMIT ? OFFSET ?"
    params += [limit if limit is not None else 2**62, offset]
    entities = [
        {
            "id": r[0],
            "name": r[1],
            "type": r[2],
            "aliases": list(r[3] or []),
            "mentions": int(r[4]),
            "articles": int(r[5]),
        }
        for r in store.con.execute(sql, params).fetchall()
    ]
    _add_places(store, entities)
    return entities


PLACE_TYPES = {"GPE", "LOC", "FAC"}


def _add_places(store: Store, entities: list[dict[str, Any]]) -> None:
    """Where a place entity was geocoded: its most frequent resolution across articles."""
    wanted = {n for e in entities if e["type"] in PLACE_TYPES for n in (e["name"], *e["aliases"])}
    if not wanted:
        return
    rows = store.con.execute(
        """SELECT text, name, lat, lon, country, admin1, precision, count(*) AS n FROM places
           WHERE list_contains(?, text) AND lat IS NOT NULL GROUP BY ALL ORDER BY n DESC, name""",
        [sorted(wanted)],
    ).fetchall()
    best: dict[str, dict[str, Any]] = {}
    for text, name, lat, lon, country, admin1, precision, _ in rows:
        best.setdefault(
            text,
            {
                "name": name,
                "lat": lat,
                "lon": lon,
                "country": country,
                "admin1": admin1,
                "precision": precision,
            },
        )
    for entity in entities:
        if entity["type"] in PLACE_TYPES:
            entity["place"] = next((best[n] for n in (entity["name"], *entity["aliases"]) if n in best), None)


def get_entity(store: Store, entity_id: str) -> dict[str, Any]:
    row = store.con.execute(
        """SELECT e.id, e.name, e.type, e.aliases, count(m.entity_id), count(DISTINCT m.article_id)
           FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id WHERE e.id = ? GROUP BY ALL""",
        [entity_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no entity {entity_id!r}", where="entity")
    return {
        "id": row[0],
        "name": row[1],
        "type": row[2],
        "aliases": list(row[3] or []),
        "mentions": int(row[4]),
        "articles": int(row[5]),
    }


@dataclass(frozen=True)
class EventFilter:
    story_id: str | None = None
    entity: str | None = None  # a canonical name, an alias or an entity id
    type: str | None = None
    since: date | None = None
    until: date | None = None


EVENT_COLUMNS = """e.id, e.story_id, e.type, e.mode, e.summary, e.date_start, e.date_end, e.date_precision,
    e.date_text, e.location, e.participants, e.fatalities, e.modality, e.sources, e.independent_sources,
    e.conflicts"""


def _event(store: Store, row: tuple[Any, ...], mentions: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    location = json.loads(row[9]) if row[9] else None
    if location is not None:
        location = {k: location.get(k) for k in ("name", "lat", "lon", "country", "admin1", "precision")}
    return {
        "id": row[0],
        "story_id": row[1],
        "type": row[2],
        "mode": row[3],
        "summary": row[4],
        "date": {"start": _iso(row[5]), "end": _iso(row[6]), "precision": row[7], "text": row[8]},
        "location": location,
        "participants": json.loads(row[10]),
        "fatalities": row[11],
        "modality": row[12],
        "mentions": mentions.get(row[0], []),
        "sources": int(row[13]),
        "independent_sources": int(row[14]),
        "conflicts": json.loads(row[15]),
    }


def _mentions_for(store: Store, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not event_ids:
        return {}
    # The sentence is cut out in SQL: the whole article text never leaves the database.
    rows = store.con.execute(
        f"""SELECT m.event_id, m.article_id,
                  substring(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start),
                  m.sentence_start, m.sentence_end,
                  json_extract_string(m.payload, '$.trigger') AS trigger,
                  json_extract(m.payload, '$.trigger_start')::INTEGER,
                  json_extract(m.payload, '$.trigger_end')::INTEGER,
                  a.copy_of, a.copy_kind, a.source, json_extract_string(m.payload, '$.modality')
           FROM event_mentions m JOIN articles a ON a.id = m.article_id
           WHERE m.event_id IN ({_placeholders(event_ids)})
           ORDER BY a.seq, m.sentence_start""",  # noqa: S608 - placeholders only, values are bound
        event_ids,
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(
            {
                "article_id": r[1],
                "sentence": r[2],
                "start": int(r[3]),
                "end": int(r[4]),
                "trigger": r[5],
                "trigger_start": r[6],
                "trigger_end": r[7],
                "copy_of": r[8],
                "copy_kind": r[9],
                "source": r[10],
                "modality": r[11],
            }
        )
    return out


def _placeholders(values: list[Any]) -> str:
    """`?, ?, ?` for an IN list: DuckDB uses its index for IN, not for list_contains."""
    return ", ".join("?" for _ in values) or "NULL"


def entity_ids_for(store: Store, name: str) -> list[str]:
    """Entities a filter value names: an id, an exact canonical name, else a name or alias in any case."""
    rows = store.con.execute("SELECT id FROM entities WHERE id = ? OR name = ?", [name, name]).fetchall()
    if not rows:
        rows = store.con.execute(
            "SELECT id FROM entities WHERE lower(name) = lower(?) OR list_contains(aliases, ?)", [name, name]
        ).fetchall()
    return [r[0] for r in rows]


def event_filter_sql(store: Store, flt: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE conditions (after `WHERE 1=1`) and their parameters for an event filter."""
    sql = ""
    params: list[Any] = []
    if flt.story_id:
        sql += " AND e.story_id = ?"
        params.append(flt.story_id)
    if flt.type:
        sql += " AND e.type = ?"
        params.append(flt.type.upper())
    if flt.since:
        sql += " AND coalesce(e.date_end, e.date_start) >= ?"
        params.append(flt.since)
    if flt.until:
        sql += " AND e.date_start <= ?"
        params.append(flt.until)
    if flt.entity:
        # Resolve the entity first (an indexed lookup), then its events through the indexed link table.
        ids = entity_ids_for(store, flt.entity)
        sql += f" AND e.id IN (SELECT event_id FROM event_entities WHERE entity_id IN ({_placeholders(ids)}))"  # noqa: S608
        params += ids
    return sql, params


def list_events(
    store: Store, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    where, params = event_filter_sql(store, flt or EventFilter())
    sql = f"SELECT {EVENT_COLUMNS} FROM events e WHERE 1=1{where}"  # noqa: S608 - constant text, bound values
    sql += " ORDER BY e.date_start NULLS LAST, e.id LIMIT ? OFFSET ?"
    params += [limit if limit is not None else 2**62, offset]
    rows = store.con.execute(sql, params).fetchall()
    mentions = _mentions_for(store, [r[0] for r in rows])
    return [_event(store, r, mentions) for r in rows]


def get_event(store: Store, event_id: str) -> dict[str, Any]:
    row = store.con.execute(f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?", [event_id]).fetchone()  # noqa: S608
    if row is None:
        raise NotFoundError(f"no event {event_id!r}", where="event")
    return _event(store, row, _mentions_for(store, [event_id]))


def list_stories(
    store: Store,
    *,
    query: str | None = None,
    story_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    sql = """SELECT s.id, s.title, s.start_date, s.end_date, s.entities,
                    (SELECT list(a.id ORDER BY a.seq) FROM articles a WHERE a.story_id = s.id),
                    (SELECT count(*) FROM events e WHERE e.story_id = s.id)
             FROM stories s WHERE 1=1"""
    params: list[Any] = []
    if story_id:
        sql += " AND s.id = ?"
        params.append(story_id)
    if query:
        sql += (
            " AND (s.title ILIKE ?"
            " OR list_contains(list_transform(s.entities, lambda x: lower(x)), lower(?)))"
        )
        params += [f"%{query}%", query]
    sql += " ORDER BY s.start_date NULLS LAST, s.id LIMIT ? OFFSET ?"
    params += [limit if limit is not None else 2**62, offset]
    return [
        {
            "id": r[0],
            "title": r[1],
            "articles": list(r[5] or []),
            "events": int(r[6]),
            "start": _iso(r[2]),
            "end": _iso(r[3]),
            "entities": list(r[4] or []),
        }
        for r in store.con.execute(sql, params).fetchall()
    ]


def get_story(store: Store, story_id: str) -> dict[str, Any]:
    found = list_stories(store, story_id=story_id)
    if not found:
        raise NotFoundError(f"no story {story_id!r}", where="story")
    return found[0]


def list_failures(store: Store) -> list[dict[str, Any]]:
    rows = store.con.execute("SELECT origin, reason, code FROM ingest_failures ORDER BY seen_at").fetchall()
    return [{"origin": r[0], "reason": r[1], "code": r[2]} for r in rows]

"""Read queries the web API needs beyond queries.py: totals for paged lists, a story's participants,
article headers, and the event-mention spans inside one article.

The count functions repeat the WHERE clauses of queries.py's list functions, so a list and its total
always agree; tests/serve pins that. Every value reaches SQL as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsgraph.store.db import Store
from newsgraph.store.queries import EventFilter, event_filter_sql, list_stories


def _scalar(store: Store, sql: str, params: list[Any]) -> int:
    row = store.con.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


# A story matches a search when its title contains the text or one of its top entities is that name.
# (queries.list_stories spells the lambda `x -> lower(x)`, which DuckDB 2 rejects; this is the same test.)
_STORY_MATCH = (
    " AND (s.title ILIKE ? OR list_contains(list_transform(s.entities, lambda x: lower(x)), lower(?)))"
)


def search_stories(store: Store, query: str, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """list_stories(query=...) in the same shape and order, for a search text."""
    return list_stories(store, query=query, limit=limit, offset=offset)


def count_stories(store: Store, *, query: str | None = None) -> int:
    """How many stories list_stories(query=...) would return without paging."""
    if not query:
        return _scalar(store, "SELECT count(*) FROM stories s", [])
    sql = "SELECT count(*) FROM stories s WHERE 1=1" + _STORY_MATCH  # noqa: S608 - constant text
    return _scalar(store, sql, [f"%{query}%", query])


def count_events(store: Store, flt: EventFilter | None = None) -> int:
    """How many events list_events(flt) would return without paging."""
    where, params = event_filter_sql(store, flt or EventFilter())
    return _scalar(store, f"SELECT count(*) FROM events e WHERE 1=1{where}", params)  # noqa: S608


def count_entities(store: Store, *, type_: str | None = None, query: str | None = None) -> int:
    """How many entities list_entities(type_=..., query=...) would return without paging."""
    sql = "SELECT count(*) FROM entities e WHERE 1=1"
    params: list[Any] = []
    if type_:
        sql += " AND e.type = ?"
        params.append(type_.upper())
    if query:
        sql += " AND (e.name ILIKE ? OR list_contains(e.aliases, ?))"
        params += [f"%{query}%", query]
    return _scalar(store, sql, params)


def story_participants(store: Store, story_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """The entities taking part in a story's events, most involved first, with their roles."""
    rows = store.con.execute(
        """SELECT n.id, n.name, n.type, count(DISTINCT ee.event_id) AS events,
                  list(DISTINCT ee.role ORDER BY ee.role) AS roles
           FROM event_entities ee JOIN events e ON e.id = ee.event_id JOIN entities n ON n.id = ee.entity_id
           WHERE e.story_id = ? GROUP BY n.id, n.name, n.type ORDER BY events DESC, n.name LIMIT ?""",
        [story_id, limit],
    ).fetchall()
    return [
        {
            "entity_id": r[0],
            "name": r[1],
            "type": r[2],
            "events": int(r[3]),
            "roles": [role for role in (r[4] or []) if role],
        }
        for r in rows
    ]


def article_headers(store: Store, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, title, source, published, copy_of, copy_kind} for the given articles."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = store.con.execute(
        """SELECT id, title, source, published, copy_of, copy_kind FROM articles
           WHERE list_contains(?, id)""",
        [ids],
    ).fetchall()
    return {
        r[0]: {
            "id": r[0],
            "title": r[1],
            "source": r[2],
            "published": r[3].isoformat() if r[3] else None,
            "copy_of": r[4],
            "copy_kind": r[5],
        }
        for r in rows
    }


def article_event_spans(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Every event mention inside one article: its sentence and trigger offsets, so a page can highlight."""
    rows = store.con.execute(
        """SELECT m.event_id, m.type, m.sentence_start, m.sentence_end,
                  json_extract(m.payload, '$.trigger_start')::INTEGER,
                  json_extract(m.payload, '$.trigger_end')::INTEGER,
                  json_extract_string(m.payload, '$.trigger'),
                  json_extract_string(m.payload, '$.modality')
           FROM event_mentions m WHERE m.article_id = ? ORDER BY m.sentence_start, m.event_id""",
        [article_id],
    ).fetchall()
    return [
        {
            "event_id": r[0],
            "type": r[1],
            "start": int(r[2]),
            "end": int(r[3]),
            "trigger_start": r[4],
            "trigger_end": r[5],
            "trigger": r[6],
            "modality": r[7],
        }
        for r in rows
    ]

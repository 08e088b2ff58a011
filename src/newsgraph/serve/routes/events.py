"""/api/events: events filtered as on the CLI, and one event with its mentions, conflicts and articles."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from newsgraph.serve.deps import MAX_TEXT_PARAM, IsoDateOnly, PageDep, StoreDep
from newsgraph.serve.schemas import ERROR_RESPONSES, EventDetail, EventList
from newsgraph.store import queries, web_queries

router = APIRouter(prefix="/api/events", tags=["events"])
TextFilter = Annotated[str | None, Query(max_length=MAX_TEXT_PARAM)]


@router.get("", response_model=EventList, responses=ERROR_RESPONSES)
def list_events(
    store: StoreDep,
    page: PageDep,
    *,
    story: TextFilter = None,
    entity: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, description="entity id, canonical name or alias")
    ] = None,
    type: TextFilter = None,
    since: Annotated[
        date | None, IsoDateOnly, Query(description="ISO date: events ending on or after it")
    ] = None,
    until: Annotated[
        date | None, IsoDateOnly, Query(description="ISO date: events starting on or before it")
    ] = None,
) -> dict[str, Any]:
    """Events in date order (undated last), filtered like `newsgraph events`."""
    flt = queries.EventFilter(story_id=story, entity=entity, type=type, since=since, until=until)
    items = queries.list_events(store, flt, limit=page.limit, offset=page.offset)
    return {"items": items, "total": web_queries.count_events(store, flt)}


@router.get("/{event_id}", response_model=EventDetail, responses=ERROR_RESPONSES)
def get_event(store: StoreDep, event_id: Annotated[str, Path(max_length=MAX_TEXT_PARAM)]) -> dict[str, Any]:
    """One event with every sentence that reports it, its conflicts, and the articles they come from."""
    event = queries.get_event(store, event_id)
    headers = web_queries.article_headers(store, (m["article_id"] for m in event["mentions"]))
    ordered = list(dict.fromkeys(m["article_id"] for m in event["mentions"]))
    return {"event": event, "articles": [headers[a] for a in ordered if a in headers]}

"""/api/entities: entities by type and name, and one entity with a page of its events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from newsgraph.serve.deps import MAX_TEXT_PARAM, PageDep, SearchParam, StoreDep
from newsgraph.serve.schemas import ERROR_RESPONSES, EntityDetail, EntityList
from newsgraph.store import queries, web_queries

router = APIRouter(prefix="/api/entities", tags=["entities"])


@router.get("", response_model=EntityList, responses=ERROR_RESPONSES)
def list_entities(
    store: StoreDep,
    page: PageDep,
    type: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM)] = None,
    q: SearchParam = None,
) -> dict[str, Any]:
    """Entities, most mentioned first; `q` matches part of the name or a whole alias."""
    items = queries.list_entities(store, type_=type, query=q, limit=page.limit, offset=page.offset)
    return {"items": items, "total": web_queries.count_entities(store, type_=type, query=q)}


@router.get("/{entity_id}", response_model=EntityDetail, responses=ERROR_RESPONSES)
def get_entity(
    store: StoreDep, page: PageDep, entity_id: Annotated[str, Path(max_length=MAX_TEXT_PARAM)]
) -> dict[str, Any]:
    """One entity and a page (`limit`/`offset`) of the events it takes part in."""
    entity = queries.get_entity(store, entity_id)
    flt = queries.EventFilter(entity=entity_id)
    events = queries.list_events(store, flt, limit=page.limit, offset=page.offset)
    return {"entity": entity, "events": {"items": events, "total": web_queries.count_events(store, flt)}}

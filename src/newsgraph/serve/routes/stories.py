"""/api/stories: the story list with search, and one story with its events, articles and participants."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from newsgraph.serve.deps import MAX_TEXT_PARAM, PageDep, SearchParam, StoreDep
from newsgraph.serve.schemas import ERROR_RESPONSES, StoryDetail, StoryList
from newsgraph.store import queries, web_queries

router = APIRouter(prefix="/api/stories", tags=["stories"])
ARTICLE_HEADER_FIELDS = ("id", "title", "source", "published", "copy_of", "copy_kind")


@router.get("", response_model=StoryList, responses=ERROR_RESPONSES)
def list_stories(store: StoreDep, page: PageDep, q: SearchParam = None) -> dict[str, Any]:
    """Stories, earliest first; `q` matches the title or one of the top entity names."""
    if q:
        items = web_queries.search_stories(store, q, limit=page.limit, offset=page.offset)
    else:
        items = queries.list_stories(store, limit=page.limit, offset=page.offset)
    return {"items": items, "total": web_queries.count_stories(store, query=q)}


@router.get("/{story_id}", response_model=StoryDetail, responses=ERROR_RESPONSES)
def get_story(store: StoreDep, story_id: Annotated[str, Path(max_length=MAX_TEXT_PARAM)]) -> dict[str, Any]:
    """One story: its events in date order, its articles (with copies marked) and its participants."""
    story = queries.get_story(store, story_id)
    events = queries.list_events(store, queries.EventFilter(story_id=story_id))
    articles = queries.list_articles(store, story_id=story_id)
    return {
        "story": story,
        "events": events,
        "articles": [{k: a[k] for k in ARTICLE_HEADER_FIELDS} for a in articles],
        "participants": web_queries.story_participants(store, story_id),
    }

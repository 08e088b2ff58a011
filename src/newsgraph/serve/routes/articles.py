"""/api/articles/{id}: one article's cleaned text and metadata, with the spans of its event mentions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from newsgraph.serve.deps import MAX_TEXT_PARAM, StoreDep
from newsgraph.serve.schemas import ERROR_RESPONSES, ArticleDetail
from newsgraph.store import queries, web_queries

router = APIRouter(prefix="/api/articles", tags=["articles"])


@router.get("/{article_id}", response_model=ArticleDetail, responses=ERROR_RESPONSES)
def get_article(
    store: StoreDep, article_id: Annotated[str, Path(max_length=MAX_TEXT_PARAM)]
) -> dict[str, Any]:
    """The article (text included) and where each event mention's sentence sits in that text."""
    article = queries.get_article(store, article_id)
    return {"article": article, "event_spans": web_queries.article_event_spans(store, article_id)}

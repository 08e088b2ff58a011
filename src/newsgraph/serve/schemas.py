"""Response models: the JSON shapes of CONTRACT.md as the API documents them in /openapi.json.

They are separate from the storage rows (store/queries.py returns plain dicts in these shapes). Each model
allows extra fields, because the contract lets the store add fields freely and the API passes them on.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer: `{"error": {"code", "message", "field"}}`."""

    error: ErrorBody


class EventDateOut(_Open):
    start: str | None
    end: str | None
    precision: str
    text: str | None


class LocationOut(_Open):
    name: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str | None


class ParticipantOut(_Open):
    entity_id: str
    name: str
    role: str


class MentionOut(_Open):
    """One sentence that reports the event; `start`/`end` index the article's cleaned text."""

    article_id: str
    sentence: str
    start: int
    end: int
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    copy_of: str | None = None
    copy_kind: str | None = None
    source: str | None = None


class ConflictOut(_Open):
    field: str
    values: list[str]
    article_ids: list[str]


class EventOut(_Open):
    id: str
    story_id: str | None
    type: str
    mode: str | None
    summary: str | None
    date: EventDateOut
    location: LocationOut | None
    participants: list[ParticipantOut]
    fatalities: int | None
    modality: str
    mentions: list[MentionOut]
    sources: int
    independent_sources: int
    conflicts: list[ConflictOut]


class EventList(BaseModel):
    items: list[EventOut]
    total: int


class ArticleHeader(_Open):
    id: str
    title: str | None
    source: str | None
    published: str | None
    copy_of: str | None
    copy_kind: str | None


class EventDetail(BaseModel):
    event: EventOut
    articles: list[ArticleHeader]


class StoryOut(_Open):
    id: str
    title: str | None
    articles: list[str]
    events: int
    start: str | None
    end: str | None
    entities: list[str]


class StoryList(BaseModel):
    items: list[StoryOut]
    total: int


class StoryParticipant(_Open):
    entity_id: str
    name: str
    type: str
    events: int
    roles: list[str]


class StoryDetail(BaseModel):
    story: StoryOut
    events: list[EventOut]
    articles: list[ArticleHeader]
    participants: list[StoryParticipant]


class EntityOut(_Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: int
    articles: int


class EntityList(BaseModel):
    items: list[EntityOut]
    total: int


class EntityDetail(BaseModel):
    entity: EntityOut
    events: EventList


class ArticleOut(_Open):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    language: str | None
    text_chars: int
    copy_of: str | None
    copy_kind: str | None
    story_id: str | None
    text: str


class EventSpan(_Open):
    """Where one event mention sits in the article: the sentence, and the trigger word inside it."""

    event_id: str | None
    type: str
    start: int
    end: int
    trigger_start: int | None
    trigger_end: int | None
    trigger: str | None


class ArticleDetail(BaseModel):
    article: ArticleOut
    event_spans: list[EventSpan]


# The error answers every API route documents in /openapi.json.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "unknown id"},
    422: {"model": ErrorResponse, "description": "bad parameter"},
    503: {"model": ErrorResponse, "description": "database locked by an ingest, or not created yet"},
}

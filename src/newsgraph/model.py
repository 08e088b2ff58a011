"""The core data model: small frozen dataclasses passed between the stages.

Data flows one way: sources -> clean -> nlp -> extract -> link -> store -> serve.
Every stage takes and returns these objects; nothing else travels between stages.
Ids are stable: they are derived from content, never from insertion order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

DocumentKind = Literal["text", "html"]
CopyKind = Literal["exact", "near", "rewrite"]
DatePrecision = Literal["day", "month", "year", "unknown"]
PlacePrecision = Literal["point", "city", "admin1", "country", "region", "unknown"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Modality = Literal[
    "asserted", "reported", "alleged", "denied", "speculated", "hypothetical", "negated", "future"
]
Role = Literal["actor", "target", "other"]


def stable_id(prefix: str, *parts: str, length: int = 16) -> str:
    """A short id derived from content, the same across runs and machines."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


@dataclass(frozen=True)
class RawDocument:
    """One input item as a reader found it, before cleaning.

    `origin` names where it came from (a path, `path#record` inside a WARC or JSONL file, or `-`).
    `content` is decoded text: plain text for kind "text", markup for kind "html".
    """

    origin: str
    content: str
    kind: DocumentKind
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as the input stated it; normalised by clean
    source: str | None = None  # outlet or host


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read: the batch goes on, the user is told why."""

    origin: str
    reason: str
    code: str = "input"


@dataclass(frozen=True)
class Article:
    """A cleaned article: main text only, boilerplate removed, ready for NLP."""

    id: str
    title: str | None
    text: str
    url: str | None
    source: str | None
    published: date | None
    language: str | None
    content_hash: str  # sha256 of the normalised text: the key for exact copies and idempotent ingest
    origin: str

    @property
    def text_chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class EntityMention:
    """One surface mention of an entity inside one article's cleaned text."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EQUIPMENT, ...
    canonical: str  # the article-level canonical name this mention resolves to


@dataclass(frozen=True)
class Entity:
    """A canonical entity: one person, organisation, place or thing, with its name variants."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @staticmethod
    def make_id(name: str, type_: str) -> str:
        return stable_id("ent_", type_, name.casefold())


@dataclass(frozen=True)
class Place:
    """A gazetteer entry a toponym resolved to."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None
    precision: PlacePrecision
    geonameid: str | None = None
    population: int | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A toponym in an article's text and, when resolved, the place it names."""

    start: int
    end: int
    text: str
    place: Place | None


@dataclass(frozen=True)
class TimeExpression:
    """A time expression with its TimeML value and a calendar interval at a stated precision.

    `value` is the TimeML/TIMEX3 value ("2024-02", "P1D", "XXXX-WXX-1", "PRESENT_REF").
    `start`/`end` of the interval are inclusive calendar dates, None when it cannot be anchored.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    interval_start: date | None
    interval_end: date | None
    precision: DatePrecision


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything extracted from one article: the unit a worker returns and the store writes."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[EntityMention, ...] = ()
    entities: tuple[Entity, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    events: tuple[EventMention, ...] = ()
    skipped_reason: str | None = None  # e.g. "language de": stored, not extracted


@dataclass(frozen=True)
class EventDate:
    start: date | None
    end: date | None
    precision: DatePrecision
    text: str | None


@dataclass(frozen=True)
class Participant:
    entity_id: str
    name: str
    role: Role


@dataclass(frozen=True)
class EventMention:
    """One report of an event in one article, tied to the sentence that supports it."""

    article_id: str
    type: str
    mode: str | None
    trigger: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    date: EventDate
    place: PlaceMention | None
    participants: tuple[Participant, ...]
    fatalities: int | None
    modality: Modality
    source_attribution: str | None = None  # who said it, for modality "reported"
    summary: str | None = None


@dataclass(frozen=True)
class Conflict:
    field: str
    values: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """One real-world event merged from every report of it."""

    id: str
    story_id: str | None
    type: str
    mode: str | None
    summary: str | None
    date: EventDate
    place: Place | None
    participants: tuple[Participant, ...]
    fatalities: int | None
    modality: Modality
    mentions: tuple[EventMention, ...]
    sources: int
    independent_sources: int
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Story:
    id: str
    title: str | None
    article_ids: tuple[str, ...]
    start: date | None
    end: date | None
    entities: tuple[str, ...] = field(default=())

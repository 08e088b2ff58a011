"""A small hand-written database for the API and browser tests, written straight through the store.

Two stories. The flood story has an original report, a near copy of it, an independent report that
disagrees on the death toll, and an article whose text and title carry HTML/JS that must render as text.
Its events cover every date precision (day, month, year, unknown) and two located places.
No spaCy: every offset below is computed from the texts here.
"""

from __future__ import annotations

from datetime import date

from newsgraph.model import (
    Article,
    ArticleAnalysis,
    Conflict,
    Entity,
    EntityMention,
    Event,
    EventDate,
    EventMention,
    Participant,
    Place,
    PlaceMention,
    Sentence,
)
from newsgraph.store.db import ArticleRecord, Store

ORIGINAL_TEXT = (
    "Floods hit the coast\n\n"
    "Heavy rain flooded the port town of Marlow Bay on 3 March 2025, officials said. "
    "The Harbour Rescue Service said twelve people died in the flood. "
    "Mayor Ilse Brandt visited the shelters on Tuesday."
)
COPY_TEXT = ORIGINAL_TEXT.replace("Floods hit the coast", "Floods hit the coast (wire)")
INDEPENDENT_TEXT = (
    "Death toll rises\n\n"
    "Fourteen people died in the flood in Marlow Bay, the regional government said. "
    "A dam on the Lune river was rebuilt in March 2024. "
    "Engineers had warned about the levee since 2023. "
    "Ilse Brandt promised an inquiry at some point."
)
HOSTILE_MARKUP = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    f"Odd page\n\nA reader posted {HOSTILE_MARKUP} under the flood report. The comment was removed."
)
FIRE_TEXT = "Warehouse fire\n\nA fire destroyed a warehouse in Port Ellis on 9 June 2025. Nobody was hurt."

BRANDT = Entity(
    id=Entity.make_id("Ilse Brandt", "PERSON"), name="Ilse Brandt", type="PERSON", aliases=("Brandt",)
)
RESCUE = Entity(id=Entity.make_id("Harbour Rescue Service", "ORG"), name="Harbour Rescue Service", type="ORG")
MARLOW = Place(name="Marlow Bay", lat=50.1, lon=-5.2, country="GB", admin1="England", precision="city")
LUNE = Place(name="Lune", lat=54.05, lon=-2.8, country="GB", admin1="England", precision="point")
PORT_ELLIS = Place(name="Port Ellis", lat=-33.9, lon=151.2, country="AU", admin1=None, precision="city")

FLOOD_STORY = "sto_flood"
FIRE_STORY = "sto_fire"
DAY_EVENT = "evt_flood_deaths"
MONTH_EVENT = "evt_dam_rebuilt"
YEAR_EVENT = "evt_levee_warning"
UNDATED_EVENT = "evt_inquiry"
HOSTILE_EVENT = "evt_comment"
FIRE_EVENT = "evt_fire"


def _article(
    article_id: str, text: str, *, source: str, published: date, title: str | None = None
) -> Article:
    return Article(
        id=article_id,
        title=title or text.split("\n", 1)[0],
        text=text,
        url=f"https://{source}/{article_id}",
        source=source,
        published=published,
        language="en",
        content_hash="c_" + article_id,
        origin=f"{article_id}.txt",
    )


def _sentence(text: str, starts_with: str) -> tuple[int, int]:
    start = text.index(starts_with)
    return start, text.index(". ", start) + 1 if ". " in text[start:] else len(text)


def _mention(
    article: Article,
    sentence_start: str,
    trigger: str,
    *,
    type_: str,
    when: EventDate,
    place: Place | None = None,
    participants: tuple[Participant, ...] = (),
    fatalities: int | None = None,
) -> EventMention:
    start, end = _sentence(article.text, sentence_start)
    trigger_start = article.text.index(trigger, start)
    place_mention = None
    if place is not None and place.name in article.text:
        at = article.text.index(place.name)
        place_mention = PlaceMention(at, at + len(place.name), place.name, place)
    return EventMention(
        article_id=article.id,
        type=type_,
        mode=None,
        trigger=trigger,
        sentence_start=start,
        sentence_end=end,
        trigger_start=trigger_start,
        trigger_end=trigger_start + len(trigger),
        date=when,
        place=place_mention,
        participants=participants,
        fatalities=fatalities,
        modality="asserted",
    )


def _entity_mentions(article: Article, *entities: Entity) -> tuple[EntityMention, ...]:
    found = []
    for entity in entities:
        for surface in (entity.name, *entity.aliases):
            at = article.text.find(surface)
            if at >= 0:
                found.append(EntityMention(at, at + len(surface), surface, entity.type, entity.name))
                break
    return tuple(found)


def _record(
    article: Article,
    mentions: tuple[EventMention, ...],
    entities: tuple[Entity, ...],
    *,
    story: str,
    copy_of: str | None = None,
    copy_kind: str | None = None,
) -> ArticleRecord:
    sentences = tuple(Sentence(m.sentence_start, m.sentence_end) for m in mentions)
    analysis = ArticleAnalysis(
        article=article,
        sentences=sentences,
        mentions=_entity_mentions(article, *entities),
        entities=entities,
        events=mentions,
    )
    return ArticleRecord(
        analysis=analysis,
        body_hash="b_" + article.id,
        signature=(1,),
        band_keys=(),
        copy_of=copy_of,
        copy_kind=copy_kind,
        story_id=story,
    )


def _event(
    event_id: str,
    story: str,
    mentions: list[EventMention],
    *,
    summary: str,
    place: Place | None,
    fatalities: int | None = None,
    conflicts: tuple[Conflict, ...] = (),
    independent: int = 1,
) -> Event:
    first = mentions[0]
    participants = tuple({p.entity_id: p for m in mentions for p in m.participants}.values())
    return Event(
        id=event_id,
        story_id=story,
        type=first.type,
        mode=None,
        summary=summary,
        date=first.date,
        place=place,
        participants=participants,
        fatalities=fatalities,
        modality="asserted",
        mentions=tuple(mentions),
        sources=len({m.article_id for m in mentions}),
        independent_sources=independent,
        conflicts=conflicts,
    )


def build_database(path: str) -> None:
    """Write the two stories into a new database at `path`."""
    day = EventDate(date(2025, 3, 3), date(2025, 3, 3), "day", "3 March 2025")
    month = EventDate(date(2024, 3, 1), date(2024, 3, 31), "month", "March 2024")
    year = EventDate(date(2023, 1, 1), date(2023, 12, 31), "year", "2023")
    unknown = EventDate(None, None, "unknown", None)
    rescue = Participant(RESCUE.id, RESCUE.name, "actor")
    brandt = Participant(BRANDT.id, BRANDT.name, "actor")

    original = _article("art_original", ORIGINAL_TEXT, source="coast.example", published=date(2025, 3, 3))
    copy = _article("art_copy", COPY_TEXT, source="wire.example", published=date(2025, 3, 4))
    independent = _article(
        "art_independent", INDEPENDENT_TEXT, source="region.example", published=date(2025, 3, 5)
    )
    hostile = _article(
        "art_hostile",
        HOSTILE_TEXT,
        source="forum.example",
        published=date(2025, 3, 6),
        title=f"Comment {HOSTILE_MARKUP}",
    )
    fire = _article("art_fire", FIRE_TEXT, source="ellis.example", published=date(2025, 6, 9))

    deaths = [
        _mention(
            original,
            "The Harbour",
            "died",
            type_="DIE",
            when=day,
            place=MARLOW,
            participants=(rescue,),
            fatalities=12,
        ),
        _mention(
            copy,
            "The Harbour",
            "died",
            type_="DIE",
            when=day,
            place=MARLOW,
            participants=(rescue,),
            fatalities=12,
        ),
        _mention(independent, "Fourteen", "died", type_="DIE", when=day, place=MARLOW, fatalities=14),
    ]
    dam = [_mention(independent, "A dam", "rebuilt", type_="BUILD", when=month, place=LUNE)]
    levee = [_mention(independent, "Engineers", "warned", type_="WARN", when=year)]
    inquiry = [
        _mention(
            independent,
            "Ilse Brandt promised",
            "promised",
            type_="PROMISE",
            when=unknown,
            participants=(brandt,),
        )
    ]
    comment = [
        _mention(
            hostile,
            "A reader",
            "posted",
            type_="COMMENT",
            when=EventDate(date(2025, 3, 6), date(2025, 3, 6), "day", None),
        )
    ]
    fire_mentions = [
        _mention(
            fire,
            "A fire",
            "destroyed",
            type_="ATTACK",
            when=EventDate(date(2025, 6, 9), date(2025, 6, 9), "day", "9 June 2025"),
            place=PORT_ELLIS,
        )
    ]

    toll = Conflict("fatalities", ("12", "14"), ("art_original", "art_independent"))
    flood_events = [
        _event(
            DAY_EVENT,
            FLOOD_STORY,
            deaths,
            summary="Twelve or fourteen die in Marlow Bay flood",
            place=MARLOW,
            fatalities=12,
            conflicts=(toll,),
            independent=2,
        ),
        _event(MONTH_EVENT, FLOOD_STORY, dam, summary="Dam on the Lune rebuilt", place=LUNE),
        _event(YEAR_EVENT, FLOOD_STORY, levee, summary="Engineers warn about the levee", place=None),
        _event(UNDATED_EVENT, FLOOD_STORY, inquiry, summary="Brandt promises an inquiry", place=None),
        _event(HOSTILE_EVENT, FLOOD_STORY, comment, summary="Reader comment", place=None),
    ]
    fire_events = [
        _event(
            FIRE_EVENT, FIRE_STORY, fire_mentions, summary="Warehouse fire in Port Ellis", place=PORT_ELLIS
        )
    ]
    records = [
        _record(original, (deaths[0],), (RESCUE, BRANDT), story=FLOOD_STORY),
        _record(
            copy, (deaths[1],), (RESCUE, BRANDT), story=FLOOD_STORY, copy_of="art_original", copy_kind="near"
        ),
        _record(independent, (deaths[2], dam[0], levee[0], inquiry[0]), (BRANDT,), story=FLOOD_STORY),
        _record(hostile, tuple(comment), (), story=FLOOD_STORY),
        _record(fire, tuple(fire_mentions), (), story=FIRE_STORY),
    ]
    with Store(path) as store:
        store.write_batch(
            records,
            story_keys={FLOOD_STORY: {"place:marlow bay": 1.0}, FIRE_STORY: {"place:port ellis": 1.0}},
            events_by_story={FLOOD_STORY: flood_events, FIRE_STORY: fire_events},
        )

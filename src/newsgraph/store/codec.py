"""Turning model objects into rows and JSON and back. No database and no spaCy here."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from newsgraph.model import (
    Conflict,
    Event,
    EventDate,
    EventMention,
    Participant,
    Place,
    PlaceMention,
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def place_to_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "admin1": place.admin1,
        "precision": place.precision,
        "geonameid": place.geonameid,
        "population": place.population,
    }


def place_from_json(data: dict[str, Any] | None) -> Place | None:
    if not data:
        return None
    return Place(
        name=data["name"],
        lat=data.get("lat"),
        lon=data.get("lon"),
        country=data.get("country"),
        admin1=data.get("admin1"),
        precision=data.get("precision") or "unknown",
        geonameid=data.get("geonameid"),
        population=data.get("population"),
    )


def event_date_to_json(value: EventDate) -> dict[str, Any]:
    return {
        "start": _iso(value.start),
        "end": _iso(value.end),
        "precision": value.precision,
        "text": value.text,
    }


def event_date_from_json(data: dict[str, Any]) -> EventDate:
    return EventDate(
        start=_date(data.get("start")),
        end=_date(data.get("end")),
        precision=data.get("precision") or "unknown",
        text=data.get("text"),
    )


def participant_to_json(p: Participant) -> dict[str, Any]:
    return {"entity_id": p.entity_id, "name": p.name, "role": p.role}


def event_mention_to_json(m: EventMention) -> str:
    place = None
    if m.place is not None:
        place = {
            "start": m.place.start,
            "end": m.place.end,
            "text": m.place.text,
            "place": place_to_json(m.place.place),
        }
    return json.dumps(
        {
            "article_id": m.article_id,
            "type": m.type,
            "mode": m.mode,
            "trigger": m.trigger,
            "sentence_start": m.sentence_start,
            "sentence_end": m.sentence_end,
            "trigger_start": m.trigger_start,
            "trigger_end": m.trigger_end,
            "date": event_date_to_json(m.date),
            "place": place,
            "participants": [participant_to_json(p) for p in m.participants],
            "fatalities": m.fatalities,
            "modality": m.modality,
            "source_attribution": m.source_attribution,
            "summary": m.summary,
        },
        ensure_ascii=False,
    )


def event_mention_from_json(payload: str) -> EventMention:
    d = json.loads(payload)
    place = None
    if d.get("place"):
        p = d["place"]
        place = PlaceMention(
            start=p["start"], end=p["end"], text=p["text"], place=place_from_json(p.get("place"))
        )
    return EventMention(
        article_id=d["article_id"],
        type=d["type"],
        mode=d.get("mode"),
        trigger=d["trigger"],
        sentence_start=d["sentence_start"],
        sentence_end=d["sentence_end"],
        trigger_start=d["trigger_start"],
        trigger_end=d["trigger_end"],
        date=event_date_from_json(d["date"]),
        place=place,
        participants=tuple(Participant(**p) for p in d.get("participants", [])),
        fatalities=d.get("fatalities"),
        modality=d["modality"],
        source_attribution=d.get("source_attribution"),
        summary=d.get("summary"),
    )


def conflict_to_json(c: Conflict) -> dict[str, Any]:
    return {"field": c.field, "values": list(c.values), "article_ids": list(c.article_ids)}


def event_row(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "story_id": event.story_id,
        "type": event.type,
        "mode": event.mode,
        "summary": event.summary,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_precision": event.date.precision,
        "date_text": event.date.text,
        "location": json.dumps(place_to_json(event.place), ensure_ascii=False) if event.place else None,
        "participants": json.dumps([participant_to_json(p) for p in event.participants], ensure_ascii=False),
        "fatalities": event.fatalities,
        "modality": event.modality,
        "sources": event.sources,
        "independent_sources": event.independent_sources,
        "conflicts": json.dumps([conflict_to_json(c) for c in event.conflicts], ensure_ascii=False),
    }

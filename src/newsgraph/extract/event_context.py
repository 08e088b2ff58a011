"""Filling an event's missing place or vague date from the rest of its paragraph.

News often names the scene a sentence or two before the event ("X moved to Villajoyosa ... X was
found dead in February") and gives the exact day a sentence after it ("X defected in August 2023 ...
The operation culminated on August 23, 2023, when X flew ..."). Both rules stay inside one paragraph
and need the event's own participant in the sentence they borrow from, so a background event
("the poisoning of Y in 2006") never takes another scene's place or date.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsgraph.extract.event_args import locative_places
from newsgraph.model import EntityMention, EventDate, EventMention, PlaceMention, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc

PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "country": 3, "region": 4, "unknown": 5}
# How many sentences after a month-precise event may still name its day (calibrated by reading news
# paragraphs: the elaboration follows within a few sentences; the same-month test keeps it safe).
DAY_LOOKAHEAD_SENTENCES = 4


def _paragraph_of(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _names_in(mentions: Sequence[EntityMention], start: int, end: int) -> set[str]:
    return {m.canonical for m in mentions if start <= m.start and m.end <= end}


def borrow_scene(
    events: Sequence[EventMention],
    *,
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    paragraph_starts: Sequence[int],
    mentions: Sequence[EntityMention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeExpression],
    scene_types: frozenset[str],
) -> list[EventMention]:
    """Events with a missing place or a month-precise date completed from their paragraph."""
    out: list[EventMention] = []
    for original in events:
        event = original
        if event.type in scene_types and event.participants:
            names = {p.name for p in event.participants}
            paragraph = _paragraph_of(paragraph_starts, event.sentence_start)
            same_paragraph = [(s, e) for s, e in sentences if _paragraph_of(paragraph_starts, s) == paragraph]
            if event.place is None:
                event = _borrow_place(
                    event, doc=doc, sentences=same_paragraph, names=names, mentions=mentions, places=places
                )
            if event.date.precision == "month":
                event = _refine_day(
                    event,
                    sentences=same_paragraph,
                    names=names,
                    mentions=mentions,
                    times=times,
                    events=events,
                )
        out.append(event)
    return out


def _borrow_place(
    event: EventMention,
    *,
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    names: set[str],
    mentions: Sequence[EntityMention],
    places: Sequence[PlaceMention],
) -> EventMention:
    earlier = [(s, e) for s, e in sentences if e <= event.sentence_start]
    for start, end in reversed(earlier):  # the nearest earlier sentence that names the participant
        if not names & _names_in(mentions, start, end):
            continue
        candidates = [p for p in locative_places(doc, start, end, places) if p.place is not None]
        if candidates:
            best = min(
                candidates,
                key=lambda p: (PRECISION_RANK.get(p.place.precision, 5) if p.place else 5, p.start),
            )
            return replace(event, place=best)
    return event


def _refine_day(
    event: EventMention,
    *,
    sentences: Sequence[tuple[int, int]],
    names: set[str],
    mentions: Sequence[EntityMention],
    times: Sequence[TimeExpression],
    events: Sequence[EventMention],
) -> EventMention:
    month_start = event.date.start
    if month_start is None:
        return event
    later = [(s, e) for s, e in sentences if s >= event.sentence_end][:DAY_LOOKAHEAD_SENTENCES]
    for start, end in later:
        if not names & _names_in(mentions, start, end):
            continue
        # A sentence that reports another event of its own dates that event, not this one.
        if any(o.sentence_start == start and o.type != event.type for o in events):
            continue
        for timex in times:
            day = timex.interval_start
            if (
                start <= timex.start
                and timex.end <= end
                and timex.precision == "day"
                and day is not None
                and (day.year, day.month) == (month_start.year, month_start.month)
            ):
                return replace(event, date=EventDate(day, day, "day", timex.text))
    return event

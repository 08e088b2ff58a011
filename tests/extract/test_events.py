"""Event extraction on hand-written news sentences (our own fixtures, in the spirit of a defection story)."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.extract.event_lexicon import EVENT_TYPES, PHRASE_CUES, PLOVER_TYPES, TYPE_INFO, WORD_CUES
from newsgraph.model import Article, EntityMention, EventMention, PlaceMention, TimeExpression

pytestmark = pytest.mark.model


def _article(text: str) -> Article:
    return Article(
        id="art_test",
        title=None,
        text=text,
        url=None,
        source=None,
        published=date(2024, 3, 1),
        language="en",
        content_hash="h",
        origin="test",
    )


def _extract(text: str, times: tuple[TimeExpression, ...] = ()) -> tuple[EventMention, ...]:
    from newsgraph.extract.events import extract_events
    from newsgraph.nlp.loader import load_model

    doc = load_model()(text)
    labels = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
    mentions = [
        EntityMention(e.start_char, e.end_char, e.text, e.label_, e.text)
        for e in doc.ents
        if e.label_ in labels
    ]
    places = [
        PlaceMention(e.start_char, e.end_char, e.text, None)
        for e in doc.ents
        if e.label_ in {"GPE", "LOC", "FAC"}
    ]
    return extract_events(doc, article=_article(text), mentions=mentions, places=places, times=times)


def _timex(  # noqa: PLR0917 - mirrors TimeExpression's own field order
    text: str, phrase: str, value: str, start: date, end: date, precision: str, /
) -> TimeExpression:
    offset = text.index(phrase)
    return TimeExpression(offset, offset + len(phrase), phrase, "DATE", value, start, end, precision)  # type: ignore[arg-type]


def _one(events: tuple[EventMention, ...], event_type: str) -> EventMention:
    found = [e for e in events if e.type == event_type]
    assert found, f"no {event_type} in {[(e.type, e.trigger) for e in events]}"
    return found[0]


def test_every_type_has_info_and_cues() -> None:
    assert set(TYPE_INFO) == set(EVENT_TYPES)
    assert len(PLOVER_TYPES) == 18
    cued = {cue.type for cues in WORD_CUES.values() for cue in cues} | {c.type for c in PHRASE_CUES.values()}
    assert set(EVENT_TYPES) <= cued


def test_passive_victim_is_target_and_counts_one_death() -> None:
    events = _extract("The engineer Viktor Hallam was shot dead by a masked man in Paris.")
    event = _one(events, "ASSAULT")
    assert event.mode == "firearms"
    roles = {p.name: p.role for p in event.participants}
    assert roles.get("Viktor Hallam") == "target"
    assert event.place is not None and event.place.text == "Paris"
    assert event.fatalities == 1
    assert event.modality == "asserted"


def test_active_actor_and_target() -> None:
    event = _one(_extract("Rebels from Nortia attacked Ardena on Friday."), "ASSAULT")
    roles = {p.name: p.role for p in event.participants}
    assert roles.get("Ardena") == "target"


def test_defection_with_date_and_destination() -> None:
    text = "A helicopter pilot, Oleg Marin, defected to Finland in June 2022."
    times = (_timex(text, "June 2022", "2022-06", date(2022, 6, 1), date(2022, 6, 30), "month"),)
    event = _one(_extract(text, times), "DEFECT")
    assert {p.name for p in event.participants if p.role == "actor"} == {"Oleg Marin"}
    assert event.date.start == date(2022, 6, 1) and event.date.precision == "month"


def test_found_dead_with_gunshot_wounds_is_a_shooting() -> None:
    event = _extract("Oleg Marin was found dead with gunshot wounds in a parking garage.")[0]
    assert event.type == "ASSAULT" and event.mode == "firearms"
    assert event.fatalities == 1


def test_background_event_keeps_its_own_year_and_unknown_otherwise() -> None:
    text = (
        "The 1998 poisoning of Pavel Orlov remains unsolved. "
        "Other cases include the stabbing of a critic in Vienna."
    )
    times = (_timex(text, "1998", "1998", date(1998, 1, 1), date(1998, 12, 31), "year"),)
    events = _extract(text, times)
    poisoning = _one(events, "ASSAULT")
    assert poisoning.mode == "poison" and poisoning.date.start == date(1998, 1, 1)
    stabbing = next(e for e in events if e.mode == "melee")
    assert stabbing.date.precision == "unknown" and stabbing.date.start is None


def test_date_of_the_statement_does_not_date_the_killing() -> None:
    text = "The ministry confirmed on Tuesday that the journalist had been killed."
    times = (_timex(text, "Tuesday", "2024-02-27", date(2024, 2, 27), date(2024, 2, 27), "day"),)
    events = _extract(text, times)
    announce = _one(events, "ANNOUNCE")
    killing = _one(events, "ASSAULT")
    assert announce.date.start == date(2024, 2, 27)
    assert killing.date.precision == "unknown"
    assert killing.modality == "reported"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast killed 12 people in the market.", 12),
        ("At least fourteen people died after the bombing.", 14),
        ("The death toll from the attack rose to 31.", 31),
        ("The gunman fired 12 shots at the car but the driver escaped.", None),
        ("Police arrested 12 protesters in the square.", None),
    ],
)
def test_fatalities_only_from_deaths(text: str, expected: int | None) -> None:
    events = _extract(text)
    stated = [e.fatalities for e in events if e.fatalities is not None]
    assert (stated[0] if stated else None) == expected


def test_police_search_is_investigate() -> None:
    event = _one(_extract("Police are searching for two men who fled in a stolen van."), "INVESTIGATE")
    assert event.mode == "search"


def test_captured_town_is_fighting_but_captured_headlines_is_nothing() -> None:
    assert _one(_extract("Rebel fighters captured the town of Marov."), "FIGHT").mode == "occupy"
    assert not [e for e in _extract("The story captured international headlines.") if e.type == "FIGHT"]


def test_generic_kind_is_not_an_event() -> None:
    events = _extract("Unlike earlier assassination plots, this one was simple.")
    assert not [e for e in events if e.mode == "assassinate"]


def test_protest_and_arrest_types() -> None:
    events = _extract("Thousands of students protested in the capital. Police arrested four organisers.")
    assert _one(events, "PROTEST").mode == "demonstrate"
    assert _one(events, "COERCE").mode == "arrest"


def test_offsets_point_at_the_sentence_and_trigger() -> None:
    text = "Quiet morning.\n\nTroops shelled the village of Dovno."
    event = _one(_extract(text), "FIGHT")
    assert text[event.trigger_start : event.trigger_end] == event.trigger
    assert text[event.sentence_start : event.sentence_end].startswith("Troops shelled")

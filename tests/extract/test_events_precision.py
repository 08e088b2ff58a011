"""Precision rules of event extraction on real-news shapes (hand-written sentences, invented names)."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.model import Article, EntityMention, EventMention, PlaceMention, TimeExpression

pytestmark = pytest.mark.model


def _extract(text: str, times: tuple[TimeExpression, ...] = ()) -> tuple[EventMention, ...]:
    from newsgraph.extract.events import extract_events
    from newsgraph.nlp.loader import load_model

    doc = load_model()(text)
    mentions = [
        EntityMention(e.start_char, e.end_char, e.text, e.label_, e.text)
        for e in doc.ents
        if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
    ]
    places = [
        PlaceMention(e.start_char, e.end_char, e.text, None) for e in doc.ents if e.label_ in {"GPE", "LOC"}
    ]
    article = Article("art_p", None, text, None, None, date(2024, 3, 1), "en", "h", "test")
    return extract_events(doc, article=article, mentions=mentions, places=places, times=times)


def _types(text: str) -> list[str]:
    return [e.type for e in _extract(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Sanctions rarely deter such crimes, and deaths of critics are common.",
        "Targeted killings and assassinations have become a feature of the conflict.",
    ],
)
def test_generic_plurals_without_participants_are_not_events(text: str) -> None:
    assert _types(text) == []


def test_releasing_a_name_is_not_a_release() -> None:
    types = _types("Police did not release the victim's name and gave no details of the weapon.")
    assert "RETREAT" not in types
    assert "AID" not in types


def test_a_month_name_is_not_a_march() -> None:
    assert "PROTEST" not in _types("Relations between the two countries have been tense since March.")


def test_deaths_in_a_collapse_are_the_collapse() -> None:
    events = _extract("Nine people were killed when a road bridge collapsed over the river on Tuesday.")
    assert [e.type for e in events] == ["ACCIDENT"]
    assert events[0].fatalities == 9


def test_a_definite_reference_is_kept_for_the_merger() -> None:
    events = _extract("The attack was planned for weeks.")
    assert [(e.type, e.trigger) for e in events] == [("ASSAULT", "attack")]


def test_a_killing_of_an_unnamed_person_is_kept() -> None:
    assert "ASSAULT" in _types("The journalist had been killed.")


def test_a_boundary_year_does_not_date_the_event() -> None:
    text = "The attack alarmed the exiles, whose community has grown since 2020."
    offset = text.index("2020")
    since = TimeExpression(
        offset, offset + 4, "2020", "DATE", "2020", date(2020, 1, 1), date(2020, 12, 31), "year"
    )
    events = _extract(text, (since,))
    assert events and all(e.date.precision == "unknown" for e in events)

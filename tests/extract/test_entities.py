"""Entities within one article: canonical names, aliases, headings skipped, hardware found."""

from __future__ import annotations

import pytest

from newsgraph.extract.entities import extract_entities, heading_spans

TEXT = (
    "Storm Over the Harbour Town\n\n"
    "Harbour officials said on Monday that Captain Elena Marquez had steered the damaged ferry into Lisbon. "
    "Marquez told reporters that the Portuguese Navy sent an F-16 and two Mi-8 helicopters. "
    "President Emmanuel Macron praised the crew, and Macron later called Marquez.\n\n"
    "Rescue Teams Arrive\n\n"
    "The International Maritime Organization (IMO) opened an inquiry; the IMO said the report is due in May."
)


def test_heading_lines_are_found() -> None:
    spans = heading_spans(TEXT)
    assert TEXT[spans[0][0] : spans[0][1]] == "Storm Over the Harbour Town"
    assert any(TEXT[s:e] == "Rescue Teams Arrive" for s, e in spans)


@pytest.mark.model
def test_canonical_names_aliases_and_equipment() -> None:
    from newsgraph.nlp import load_model

    mentions, entities = extract_entities(load_model()(TEXT))
    by_name = {e.name: e for e in entities}
    assert by_name["Elena Marquez"].type == "PERSON"
    assert "Marquez" in by_name["Elena Marquez"].aliases
    assert by_name["Emmanuel Macron"].type == "PERSON" and "Macron" in by_name["Emmanuel Macron"].aliases
    assert "Mi-8" in by_name and by_name["Mi-8"].type == "EQUIPMENT"
    assert "F-16" in by_name
    # Nothing from the headline or the sub-heading.
    assert all(m.start > len("Storm Over the Harbour Town") for m in mentions)
    assert not any("Rescue" in m.text for m in mentions)
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text

"""docs/ONTOLOGY.md and the lexicon in code describe the same types and mappings."""

from __future__ import annotations

from pathlib import Path

from newsgraph.extract.event_classify import ACLED_LABELS, ACLED_SUBTYPES, POLITICAL_LABELS, SECURITY_LABELS
from newsgraph.extract.event_lexicon import EVENT_TYPES, TYPE_INFO

ONTOLOGY = Path(__file__).resolve().parents[2] / "docs" / "ONTOLOGY.md"


def test_every_type_is_documented() -> None:
    text = ONTOLOGY.read_text(encoding="utf-8")
    for event_type in EVENT_TYPES:
        assert f"### {event_type}\n" in text
        assert TYPE_INFO[event_type].definition in text


def test_acled_mapping_stays_in_the_case2021_label_space() -> None:
    labels = set(ACLED_LABELS) | set(SECURITY_LABELS) | set(POLITICAL_LABELS)
    assert set(ACLED_SUBTYPES.values()) <= labels
    assert {event_type for event_type, _ in ACLED_SUBTYPES} <= set(EVENT_TYPES)

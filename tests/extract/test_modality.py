"""Modality of event mentions, on hand-written sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _modality(text: str, trigger: str) -> tuple[str, str | None]:
    from newsgraph.extract.modality import read_modality
    from newsgraph.nlp.loader import load_model

    doc = load_model()(text)
    token = next(t for t in doc if t.text == trigger)
    reading = read_modality(token, token.sent)
    return reading.modality, reading.source


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Gunmen killed the mayor.", "killed", "asserted"),
        ("He was not poisoned with a toxin.", "poisoned", "negated"),
        ("No one was killed in the blast.", "killed", "negated"),
        ("The rebels denied that they attacked the convoy.", "attacked", "denied"),
        ("The regime may have hired criminals to kill him.", "hired", "speculated"),
        ("It is speculated that agents poisoned the banker.", "poisoned", "speculated"),
        ("If talks fail, the army would attack the port.", "attack", "hypothetical"),
        ("The union will strike next week.", "strike", "future"),
        ("The militia allegedly abducted two aid workers.", "abducted", "alleged"),
        ("The man was reportedly arrested at the border.", "arrested", "reported"),
    ],
)
def test_modality_kinds(text: str, trigger: str, expected: str) -> None:
    assert _modality(text, trigger)[0] == expected


def test_reported_speech_names_its_source() -> None:
    modality, source = _modality("Police said the suspect fled the scene.", "fled")
    assert modality == "reported" and source == "Police"


def test_according_to_names_its_source() -> None:
    modality, source = _modality("According to the ministry, troops withdrew from the valley.", "withdrew")
    assert modality == "reported" and source is not None and "ministry" in source

"""Quality gate: geoparsing and NER on hand-written paragraphs must not fall below pinned floors.

The floors live in `baseline_geo_ner.json` with the SHA-256 of the fixture they were measured on;
editing the fixture without re-measuring fails the gate, so a floor is never lowered silently.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "geo_ner_golden.json"
BASELINE = HERE / "baseline_geo_ner.json"
ACC_KM = 161.0


def _documents() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["documents"]
    return documents


def _in_order(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """Character spans of each surface, searched in turn after the previous one."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for surface in surfaces:
        start = text.index(surface, cursor)
        spans.append((start, start + len(surface)))
        cursor = start + len(surface)
    return spans


def measure() -> dict[str, float]:
    """Acc@161km over the gold toponyms and strict CoNLL-type entity F1, as the eval tasks score."""
    from newsgraph.evaluate.geo import _distance
    from newsgraph.evaluate.ner import map_label, score_spans
    from newsgraph.extract.ner_rules import refine_entities
    from newsgraph.extract.places import find_places
    from newsgraph.nlp.loader import load_model

    nlp = load_model()
    hits = total = 0
    pairs: list[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]] = []
    for document in _documents():
        text = document["text"]
        doc = refine_entities(nlp(text))
        mentions = find_places(doc)
        place_spans = _in_order(text, [p[0] for p in document["places"]])
        for (start, end), (_, lat, lon) in zip(place_spans, document["places"], strict=True):
            total += 1
            found = [m for m in mentions if m.start < end and start < m.end]
            error = _distance({"lat": lat, "lon": lon}, found[0]) if found else None
            hits += error is not None and error <= ACC_KM
        if document["entities"] is None:  # a geo-only paragraph (lists, demonyms in names)
            continue
        entity_spans = _in_order(text, [e[0] for e in document["entities"]])
        gold = {(s, e, label) for (s, e), (_, label) in zip(entity_spans, document["entities"], strict=True)}
        predicted = {
            (ent.start_char, ent.end_char, label)
            for ent in doc.ents
            if (label := map_label(ent.label_)) is not None
        }
        pairs.append((gold, predicted))
    return {"geo_acc161": hits / total, "ner_strict_f1": float(score_spans(pairs)["f1"])}


def test_fixture_spans_are_consistent() -> None:
    for document in _documents():
        _in_order(document["text"], [e[0] for e in document["entities"] or []])
        _in_order(document["text"], [p[0] for p in document["places"]])


def test_baseline_matches_the_fixture() -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    digest = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    assert baseline["fixture_sha256"] == digest, "fixture changed: re-measure and update the floors"


@pytest.mark.model
def test_scores_stay_above_their_floors() -> None:
    floors: dict[str, float] = json.loads(BASELINE.read_text(encoding="utf-8"))["floors"]
    scores = measure()
    for name, floor in floors.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f}, below its floor {floor:.3f}"


if __name__ == "__main__":  # prints the current scores, to pin new floors after a measured gain
    print(json.dumps(measure(), indent=2))

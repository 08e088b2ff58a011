"""Quality gate for event extraction and merging on hand-written stories (`fixtures/events/*.json`).

Each fixture is one story told by two short articles, with the events a reader expects (type, a key
participant or place, how many outlets report it), types that are acceptable extras, and types that
would be mistakes. The figures below are pinned in `baseline_events.json`; the gate fails when one
drops under its floor (or, for counts of mistakes, rises above its ceiling). To move a floor, change
the code, rerun `pytest tests/quality/test_gate_events.py -s`, and write the printed figures.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsgraph.model import Article, Event

pytestmark = pytest.mark.model

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures" / "events").glob("*.json"))
BASELINE = HERE / "baseline_events.json"


def _article(record: dict[str, Any]) -> Article:
    text = record["text"]
    return Article(
        id=record["id"],
        title=text.split("\n", 1)[0],
        text=text,
        url=None,
        source=None,
        published=date.fromisoformat(record["published"]),
        language="en",
        content_hash=record["id"],
        origin=f"fixture:{record['id']}",
    )


def story_events(fixture: dict[str, Any]) -> list[Event]:
    """The story's merged events, from the same extraction and merging the pipeline runs."""
    from newsgraph.link.event_merge import merge_event_reports
    from newsgraph.nlp.loader import load_model
    from newsgraph.pipeline import analyse_doc

    nlp = load_model()
    mentions = []
    for record in fixture["articles"]:
        article = _article(record)
        mentions.extend(analyse_doc(nlp(article.text), article).events)
    return merge_event_reports(mentions, copy_of={}, story_id="story")


def _matches(event: Event, expected: dict[str, Any]) -> bool:
    if event.type != expected["type"]:
        return False
    wanted = expected.get("participant")
    if wanted and not any(wanted.casefold() in p.name.casefold() for p in event.participants):
        return False
    place = expected.get("place")
    return not place or (event.place is not None and event.place.name == place)


def gate_figures(results: list[tuple[dict[str, Any], list[Event]]]) -> dict[str, float]:
    """Recall of expected events, one event per occurrence, outlets counted, precision, mistakes."""
    expected_total = found = single = sourced = sourced_total = conflicts = conflicts_total = 0
    events_total = useful = forbidden = 0
    for fixture, events in results:
        allowed = set(fixture.get("allowed", ()))
        matched_ids: set[str] = set()
        for expected in fixture["expected"]:
            expected_total += 1
            hits = [e for e in events if _matches(e, expected)]
            matched_ids |= {e.id for e in hits}
            found += bool(hits)
            single += len(hits) == 1
            if "min_sources" in expected:
                sourced_total += 1
                sourced += any(e.sources >= expected["min_sources"] for e in hits)
            if expected.get("fatalities_conflict"):
                conflicts_total += 1
                conflicts += any(c.field == "fatalities" for e in hits for c in e.conflicts)
        events_total += len(events)
        useful += sum(e.id in matched_ids or e.type in allowed for e in events)
        forbidden += sum(e.type in set(fixture.get("forbidden", ())) for e in events)
    return {
        "recall": round(found / expected_total, 3),
        "one_event_per_occurrence": round(single / expected_total, 3),
        "sources_counted": round(sourced / sourced_total, 3) if sourced_total else 1.0,
        "toll_conflicts_flagged": round(conflicts / conflicts_total, 3) if conflicts_total else 1.0,
        "precision": round(useful / events_total, 3) if events_total else 1.0,
        "forbidden_events": float(forbidden),
    }


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    results = []
    for path in FIXTURES:
        fixture = json.loads(path.read_text(encoding="utf-8"))
        results.append((fixture, story_events(fixture)))
    measured = gate_figures(results)
    print("\nevent gate figures:", json.dumps(measured, sort_keys=True))
    return measured


def test_fixtures_are_present() -> None:
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize(
    "name",
    ["recall", "one_event_per_occurrence", "sources_counted", "toll_conflicts_flagged", "precision"],
)
def test_figure_holds_its_floor(figures: dict[str, float], name: str) -> None:
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["floors"][name]
    assert figures[name] >= floor, f"{name} {figures[name]} fell under its floor {floor}"


def test_mistakes_stay_under_their_ceiling(figures: dict[str, float]) -> None:
    ceiling = json.loads(BASELINE.read_text(encoding="utf-8"))["ceilings"]["forbidden_events"]
    assert figures["forbidden_events"] <= ceiling


def test_gate_can_fail() -> None:
    """The figures react to a wrong answer: a story with its key event missing scores under the floor."""
    fixture = {"expected": [{"type": "ASSAULT", "participant": "Nobody Here"}], "forbidden": ["ASSAULT"]}
    assert gate_figures([(fixture, [])])["recall"] == 0.0

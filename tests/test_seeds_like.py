"""A defection-and-killing story told by two outlets, the kind of input newsgraph is built for.

Written for this test (invented people, real places): one undated opinion piece that says "last
year" and "a village on the coast of Portugal", and one report with the dates, the town, a burnt-out
van found in another town, an official's confirmation and a background poisoning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store.db import Store
from newsgraph.store.queries import list_events, list_stories

pytestmark = pytest.mark.model

OPINION = """The Long Reach of Minsk: Nowhere Is Far Enough

The Quiet Death of Pilot Pavel Dorokhin: What It Tells Us

The discovery of the body of the Belarusian pilot Pavel Dorokhin in a fishing village on the coast of Portugal is a grim warning to everyone who has crossed the regime. Dorokhin, who had defected to Lithuania last year, thought he was safe.

Dorokhin's killing did not look like a state operation. Still, the message of his death is the one the regime has always sent to deserters.

Older cases show the pattern, such as the poisoning of the dissident Viktor Lenz with thallium in Berlin.

Leave a Reply
"""

REPORT = """How the Pilot's Flight Ended

Pavel Dorokhin, a Belarusian air force pilot, defected to Lithuania in June 2022. The escape had been planned for months with the help of Lithuanian intelligence. It ended on June 14, 2022, when Dorokhin landed his Mi-8 helicopter at an airfield near Kaunas.

After his defection, Dorokhin moved to Portugal and settled in Albufeira under a new name. Police said Dorokhin was found shot dead in a garage in March 2023. A burnt-out van was later found in Lagos, and investigators believe the attackers escaped in it.

Lithuanian intelligence spokesman Tomas Vaitkus confirmed Dorokhin's death on Friday but gave no details.
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("dorokhin")
    (folder / "opinion.txt").write_text(OPINION)
    (folder / "report.txt").write_text(REPORT)
    db = str(Path(folder) / "db.duckdb")
    ingest([str(folder)], db_path=db, processes=1)
    with Store(db, read_only=True) as store:
        return {"stories": list_stories(store), "events": list_events(store)}


def _about(
    events: list[dict[str, Any]], name: str, type_: str, role: str | None = None
) -> list[dict[str, Any]]:
    return [
        e
        for e in events
        if e["type"] == type_
        and any(p["name"] == name and (role is None or p["role"] == role) for p in e["participants"])
    ]


def test_one_story_holds_both_reports(story: dict[str, Any]) -> None:
    assert len(story["stories"]) == 1
    assert len(story["stories"][0]["articles"]) == 2


def test_defection_is_dated_to_the_day_in_lithuania(story: dict[str, Any]) -> None:
    [defection] = _about(story["events"], "Pavel Dorokhin", "DEFECT", "actor")
    assert defection["date"]["start"] == "2022-06-14" and defection["date"]["precision"] == "day"
    assert defection["location"]["country"] == "LT"


def test_killing_is_merged_across_both_reports_with_month_and_town(story: dict[str, Any]) -> None:
    killings = _about(story["events"], "Pavel Dorokhin", "ASSAULT", "target")
    assert len(killings) == 1, [k["summary"] for k in killings]
    [killing] = killings
    assert killing["date"]["start"][:7] == "2023-03" and killing["date"]["precision"] == "month"
    assert killing["location"]["name"] == "Albufeira" and killing["location"]["country"] == "PT"
    assert killing["sources"] == 2


def test_van_found_in_the_other_town(story: dict[str, Any]) -> None:
    found = [
        e
        for e in story["events"]
        if e["type"] == "INVESTIGATE" and e["location"] and e["location"]["name"] == "Lagos"
    ]
    assert found and found[0]["location"]["country"] == "PT"


def test_background_poisoning_keeps_its_own_place_and_no_date(story: dict[str, Any]) -> None:
    [poisoning] = _about(story["events"], "Viktor Lenz", "ASSAULT", "target")
    assert poisoning["mode"] == "poison"
    assert poisoning["location"]["name"] == "Berlin"
    assert poisoning["date"]["precision"] == "unknown"


def test_confirmation_by_the_spokesman(story: dict[str, Any]) -> None:
    assert _about(story["events"], "Tomas Vaitkus", "ANNOUNCE", "actor")


def test_no_dorokhin_event_outside_the_story_years(story: dict[str, Any]) -> None:
    for event in story["events"]:
        if any(p["name"] == "Pavel Dorokhin" for p in event["participants"]) and event["date"]["start"]:
            assert event["date"]["start"][:4] in {"2022", "2023"}, event["summary"]

from __future__ import annotations

import random
from datetime import date

from newsgraph.link.event_merge import copy_root, merge_event_reports
from newsgraph.link.mention_clustering import dates_compatible, places_compatible, types_compatible
from newsgraph.model import EventDate, EventMention, Participant, Place, PlaceMention

DAY_19 = EventDate(date(2024, 2, 19), date(2024, 2, 19), "day", "19 February")
DAY_20 = EventDate(date(2024, 2, 20), date(2024, 2, 20), "day", "20 February")
FEBRUARY = EventDate(date(2024, 2, 1), date(2024, 2, 29), "month", "February")
YEAR_2006 = EventDate(date(2006, 1, 1), date(2006, 12, 31), "year", "2006")
NO_DATE = EventDate(None, None, "unknown", None)

TOWN = Place("Brellin", 45.0, 20.0, "XA", "North", "city", geonameid="1")
OTHER_TOWN = Place("Koss", 46.0, 21.0, "XA", "South", "city", geonameid="2")
REGION = Place("North", 45.5, 20.5, "XA", None, "admin1", geonameid="3")
COUNTRY = Place("Xland", 45.0, 20.0, "XA", None, "country", geonameid="4")
ABROAD = Place("Yland", 10.0, 10.0, "YB", None, "country", geonameid="5")

REBELS = Participant("ent_rebels", "Northern Front", "actor")
ARMY = Participant("ent_army", "Xland Army", "actor")
BASE = Participant("ent_base", "Camp Delta", "target")
MARKET = Participant("ent_market", "Central Market", "target")


def mention(
    article: str,
    start: int,
    *,
    type_: str = "ASSAULT",
    trigger: str = "attacked",
    event_date: EventDate = DAY_19,
    place: Place | None = TOWN,
    participants: tuple[Participant, ...] = (REBELS, BASE),
    fatalities: int | None = None,
    modality: str = "asserted",
) -> EventMention:
    return EventMention(
        article_id=article,
        type=type_,
        mode=None,
        trigger=trigger,
        sentence_start=start,
        sentence_end=start + 50,
        trigger_start=start + 5,
        trigger_end=start + 5 + len(trigger),
        date=event_date,
        place=PlaceMention(0, 5, place.name, place) if place else None,
        participants=participants,
        fatalities=fatalities,
        modality=modality,  # type: ignore[arg-type]
    )


def test_compatibility_rules() -> None:
    assert dates_compatible(FEBRUARY, DAY_19)
    assert dates_compatible(DAY_19, DAY_20)  # a day's slack between reports
    assert not dates_compatible(YEAR_2006, DAY_19)
    assert dates_compatible(None, YEAR_2006)
    assert places_compatible(TOWN, REGION)
    assert places_compatible(TOWN, COUNTRY)
    assert not places_compatible(TOWN, OTHER_TOWN)
    assert not places_compatible(TOWN, ABROAD)
    assert places_compatible(None, TOWN)
    assert types_compatible("ASSAULT", "DIE")
    assert not types_compatible("DIE", "ANNOUNCE")


def test_reports_of_one_attack_merge_with_conflicts() -> None:
    mentions = [
        mention("a1", 0, fatalities=12),
        mention("a2", 100, fatalities=14, event_date=DAY_20, modality="reported"),
        mention(
            "a3",
            0,
            type_="DIE",
            trigger="killed",
            event_date=FEBRUARY,
            place=COUNTRY,
            participants=(BASE,),
            fatalities=12,
        ),
        mention("a4", 0, participants=(ARMY, BASE)),  # another outlet blames someone else
    ]
    events = merge_event_reports(mentions, copy_of={"a4": "a1"}, story_id="sto_1")
    assert len(events) == 1
    event = events[0]
    assert event.type == "ASSAULT"
    assert event.date == DAY_19  # the most precise, most reported
    assert event.place == TOWN
    assert event.fatalities == 12
    assert event.modality == "asserted"
    assert event.sources == 4
    assert event.independent_sources == 3  # a4 copies a1
    fields = {c.field: c for c in event.conflicts}
    assert fields["fatalities"].values == ("12", "14")
    assert fields["date"].values == ("2024-02-19", "2024-02-20")
    assert fields["actor"].values == ("Northern Front", "Xland Army")
    assert {p.entity_id for p in event.participants} == {"ent_rebels", "ent_army", "ent_base"}
    assert event.story_id == "sto_1"


def test_incompatible_reports_stay_apart() -> None:
    mentions = [
        mention("a1", 0),
        mention("a2", 0, event_date=YEAR_2006),  # an attack years ago on the same base
        mention("a3", 0, participants=(REBELS, MARKET)),  # another target
        mention("a4", 0, place=OTHER_TOWN),
        mention("a5", 0, type_="ANNOUNCE", trigger="announced"),
    ]
    events = merge_event_reports(mentions, copy_of={}, story_id=None)
    assert len(events) == 5
    assert [e.independent_sources for e in events] == [1] * 5


def test_sharing_only_a_type_is_not_enough() -> None:
    mentions = [
        mention("a1", 0, participants=(), place=None, event_date=NO_DATE, trigger="shelled"),
        mention("a2", 0, participants=(), place=None, event_date=NO_DATE, trigger="bombed"),
    ]
    assert len(merge_event_reports(mentions, copy_of={}, story_id=None)) == 2


def test_ids_and_order_do_not_depend_on_input_order() -> None:
    mentions = [
        mention("a1", 0),
        mention("a2", 40),
        mention("a3", 0, event_date=YEAR_2006, participants=(ARMY, MARKET)),
        mention("a9", 10, place=OTHER_TOWN, participants=(ARMY,)),
    ]
    reference = merge_event_reports(mentions, copy_of={}, story_id="s")
    for seed in range(5):
        shuffled = list(mentions)
        random.Random(seed).shuffle(shuffled)
        again = merge_event_reports(shuffled, copy_of={}, story_id="s")
        assert [e.id for e in again] == [e.id for e in reference]
        assert again == reference
    assert reference[0].date == YEAR_2006  # chronological


def test_copy_root_follows_chains_and_survives_cycles() -> None:
    assert copy_root("c", {"c": "b", "b": "a", "a": None}) == "a"
    assert copy_root("x", {"x": "y", "y": "x"}) in {"x", "y"}
    assert copy_root("solo", {}) == "solo"


def test_a_bare_reference_joins_the_storys_event_of_its_type() -> None:
    from newsgraph.link.event_merge import trigger_stem

    anchored = [mention("a1", 0, trigger="attacked"), mention("a2", 0, trigger="attacked")]
    bare = mention("a3", 100, trigger="attack", participants=(), place=None, event_date=NO_DATE)
    other = mention(
        "a3", 200, type_="PROTEST", trigger="protest", participants=(), place=None, event_date=NO_DATE
    )
    events = merge_event_reports([*anchored, bare, other], copy_of={}, story_id="s")
    assert sorted(len(e.mentions) for e in events) == [1, 3]
    [attack] = [e for e in events if e.type == "ASSAULT"]
    assert attack.sources == 3
    assert trigger_stem("attacked") == trigger_stem("attack") == trigger_stem("attacking")
    assert trigger_stem("killed") == trigger_stem("killing")


def test_a_killing_outranks_deaths_in_one_cluster() -> None:
    from newsgraph.link.event_merge import merged_type

    assert merged_type(["DIE", "DIE", "ASSAULT"]) == "ASSAULT"
    assert merged_type(["DIE", "DIE"]) == "DIE"
    assert merged_type(["DIE", "ACCIDENT", "DIE"]) == "ACCIDENT"


def test_the_summary_comes_from_the_report_that_says_most_and_names_the_place() -> None:
    from dataclasses import replace

    vague = replace(
        mention("a1", 0, place=None, participants=(BASE,), event_date=NO_DATE),
        summary="Camp Delta (assault: attack)",
    )
    full = replace(mention("a2", 0, place=None), summary="Northern Front attacked Camp Delta")
    with_place = replace(mention("a3", 100, participants=(BASE,)), summary="Attack: shelled")
    [event] = merge_event_reports([vague, full, with_place], copy_of={}, story_id="s")
    assert event.summary == "Northern Front attacked Camp Delta in Brellin"

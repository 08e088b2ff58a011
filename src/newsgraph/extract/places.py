"""Resolve an article's candidate toponyms to gazetteer places.

1. Candidates come from `place_candidates.collect_toponyms` (entities, demonyms, names nested in
   organisations, datelines, list members, repeats), with "X, Y" patterns ("Paris, Texas") tying X to
   the unit Y names.
2. Resolution scores each candidate entry: a population/feature prior, then the article's context
   (its country focus, the admin1 units and counties it names, closeness to its other places), in
   two rounds.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from typing import TYPE_CHECKING

from newsgraph.extract.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    haversine_km,
    load_gazetteer,
    normalize_name,
)
from newsgraph.extract.place_candidates import Toponym, collect_toponyms, lies_within
from newsgraph.model import PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

# --- tuning constants (calibrated on the geo dev sets' error analysis, see evaluate/geo.py) ---
KIND_BONUS = {"region": 5.0, "country": 3.0, "admin1": 1.5, "admin2": 0.5, "city": 0.0}
ADMIN2_PSEUDO_POPULATION = 50_000  # counties carry no population in the packages
PRIMARY_NAME_BONUS = 1.5  # "Mashhad" also lists "Alexandria" among its historical names
COUNTRY_FOCUS_WEIGHT = 4.0  # times the share of the article's other places in that country
ADMIN1_CONTEXT_BONUS = 2.5  # a town in a state/province the article names
NEAR_KM, NEAR_BONUS = 150.0, 2.0  # a town close to another place of the article
# A town in a county the article names ("Dayton ... Montgomery County"): both readings agree. LGL dev:
# 3.0 -> 0.788, 5.0 -> 0.795, 7.0 -> 0.795 (no other set moves).
COUNTY_CONTEXT_BONUS = 5.0
NEAR_LAT_DEGREES = NEAR_KM / 111.0 + 0.01  # a degree of latitude is >= 110.5 km everywhere
PATTERN_BONUS = 10.0  # "X, Y": X lies in Y
# Joiners of a list of places: "Oregon and Washington", "Camden and Charlton counties".
LIST_JOINERS = {", ", " and ", " or ", ", and ", " & "}

# "Washington" in news is the capital before the state of that name: 3.0 puts D.C. (690k people)
# above the state (6.5M, admin1 bonus) unless the article names the state's towns or lists it with
# other states (ADMIN1_CONTEXT_BONUS below); 2.0 left the state ahead in foreign-news articles.
CAPITAL_BONUS = 3.0
REGION_PSEUDO_POPULATION = 10_000_000  # "Gaza" (Strip) before a Mozambican province of that name


_County = tuple[str | None, str | None, str | None]  # (country, admin1, county name)


def _prior(entry: GazetteerEntry, surface_key: str, gaz: Gazetteer) -> float:
    population = entry.population
    if entry.kind == "admin2" and not population:
        population = ADMIN2_PSEUDO_POPULATION
    elif entry.kind == "region":
        population = REGION_PSEUDO_POPULATION
    score = math.log10(population + 10) + KIND_BONUS.get(entry.kind, 0.0)
    if normalize_name(entry.name) == surface_key:
        score += PRIMARY_NAME_BONUS
    if gaz.is_capital(entry):
        score += CAPITAL_BONUS
    return score


def _list_neighbours(toponyms: list[Toponym], text: str) -> dict[int, list[Toponym]]:
    """For each toponym (by position), the toponyms listed right beside it ("Oregon and Washington")."""
    result: dict[int, list[Toponym]] = {}
    for index, (left, right) in enumerate(itertools.pairwise(toponyms)):
        if text[left.end : right.start] in LIST_JOINERS:
            result.setdefault(index, []).append(right)
            result.setdefault(index + 1, []).append(left)
    return result


def _choose(toponyms: list[Toponym], gaz: Gazetteer, text: str) -> None:
    keys = [normalize_name(t.text) for t in toponyms]  # computed once: the rounds below are O(n^2)
    # Round 1: prior only (and patterns), to learn the article's focus.
    for topo, key in zip(toponyms, keys, strict=True):
        said_state = _says_state(text, topo)
        topo.scores = [
            _prior(c, key, gaz)
            + (PATTERN_BONUS if topo.within and lies_within(c, topo.within) else 0.0)
            + (PATTERN_BONUS if said_state and c.kind == "admin1" else 0.0)
            for c in topo.candidates
        ]
        topo.choice = _best(topo)
    neighbours = _list_neighbours(toponyms, text)
    counties = _county_context(toponyms, keys)
    # Round 2: context from every other mention's round-1 choice.
    for _ in range(2):
        choices = [(k, t.choice) for t, k in zip(toponyms, keys, strict=True) if t.choice is not None]
        new_choices: list[GazetteerEntry | None] = []
        for index, (topo, key) in enumerate(zip(toponyms, keys, strict=True)):
            others = [c for k, c in choices if k != key]
            listed_kinds = {(t.choice.kind, t.choice.country) for t in neighbours.get(index, []) if t.choice}
            towns_in = {(c.country, c.admin1) for c in others if c.kind == "city" and c.admin1}
            countries = Counter(c.country for c in others if c.country)
            admin1s = {(c.country, c.admin1) for c in others if c.kind != "country" and c.admin1}
            total = max(1, sum(countries.values()))
            named_country = _named_country(topo)
            # a country's name is the country, unless the article places nothing else in it and its other
            # places lie in a state or province with a town of that name ("Lebanon" beside Harrisburg)
            if named_country is not None and (
                countries[named_country.country or ""]
                or not any(c.kind == "city" and (c.country, c.admin1) in admin1s for c in topo.candidates)
            ):
                new_choices.append(named_country)
                continue
            # distinct points only: a town named ten times is one neighbour, not ten
            local_points = {(o.lat, o.lon) for o in others if o.kind in ("city", "admin2")}
            scores = []
            for base, cand in zip(topo.scores, topo.candidates, strict=True):
                score = base
                if cand.country:
                    score += COUNTRY_FOCUS_WEIGHT * countries[cand.country] / total
                if cand.kind in ("city", "admin2") and (cand.country, cand.admin1) in admin1s:
                    score += ADMIN1_CONTEXT_BONUS
                # a state whose towns the article names, or listed beside another state
                if cand.kind == "admin1" and (
                    (cand.country, cand.admin1) in towns_in or ("admin1", cand.country) in listed_kinds
                ):
                    score += ADMIN1_CONTEXT_BONUS
                if cand.kind in ("city", "admin2") and _near_any(cand, local_points):
                    score += NEAR_BONUS
                # a town in a county the article names, or a county holding a town it names
                named_counties, town_counties = counties[key]
                if (cand.kind == "city" and (cand.country, cand.admin1, cand.admin2) in named_counties) or (
                    cand.kind == "admin2" and (cand.country, cand.admin1, cand.name) in town_counties
                ):
                    score += COUNTY_CONTEXT_BONUS
                scores.append(score)
            new_choices.append(
                topo.candidates[max(range(len(scores)), key=scores.__getitem__)] if scores else None
            )
        for topo, choice in zip(toponyms, new_choices, strict=True):
            topo.choice = choice


def _says_state(text: str, topo: Toponym) -> bool:
    """ "Washington state", "the state of Washington": the state, not the same-name city."""
    after = text[topo.end : topo.end + 7]
    return (after.startswith(" state") and not after[6:7].isalpha()) or text[
        max(0, topo.start - 9) : topo.start
    ].lower() == "state of "


def _county_context(toponyms: list[Toponym], keys: list[str]) -> dict[str, tuple[set[_County], set[_County]]]:
    """Per name: (counties the article's other names may be, counties their towns may lie in).

    Read from every candidate, not the current choice: "Dayton ... Montgomery County" agree only
    in Ohio, and a round-1 choice of another state for both must not hide that.
    """
    named: dict[str, set[_County]] = {}
    holding: dict[str, set[_County]] = {}
    for topo, key in zip(toponyms, keys, strict=True):
        for c in topo.candidates:
            if c.kind == "admin2":
                named.setdefault(key, set()).add((c.country, c.admin1, c.name))
            elif c.kind == "city" and c.admin2:
                holding.setdefault(key, set()).add((c.country, c.admin1, c.admin2))
    empty: set[_County] = set()
    return {
        key: (
            empty.union(*(v for k, v in named.items() if k != key)),
            empty.union(*(v for k, v in holding.items() if k != key)) if named.get(key) else empty,
        )
        for key in set(keys)
    }


def _near_any(cand: GazetteerEntry, points: set[tuple[float, float]]) -> bool:
    """Whether `cand` lies within NEAR_KM of any point (a cheap latitude test screens most out)."""
    return any(
        abs(cand.lat - lat) < NEAR_LAT_DEGREES and haversine_km(cand.lat, cand.lon, lat, lon) < NEAR_KM
        for lat, lon in points
    )


def _named_country(topo: Toponym) -> GazetteerEntry | None:
    """A country the surface names outright ("Mexico"): context must not pull it to a city."""
    if topo.within is not None:
        return None
    key = normalize_name(topo.text)
    named = [c for c in topo.candidates if c.kind in ("country", "admin1") and normalize_name(c.name) == key]
    countries = [c for c in named if c.kind == "country"]
    # "Georgia": the US state or the country, by context; but the State of Mexico lies in Mexico.
    if len(countries) != 1 or any(c.country != countries[0].country for c in named):
        return None
    return countries[0]


def _best(topo: Toponym) -> GazetteerEntry | None:
    if not topo.candidates:
        return None
    named_country = _named_country(topo)
    if named_country is not None:
        return named_country
    return topo.candidates[max(range(len(topo.scores)), key=topo.scores.__getitem__)]


def find_places(doc: Doc) -> tuple[PlaceMention, ...]:
    """Every toponym in `doc` with the place it most likely names (place=None when unknown)."""
    gaz = load_gazetteer()
    text = doc.text  # once: every `Doc.text` call rebuilds the article from its tokens
    toponyms = collect_toponyms(doc, gaz, text)
    _choose(toponyms, gaz, text)
    return tuple(
        PlaceMention(
            start=t.start, end=t.end, text=t.text, place=None if t.choice is None else t.choice.to_place()
        )
        for t in toponyms
    )

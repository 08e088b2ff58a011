"""The offline gazetteer: name keys, lookups, demonyms, coordinates of well-known places."""

from __future__ import annotations

import pytest

from newsgraph.extract.gazetteer import Gazetteer, haversine_km, load_gazetteer, normalize_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_normalize_name_folds_case_diacritics_and_punctuation() -> None:
    assert normalize_name("Saint-Étienne") == "saint etienne"
    assert normalize_name("the  U.S.") == "us"
    assert normalize_name("São Paulo") == normalize_name("SAO PAULO")


def test_haversine_known_distance() -> None:
    # Madrid to Barcelona is about 505 km
    assert 490 < haversine_km(40.4168, -3.7038, 41.3874, 2.1686) < 520
    assert haversine_km(10.0, 10.0, 10.0, 10.0) == pytest.approx(0.0)


def test_small_spanish_town_has_admin1_and_coordinates(gaz: Gazetteer) -> None:
    entries = gaz.lookup("el campello")
    assert entries, "El Campello should be in the gazetteer"
    town = entries[0]
    assert town.country == "ES"
    assert town.admin1 == "Valencia"
    assert haversine_km(town.lat, town.lon, 38.43, -0.40) < 5


def test_lookup_is_diacritic_insensitive_and_sorted_by_population(gaz: Gazetteer) -> None:
    entries = gaz.lookup("Paris")
    assert entries[0].country == "FR"
    assert any(e.country == "US" and e.admin1 == "Texas" for e in entries)
    assert [e.population for e in entries] == sorted((e.population for e in entries), reverse=True)
    assert gaz.lookup("Zürich")[0].country == gaz.lookup("Zurich")[0].country == "CH"


def test_country_admin1_and_region_entries(gaz: Gazetteer) -> None:
    usa = gaz.lookup("United States")[0]
    assert usa.kind == "country" and usa.country == "US"
    assert usa.to_place().precision == "country"
    texas = next(e for e in gaz.lookup("Texas") if e.kind == "admin1")
    assert texas.country == "US"
    assert haversine_km(texas.lat, texas.lon, 31.25, -99.25) < 250
    region = next(e for e in gaz.lookup("Middle East") if e.kind == "region")
    assert region.country is None and region.to_place().precision == "region"


def test_aliases_and_capitals(gaz: Gazetteer) -> None:
    assert gaz.lookup("U.K.")[0].country == "GB"
    washington_dc = gaz.lookup("Washington D.C.")[0]
    assert gaz.is_capital(washington_dc)
    assert haversine_km(washington_dc.lat, washington_dc.lon, 38.9, -77.04) < 20


@pytest.mark.parametrize(
    ("word", "code"),
    [("Spanish", "ES"), ("Palestinians", "PS"), ("Sri Lankan", "LK"), ("Egyptian", "EG"), ("Dutch", "NL")],
)
def test_demonyms_name_their_country(gaz: Gazetteer, word: str, code: str) -> None:
    entry = gaz.demonym_country(word)
    assert entry is not None and entry.country == code and entry.kind == "country"


def test_not_a_demonym(gaz: Gazetteer) -> None:
    assert gaz.demonym_country("Yesterday") is None

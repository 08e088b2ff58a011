"""Find toponyms in a parsed article and resolve them to gazetteer places.

1. Candidates: spaCy GPE/LOC entities (read past words the gazetteer lacks: "West Texas", "X
   province"); FAC and mislabelled ORG/PERSON entities when the gazetteer knows the name well;
   demonyms ("Spanish" -> Spain), also heading an organisation ("Swedish Coast Guard"); place names
   nested at the start of an organisation ("Alicante police"); untagged names in a list beside a
   found place; later bare repeats of a name already found.
2. "X, Y" patterns ("Paris, Texas", "Alexandria, La.") tie X to the unit Y names.
3. Resolution scores each candidate entry: a population/feature prior, then the article's context
   (its country focus, the admin1 units and counties it names, closeness to its other places), in
   two rounds.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.extract.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    haversine_km,
    load_gazetteer,
    normalize_name,
)
from newsgraph.model import PlaceMention

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span

# --- tuning constants (calibrated on the geo dev sets' error analysis, see evaluate/geo.py) ---
MAX_CANDIDATES = 40  # per name; beyond the 40 most populous the prior never wins anyway
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
# A non-place entity (ORG/PERSON) is taken as a place only when its name is this well known.
STRONG_CITY_POPULATION = 200_000

# "Washington" in news is the capital before the state of that name: 3.0 puts D.C. (690k people)
# above the state (6.5M, admin1 bonus) unless the article names the state's towns or lists it with
# other states (ADMIN1_CONTEXT_BONUS below); 2.0 left the state ahead in foreign-news articles.
CAPITAL_BONUS = 3.0
REGION_PSEUDO_POPULATION = 10_000_000  # "Gaza" (Strip) before a Mozambican province of that name


def _word_set(words: str) -> frozenset[str]:
    """A word list written as one string (tables of words read better as prose)."""
    return frozenset(words.split())


PLACE_LABELS = {"GPE", "LOC"}
DEMONYM_LABELS = {"NORP", "LANGUAGE", "PERSON"}
# Entity labels whose names often carry a place: "Alexandria Police", "University of Rochester".
HOST_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "PERSON", "NORP", "LAW"}
# Words that, right after a town name inside an organisation, mark it as that town's institution.
INSTITUTION_WORDS = _word_set(
    "police county city fire sheriff sheriff's sheriff’s department public high hospital council "
    "township town school schools library mayor municipal district parks state regional community "
    "chamber airport "
    # local bodies of US and UK local news ("Dayton Senior Center", "Marlow Federal Credit Union")
    "federal senior superior circuit commonwealth commonwealth's commonwealth’s recreation education "
    "board court college university museum center centre club foundation committee selectman "
    "selectmen reservoir zoo herald tribune gazette parish borough village water housing health "
    "medical area"
)
MAX_NGRAM = 4
# Single words that name admin units or towns somewhere ("Western", Ghana; "Centre", Burkina Faso;
# "Lakes", Alaska) but inside an organisation's name are only descriptive.
GENERIC_NAME_WORDS = _word_set(
    "north south east west northern southern eastern western central northwest northeast southwest "
    "southeast centre center coast valley lakes lake river island islands mountain park union "
    "capital metro national international maritime coastal highlands"
)
# A leading direction that narrows a known place: "West Texas", "Northern Ontario", "South London".
COMPASS_WORDS = _word_set("north south east west northern southern eastern western central upper lower")
MAX_DEMONYM_WORDS = 2  # "North American", "South Korean"
# A mislabelled ORG/PERSON name after one of these is a place ("crews were sent to El Campello").
LOCATIVE_WORDS = _word_set("in near outside from to at across around toward towards into through between")
# ...or when some reading of it lies this close to a place the article names outright.
PENDING_NEAR_KM = 60.0
# What follows an upper-case dateline: "KABUL —", "DAYTON --", "KABUL:", "LIMA (AP)".
DATELINE_MARKS = {",", "-", "—", "–", "(", ":"}
LEADING_WORDS = {"the", "The"}

# AP-style state abbreviations: local US news writes "Alexandria, La." and "Salem, Ore.".
AP_STATES: dict[str, str] = {
    "Ala": "Alabama",
    "Ariz": "Arizona",
    "Ark": "Arkansas",
    "Calif": "California",
    "Colo": "Colorado",
    "Conn": "Connecticut",
    "Del": "Delaware",
    "Fla": "Florida",
    "Ga": "Georgia",
    "Ill": "Illinois",
    "Ind": "Indiana",
    "Kan": "Kansas",
    "Kans": "Kansas",
    "Ky": "Kentucky",
    "La": "Louisiana",
    "Md": "Maryland",
    "Mass": "Massachusetts",
    "Mich": "Michigan",
    "Minn": "Minnesota",
    "Miss": "Mississippi",
    "Mo": "Missouri",
    "Mont": "Montana",
    "Neb": "Nebraska",
    "Nev": "Nevada",
    "N.H": "New Hampshire",
    "N.J": "New Jersey",
    "N.M": "New Mexico",
    "N.Y": "New York",
    "N.C": "North Carolina",
    "N.D": "North Dakota",
    "Okla": "Oklahoma",
    "Ore": "Oregon",
    "Pa": "Pennsylvania",
    "R.I": "Rhode Island",
    "S.C": "South Carolina",
    "S.D": "South Dakota",
    "Tenn": "Tennessee",
    "Tex": "Texas",
    "Va": "Virginia",
    "Vt": "Vermont",
    "Wash": "Washington",
    "W.Va": "West Virginia",
    "Wis": "Wisconsin",
    "Wyo": "Wyoming",
}


# A list of places: the joiner, then up to three capitalised words (the next name).
_NAME = r"((?:[A-Z][\w’'.-]*[\w])(?: [A-Z][\w’'.-]*[\w]){0,2})"
_AFTER_JOINER = re.compile(r"(?:, and |, or |, | and | or | & )" + _NAME)
_BEFORE_JOINER = re.compile(_NAME + r"(?:, and |, or |, | and | or | & )$")
_CAP_WORD = re.compile(r"[A-Z][\w’'.-]*[\w]")
_HYPHEN_TAIL = re.compile(r"-[A-Z][\w’']+")
MAX_LIST_STEPS = 8  # a list of counties or countries rarely runs longer between found names

# ", D-Beachwood" / "(R-Fairfax)" / ", D-N.D.": one capital letter for the party, then the home.
_PARTY_HOME = re.compile(r"(?:, |\()[DRI]-((?:[A-Z]\.)+|[A-Z][a-z]+(?: [A-Z][a-z]+)?)")


# A token as the scans below read it: (idx, length, pos id, sent_start, is_upper, is_alpha).
_TokenRow = tuple[int, int, int, int, int, int]


_County = tuple[str | None, str | None, str | None]  # (country, admin1, county name)


@dataclass
class _Toponym:
    start: int
    end: int
    text: str
    candidates: list[GazetteerEntry]
    within: GazetteerEntry | None = None  # the Y of an "X, Y" pattern
    scores: list[float] = field(default_factory=list)
    choice: GazetteerEntry | None = None


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


def _lookup(gaz: Gazetteer, text: str) -> list[GazetteerEntry]:
    """Gazetteer entries for a surface form, reading AP state abbreviations ("Ore.", "W. Va.")."""
    state = AP_STATES.get(text.rstrip(".").replace(". ", ".").replace(" ", ""))
    if state is not None:
        return [e for e in gaz.lookup(state) if e.kind == "admin1" and e.country == "US"]
    entries = gaz.lookup(text)
    if not entries and text.isupper() and len(text) > 3:  # datelines: "BEIRUT —"
        entries = gaz.lookup(text.title())
    return entries


def _lies_within(entry: GazetteerEntry, unit: GazetteerEntry) -> bool:
    if unit.kind == "country":
        return entry.country == unit.country and entry.kind != "country"
    if unit.kind == "admin1":
        return entry.country == unit.country and entry.admin1 == unit.admin1 and entry.kind != "admin1"
    return False


def _trimmed(span: Span) -> tuple[int, int, str]:
    """Character extent without a leading "the" or a trailing possessive."""
    tokens = list(span)
    while tokens and tokens[0].text in LEADING_WORDS:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in {"'s", "’s", "'", "’"}:
        tokens = tokens[:-1]
    if not tokens:
        return span.start_char, span.start_char, ""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # Slice the span's own text: `Doc.text` rebuilds the whole article on every call.
    return start, end, span.text[start - span.start_char : end - span.start_char]


def _is_strong(entries: list[GazetteerEntry]) -> bool:
    return any(
        e.kind in ("country", "admin1", "region")
        or (e.kind == "city" and e.population >= STRONG_CITY_POPULATION)
        for e in entries
    )


def _collect_toponyms(doc: Doc, gaz: Gazetteer, article: str) -> list[_Toponym]:
    found: dict[tuple[int, int], _Toponym] = {}

    def add(start: int, end: int, text: str, candidates: list[GazetteerEntry]) -> None:
        if start < end and (start, end) not in found:
            found[(start, end)] = _Toponym(start, end, text, candidates[:MAX_CANDIDATES])

    pending: list[_Toponym] = []  # whole ORG/PERSON names that match a place: kept if near one
    ents = list(doc.ents)  # `Doc.ents` builds new spans on every access
    place_names = {normalize_name(e.text) for e in ents if e.label_ in PLACE_LABELS}
    # Surnames of people named in full: "Williams" alone then means the person, not the town.
    person_words = {
        t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 and not _is_institutional(e) for t in e
    }
    for ent in ents:
        start, end, text = _trimmed(ent)
        if not text:
            continue
        if ent.label_ in PLACE_LABELS:
            start, end, text = _with_hyphenated_tail(article, gaz, start, end, text)
            if ", " in text:  # "Paris, Texas" tagged as one entity: two toponyms
                head, _, tail = text.partition(", ")
                add(start, start + len(head), head, _lookup(gaz, head))
                tail_start = start + len(head) + 2
                add(tail_start, end, tail, _lookup(gaz, tail))
                continue
            add(*_place_reading(start, end, text, gaz))
            continue
        # NORP; the model also reads "the English coast" as a language and "Estonian troops" as a name
        if ent.label_ in DEMONYM_LABELS and (ent.label_ == "NORP" or len(ent) == 1):
            country = gaz.demonym_country(text)
            if country is not None:
                add(start, end, text, [country])
                continue
        if ent.label_ not in HOST_LABELS:
            continue
        candidates = _lookup(gaz, text)
        previous = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if candidates and (
            ent.label_ == "FAC"
            or _is_strong(candidates)
            or normalize_name(text) in place_names
            or (ent.label_ == "PERSON" and len(ent) == 1 and text not in person_words)
            or (previous in LOCATIVE_WORDS and text not in person_words)
        ):
            add(start, end, text, candidates)
            continue
        if candidates and text not in person_words:
            pending.append(_Toponym(start, end, text, candidates[:MAX_CANDIDATES]))
            continue
        if ent.label_ != "PERSON" or _is_institutional(ent):  # "Dayton Fire Station 2" read as a person
            _add_embedded(ent, gaz, place_names, person_words, add)

    anchors = [t.candidates[0] for t in found.values() if t.candidates]
    for topo in pending:
        if any(
            c.kind == "city" and haversine_km(c.lat, c.lon, a.lat, a.lon) < PENDING_NEAR_KM
            for c in topo.candidates
            for a in anchors
        ):
            found.setdefault((topo.start, topo.end), topo)

    view = _token_view(doc)
    _add_datelines_and_abbreviations(article, view, found, gaz)
    _add_party_hometowns(article, found, gaz)
    _add_bare_repeats(article, view, ents, found, gaz)
    _add_list_members(article, ents, found, gaz)
    toponyms = sorted(found.values(), key=lambda t: t.start)
    _link_patterns(article, toponyms, gaz)
    return toponyms


def _with_hyphenated_tail(
    article: str, gaz: Gazetteer, start: int, end: int, text: str
) -> tuple[int, int, str]:
    """ "Guinea" tagged in "Guinea-Bissau", "Vest" in "Vest-Agder": take the whole name if it is known."""
    tail = _HYPHEN_TAIL.match(article, end)
    if tail is not None and gaz.contains(article[start : tail.end()]):
        return start, tail.end(), article[start : tail.end()]
    return start, end, text


def _place_reading(
    start: int, end: int, text: str, gaz: Gazetteer
) -> tuple[int, int, str, list[GazetteerEntry]]:
    """A place entity's toponym and candidates, reading past what the gazetteer does not list.

    "Kenyan" (a demonym tagged as a place) names Kenya; "West Texas" lies in Texas; in
    "Dayton City Schools" or "Kerman province" the toponym is the longest known leading name.
    """
    candidates = _lookup(gaz, text)
    if candidates:
        return start, end, text, candidates
    country = gaz.demonym_country(text)
    if country is not None:
        return start, end, text, [country]
    words = text.split(" ")
    if len(words) > 1 and words[0].lower() in COMPASS_WORDS:
        rest = _lookup(gaz, text[len(words[0]) + 1 :])
        if rest:
            return start, end, text, rest
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if words[n - 1].lower() not in GENERIC_NAME_WORDS and (head_candidates := _lookup(gaz, head)):
            return start, start + len(head), head, head_candidates
    return start, end, text, []


def _is_institutional(ent: Span) -> bool:
    """A name whose second word marks a town's institution ("Dayton Police", "Marlow Fire Chief")."""
    return len(ent) > 1 and ent[1].lower_ in INSTITUTION_WORDS


def _add_embedded(
    ent: Span,
    gaz: Gazetteer,
    place_names: set[str],
    person_words: set[str],
    add: Callable[[int, int, str, list[GazetteerEntry]], None],
) -> None:
    """Place names inside an organisation/facility name, longest first."""
    tokens = list(ent)
    i = 0
    while i < len(tokens):
        matched = 0
        for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
            if n == len(tokens):
                continue
            gram = tokens[i : i + n]
            if not all(t.is_title or t.is_upper for t in gram) or gram[0].text in LEADING_WORDS:
                continue
            if n == 1 and gram[0].lower_ in GENERIC_NAME_WORDS:  # "Eastern Health Board", "Exhibition Centre"
                continue
            if any(t.text in person_words for t in gram):
                continue
            text = ent.text[gram[0].idx - ent.start_char : gram[-1].idx + len(gram[-1].text) - ent.start_char]
            # "Swedish Coast Guard", "Italian Senate": the adjective names the country.
            country = gaz.demonym_country(text) if n <= MAX_DEMONYM_WORDS else None
            if country is not None:
                add(gram[0].idx, gram[-1].idx + len(gram[-1].text), text, [country])
                matched = n
                break
            candidates = _lookup(gaz, text)
            if not candidates:
                continue
            after = tokens[i + n].lower_ if i + n < len(tokens) else ""
            before = tokens[i - 1].lower_ if i > 0 else ""
            if (
                any(c.kind in ("country", "admin1", "region", "admin2") for c in candidates)
                or normalize_name(text) in place_names
                or after in INSTITUTION_WORDS
                or before == "of"
                or _is_strong(candidates)
            ):
                add(gram[0].idx, gram[-1].idx + len(gram[-1].text), text, candidates)
                matched = n
                break
        i += max(1, matched)


def _add_datelines_and_abbreviations(
    text: str, view: list[_TokenRow], found: dict[tuple[int, int], _Toponym], gaz: Gazetteer
) -> None:
    """Upper-case datelines NER skips ("TORRINGTON —") and the state in "Salem, Ore."."""
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    for topo in list(found.values()):
        rest = text[topo.end : topo.end + 12]
        if rest.startswith(", "):
            word = rest[2:].split(" ")[0].rstrip(",;:")
            if word.endswith(".") and word.rstrip(".") in AP_STATES:
                start = topo.end + 2
                if start not in covered:
                    found[(start, start + len(word))] = _Toponym(
                        start, start + len(word), word, _lookup(gaz, word)
                    )
    starts = [i for i in range(len(view)) if view[i][3] == 1 or i == 0]
    for first, sentence_end in zip(starts, [*starts[1:], len(view)], strict=True):
        idx, length, _, _, is_upper, _ = view[first]
        if not is_upper or length < 4 or idx in covered:
            continue
        words = [(idx, length)]
        for next_idx, next_length, _, _, upper, alpha in view[first + 1 : min(first + 4, sentence_end)]:
            if upper and alpha:
                words.append((next_idx, next_length))
            else:
                break
        for n in range(len(words), 0, -1):
            start, end = words[0][0], words[n - 1][0] + words[n - 1][1]
            candidates = _lookup(gaz, text[start:end])
            if candidates and text[end : end + 3].strip()[:1] in DATELINE_MARKS:
                found[(start, end)] = _Toponym(start, end, text[start:end], candidates)
                break


def _token_view(doc: Doc) -> list[_TokenRow]:
    """Per token (idx, length, pos, sent_start, is_upper, is_alpha), read in one array call.

    Building a spaCy `Token` per word for these scans cost more than the rest of geoparsing.
    """
    from spacy.attrs import IDX, IS_ALPHA, IS_UPPER, LENGTH, POS, SENT_START

    if len(doc) == 0:
        return []
    rows = doc.to_array([IDX, LENGTH, POS, SENT_START, IS_UPPER, IS_ALPHA]).astype("int64").tolist()
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _add_party_hometowns(text: str, found: dict[tuple[int, int], _Toponym], gaz: Gazetteer) -> None:
    """US politicians' party and home: "Sen. Ken Cuccinelli, R-Fairfax", "Byron Dorgan, D-N.D."."""
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    for match in _PARTY_HOME.finditer(text):
        start, end = match.span(1)
        place = match.group(1).rstrip(",")
        end = start + len(place)
        if start in covered:
            continue
        candidates = _lookup(gaz, place)
        us = [c for c in candidates if c.country == "US"]
        if us:
            found[(start, end)] = _Toponym(start, end, place, us[:MAX_CANDIDATES])


def _add_bare_repeats(
    text: str,
    view: list[_TokenRow],
    ents: list[Span],
    found: dict[tuple[int, int], _Toponym],
    gaz: Gazetteer,
) -> None:
    """Proper-noun tokens that repeat a single-word place already found but which NER missed."""
    known = {normalize_name(t.text) for t in found.values() if t.candidates and " " not in t.text}
    if not known:
        return
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    for ent in ents:
        covered.update(range(ent.start_char, ent.end_char))
    from spacy.parts_of_speech import PROPN

    for idx, length, pos, _, _, _ in view:
        if pos == PROPN and idx not in covered:
            word = text[idx : idx + length]
            if normalize_name(word) in known:
                found[(idx, idx + length)] = _Toponym(idx, idx + length, word, _lookup(gaz, word))


def _add_list_members(
    article: str, ents: list[Span], found: dict[tuple[int, int], _Toponym], gaz: Gazetteer
) -> None:
    """Names NER skipped inside a list of places: "Tyrol, Carinthia, Styria and Burgenland".

    A capitalised name joined by a list joiner to a place already found is taken when the
    gazetteer knows it as a place of the same sort: a country beside a country, or a place in the
    same country as its neighbour's best reading. Repeated so that a list is walked to its end.
    """
    people = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    frontier = [t for t in found.values() if t.candidates]
    for _ in range(MAX_LIST_STEPS):
        added: list[_Toponym] = []
        for anchor in frontier:
            for start, end in _list_neighbour_spans(article, anchor):
                if start in covered or any(s < end and start < e for s, e in people):
                    continue
                candidates = _compatible(_lookup(gaz, article[start:end]), anchor.candidates[0])
                if candidates:
                    topo = _Toponym(start, end, article[start:end], candidates[:MAX_CANDIDATES])
                    found[(start, end)] = topo
                    covered.update(range(start, end))
                    added.append(topo)
        if not added:
            return
        frontier = added


def _list_neighbour_spans(article: str, anchor: _Toponym) -> list[tuple[int, int]]:
    """Capitalised names right after or right before `anchor` across a list joiner, longest first."""
    spans: list[tuple[int, int]] = []
    after = _AFTER_JOINER.match(article, anchor.end)
    if after is not None:
        start = after.start(1)
        words = [m.span() for m in _CAP_WORD.finditer(after.group(1))]
        spans += [(start + words[0][0], start + words[n - 1][1]) for n in range(len(words), 0, -1)]
    before = _BEFORE_JOINER.search(article, max(0, anchor.start - 60), anchor.start)
    if before is not None:
        start = before.start(1)
        words = [m.span() for m in _CAP_WORD.finditer(before.group(1))]
        spans += [(start + words[n][0], start + words[-1][1]) for n in range(len(words))]
    return spans


def _compatible(candidates: list[GazetteerEntry], neighbour: GazetteerEntry) -> list[GazetteerEntry]:
    if neighbour.kind in ("country", "region"):
        return [c for c in candidates if c.kind == "country"]
    return [c for c in candidates if c.country == neighbour.country and c.kind != "country"]


def _link_patterns(text: str, toponyms: list[_Toponym], gaz: Gazetteer) -> None:
    """Mark "X, Y" where Y is a state/country (named or AP-abbreviated) as X lying within Y."""
    by_start = {t.start: t for t in toponyms}
    for topo in toponyms:
        rest = text[topo.end : topo.end + 20]
        if not rest.startswith(", "):
            continue
        nxt = by_start.get(topo.end + 2)
        unit: GazetteerEntry | None = None
        if nxt is not None:
            unit = next((c for c in nxt.candidates if c.kind in ("admin1", "country")), None)
        else:
            word = rest[2:].split(" ")[0].rstrip(".,;:")
            state = AP_STATES.get(word)
            if state:
                unit = next((c for c in gaz.lookup(state) if c.kind == "admin1" and c.country == "US"), None)
        if (
            unit is not None
            and any(_lies_within(c, unit) for c in topo.candidates)
            and not _names_a_peer(topo, unit)
        ):
            topo.within = unit


def _names_a_peer(topo: _Toponym, unit: GazetteerEntry) -> bool:
    """ "Iraq, Iran" or "Ohio, Indiana" is a list of peers, not a town in a state ("Arak" is also "Iraq")."""
    key = normalize_name(topo.text)
    return any(c.kind == unit.kind and normalize_name(c.name) == key for c in topo.candidates)


def _list_neighbours(toponyms: list[_Toponym], text: str) -> dict[int, list[_Toponym]]:
    """For each toponym (by position), the toponyms listed right beside it ("Oregon and Washington")."""
    result: dict[int, list[_Toponym]] = {}
    for index, (left, right) in enumerate(itertools.pairwise(toponyms)):
        if text[left.end : right.start] in LIST_JOINERS:
            result.setdefault(index, []).append(right)
            result.setdefault(index + 1, []).append(left)
    return result


def _choose(toponyms: list[_Toponym], gaz: Gazetteer, text: str) -> None:
    keys = [normalize_name(t.text) for t in toponyms]  # computed once: the rounds below are O(n^2)
    # Round 1: prior only (and patterns), to learn the article's focus.
    for topo, key in zip(toponyms, keys, strict=True):
        said_state = _says_state(text, topo)
        topo.scores = [
            _prior(c, key, gaz)
            + (PATTERN_BONUS if topo.within and _lies_within(c, topo.within) else 0.0)
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


def _says_state(text: str, topo: _Toponym) -> bool:
    """ "Washington state", "the state of Washington": the state, not the same-name city."""
    after = text[topo.end : topo.end + 7]
    return (after.startswith(" state") and not after[6:7].isalpha()) or text[
        max(0, topo.start - 9) : topo.start
    ].lower() == "state of "


def _county_context(
    toponyms: list[_Toponym], keys: list[str]
) -> dict[str, tuple[set[_County], set[_County]]]:
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


def _named_country(topo: _Toponym) -> GazetteerEntry | None:
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


def _best(topo: _Toponym) -> GazetteerEntry | None:
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
    toponyms = _collect_toponyms(doc, gaz, text)
    _choose(toponyms, gaz, text)
    return tuple(
        PlaceMention(
            start=t.start, end=t.end, text=t.text, place=None if t.choice is None else t.choice.to_place()
        )
        for t in toponyms
    )

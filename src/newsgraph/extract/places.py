"""Find toponyms in a parsed article and resolve them to gazetteer places.

1. Candidates: spaCy GPE/LOC entities; FAC and mislabelled ORG/PERSON entities when the gazetteer
   knows the name well; demonyms ("Spanish" -> Spain); place names nested at the start of an
   organisation ("Alicante police"); later bare repeats of a name already found.
2. "X, Y" patterns ("Paris, Texas", "Alexandria, La.") tie X to the unit Y names.
3. Resolution scores each candidate entry: a population/feature prior, then the article's context
   (its country focus, the admin1 units it names, closeness to its other places), in two rounds.
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

PLACE_LABELS = {"GPE", "LOC"}
# Entity labels whose names often carry a place: "Alexandria Police", "University of Rochester".
HOST_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "PERSON", "NORP", "LAW"}
# Words that, right after a town name inside an organisation, mark it as that town's institution.
INSTITUTION_WORDS = {
    "police",
    "county",
    "city",
    "fire",
    "sheriff",
    "sheriff's",
    "sheriff’s",
    "department",
    "public",
    "high",
    "hospital",
    "council",
    "township",
    "town",
    "school",
    "schools",
    "library",
    "mayor",
    "municipal",
    "district",
    "parks",
    "state",
    "regional",
    "community",
    "chamber",
    "airport",
}
MAX_NGRAM = 4
# A mislabelled ORG/PERSON name after one of these is a place ("crews were sent to El Campello").
LOCATIVE_WORDS = {
    "in",
    "near",
    "outside",
    "from",
    "to",
    "at",
    "across",
    "around",
    "toward",
    "towards",
    "into",
    "through",
    "between",
}
# ...or when some reading of it lies this close to a place the article names outright.
PENDING_NEAR_KM = 60.0
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


# ", D-Beachwood" / "(R-Fairfax)" / ", D-N.D.": one capital letter for the party, then the home.
_PARTY_HOME = re.compile(r"(?:, |\()[DRI]-((?:[A-Z]\.)+|[A-Z][a-z]+(?: [A-Z][a-z]+)?)")


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


def _collect_toponyms(doc: Doc, gaz: Gazetteer) -> list[_Toponym]:
    found: dict[tuple[int, int], _Toponym] = {}

    def add(start: int, end: int, text: str, candidates: list[GazetteerEntry]) -> None:
        if start < end and (start, end) not in found:
            found[(start, end)] = _Toponym(start, end, text, candidates[:MAX_CANDIDATES])

    pending: list[_Toponym] = []  # whole ORG/PERSON names that match a place: kept if near one
    place_names = {normalize_name(e.text) for e in doc.ents if e.label_ in PLACE_LABELS}
    # Surnames of people named in full: "Williams" alone then means the person, not the town.
    person_words = {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    for ent in doc.ents:
        start, end, text = _trimmed(ent)
        if not text:
            continue
        if ent.label_ in PLACE_LABELS:
            if ", " in text:  # "Paris, Texas" tagged as one entity: two toponyms
                head, _, tail = text.partition(", ")
                add(start, start + len(head), head, _lookup(gaz, head))
                tail_start = start + len(head) + 2
                add(tail_start, end, tail, _lookup(gaz, tail))
                continue
            add(start, end, text, _lookup(gaz, text))
            continue
        if ent.label_ == "NORP":
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
        if ent.label_ != "PERSON":
            _add_embedded(ent, gaz, place_names, person_words, add)

    anchors = [t.candidates[0] for t in found.values() if t.candidates]
    for topo in pending:
        if any(
            c.kind == "city" and haversine_km(c.lat, c.lon, a.lat, a.lon) < PENDING_NEAR_KM
            for c in topo.candidates
            for a in anchors
        ):
            found.setdefault((topo.start, topo.end), topo)

    _add_datelines_and_abbreviations(doc, found, gaz)
    _add_party_hometowns(doc, found, gaz)
    _add_bare_repeats(doc, found, gaz)
    toponyms = sorted(found.values(), key=lambda t: t.start)
    _link_patterns(doc, toponyms, gaz)
    return toponyms


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
            if any(t.text in person_words for t in gram):
                continue
            text = ent.text[gram[0].idx - ent.start_char : gram[-1].idx + len(gram[-1].text) - ent.start_char]
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
    doc: Doc, found: dict[tuple[int, int], _Toponym], gaz: Gazetteer
) -> None:
    """Upper-case datelines NER skips ("TORRINGTON —") and the state in "Salem, Ore."."""
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    text = doc.text
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
    for sent in doc.sents:
        first = sent[0]
        if not first.is_upper or len(first.text) < 4 or first.idx in covered:
            continue
        words = [first]
        for token in sent[1:4]:
            if token.is_upper and token.is_alpha:
                words.append(token)
            else:
                break
        for n in range(len(words), 0, -1):
            start, end = words[0].idx, words[n - 1].idx + len(words[n - 1].text)
            candidates = _lookup(gaz, text[start:end])
            if candidates and text[end : end + 3].strip()[:1] in {",", "-", "—", "–", "("}:
                found[(start, end)] = _Toponym(start, end, text[start:end], candidates)
                break


def _add_party_hometowns(doc: Doc, found: dict[tuple[int, int], _Toponym], gaz: Gazetteer) -> None:
    """US politicians' party and home: "Sen. Ken Cuccinelli, R-Fairfax", "Byron Dorgan, D-N.D."."""
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    for match in _PARTY_HOME.finditer(doc.text):
        start, end = match.span(1)
        place = match.group(1).rstrip(",")
        end = start + len(place)
        if start in covered:
            continue
        candidates = _lookup(gaz, place)
        us = [c for c in candidates if c.country == "US"]
        if us:
            found[(start, end)] = _Toponym(start, end, place, us[:MAX_CANDIDATES])


def _add_bare_repeats(doc: Doc, found: dict[tuple[int, int], _Toponym], gaz: Gazetteer) -> None:
    """Proper-noun tokens that repeat a single-word place already found but which NER missed."""
    known = {normalize_name(t.text) for t in found.values() if t.candidates and " " not in t.text}
    if not known:
        return
    covered = {i for t in found.values() for i in range(t.start, t.end)}
    for ent in doc.ents:
        covered.update(range(ent.start_char, ent.end_char))
    for token in doc:
        if token.pos_ == "PROPN" and token.idx not in covered and normalize_name(token.text) in known:
            end = token.idx + len(token.text)
            found[(token.idx, end)] = _Toponym(token.idx, end, token.text, _lookup(gaz, token.text))


def _link_patterns(doc: Doc, toponyms: list[_Toponym], gaz: Gazetteer) -> None:
    """Mark "X, Y" where Y is a state/country (named or AP-abbreviated) as X lying within Y."""
    text = doc.text
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
        if unit is not None and any(_lies_within(c, unit) for c in topo.candidates):
            topo.within = unit


def _list_neighbours(toponyms: list[_Toponym], text: str) -> dict[int, list[_Toponym]]:
    """For each toponym (by position), the toponyms listed right beside it ("Oregon and Washington")."""
    result: dict[int, list[_Toponym]] = {}
    for index, (left, right) in enumerate(itertools.pairwise(toponyms)):
        if text[left.end : right.start] in LIST_JOINERS:
            result.setdefault(index, []).append(right)
            result.setdefault(index + 1, []).append(left)
    return result


def _choose(toponyms: list[_Toponym], gaz: Gazetteer, text: str) -> None:
    # Round 1: prior only (and patterns), to learn the article's focus.
    for topo in toponyms:
        key = normalize_name(topo.text)
        topo.scores = [
            _prior(c, key, gaz) + (PATTERN_BONUS if topo.within and _lies_within(c, topo.within) else 0.0)
            for c in topo.candidates
        ]
        topo.choice = _best(topo)
    neighbours = _list_neighbours(toponyms, text)
    # Round 2: context from every other mention's round-1 choice.
    for _ in range(2):
        choices = [(t, t.choice) for t in toponyms if t.choice is not None]
        new_choices: list[GazetteerEntry | None] = []
        for index, topo in enumerate(toponyms):
            key = normalize_name(topo.text)
            others = [c for t, c in choices if normalize_name(t.text) != key]
            listed_kinds = {(t.choice.kind, t.choice.country) for t in neighbours.get(index, []) if t.choice}
            towns_in = {(c.country, c.admin1) for c in others if c.kind == "city" and c.admin1}
            countries = Counter(c.country for c in others if c.country)
            admin1s = {(c.country, c.admin1) for c in others if c.kind != "country" and c.admin1}
            total = max(1, sum(countries.values()))
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
                if cand.kind in ("city", "admin2") and any(
                    o.kind in ("city", "admin2") and haversine_km(cand.lat, cand.lon, o.lat, o.lon) < NEAR_KM
                    for o in others
                ):
                    score += NEAR_BONUS
                scores.append(score)
            named_country = _named_country(topo)
            if named_country is not None:
                new_choices.append(named_country)
                continue
            new_choices.append(
                topo.candidates[max(range(len(scores)), key=scores.__getitem__)] if scores else None
            )
        for topo, choice in zip(toponyms, new_choices, strict=True):
            topo.choice = choice


def _named_country(topo: _Toponym) -> GazetteerEntry | None:
    """A country the surface names outright ("Mexico"): context must not pull it to a city."""
    if topo.within is not None:
        return None
    key = normalize_name(topo.text)
    named = [c for c in topo.candidates if c.kind in ("country", "admin1") and normalize_name(c.name) == key]
    if len(named) != 1 or named[0].kind != "country":  # "Georgia": the state or the country, by context
        return None
    return named[0]


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
    toponyms = _collect_toponyms(doc, gaz)
    _choose(toponyms, gaz, doc.text)
    return tuple(
        PlaceMention(
            start=t.start, end=t.end, text=t.text, place=None if t.choice is None else t.choice.to_place()
        )
        for t in toponyms
    )

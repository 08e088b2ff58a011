"""Candidate toponyms in a parsed article, before any is resolved (`places.py` resolves them).

Where candidates come from: spaCy GPE/LOC entities (read past words the gazetteer lacks: "West Texas",
"X province"); FAC and mislabelled ORG/PERSON entities when the gazetteer knows the name well; demonyms
("Spanish" -> Spain), also heading an organisation ("Swedish Coast Guard"); place names nested at the
start of an organisation ("Alicante police"); datelines and AP state abbreviations; politicians' party
and home tags; untagged names in a list beside a found place; later bare repeats of a name already
found. "X, Y" patterns ("Paris, Texas") tie X to the unit Y names (`_link_patterns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.extract.gazetteer import Gazetteer, GazetteerEntry, haversine_km, normalize_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span

# --- tuning constants (calibrated on the geo dev sets' error analysis, see evaluate/geo.py) ---

# --- tuning constants (calibrated on the geo dev sets' error analysis, see evaluate/geo.py) ---
MAX_CANDIDATES = 40  # per name; beyond the 40 most populous the prior never wins anyway
# A non-place entity (ORG/PERSON) is taken as a place only when its name is this well known.
STRONG_CITY_POPULATION = 200_000


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


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    candidates: list[GazetteerEntry]
    within: GazetteerEntry | None = None  # the Y of an "X, Y" pattern
    scores: list[float] = field(default_factory=list)
    choice: GazetteerEntry | None = None


def _lookup(gaz: Gazetteer, text: str) -> list[GazetteerEntry]:
    """Gazetteer entries for a surface form, reading AP state abbreviations ("Ore.", "W. Va.")."""
    state = AP_STATES.get(text.rstrip(".").replace(". ", ".").replace(" ", ""))
    if state is not None:
        return [e for e in gaz.lookup(state) if e.kind == "admin1" and e.country == "US"]
    entries = gaz.lookup(text)
    if not entries and text.isupper() and len(text) > 3:  # datelines: "BEIRUT —"
        entries = gaz.lookup(text.title())
    return entries


def lies_within(entry: GazetteerEntry, unit: GazetteerEntry) -> bool:
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


def collect_toponyms(doc: Doc, gaz: Gazetteer, article: str) -> list[Toponym]:
    found: dict[tuple[int, int], Toponym] = {}

    def add(start: int, end: int, text: str, candidates: list[GazetteerEntry]) -> None:
        if start < end and (start, end) not in found:
            found[(start, end)] = Toponym(start, end, text, candidates[:MAX_CANDIDATES])

    pending: list[Toponym] = []  # whole ORG/PERSON names that match a place: kept if near one
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
            pending.append(Toponym(start, end, text, candidates[:MAX_CANDIDATES]))
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
    text: str, view: list[_TokenRow], found: dict[tuple[int, int], Toponym], gaz: Gazetteer
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
                    found[(start, start + len(word))] = Toponym(
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
                found[(start, end)] = Toponym(start, end, text[start:end], candidates)
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


def _add_party_hometowns(text: str, found: dict[tuple[int, int], Toponym], gaz: Gazetteer) -> None:
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
            found[(start, end)] = Toponym(start, end, place, us[:MAX_CANDIDATES])


def _add_bare_repeats(
    text: str,
    view: list[_TokenRow],
    ents: list[Span],
    found: dict[tuple[int, int], Toponym],
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
                found[(idx, idx + length)] = Toponym(idx, idx + length, word, _lookup(gaz, word))


def _add_list_members(
    article: str, ents: list[Span], found: dict[tuple[int, int], Toponym], gaz: Gazetteer
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
        added: list[Toponym] = []
        for anchor in frontier:
            for start, end in _list_neighbour_spans(article, anchor):
                if start in covered or any(s < end and start < e for s, e in people):
                    continue
                candidates = _compatible(_lookup(gaz, article[start:end]), anchor.candidates[0])
                if candidates:
                    topo = Toponym(start, end, article[start:end], candidates[:MAX_CANDIDATES])
                    found[(start, end)] = topo
                    covered.update(range(start, end))
                    added.append(topo)
        if not added:
            return
        frontier = added


def _list_neighbour_spans(article: str, anchor: Toponym) -> list[tuple[int, int]]:
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


def _link_patterns(text: str, toponyms: list[Toponym], gaz: Gazetteer) -> None:
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
            and any(lies_within(c, unit) for c in topo.candidates)
            and not _names_a_peer(topo, unit)
        ):
            topo.within = unit


def _names_a_peer(topo: Toponym, unit: GazetteerEntry) -> bool:
    """ "Iraq, Iran" or "Ohio, Indiana" is a list of peers, not a town in a state ("Arak" is also "Iraq")."""
    key = normalize_name(topo.text)
    return any(c.kind == unit.kind and normalize_name(c.name) == key for c in topo.candidates)

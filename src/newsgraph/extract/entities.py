"""Entities within one article: spaCy's NER, cleaned, typed, and resolved to one canonical name each.

"Kuzminov" after "Maksim Kuzminov" is the same PERSON; "GUR" in "the intelligence service (GUR)" is an
alias of that ORG. Headline and sub-heading lines are skipped: title-case fragments fool the tagger.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.model import Entity, EntityMention
from newsgraph.nlp.doc_cache import doc_text, token_strings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# spaCy labels kept as entities, and the type each becomes. PRODUCT in news is mostly hardware.
KEPT_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "FAC",
    "PRODUCT": "EQUIPMENT",
    "EVENT": "EVENT",
    "LAW": "LAW",
}
# Titles that precede a name but are not part of it ("President Vladimir Putin").
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "prime",
    "minister",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "capt",
    "captain",
    "maj",
    "major",
    "sgt",
    "officer",
    "chief",
    "judge",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "father",
    "rev",
    "reverend",
    "sheikh",
    "pilot",
    "commander",
}
# A heading line: short, no sentence-final punctuation. Calibrated on news pages: real sentences
# under 16 words almost always end in . ! ? " or ”; headings and sub-headings almost never do.
HEADING_MAX_WORDS = 16
# Longer unpunctuated lines are headings too when most of their words are capitalised (title case).
HEADING_TITLE_CASE_MAX_WORDS = 40
HEADING_TITLE_CASE_SHARE = 0.6
SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")")
# Military and civil hardware designators ("Mi-8", "Su-30SM", "F-16", "MiG-29", "T-72", "AK-47").
EQUIPMENT_RE = re.compile(
    r"\b(?:Mi|Su|MiG|Tu|Ka|Il|An|Yak|F|T|BMP|BTR|AK|S|MQ|AH|UH|CH|B|C|KC|Kh|RQ|HH|A|M|Be|Ty|J|H)"
    r"-\d{1,3}[A-Z]{0,4}\d?(?:\s+[A-Z][A-Za-z]{2,6}(?=\s))?\b"
)
ACRONYM_AFTER_RE = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")
POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class _Surface:
    start: int
    end: int
    text: str
    type: str


def _title_case_share(words: Sequence[str]) -> float:
    content = [w for w in words if len(w) > 3]
    return sum(1 for w in content if w[:1].isupper()) / len(content) if content else 0.0


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of heading-like lines (titles, sub-headings, bylines)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        words = stripped.split()
        if (
            words
            and not stripped.endswith(SENTENCE_END)
            and (
                len(words) <= HEADING_MAX_WORDS
                or (
                    len(words) <= HEADING_TITLE_CASE_MAX_WORDS
                    and _title_case_share(words) >= HEADING_TITLE_CASE_SHARE
                )
            )
        ):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _clean_span(ent: Span) -> tuple[int, int, str] | None:
    """Trim leading articles/honorifics and trailing possessives; None if nothing is left."""
    strings = token_strings(ent.doc)  # per-doc word lists: no `Token` objects per entity
    first, last = ent.start, ent.end
    while first < last and (
        strings.lowers[first] in {"the", "a", "an"}
        or (ent.label_ == "PERSON" and strings.lowers[first].rstrip(".") in HONORIFICS and last - first > 1)
    ):
        first += 1
    while first < last and strings.texts[last - 1] in {"'s", "’s", "'", "’", ",", ".", "-", "—"}:
        last -= 1
    if first == last:
        return None
    start, end = strings.idx[first], strings.idx[last - 1] + len(strings.texts[last - 1])
    raw = doc_text(ent.doc)[start:end]
    text = POSSESSIVE_RE.sub("", raw) if ent.label_ != "ORG" else raw
    end = start + len(text)
    if not text or not any(ch.isalpha() for ch in text):
        return None
    return start, end, text


def _surfaces(doc: Doc) -> list[_Surface]:
    article_text = doc_text(doc)
    headings = heading_spans(article_text)
    found: list[_Surface] = []
    for ent in doc.ents:
        kind = KEPT_LABELS.get(ent.label_)
        if (
            kind is None
            or "\n" in article_text[ent.start_char : ent.end_char]
            or _inside(headings, ent.start_char, ent.end_char)
        ):
            continue
        cleaned = _clean_span(ent)
        if cleaned is None:
            continue
        start, end, text = cleaned
        # A lone lower-case word is a tagging slip ("the pilot" tagged PERSON), not a name.
        if text.islower():
            continue
        found.append(_Surface(start, end, text, kind))
    taken = [(s.start, s.end) for s in found]
    for match in EQUIPMENT_RE.finditer(article_text):
        if _inside(headings, match.start(), match.end()):
            continue
        overlapping = [i for i, (s, e) in enumerate(taken) if s < match.end() and match.start() < e]
        for i in reversed(overlapping):  # the designator pattern is more precise than the tagger here
            del found[i]
            del taken[i]
        found.append(_Surface(match.start(), match.end(), match.group(0), "EQUIPMENT"))
        taken.append((match.start(), match.end()))
    found.sort(key=lambda s: s.start)
    return found


def _name_key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _canonical_people(surfaces: Iterable[_Surface]) -> dict[str, str]:
    """Map each PERSON surface to the longest full name it is part of ("Kuzminov" -> "Maksim Kuzminov")."""
    names = sorted({s.text for s in surfaces if s.type == "PERSON"}, key=lambda n: (-len(n.split()), n))
    canonical: dict[str, str] = {}
    full_names = [n for n in names if len(n.split()) > 1]
    for name in names:
        tokens = name.split()
        containing = [f for f in full_names if f != name and _token_subsequence(tokens, f.split())]
        if containing:
            # Several full names share the part ("Skripal" -> Sergei or Yulia): take the longest,
            # then the first alphabetically, so the choice is stable.
            canonical[name] = min(containing, key=lambda f: (-len(f.split()), f))
        else:
            canonical[name] = name
    # Follow chains ("Putin" -> "Vladimir Putin" -> "Vladimir Vladimirovich Putin").
    for name in list(canonical):
        seen = {name}
        while canonical[canonical[name]] != canonical[name] and canonical[name] not in seen:
            seen.add(canonical[name])
            canonical[name] = canonical[canonical[name]]
    return canonical


def _token_subsequence(part: Sequence[str], whole: Sequence[str]) -> bool:
    """True when `part` is a surname/last-names tail or a contiguous run of `whole`."""
    n = len(part)
    return any(list(whole[i : i + n]) == list(part) for i in range(len(whole) - n + 1))


def extract_entities(doc: Doc) -> tuple[tuple[EntityMention, ...], tuple[Entity, ...]]:
    """Entity mentions with canonical names, and the article's entities with their aliases."""
    surfaces = _surfaces(doc)
    people = _canonical_people(surfaces)
    person_tokens = {tok for name in people.values() for tok in name.split() if len(name.split()) > 1}

    # Acronyms written after a name: "Main Intelligence Directorate (GUR)".
    acronym_of: dict[str, str] = {}
    text = doc_text(doc)
    for s in surfaces:
        if s.type == "ORG":
            match = ACRONYM_AFTER_RE.match(text, s.end)
            if match:
                acronym_of[match.group(1)] = s.text

    typed: list[tuple[_Surface, str, str]] = []  # surface, canonical, type
    for s in surfaces:
        kind, canonical = s.type, s.text
        if kind == "PERSON":
            canonical = people[s.text]
        elif s.text in people.values() or (len(s.text.split()) == 1 and s.text in person_tokens):
            # A surname the tagger called ORG or GPE once, after it was a PERSON elsewhere.
            kind = "PERSON"
            canonical = people.get(s.text) or next(n for n in people.values() if s.text in n.split())
        elif kind == "ORG" and s.text in acronym_of:
            canonical = acronym_of[s.text]
        typed.append((s, canonical, kind))

    # One type per canonical name: the majority, ties broken by a fixed order.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for _, canonical, kind in typed:
        votes[_name_key(canonical)][kind] += 1
    order = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EQUIPMENT", "EVENT", "LAW"]
    chosen = {
        key: max(counter, key=lambda k: (counter[k], -order.index(k) if k in order else -99))
        for key, counter in votes.items()
    }

    mentions: list[EntityMention] = []
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    display: dict[tuple[str, str], str] = {}
    for s, canonical, _ in typed:
        key = _name_key(canonical)
        kind = chosen[key]
        mentions.append(EntityMention(start=s.start, end=s.end, text=s.text, label=kind, canonical=canonical))
        display.setdefault((key, kind), canonical)
        if s.text != canonical:
            aliases[(key, kind)].add(s.text)
    entities = tuple(
        Entity(
            id=Entity.make_id(name, kind), name=name, type=kind, aliases=tuple(sorted(aliases[(key, kind)]))
        )
        for (key, kind), name in sorted(display.items())
    )
    return tuple(mentions), entities

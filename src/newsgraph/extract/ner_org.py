"""Organisation names and name boundaries the statistical model gets wrong: used by `refine_entities`.

1. `split_name_spans`: a name span never holds a number, a bracket, a semicolon or a spaced dash.
   Scores and statistics glued to names ("Somerset 83", "J. Adams 123") are cut off, and spans
   that run across table cells ("Pohang 3 Ulsan 2", "Scott Draper ( Australia") are split into
   their capitalised parts.
2. `organisation_head_spans`: a capitalised sequence ending in an organisation head word
   ("... Bank", "... Party", "... Inc", "Ministry of ...") is an ORG, whether the model tagged it
   as something else or missed it.
3. `acronym_spans`: an acronym defined in brackets right after a name ("Moro National Liberation
   Front ( MNLF )") gets that name's label; the consistency steps then spread it to later mentions.
4. `fix_name_edges`: trailing lower-case words ("Xinhua news agency") and a leading month
   ("August Chicago NAPM") are cut; a one-letter initial joins the name after it ("K. Curran").
5. `organisation_short_names`: an organisation's first word alone names it ("Magna").
6. `drop_generic_words`: one-word "names" that are generic words ("CRICKET -", "Women 's 400m").
7. `age_apposition_people`: "Wang , 45 , was arrested" makes every "Wang" of the document a person.

Each was kept only when it raised strict F1 on CoNLL-2003 eng.testa (docs/eval/geo_ner.md).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.nlp.doc_cache import doc_memo, doc_text, token_strings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Labels whose spans are names (numeric labels such as DATE or MONEY legitimately hold numbers).
SPLITTABLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Tokens that never sit inside a name: brackets, list separators and spaced dashes.
SEPARATOR_TOKENS = frozenset({"(", ")", "[", "]", ";", "--", "—", '"', "|"})
# Dashes join hyphenated names and separate cells: a break only with a space before them.
SPACED_ONLY = frozenset({"-", "–"})
# First characters of the non-numeric separators (numbers are found by their first digit; a
# number starting with "." or "+" is found by these too).
_BREAKER_STARTS = frozenset('()[];-—–"|.+=:/,')
# A number, a score or a statistic ("83", "4-38", "429-7", "1/2", ".596", "13:06.45").
_NUMERIC = re.compile(r"^[\d.,:/\-+=]*\d[\d.,:/\-+=]*$")

# Last words of organisation names, in their usual capitalised form. A capitalised sequence ending
# in one is an ORG in news text; collected from general knowledge of company, party, government,
# sports and civil-society names (no corpus list).
ORG_HEAD_WORDS = frozenset(
    {
        "Inc",
        "Inc.",
        "Corp",
        "Corp.",
        "Corporation",
        "Co",
        "Co.",
        "Ltd",
        "Ltd.",
        "Limited",
        "Plc",
        "PLC",
        "plc",
        "AG",
        "SA",
        "S.A.",
        "NV",
        "N.V.",
        "GmbH",
        "LLC",
        "Group",
        "Holdings",
        "Bank",
        "Bancorp",
        "Party",
        "Ministry",
        "University",
        "College",
        "Council",
        "Commission",
        "Committee",
        "Agency",
        "Airlines",
        "Airways",
        "Club",
        "United",
        "FC",
        "Association",
        "Federation",
        "Union",
        "Institute",
        "Foundation",
        "Organisation",
        "Organization",
        "Authority",
        "Board",
        "Department",
        "Exchange",
        "Industries",
        "Motors",
        "Systems",
        "Technologies",
        "Communications",
        "Newsroom",
        "Police",
        "Army",
        "Navy",
        "Court",
        "Parliament",
        "Assembly",
        "Congress",
        "Senate",
        "Front",
        "Movement",
        "Office",
        "Service",
        "Securities",
        "Partners",
        "Trust",
        "Fund",
    }
)
# Heads that also open a name: "Ministry of Defence", "Bank of Japan", "University of Lagos".
ORG_OPENING_WORDS = frozenset(
    {"Ministry", "Bank", "University", "Department", "Council", "Commission", "Office", "Institute", "Board"}
)
# Labels an organisation head word overrides: a name ending in "Bank" is not a person or a place.
HEAD_OVERRIDES = frozenset({"PERSON", "GPE", "LOC", "NORP", "PRODUCT", "FAC", "WORK_OF_ART"})
# Heads that also end place names ("West Bank", "Soviet Union", "Russian Federation"): they do not
# override a place label.
PLACE_LIKE_HEADS = frozenset({"Bank", "Union", "Federation", "Front", "Assembly", "Court", "Office"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A name built from a head word alone is at most this many tokens long (keeps runaway title-case
# headlines out of the matches).
MAX_ORG_TOKENS = 8
# One-word labels a short name overrides: the model reads a lone company name as a person or place.
SHORT_NAME_OVERRIDES = frozenset({"PERSON", "PRODUCT"})
# Words that are never a name on their own: sport names that open wire headlines ("CRICKET - ..."),
# and nouns that open result-table headings ("Women 's 400 metres").
GENERIC_WORDS = frozenset(
    {
        *("cricket", "soccer", "football", "baseball", "basketball", "rugby", "hockey", "tennis", "golf"),
        *("athletics", "boxing", "cycling", "squash", "swimming", "rowing", "sailing", "skiing"),
        *("men", "women", "boys", "girls", "next"),
    }
)
# An initial ("K.", "A.J.") abbreviating a first name.
# Only one letter: "U.S.", "U.N." and "U.K." are abbreviations of places and organisations.
_INITIAL = re.compile(r"^[A-Z]\.$")
# Month names the model glues to the name after them ("August Chicago NAPM", "Sept Brent").
LEADING_MONTHS = frozenset(
    {
        *("january", "february", "march", "april", "june", "july", "august", "september", "october"),
        *("november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct"),
        *("nov", "dec"),
    }
)
# "Name , 45 ,": an age in an apposition; ages of people in the news, not scores (3 digits).
_AGE = re.compile(r"^(?:1[4-9]|[2-9]\d)$")
# Labels an age apposition overrides (a place or nationality is never followed by an age).
AGE_RELABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART"})
# Acronyms: 2 to 6 capitals (optionally with dots), matched against the name's initials.
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,6}$")


def relabelled(span: Span, label: str) -> Span:
    """A copy of `span` with another label (a Span's label is set on a new span, not on the old one)."""
    copy = span.doc[span.start : span.end]
    copy.label_ = label
    return copy


def _is_breaker(doc_chars: str, idx: int, text: str) -> bool:
    if text in SPACED_ONLY:
        # "Romania - Cosmin Contra" splits, "Anne-Gaelle" and "Itar-Tass" do not
        return idx > 0 and doc_chars[idx - 1].isspace()
    return text in SEPARATOR_TOKENS or _NUMERIC.match(text) is not None


@dataclass(frozen=True)
class _Marks:
    """Token positions the steps look for, found once per doc (they depend on the text only)."""

    breakers: tuple[int, ...]  # sorted: numbers and separators
    initials: frozenset[int]  # "K."
    acronym_brackets: frozenset[int]  # i where tokens i..i+2 read "( ACRONYM )"


def _marks(doc: Doc) -> _Marks:
    return doc_memo(doc, "ner_org_marks", _find_marks)


def _find_marks(doc: Doc) -> _Marks:
    texts = token_strings(doc).texts
    chars = doc_text(doc)
    offsets = token_strings(doc).idx
    n = len(texts)
    breakers: list[int] = []
    initials: set[int] = set()
    brackets: set[int] = set()
    for i, text in enumerate(texts):
        first = text[:1]
        if first.isdigit() or first in _BREAKER_STARTS:
            if _is_breaker(chars, offsets[i], text):
                breakers.append(i)
            if text == "(" and i + 2 < n and texts[i + 2] == ")" and _ACRONYM.match(texts[i + 1]):
                brackets.add(i)
        elif len(text) == 2 and _INITIAL.match(text):
            initials.add(i)
    return _Marks(tuple(breakers), frozenset(initials), frozenset(brackets))


def split_name_spans(doc: Doc, spans: list[Span]) -> list[Span]:
    """Name spans cut at numbers and separators; parts that do not start capitalised are dropped."""
    breakers = _marks(doc).breakers
    if not breakers:
        return spans
    breaker_set = set(breakers)
    texts = token_strings(doc).texts
    result: list[Span] = []
    for span in spans:
        start, end = span.start, span.end
        first_breaker = bisect.bisect_left(breakers, start)
        if first_breaker == len(breakers) or breakers[first_breaker] >= end:
            result.append(span)
            continue
        label = span.label_
        if label not in SPLITTABLE_LABELS:
            result.append(span)
            continue
        for i in range(start, end + 1):
            if i == end or i in breaker_set:
                if start < i and texts[start][:1].isupper():
                    part = doc[start:i]
                    part.label_ = label
                    result.append(part)
                start = i + 1
    return result


def _is_name_word(text: str, is_title: bool, is_upper: bool) -> bool:
    return (is_title or is_upper or text in ORG_HEAD_WORDS) and text[:1].isalpha()


def organisation_head_spans(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans ending in an organisation head word become ORG; untagged such names are added as ORG."""
    strings = token_strings(doc)
    texts = strings.texts
    heads = [i for i, text in enumerate(texts) if text in ORG_HEAD_WORDS]
    if not heads:
        return spans
    result: list[Span] = []
    for span in spans:
        last_word = texts[span.end - 1]
        if (
            last_word in ORG_HEAD_WORDS
            and span.end - span.start > 1
            and span.label_ in HEAD_OVERRIDES
            and not (span.label_ in PLACE_LABELS and last_word in PLACE_LIKE_HEADS)
        ):
            result.append(relabelled(span, "ORG"))
        else:
            result.append(span)
    covered = {i: span for span in result for i in range(span.start, span.end)}
    for head in heads:
        if head in covered:
            continue
        start = head
        # walk left over capitalised words (and an "&" between two of them)
        while start > 0 and head - start < MAX_ORG_TOKENS:
            j = start - 1
            if strings.is_space[j] or (j in covered and covered[j].label_ != "ORG"):
                break  # a person or place before the head is not part of the name ("German Foreign Ministry")
            if _is_name_word(texts[j], strings.is_title[j], strings.is_upper[j]) or (
                texts[j] == "&" and j > 0 and strings.is_title[j - 1]
            ):
                start = j
            else:
                break
        while start < head and (texts[start] == "&" or strings.lowers[start] == "the"):
            start += 1
        end = head + 1
        if texts[head] in ORG_OPENING_WORDS and end + 1 < len(texts) and texts[end] == "of":
            # "Ministry of Defence", "Bank of Japan": "of" and the capitalised words after it
            after = end + 1
            while after < len(texts) and strings.is_title[after] and after - start < MAX_ORG_TOKENS:
                after += 1
            if after > end + 1:
                end = after
        if end - start < 2:
            continue
        inside = [s for s in result if start <= s.start and s.end <= end]
        if any(s.start < end and start < s.end for s in result if s not in inside):
            continue  # crosses another entity's edge: leave both alone
        if any(s.start == start and s.end == end for s in inside):
            continue
        result = [s for s in result if s not in inside]
        found = doc[start:end]
        found.label_ = "ORG"
        result.append(found)
        covered.update((i, found) for i in range(start, end))
    return result


def acronym_spans(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Full Name ( ACRONYM )': the acronym gets the full name's label when its initials fit."""
    brackets = _marks(doc).acronym_brackets
    if not brackets:
        return spans
    texts = token_strings(doc).texts
    covered = {i for span in spans for i in range(span.start, span.end)}
    added: list[Span] = []
    for span in spans:
        i = span.end
        if (
            i in brackets
            and i + 1 not in covered
            and _initials_fit(texts[i + 1], texts[span.start : span.end])
        ):
            acronym = doc[i + 1 : i + 2]
            acronym.label_ = span.label_
            added.append(acronym)
    return spans + added if added else spans


def _initials_fit(acronym: str, words: tuple[str, ...]) -> bool:
    letters = [ch for ch in acronym if ch.isalpha()]
    initials = [w[0] for w in words if w[:1].isupper()]
    return (
        bool(letters) and letters[0] == (initials[0] if initials else "") and len(letters) <= len(words) + 1
    )


def organisation_short_names(doc: Doc, spans: list[Span], places: frozenset[str]) -> list[Span]:
    """'Magna International Inc' ... 'Magna': an ORG's first word, alone, names the same ORG.

    Only words that are not place names ("Chicago" of "Chicago Bulls" stays a place) nor head
    words ("Bank" of "Bank of Japan") are taken as short names.
    """
    texts = token_strings(doc).texts
    short: set[str] = set()
    for span in spans:
        if span.label_ == "ORG" and len(span) > 1:
            first = texts[span.start]
            if first[:1].isupper() and len(first) > 1 and first not in ORG_HEAD_WORDS and first not in places:
                short.add(first)
    if not short:
        return spans
    result: list[Span] = []
    for span in spans:
        if len(span) == 1 and span.label_ in SHORT_NAME_OVERRIDES and texts[span.start] in short:
            result.append(relabelled(span, "ORG"))
        else:
            result.append(span)
    return result


def drop_generic_words(doc: Doc, spans: list[Span]) -> list[Span]:
    """One-word 'names' that are generic words (sport names in wire slugs, "Men 's 100 metres")."""
    lowers = token_strings(doc).lowers
    return [span for span in spans if not (len(span) == 1 and lowers[span.start] in GENERIC_WORDS)]


def fix_name_edges(doc: Doc, spans: list[Span]) -> list[Span]:
    """Edges of name spans: a leading month ("August Chicago NAPM") and trailing lower-case words
    ("Xinhua news agency") are cut; an initial before a name joins it ("K." + "Curran" -> a person).
    """
    strings = token_strings(doc)
    texts, lowers = strings.texts, strings.lowers
    initials = _marks(doc).initials
    covered = {i for span in spans for i in range(span.start, span.end)} if initials else set()
    result: list[Span] = []
    for span in spans:
        start, end = span.start, span.end
        if not (
            texts[end - 1][:1].islower()
            or lowers[start] in LEADING_MONTHS
            or start in initials
            or start - 1 in initials
        ):
            result.append(span)  # the common case, decided without reading the label
            continue
        label = span.label_
        if label not in SPLITTABLE_LABELS:
            result.append(span)
            continue
        while end - start > 1 and texts[end - 1][:1].islower() and texts[end - 1].isalpha():
            end -= 1
        while end - start > 1 and lowers[start] in LEADING_MONTHS:
            start += 1
        if start in initials and end - start == 1:
            # a lone initial: the name it abbreviates follows it
            if end < len(texts) and end not in covered and strings.is_title[end]:
                end += 1
                label = "PERSON"
        elif start - 1 in initials and start - 1 not in covered and texts[start][:1].isupper():
            start -= 1
            if end - start == 2:
                label = "PERSON"
        if (start, end, label) == (span.start, span.end, span.label_):
            result.append(span)
            continue
        fixed = doc[start:end]
        fixed.label_ = label
        result.append(fixed)
    return result


def age_apposition_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Wang , 45 , was arrested': a name followed by an age between commas is a person, and so is
    every other mention of the same name in the document (the model often calls a lone surname
    an ORG)."""
    texts = token_strings(doc).texts
    n = len(texts)
    people: set[tuple[str, ...]] = set()
    for span in spans:
        end = span.end
        if (
            end + 2 < n
            and texts[end] == ","
            and texts[end + 2] == ","
            and _AGE.match(texts[end + 1])
            and span.label_ in AGE_RELABELS
        ):
            people.add(texts[span.start : end])
    if not people:
        return spans
    result: list[Span] = []
    for span in spans:
        if texts[span.start : span.end] in people and span.label_ in AGE_RELABELS and span.label_ != "PERSON":
            result.append(relabelled(span, "PERSON"))
        else:
            result.append(span)
    return result

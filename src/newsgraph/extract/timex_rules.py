"""The rule table for time expressions: one compiled pattern and one normaliser per kind.

Each rule's pattern finds candidate extents; `dates.py` keeps the longest non-overlapping ones
and then asks the rule's normaliser for the TimeML type and value, in text order.
Extents follow the TimeML/TIMEX3 guidelines as TempEval-3 applies them: determiners and
modifiers belong to the expression ("the past three months", "early 1990", "more than four
hours", "a year ago"); prepositions do not ("in", "on", "for").
A normaliser returns None to reject a candidate ("May" the verb, "February 30").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.extract.timex_calendar import (
    MIN_YEAR,
    MOD_RE,
    Found,
    Normaliser,
    decade,
    full_date,
    month_alone,
    month_year,
    numeric_date,
    spelled_year,
    year_alone,
)
from newsgraph.extract.timex_lexicon import (
    DAY_ORDINAL_RE,
    MONTH_RE,
    NUMBER_RE,
    NUMBER_WORD_RE,
    PART_OF_DAY_RE,
    UNIT_RE,
    UNIT_SINGULAR_RE,
    WEEKDAY_RE,
)
from newsgraph.extract.timex_relative import (
    ago,
    clock_time,
    day_word,
    duration,
    half_year,
    hyphen_duration,
    latest_period,
    quarter,
    quarter_relative,
    reference_word,
    relative_unit,
    set_adverb,
    set_every,
    the_year,
    vague_duration,
    weekday,
    year_ago_adjective,
    year_end,
    year_period,
    year_two_thousand,
)

__all__ = ["MIN_YEAR", "RULES", "Found", "Normaliser", "Rule"]

# ---------------------------------------------------------------- the table
_NUM = NUMBER_RE
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_RULES: list[tuple[str, str, Normaliser]] = [
    (
        "full_date",
        rf"(?:{WEEKDAY_RE},?\s+)?{MOD_RE}(?P<month>{MONTH_RE})\s+(?P<day>{DAY_ORDINAL_RE})\b"
        rf"(?:,?\s+(?P<year>{_YEAR})\b)?",
        full_date,
    ),
    (
        "full_date_dmy",
        rf"(?:{WEEKDAY_RE},?\s+)?{MOD_RE}(?:the\s+)?(?P<day>\d{{1,2}}(?:st|nd|rd|th)?)\s+(?:of\s+)?"
        rf"(?P<month>{MONTH_RE})(?:,?\s+(?P<year>{_YEAR})\b)?",
        full_date,
    ),
    ("iso_date", rf"\b(?P<year>{_YEAR})-(?P<mon>\d\d)-(?P<day>\d\d)\b", numeric_date),
    ("us_date", r"\b(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d\d)\b", numeric_date),
    ("month_year", rf"{MOD_RE}(?P<month>{MONTH_RE}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b", month_year),
    (
        "month_alone",
        rf"{MOD_RE}(?:(?P<rel>last|next|this|this\s+past|this\s+coming|past|coming)\s+)?"
        rf"(?P<month>{MONTH_RE})(?![-\w])(?!\s+(?-i:[A-Z][a-z]))",
        month_alone,
    ),
    (
        "year",
        rf"(?<![\w$#.,-]){MOD_RE}(?:(?:fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?)\s+)?"
        rf"(?P<year>{_YEAR})(?![\w-]|,\d|\.\d|\s*%)",
        year_alone,
    ),
    (
        "decade",
        rf"{MOD_RE}(?:the\s+)?(?:(?P<decade>1[89]\d0|20\d0)'?s|'(?P<short>\d)0s|(?P<word>twenties|thirties"
        r"|forties|fifties|sixties|seventies|eighties|nineties))\b",
        decade,
    ),
    (
        "spelled_year",
        r"(?:(?P<month>January|February|March|April|May|June|July|August|September|October|November"
        r"|December)\s+)?(?P<century>nineteen|twenty)\s+(?P<rest>ten|eleven|twelve|thirteen|fourteen"
        r"|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty"
        r"|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)\b",
        spelled_year,
    ),
    (
        "relative_unit",
        rf"{MOD_RE}(?P<rel>last|this|next|this\s+past|this\s+coming|(?:the\s+)?(?:past|previous|prior"
        r"|coming|following|current|same|latest|present)|the\s+last|the\s+next|previous|coming)\s+"
        r"(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter"
        r"|fiscal\s+year|financial\s+year)\b(?!-)",
        relative_unit,
    ),
    (
        "the_season",
        r"(?:(?P<rel>the)\s+)?(?:(?P<mod>early|late|mid)[-\s]+)?(?P<unit>weekend|spring|summer|fall|autumn"
        r"|winter)\b(?<=\w)",
        relative_unit,
    ),
    (
        "the_year",
        r"\bthe\s+(?:(?P<full>full|whole|entire|fiscal)\s+)?year\b(?P<ending>\s+end(?:ing|ed)\b)?",
        the_year,
    ),
    (
        "year_two_thousand",
        r"\bthe\s+year\s+two\s+thousand(?:\s+and\s+(?P<rest>one|two|three|four|five|six|seven|eight|nine|ten))?\b",
        year_two_thousand,
    ),
    ("year_end", r"\byear[-\s]end\b", year_end),
    ("for_units", r"(?<=for\s)(?P<unit>days|weeks|months|years|decades|centuries)\b", vague_duration),
    (
        "the_year_period",
        rf"\bthe\s+(?P<year>{_YEAR})\s+(?P<what>quarter|period|fiscal\s+year|year)\b",
        year_period,
    ),
    (
        "ago",
        rf"(?:(?P<approx>about|nearly|almost|some|roughly|around|more\s+than|less\s+than|over|just|only)\s+)?"
        rf"(?:(?P<num>{_NUM})\s+)?(?P<unit>{UNIT_RE})\s+(?P<dir>ago|earlier|from\s+now|hence)",
        ago,
    ),
    (
        "day_word",
        rf"{MOD_RE}(?P<word>yesterday|today|tomorrow|tonight)(?:\s+(?P<part>{PART_OF_DAY_RE}))?\b",
        day_word,
    ),
    ("this_part", rf"{MOD_RE}(?P<word>this|last)\s+(?P<part>{PART_OF_DAY_RE})\b", day_word),
    (
        "weekday",
        rf"{MOD_RE}(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past)\s+)?(?P<wd>{WEEKDAY_RE})"
        rf"(?:\s+(?P<part>{PART_OF_DAY_RE}))?\b",
        weekday,
    ),
    (
        "clock",
        r"(?:(?P<approx>about|around|approximately|at\s+about|shortly\s+after|shortly\s+before|just\s+after"
        r"|just\s+before)\s+)?(?:(?P<hour>\d{1,2})(?:[:.](?P<min>\d\d))?\s*(?P<ampm>[ap]\.\s?m\.?|[ap]m\b"
        r"|o'clock)|(?P<named>noon|midnight))(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?",
        clock_time,
    ),
    (
        "clock_24h",
        r"(?P<hour>[0-2]\d)[:.](?P<min>[0-5]\d)\s+(?:GMT|UTC|local\s+time)(?P<approx>)(?P<ampm>)"
        r"(?P<named>)",
        clock_time,
    ),
    (
        "duration",
        rf"(?:(?P<approx>more\s+than|less\s+than|at\s+least|at\s+most|nearly|almost|about|around|roughly"
        rf"|approximately|over|under|up\s+to|some)\s+)?(?:(?:the\s+)?(?P<rel>past|last|next|first|coming"
        rf"|previous|following|final|latest|remaining)\s+)?(?P<num>{_NUM})\s+(?:more\s+|additional\s+"
        rf"|straight\s+|consecutive\s+|full\s+|(?:trading|business|working|calendar)\s+)?(?P<unit>{UNIT_RE})"
        r"\b(?!-)",
        duration,
    ),
    (
        "vague_duration",
        r"(?:the\s+)?(?:recent|coming|past\s+few|last\s+few|next\s+few|several|many)\s+(?P<unit>days|weeks"
        r"|months|years|decades)\b",
        vague_duration,
    ),
    (
        "hyphen_duration",
        rf"\b(?P<num>\d+|{NUMBER_WORD_RE})-(?P<unit>{UNIT_SINGULAR_RE})(?:-long)?\b(?!-old)",
        hyphen_duration,
    ),
    (
        "set_adverb",
        r"\b(?:daily|nightly|weekly|biweekly|monthly|quarterly|yearly|annually|hourly|semiannually)\b",
        set_adverb,
    ),
    (
        "set_every",
        rf"\b(?:every|each|per)\s+(?:(?P<num>other|two|three|four|five|six|\d+)\s+)?(?P<unit>{UNIT_RE}"
        rf"|{WEEKDAY_RE}|morning|evening|night|spring|summer|fall|autumn|winter)\b",
        set_every,
    ),
    (
        "set_times",
        r"\b(?:once|twice|(?:three|four|five|six|\d+)\s+times)\s+(?:a|an|per|each)\s+"
        r"(?P<unit>day|week|month|year)(?P<num>)\b",
        set_every,
    ),
    (
        "quarter",
        rf"{MOD_RE}(?:the\s+)?(?P<pre>(?:(?:year-ago|year-earlier|current|latest|last\s+year's"
        rf"|this\s+year's|fiscal|(?P<yearpre>{_YEAR}))\s+)*)(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
        rf"[-\s](?:fiscal\s+|calendar\s+)?quarter(?P<plural>s)?\b(?:\s+of\s+(?:fiscal\s+)?(?P<year>{_YEAR}))?",
        quarter,
    ),
    (
        "quarter_relative",
        r"\bthe\s+(?:(?P<rel>current|latest|last|previous|past|most\s+recent|same|next|year-ago"
        r"|year-earlier)\s+)?(?:fiscal\s+)?quarter\b(?![-\s]+(?:of|century))",
        quarter_relative,
    ),
    (
        "year_ago_adjective",
        r"\b(?:the\s+)?year-(?:ago|earlier)(?:\s+(?:period|quarter))?",
        year_ago_adjective,
    ),
    ("latest_period", r"\bthe\s+(?:latest|current|most\s+recent)\s+period\b", latest_period),
    (
        "half_year",
        rf"\bthe\s+(?P<which>first|second)\s+half(?:\s+of\s+(?:the\s+year|(?:fiscal\s+)?(?P<year>{_YEAR})))?",
        half_year,
    ),
    (
        "reference",
        r"\b(?:more\s+recently|recently|lately|currently|nowadays|these\s+days|at\s+present|the\s+present"
        r"(?!\s+(?:case|study|system|government|day|situation))|now|soon|the\s+near\s+future|the\s+future"
        r"|a\s+later\s+date|the\s+short\s+term|the\s+coming\s+years|the\s+past|as\s+soon\s+as\s+possible)\b(?!\s*-)(?!\s+as\b|\s+after\b)",
        reference_word,
    ),
]


# What every match of a rule contains (a part every alternative of its pattern must match), so that
# the rule's full pattern is only tried in stretches of text that hold it: most stretches lack most
# rules' words ("ago", a month name, "quarter"), and finding a word is far faster than running the
# rule. Each entry must be NECESSARY for a match, never merely typical, or matches would be lost
# (tests/extract/test_timex_needs.py checks it on sample text). A rule without an entry always runs.
# Entries are lower case: `dates.py` looks for them in the lower-cased text (plain words with
# `str.find`), or in the text itself, case-insensitively, when lower-casing could hide a match.
_MONTH_STEMS = (  # every MONTH_RE alternative, lower-cased
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept\.|sep\.|oct\.|nov\.|dec\."
)
_NEEDS: dict[str, str] = {
    "full_date": _MONTH_STEMS,
    "full_date_dmy": _MONTH_STEMS,
    "iso_date": r"\d-\d",
    "us_date": r"\d/\d",
    "month_year": _MONTH_STEMS,
    "month_alone": _MONTH_STEMS,
    "year": r"\d\d\d\d",
    "decade": r"0'?s|ties",
    "spelled_year": r"nineteen|twenty",
    "relative_unit": r"week|month|year|quarter|decade|century|spring|summer|fall|autumn|winter",
    "the_season": r"weekend|spring|summer|fall|autumn|winter",
    "the_year": r"year",
    "year_two_thousand": r"thousand",
    "year_end": r"year[-\s]end",
    "for_units": r"days|weeks|months|years|decades|centuries",
    "the_year_period": r"\d\d\d\d",
    "ago": r"ago|earlier|now|hence",
    "day_word": r"yesterday|today|tomorrow|tonight",
    "this_part": r"morning|afternoon|evening|night",  # PART_OF_DAY_RE
    "weekday": r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",  # WEEKDAY_RE
    "clock": r"[ap]\.\s?m|[ap]m|o'clock|noon|midnight",
    "clock_24h": r"gmt|utc|local",
    "duration": r"second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur",
    "vague_duration": r"days|weeks|months|years|decades",
    "hyphen_duration": rf"-{UNIT_SINGULAR_RE}",
    "set_adverb": r"daily|nightly|weekly|monthly|quarterly|yearly|annually|hourly",
    "set_every": r"every|each|per",
    "set_times": r"once|twice|times",
    "quarter": r"quarter",
    "quarter_relative": r"quarter",
    "year_ago_adjective": r"year-(?:ago|earlier)",
    "latest_period": r"period",
    "half_year": r"half",
    "reference": r"recent|lately|current|now|days|present|soon|future|later|term|years|past",
}


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    normalise: Normaliser
    # What every match contains (`_NEEDS`), three ways: case-insensitive pattern, pattern for the
    # lower-cased text, and plain words (when the entry is only words); None: no filter.
    needs: re.Pattern[str] | None = None
    needs_lower: re.Pattern[str] | None = None
    needs_words: tuple[str, ...] | None = None


def _words_of(needs: str) -> tuple[str, ...] | None:
    """The literal words of an entry that is only words ("ago|earlier", "jan\\.|feb\\."), else None."""
    if not re.fullmatch(r"[a-z]+(?:\\\.)?(?:\|[a-z]+(?:\\\.)?)*", needs):
        return None
    return tuple(word.replace("\\.", ".") for word in needs.split("|"))


def _rule(name: str, source: str, normalise: Normaliser) -> Rule:
    needs = _NEEDS.get(name)
    return Rule(
        name,
        re.compile(rf"(?<![\w'])(?=[\w'])(?:{source})", re.IGNORECASE),
        normalise,
        re.compile(needs, re.IGNORECASE) if needs else None,
        re.compile(needs) if needs else None,
        _words_of(needs) if needs else None,
    )


# Every rule needs a word start: skipping positions inside words makes the scan ~3x faster.
RULES: tuple[Rule, ...] = tuple(_rule(name, source, fn) for name, source, fn in _RULES)

# Every expression contains one of these words; the rules only run in windows around them.
# The leading lookahead only lets the scan skip positions that start neither a digit nor a word fast
# (~40% quicker); it matches exactly where the alternation could.
TRIGGER = re.compile(
    r"(?=[\dA-Za-z])(?:\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|second|minute"
    r"|hour|day|night|week|fortnight|month|quarter|year|decade|centur|spring|summer|fall|autumn|winter"
    r"|half|period|yesterday|today|tomorrow|tonight|morning|afternoon|evening|noon|midnight|now|current"
    r"|recent|lately|present|future|past|soon|later|daily|nightly|weekly|biweekly|monthly|yearly|annually"
    r"|hourly|semiannually|nineteen|twenty|twenties|thirties|forties|fifties|sixties|seventies|eighties"
    r"|nineties))",
    re.IGNORECASE,
)
# How far an expression reaches from its trigger word ("at least the first two quarters of 1990").
TRIGGER_REACH = 60

"""Normalisers for calendar expressions: written dates, months, years, decades.

Part of the time-expression rules (see `timex_rules.py` for the table and the conventions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from newsgraph.extract.timex_context import Context
from newsgraph.extract.timex_lexicon import (
    month_number,
    parse_day,
    parse_number,
    safe_date,
)
from newsgraph.model import TimexType

# Years outside this range are read as plain numbers ("5000 troops", "1200 km").
MIN_YEAR, MAX_YEAR = 1800, 2099


@dataclass(frozen=True)
class Found:
    """What a normaliser says about one candidate."""

    type: TimexType
    value: str
    mod: str | None = None
    clock: bool = False  # a bare clock time, to be joined with an adjacent day ("10 p.m. Wednesday")
    interval: tuple[date, date] | None = None  # only for anchored durations ("the past six months")


Normaliser = Callable[[re.Match[str], Context], Found | None]

MOD_RE = (
    r"(?:(?P<mod>early|mid|late|the\s+(?:beginning|start|end|middle)\s+of|the\s+(?:early|late)"
    r"|earlier|later|(?:by\s+)?the\s+end\s+of)[-\s]+)?"
)
_MODS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID", "middle": "MID",
         "late": "END", "end": "END", "earlier": "START", "later": "END"}  # fmt: skip


def timeml_mod(match: re.Match[str]) -> str | None:
    words = (match.groupdict().get("mod") or "").lower().split()
    for word in reversed(words):
        if word in _MODS:
            return _MODS[word]
    return None


def year_text(year: int | None, width: int = 4) -> str:
    return "X" * width if year is None else f"{year:04d}"


# ---------------------------------------------------------------- calendar dates
def _pick_year(ctx: Context, month: int, day: int | None, start: int, end: int) -> int | None:
    """The year of a date written without one: the one nearest the reference, leaning with the tense.

    Calibrated on dividend and deadline sentences: "payable Jan. 2" written in November is next
    year even without a future verb, so nearness decides unless the tense argues by a season.
    """
    ref = ctx.reference
    if ref is None:
        return None
    tense = ctx.tense(start, end)
    best: tuple[int, int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        candidate = safe_date(year, month, min(day or 15, 28))
        if candidate is None:
            continue
        distance = (candidate - ref).days
        cost = abs(distance)
        if (tense == "past" and distance > 0) or (tense == "future" and distance < 0):
            cost += _TENSE_PENALTY_DAYS
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else ref.year


# A date against the tense must be this many days nearer to win (half a year: "the fiscal year
# ended Jan. 31" written in October is last January, "payable Jan. 2" written in November is next).
_TENSE_PENALTY_DAYS = 180


def full_date(match: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(match.group("month"))
    day = parse_day(match.group("day"))
    if day is None or not 1 <= day <= 31:
        return None
    written_year = match.group("year")
    if written_year:
        year = int(written_year)
        found = safe_date(year, month, day)
        if found is None:
            return None
        ctx.text_reference = found
        return Found("DATE", found.isoformat(), timeml_mod(match))
    year_guess = _pick_year(ctx, month, day, match.start(), match.end())
    if year_guess is None:
        if safe_date(2000, month, day) is None:  # 2000 is a leap year: only impossible days fail
            return None
        return Found("DATE", f"XXXX-{month:02d}-{day:02d}", timeml_mod(match))
    found = safe_date(year_guess, month, day)
    if found is None:
        return None
    return Found("DATE", found.isoformat(), timeml_mod(match))


def numeric_date(match: re.Match[str], ctx: Context) -> Found | None:
    year = int(match.group("year"))
    if year < 100:
        year += 1900 if year >= 50 else 2000
    found = safe_date(year, int(match.group("mon")), int(match.group("day")))
    if found is None:
        return None
    ctx.text_reference = found
    return Found("DATE", found.isoformat())


def month_year(match: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(match.group("month"))
    return Found("DATE", f"{int(match.group('year')):04d}-{month:02d}", timeml_mod(match))


_MONTH_CUE = re.compile(
    r"\b(?:in|since|until|till|by|during|of|through|from|to|before|after|last|next|this|early"
    r"|late|mid|between|and|or|until|around)\s*$",
    re.IGNORECASE,
)
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})


def month_alone(match: re.Match[str], ctx: Context) -> Found | None:
    word = match.group("month")
    rel = (match.group("rel") or "").lower().split()
    ambiguous = word.lower() in _AMBIGUOUS_MONTHS or word.endswith(".")
    # "May" the verb, "March" the noun, "Oct." mid-list: only with a cue word before them.
    cued = bool(rel or match.group("mod")) or _MONTH_CUE.search(
        ctx.text[max(0, match.start() - 12) : match.start()]
    )
    if ambiguous and not cued:
        return None
    month = month_number(word)
    ref = ctx.reference
    if ref is None:
        return Found("DATE", f"XXXX-{month:02d}", timeml_mod(match))
    if (rel and rel[0] == "last") or rel[-1:] == ["past"]:
        year = ref.year if month < ref.month else ref.year - 1
    elif rel and (rel[0] == "next" or rel[-1] == "coming"):
        year = ref.year if month > ref.month else ref.year + 1
    elif rel:
        year = ref.year
    else:
        # A bare month is in the reference's year unless the tense points across a year boundary
        # ("in December" written in January in the past tense); nearness alone misreads "In January,".
        year = ref.year
        tense = ctx.tense(match.start(), match.end())
        if tense == "past" and month > ref.month + 1:
            year -= 1
        elif tense == "future" and month < ref.month - 1:
            year += 1
    return Found("DATE", f"{year:04d}-{month:02d}", timeml_mod(match))


def year_alone(match: re.Match[str], ctx: Context) -> Found | None:
    year = int(match.group("year"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    before = ctx.text[max(0, match.start() - 2) : match.start()]
    after = ctx.text[match.end() : match.end() + 12]
    if "$" in before or "#" in before or re.match(r"\s*(?:%|percent|per\s+cent|-\d|/|\.\d)", after):
        return None
    return Found("DATE", f"{year:04d}", timeml_mod(match))


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip


def decade(match: re.Match[str], ctx: Context) -> Found | None:
    digits = match.group("decade")
    if digits:
        return Found("DATE", f"{digits[:3]}X", timeml_mod(match))
    short = match.group("short")
    word = match.group("word")
    tens = int(short[0]) if short else _DECADE_WORDS[word.lower()]
    # Two-digit decades are read in the twentieth century ("the '90s", "the nineties").
    return Found("DATE", f"19{tens}X", timeml_mod(match))


_SPELLED_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip


def spelled_year(match: re.Match[str], ctx: Context) -> Found | None:
    century = 19 if match.group("century").lower() == "nineteen" else 20
    rest = match.group("rest").lower().replace("-", " ")
    value = _SPELLED_TENS.get(rest)
    if value is None:
        value = int(parse_number(rest) or 0)
    if not 10 <= value <= 99:
        return None
    month = match.group("month")
    if month:
        return Found("DATE", f"{century}{value:02d}-{month_number(month):02d}")
    return Found("DATE", f"{century}{value:02d}")

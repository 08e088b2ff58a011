"""Words of time: month and weekday names, number words, units, and their regex fragments.

Shared by the time-expression rules (`timex_rules.py`) and the normaliser (`dates.py`).
Everything here is plain data plus small pure functions; nothing is loaded at import time
except a handful of compiled fragments.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Full names, or abbreviations WITH their dot: "Jan" and "Mar" alone are too often names and verbs.
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# TimeML part-of-day codes.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI", "daytime": "DT",
}  # fmt: skip
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night)"

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

UNITS_ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip

_ONES_RE = "|".join(sorted((k for k in UNITS_ONES if k != "zero"), key=len, reverse=True))
_TENS_RE = "|".join(TENS)
_ONE_TO_NINE = "one|two|three|four|five|six|seven|eight|nine"
NUMBER_WORD_RE = rf"(?:(?:{_TENS_RE})(?:[-\s](?:{_ONE_TO_NINE}))?|{_ONES_RE}|hundred|a\s+hundred)"
# A count before a unit: digits, words, or vague quantities (which normalise to X).
NUMBER_RE = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|(?:{NUMBER_WORD_RE})(?:\s+and\s+a\s+half)?"
    r"|a\s+few|a\s+couple\s+of|a\s+couple|several|a\s+dozen|dozens\s+of|many|few|an?(?:\s+and\s+a\s+half)?)"
)
DAY_ORDINAL_RE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?|(?:twenty|thirty)[-\s](?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)

# TimeML duration unit letters; the bool says whether the unit takes the "T" (time) part.
UNIT_CODES: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("Y", False), "century": ("Y", False),
}  # fmt: skip
UNIT_MULTIPLIER: dict[str, int] = {"fortnight": 2, "decade": 10, "century": 100}
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|century|centuries)"
)
UNIT_SINGULAR_RE = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|century)"


def unit_name(word: str) -> str:
    """The singular unit name of "centuries", "Years", "month"."""
    lowered = word.lower()
    if lowered == "centuries":
        return "century"
    return lowered[:-1] if lowered.endswith("s") else lowered


def parse_number(phrase: str) -> float | None:
    """The count a number phrase states, or None for vague ones ("several", "a few")."""
    words = " ".join(phrase.lower().replace("-", " ").split())
    half = 0.0
    if words.endswith(" and a half"):
        words, half = words[: -len(" and a half")], 0.5
    if words.endswith(" 1/2"):
        words, half = words[: -len(" 1/2")], 0.5
    if words in {"a", "an", "one"}:
        return 1 + half
    if words in {"a couple", "a couple of"}:
        return 2
    if words == "a dozen":
        return 12
    if words in {"a hundred", "hundred"}:
        return 100
    digits = words.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        pass
    total = 0
    for word in words.split():
        if word in UNITS_ONES:
            total += UNITS_ONES[word]
        elif word in TENS:
            total += TENS[word]
        else:
            return None
    return total + half


def parse_day(phrase: str) -> int | None:
    """The day of month in "23", "23rd", "eighth", "twenty-first"."""
    lowered = phrase.lower().replace("-", " ")
    digits = lowered.rstrip("stndrh")
    if digits.isdigit():
        return int(digits)
    parts = lowered.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return ORDINALS.get(lowered)


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def safe_date(year: int, month: int, day: int) -> date | None:
    """The calendar date, or None when it does not exist ("February 30")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_days(day: date, days: int) -> date:
    return day + timedelta(days=days)

"""Normalisers for expressions relative to the reference date, durations, sets and quarters.

Part of the time-expression rules (see `timex_rules.py` for the table and the conventions).
"""

from __future__ import annotations

import re
from datetime import date

from newsgraph.extract.timex_calendar import Found, timeml_mod, year_text
from newsgraph.extract.timex_context import Context
from newsgraph.extract.timex_lexicon import (
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNIT_CODES,
    UNIT_MULTIPLIER,
    WEEKDAYS,
    add_months,
    iso_week_value,
    parse_number,
    quarter_of,
    safe_date,
    shift_days,
    unit_name,
)


# ---------------------------------------------------------------- relative to the reference
def _shift_value(ref: date, unit: str, amount: int) -> str:
    """The value of the `unit` that is `amount` units away from `ref`, at that unit's granularity."""
    if unit == "day":
        return shift_days(ref, amount).isoformat()
    if unit == "week":
        return iso_week_value(shift_days(ref, 7 * amount))
    if unit == "weekend":
        return iso_week_value(shift_days(ref, 7 * amount)) + "-WE"
    if unit == "month":
        moved = add_months(ref, amount)
        return f"{moved.year:04d}-{moved.month:02d}"
    if unit == "quarter":
        index = ref.year * 4 + quarter_of(ref) - 1 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return f"{(ref.year // 10 + amount):03d}X"
    if unit == "century":
        return f"{(ref.year // 100 + amount):02d}XX"
    return f"{ref.year + amount:04d}"


_UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
               "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXXX", "century": "XXXX"}  # fmt: skip
_REL_AMOUNT = {"the": 0, "last": -1, "past": -1, "previous": -1, "prior": -1, "this": 0, "current": 0,
               "present": 0, "same": 0, "next": 1, "coming": 1, "following": 1, "latest": -1}  # fmt: skip


def relative_unit(match: re.Match[str], ctx: Context) -> Found | None:
    rel_words = (match.group("rel") or "the").lower().split()
    unit_word = match.group("unit").lower()
    if rel_words == ["the"] and not match.group("mod") and (not match.group("rel") or unit_word == "fall"):
        return None  # a bare "summer" is fine in TimeML, but "fall" is a verb and "the fall" a noun
    rel = "this" if rel_words[-2:] == ["this", "past"] else rel_words[-1]
    amount = _REL_AMOUNT.get(rel)
    if rel_words[-2:] == ["this", "past"]:
        amount = -1
    if rel_words[-2:] == ["this", "coming"]:
        amount = 1
    if amount is None:
        return None
    unit = match.group("unit").lower().split()[-1]
    ref = ctx.reference
    if unit in SEASONS:
        code = SEASONS[unit]
        if ref is None:
            return Found("DATE", f"XXXX-{code}", timeml_mod(match))
        season_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        year = ref.year
        if amount < 0 and season_month >= ref.month:
            year -= 1
        elif amount > 0 and season_month <= ref.month:
            year += 1
        return Found("DATE", f"{year:04d}-{code}", timeml_mod(match))
    if unit == "decade" and amount < 0:
        return Found("DURATION", "P10Y", timeml_mod(match))
    if ref is None:
        return Found("DATE", _UNRESOLVED.get(unit, "XXXX"), timeml_mod(match))
    if rel in {"same", "following"}:
        base = _reference_of_previous(ctx, match.start(), unit) or ref
        return Found("DATE", _shift_value(base, unit, amount), timeml_mod(match))
    if unit == "year" and amount == -1 and rel == "last":
        quarter_back = _quarter_year_back(ctx, match.start())
        if quarter_back:
            return Found("DATE", quarter_back, timeml_mod(match))
    if unit == "weekend" and amount == 0:
        tense = ctx.tense(match.start(), match.end())
        amount = -1 if tense == "past" and ref.weekday() < 5 else 0
    return Found("DATE", _shift_value(ref, unit, amount), timeml_mod(match))


def _reference_of_previous(ctx: Context, before: int, unit: str) -> date | None:
    value = ctx.last_value(before, pattern=_CONCRETE_VALUE)
    return value_to_date(value) if value else None


_CONCRETE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-Q\d)?$")


def value_to_date(value: str) -> date | None:
    """A representative day of a concrete value ("1989-Q3" -> 1989-07-01)."""
    quarter = re.match(r"^(\d{4})-Q(\d)$", value)
    if quarter:
        return date(int(quarter.group(1)), 3 * int(quarter.group(2)) - 2, 1)
    parts = [int(part) for part in value.split("-")]
    found = safe_date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return found


_QUARTER_VALUE = re.compile(r"^\d{4}-Q\d$")
_GRANULARITY_UNITS = {"day": 3, "week": 2, "weekend": 2, "month": 2, "quarter": 2, "year": 1}


def _granularity(value: str) -> str:
    if _QUARTER_VALUE.match(value):
        return "quarter"
    return {1: "year", 2: "month", 3: "day"}.get(len(value.split("-")), "year")


# How far back a quarter mention sets the granularity of "a year ago" / "last year": about two
# sentences of an earnings report ("third-quarter profit rose ... from $5 million a year ago").
_QUARTER_CONTEXT_CHARS = 300


def _current_quarter(ctx: Context, start: int) -> str | None:
    """The quarter the text is reporting on: the latest quarter mentioned in the reference's year."""
    ref = ctx.reference
    for end, value in reversed(ctx.previous):
        if end <= start and _QUARTER_VALUE.match(value) and (ref is None or int(value[:4]) == ref.year):
            return value
    return None


def _quarter_year_back(ctx: Context, start: int) -> str | None:
    """The same quarter a year back, when a quarter was just mentioned; else None."""
    if ctx.recent_value(start, _QUARTER_VALUE, chars=_QUARTER_CONTEXT_CHARS) is None:
        return None
    current = _current_quarter(ctx, start)
    if current is None:
        return None
    return f"{int(current[:4]) - 1:04d}-Q{current[-1]}"


def ago(match: re.Match[str], ctx: Context) -> Found | None:
    """ "two years ago", "a year earlier": TimeML anchors both on the document time."""
    unit = unit_name(match.group("unit"))
    direction = match.group("dir").lower()
    count = parse_number(match.group("num")) if match.group("num") else None
    backwards = direction in {"ago", "earlier"}
    if count is None:
        return Found("DATE", "PAST_REF" if backwards else "FUTURE_REF", timeml_mod(match))
    amount = -int(count) if backwards else int(count)
    if unit in UNIT_MULTIPLIER:
        unit, amount = "year", amount * UNIT_MULTIPLIER[unit]
    if unit in {"second", "minute", "hour"}:
        unit = "day"
    if unit == "year" and amount == -1:
        quarter_back = _quarter_year_back(ctx, match.start())
        if quarter_back:
            return Found("DATE", quarter_back, timeml_mod(match))
    base = ctx.reference
    if base is None:
        return Found("DATE", _UNRESOLVED.get(unit, "XXXX"), timeml_mod(match))
    return Found("DATE", _shift_value(_move(base, unit, amount), unit, 0), timeml_mod(match))


def _move(day: date, unit: str, amount: int) -> date:
    if unit == "day":
        return shift_days(day, amount)
    if unit in {"week", "night"}:
        return shift_days(day, 7 * amount if unit == "week" else amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "quarter":
        return add_months(day, 3 * amount)
    return add_months(day, 12 * amount)


_DAY_WORD_OFFSET = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def day_word(match: re.Match[str], ctx: Context) -> Found | None:
    word = match.group("word").lower()
    part = (match.group("part") or "").lower()
    if word in {"last", "this"}:
        offset = -1 if word == "last" and part in {"night", "evening"} else 0
    else:
        offset = _DAY_WORD_OFFSET[word]
    if word == "tonight":
        part = "night"
    ref = ctx.reference
    day = "XXXX-XX-XX" if ref is None else shift_days(ref, offset).isoformat()
    if part:
        return Found("TIME", f"{day}T{PARTS_OF_DAY[part]}", timeml_mod(match))
    return Found("DATE", day, timeml_mod(match))


def weekday(match: re.Match[str], ctx: Context) -> Found | None:
    target = WEEKDAYS[match.group("wd").lower()]
    rel = " ".join((match.group("rel") or "").lower().split())
    part = (match.group("part") or "").lower()
    ref = ctx.reference
    if ref is None:
        day = f"XXXX-WXX-{target + 1}"
    else:
        back = (ref.weekday() - target) % 7  # days back to the latest such weekday, 0 = the reference
        forward = (target - ref.weekday()) % 7
        if rel in {"last", "this past", "past"}:
            delta = -(back or 7)
        elif rel in {"next", "this coming", "coming"}:
            delta = forward or 7
        elif ctx.tense(match.start(), match.end()) == "future":
            delta = forward
        else:
            # News reports the past: a bare weekday is the latest one up to the publication day.
            delta = -back
        day = shift_days(ref, delta).isoformat()
    if part:
        return Found("TIME", f"{day}T{PARTS_OF_DAY[part]}", timeml_mod(match))
    return Found("DATE", day, timeml_mod(match))


def clock_time(match: re.Match[str], ctx: Context) -> Found | None:
    named = (match.group("named") or "").lower()
    if named:
        clock = "12:00" if named == "noon" else "24:00"
    else:
        hour = int(match.group("hour"))
        minute = int(match.group("min") or 0)
        ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 24 or minute > 59:
            return None
        clock = f"{hour:02d}:{minute:02d}"
    ref = ctx.reference
    day = "XXXX-XX-XX" if ref is None else ref.isoformat()
    mod = "APPROX" if match.group("approx") else None
    return Found("TIME", f"{day}T{clock}", mod, clock=True)


# ---------------------------------------------------------------- durations and sets
def _duration_value(count: float | None, unit: str) -> str:
    code, is_time = UNIT_CODES[unit]
    prefix = "PT" if is_time else "P"
    if count is None:
        return f"{prefix}X{code}"
    count *= UNIT_MULTIPLIER.get(unit, 1)
    if count != int(count):
        whole = int(count)
        if unit == "year":
            return f"P{whole}Y6M" if whole else "P6M"
        if unit == "hour":
            return f"PT{whole}H30M" if whole else "PT30M"
        if unit == "day":
            return f"P{whole}DT12H" if whole else "PT12H"
        return f"{prefix}{count:g}{code}"
    return f"{prefix}{int(count)}{code}"


_DURATION_MODS = {"more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
                  "under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
                  "up to": "EQUAL_OR_LESS", "nearly": "APPROX", "almost": "APPROX",
                  "about": "APPROX", "around": "APPROX", "roughly": "APPROX",
                  "approximately": "APPROX", "some": "APPROX"}  # fmt: skip


_AGE = re.compile(r"\s*(?:-\s*)?old\b", re.IGNORECASE)
# A bare "a day" is a rate after these ("24 hours a day", "$35 a night", "CDs a year") unless a
# preposition or verb of duration stands before it ("for a day", "took a year").
_DURATION_LEAD = re.compile(
    r"(?:\b(?:for|in|within|over|than|after|about|nearly|almost|just|only|least|of|take|takes|took"
    r"|taken|spent|spend|last|lasted|lasts|another|the|whole|entire|nearly|around)|^|[,;:(])\s*$",
    re.IGNORECASE,
)


def duration(match: re.Match[str], ctx: Context) -> Found | None:
    unit = unit_name(match.group("unit"))
    count = parse_number(match.group("num"))
    if count is not None and count <= 0:
        return None
    if _AGE.match(ctx.text, match.end()):
        return None  # "52 years old" is an age
    if match.group("unit")[0].isupper() and not match.group(0)[0].isupper():
        return None  # "Sandra Day O'Connor"
    num = match.group("num").lower()
    if num in {"a", "an"} and not match.group("approx") and not match.group("rel"):
        lead = ctx.text[max(0, match.start() - 20) : match.start()]
        if not _DURATION_LEAD.search(lead):
            return Found("SET", _duration_value(1, unit))
    approx = " ".join((match.group("approx") or "").lower().split())
    mod = _DURATION_MODS.get(approx)
    value = _duration_value(count, unit)
    rel = (match.group("rel") or "").lower()
    ref = ctx.reference
    interval = None
    if ref is not None and count is not None and count == int(count) and rel:
        amount = int(count) * UNIT_MULTIPLIER.get(unit, 1)
        base_unit = "year" if unit in UNIT_MULTIPLIER else unit
        if rel in {"past", "last", "previous"} and base_unit not in {"second", "minute", "hour"}:
            interval = (shift_days(_move(ref, base_unit, -amount), 1), ref)
        elif rel in {"next", "coming"} and base_unit not in {"second", "minute", "hour"}:
            interval = (ref, shift_days(_move(ref, base_unit, amount), -1))
    return Found("DURATION", value, mod, interval=interval)


def vague_duration(match: re.Match[str], ctx: Context) -> Found | None:
    unit = unit_name(match.group("unit"))
    return Found("DURATION", _duration_value(None, unit))


def hyphen_duration(match: re.Match[str], ctx: Context) -> Found | None:
    count = parse_number(match.group("num"))
    if count is None or count <= 0:
        return None
    return Found("DURATION", _duration_value(count, unit_name(match.group("unit"))))


_SET_UNITS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
              "quarterly": "P3M", "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H",
              "semiannually": "P6M"}  # fmt: skip


def set_adverb(match: re.Match[str], ctx: Context) -> Found | None:
    return Found("SET", _SET_UNITS[match.group(0).lower()])


def set_every(match: re.Match[str], ctx: Context) -> Found | None:
    word = match.group("unit").lower()
    if word in WEEKDAYS:
        return Found("SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}")
    if word in PARTS_OF_DAY:
        return Found("SET", f"TXX{PARTS_OF_DAY[word]}" if word != "night" else "TNI")
    if word in SEASONS:
        return Found("SET", f"XXXX-{SEASONS[word]}")
    count = parse_number(match.group("num")) if match.group("num") else 1
    return Found("SET", _duration_value(count, unit_name(word)))


def quarter(match: re.Match[str], ctx: Context) -> Found | None:
    number = ORDINALS.get((match.group("ord") or "").lower()) or int((match.group("ord") or "0")[:1] or 0)
    if not 1 <= number <= 4:
        return None
    explicit = match.group("year") or match.group("yearpre")
    before = (match.group("pre") or "").lower()
    ref = ctx.reference
    if explicit:
        year: int | None = int(explicit)
    elif ref is not None:
        year = ref.year
        previous_year = ctx.previous_in_sentence(match.start(), re.compile(r"^\d{4}$"))
        if previous_year and "year" not in before:
            year = int(previous_year)  # "in 1990 ... the third quarter"
    else:
        year = None
    if year is not None and ("year-ago" in before or "year-earlier" in before or "last year" in before):
        year -= 1
    if match.group("plural"):
        return Found("SET", f"XXXX-Q{number}")
    return Found("DATE", f"{year_text(year)}-Q{number}", timeml_mod(match))


def quarter_relative(match: re.Match[str], ctx: Context) -> Found | None:
    rel = " ".join((match.group("rel") or "").lower().split())
    ref = ctx.reference
    if ref is None:
        return Found("DATE", "XXXX-QX")
    current = ref.year * 4 + quarter_of(ref) - 1
    reported = _current_quarter(ctx, match.start())
    if rel in {"current", "this"}:
        index = current
    elif rel == "next":
        index = current + 1
    elif reported and rel in {"", "latest", "same", "year-ago", "year-earlier"}:
        index = int(reported[:4]) * 4 + int(reported[-1]) - 1
    else:
        index = current - 1  # "the latest quarter": the last one reported
    if rel in {"year-ago", "year-earlier"}:
        index -= 4
    return Found("DATE", f"{index // 4:04d}-Q{index % 4 + 1}")


def year_ago_adjective(match: re.Match[str], ctx: Context) -> Found | None:
    reported = _current_quarter(ctx, match.start())
    if reported and ctx.recent_value(match.start(), _QUARTER_VALUE, chars=_QUARTER_CONTEXT_CHARS):
        return Found("DATE", f"{int(reported[:4]) - 1:04d}-Q{reported[-1]}")
    ref = ctx.reference
    return Found("DATE", year_text(None if ref is None else ref.year - 1))


def latest_period(match: re.Match[str], ctx: Context) -> Found | None:
    """ "the latest period" in an earnings report is the quarter it reports on."""
    reported = _current_quarter(ctx, match.start())
    return Found("DATE", reported) if reported else None


def half_year(match: re.Match[str], ctx: Context) -> Found | None:
    half = 1 if match.group("which").lower() == "first" else 2
    written = match.group("year")
    ref = ctx.reference
    year = int(written) if written else (ref.year if ref else None)
    return Found("DATE", f"{year_text(year)}-H{half}")


_REFERENCES = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
               "these days": "PRESENT_REF", "at present": "PRESENT_REF", "the present": "PRESENT_REF",
               "recently": "PAST_REF", "more recently": "PAST_REF", "lately": "PAST_REF",
               "the past": "PAST_REF", "in the past": "PAST_REF", "the future": "FUTURE_REF",
               "the near future": "FUTURE_REF", "soon": "FUTURE_REF", "a later date": "FUTURE_REF",
               "the short term": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
               "the coming years": "FUTURE_REF"}  # fmt: skip


def reference_word(match: re.Match[str], ctx: Context) -> Found | None:
    phrase = " ".join(match.group(0).lower().split())
    if phrase == "now":
        # "now" as a discourse marker ("Now, the ...") or in "right now" is still the present.
        after = ctx.text[match.end() : match.end() + 8].lower()
        if after.startswith((" that", " and then")):
            return None
    return Found("DATE", _REFERENCES[phrase])


def the_year(match: re.Match[str], ctx: Context) -> Found | None:
    ref = ctx.reference
    if match.group("ending") and match.group("ending").strip().lower() == "ending":
        return Found("DURATION", "P1Y")  # "the year ended Sept. 30": a span, not the calendar year
    previous = ctx.previous_in_sentence(match.start(), re.compile(r"^\d{4}$"))
    if previous:
        return Found("DATE", previous)
    return Found("DATE", year_text(ref.year if ref else None))


def year_two_thousand(match: re.Match[str], ctx: Context) -> Found | None:
    rest = match.group("rest")
    return Found("DATE", f"{2000 + int(parse_number(rest) or 0) if rest else 2000:04d}")


def year_end(match: re.Match[str], ctx: Context) -> Found | None:
    ref = ctx.reference
    return Found("DATE", year_text(ref.year if ref else None), "END")


def year_period(match: re.Match[str], ctx: Context) -> Found | None:
    year = int(match.group("year"))
    if match.group("what").lower() == "quarter":
        previous = ctx.last_value(match.start(), pattern=_QUARTER_VALUE)
        if previous:
            return Found("DATE", f"{year:04d}-Q{previous[-1]}")
        return Found("DATE", f"{year:04d}-QX")
    return Found("DATE", f"{year:04d}")

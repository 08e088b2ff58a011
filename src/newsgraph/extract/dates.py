"""Time expressions: find them, give each its TimeML type and value, and a calendar interval.

    times = find_time_expressions(article.text, anchor=article.published)

The cascade:
1. every rule in `timex_rules.RULES` (compiled regexes, no dateparser: PERFORMANCE-NOTES) proposes
   candidate extents;
2. the longest non-overlapping candidates are kept ("the past three months" over "three months");
3. in text order, each rule's normaliser turns its candidate into a TimeML type and value, relative
   to the anchor (the publication date) or, without one, to the latest explicit full date written
   earlier in the text; with neither, relative values stay unresolved ("XXXX-XX-XX"). Today's date
   is never used;
4. a bare clock time next to a day joins it ("10 p.m. Wednesday" -> 1998-02-11T22:00);
5. the value becomes an inclusive calendar interval at a precision (day, month, year).
"""

from __future__ import annotations

import re
from datetime import date

from newsgraph.extract.timex_context import Context
from newsgraph.extract.timex_lexicon import month_end, safe_date, week_monday
from newsgraph.extract.timex_rules import RULES, TRIGGER, TRIGGER_REACH, Found, Rule
from newsgraph.model import DatePrecision, TimeExpression

# Groups whose words must be capitalised to count: "may", "march" and "sunday" in lower case are
# far more often verbs or typos than dates in edited news.
_CAPITALISED_GROUPS = ("month", "wd")
_CLOCK_JOIN = re.compile(r"^(?:\s*,?\s*|\s+on\s+|\s+at\s+|\s+of\s+)$", re.IGNORECASE)
_DAY_VALUE = re.compile(r"^(\d{4}|XXXX)-(\d\d|XX)-(\d\d|XX)$|^XXXX-WXX-\d$")
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f")  # "İ", "ı", "ſ": see `_lowered`
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def find_time_expressions(text: str, *, anchor: date | None) -> tuple[TimeExpression, ...]:
    """Every time expression in `text`, in order, normalised against `anchor` (publication date)."""
    if not text:
        return ()
    context = Context(text=text, anchor=anchor)
    chosen = _longest_candidates(text)
    found: list[tuple[int, int, Found]] = []
    for start, end, rule, match in chosen:
        if not _capitals_ok(match):
            continue
        result = rule.normalise(match, context)
        if result is None:
            continue
        found.append((start, end, result))
        if result.type == "DATE":
            context.previous.append((end, result.value))
    return tuple(
        _to_expression(text, start, end, item) for start, end, item in _join_clock_times(text, found)
    )


def parse_date_phrase(phrase: str, *, anchor: date | None) -> TimeExpression | None:
    """One phrase ("last Thursday", "March 2023") as a time expression spanning it, or None.

    The longest expression found in the phrase is returned, with offsets 0..len(phrase) when it
    covers the whole (stripped) phrase, else its own offsets.
    """
    expressions = find_time_expressions(phrase, anchor=anchor)
    if not expressions:
        return None
    best = max(expressions, key=lambda expression: expression.end - expression.start)
    if best.text == phrase.strip():
        return TimeExpression(
            start=0, end=len(phrase), text=phrase, type=best.type, value=best.value,
            interval_start=best.interval_start, interval_end=best.interval_end, precision=best.precision,
        )  # fmt: skip
    return best


def interval_of_value(value: str) -> tuple[date | None, date | None, DatePrecision]:
    """The inclusive calendar interval a TimeML DATE/TIME value covers, and its precision.

    Weeks, quarters, halves and seasons get precision "month": coarser than a day, finer than a year.
    """
    day_part = value.split("T", 1)[0]
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", day_part)
    if match:
        day = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return (day, day, "day") if day else (None, None, "unknown")
    match = re.fullmatch(r"(\d{4})-(\d\d)", day_part)
    if match and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        return date(year, month, 1), month_end(year, month), "month"
    match = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", day_part)
    if match:
        try:
            monday = week_monday(int(match.group(1)), int(match.group(2)))
        except ValueError:
            return None, None, "unknown"
        if match.group(3):
            return date.fromordinal(monday.toordinal() + 5), date.fromordinal(monday.toordinal() + 6), "month"
        return monday, date.fromordinal(monday.toordinal() + 6), "month"
    match = re.fullmatch(r"(\d{4})-(Q|H)(\d)", day_part)
    if match:
        year, size, index = int(match.group(1)), 3 if match.group(2) == "Q" else 6, int(match.group(3))
        first = (index - 1) * size + 1
        return date(year, first, 1), month_end(year, first + size - 1), "month"
    match = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", day_part)
    if match:
        year = int(match.group(1))
        first, last = _SEASON_MONTHS[match.group(2)]
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        return date(year, first, 1), month_end(end_year, end_month), "month"
    if re.fullmatch(r"\d{4}", day_part):
        year = int(day_part)
        return date(year, 1, 1), date(year, 12, 31), "year"
    match = re.fullmatch(r"(\d{3})X?", day_part)
    if match:
        decade = int(match.group(1)) * 10
        return date(decade, 1, 1), date(decade + 9, 12, 31), "year"
    return None, None, "unknown"


def _trigger_windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around the words every expression contains."""
    windows: list[tuple[int, int]] = []
    for match in TRIGGER.finditer(text):
        start = max(0, match.start() - TRIGGER_REACH)
        end = min(len(text), match.end() + TRIGGER_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _lowered(text: str) -> str | None:
    """`text` lower-cased, offsets unchanged, where that keeps every case-insensitive match of an ASCII
    word; None where it would not ("ı", "ſ" and "İ" match "i"/"s" case-insensitively, but lower-case
    to other letters)."""
    if any(trap in text for trap in _CASE_TRAPS):
        return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _last_start(rule: Rule, text: str, lowered: str | None, start: int, stop: int) -> int:
    """No match of `rule` inside [start, stop) starts after the returned offset; -1: none can occur.

    Every match contains what `timex_rules._NEEDS` lists, so without it there is no match, and no
    match starts after its last occurrence (known exactly for plain words, by `rfind`).
    """
    if lowered is None:
        found = rule.needs is None or rule.needs.search(text, start, stop) is not None
        return stop if found else -1
    if rule.needs_words is not None:
        return max(lowered.rfind(word, start, stop) for word in rule.needs_words)
    found = rule.needs_lower is None or rule.needs_lower.search(lowered, start, stop) is not None
    return stop if found else -1


def _matches(
    rule: Rule, text: str, windows: list[tuple[int, int]], lowered: str | None = None
) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    last_end = 0
    for start, end in windows:
        # A match lies within [start, end + reach): none starts after the last needed word there.
        last_start = _last_start(rule, text, lowered, start, min(len(text), end + TRIGGER_REACH))
        # Lookbehinds see the real text before `position`; the search stops a reach past the window
        # so that a match begun inside it can end outside it.
        position = max(start, last_end)
        while position < end and position <= last_start:
            match = rule.pattern.search(text, position, min(len(text), end + TRIGGER_REACH))
            if match is None or match.start() >= end:
                break
            found.append(match)
            last_end = match.end()
            position = match.end() if match.end() > match.start() else match.start() + 1
    return found


def _longest_candidates(text: str) -> list[tuple[int, int, Rule, re.Match[str]]]:
    windows = _trigger_windows(text)
    lowered = _lowered(text)
    candidates: list[tuple[int, int, Rule, re.Match[str]]] = []
    for rule in RULES:
        for match in _matches(rule, text, windows, lowered):
            start, end = match.span()
            # Trailing spaces or dots a pattern swallowed are not part of the expression, except
            # the dot of "a.m." and "Oct.".
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                candidates.append((start, end, rule, match))
    # Longest first; among equals the earlier one, then the earlier rule in the table.
    order = {rule.name: index for index, rule in enumerate(RULES)}
    candidates.sort(key=lambda item: (-(item[1] - item[0]), item[0], order[item[2].name]))
    taken: list[tuple[int, int, Rule, re.Match[str]]] = []
    occupied: list[tuple[int, int]] = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        if any(start < other_end and other_start < end for other_start, other_end in occupied):
            continue
        occupied.append((start, end))
        taken.append(candidate)
    taken.sort(key=lambda item: item[0])
    return taken


def _capitals_ok(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    for name in _CAPITALISED_GROUPS:
        word = groups.get(name)
        if word and not word[0].isupper():
            return False
    return True


def _join_clock_times(text: str, found: list[tuple[int, int, Found]]) -> list[tuple[int, int, Found]]:
    """Join a bare clock time with the day written right next to it, in either order."""
    joined: list[tuple[int, int, Found]] = []
    index = 0
    while index < len(found):
        start, end, item = found[index]
        if index + 1 < len(found):
            next_start, next_end, next_item = found[index + 1]
            between = text[end:next_start]
            pair = (item, next_item) if item.clock else (next_item, item)
            clock, day = pair
            if (
                clock.clock
                and not day.clock
                and day.type in {"DATE", "TIME"}
                and _DAY_VALUE.match(day.value.split("T", 1)[0])
                and _CLOCK_JOIN.match(between)
            ):
                value = day.value.split("T", 1)[0] + "T" + clock.value.split("T", 1)[1]
                joined.append((start, next_end, Found("TIME", value, clock.mod or day.mod)))
                index += 2
                continue
        joined.append((start, end, item))
        index += 1
    return joined


def _to_expression(text: str, start: int, end: int, item: Found) -> TimeExpression:
    if item.type == "DURATION":
        interval = item.interval
        if interval is None:
            return TimeExpression(start, end, text[start:end], "DURATION", item.value, None, None, "unknown")
        span = (interval[1] - interval[0]).days
        precision: DatePrecision = "day" if span < 28 else "month" if span < 360 else "year"
        return TimeExpression(start, end, text[start:end], "DURATION", item.value, *interval, precision)
    if item.type == "SET":
        return TimeExpression(start, end, text[start:end], "SET", item.value, None, None, "unknown")
    first, last, precision = interval_of_value(item.value)
    return TimeExpression(start, end, text[start:end], item.type, item.value, first, last, precision)

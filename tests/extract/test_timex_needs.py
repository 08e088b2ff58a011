"""The per-rule word filter of the time-expression rules (`timex_rules._NEEDS`) must never drop a match."""

from __future__ import annotations

from datetime import date

from newsgraph.extract.dates import _CASE_TRAPS, find_time_expressions
from newsgraph.extract.timex_rules import RULES

# Invented sentences that between them exercise every filtered rule, in several spellings and cases.
SAMPLES = (
    "On Tuesday, March 4, 2025, and on the 5th of April 2024 the council met; see 2023-11-02 and 4/12/2022.",
    "In June 2021 and again in mid-July, late December and SEPT. 2019 the mayor spoke.",
    "Sales in 1998 and fiscal 2020 rose; the 1990s and the '80s and the nineties were calmer.",
    "Nineteen ninety-nine was a hard year, like twenty twenty.",
    "Last week, this coming month, the past year and the next quarter; this spring and the winter.",
    "The year ending in the year two thousand and one saw a year-end rally over the year.",
    "The talks went on for weeks. The 2024 fiscal year and the 2023 quarter were weak.",
    "Three days ago, about two years earlier, a week from now and a decade hence.",
    "Yesterday morning, today, tomorrow night and tonight; this morning and last evening.",
    "Last Friday, next Monday morning and on Sunday the team trained.",
    "At about 10:30 a.m., at 9 pm, at noon, at midnight, at 7 o'clock and at 14:00 GMT and 08.15 local time.",
    "For more than four hours, the past 25 years, 3 consecutive days, a few minutes and several months.",
    "In recent weeks and the coming years a 10-day visit and a three-year-long plan began.",
    "Daily, weekly, biweekly, annually and semiannually; every two weeks, each Monday, per year.",
    "Twice a month and three times a week; the first quarter of 2022, the second fiscal quarter.",
    "The current quarter and the year-ago period; the latest period; the first half of the year.",
    "NOW, RECENTLY, IN THE FUTURE AND IN THE PAST; ON MAY 1 AND IN MAY 2020 THE YEAR-END COUNT.",
    "Lately and nowadays, these days, currently, at present; at a later date, in the short term, soon.",
    "In the near future and the coming years, as soon as possible, more recently than in the past.",
    # letters that match "s"/"i" case-insensitively but lower-case to others: the unfiltered path
    "On \u017feptember 3 and in \u0130stanbul on Tuesday, ſix days ago.",
)


def test_every_match_contains_what_its_rule_needs() -> None:
    used: set[str] = set()
    for text in SAMPLES:
        for rule in RULES:
            if rule.needs is None:
                continue
            for match in rule.pattern.finditer(text):
                used.add(rule.name)
                found, lowered = match.group(0), match.group(0).lower()
                assert rule.needs.search(found), (rule.name, found)
                if any(trap in found for trap in _CASE_TRAPS):
                    continue  # such text is never lower-cased for the filter (`dates._lowered`)
                assert rule.needs_lower is not None and rule.needs_lower.search(lowered), (rule.name, found)
                if rule.needs_words is not None:
                    assert any(word in lowered for word in rule.needs_words), (rule.name, found)
    filtered = {rule.name for rule in RULES if rule.needs is not None}
    assert len(used) >= len(filtered) - 2, sorted(filtered - used)  # the samples reach (almost) all rules


def test_the_filter_changes_no_expression() -> None:
    unfiltered = tuple(rule.__class__(rule.name, rule.pattern, rule.normalise) for rule in RULES)
    from newsgraph.extract import dates

    for text in SAMPLES:
        filtered_result = find_time_expressions(text, anchor=date(2025, 3, 10))
        saved = dates.RULES
        dates.RULES = unfiltered
        try:
            plain_result = find_time_expressions(text, anchor=date(2025, 3, 10))
        finally:
            dates.RULES = saved
        assert filtered_result == plain_result
        assert filtered_result  # the samples do hold expressions

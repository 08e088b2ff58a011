"""Time expressions: hand-written news sentences with a publication date as the anchor."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.extract.dates import find_time_expressions, interval_of_value, parse_date_phrase
from newsgraph.model import TimeExpression

ANCHOR = date(2023, 8, 25)  # a Friday


def only(text: str, phrase: str, anchor: date | None = ANCHOR) -> TimeExpression:
    """The one expression whose words are `phrase`."""
    found = [e for e in find_time_expressions(text, anchor=anchor) if e.text == phrase]
    assert len(found) == 1, [e.text for e in find_time_expressions(text, anchor=anchor)]
    return found[0]


@pytest.mark.parametrize(
    "case",
    [
        ("The ceasefire began on August 23, 2023 in the north.", "August 23, 2023", "DATE",
         "2023-08-23", date(2023, 8, 23), date(2023, 8, 23), "day"),
        ("Prices fell in February 2024, officials said.", "February 2024", "DATE", "2024-02",
         date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("The port was closed last year.", "last year", "DATE", "2022", date(2022, 1, 1),
         date(2022, 12, 31), "year"),
        ("The bridge collapsed two years ago.", "two years ago", "DATE", "2021", date(2021, 1, 1),
         date(2021, 12, 31), "year"),
        ("The mayor resigned yesterday.", "yesterday", "DATE", "2023-08-24", date(2023, 8, 24),
         date(2023, 8, 24), "day"),
        ("Talks resume today.", "today", "DATE", "2023-08-25", date(2023, 8, 25), date(2023, 8, 25), "day"),
        ("The council met this week.", "this week", "DATE", "2023-W34", date(2023, 8, 21),
         date(2023, 8, 27), "month"),
        ("Exports rose last month.", "last month", "DATE", "2023-07", date(2023, 7, 1), date(2023, 7, 31),
         "month"),
        ("The factory opened in 2006.", "2006", "DATE", "2006", date(2006, 1, 1), date(2006, 12, 31), "year"),
        ("The city grew fast in the 1990s.", "the 1990s", "DATE", "199X", date(1990, 1, 1),
         date(1999, 12, 31), "year"),
        ("Profit fell in the third quarter.", "the third quarter", "DATE", "2023-Q3", date(2023, 7, 1),
         date(2023, 9, 30), "month"),
        ("Floods hit the valley this summer.", "this summer", "DATE", "2023-SU", date(2023, 6, 1),
         date(2023, 8, 31), "month"),
        ("The strike went on for six months.", "six months", "DURATION", "P6M", None, None, "unknown"),
        ("The police patrol every week.", "every week", "SET", "P1W", None, None, "unknown"),
        ("The paper is published weekly.", "weekly", "SET", "P1W", None, None, "unknown"),
        ("The border is now closed.", "now", "DATE", "PRESENT_REF", None, None, "unknown"),
        ("The army recently withdrew.", "recently", "DATE", "PAST_REF", None, None, "unknown"),
        ("Peace may come in the future.", "the future", "DATE", "FUTURE_REF", None, None, "unknown"),
    ],
)  # fmt: skip
def test_expression_kinds(case: tuple[object, ...]) -> None:
    text, phrase, *expected = case
    expression = only(str(text), str(phrase))
    found = (expression.type, expression.value, expression.interval_start, expression.interval_end)
    assert [*found, expression.precision] == expected


def test_bare_weekday_in_past_tense_is_the_latest_one_before_publication() -> None:
    assert only("The minister said Thursday that the talks failed.", "Thursday").value == "2023-08-24"
    assert only("Rebels attacked the town on Monday.", "Monday").value == "2023-08-21"


def test_weekday_with_future_words_points_forward() -> None:
    assert only("The leaders will meet on Tuesday in Geneva.", "Tuesday").value == "2023-08-29"
    assert only("The vote is set for next Thursday.", "next Thursday").value == "2023-08-31"
    assert only("Protesters gathered last Friday.", "last Friday").value == "2023-08-18"


def test_weekday_on_the_publication_day_is_that_day() -> None:
    assert only("The central bank raised rates Friday.", "Friday").value == "2023-08-25"


def test_parts_of_the_day_and_clock_times() -> None:
    assert only("Shelling resumed Monday morning.", "Monday morning").value == "2023-08-21TMO"
    assert only("Polls close at 3 p.m. local time.", "3 p.m.").value == "2023-08-25T15:00"
    joined = only("The curfew starts at 10 p.m. Wednesday.", "10 p.m. Wednesday")
    assert (joined.type, joined.value) == ("TIME", "2023-08-23T22:00")
    tonight = only("The president speaks tonight.", "tonight")
    assert (tonight.type, tonight.value, tonight.interval_start) == ("TIME", "2023-08-25TNI", ANCHOR)


def test_relative_phrases_keep_their_modifiers_in_the_extent() -> None:
    early = only("Earlier this month, the rebels took the airport.", "Earlier this month")
    assert early.value == "2023-08"
    assert only("Inflation eased in recent months.", "recent months").value == "PXM"
    assert (
        only("Fighting has displaced thousands in the past six months.", "the past six months").value == "P6M"
    )


def test_anchored_duration_gets_an_interval() -> None:
    past = only("Fighting has displaced thousands in the past six months.", "the past six months")
    assert (past.interval_start, past.interval_end) == (date(2023, 2, 26), ANCHOR)


def test_year_ago_in_an_earnings_report_takes_the_quarter() -> None:
    text = "Third-quarter profit rose 5% to $10 million from $9 million a year ago."
    assert only(text, "Third-quarter").value == "2023-Q3"
    assert only(text, "a year ago").value == "2022-Q3"


def test_date_without_year_takes_the_nearest_year() -> None:
    november = date(1999, 11, 20)
    assert (
        only("The dividend is payable Jan. 5 to holders of record.", "Jan. 5", november).value == "2000-01-05"
    )
    assert only("The plant closed on Oct. 3.", "Oct. 3", november).value == "1999-10-03"


def test_offsets_index_the_text_exactly() -> None:
    text = (
        "HAVANA, Oct. 12, 1998 -- Officials said Tuesday that, over the past two weeks, prices doubled.\n\n"
        "The talks, held every Monday since March, will resume next week."
    )
    found = find_time_expressions(text, anchor=date(1998, 10, 12))
    assert len(found) >= 5
    for expression in found:
        assert text[expression.start : expression.end] == expression.text
    starts = [expression.start for expression in found]
    assert starts == sorted(starts)


def test_without_anchor_relative_expressions_use_the_latest_full_date_in_the_text() -> None:
    text = "On March 3, 2021, troops crossed the border. Two days later they left. Last year was calm."
    found = {e.text: e for e in find_time_expressions(text, anchor=None)}
    assert found["March 3, 2021"].value == "2021-03-03"
    assert found["Last year"].value == "2020"


def test_without_any_anchor_relative_expressions_stay_unresolved() -> None:
    yesterday = only("The mayor resigned yesterday.", "yesterday", anchor=None)
    assert (yesterday.value, yesterday.interval_start, yesterday.precision) == ("XXXX-XX-XX", None, "unknown")
    assert only("Rebels attacked the town on Friday.", "Friday", anchor=None).value == "XXXX-WXX-5"
    assert only("The port was closed last year.", "last year", anchor=None).value == "XXXX"


def test_never_uses_todays_date() -> None:
    today = date.today()
    for expression in find_time_expressions(
        "yesterday, today, last week, next year, Monday, 3 p.m.", anchor=None
    ):
        assert expression.interval_start is None or expression.interval_start.year != today.year
        assert str(today.year) not in expression.value


def test_invalid_dates_do_not_crash_and_are_not_resolved() -> None:
    found = find_time_expressions(
        "The law took effect February 30, 2023 and on the 35th of May.", anchor=ANCHOR
    )
    assert all(e.value != "2023-02-30" for e in found)
    assert all(e.interval_start is None or e.interval_start.month != 2 for e in found)
    assert parse_date_phrase("February 30", anchor=ANCHOR) is None


def test_verbs_and_names_are_not_months() -> None:
    assert not find_time_expressions("Officials may resign. Troops march south.", anchor=ANCHOR)
    assert [e.text for e in find_time_expressions("Elections are due in May.", anchor=ANCHOR)] == ["May"]


def test_ages_and_money_are_not_time_expressions() -> None:
    assert not find_time_expressions("The 52 years old driver paid $2023 in fines.", anchor=ANCHOR)


def test_parse_date_phrase_spans_the_phrase() -> None:
    expression = parse_date_phrase("last Thursday", anchor=ANCHOR)
    assert expression is not None
    assert (expression.start, expression.end, expression.value) == (0, 13, "2023-08-24")
    assert parse_date_phrase("no date here", anchor=ANCHOR) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-08-25T15:00", (date(2023, 8, 25), date(2023, 8, 25), "day")),
        ("2023-W34-WE", (date(2023, 8, 26), date(2023, 8, 27), "month")),
        ("2023-H2", (date(2023, 7, 1), date(2023, 12, 31), "month")),
        ("2022-WI", (date(2022, 12, 1), date(2023, 2, 28), "month")),
        ("PAST_REF", (None, None, "unknown")),
        ("XXXX-08", (None, None, "unknown")),
    ],
)
def test_interval_of_value(value: str, expected: tuple[date | None, date | None, str]) -> None:
    assert interval_of_value(value) == expected


def test_empty_text() -> None:
    assert find_time_expressions("", anchor=ANCHOR) == ()

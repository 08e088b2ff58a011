"""Hostile content in readable files: other languages, huge sentences and tokens, RTL and emoji,
impossible dates, numbers and coordinates that overflow. All of these are valid articles: they must land."""

from __future__ import annotations

import html as html_module
import random

from .model import Case, good_text, next_good
from .prose import FOREIGN_TEXTS, long_sentence


def _page(text: str) -> str:
    title, _, body = text.partition("\n\n")
    paragraphs = "".join(f"<p>{html_module.escape(p)}</p>" for p in body.split("\n\n"))
    return f"<html><head><title>{html_module.escape(title)}</title></head><body><article>{paragraphs}</article></body></html>"


def _both(name: str, text: str, category: str, expect: str = "article") -> list[Case]:
    """The same text as a .txt and as an .html page."""
    must = ("",) if expect == "article" else ()
    return [
        Case(f"{name}.txt", text.encode("utf-8", "surrogatepass"), category, expect, must),  # type: ignore[arg-type]
        Case(f"{name}.html", _page(text).encode("utf-8", "surrogatepass"), category, expect, must),  # type: ignore[arg-type]
    ]


def language_cases(rng: random.Random) -> list[Case]:
    cases = []
    for language, foreign in FOREIGN_TEXTS.items():
        english = good_text(next_good(), rng=rng)
        cases += _both(f"language/mixed_{language}", f"{english}\n{foreign}\n", "languages")
        cases.append(
            Case(
                f"language/{language}_english_title.txt",
                f"Bridge opens (report {next_good()})\n\n{foreign}\n{foreign}".encode(),
                "languages",
                "article",
                ("",),
            )
        )
    return cases


def long_cases(rng: random.Random) -> list[Case]:
    cases = []
    for words in (500, 3000, 6000):
        text = f"Long sentence report {next_good()}\n\n{long_sentence(words, rng=rng)}"
        cases += _both(f"long/sentence_{words}", text, "long sentences")
    for size in (1000, 10_000, 100_000):
        text = (
            f"Long token report {next_good()}\n\nThe council said that {'a' * size} was the word of the day."
        )
        cases += _both(f"long/token_{size}", text, "long tokens", "any")
    extra = {
        "url": "See https://example.test/" + "x/" * 20_000 + " for details.",
        "commas": "The list was: " + ", " * 20_000 + "and more.",
        "mister": "Mr. " * 5000 + "Marsh spoke.",
        "capitals": " ".join(f"Name{i} Surname{i}" for i in range(3000)) + " met.",
        "digits": "The code was " + "1234567890" * 2000 + ".",
        "no_spaces": "wordwithoutspace" * 2000,
        "one_line": " ".join(good_text(next_good(), rng=rng).split()) * 3,
    }
    for name, body in extra.items():
        cases += _both(f"long/{name}", f"Odd report {next_good()}\n\n{body}", "long tokens", "any")
    return cases


_UNICODE_VARIANTS = {
    "rtl_override": lambda t: t.replace(" said", " \u202esaid\u202c", 1),
    "bidi_isolates": lambda t: t.replace(" in ", " in \u2067", 1) + "\u2069",
    "emoji": lambda t: t.replace(".", " \U0001f600\U0001f525.", 2),
    "emoji_zwj": lambda t: t.replace(",", " \U0001f468\u200d\U0001f469\u200d\U0001f467,", 2),
    "flags": lambda t: t + "\n\n\U0001f1fa\U0001f1e6 \U0001f1ec\U0001f1e7 \U0001f3f4\u200d\u2620\ufe0f",
    "skin_tones": lambda t: t + "\n\n\U0001f44d\U0001f3fd \U0001f44b\U0001f3ff applause from readers.",
    "zalgo": lambda t: "".join(c + "\u0301\u0316\u0337" if c.isupper() else c for c in t),
    "fullwidth": lambda t: t.replace("The", "\uff34\uff48\uff45"),
    "math_bold": lambda t: t.replace("case", "\U0001d41c\U0001d41a\U0001d42c\U0001d41e"),
    "homoglyphs": lambda t: t.replace("a", "\u0430", 5),
    "zero_width": lambda t: t.replace("e", "e\u200b", 10),
    "soft_hyphens": lambda t: t.replace("ber", "b\u00ader", 3),
    "noncharacters": lambda t: t + "\n\nEnd \ufffe\uffff \U0010ffff marks.",
    "private_use": lambda t: t.replace(" the ", " the \ue000 ", 2),
    "lone_surrogate": lambda t: t.replace(" the ", " the \ud800 ", 1),
    "replacement": lambda t: t.replace(" ", " \ufffd ", 3),
    "arabic_body": lambda t: t + "\n\n" + FOREIGN_TEXTS["ar"],
    "hebrew_body": lambda t: t + "\n\n" + FOREIGN_TEXTS["he"],
    "emoji_title": lambda t: "\U0001f6a8\U0001f6a8\U0001f6a8 " + t,
    "combining_only": lambda t: t + "\n\n" + "\u0301" * 500,
    "ideographic_space": lambda t: t.replace(" ", "\u3000", 10),
    "nbsp_everywhere": lambda t: t.replace(" ", "\u00a0"),
    "html_in_text": lambda t: t.replace(" said", " <script>alert(1)</script> said", 1),
    "escaped_nul_html": lambda t: t.replace(" the ", " &#0; the ", 1),
}


def unicode_cases(rng: random.Random) -> list[Case]:
    cases = []
    for name, change in _UNICODE_VARIANTS.items():
        text = change(good_text(next_good(), rng=rng))
        cases += _both(f"unicode/{name}", text, "RTL, emoji, odd Unicode")
    return cases


_ODD_DATES = [
    "February 30, 2025",
    "the 35th of March 2025",
    "31 April 2025",
    "2025-13-45",
    "0/0/0000",
    "the year 99999",
    "32.13.2025",
    "March 0, 2025",
    "500 BC",
    "29 February 2023",
    "the day before the day before yesterday",
    "10,000 years ago",
    "in 1e9 days",
    "Q5 2025",
    "week 60 of 2025",
    "25:61 on Monday",
    "the 0th of never",
    "9999999999-01-01",
]
_ODD_HEADERS = [
    "February 30, 2025",
    "99999-01-01",
    "yesterday",
    "2025-00-00",
    "0",
    "1e400",
    "Tuesday",
    "32/13/2025",
]
_ODD_META = ["2025-02-30", "99999-12-31", "not a date", "0000-00-00T00:00:00Z", "2025-13-01", "-2025-01-01"]


def date_cases(rng: random.Random) -> list[Case]:
    cases = []
    for number, phrase in enumerate(_ODD_DATES):
        title, _, body = good_text(next_good(), rng=rng).partition("\n\n")
        text = f"{title}\n\nThe meeting was held on {phrase}, officials said. {body}"
        cases.append(Case(f"dates/body_{number}.txt", text.encode(), "impossible dates", "article", ("",)))
    for number, value in enumerate(_ODD_HEADERS):
        title, _, body = good_text(next_good(), rng=rng).partition("\n\n")
        text = f"{title}\nPublished: {value}\nSource: Test Wire\n\n{body}"
        cases.append(Case(f"dates/header_{number}.txt", text.encode(), "impossible dates", "article", ("",)))
    for number, value in enumerate(_ODD_META):
        page = _page(good_text(next_good(), rng=rng)).replace(
            "<head>",
            f"<head><meta property='article:published_time' content='{value}'>"
            f"<meta name='date' content='{value}'>",
        )
        cases.append(Case(f"dates/meta_{number}.html", page.encode(), "impossible dates", "article", ("",)))
    return cases


_ODD_NUMBERS = [
    "killed 99999999999999999999999999 people",
    "left 1e400 people dead",
    "killed -5 people",
    "killed 2147483648 people",
    "killed 9223372036854775808 people",
    "killed 18446744073709551616 people",
    "killed three hundred quintillion people",
    "killed 4,294,967,296 people",
    "killed NaN people",
    "killed infinity soldiers",
    "fined the firm 10^1000 dollars",
    "happened at 91.5°N, 200.3°E",
    "happened at coordinates 1e309, -1e309",
    "happened at latitude 90.0000000000000000001 and longitude -180.00000000000000001",
    "happened at 0°0′0″N 0°0′0″E",
    "injured 0.000000000000000000001 people",
]


def number_cases(rng: random.Random) -> list[Case]:
    cases = []
    for number, phrase in enumerate(_ODD_NUMBERS):
        title, _, body = good_text(next_good(), rng=rng).partition("\n\n")
        text = f"{title}\n\nA blast in Kesterby {phrase} on 3 May 2025, police said. {body}"
        cases += _both(f"numbers/n_{number}", text, "overflowing numbers")
    text = f"Odd report {next_good()}\n\nThe blast killed {'9' * 400} million people, police said."
    cases.append(Case("numbers/huge_million.txt", text.encode(), "overflowing numbers", "article", ("",)))
    return cases

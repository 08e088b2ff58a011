"""Cleaning on hand-written pages and texts: boilerplate out, title once, metadata right."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.clean import article_identity, clean_document, compose_text
from newsgraph.clean.boilerplate import is_junk_line, remove_boilerplate
from newsgraph.clean.html import extract_html, host_name
from newsgraph.clean.normalize import content_hash, detect_language, parse_published, truncate_text
from newsgraph.config import CleanSettings, Limits
from newsgraph.model import Article, RawDocument, ReadFailure, stable_id

SETTINGS = CleanSettings()
LIMITS = Limits()
PROSE_1 = (
    "The regional water board in the fictional town of Lindmark approved a plan on Tuesday to "
    "replace forty kilometres of ageing pipes, the board's chair told reporters after the vote."
)
PROSE_2 = (
    "Work is due to start in the spring and will take three years, according to the plan, which "
    "the board said would cut leaks by half and lower bills for most households in the district."
)
PROSE_3 = (
    "Residents who spoke at the meeting welcomed the decision but asked for the roadworks to be "
    "phased so that the market square stays open during the summer season."
)
TITLE = "Lindmark approves pipe renewal plan"

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{TITLE} | Lindmark Courier</title>
<meta property="og:site_name" content="Lindmark Courier">
<meta property="article:published_time" content="2024-03-05T09:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>{TITLE}</h1>
<p>{PROSE_1}</p>
<p>Advertisement</p>
<p>{PROSE_2}</p>
<p>Share this: Facebook Twitter Email</p>
<p>{PROSE_3}</p>
</article>
<section class="comments"><h3>Leave a Reply</h3>
<form><p>Your email address will not be published. Required fields are marked *</p>
<label>Comment *</label><textarea></textarea><label>Name *</label><input>
<p>Save my name, email, and website in this browser for the next time I comment.</p>
<button>Post Comment</button></form></section></main>
<footer><p>© 2024 Lindmark Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_extract_html_keeps_article_and_drops_furniture() -> None:
    extraction = extract_html(PAGE, url="https://www.lindmark-courier.example/news/pipes")
    assert PROSE_1 in extraction.text and PROSE_2 in extraction.text and PROSE_3 in extraction.text
    for junk in ("Advertisement", "Share this", "Leave a Reply", "email address", "Post Comment", "Home"):
        assert junk not in extraction.text
    assert not extraction.text.startswith(TITLE)  # the h1 is the title, not body text
    assert extraction.title is not None and extraction.title.startswith(TITLE)
    assert extraction.published == date(2024, 3, 5)
    assert extraction.source == "Lindmark Courier"


def test_clean_html_document_builds_article() -> None:
    raw = RawDocument(
        origin="page.html", content=PAGE, kind="html", url="https://www.lindmark-courier.example/a"
    )
    article = clean_document(raw, settings=SETTINGS, limits=LIMITS)
    assert isinstance(article, Article)
    assert article.text.count(TITLE) == 1
    assert article.text.startswith(f"{article.title}\n\n")
    assert article.published == date(2024, 3, 5)
    assert article.language == "en"
    assert article.url == "https://www.lindmark-courier.example/a"
    assert article.id == stable_id(
        "art_", article.content_hash, article_identity(article.url, article.origin)
    )
    assert article.content_hash == content_hash(article.text)


def test_text_with_repeated_title_and_leave_a_reply_tail() -> None:
    body = (
        f"{TITLE}\n\n{PROSE_1}\n\nLeave a ReplyBackground of the plan\n\n{PROSE_2}\n\n{PROSE_3}\n\n"
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\n"
        "Comment *\n\nName *\n\nEmail *\n\nWebsite\n\n"
        "Save my name, email, and website in this browser for the next time I comment.\n\nPost Comment"
    )
    raw = RawDocument(origin="story.txt", content=body, kind="text", title=TITLE)
    article = clean_document(raw, settings=SETTINGS, limits=LIMITS)
    assert isinstance(article, Article)
    paragraphs = article.text.split("\n\n")
    assert paragraphs == [TITLE, PROSE_1, "Background of the plan", PROSE_2, PROSE_3]
    assert article.url == "story.txt" and article.origin == "story.txt"
    assert article.published is None  # never today's date


def test_typo_form_heading_at_the_very_end_goes() -> None:
    text = f"{PROSE_1}\n\n{PROSE_2}\n\nLeave a Replay"
    assert remove_boilerplate(text) == f"{PROSE_1}\n\n{PROSE_2}"


def test_related_list_and_newsletter_lines_go() -> None:
    text = (
        f"{PROSE_1}\n\nSubscribe to our newsletter for daily updates\n\nFollow us on Twitter\n\n{PROSE_2}\n\n"
        "Related posts:\n\nCouncil delays vote on parking fees\n\nNew bakery opens on the harbour front\n\n"
        "Storm damages school roof\n\nWe use cookies to improve your experience. "
        "By continuing you accept our privacy policy.\n\nRead more: Council delays vote on parking fees"
    )
    assert remove_boilerplate(text) == f"{PROSE_1}\n\n{PROSE_2}"


def test_a_long_list_after_see_also_is_kept() -> None:
    items = [f"- option {i}, sets the value of setting number {i}" for i in range(15)]
    text = "\n".join([PROSE_1, "See also", *items])
    assert remove_boilerplate(text).split("\n\n") == [PROSE_1, "See also", *items]


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Share this:",
        "Tweet Email Print",
        "Skip to content",
        "Read more: Markets fall again",
        "Tags: politics, water",
    ],
)
def test_junk_lines(line: str) -> None:
    assert is_junk_line(line)


@pytest.mark.parametrize("line", [PROSE_1, "Follow the money", "Lindmark votes on pipes", "Advertisers left"])
def test_prose_is_not_junk(line: str) -> None:
    assert not is_junk_line(line)


def test_whitespace_and_unicode_are_normalised() -> None:
    decomposed = "Cafe\u0301 owners   meet\u00a0today \u200b"
    text = remove_boilerplate(f"  {decomposed}  \n\n\n\n“Quoted” — yes…  \n")
    assert text == "Café owners meet today\n\n“Quoted” — yes…"


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    words = (PROSE_1 + " " + PROSE_2).split()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    assert remove_boilerplate("\n".join(lines)) == f"{PROSE_1} {PROSE_2}"


def test_compose_text_puts_title_once() -> None:
    assert compose_text(TITLE, f"{TITLE}\n\n{PROSE_1}") == f"{TITLE}\n\n{PROSE_1}"
    assert compose_text(TITLE, PROSE_1) == f"{TITLE}\n\n{PROSE_1}"
    assert compose_text(None, PROSE_1) == PROSE_1


def test_too_short_is_a_failure_and_too_long_is_truncated() -> None:
    short = RawDocument(origin="s.txt", content="Advertisement\n\nOk.", kind="text", title="T")
    failure = clean_document(short, settings=SETTINGS, limits=LIMITS)
    assert isinstance(failure, ReadFailure) and failure.reason == "no article text after cleaning"
    long_raw = RawDocument(origin="l.txt", content="\n\n".join([PROSE_1, PROSE_2, PROSE_3] * 5), kind="text")
    article = clean_document(long_raw, settings=SETTINGS, limits=Limits(max_text_chars=700))
    assert isinstance(article, Article)
    assert len(article.text) <= 700
    assert article.text.endswith(".")


def test_jsonl_metadata_wins() -> None:
    raw = RawDocument(
        origin="batch.jsonl:3",
        content=f"{PROSE_1}\n\n{PROSE_2}",
        kind="text",
        url="https://www.example-news.example/x",
        title="Pipes",
        published="Tue, 05 Mar 2024 10:00:00 +0000",
    )
    article = clean_document(raw, settings=SETTINGS, limits=LIMITS)
    assert isinstance(article, Article)
    assert article.source == "example-news.example"
    assert article.published == date(2024, 3, 5)
    assert article.title == "Pipes"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-14 20:30:26Z", date(2025, 3, 14)),
        ("2025-03-14T20:30:26+02:00", date(2025, 3, 14)),
        ("Fri, 14 Mar 2025 20:30:26 +0000", date(2025, 3, 14)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("yesterday", None),
        ("", None),
        ("2024-02-30", None),
    ],
)
def test_parse_published(value: str, expected: date | None) -> None:
    assert parse_published(value) == expected


def test_language_and_hash_and_truncation_helpers() -> None:
    assert detect_language(PROSE_1) == "en"
    assert detect_language("Too short") == "und"
    assert (
        detect_language(
            "Le conseil municipal a approuvé mardi un plan de rénovation des canalisations de la ville."
        )
        == "fr"
    )
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert truncate_text("one two three", 100) == "one two three"
    assert host_name("https://www.example.org/path") == "example.org"
    assert host_name(None) is None

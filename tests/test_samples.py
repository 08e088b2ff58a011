"""The bundled sample corpus is well formed and agrees with its EXPECTED.json."""

from __future__ import annotations

import difflib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from newsgraph.samples import load_expected_truth, sample_corpus_path

CORPUS = sample_corpus_path()
TXT_HEADER = re.compile(r"^Published: (\d{4}-\d{2}-\d{2})\nSource: .+\nURL: https?://\S+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _ArticleParser(HTMLParser):
    """Collects the <h1> and the <p> paragraphs inside <article>, plus the stated dates."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.paragraphs: list[str] = []
        self.dates: list[str] = []
        self._in_article = 0
        self._in_p = False
        self._in_h1 = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self._in_article += 1
        elif tag == "p" and self._in_article and not values.get("class"):
            self._in_p, self._buffer = True, []
        elif tag == "h1" and self._in_article:
            self._in_h1, self._buffer = True, []
        elif tag == "meta" and values.get("property") == "article:published_time":
            self.dates.append(values.get("content") or "")
        elif tag == "time" and values.get("datetime"):
            self.dates.append(values["datetime"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif tag == "p" and self._in_p:
            self.paragraphs.append("".join(self._buffer).strip())
            self._in_p = False
        elif tag == "h1" and self._in_h1:
            self.title = "".join(self._buffer).strip()
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_p or self._in_h1:
            self._buffer.append(data)


def _parse_html(path: Path) -> _ArticleParser:
    parser = _ArticleParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _read_txt(path: Path) -> tuple[str, str, list[str]]:
    """(title, published, body paragraphs) of a .txt sample."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    title, header = lines[0], "\n".join(lines[-3:])
    match = TXT_HEADER.match(header)
    assert match, f"{path.name}: the header lines are not Published/Source/URL"
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return title, match.group(1), paragraphs


def _records() -> list[dict[str, Any]]:
    lines = (CORPUS / "follow_ups.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article_body(ref: str) -> tuple[str, list[str]]:
    """(title, paragraphs) of any sample, by its EXPECTED.json ref."""
    if "#" in ref:
        file_name, index = ref.split("#")
        assert file_name == "follow_ups.jsonl"
        record = _records()[int(index)]
        return record["title"], [p for p in record["text"].split("\n\n") if p.strip()]
    path = CORPUS / ref
    if path.suffix == ".txt":
        title, _, paragraphs = _read_txt(path)
        return title, paragraphs
    parsed = _parse_html(path)
    return parsed.title, parsed.paragraphs


def full_text(ref: str) -> str:
    title, paragraphs = article_body(ref)
    return "\n\n".join([title, *paragraphs])


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return load_expected_truth()


def test_corpus_has_the_promised_files_and_formats() -> None:
    files = sorted(p.name for p in CORPUS.iterdir())
    suffixes = [Path(name).suffix for name in files]
    assert len(files) == 14
    assert suffixes.count(".html") >= 3
    assert suffixes.count(".jsonl") == 1
    assert set(suffixes) == {".txt", ".html", ".jsonl"}
    assert 2 <= len(_records()) <= 3


def test_every_txt_has_title_date_and_reasonable_length() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        title, published, paragraphs = _read_txt(path)
        assert title and not title.endswith(".")
        assert ISO_DATE.match(published)
        words = sum(len(p.split()) for p in paragraphs)
        assert 120 <= words <= 350, (path.name, words)


def test_every_html_page_states_title_date_and_body() -> None:
    for path in sorted(CORPUS.glob("*.html")):
        parsed = _parse_html(path)
        assert parsed.title, path.name
        assert parsed.dates and all(d[:4] == "2025" for d in parsed.dates), path.name
        words = sum(len(p.split()) for p in parsed.paragraphs)
        assert 120 <= words <= 350, (path.name, words)


def test_jsonl_records_carry_the_metadata_fields() -> None:
    for record in _records():
        assert {"url", "title", "published", "source", "text"} <= set(record)
        assert ISO_DATE.match(record["published"])
        assert 120 <= len(record["text"].split()) <= 350


def test_expected_refers_to_existing_articles_and_covers_all(expected: dict[str, Any]) -> None:
    refs = [a["ref"] for a in expected["articles"]]
    assert len(refs) == len(set(refs)) == 16
    for ref in refs:
        assert article_body(ref)[1], ref
    files = {ref.split("#")[0] for ref in refs}
    assert files == {p.name for p in CORPUS.iterdir()}
    assert set(expected["stories"]) == {a["story"] for a in expected["articles"]}
    for story in expected["stories"].values():
        for event in story["events"]:
            assert set(event["reported_in"]) <= set(refs)


def test_expected_titles_and_dates_match_the_files(expected: dict[str, Any]) -> None:
    for article in expected["articles"]:
        title, _ = article_body(article["ref"])
        assert title == article["title"]
        if article["format"] == "txt":
            assert _read_txt(CORPUS / article["ref"])[1] == article["published"]
        elif article["format"] == "html":
            dates = _parse_html(CORPUS / article["ref"]).dates
            assert any(d.startswith(article["published"]) for d in dates)


def test_exact_copy_has_the_same_title_and_body(expected: dict[str, Any]) -> None:
    (exact,) = [c for c in expected["copies"] if c["kind"] == "exact"]
    assert Path(exact["copy"]).suffix != Path(exact["original"]).suffix
    assert article_body(exact["copy"]) == article_body(exact["original"])


def test_near_copy_is_close_but_not_equal(expected: dict[str, Any]) -> None:
    (near,) = [c for c in expected["copies"] if c["kind"] == "near"]
    copy, original = full_text(near["copy"]), full_text(near["original"])
    assert copy != original
    assert difflib.SequenceMatcher(None, copy.split(), original.split()).ratio() > 0.9


def test_rewrite_keeps_names_and_numbers_but_not_wording(expected: dict[str, Any]) -> None:
    (rewrite,) = [c for c in expected["copies"] if c["kind"] == "rewrite"]
    copy, original = full_text(rewrite["copy"]), full_text(rewrite["original"])
    for fact in ("Irina Valesko", "Kaunas", "Darius Lekavicius", "Andrei Zhuk", "34", "100", "Kirill B."):
        assert fact in copy and fact in original, fact
    ratio = difflib.SequenceMatcher(None, copy.split(), original.split()).ratio()
    assert ratio < 0.6


def test_the_conflicting_number_is_stated_by_the_named_articles(expected: dict[str, Any]) -> None:
    (conflict,) = expected["conflicts"]
    assert conflict["field"] == "fatalities"
    spelled = {12: "twelve", 14: "fourteen"}
    for value in conflict["values"]:
        for ref in conflict["articles"][str(value)]:
            text = full_text(ref).lower()
            assert str(value) in text or spelled[value] in text, (ref, value)


def test_boilerplate_title_repeat_relative_dates_and_surnames(expected: dict[str, Any]) -> None:
    features = expected["features"]
    assert len(features["comment_boilerplate"]) >= 2
    for name in features["comment_boilerplate"]:
        page = (CORPUS / name).read_text(encoding="utf-8")
        assert "Leave a Reply" in page
        assert "Your email address will not be published. Required fields are marked *" in page
    for name in features["repeated_title"]:
        lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
        assert lines[0] == lines[1]
    for item in features["relative_dates"]:
        assert item["text"] in full_text(item["ref"]), item
    for item in features["surname_only"]:
        text = full_text(item["ref"])
        first_full = text.index(item["full"])
        later = text.replace(item["full"], "")
        assert re.search(rf"\b{item['short']}\b", later), item
        assert text.index(item["short"]) >= first_full


def test_entities_of_each_story_appear_in_its_articles(expected: dict[str, Any]) -> None:
    for key, story in expected["stories"].items():
        texts = " ".join(full_text(ref) for ref in story["articles"])
        for entity in story["entities"]:
            assert entity["name"] in texts, (key, entity["name"])
        for place in story["places"]:
            assert place["name"] in texts, (key, place["name"])
            assert re.fullmatch(r"[A-Z]{2}", place["country"])

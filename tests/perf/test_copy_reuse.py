"""Exact copies are analysed once: the copy's analysis is derived from its original's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsgraph import pipeline
from newsgraph.config import Settings
from newsgraph.copy_reuse import CopyReuse, reuse_analysis
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    Entity,
    EntityMention,
    EventDate,
    EventMention,
    PlaceMention,
    ReadFailure,
    Sentence,
    TimeExpression,
)

BODY = "Mira Okafor was arrested in Lagos on Monday, police said.\n\nShe denied the charges."


def _article(article_id: str, title: str | None, body: str = BODY, published: date | None = None) -> Article:
    text = f"{title}\n\n{body}" if title else body
    return Article(
        id=article_id,
        title=title,
        text=text,
        url=None,
        source=None,
        published=published or date(2025, 3, 4),
        language="en",
        content_hash=article_id,
        origin=article_id,
    )


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _analysis(article: Article) -> ArticleAnalysis:
    """A hand-built analysis: one mention in the headline, the rest in the body."""
    text = article.text
    cut = text.index(BODY)
    head = _span(text, "Okafor")  # in the headline
    name = _span(text, "Mira Okafor", cut)
    lagos = _span(text, "Lagos", cut)
    monday = _span(text, "Monday", cut)
    first = _span(text, "Mira Okafor was arrested in Lagos on Monday, police said.", cut)
    second = _span(text, "She denied the charges.", cut)
    arrested = _span(text, "arrested", cut)
    place = PlaceMention(*lagos, "Lagos", None)
    return ArticleAnalysis(
        article=article,
        sentences=(Sentence(0, cut), Sentence(*first), Sentence(*second)),
        mentions=(
            EntityMention(*head, "Okafor", "PERSON", "Mira Okafor"),
            EntityMention(*name, "Mira Okafor", "PERSON", "Mira Okafor"),
            EntityMention(*lagos, "Lagos", "GPE", "Lagos"),
        ),
        entities=(Entity(Entity.make_id("Mira Okafor", "PERSON"), "Mira Okafor", "PERSON"),),
        places=(place,),
        times=(TimeExpression(*monday, "Monday", "DATE", "2025-03-03", None, None, "day"),),
        events=(
            EventMention(
                article_id=article.id,
                type="ARREST",
                mode=None,
                trigger="arrested",
                sentence_start=first[0],
                sentence_end=first[1],
                trigger_start=arrested[0],
                trigger_end=arrested[1],
                date=EventDate(date(2025, 3, 3), None, "day", "Monday"),
                place=place,
                participants=(),
                fatalities=None,
                modality="asserted",
            ),
        ),
    )


def test_copy_under_a_longer_headline_gets_shifted_offsets() -> None:
    original = _analysis(_article("a1", "Okafor held"))
    copy = _article("a2", "Police in Lagos arrest Mira Okafor after weeks of searching")
    derived = reuse_analysis(original, copy)
    assert derived is not None
    text = copy.text
    assert derived.article is copy
    # Every span lands on the same words in the copy's text; the headline mention is gone.
    assert [text[m.start : m.end] for m in derived.mentions] == ["Mira Okafor", "Lagos"]
    assert [text[p.start : p.end] for p in derived.places] == ["Lagos"]
    assert [text[t.start : t.end] for t in derived.times] == ["Monday"]
    event = derived.events[0]
    assert event.article_id == "a2"
    assert text[event.trigger_start : event.trigger_end] == "arrested"
    assert text[event.sentence_start : event.sentence_end].startswith("Mira Okafor was arrested")
    assert event.place is not None and text[event.place.start : event.place.end] == "Lagos"
    assert derived.sentences[0] == Sentence(0, text.index(BODY))
    assert [text[s.start : s.end] for s in derived.sentences[1:]] == [
        "Mira Okafor was arrested in Lagos on Monday, police said.",
        "She denied the charges.",
    ]


def test_copy_without_a_headline_keeps_only_the_body() -> None:
    original = _analysis(_article("a1", "Okafor held"))
    derived = reuse_analysis(original, _article("a3", None))
    assert derived is not None
    assert derived.sentences[0] == Sentence(
        0, len("Mira Okafor was arrested in Lagos on Monday, police said.")
    )
    assert [derived.article.text[m.start : m.end] for m in derived.mentions] == ["Mira Okafor", "Lagos"]


def test_no_reuse_when_the_body_or_the_date_differs() -> None:
    original = _analysis(_article("a1", "Okafor held"))
    assert reuse_analysis(original, _article("b", "Okafor held", BODY + " More.")) is None
    # Another publication date moves "Monday": the copy must be parsed with its own anchor.
    assert reuse_analysis(original, _article("c", "Okafor held", published=date(2025, 3, 11))) is None
    # A span across the headline and the body cannot be carried over.
    broken = replace(original, sentences=(Sentence(0, len(original.article.text)),))
    assert reuse_analysis(broken, _article("d", "Another title")) is None


def test_same_headline_copy_changes_only_ids() -> None:
    original = _analysis(_article("a1", "Okafor held"))
    derived = reuse_analysis(original, _article("a4", "Okafor held"))
    assert derived is not None
    assert derived.mentions == original.mentions
    assert derived.events[0].article_id == "a4"
    assert replace(derived.events[0], article_id="a1") == original.events[0]


def _fake_analyse(calls: list[str]) -> object:
    def analyse(articles: Sequence[Article], *, settings: Settings) -> list[ArticleAnalysis | ReadFailure]:
        calls.extend(a.id for a in articles)
        return [_analysis(a) if BODY in a.text else ArticleAnalysis(article=a) for a in articles]

    return analyse


def test_stream_parses_each_body_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies within a chunk and across chunks are routed away from the parser, in input order."""
    from newsgraph.model import RawDocument

    calls: list[str] = []
    monkeypatch.setattr(pipeline, "analyse_articles", _fake_analyse(calls))
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    raws = [
        RawDocument(origin=f"r{i}", content=BODY, kind="text", title=title, published="2025-03-04")
        for i, title in enumerate(["Okafor held", "Okafor held in Lagos", "Okafor held", "Arrest in Lagos"])
    ]
    other = RawDocument(origin="x", content=BODY.replace("Mira", "Tomas"), kind="text", title="Held")
    reuse = CopyReuse(Settings())
    results = list(pipeline.analyse_stream([*raws, other], settings=Settings(), processes=1, reuse=reuse))
    assert [r.article.origin for r in results if isinstance(r, ArticleAnalysis)] == [
        "r0", "r1", "r2", "r3", "x"
    ]  # fmt: skip
    assert len(calls) == 2  # the first "Okafor" body and the "Tomas" body
    assert reuse.reused == 3
    for result in results:
        assert isinstance(result, ArticleAnalysis)
        text = result.article.text
        assert all(text[m.start : m.end] == m.text for m in result.mentions)


@pytest.mark.model
def test_ingest_does_not_parse_an_exact_copy_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.store.db import Store

    parsed: list[str] = []
    real = pipeline.analyse_articles

    def counting(articles: Sequence[Article], *, settings: Settings) -> list[ArticleAnalysis | ReadFailure]:
        parsed.extend(a.origin for a in articles)
        return real(articles, settings=settings)

    monkeypatch.setattr(pipeline, "analyse_articles", counting)
    body = (
        "Police in Porto arrested Tomas Varga on Tuesday after a fire at a warehouse, officials said.\n\n"
        "Varga, a local businessman, denied setting the fire. He will appear in court in Lisbon."
    )
    (tmp_path / "a.txt").write_text(f"Businessman held over Porto fire\n\n{body}\n")
    (tmp_path / "b.txt").write_text(f"Porto warehouse fire: police arrest local businessman\n\n{body}\n")
    db = str(tmp_path / "t.duckdb")
    report = pipeline.ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db_path=db, processes=1)
    assert report.added == 2
    assert report.reused == 1
    assert len(parsed) == 1
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT a.origin, m.text, substr(a.text, m.start_char + 1, m.end_char - m.start_char) "
            "FROM mentions m JOIN articles a ON a.id = m.article_id"
        ).fetchall()
        kinds = dict(store.con.execute("SELECT origin, copy_kind FROM articles").fetchall())
    assert rows and all(stored == text for _, text, stored in rows)
    by_origin: dict[str, list[str]] = {}
    for origin, text, _ in rows:
        by_origin.setdefault(Path(origin).name, []).append(text)
    assert sorted(by_origin["a.txt"]) == sorted(by_origin["b.txt"])
    assert sorted(map(str, kinds.values())) == ["None", "exact"]

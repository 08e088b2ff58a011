"""Near copies: only the lines a copy changed or added are parsed; the rest comes from the original."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from newsgraph import pipeline
from newsgraph.config import Settings
from newsgraph.copy_reuse import CopyReuse, ExactCopy, NearCopy, copy_signature, plan_near_copy
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    Entity,
    EntityMention,
    EventDate,
    EventMention,
    PlaceMention,
    RawDocument,
    ReadFailure,
    Sentence,
)

FIRST = "Mira Okafor was arrested in Lagos on Monday after a protest outside the state assembly, police said."
SECOND = "Officers said 12 people were injured when the crowd was dispersed with tear gas near the market."
THIRD = "Her lawyer said she would deny every charge and called the arrest an attempt to silence critics."
CHANGED = SECOND.replace("12", "14")
ADDED = "This report was updated with additional details."


def _article(
    article_id: str, paragraphs: Sequence[str], title: str = "Activist held in Lagos", **kw: object
) -> Article:
    body = "\n\n".join(paragraphs)
    return Article(
        id=article_id,
        title=title,
        text=f"{title}\n\n{body}",
        url=None,
        source=None,
        published=kw.get("published", date(2025, 3, 4)),  # type: ignore[arg-type]
        language="en",
        content_hash=article_id,
        origin=article_id,
    )


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _event(article: Article, sentence: str, trigger: str, place: PlaceMention | None) -> EventMention:
    s, t = _span(article.text, sentence), _span(article.text, trigger)
    return EventMention(
        article_id=article.id,
        type="ARREST" if trigger == "arrested" else "ASSAULT",
        mode=None,
        trigger=trigger,
        sentence_start=s[0],
        sentence_end=s[1],
        trigger_start=t[0],
        trigger_end=t[1],
        date=EventDate(None, None, "unknown", None),
        place=place,
        participants=(),
        fatalities=None,
        modality="asserted",
    )


def _hand_analysis(article: Article) -> ArticleAnalysis:
    """What a parse of FIRST/SECOND/THIRD finds, written by hand: a mention and event per line."""
    text = article.text
    lagos = PlaceMention(*_span(text, "Lagos on"), "Lagos", None)
    lagos = PlaceMention(lagos.start, lagos.start + 5, "Lagos", None)
    market = PlaceMention(*_span(text, "the market"), "the market", None)
    return ArticleAnalysis(
        article=article,
        sentences=tuple(Sentence(*_span(text, line)) for line in (article.title or "", FIRST, SECOND, THIRD)),
        mentions=(EntityMention(*_span(text, "Mira Okafor"), "Mira Okafor", "PERSON", "Mira Okafor"),),
        entities=(Entity(Entity.make_id("Mira Okafor", "PERSON"), "Mira Okafor", "PERSON"),),
        places=(lagos,),
        events=(
            _event(article, FIRST, "arrested", lagos),
            _event(article, SECOND, "injured", market),
            _event(article, THIRD, "arrest", None),
        ),
    )


def test_plan_parses_only_changed_and_added_lines() -> None:
    original = _article("a", [FIRST, SECOND, THIRD])
    copy = _article("b", [FIRST, CHANGED, THIRD, ADDED])
    plan = plan_near_copy(original, copy, "key")
    assert plan.probe is not None
    assert plan.probe.text == f"{CHANGED}\n\n{ADDED}"
    assert plan.probe.published == copy.published and plan.probe.id == copy.id
    shared_lines = [copy.text[start : start + (end - source)] for source, end, start in plan.shared]
    assert shared_lines == ["Activist held in Lagos", FIRST, THIRD]
    # Each probe segment points back at the same characters of the copy.
    for probe_start, probe_end, copy_start in plan.segments:
        length = probe_end - probe_start
        assert plan.probe.text[probe_start:probe_end] == copy.text[copy_start : copy_start + length]


def test_copy_with_only_a_paragraph_dropped_needs_no_parse() -> None:
    plan = plan_near_copy(_article("a", [FIRST, SECOND, THIRD]), _article("b", [FIRST, THIRD]), "key")
    assert plan.probe is None


def test_combined_analysis_lands_on_the_copys_words() -> None:
    original_article = _article("a", [FIRST, SECOND, THIRD])
    copy = _article("b", [FIRST, CHANGED, THIRD, ADDED], title="Lagos activist arrested after protest")
    plan = plan_near_copy(original_article, copy, "key")
    assert plan.probe is not None
    probe_text = plan.probe.text
    fourteen = _span(probe_text, "injured")
    probed = ArticleAnalysis(
        article=plan.probe,
        sentences=(Sentence(*_span(probe_text, CHANGED)), Sentence(*_span(probe_text, ADDED))),
        events=(
            EventMention(
                article_id=copy.id,
                type="ASSAULT",
                mode=None,
                trigger="injured",
                sentence_start=0,
                sentence_end=len(CHANGED),
                trigger_start=fourteen[0],
                trigger_end=fourteen[1],
                date=EventDate(None, None, "unknown", None),
                place=None,
                participants=(),
                fatalities=14,
                modality="asserted",
            ),
        ),
    )
    combined = plan.combine(_hand_analysis(original_article), probed)
    text = copy.text
    assert combined.article is copy
    assert [text[s.start : s.end] for s in combined.sentences] == [
        "Lagos activist arrested after protest", FIRST, CHANGED, THIRD, ADDED
    ]  # fmt: skip
    assert [text[m.start : m.end] for m in combined.mentions] == ["Mira Okafor"]
    assert [text[p.start : p.end] for p in combined.places] == ["Lagos"]
    triggers = [(text[e.trigger_start : e.trigger_end], e.fatalities) for e in combined.events]
    # The original's "injured" (12, in a line the copy changed) is gone; the probe's (14) took its place.
    assert triggers == [("arrested", None), ("injured", 14), ("arrest", None)]
    assert all(e.article_id == "b" for e in combined.events)
    assert all(text[e.sentence_start : e.sentence_end] in (FIRST, CHANGED, THIRD) for e in combined.events)
    assert [e.id for e in combined.entities] == [Entity.make_id("Mira Okafor", "PERSON")]


def test_event_whose_place_was_in_a_changed_line_is_not_carried() -> None:
    original_article = _article("a", [FIRST, SECOND, THIRD])
    analysis = _hand_analysis(original_article)
    market = analysis.events[1].place
    assert market is not None
    # The THIRD line's event borrows its place from the SECOND line, which the copy changes.
    borrowed = (*analysis.events[:2], _event(original_article, THIRD, "arrest", market))
    copy = _article("b", [FIRST, CHANGED, THIRD])
    plan = plan_near_copy(original_article, copy, "key")
    combined = plan.combine(
        ArticleAnalysis(**{**analysis.__dict__, "events": borrowed}), ArticleAnalysis(article=copy)
    )
    assert [e.trigger for e in combined.events] == ["arrested"]


def test_route_finds_near_copies_of_the_same_day_only() -> None:
    reuse = CopyReuse(Settings())
    original = _article("a", [FIRST, SECOND, THIRD])
    assert reuse.route(original, copy_signature(original)) is None
    near = _article("b", [FIRST, CHANGED, THIRD, ADDED])
    assert isinstance(reuse.route(near, copy_signature(near)), NearCopy)
    exact = _article("c", [FIRST, SECOND, THIRD], title="Another headline")
    assert isinstance(reuse.route(exact, copy_signature(exact)), ExactCopy)
    next_day = _article("d", [FIRST, CHANGED, THIRD], published=date(2025, 3, 5))
    assert reuse.route(next_day, copy_signature(next_day)) is None  # "Monday" means another day
    other = _article("e", ["A dam burst in the north, flooding three villages.", THIRD.replace("Her", "His")])
    assert reuse.route(other, copy_signature(other)) is None


def test_cache_forgets_evicted_originals() -> None:
    reuse = CopyReuse(Settings(), cache_size=1)
    first = _article("a", [FIRST, SECOND, THIRD])
    reuse.route(first, copy_signature(first))
    reuse.remember(first, _hand_analysis(first))
    second = _article("b", ["A dam burst in the north, flooding three villages and cutting the main road."])
    reuse.route(second, copy_signature(second))
    reuse.remember(second, ArticleAnalysis(article=second))
    assert list(reuse.recent) and first.text not in [a.article.text for a in reuse.recent.values()]
    near = _article("c", [FIRST, CHANGED, THIRD])
    assert reuse.route(near, copy_signature(near)) is None  # its original is no longer remembered
    assert all(len(keys) <= 2 for keys in reuse.by_band.values())


def test_stream_parses_the_probe_not_the_whole_near_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed_texts: list[str] = []

    def analyse(articles: Sequence[Article], *, settings: Settings) -> list[ArticleAnalysis | ReadFailure]:
        parsed_texts.extend(a.text for a in articles)
        return [_hand_analysis(a) if FIRST in a.text else ArticleAnalysis(article=a) for a in articles]

    monkeypatch.setattr(pipeline, "analyse_articles", analyse)
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 1)

    def raw(origin: str, paragraphs: Sequence[str]) -> RawDocument:
        body = "\n\n".join(paragraphs)
        return RawDocument(
            origin=origin, content=body, kind="text", title="Activist held", published="2025-03-04"
        )

    raws = [raw("o", [FIRST, SECOND, THIRD]), raw("n", [FIRST, CHANGED, THIRD, ADDED])]
    reuse = CopyReuse(Settings())
    results = list(pipeline.analyse_stream(raws, settings=Settings(), processes=1, reuse=reuse))
    assert [r.article.origin for r in results] == ["o", "n"]
    assert len(parsed_texts) == 2 and parsed_texts[1] == f"{CHANGED}\n\n{ADDED}"
    assert reuse.reused == 1 and reuse.probed == 1
    copy = results[1]
    assert isinstance(copy, ArticleAnalysis)
    assert [copy.article.text[e.trigger_start : e.trigger_end] for e in copy.events] == ["arrested", "arrest"]

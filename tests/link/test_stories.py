"""Incremental story assignment: shared people join a story, shared countries alone do not."""

from __future__ import annotations

from datetime import date

from newsgraph.link.stories import StoryAssigner, StoryState, article_keys
from newsgraph.model import Article, ArticleAnalysis, EntityMention, Place, PlaceMention


def _analysis(
    article_id: str, people: list[str], countries: list[str], published: date | None = None
) -> ArticleAnalysis:
    article = Article(
        id=article_id,
        title=None,
        text="x",
        url=None,
        source=None,
        published=published,
        language="en",
        content_hash=article_id,
        origin=article_id,
    )
    mentions = tuple(EntityMention(0, 1, p, "PERSON", p) for p in people for _ in range(2))
    places = tuple(
        PlaceMention(0, 1, c, Place(c, 0.0, 0.0, c[:2].upper(), None, "country", c)) for c in countries
    )
    return ArticleAnalysis(article=article, mentions=mentions, places=places)


def _assigner() -> StoryAssigner:
    return StoryAssigner(lookup=lambda keys: {}, load=lambda story_id: None, frequency=lambda keys: {})


def test_shared_person_joins_story_and_country_alone_does_not() -> None:
    assigner = _assigner()
    first = assigner.assign(_analysis("a1", ["Anna Petrova"], ["Spain"]))
    second = assigner.assign(_analysis("a2", ["Anna Petrova", "Ivan Sokol"], ["Spain"]))
    third = assigner.assign(_analysis("a3", ["Maria Lind"], ["Spain"]))
    assert first == second
    assert third != first


def test_far_apart_in_time_starts_a_new_story() -> None:
    assigner = _assigner()
    first = assigner.assign(_analysis("a1", ["Anna Petrova"], [], date(2010, 1, 1)))
    later = assigner.assign(_analysis("a2", ["Anna Petrova"], [], date(2024, 1, 1)))
    assert first != later


def test_copy_joins_its_originals_story_and_stored_stories_are_found() -> None:
    stored = StoryState(id="sto_old", keys=article_keys(_analysis("x", ["Ivan Sokol"], [])))
    assigner = StoryAssigner(
        lookup=lambda keys: {"sto_old": stored} if keys else {},
        load=lambda story_id: stored if story_id == "sto_old" else None,
        frequency=lambda keys: {},
    )
    assert assigner.assign(_analysis("a1", ["Ivan Sokol"], [])) == "sto_old"
    assert assigner.assign(_analysis("a2", [], []), joins_story="sto_old") == "sto_old"


def test_story_ids_are_stable() -> None:
    assert _assigner().assign(_analysis("a1", ["Anna Petrova"], [])) == _assigner().assign(
        _analysis("a1", ["Anna Petrova"], [])
    )

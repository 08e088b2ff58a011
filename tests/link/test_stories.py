"""Incremental story assignment: shared people join a story, shared countries alone do not."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsgraph.link.stories import (
    JOIN_THRESHOLD,
    StoryAssigner,
    StoryState,
    article_keys,
    key_idf,
    keys_worth_looking_up,
    score_story,
)
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


def test_keys_not_worth_looking_up_cannot_make_a_story_joinable() -> None:
    """A story sharing only the skipped keys, at full weight, stays under the join threshold."""
    rng = random.Random(7)
    for _ in range(500):
        keys = {
            f"k{i}": rng.choice([1.0, 0.6, 0.3, 0.15, 0.05]) * rng.random() for i in range(rng.randint(1, 15))
        }
        frequency = {k: rng.choice([0, 1, 2, 5, 50, 3000]) for k in keys}
        kept = set(keys_worth_looking_up(keys, frequency))
        skipped = {k: 1.0 for k in keys if k not in kept}
        # The batch's new stories can only add holders: counts at least the stored ones.
        more = {k: n + rng.randint(0, 3) for k, n in frequency.items()}
        assert score_story(keys, StoryState(id="s", keys=skipped), more) < JOIN_THRESHOLD
        if kept:  # the kept keys alone could reach it: nothing is skipped that was needed to
            assert sum(keys[k] * key_idf(frequency.get(k, 1)) for k in keys) >= JOIN_THRESHOLD - 1e-9


def test_pruned_story_lookups_link_the_same_stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linking against the store with and without the pruned key lookups gives the same stories."""
    from newsgraph.link import batch
    from newsgraph.pipeline import IngestReport, link_and_write
    from newsgraph.store.db import Store

    rng = random.Random(11)
    people = [f"Person{i} Surname{i}" for i in range(40)]
    countries = ["Spain", "France", "Chile", "Kenya", "Nepal"]
    words = [f"w{i}" for i in range(3000)]
    analyses = []
    for n in range(300):
        analysis = _analysis(
            f"art_{n:03d}",
            rng.sample(people, rng.randint(0, 3)),
            rng.sample(countries, rng.randint(1, 3)),
            date(2024, 1, 1 + n % 28),
        )
        text = " ".join(rng.choice(words) for _ in range(60))
        analyses.append(replace(analysis, article=replace(analysis.article, text=text)))

    def linked(db: Path) -> dict[str, str | None]:
        with Store(str(db)) as store:
            for start in range(0, len(analyses), 25):
                link_and_write(store, analyses[start : start + 25], [], IngestReport(), defer_merge=True)
            return dict(store.con.execute("SELECT id, story_id FROM articles").fetchall())

    pruned = linked(tmp_path / "pruned.duckdb")
    monkeypatch.setattr(batch, "keys_worth_looking_up", lambda keys, frequency: list(keys))
    everything = linked(tmp_path / "all.duckdb")
    assert pruned == everything
    assert len(set(pruned.values())) > 5  # several stories, some joined across batches
    assert len(set(pruned.values())) < len(analyses) / 2


def test_stored_story_is_found_when_a_loaded_story_already_holds_the_key() -> None:
    """A story loaded through another key holds a key in passing: the stored stories that hold it
    strongly must still be looked up and scored (they once were not)."""
    olga, ivan = (
        next(iter(article_keys(_analysis("x", [name], [])))) for name in ("Olga Lind", "Ivan Sokol")
    )
    stored = {
        "sto_olga": StoryState(id="sto_olga", keys={olga: 1.0, ivan: 0.2}),
        "sto_ivan": StoryState(id="sto_ivan", keys={ivan: 1.0}),
    }

    def lookup(keys: list[str]) -> dict[str, StoryState]:
        return {
            sid: StoryState(id=sid, keys=dict(state.keys))
            for sid, state in stored.items()
            if any(k in state.keys for k in keys)
        }

    assigner = StoryAssigner(
        lookup=lookup,
        load=lambda story_id: lookup(list(stored[story_id].keys)).get(story_id),
        frequency=lambda keys: {k: sum(k in s.keys for s in stored.values()) for k in keys},
    )
    assert assigner.assign(_analysis("a1", ["Olga Lind"], [])) == "sto_olga"
    assert assigner.assign(_analysis("a2", ["Ivan Sokol"], [])) == "sto_ivan"

"""The bundled sample corpus end to end: copies found, the conflicting number flagged, sources counted.

The truth is the corpus's own EXPECTED.json, written with the corpus.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.samples import load_expected_truth
from newsgraph.store.db import Store
from newsgraph.store.queries import list_articles, list_events, list_stories

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def corpus(sample_db: str) -> dict[str, Any]:
    truth = load_expected_truth()
    with Store(sample_db, read_only=True) as store:
        articles = list_articles(store)
        events = list_events(store)
        stories = list_stories(store)
    by_key = {(a["title"], a["source"]): a for a in articles}
    refs = {entry["ref"]: by_key[(entry["title"], entry["source"])] for entry in truth["articles"]}
    return {"truth": truth, "articles": articles, "events": events, "stories": stories, "refs": refs}


def test_every_article_is_read_with_its_date_and_outlet(corpus: dict[str, Any]) -> None:
    assert len(corpus["articles"]) == len(corpus["truth"]["articles"])
    for entry in corpus["truth"]["articles"]:
        article = corpus["refs"][entry["ref"]]
        assert article["published"] == entry["published"], entry["ref"]


@pytest.mark.parametrize("kind", ["exact", "near", "rewrite"])
def test_copies_are_found(corpus: dict[str, Any], kind: str) -> None:
    [relation] = [c for c in corpus["truth"]["copies"] if c["kind"] == kind]
    copy, original = corpus["refs"][relation["copy"]], corpus["refs"][relation["original"]]
    assert copy["copy_kind"] == kind
    assert copy["copy_of"] == original["id"]
    assert original["copy_of"] is None


def test_no_other_article_is_called_a_copy(corpus: dict[str, Any]) -> None:
    expected = {corpus["refs"][c["copy"]]["id"] for c in corpus["truth"]["copies"]}
    assert {a["id"] for a in corpus["articles"] if a["copy_kind"]} == expected


def test_stories_group_the_articles_as_written(corpus: dict[str, Any]) -> None:
    story_of = {}
    for entry in corpus["truth"]["articles"]:
        story_of.setdefault(entry["story"], set()).add(corpus["refs"][entry["ref"]]["story_id"])
    assert all(len(ids) == 1 for ids in story_of.values()), story_of
    assert len({next(iter(ids)) for ids in story_of.values()}) == len(story_of)
    assert len(corpus["stories"]) == len(story_of)


def test_conflicting_death_toll_is_flagged_with_its_articles(corpus: dict[str, Any]) -> None:
    [truth] = corpus["truth"]["conflicts"]
    flagged = [(e, c) for e in corpus["events"] for c in e["conflicts"] if c["field"] == truth["field"]]
    assert flagged, "no event carries the fatalities conflict"
    event, conflict = flagged[0]
    assert {str(v) for v in conflict["values"]} == {str(v) for v in truth["values"]}
    for value, refs in truth["articles"].items():
        for ref in refs:
            assert corpus["refs"][ref]["id"] in {m["article_id"] for m in event["mentions"]}, (value, ref)


def test_independent_sources_discount_copies(corpus: dict[str, Any]) -> None:
    root = {a["id"]: a["copy_of"] or a["id"] for a in corpus["articles"]}
    copies = {a["id"] for a in corpus["articles"] if a["copy_of"]}
    for event in corpus["events"]:
        articles = {m["article_id"] for m in event["mentions"]}
        assert event["sources"] == len(articles)
        assert event["independent_sources"] == len({root[a] for a in articles})
    assert any(
        e["independent_sources"] < e["sources"]
        for e in corpus["events"]
        if {m["article_id"] for m in e["mentions"]} & copies
    )


def test_every_event_cites_its_sentences(corpus: dict[str, Any], sample_db: str) -> None:
    with Store(sample_db, read_only=True) as store:
        texts = {a["id"]: a["text"] for a in list_articles(store, with_text=True)}
    for event in corpus["events"]:
        assert event["mentions"]
        for mention in event["mentions"]:
            assert texts[mention["article_id"]][mention["start"] : mention["end"]] == mention["sentence"]
            assert mention["sentence"].strip()


def test_one_article_per_batch_links_like_one_batch(
    corpus: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copies, rewrites, stories and merged events found against the store equal those found within a
    batch, also when the ingest reopens its database between batches (as it does every 10,000 articles)."""
    from dataclasses import replace

    from newsgraph import pipeline
    from newsgraph.config import Settings, StoreSettings
    from newsgraph.samples import sample_corpus_path

    monkeypatch.setattr(pipeline, "REOPEN_EVERY_ARTICLES", 3)
    path = str(tmp_path_factory.mktemp("one_by_one") / "sample.duckdb")
    settings = replace(Settings(), store=StoreSettings(write_batch=1))
    pipeline.ingest([str(sample_corpus_path())], db_path=path, processes=1, settings=settings)
    with Store(path, read_only=True) as store:
        one_by_one = {a["id"]: a for a in list_articles(store)}
        events = list_events(store)
    for article in corpus["articles"]:
        other = one_by_one[article["id"]]
        assert (other["copy_of"], other["copy_kind"]) == (article["copy_of"], article["copy_kind"])
        assert other["story_id"] == article["story_id"], article["title"]
    assert events == corpus["events"]

"""Store round trips and idempotence, on model objects built by hypothesis (no spaCy).

- an event mention survives JSON and back unchanged;
- an article written through `Store.write_batch` reads back with the same fields and text;
- linking and writing the same analyses a second time changes no row anywhere.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.link.batch import link_batch
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    Entity,
    EntityMention,
    EventDate,
    EventMention,
    Participant,
    Place,
    PlaceMention,
    Sentence,
    stable_id,
)
from newsgraph.store.codec import event_mention_from_json, event_mention_to_json
from newsgraph.store.db import Store
from newsgraph.store.queries import get_article

# Text the store can hold: any Unicode except lone surrogates (not encodable as UTF-8 at all).
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)
SMALL_INT = st.integers(min_value=0, max_value=10_000)
DATES = st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
PLACES = st.builds(
    Place,
    name=TEXT,
    lat=st.none() | st.floats(min_value=-90, max_value=90),
    lon=st.none() | st.floats(min_value=-180, max_value=180),
    country=st.none() | st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    admin1=st.none() | TEXT,
    precision=st.sampled_from(["point", "city", "admin1", "country", "region", "unknown"]),
    geonameid=st.none() | TEXT,
    population=st.none() | st.integers(min_value=0, max_value=2**62),
)
EVENT_MENTIONS = st.builds(
    EventMention,
    article_id=TEXT,
    type=TEXT,
    mode=st.none() | TEXT,
    trigger=TEXT,
    sentence_start=SMALL_INT,
    sentence_end=SMALL_INT,
    trigger_start=SMALL_INT,
    trigger_end=SMALL_INT,
    date=st.builds(
        EventDate,
        start=DATES,
        end=DATES,
        precision=st.sampled_from(["day", "month", "year", "unknown"]),
        text=st.none() | TEXT,
    ),
    place=st.none()
    | st.builds(PlaceMention, start=SMALL_INT, end=SMALL_INT, text=TEXT, place=st.none() | PLACES),
    participants=st.lists(
        st.builds(Participant, entity_id=TEXT, name=TEXT, role=st.sampled_from(["actor", "target", "other"])),
        max_size=3,
    ).map(tuple),
    fatalities=st.none() | st.integers(min_value=0, max_value=2**31 - 1),
    modality=st.sampled_from(["asserted", "reported", "alleged", "denied", "negated", "future"]),
    source_attribution=st.none() | TEXT,
    summary=st.none() | TEXT,
)


@settings(max_examples=200, deadline=None)
@given(mention=EVENT_MENTIONS)
def test_event_mentions_round_trip_through_json(mention: EventMention) -> None:
    assert event_mention_from_json(event_mention_to_json(mention)) == mention


_db_numbers = itertools.count()


def _analysis(title: str, body: str, published: date | None, url: str) -> ArticleAnalysis:
    text = f"{title}\n\n{body}" if title else body
    article = Article(
        id=stable_id("art_", text, url),
        title=title or None,
        text=text,
        url=url,
        source="wire.test",
        published=published,
        language="en",
        content_hash=stable_id("c_", text),
        origin=url,
    )
    name = "Edda Quist"
    at = text.find(name)
    mentions = (EntityMention(at, at + len(name), name, "PERSON", name),) if at >= 0 else ()
    entities = (Entity(Entity.make_id(name, "PERSON"), name, "PERSON"),) if mentions else ()
    return ArticleAnalysis(
        article=article, sentences=(Sentence(0, len(text)),), mentions=mentions, entities=entities
    )


ARTICLES = st.lists(
    st.tuples(
        TEXT, st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=400), DATES
    ),
    min_size=1,
    max_size=6,
)
DB_PROPERTY = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@DB_PROPERTY
@given(items=ARTICLES)
def test_articles_round_trip_through_the_store(
    tmp_path: Path, items: list[tuple[str, str, date | None]]
) -> None:
    db = str(tmp_path / f"rt{next(_db_numbers)}.duckdb")
    analyses = [
        _analysis(t, f"{b} Edda Quist spoke.", d, f"https://x.test/{i}") for i, (t, b, d) in enumerate(items)
    ]
    with Store(db) as store:
        store.write_batch(link_batch(store, analyses).records)
        for analysis in analyses:
            stored = get_article(store, analysis.article.id)
            article = analysis.article
            assert (stored["title"], stored["text"], stored["url"]) == (
                article.title,
                article.text,
                article.url,
            )
            assert stored["published"] == (article.published.isoformat() if article.published else None)
            assert stored["text_chars"] == len(article.text)


TABLES = ("articles", "article_bands", "sentences", "entities", "mentions", "events", "stories", "story_keys")


def _counts(store: Store) -> dict[str, int]:
    return {t: int(store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # noqa: S608


@DB_PROPERTY
@given(items=ARTICLES)
def test_writing_the_same_analyses_again_changes_nothing(
    tmp_path: Path, items: list[tuple[str, str, date | None]]
) -> None:
    db = str(tmp_path / f"re{next(_db_numbers)}.duckdb")
    analyses = [
        _analysis(t, f"{b} Edda Quist spoke.", d, f"https://x.test/{i}") for i, (t, b, d) in enumerate(items)
    ]
    with Store(db) as store:
        first = link_batch(store, analyses)
        store.write_batch(first.records, story_keys=first.story_keys, events_by_story=first.events_by_story)
        before = _counts(store)
        stories = store.con.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()
        again = link_batch(store, analyses)
        store.write_batch(again.records, story_keys=again.story_keys, events_by_story=again.events_by_story)
        assert again.unchanged == len({a.article.id for a in analyses}) and not again.records
        assert _counts(store) == before
        assert store.con.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall() == stories

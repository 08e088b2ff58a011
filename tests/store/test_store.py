"""The store: migrations recorded, batches written whole, listings in the contract's shapes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    Conflict,
    Entity,
    EntityMention,
    Event,
    EventDate,
    EventMention,
    Participant,
    Place,
    PlaceMention,
    Sentence,
    TimeExpression,
)
from newsgraph.store.db import ArticleRecord, Store
from newsgraph.store.export import export
from newsgraph.store.queries import (
    EventFilter,
    get_article,
    get_event,
    list_articles,
    list_entities,
    list_events,
    list_stories,
)

TEXT = "Flood in Town\n\nAnna Petrova said the river rose in Valencia on 3 March 2025. Petrova left."


def _record(article_id: str = "art_1", story: str = "sto_1") -> ArticleRecord:
    article = Article(
        id=article_id,
        title="Flood in Town",
        text=TEXT,
        url="http://example.test/a",
        source="example.test",
        published=date(2025, 3, 4),
        language="en",
        content_hash="h" + article_id,
        origin="a.txt",
    )
    person = Entity(
        id=Entity.make_id("Anna Petrova", "PERSON"), name="Anna Petrova", type="PERSON", aliases=("Petrova",)
    )
    valencia = Place(
        name="Valencia",
        lat=39.47,
        lon=-0.38,
        country="ES",
        admin1="Valencia",
        precision="city",
        geonameid="2509954",
        population=800000,
    )
    place_mention = PlaceMention(
        start=TEXT.index("Valencia"), end=TEXT.index("Valencia") + 8, text="Valencia", place=valencia
    )
    sent_start = TEXT.index("Anna")
    sent_end = TEXT.index(" Petrova left")
    mention = EventMention(
        article_id=article_id,
        type="DIE",
        mode=None,
        trigger="rose",
        sentence_start=sent_start,
        sentence_end=sent_end,
        trigger_start=TEXT.index("rose"),
        trigger_end=TEXT.index("rose") + 4,
        date=EventDate(date(2025, 3, 3), date(2025, 3, 3), "day", "3 March 2025"),
        place=place_mention,
        participants=(Participant(person.id, person.name, "target"),),
        fatalities=12,
        modality="reported",
        source_attribution="Anna Petrova",
    )
    analysis = ArticleAnalysis(
        article=article,
        sentences=(Sentence(0, 13), Sentence(sent_start, sent_end)),
        mentions=(
            EntityMention(TEXT.index("Valencia"), TEXT.index("Valencia") + 8, "Valencia", "GPE", "Valencia"),
            EntityMention(sent_start, sent_start + 12, "Anna Petrova", "PERSON", "Anna Petrova"),
            EntityMention(
                TEXT.index("Petrova left"),
                TEXT.index("Petrova left") + 7,
                "Petrova",
                "PERSON",
                "Anna Petrova",
            ),
        ),
        entities=(person, Entity(Entity.make_id("Valencia", "GPE"), "Valencia", "GPE")),
        places=(place_mention,),
        times=(
            TimeExpression(
                TEXT.index("3 March"),
                TEXT.index("3 March") + 12,
                "3 March 2025",
                "DATE",
                "2025-03-03",
                date(2025, 3, 3),
                date(2025, 3, 3),
                "day",
            ),
        ),
        events=(mention,),
    )
    return ArticleRecord(
        analysis=analysis,
        body_hash="b" + article_id,
        signature=(1, 2, 3),
        band_keys=("00:aa",),
        story_id=story,
    )


def _event(record: ArticleRecord) -> Event:
    m = record.analysis.events[0]
    return Event(
        id="evt_1",
        story_id="sto_1",
        type="DIE",
        mode=None,
        summary="flood deaths",
        date=m.date,
        place=m.place.place if m.place else None,
        participants=m.participants,
        fatalities=12,
        modality="reported",
        mentions=(m,),
        sources=1,
        independent_sources=1,
        conflicts=(Conflict("fatalities", ("12", "14"), ("art_1", "art_2")),),
    )


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    with Store(db) as store:
        first = store.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    with Store(db) as store:
        second = store.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert first == second >= 1


def test_batch_round_trip_in_contract_shapes(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    record = _record()
    with Store(db) as store:
        store.write_batch(
            [record], story_keys={"sto_1": {"e:x": 1.0}}, events_by_story={"sto_1": [_event(record)]}
        )
    with Store(db, read_only=True) as store:
        [article] = list_articles(store, with_text=True)
        assert article["id"] == "art_1" and article["published"] == "2025-03-04"
        assert (
            article["text"] == TEXT and article["text_chars"] == len(TEXT) and article["story_id"] == "sto_1"
        )
        [entity] = list_entities(store, type_="PERSON")
        assert entity["name"] == "Anna Petrova" and entity["aliases"] == ["Petrova"]
        [place] = list_entities(store, type_="GPE")
        assert place["place"]["country"] == "ES" and place["place"]["precision"] == "city"
        assert entity["mentions"] == 2 and entity["articles"] == 1
        [event] = list_events(store)
        assert event["date"] == {
            "start": "2025-03-03",
            "end": "2025-03-03",
            "precision": "day",
            "text": "3 March 2025",
        }
        assert event["location"]["country"] == "ES" and event["location"]["precision"] == "city"
        assert event["conflicts"][0]["values"] == ["12", "14"]
        [mention] = event["mentions"]
        assert mention["sentence"] == TEXT[mention["start"] : mention["end"]]
        assert mention["sentence"].startswith("Anna Petrova said")
        assert list_events(store, EventFilter(entity="Petrova"))[0]["id"] == "evt_1"
        assert list_events(store, EventFilter(entity="Nobody")) == []
        assert list_events(store, EventFilter(since=date(2025, 4, 1))) == []
        [story] = list_stories(store)
        assert story["articles"] == ["art_1"] and story["events"] == 1
        assert story["start"] == "2025-03-04" and "Anna Petrova" in story["entities"]  # its reporting span
        assert get_event(store, "evt_1")["fatalities"] == 12
        with pytest.raises(NotFoundError):
            get_article(store, "art_missing")


def test_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    good = _record("art_1")
    with Store(db) as store:
        store.write_batch([good])
        with pytest.raises(Exception):  # noqa: B017 - the duplicate primary key aborts the whole batch
            store.write_batch([_record("art_2"), _record("art_1")])
        assert [a["id"] for a in list_articles(store)] == ["art_1"]
        assert store.con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 3


def test_read_only_open_of_missing_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        Store(str(tmp_path / "missing.duckdb"), read_only=True)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "geojson"])
def test_exports(tmp_path: Path, fmt: str) -> None:
    db = str(tmp_path / "x.duckdb")
    record = _record()
    with Store(db) as store:
        store.write_batch(
            [record], story_keys={"sto_1": {"e:x": 1.0}}, events_by_story={"sto_1": [_event(record)]}
        )
        out = tmp_path / f"out.{fmt}"
        counts = export(store, fmt=fmt, out=out)
    assert counts["events"] == 1
    assert out.exists()
    if fmt == "geojson":
        import json

        feature = json.loads(out.read_text())["features"][0]
        assert feature["geometry"]["coordinates"] == [-0.38, 39.47]

"""The store's set-based write path and batch lookups give what the per-row ones gave."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.store.test_store import _event, _record

from newsgraph.model import Event
from newsgraph.store.db import ArticleRecord, Store


def _merged(event_id: str, records: list[ArticleRecord]) -> Event:
    base = _event(records[0])
    mentions = tuple(replace(r.analysis.events[0], article_id=r.analysis.article.id) for r in records)
    return replace(base, id=event_id, mentions=mentions, sources=len(records))


def _event_ids(store: Store) -> dict[str, str | None]:
    return dict(store.con.execute("SELECT article_id, event_id FROM event_mentions").fetchall())


def test_reports_point_at_their_merged_event_across_batches(tmp_path: Path) -> None:
    first, second = _record("art_1"), _record("art_2")
    with Store(str(tmp_path / "x.duckdb")) as store:
        store.write_batch(
            [first],
            story_keys={"sto_1": {"e:x": 1.0}},
            events_by_story={"sto_1": [_merged("evt_a", [first])]},
        )
        assert _event_ids(store) == {"art_1": "evt_a"}
        # The second batch merges both reports into a new event: the stored report is re-pointed.
        store.write_batch(
            [second],
            story_keys={"sto_1": {"e:x": 2.0}},
            events_by_story={"sto_1": [_merged("evt_b", [first, second])]},
        )
        assert _event_ids(store) == {"art_1": "evt_b", "art_2": "evt_b"}
        assert [r[0] for r in store.con.execute("SELECT id FROM events").fetchall()] == ["evt_b"]
        assert (
            store.con.execute("SELECT count(*) FROM event_entities WHERE event_id = 'evt_a'").fetchone()[0]
            == 0
        )
        [(title, start, entities)] = store.con.execute(
            "SELECT title, start_date, entities FROM stories WHERE id = 'sto_1'"
        ).fetchall()
        assert title == "Flood in Town" and str(start) == "2025-03-04" and "Anna Petrova" in entities
        assert store.con.execute("SELECT count(*) FROM story_keys").fetchone()[0] == 1


def test_batch_lookups_match_per_story_lookups(tmp_path: Path) -> None:
    records = [_record("art_1", "sto_1"), _record("art_2", "sto_2")]
    records = [replace(r, band_keys=(f"b:{r.analysis.article.id}", "b:shared")) for r in records]
    with Store(str(tmp_path / "x.duckdb")) as store:
        store.write_batch(
            records,
            story_keys={"sto_1": {"k:1": 1.0, "k:both": 0.5}, "sto_2": {"k:both": 0.2}},
            events_by_story={
                "sto_1": [_merged("evt_1", records[:1])],
                "sto_2": [_merged("evt_2", records[1:])],
            },
        )
        by_story = store.event_mentions_for_stories(["sto_1", "sto_2", "sto_none"])
        assert by_story["sto_1"] == store.event_mentions_for_story("sto_1")
        assert by_story["sto_none"] == []
        assert store.copy_maps_for_stories(["sto_2"]) == {"sto_2": store.copy_map_for_story("sto_2")}
        assert store.stories_by_key(["k:both", "k:1", "k:none"]) == {
            "k:both": {"sto_1", "sto_2"},
            "k:1": {"sto_1"},
        }
        bands = store.articles_by_band(["b:shared", "b:art_2"])
        assert [row[1] for row in bands["b:shared"]] == ["art_1", "art_2"]  # oldest first
        assert [row[1] for row in bands["b:art_2"]] == ["art_2"]
        assert len(store.story_fingerprints("sto_1", latest=1)) == 1

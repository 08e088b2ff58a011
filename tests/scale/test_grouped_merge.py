"""The event merge as a Ray Data shuffle grouped by story (`scale/shuffle.py`) merges exactly what
`merge_stored_reports` merges in one process, and a failed write leaves the unwritten stories stale.

The stories are written by hand straight through the store (no spaCy): one story with 40 articles and
80 reports (a quarter of them exact copies of the first article, death tolls that disagree), four
small ones, and one whose only article reports no event.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.store_state import merged_state

from newsgraph.link import batch
from newsgraph.link.batch import merge_stale_stories, merge_stored_reports
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    EventDate,
    EventMention,
    Participant,
    Place,
    PlaceMention,
    Sentence,
)
from newsgraph.scale import shuffle
from newsgraph.scale.shuffle import GroupedMerge, merge_stale_stories_on_ray
from newsgraph.store.db import ArticleRecord, Store

pytestmark = pytest.mark.ray

BIG_STORY = "sto_harbour"
HARBOUR = Place(name="Marlow Bay", lat=50.1, lon=-5.2, country="GB", admin1="England", precision="city")
POLICE = Participant("ent_police", "Marlow Police", "actor")
DEATHS = "Twelve people died in the flood in Marlow Bay on 3 March 2025."
ARREST = "Marlow Police arrested a ship's captain on 4 March 2025."


def _record(
    story: str, n: int, *, day: int, events: bool = True, copy_of: str | None = None
) -> ArticleRecord:
    text = DEATHS.replace("Twelve", "Fourteen") if n % 3 == 0 else DEATHS
    text = f"Report {story} {n}\n\n{text} {ARREST}"
    article = Article(
        id=f"art_{story}_{n:02d}",
        title=text.split("\n", 1)[0],
        text=text,
        url=f"https://news.test/{story}/{n}",
        source=f"outlet{n % 7}.test",
        published=date(2025, 3, day),
        language="en",
        content_hash=f"c_{story}_{n}",
        origin=f"{story}_{n}.txt",
    )
    deaths_at, arrest_at = (
        text.index("Twelve" if "Twelve" in text else "Fourteen"),
        text.index("Marlow Police"),
    )
    place_at = text.index("Marlow Bay")
    mentions = (
        EventMention(
            article_id=article.id,
            type="DIE",
            mode=None,
            trigger="died",
            sentence_start=deaths_at,
            sentence_end=arrest_at - 1,
            trigger_start=text.index("died"),
            trigger_end=text.index("died") + 4,
            date=EventDate(date(2025, 3, 3), date(2025, 3, 3), "day", "3 March 2025"),
            place=PlaceMention(place_at, place_at + 10, "Marlow Bay", HARBOUR),
            participants=(),
            fatalities=14 if n % 3 == 0 else 12,
            modality="asserted",
        ),
        EventMention(
            article_id=article.id,
            type="ARREST",
            mode=None,
            trigger="arrested",
            sentence_start=arrest_at,
            sentence_end=len(text),
            trigger_start=text.index("arrested"),
            trigger_end=text.index("arrested") + 8,
            # Every fifth report dates the arrest a day later: a conflict on a day-precise date.
            date=EventDate(date(2025, 3, 4 + (n % 5 == 4)), None, "day", "4 March 2025"),
            place=None,
            participants=(POLICE,),
            fatalities=None,
            modality="reported" if n % 2 else "asserted",
        ),
    )
    analysis = ArticleAnalysis(
        article=article,
        sentences=tuple(Sentence(m.sentence_start, m.sentence_end) for m in mentions),
        events=mentions if events else (),
    )
    return ArticleRecord(
        analysis=analysis,
        body_hash=f"b_{story}_{n}",
        signature=(1,),
        band_keys=(),
        copy_of=copy_of,
        copy_kind="exact" if copy_of else None,
        story_id=story,
    )


def _build_store(db: str) -> list[str]:
    """Three deferred batches, as an ingest leaves them; returns the stale stories, oldest first."""
    big = [
        _record(BIG_STORY, n, day=3 + n % 4, copy_of=f"art_{BIG_STORY}_00" if n and n % 4 == 0 else None)
        for n in range(40)
    ]
    small = [_record(f"sto_small{s}", n, day=5) for s in range(4) for n in range(s + 1)]
    silent = [_record("sto_silent", 0, day=6, events=False)]
    with Store(db) as store:
        for records in (big[:15] + small[:4], big[15:] + small[4:], silent):
            store.write_batch(records, stale_stories=[r.story_id for r in records if r.story_id])
        return store.stale_story_ids()


@pytest.fixture
def merged_locally(tmp_path: Path) -> dict[str, Any]:
    """What the local engine's serial merge writes for the same stores."""
    db = str(tmp_path / "local.duckdb")
    _build_store(db)
    with Store(db) as store:
        merge_stale_stories(store)
    return merged_state(db)


def test_grouped_merge_gives_what_merge_stored_reports_gives(ray_cluster: None, tmp_path: Path) -> None:
    db = str(tmp_path / "grouped.duckdb")
    stale = _build_store(db)
    with Store(db, read_only=True) as store:
        stored = store.stored_reports(stale)
    assert len(stale) == 6 and len(stored[BIG_STORY][0]) == 80 and stored["sto_silent"][0] == []
    expected = merge_stored_reports(stored)
    # Not a trivial merge: each of the big story's two events gathers 40 reports, copies, a conflict.
    assert all(
        len(e.mentions) == 40 and e.independent_sources < e.sources and e.conflicts
        for e in expected[BIG_STORY]
    )
    # Two chunks in one dataset, as `merge_stale_stories` submits them; each comes back in its order.
    merge = GroupedMerge(partitions=2)
    first, second = merge({s: stored[s] for s in stale[:4]}), merge({s: stored[s] for s in stale[4:]})
    got_first, got_second = first.get(), second.get()
    assert list(got_first) == stale[:4] and list(got_second) == stale[4:]
    assert {**got_first, **got_second} == expected


def test_a_failed_chunk_write_leaves_the_rest_stale(
    ray_cluster: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merged_locally: dict[str, Any]
) -> None:
    import ray.data

    db = str(tmp_path / "ray.duckdb")
    stale = _build_store(db)
    monkeypatch.setattr(batch, "STALE_MERGE_CHUNK", 2)  # three chunks of two stories
    monkeypatch.setattr(shuffle, "CHUNKS_PER_SHUFFLE", 1)  # one dataset per chunk
    with Store(db) as store:
        write = store.replace_merged_events
        writes: list[list[str]] = []

        def fail_second_write(events_by_story: dict[str, Any]) -> None:
            writes.append(list(events_by_story))
            if len(writes) == 2:
                raise RuntimeError("disk full")
            write(events_by_story)

        monkeypatch.setattr(store, "replace_merged_events", fail_second_write)
        with pytest.raises(RuntimeError, match="disk full"):
            merge_stale_stories_on_ray(store, partitions=2)
        assert writes == [stale[:2], stale[2:4]]
        assert store.stale_story_ids() == stale[2:]  # the failed chunk rolled back, the last never ran

        # The next ingest's merge finishes them, and gives what the local engine gives.
        monkeypatch.setattr(store, "replace_merged_events", write)
        assert merge_stale_stories_on_ray(store, partitions=2) == 4
    assert merged_state(db) == merged_locally
    assert merged_locally["stale"] == [] and merged_locally["events"]

    def no_dataset(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dataset was built with no stale story")

    monkeypatch.setattr(ray.data, "from_arrow", no_dataset)
    with Store(db) as store:
        assert merge_stale_stories_on_ray(store, partitions=2) == 0

"""Merging a story's events once after the last batch gives what merging after every batch gave.

An ingest defers the merge (`link_and_write(..., defer_merge=True)`): each batch marks the stories it
touched as stale in its own transaction, and `merge_stale_stories` merges them at the end, so a killed
ingest leaves the marks behind for the next one. Uses the bundled sample corpus and the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.store_state import merged_state

from newsgraph.config import Settings
from newsgraph.link.batch import merge_stale_stories
from newsgraph.model import ArticleAnalysis
from newsgraph.pipeline import IngestReport, analyse_stream, chunked, link_and_write
from newsgraph.store.db import Store

BATCH = 3  # small batches: every story of the sample corpus is touched by more than one


@pytest.fixture(scope="module")
def analyses() -> list[ArticleAnalysis]:
    from newsgraph.samples import sample_corpus_path
    from newsgraph.sources import iter_documents

    settings = Settings()
    documents = iter_documents([str(sample_corpus_path())], limits=settings.limits)
    found = [
        a for a in analyse_stream(documents, settings=settings, processes=1) if isinstance(a, ArticleAnalysis)
    ]
    assert len(found) > 2 * BATCH
    return found


def _ingest_in_batches(db: str, analyses: list[ArticleAnalysis], *, defer: bool) -> None:
    with Store(db) as store:
        for batch in chunked(analyses, BATCH):
            link_and_write(store, batch, [], IngestReport(), defer_merge=defer)


def test_deferred_merge_equals_merging_after_every_batch(
    tmp_path: Path, analyses: list[ArticleAnalysis]
) -> None:
    every_batch, deferred = str(tmp_path / "every.duckdb"), str(tmp_path / "deferred.duckdb")
    _ingest_in_batches(every_batch, analyses, defer=False)
    _ingest_in_batches(deferred, analyses, defer=True)
    with Store(deferred) as store:
        stale = store.stale_story_ids()
        stories = {r[0] for r in store.con.execute("SELECT DISTINCT story_id FROM articles").fetchall()}
        assert set(stale) == stories  # every touched story is marked, once
        unmerged = store.con.execute("SELECT count(*) FROM event_mentions WHERE event_id IS NULL").fetchone()[
            0
        ]
        assert unmerged > 0
        assert merge_stale_stories(store) == len(stale)
        assert store.stale_story_ids() == []
        assert merge_stale_stories(store) == 0
    expected, got = merged_state(every_batch), merged_state(deferred)
    assert got["events"] and got["events"] == expected["events"]
    assert got["stories"] == expected["stories"]
    assert got["report_events"] == expected["report_events"]


def test_stale_marks_left_by_a_stopped_ingest_are_merged_by_the_next(
    tmp_path: Path, analyses: list[ArticleAnalysis]
) -> None:
    from newsgraph.pipeline import ingest

    db = str(tmp_path / "stopped.duckdb")
    _ingest_in_batches(db, analyses, defer=True)  # as if killed before its final merge
    empty = tmp_path / "nothing_new"
    empty.mkdir()
    report = ingest([str(empty)], db_path=db, processes=1)
    assert report.stories_merged > 0
    with Store(db, read_only=True) as store:
        assert store.stale_story_ids() == []
        assert (
            store.con.execute("SELECT count(*) FROM event_mentions WHERE event_id IS NULL").fetchone()[0] == 0
        )


def test_a_merge_out_of_memory_goes_on_with_the_larger_cap(
    tmp_path: Path, analyses: list[ArticleAnalysis], monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    import newsgraph.link.batch as link_batch
    from newsgraph import pipeline

    expected_db, db = str(tmp_path / "expected.duckdb"), str(tmp_path / "oom.duckdb")
    for path in (expected_db, db):
        _ingest_in_batches(path, analyses, defer=True)
    with Store(expected_db) as store:
        merge_stale_stories(store)
    monkeypatch.setattr(link_batch, "STALE_MERGE_CHUNK", 2)
    caps: list[str] = []
    writes = 0
    replace = Store.replace_merged_events

    def capped_write(store: Store, merged: dict[str, Any]) -> None:
        nonlocal writes
        writes += 1
        caps.append(store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        if writes == 2:  # the first chunk is written, then the small cap "runs out"
            raise duckdb.OutOfMemoryException("could not allocate")
        replace(store, merged)

    monkeypatch.setattr(Store, "replace_merged_events", capped_write)
    empty = tmp_path / "nothing_new"
    empty.mkdir()
    report = pipeline.ingest([str(empty)], db_path=db, processes=1)
    # The first chunk under the merge cap, the rest (from the failed chunk on) under the ingest cap.
    assert caps[0] != caps[-1] and len(set(caps[2:])) == 1
    assert report.stories_merged > 2
    monkeypatch.undo()
    with Store(db, read_only=True) as store:
        assert store.stale_story_ids() == []
    expected, got = merged_state(expected_db), merged_state(db)
    assert got["events"] and got == expected


def test_rewrite_candidates_for_many_stories_match_one_at_a_time(
    tmp_path: Path, analyses: list[ArticleAnalysis]
) -> None:
    db = str(tmp_path / "fp.duckdb")
    _ingest_in_batches(db, analyses, defer=True)
    with Store(db) as store:
        stories = [
            r[0] for r in store.con.execute("SELECT DISTINCT story_id FROM articles ORDER BY 1").fetchall()
        ]
        for latest in (1, 2, 500):
            many = store.stories_fingerprints([*stories, "sto_missing"], latest=latest)
            assert many == {
                **{sid: store.story_fingerprints(sid, latest=latest) for sid in stories},
                "sto_missing": [],
            }


def test_the_final_merge_on_merge_workers_equals_merging_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multiprocessing.pool import Pool

    import newsgraph.link.batch as link_batch
    from newsgraph.pipeline import ingest
    from newsgraph.samples import sample_corpus_path

    # Chunks of two stories: more than one chunk, so two processes merge on a pool of merge workers.
    monkeypatch.setattr(link_batch, "STALE_MERGE_CHUNK", 2)
    submitted: list[object] = []
    apply_async = Pool.apply_async

    def counted(pool: Pool, func: Any, *args: Any, **kwargs: Any) -> Any:
        if func is link_batch.merge_stored_reports:
            submitted.append(func)
        return apply_async(pool, func, *args, **kwargs)

    monkeypatch.setattr(Pool, "apply_async", counted)
    on_pool, in_process = str(tmp_path / "pool.duckdb"), str(tmp_path / "one.duckdb")
    pooled = ingest([str(sample_corpus_path())], db_path=on_pool, processes=2)
    assert len(submitted) == -(-pooled.stories_merged // 2)  # every chunk went to a merge worker
    single = ingest([str(sample_corpus_path())], db_path=in_process, processes=1)
    assert pooled.stories_merged == single.stories_merged > link_batch.STALE_MERGE_CHUNK
    expected, got = merged_state(in_process), merged_state(on_pool)
    assert got["events"] and got == expected


def test_a_batch_out_of_memory_is_written_again_with_the_larger_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch whose transaction runs out of DuckDB memory half-way is rolled back, then linked and
    written again under the roomier cap: the database ends as an ingest without the failure leaves it."""
    import duckdb

    from newsgraph import pipeline
    from newsgraph.config import StoreSettings
    from newsgraph.samples import sample_corpus_path

    settings = Settings(store=StoreSettings(write_batch=BATCH))
    corpus = [str(sample_corpus_path())]
    expected_db, db = str(tmp_path / "expected.duckdb"), str(tmp_path / "oom.duckdb")
    expected = pipeline.ingest(corpus, db_path=expected_db, settings=settings, processes=1)

    caps: list[str] = []
    calls = 0
    write_stories = Store._write_stories

    def failing_once(store: Store, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        caps.append(store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        if calls == 2:  # inside the second batch's transaction, after its articles were inserted
            raise duckdb.OutOfMemoryException("could not allocate block")
        write_stories(store, *args, **kwargs)

    monkeypatch.setattr(Store, "_write_stories", failing_once)
    report = pipeline.ingest(corpus, db_path=db, settings=settings, processes=1)
    monkeypatch.undo()
    assert caps[1] == caps[0] != caps[2]  # the retry ran under another (the roomier) cap
    assert (report.read, report.added, report.copies) == (expected.read, expected.added, expected.copies)
    assert merged_state(db) == merged_state(expected_db)

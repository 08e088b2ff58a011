"""`newsgraph ingest` killed with SIGKILL at seeded random moments: the database holds whole articles
only, and re-running the same ingest ends with exactly what an uninterrupted run gives.

The tests' CLI writes one transaction per 64 analysed articles (`corpus.TEST_WRITE_BATCH`), so a corpus of
150 articles is written in three transactions and a kill can land before, between or inside them.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from newsgraph.store.db import Store

from .corpus import cli_environment, newsgraph_command, run_cli, write_corpus

pytestmark = pytest.mark.model

ARTICLES = 150
# Each article gets this many more sentences, so that parsing one batch of 64 takes a second or two and
# a kill can land between commits rather than after the last one.
EXTRA_SENTENCES = 12
KILL_SEEDS = (11, 23)
KILL_WINDOW_SECONDS = 2.0
# Tables whose rows belong to one article: none may point at an article that is not there.
ARTICLE_CHILDREN = ("article_bands", "sentences", "mentions", "places", "time_expressions", "event_mentions")


def _ingest_command(corpus: Path, db: Path) -> list[str]:
    return newsgraph_command("ingest", str(corpus), "--db", str(db), "--processes", "1", "-q")


def _integrity_problems(db: Path) -> list[str]:
    """Orphans and half-written articles; an empty list when the database holds whole articles only."""
    problems = []
    with Store(str(db)) as store:  # writable, as the next ingest opens it: replays the WAL
        sql = store.con.execute
        for table in ARTICLE_CHILDREN:
            orphans = sql(
                f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"  # noqa: S608
            ).fetchone()[0]
            if orphans:
                problems.append(f"{orphans} orphan rows in {table}")
        bare = sql(
            """SELECT count(*) FROM articles WHERE skipped_reason IS NULL
               AND id NOT IN (SELECT article_id FROM sentences)"""
        ).fetchone()[0]
        if bare:
            problems.append(f"{bare} analysed articles without sentences")
        storyless = sql(
            "SELECT count(*) FROM articles WHERE story_id IS NOT NULL AND story_id NOT IN (SELECT id FROM stories)"
        ).fetchone()[0]
        if storyless:
            problems.append(f"{storyless} articles point at a missing story")
        dangling = sql(
            "SELECT count(*) FROM event_mentions WHERE event_id IS NOT NULL AND event_id NOT IN (SELECT id FROM events)"
        ).fetchone()[0]
        if dangling:
            problems.append(f"{dangling} event mentions point at a missing event")
    return problems


def _snapshot(db: Path) -> dict[str, Any]:
    with Store(str(db), read_only=True) as store:
        sql = store.con.execute
        return {
            "articles": sql("SELECT id, copy_of, copy_kind, story_id FROM articles ORDER BY id").fetchall(),
            "stories": sql("SELECT id, title FROM stories ORDER BY id").fetchall(),
            "events": sql("SELECT id, story_id, type, sources FROM events ORDER BY id").fetchall(),
            "mentions": sql("SELECT count(*) FROM mentions").fetchone()[0],
        }


def _schema_wal_bytes(folder: Path) -> int:
    """How big the write-ahead log is once the schema alone is committed (read while the file is open:
    closing it checkpoints the log away)."""
    path = folder / "schema_only.duckdb"
    with Store(str(path)):
        wal = Path(f"{path}.wal")
        return wal.stat().st_size if wal.exists() else 0


def _kill_during_ingest(corpus: Path, db: Path, *, seed: int, schema_wal: int) -> None:
    """Start an ingest, wait for its first committed batch (the log grows past what the schema wrote),
    then SIGKILL it after a seeded random delay: inside a later batch, between two, or after the last."""
    wal = Path(f"{db}.wal")
    process = subprocess.Popen(
        _ingest_command(corpus, db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=cli_environment(),
    )
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > schema_wal:
            break
        time.sleep(0.002)
    time.sleep(random.Random(seed).uniform(0.0, KILL_WINDOW_SECONDS))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def test_killed_ingests_leave_whole_articles_and_resume_to_the_same_result(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, ARTICLES, extra_sentences=EXTRA_SENTENCES)
    baseline = tmp_path / "baseline.duckdb"
    done = run_cli(*_ingest_command(corpus, baseline)[3:])
    assert done.returncode == 0, done.stderr
    expected = _snapshot(baseline)
    assert len(expected["articles"]) == ARTICLES

    schema_wal = _schema_wal_bytes(tmp_path)
    stored_at_kill: list[int] = []
    for seed in KILL_SEEDS:
        db = tmp_path / f"killed_{seed}.duckdb"
        _kill_during_ingest(corpus, db, seed=seed, schema_wal=schema_wal)
        assert _integrity_problems(db) == [], f"seed {seed}"
        with Store(str(db), read_only=True) as store:
            stored_at_kill.append(int(store.con.execute("SELECT count(*) FROM articles").fetchone()[0]))
        resumed = run_cli(*_ingest_command(corpus, db)[3:])
        assert resumed.returncode == 0, resumed.stderr
        assert _integrity_problems(db) == []
        assert _snapshot(db) == expected, f"seed {seed}: killed with {stored_at_kill[-1]} articles stored"
    print(f"articles stored when killed: {stored_at_kill} of {ARTICLES}")  # shown with pytest -s
    # The kills must have tested something: at least one landed with part of the corpus stored.
    assert any(0 < count < ARTICLES for count in stored_at_kill), stored_at_kill

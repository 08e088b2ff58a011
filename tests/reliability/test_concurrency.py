"""Two processes on one database: a second writer or a reader gets a clear "in use" answer, never a traceback."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.serve.app import create_app
from newsgraph.store.db import Store

from .corpus import cli_environment, hold_database, newsgraph_command, run_cli, write_corpus


@pytest.fixture
def locked_db(tmp_path: Path) -> object:
    db = str(tmp_path / "busy.duckdb")
    with Store(db):
        pass  # the schema exists, as after a first ingest
    holder = hold_database(db)
    yield db
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)


def _assert_in_use(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 4, (result.returncode, result.stderr)
    # The message names the file and what to do; Rich wraps long lines, so compare without line breaks.
    message = " ".join(result.stderr.split())
    assert "in use by another newsgraph process" in message and "wait for the running ingest" in message
    assert "Traceback" not in result.stderr + result.stdout


def test_a_second_ingest_is_refused_with_a_clear_message(tmp_path: Path, locked_db: str) -> None:
    [article] = write_corpus(tmp_path / "corpus", 1)
    _assert_in_use(run_cli("ingest", str(article), "--db", locked_db, "--processes", "1", "-q"))


@pytest.mark.parametrize("command", ["articles", "stories", "events", "entities"])
def test_listings_during_an_ingest_say_the_database_is_in_use(locked_db: str, command: str) -> None:
    _assert_in_use(run_cli(command, "--db", locked_db))


def test_the_api_answers_503_with_the_error_shape_while_an_ingest_holds_the_database(locked_db: str) -> None:
    client = TestClient(create_app(locked_db))
    for url in ("/api/stories", "/api/events", "/api/entities", "/api/articles/art_x"):
        response = client.get(url)
        assert response.status_code == 503, (url, response.text)
        error = response.json()["error"]
        assert error["code"] == "database_in_use" and "wait" in error["message"]
    assert client.get("/").status_code == 200  # the page itself still loads


def test_the_api_reads_again_once_the_ingest_is_done(tmp_path: Path) -> None:
    db = str(tmp_path / "later.duckdb")
    with Store(db):
        pass
    holder = hold_database(db)
    client = TestClient(create_app(db))
    assert client.get("/api/stories").status_code == 503
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)
    assert client.get("/api/stories").status_code == 200


@pytest.mark.model
def test_two_real_ingests_one_finishes_the_other_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 80)
    db = tmp_path / "race.duckdb"
    first = subprocess.Popen(
        newsgraph_command("ingest", str(corpus), "--db", str(db), "--processes", "1", "-q"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=cli_environment(),
    )
    deadline = time.monotonic() + 120
    while not db.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = run_cli("ingest", str(corpus), "--db", str(db), "--processes", "1", "-q")
    # The first one loads the model and parses 80 articles: it is still running when the second is refused.
    still_running = first.poll() is None
    _, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    assert still_running, "the first ingest ended before the second started: the race was not tested"
    _assert_in_use(second)
    with Store(str(db), read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 80

"""`--engine ray` gives the same articles, stories and events as the local path.

One small local Ray instance (2 CPUs, `ray_cluster` in conftest.py) serves every test; each ingest
below reuses it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import ingest
from newsgraph.samples import sample_corpus_path
from newsgraph.store.db import Store

pytestmark = [pytest.mark.ray, pytest.mark.model]

# A seeds-like folder: plain-text articles with a title line, a repeated title and a header block,
# written for this test. Two outlets report one arrest in other words, a third republishes one of them
# word for word under another headline (an exact copy), and one article is about something else.
ARREST = """Customs officers detain shipping manager in Gdansk

Published: 2025-02-11
Source: Baltic Evening Post

Customs officers detained Pawel Zielinski, a manager at Amber Freight, at the port of Gdansk on
Monday, February 10, 2025, prosecutors said. Zielinski is accused of smuggling cigarettes in
containers declared as furniture. Prosecutors said the haul was worth two million zloty.
Amber Freight said it was cooperating with the investigation.
"""
ARREST_REWRITE = """Amber Freight manager held over cigarette smuggling

Published: 2025-02-11
Source: Coastline Daily

Prosecutors in Gdansk said customs officers had detained Pawel Zielinski of Amber Freight at the
port on February 10, 2025. He is suspected of hiding smuggled cigarettes, worth two million zloty,
in containers listed as furniture. The company said it was cooperating with investigators.
"""
ARREST_COPY = ARREST.replace(
    "Customs officers detain shipping manager in Gdansk", "Port manager detained"
).replace("Baltic Evening Post", "Wire Digest")
FLOOD = """River Warta floods villages near Poznan

Published: 2025-03-02
Source: Coastline Daily

The River Warta burst its banks near Poznan on Saturday, March 1, 2025, flooding three villages.
Firefighters evacuated 200 residents, officials said. No one was killed, but two people were taken
to hospital with hypothermia. The regional governor, Marta Kowalczyk, declared a state of emergency.
"""


@pytest.fixture(scope="module")
def seeds_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    for name, text in {
        "000_arrest.txt": ARREST,
        "001_arrest_rewrite.txt": ARREST_REWRITE,
        "002_arrest_copy.txt": ARREST_COPY,
        "003_flood.txt": FLOOD,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(db_path: str) -> dict[str, list[tuple[Any, ...]]]:
    """What both engines must agree on."""
    with Store(db_path, read_only=True) as store:
        return {
            "articles": store.con.execute(
                "SELECT id, copy_of, copy_kind, story_id FROM articles ORDER BY id"
            ).fetchall(),
            "stories": store.con.execute(
                "SELECT id, title, start_date, end_date FROM stories ORDER BY id"
            ).fetchall(),
            "events": store.con.execute(
                "SELECT id, story_id, type, date_start, date_end, date_precision, sources, independent_sources"
                " FROM events ORDER BY id"
            ).fetchall(),
        }


@pytest.fixture(scope="module")
def both_engines(
    ray_cluster: None, seeds_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str, Path]:
    from newsgraph.scale.runner import ray_ingest

    root = tmp_path_factory.mktemp("engines")
    paths = [str(sample_corpus_path()), str(seeds_folder)]
    local_db, ray_db, parts = str(root / "local.duckdb"), str(root / "ray.duckdb"), root / "parts"
    local = ingest(paths, db_path=local_db, processes=1)
    distributed = ray_ingest(paths, db_path=ray_db, workers=2, parquet_out=parts)
    assert not local.failures and not distributed.failures
    assert (distributed.read, distributed.added, distributed.copies, distributed.stories_merged) == (
        local.read,
        local.added,
        local.copies,
        local.stories_merged,
    )
    assert distributed.stories_merged > 0  # the grouped merge ran
    return local_db, ray_db, parts


def test_same_articles_stories_and_events(both_engines: tuple[str, str, Path]) -> None:
    local_db, ray_db, _ = both_engines
    local, distributed = snapshot(local_db), snapshot(ray_db)
    assert len(local["articles"]) >= 20 and local["stories"] and local["events"]
    assert distributed == local


def test_seeds_folder_exact_copy_joins_its_original(both_engines: tuple[str, str, Path]) -> None:
    _, ray_db, _ = both_engines
    with Store(ray_db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT origin, id, copy_of, copy_kind, story_id FROM articles WHERE origin LIKE '%arrest%'"
        ).fetchall()
    by_name = {Path(origin).name: (id_, copy_of, kind, story) for origin, id_, copy_of, kind, story in rows}
    original, copy = by_name["000_arrest.txt"], by_name["002_arrest_copy.txt"]
    assert original[2] is None
    assert copy[1:] == (original[0], "exact", original[3])


def test_reingest_on_ray_changes_nothing(both_engines: tuple[str, str, Path], seeds_folder: Path) -> None:
    from newsgraph.scale.runner import ray_ingest

    _, ray_db, _ = both_engines
    before = snapshot(ray_db)
    report = ray_ingest([str(seeds_folder)], db_path=ray_db, workers=2)
    assert report.added == 0 and report.unchanged == 4
    assert snapshot(ray_db) == before


def test_parquet_partitions_load_back_into_a_store(
    both_engines: tuple[str, str, Path], tmp_path: Path
) -> None:
    from newsgraph.scale.partitions import load_partitions

    _, ray_db, parts = both_engines
    assert list((parts / "articles").glob("month=*/*.parquet"))
    assert list((parts / "entities").glob("entity_type=PERSON/*.parquet"))
    loaded = str(tmp_path / "loaded.duckdb")
    counts = load_partitions(parts, loaded)
    assert counts["articles"] == len(snapshot(ray_db)["articles"])
    assert snapshot(loaded) == snapshot(ray_db)


def test_parquet_input_is_read_with_the_jsonl_fields(ray_cluster: None, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsgraph.scale.runner import ray_ingest

    table = pa.table(
        {
            "title": ["River Warta floods villages near Poznan", None],
            "text": [FLOOD.split("\n", 5)[5], None],
            "url": ["https://news.example/warta", "https://news.example/empty"],
            "published": ["2025-03-02", None],
            "source": ["Coastline Daily", None],
        }
    )
    pq.write_table(table, tmp_path / "feed.parquet")
    db = str(tmp_path / "pq.duckdb")
    report = ray_ingest([str(tmp_path / "feed.parquet")], db_path=db, workers=1)
    assert report.added == 1
    assert [f.origin for f in report.failures] == [f"{tmp_path / 'feed.parquet'}#https://news.example/empty"]
    with Store(db, read_only=True) as store:
        row = store.con.execute("SELECT title, url, source, published FROM articles").fetchone()
    assert row[:3] == (
        "River Warta floods villages near Poznan",
        "https://news.example/warta",
        "Coastline Daily",
    )
    assert str(row[3]) == "2025-03-02"


def test_cli_engine_ray(ray_cluster: None, seeds_folder: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli.main import app

    db = str(tmp_path / "cli.duckdb")
    result = CliRunner().invoke(app, ["ingest", "--engine", "ray", "--quiet", "--db", db, str(seeds_folder)])
    assert result.exit_code == 0, result.output
    assert "4 new articles" in result.output
    bad = CliRunner().invoke(app, ["ingest", "--address", "127.0.0.1:6379", "--db", db, str(seeds_folder)])
    assert bad.exit_code == 2

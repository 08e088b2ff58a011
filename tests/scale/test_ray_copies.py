"""Copies decided by the Ray shuffles give, after a whole ingest, what the local engine gives.

The corpus of `copy_corpus.py` as text files, parsed (spaCy), linked in batches of 3 on both engines:
a previous ingest is stored first (locally), then the new files are ingested locally, on Ray, or half
locally and half on Ray (an incremental ingest). Articles (copy_of, copy_kind, story) must agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.scale.copy_corpus import BATCH, FIRST_HALF, NEW, PREVIOUS

from newsgraph.config import Settings, StoreSettings
from newsgraph.pipeline import ingest
from newsgraph.store.db import Store

pytestmark = [pytest.mark.ray, pytest.mark.model]

SETTINGS = Settings(store=StoreSettings(write_batch=BATCH))


def write_corpus(root: Path) -> tuple[list[str], list[str]]:
    """The previous ingest's files and the new ones, in NEW's order (a repeated name from a second
    folder, so that it is the same article; an empty file for the input that cannot be read)."""
    previous = []
    for name, title, body in PREVIOUS:
        (root / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        previous.append(str(root / f"{name}.txt"))
    new: list[str] = []
    for position, doc in enumerate(NEW):
        if doc is None:
            path = root / "new" / f"n{position:02d}_empty.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text("", encoding="utf-8")
        else:
            name, title, body = doc
            path = root / f"{name}.txt"
            if path.exists():
                path = root / "again" / f"{name}.txt"
                path.parent.mkdir(exist_ok=True)
            path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        new.append(str(path))
    return previous, new


def articles(db_path: str) -> list[tuple[Any, ...]]:
    with Store(db_path, read_only=True) as store:
        return store.con.execute(
            "SELECT id, origin, copy_of, copy_kind, story_id FROM articles ORDER BY id"
        ).fetchall()


@pytest.fixture(scope="module")
def engines(ray_cluster: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from newsgraph.scale import runner

    root = tmp_path_factory.mktemp("copies")
    previous, new = write_corpus(root)
    dbs = {name: str(root / f"{name}.duckdb") for name in ("local", "ray", "incremental")}
    for db in dbs.values():
        ingest(previous, db_path=db, settings=SETTINGS, processes=1)
    ingest(new, db_path=dbs["local"], settings=SETTINGS, processes=1)
    ingest(new[:FIRST_HALF], db_path=dbs["incremental"], settings=SETTINGS, processes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "LINK_BATCH", BATCH)
        report = runner.ray_ingest(new, db_path=dbs["ray"], settings=SETTINGS, workers=1)
        assert (report.read, report.unchanged, len(report.failures)) == (len(NEW), 2, 1)
        runner.ray_ingest(new[FIRST_HALF:], db_path=dbs["incremental"], settings=SETTINGS, workers=1)
    return dbs


def test_ray_ingest_copies_as_the_local_one(engines: dict[str, str]) -> None:
    local = articles(engines["local"])
    copies = {Path(origin).stem: kind for _, origin, _, kind, _ in local if kind}
    assert copies.keys() >= {"n00_flood_exact", "n01_independent_near", "n05_tie_x", "n09_strike_near_near"}
    assert articles(engines["ray"]) == local


def test_incremental_ray_ingest_after_a_local_one(engines: dict[str, str]) -> None:
    assert articles(engines["incremental"]) == articles(engines["local"])

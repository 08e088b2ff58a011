"""Shared fixtures. The sample-corpus database is built once per test session (it loads the model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the bundled sample corpus, ingested with one process."""
    from newsgraph.pipeline import ingest
    from newsgraph.samples import sample_corpus_path

    path = str(tmp_path_factory.mktemp("sample") / "sample.duckdb")
    report = ingest([str(sample_corpus_path())], db_path=path, processes=1)
    assert not report.failures, report.failures
    yield path


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path

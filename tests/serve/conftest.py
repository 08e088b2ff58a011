"""Fixtures for the API and browser tests: one small database built without spaCy."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fixture_db import build_database


@pytest.fixture(scope="session")
def serve_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("serve") / "serve.duckdb")
    build_database(path)
    return path


@pytest.fixture
def empty_dir(tmp_path: Path) -> Path:
    return tmp_path

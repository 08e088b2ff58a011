from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.config import database_path, load_settings


def test_defaults_then_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "newsgraph.toml"
    config.write_text("[limits]\nmax_file_bytes = 1000\n[nlp]\nbatch_size = 8\n")
    monkeypatch.setenv("NEWSGRAPH_NLP_BATCH_SIZE", "16")
    settings = load_settings(config)
    assert settings.limits.max_file_bytes == 1000
    assert settings.nlp.batch_size == 16
    assert settings.limits.max_text_chars == load_settings(tmp_path / "none.toml").limits.max_text_chars


def test_database_path_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    assert database_path(None) == "newsgraph.duckdb"
    monkeypatch.setenv("NEWSGRAPH_DB", "/tmp/env.duckdb")
    assert database_path(None) == "/tmp/env.duckdb"
    assert database_path("given.duckdb") == "given.duckdb"

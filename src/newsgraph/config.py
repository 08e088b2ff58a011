"""Typed settings: defaults, then a user file (`newsgraph.toml` or $NEWSGRAPH_CONFIG), then environment.

Each stage has one section. Environment variables are `NEWSGRAPH_<SECTION>_<FIELD>`, for example
`NEWSGRAPH_LIMITS_MAX_FILE_BYTES=10000000`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_DB = "newsgraph.duckdb"


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile input from exhausting memory."""

    max_file_bytes: int = 50_000_000  # a 50 MB page is already far past any real article
    max_decompressed_bytes: int = 200_000_000  # gzip bombs stop here
    max_text_chars: int = 2_000_000  # longer cleaned texts are truncated at a sentence boundary
    max_record_bytes: int = 20_000_000  # one WARC or JSONL record


@dataclass(frozen=True)
class NlpSettings:
    processes: int = 0  # 0 = one per CPU core
    batch_size: int = 64  # sets memory more than speed (PERFORMANCE-NOTES.md)
    max_chars_per_doc: int = 200_000  # longer texts are parsed in pieces


@dataclass(frozen=True)
class CleanSettings:
    min_text_chars: int = 20
    english_only_extraction: bool = True


@dataclass(frozen=True)
class StoreSettings:
    # Articles linked and written per transaction: a crash loses at most one batch. 256 rather than 64
    # cuts the parent's CPU per article by ~30% (per-batch queries and statements amortised), measured on
    # 1,000 generated articles with 2 workers: 4.2 -> 3.0 CPU-s in the parent.
    write_batch: int = 256


@dataclass(frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    store: StoreSettings = field(default_factory=StoreSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)


def _coerce(value: str, current: Any) -> Any:
    if isinstance(current, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    return value


def _apply(section: Any, values: dict[str, Any]) -> Any:
    known = {f.name for f in fields(section)}
    updates = {k: v for k, v in values.items() if k in known}
    return replace(section, **updates)


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Defaults, then the TOML file (if any), then NEWSGRAPH_<SECTION>_<FIELD> environment variables."""
    settings = Settings()
    file_path = path or os.environ.get("NEWSGRAPH_CONFIG") or "newsgraph.toml"
    if Path(file_path).is_file():
        data = tomllib.loads(Path(file_path).read_text(encoding="utf-8"))
        for section_field in fields(settings):
            if isinstance(data.get(section_field.name), dict):
                section = _apply(getattr(settings, section_field.name), data[section_field.name])
                settings = replace(settings, **{section_field.name: section})
    for section_field in fields(settings):
        section = getattr(settings, section_field.name)
        overrides: dict[str, Any] = {}
        for f in fields(section):
            env_name = f"NEWSGRAPH_{section_field.name}_{f.name}".upper()
            if env_name in os.environ:
                overrides[f.name] = _coerce(os.environ[env_name], getattr(section, f.name))
        if overrides:
            settings = replace(settings, **{section_field.name: _apply(section, overrides)})
    return settings


def database_path(explicit: str | None = None) -> str:
    """`--db`, else $NEWSGRAPH_DB, else ./newsgraph.duckdb."""
    return explicit or os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB

"""The bundled sample corpus: invented news reports about real places (see README.md here)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def sample_corpus_path() -> Path:
    """The folder of sample articles (.txt, .html and one .jsonl), ready for `newsgraph ingest`."""
    return _HERE / "corpus"


def expected_truth_path() -> Path:
    """EXPECTED.json: stories, copies, the conflicting number, key entities, places and events."""
    return _HERE / "EXPECTED.json"


def load_expected_truth() -> dict[str, Any]:
    """The parsed EXPECTED.json."""
    data: dict[str, Any] = json.loads(expected_truth_path().read_text(encoding="utf-8"))
    return data

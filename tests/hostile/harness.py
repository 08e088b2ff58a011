"""Builds the hostile corpus on disk, ingests it batch by batch, and checks what became of every file.

Used by test_hostile_corpus.py; `python -m tests.hostile.harness` (from the repository root) prints the
figures quoted in docs/RELIABILITY.md.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsgraph.config import Limits, Settings

from .containers import gzip_cases, jsonl_cases, warc_cases
from .content import date_cases, language_cases, long_cases, number_cases, unicode_cases
from .files import (
    TEST_MAX_DECOMPRESSED_BYTES,
    TEST_MAX_FILE_BYTES,
    TEST_MAX_RECORD_BYTES,
    TEST_MAX_TEXT_CHARS,
    binary_cases,
    control_cases,
    empty_cases,
    encoding_cases,
    html_cases,
    large_cases,
)
from .model import Case, good_text, next_good, reset_good_numbers

SEED = 20250605
GOOD_FILES_PER_BATCH = 10
# Categories grouped into batches: each batch is one `ingest` call, so a crash loses one batch only.
BATCHES: list[list[Callable[[random.Random], list[Case]]]] = [
    [lambda _rng: empty_cases(), binary_cases, control_cases],
    [encoding_cases, language_cases],
    [warc_cases, gzip_cases, jsonl_cases, large_cases],
    [html_cases, long_cases, unicode_cases, date_cases, number_cases],
]


def hostile_settings() -> Settings:
    limits = Limits(
        max_file_bytes=TEST_MAX_FILE_BYTES,
        max_decompressed_bytes=TEST_MAX_DECOMPRESSED_BYTES,
        max_text_chars=TEST_MAX_TEXT_CHARS,
        max_record_bytes=TEST_MAX_RECORD_BYTES,
    )
    return replace(Settings(), limits=limits)


# Cases kept out of the batches because they crash a whole ingest: none now. (Figures of hundreds of
# digits once crashed the fact fingerprint in link/copies.py; they are ordinary cases again.)
KNOWN_CRASHES: set[str] = set()


def all_cases(seed: int = SEED) -> list[list[Case]]:
    """Every generated case, batch by batch (known crashes included), the same for the same seed."""
    reset_good_numbers()
    rng = random.Random(seed)
    batches = []
    for makers in BATCHES:
        cases = [case for make in makers for case in make(rng)]
        for good in range(GOOD_FILES_PER_BATCH):
            text = good_text(next_good(), rng=rng).encode()
            cases.append(Case(f"good/article_{good}.txt", text, "good", "article", ("",)))
        batches.append(cases)
    return batches


def build_corpus(root: Path, *, seed: int = SEED) -> list[tuple[Path, list[Case]]]:
    """Write every case except the known crashes under `root`, one folder per batch."""
    batches = []
    for number, every_case in enumerate(all_cases(seed), 1):
        folder = root / f"batch{number}"
        cases = [case for case in every_case if case.name not in KNOWN_CRASHES]
        for case in cases:
            path = folder / case.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(case.data)
        batches.append((folder, cases))
    return batches


@dataclass
class Outcome:
    """What the hostile corpus did to the pipeline."""

    cases: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    crashed_batches: list[str] = field(default_factory=list)
    silent_files: list[str] = field(default_factory=list)  # neither an article nor a failure
    unexpected: list[str] = field(default_factory=list)  # e.g. expected an article, got only a failure
    good_units: int = 0
    lost_good_units: list[str] = field(default_factory=list)
    articles: int = 0
    failures: int = 0
    failures_without_reason: int = 0
    over_text_limit: int = 0


def _belongs(origin: str, path: str) -> bool:
    return origin == path or origin.startswith((f"{path}#", f"{path}:"))


def check_batch(db_path: str, folder: Path, cases: list[Case], outcome: Outcome) -> None:
    """Compare what the database holds with what each case of one batch must produce."""
    from newsgraph.store.db import Store

    with Store(db_path, read_only=True) as store:
        articles = store.con.execute("SELECT origin, url, text_chars FROM articles").fetchall()
        failures = store.con.execute("SELECT origin, reason, code FROM ingest_failures").fetchall()
    outcome.articles += sum(1 for a in articles if a[0].startswith(str(folder)))
    outcome.failures += sum(1 for f in failures if f[0].startswith(str(folder)))
    outcome.failures_without_reason += sum(1 for f in failures if not f[1].strip())
    outcome.over_text_limit += sum(1 for a in articles if a[2] > TEST_MAX_TEXT_CHARS)
    for case in cases:
        path = str(folder / case.name)
        stored = [a for a in articles if _belongs(a[0], path)]
        failed = [f for f in failures if _belongs(f[0], path)]
        if not stored and not failed:
            outcome.silent_files.append(case.name)
        elif case.expect == "article" and not stored:
            outcome.unexpected.append(f"{case.name}: expected an article, got {[f[1] for f in failed]}")
        elif case.expect == "failure" and not failed:
            outcome.unexpected.append(f"{case.name}: expected a failure, got {len(stored)} article(s)")
        if case.code and not any(f[2] == case.code for f in failed):
            outcome.unexpected.append(f"{case.name}: expected code {case.code}, got {[f[2] for f in failed]}")
        for unit in case.must_store:
            outcome.good_units += 1
            if unit.startswith("@"):
                found = any(a[1] == unit[1:] for a in stored)
            else:
                found = any(a[0] == path + unit for a in stored)
            if not found:
                outcome.lost_good_units.append(f"{case.name}{unit}")


def run_corpus(root: Path, *, seed: int = SEED) -> Outcome:
    """Build the corpus under `root`, ingest each batch into one database, and check every file."""
    from newsgraph.pipeline import ingest

    outcome = Outcome()
    settings = hostile_settings()
    db_path = str(root / "hostile.duckdb")
    for folder, cases in build_corpus(root / "corpus", seed=seed):
        outcome.cases += sum(1 for c in cases if c.category != "good")
        outcome.by_category.update(c.category for c in cases)
        try:
            ingest([str(folder)], db_path=db_path, processes=1, settings=settings)
        except Exception as exc:  # counted, not raised: the figure is how many batches crash
            outcome.crashed_batches.append(f"{folder.name}: {type(exc).__name__}: {exc}")
            continue
        check_batch(db_path, folder, cases, outcome)
    return outcome


if __name__ == "__main__":
    import sys
    import tempfile
    import time

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        result = run_corpus(Path(scratch))
    print(
        f"cases {result.cases}, good units {result.good_units}, seconds {time.perf_counter() - started:.0f}"
    )
    print(f"articles {result.articles}, failures {result.failures}, crashed batches {result.crashed_batches}")
    print(f"silent files {result.silent_files}")
    print(f"lost good units {result.lost_good_units}")
    print("unexpected:", *result.unexpected, sep="\n  ")
    print(dict(result.by_category))
    sys.exit(0)

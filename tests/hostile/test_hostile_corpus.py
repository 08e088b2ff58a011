"""The hostile corpus (over 500 generated files) through the real pipeline, batch by batch.

Every file must produce a message (a stored article, or a failure naming it with a reason); no batch may
crash; every good file and every good record inside a damaged container must land whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import all_cases, run_corpus

pytestmark = pytest.mark.model


def test_the_generator_makes_over_500_cases_the_same_way_each_time() -> None:
    first, second = all_cases(), all_cases()
    hostile = [case for batch in first for case in batch if case.category != "good"]
    assert len(hostile) >= 500
    assert [c.data for b in first for c in b] == [c.data for b in second for c in b]
    assert all(len({c.name for c in batch}) == len(batch) for batch in first)  # one file per name


def test_no_crash_no_silent_file_no_lost_good_article(tmp_path: Path) -> None:
    outcome = run_corpus(tmp_path)  # the huge-figure cases that once crashed linking are in their batches
    assert outcome.cases >= 500
    assert outcome.crashed_batches == []
    assert outcome.silent_files == []
    assert outcome.lost_good_units == [], f"{len(outcome.lost_good_units)} of {outcome.good_units} lost"
    assert outcome.unexpected == []
    assert outcome.failures_without_reason == 0
    assert outcome.over_text_limit == 0

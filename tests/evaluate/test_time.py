"""`newsgraph eval time` on a hand-written TempEval-style gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.time import evaluate, match_timexes

TEXT = "The mayor resigned on Friday. Prices rose 5% last year, and talks will go on for two weeks."


def _gold_file(tmp_path: Path, timexes: list[dict[str, object]]) -> Path:
    record = {"id": "doc1", "dct": "2023-08-28", "text": TEXT, "timexes": timexes}
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_perfect_predictions_score_one(tmp_path: Path) -> None:
    gold = [
        {"start": _span("Friday")[0], "end": _span("Friday")[1], "type": "DATE", "value": "2023-08-25"},
        {"start": _span("last year")[0], "end": _span("last year")[1], "type": "DATE", "value": "2022"},
        {"start": _span("two weeks")[0], "end": _span("two weeks")[1], "type": "DURATION", "value": "P2W"},
    ]
    predictions = tmp_path / "predictions.jsonl"
    report = evaluate(_gold_file(tmp_path, gold), predictions=predictions)
    assert report.metric == "value_f1"
    assert report.n == 1
    assert report.score == pytest.approx(1.0)
    assert report.extra["strict_f1"] == pytest.approx(1.0)
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "doc1"
    assert {t["value"] for t in rows[0]["timexes"]} == {"2023-08-25", "2022", "P2W"}


def test_wrong_value_and_missed_timex_lower_the_score(tmp_path: Path) -> None:
    gold = [
        {"start": _span("Friday")[0], "end": _span("Friday")[1], "type": "DATE", "value": "2023-08-18"},
        {"start": 0, "end": 3, "type": "DATE", "value": "PRESENT_REF"},  # nothing found there
    ]
    report = evaluate(_gold_file(tmp_path, gold))
    # 1 of 3 predictions overlaps 1 of 2 gold: P 1/3, R 1/2, F1 0.4; its value is wrong.
    assert report.extra["relaxed_f1"] == pytest.approx(0.4)
    assert report.extra["value_accuracy"] == 0.0
    assert report.score == 0.0


def test_relaxed_match_counts_overlap_but_strict_does_not() -> None:
    predicted = [{"start": 0, "end": 10, "type": "DATE", "value": "2022"}]
    gold = [{"start": 5, "end": 10, "type": "DATE", "value": "2022"}]
    counts, pairs = match_timexes(predicted, gold)
    assert (counts.relaxed_matches, counts.strict_matches, counts.value_correct) == (1, 0, 1)
    assert len(pairs) == 1


def test_each_gold_timex_matches_at_most_once() -> None:
    predicted = [
        {"start": 0, "end": 6, "type": "DATE", "value": "x"},
        {"start": 7, "end": 14, "type": "TIME", "value": "y"},
    ]
    gold = [{"start": 0, "end": 14, "type": "TIME", "value": "y"}]
    counts, _ = match_timexes(predicted, gold)
    assert (counts.relaxed_matches, counts.predicted, counts.gold) == (1, 2, 1)


def test_a_record_without_timexes_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Monday"}) + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError):
        evaluate(path)

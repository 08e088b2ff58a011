"""`newsgraph eval events` on tiny hand-written gold files of both formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.events import accuracy, confusions, evaluate, macro_f1


def test_macro_f1_and_accuracy() -> None:
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("C", "A")]
    assert accuracy(pairs) == 0.5
    # A: p=1/2 r=1/2 -> .5; B: p=1/2 r=1 -> .667; C: 0  => mean .389
    assert macro_f1(pairs) == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    assert confusions(pairs)[0][2] == 1


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_unknown_format_is_an_error(tmp_path: Path) -> None:
    gold = _write(tmp_path / "g.jsonl", [{"id": "x", "text": "Nothing."}])
    with pytest.raises(EvaluationError):
        evaluate(gold)


@pytest.mark.model
def test_plover_format(tmp_path: Path) -> None:
    gold = _write(
        tmp_path / "plover.jsonl",
        [
            {
                "id": "p1",
                "text": "The minister condemned the decision of the council.",
                "event": "DISAPPROVE",
            },
            {
                "id": "p2",
                "text": "Police arrested three opposition leaders in the capital.",
                "event": "COERCE",
            },
            {"id": "p3", "text": "The two countries signed a trade agreement on Monday.", "event": "AGREE"},
        ],
    )
    predictions = tmp_path / "pred.jsonl"
    report = evaluate(gold, predictions=predictions)
    assert report.metric == "type_accuracy" and report.n == 3
    assert report.score == 1.0
    rows = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2", "p3"]


@pytest.mark.model
def test_case2021_format(tmp_path: Path) -> None:
    gold = _write(
        tmp_path / "case.jsonl",
        [
            {
                "id": "c1",
                "text": "Warplanes carried out an air strike on the village, killing five.",
                "label": "AIR_STRIKE",
                "subtasks": [1, 2, 3],
            },
            {
                "id": "c2",
                "text": "Police arrested six men suspected of planning attacks.",
                "label": "ARREST",
                "subtasks": [1, 2, 3],
            },
            {
                "id": "c3",
                "text": "A strong earthquake struck the coastal province overnight.",
                "label": "NATURAL_DISASTER",
                "subtasks": [2, 3],
            },
        ],
    )
    report = evaluate(gold)
    assert report.metric == "subtask1_macro_f1"
    assert report.score == 1.0
    assert report.extra["subtask1_n"] == 2 and report.extra["subtask2_n"] == 3
    assert report.extra["subtask2_macro_f1"] == 1.0

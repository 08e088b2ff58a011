"""The `ner` evaluation: label mapping, conlleval-style scoring, the report and predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.ner import error_kinds, evaluate, map_label, score_spans


def test_label_mapping_to_conll_types() -> None:
    assert map_label("PERSON") == "PER"
    assert map_label("GPE") == "LOC"
    assert map_label("FAC") == "LOC"
    assert map_label("NORP") == "MISC"
    assert map_label("ORG") == "ORG"
    assert map_label("DATE") is None
    assert map_label("PRODUCT") is None


def test_strict_scoring_needs_exact_span_and_type() -> None:
    gold = {(0, 5, "PER"), (10, 16, "LOC"), (20, 25, "ORG")}
    predicted = {(0, 5, "PER"), (10, 15, "LOC"), (20, 25, "MISC"), (30, 35, "ORG")}
    scores = score_spans([(gold, predicted)])
    assert scores["precision"] == 0.25
    assert scores["recall"] == pytest.approx(0.3333, abs=1e-4)
    assert scores["f1"] == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3), abs=1e-4)
    assert scores["per_type"]["PER"]["f1"] == 1.0
    assert scores["per_type"]["LOC"]["f1"] == 0.0
    assert scores["per_type"]["ORG"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "gold": 1,
        "predicted": 1,
    }


def test_scores_are_micro_averaged_over_documents() -> None:
    doc_a = ({(0, 3, "PER")}, {(0, 3, "PER")})
    doc_b = ({(0, 3, "LOC"), (5, 9, "LOC"), (11, 14, "LOC")}, set[tuple[int, int, str]]())
    assert score_spans([doc_a, doc_b])["recall"] == 0.25


def test_error_kinds_classify_each_mismatch() -> None:
    gold = {(0, 5, "PER"), (10, 16, "LOC"), (20, 25, "ORG"), (40, 44, "MISC")}
    predicted = {(0, 5, "ORG"), (10, 15, "LOC"), (30, 35, "ORG")}
    assert sorted(error_kinds(gold, predicted)) == [
        "boundary",
        "missed MISC",
        "missed ORG",
        "spurious ORG",
        "type PER->ORG",
    ]


def test_missing_gold_file_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError):
        evaluate(tmp_path / "absent.jsonl")


def _write_gold(path: Path) -> None:
    # Hand-written, pre-tokenized like the CoNLL format: tokens joined by spaces, a sentence a line.
    text = (
        "Selma Okafor arrived in Madrid on Monday .\nOkafor met officials of the World Health Organization ."
    )

    def span(needle: str, label: str, start_at: int = 0) -> dict[str, object]:
        start = text.index(needle, start_at)
        return {"start": start, "end": start + len(needle), "label": label, "text": needle}

    entities = [
        span("Selma Okafor", "PER"),
        span("Madrid", "LOC"),
        span("Okafor", "PER", text.index("\n")),
        span("World Health Organization", "ORG"),
    ]
    records = [
        {"id": "doc-1", "text": text, "entities": entities},
        {"id": "doc-2", "text": "Nothing to see here .", "entities": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.mark.model
def test_evaluate_scores_and_writes_predictions(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    predictions = tmp_path / "pred.jsonl"
    report = evaluate(gold, predictions=predictions)
    assert report.task == "ner"
    assert report.n == 2
    assert report.metric == "strict_entity_f1"
    assert 0.5 <= report.score <= 1.0
    assert set(report.extra["per_type"]) >= {"PER", "LOC"}
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["doc-1", "doc-2"]
    text = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])["text"]
    found = {(text[e["start"] : e["end"]], e["label"]) for e in rows[0]["entities"]}
    assert ("Madrid", "LOC") in found
    assert ("Okafor", "PER") in found  # the surname-only repeat, via refine_entities
    assert all(e["label"] in {"PER", "ORG", "LOC", "MISC"} for row in rows for e in row["entities"])


@pytest.mark.model
def test_limit_stops_early(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    assert evaluate(gold, limit=1).n == 1

"""The geo evaluation on a tiny hand-written gold file in each of the two gold formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.geo import MAX_ERROR_KM, auc_of_errors, evaluate


def test_auc_of_errors_bounds() -> None:
    assert auc_of_errors([0.0, 0.0, 0.0]) == pytest.approx(0.0)
    assert auc_of_errors([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0)
    assert 0.0 < auc_of_errors([0.0, 100.0, 5000.0]) < 1.0


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.model
def test_evaluate_scores_and_writes_predictions(tmp_path: Path) -> None:
    text = "Protesters marched through Madrid on Sunday while smaller crowds gathered in Zaragoza."
    madrid = text.index("Madrid")
    zaragoza = text.index("Zaragoza")
    gold = _write(
        tmp_path / "docs.jsonl",
        [
            {
                "id": "doc-1",
                "text": text,
                "places": [
                    {"start": madrid, "end": madrid + 6, "text": "Madrid", "lat": 40.4168, "lon": -3.7038},
                    # a deliberately wrong gold point (Sydney) so that one toponym misses at 161 km
                    {
                        "start": zaragoza,
                        "end": zaragoza + 8,
                        "text": "Zaragoza",
                        "lat": -33.87,
                        "lon": 151.21,
                    },
                ],
            }
        ],
    )
    out = tmp_path / "pred.jsonl"
    report = evaluate(gold, predictions=out)
    assert report.n == 1
    assert report.metric == "acc@161km"
    assert report.score == pytest.approx(0.5)
    assert report.extra["span_recall"] == pytest.approx(1.0)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "doc-1"
    assert {(p["start"], p["end"]) for p in rows[0]["places"]} >= {(madrid, madrid + 6)}


@pytest.mark.model
def test_geowebnews_format_ignores_non_locational(tmp_path: Path) -> None:
    text = "Kenyan officials met in Nairobi to discuss the drought."
    nairobi = text.index("Nairobi")
    gold = _write(
        tmp_path / "docs.jsonl",
        [
            {
                "id": "g-1",
                "text": text,
                "places": [
                    {
                        "start": 0,
                        "end": 6,
                        "text": "Kenyan",
                        "lat": None,
                        "lon": None,
                        "type": "Demonym",
                        "non_locational": False,
                    },
                    {
                        "start": nairobi,
                        "end": nairobi + 7,
                        "text": "Nairobi",
                        "lat": -1.2833,
                        "lon": 36.8167,
                        "type": "Literal",
                        "non_locational": False,
                    },
                ],
            }
        ],
    )
    report = evaluate(gold)
    assert report.extra["toponyms_with_coordinates"] == 1
    assert report.score == pytest.approx(1.0)
    assert report.extra["span_precision"] == pytest.approx(1.0)  # "Kenyan" is ignored, not a false hit


def test_evaluate_rejects_records_without_places(tmp_path: Path) -> None:
    gold = _write(tmp_path / "docs.jsonl", [{"id": "x", "text": "No places key here."}])
    with pytest.raises(EvaluationError):
        evaluate(gold)

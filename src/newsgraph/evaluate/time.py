"""`newsgraph eval time`: TempEval-3 Task A (temporal expressions) on TimeML gold documents.

Each document is run through `find_time_expressions` with its document creation time (`dct`) as
the anchor. Matching follows the task paper (UzZaman et al. 2013): strict = identical extent,
relaxed = any overlap; type and value accuracy are computed on relaxed matches; the headline
"value F1" is relaxed F1 x value accuracy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.common import EvalReport, f1, read_gold, write_predictions
from newsgraph.extract.dates import find_time_expressions
from newsgraph.model import TimeExpression

GOLD_NAMES = ("docs.jsonl",)


@dataclass
class TimexCounts:
    """Running totals over documents."""

    predicted: int = 0
    gold: int = 0
    strict_matches: int = 0
    relaxed_matches: int = 0
    type_correct: int = 0
    value_correct: int = 0

    def add(self, other: TimexCounts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def match_timexes(
    predicted: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> tuple[TimexCounts, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Counts for one document and the relaxed (overlap) pairs, each gold and prediction used once.

    Pairs with the most overlap are taken first, so that "Friday" and "Friday morning" in the
    same sentence pair with the right partners.
    """
    counts = TimexCounts(predicted=len(predicted), gold=len(gold))
    options: list[tuple[int, int, int]] = []
    for p_index, pred in enumerate(predicted):
        for g_index, item in enumerate(gold):
            overlap = min(pred["end"], item["end"]) - max(pred["start"], item["start"])
            if overlap > 0:
                options.append((overlap, p_index, g_index))
    options.sort(key=lambda option: (-option[0], option[1], option[2]))
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for _, p_index, g_index in options:
        if p_index in used_pred or g_index in used_gold:
            continue
        used_pred.add(p_index)
        used_gold.add(g_index)
        pred, item = predicted[p_index], gold[g_index]
        pairs.append((pred, item))
        counts.relaxed_matches += 1
        if (pred["start"], pred["end"]) == (item["start"], item["end"]):
            counts.strict_matches += 1
        if pred["type"] == item["type"]:
            counts.type_correct += 1
        if pred["value"] == item["value"]:
            counts.value_correct += 1
    return counts, pairs


def _anchor(record: dict[str, Any]) -> date | None:
    dct = record.get("dct") or record.get("date")
    if not dct:
        return None
    try:
        return date.fromisoformat(str(dct)[:10])
    except ValueError as exc:
        raise EvaluationError(f"document {record.get('id')!r} has an unreadable dct {dct!r}") from exc


def _as_prediction(expression: TimeExpression) -> dict[str, Any]:
    return {
        "start": expression.start,
        "end": expression.end,
        "type": expression.type,
        "value": expression.value,
    }


def evaluate(
    gold: str | Path, *, predictions: str | Path | None = None, limit: int | None = None
) -> EvalReport:
    """Score time-expression extraction and normalisation on TempEval-3 style gold documents."""
    totals = TimexCounts()
    rows: list[dict[str, Any]] = []
    documents = 0
    for record in read_gold(gold, GOLD_NAMES, limit):
        if "text" not in record or "timexes" not in record:
            raise EvaluationError(
                f"document {record.get('id')!r} lacks `text` or `timexes`", where=str(gold),
                hint="the format is described in the data set's README",
            )  # fmt: skip
        found = [_as_prediction(e) for e in find_time_expressions(record["text"], anchor=_anchor(record))]
        counts, _ = match_timexes(found, record["timexes"])
        totals.add(counts)
        rows.append({"id": record.get("id"), "timexes": found})
        documents += 1
    write_predictions(predictions, rows)
    return _report(str(gold), documents, totals)


def _report(gold: str, documents: int, totals: TimexCounts) -> EvalReport:
    def ratio(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    strict_p = ratio(totals.strict_matches, totals.predicted)
    strict_r = ratio(totals.strict_matches, totals.gold)
    relaxed_p = ratio(totals.relaxed_matches, totals.predicted)
    relaxed_r = ratio(totals.relaxed_matches, totals.gold)
    relaxed_f1 = f1(relaxed_p, relaxed_r)
    value_accuracy = ratio(totals.value_correct, totals.relaxed_matches)
    type_accuracy = ratio(totals.type_correct, totals.relaxed_matches)
    extra = {
        "relaxed_precision": round(relaxed_p, 4),
        "relaxed_recall": round(relaxed_r, 4),
        "relaxed_f1": round(relaxed_f1, 4),
        "strict_precision": round(strict_p, 4),
        "strict_recall": round(strict_r, 4),
        "strict_f1": round(f1(strict_p, strict_r), 4),
        "type_accuracy": round(type_accuracy, 4),
        "value_accuracy": round(value_accuracy, 4),
        "type_f1": round(relaxed_f1 * type_accuracy, 4),
        "timexes_gold": totals.gold,
        "timexes_predicted": totals.predicted,
    }
    return EvalReport(task="time", gold=gold, n=documents, metric="value_f1",
                      score=round(relaxed_f1 * value_accuracy, 4), extra=extra)  # fmt: skip


def error_table(gold: str | Path, *, limit: int | None = None) -> Counter[str]:
    """Counts of error kinds (missed, spurious, wrong extent, wrong type, wrong value): for analysis."""
    errors: Counter[str] = Counter()
    for record in read_gold(gold, GOLD_NAMES, limit):
        found = [_as_prediction(e) for e in find_time_expressions(record["text"], anchor=_anchor(record))]
        counts, pairs = match_timexes(found, record["timexes"])
        errors["missed"] += counts.gold - counts.relaxed_matches
        errors["spurious"] += counts.predicted - counts.relaxed_matches
        for pred, item in pairs:
            if (pred["start"], pred["end"]) != (item["start"], item["end"]):
                errors["wrong extent"] += 1
            if pred["type"] != item["type"]:
                errors["wrong type"] += 1
            if pred["value"] != item["value"]:
                errors["wrong value"] += 1
    return errors

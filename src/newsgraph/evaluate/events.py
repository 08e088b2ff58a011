"""`newsgraph eval events`: snippet-level event type classification.

Two gold formats, told apart by their fields:
- PLOVER gold-standard records (`event` field): one PLOVER type per sentence. Headline: type
  accuracy over the 18 PLOVER types; macro-F1 as an extra.
- CASE 2021 task 2 (`label` and `subtasks` fields): one ACLED-style label per snippet. Headline:
  macro-F1 of sub-task 1 (the 25 ACLED labels, over the snippets in sub-task 1); sub-tasks 2 and 3
  (adding the security and political "unseen" types) as extras. A system aimed at a sub-task only
  answers in that sub-task's label space, so each sub-task takes the best label allowed in it.

Each snippet is parsed with the project's pipeline and classified by the event extractor's own
trigger lexicon (`extract/event_classify.py`): the dominant event of the snippet, always a label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.common import EvalReport, f1, read_gold, write_predictions

GOLD_NAMES = ("records.jsonl",)


def macro_f1(pairs: Sequence[tuple[str, str]], labels: Iterable[str] | None = None) -> float:
    """Macro-averaged F1 over `labels` (default: every label seen in gold or predictions)."""
    gold_count: Counter[str] = Counter(g for g, _ in pairs)
    pred_count: Counter[str] = Counter(p for _, p in pairs)
    hits: Counter[str] = Counter(g for g, p in pairs if g == p)
    label_set = set(labels) if labels is not None else set(gold_count) | set(pred_count)
    label_set &= set(gold_count) | set(pred_count)
    if not label_set:
        return 0.0
    total = 0.0
    for label in label_set:
        precision = hits[label] / pred_count[label] if pred_count[label] else 0.0
        recall = hits[label] / gold_count[label] if gold_count[label] else 0.0
        total += f1(precision, recall)
    return total / len(label_set)


def accuracy(pairs: Sequence[tuple[str, str]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def confusions(pairs: Sequence[tuple[str, str]], top: int = 15) -> list[list[Any]]:
    """The most frequent (gold, predicted) mistakes, for error analysis."""
    counts = Counter((g, p) for g, p in pairs if g != p)
    return [[g, p, n] for (g, p), n in counts.most_common(top)]


def _text(record: dict[str, Any], where: str) -> str:
    text = record.get("text")
    if not isinstance(text, str):
        raise EvaluationError(f"record {record.get('id')!r} has no `text`", where=where)
    return text


def evaluate(
    gold: str | Path, *, predictions: str | Path | None = None, limit: int | None = None
) -> EvalReport:
    """Event type classification scores on PLOVER GSR or CASE 2021 task 2 gold (format by fields)."""
    where = str(gold)
    records = list(read_gold(gold, GOLD_NAMES, limit))
    if not records:
        raise EvaluationError("the gold file holds no records", where=where)
    if "event" in records[0]:
        return _evaluate_plover(records, where, predictions)
    if "label" in records[0]:
        return _evaluate_case2021(records, where, predictions)
    raise EvaluationError(
        "records have neither `event` (PLOVER) nor `label` (CASE 2021)",
        where=where,
        hint="pass plover_gsr/records.jsonl or case2021_task2_acled/records.jsonl",
    )


def _parse(texts: Sequence[str]) -> list[Any]:
    from newsgraph.nlp.loader import load_model

    return list(load_model().pipe(texts, batch_size=32))


def _evaluate_plover(records: list[dict[str, Any]], where: str, predictions: str | Path | None) -> EvalReport:
    from newsgraph.extract.event_classify import dominant_type
    from newsgraph.extract.event_lexicon import PLOVER_TYPES

    docs = _parse([_text(r, where) for r in records])
    pairs: list[tuple[str, str]] = []
    rows: list[dict[str, Any]] = []
    for record, doc in zip(records, docs, strict=True):
        predicted = dominant_type(doc)
        pairs.append((str(record["event"]).upper(), predicted))
        rows.append({"id": record.get("id"), "type": predicted})
    write_predictions(predictions, rows)
    return EvalReport(
        task="events",
        gold=where,
        n=len(pairs),
        metric="type_accuracy",
        score=round(accuracy(pairs), 4),
        extra={
            "macro_f1": round(macro_f1(pairs, PLOVER_TYPES), 4),
            "format": "plover_gsr",
            "confusions": confusions(pairs),
        },
    )


def _evaluate_case2021(
    records: list[dict[str, Any]], where: str, predictions: str | Path | None
) -> EvalReport:
    from newsgraph.extract.event_classify import (
        ACLED_LABELS,
        POLITICAL_LABELS,
        SECURITY_LABELS,
        acled_label,
    )

    spaces = {
        1: ACLED_LABELS,
        2: ACLED_LABELS + SECURITY_LABELS,
        3: ACLED_LABELS + SECURITY_LABELS + POLITICAL_LABELS,
    }
    docs = _parse([_text(r, where) for r in records])
    pairs_by_task: dict[int, list[tuple[str, str]]] = {1: [], 2: [], 3: []}
    rows: list[dict[str, Any]] = []
    for record, doc in zip(records, docs, strict=True):
        gold_label = str(record["label"]).upper()
        subtasks = [int(s) for s in record.get("subtasks", [1, 2, 3])]
        predicted = {task: acled_label(doc, allowed=labels) for task, labels in spaces.items()}
        for task in subtasks:
            if task in pairs_by_task:
                pairs_by_task[task].append((gold_label, predicted[task]))
        rows.append(
            {
                "id": record.get("id"),
                "type": predicted[3],
                "type_subtask1": predicted[1],
                "type_subtask2": predicted[2],
            }
        )
    write_predictions(predictions, rows)
    extra: dict[str, Any] = {"format": "case2021_task2"}
    for task, pairs in pairs_by_task.items():
        extra[f"subtask{task}_macro_f1"] = round(macro_f1(pairs, spaces[task]), 4)
        extra[f"subtask{task}_micro_f1"] = round(accuracy(pairs), 4)
        extra[f"subtask{task}_n"] = len(pairs)
    extra["confusions"] = confusions(pairs_by_task[3])
    return EvalReport(
        task="events",
        gold=where,
        n=len(records),
        metric="subtask1_macro_f1",
        score=extra["subtask1_macro_f1"],
        extra=extra,
    )

"""`newsgraph eval extraction`: main-text extraction from HTML, on two gold formats.

- article_extraction_benchmark (`gold_text`): shingle F1 as in the benchmark's evaluate.py:
  `\\w+` tokens, 4-token shingles, multiset TP/FP/FN per document, precision and recall averaged
  over documents, F1 from the two averages; accuracy = exact token-sequence match.
- trafilatura_eval (`with`/`without`): segment scores as in its tests/eval_common.py: whitespace-
  normalised substring tests summed over pages; a crash counts as extracting nothing.
The prediction is `extract_html(...).text` (main text after the boilerplate rules, no title).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.common import EvalReport, f1, read_gold, write_predictions

TASK = "extraction"
GOLD_NAMES = ("pages.jsonl",)
SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str, str | None], str]


def default_extractor(html: str, url: str | None) -> str:
    from newsgraph.clean.html import extract_html

    return extract_html(html, url=url).text


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of `size`-token shingles of the `\\w+` tokens (a short text is one shingle)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def shingle_scores(predicted: str, gold: str) -> tuple[float, float]:
    """Per-document (precision, recall) over shingle multisets."""
    gold_shingles, predicted_shingles = shingles(gold), shingles(predicted)
    true_positive = sum((gold_shingles & predicted_shingles).values())
    false_positive = sum(predicted_shingles.values()) - true_positive
    false_negative = sum(gold_shingles.values()) - true_positive
    if true_positive + false_positive == 0:
        precision = 1.0 if not gold_shingles else 0.0
    else:
        precision = true_positive / (true_positive + false_positive)
    recall = 1.0 if true_positive + false_negative == 0 else true_positive / (true_positive + false_negative)
    return precision, recall


def _normalize_whitespace(text: str) -> str:
    return " ".join(text.split())


def _safe_extract(extract: Extractor, html: str, url: str | None) -> str:
    try:
        return extract(html, url) or ""
    except Exception:  # the benchmark counts a crash as extracting nothing
        return ""


def _score_benchmark(
    records: Iterator[dict[str, Any]], extract: Extractor, gold: str
) -> tuple[EvalReport, list[dict[str, Any]]]:
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    rows: list[dict[str, Any]] = []
    for record in records:
        predicted = _safe_extract(extract, record["html"], record.get("url"))
        precision, recall = shingle_scores(predicted, record["gold_text"])
        precisions.append(precision)
        recalls.append(recall)
        exact += _TOKEN.findall(predicted) == _TOKEN.findall(record["gold_text"])
        rows.append({"id": record["id"], "text": predicted})
    n = len(rows)
    precision = sum(precisions) / n if n else 0.0
    recall = sum(recalls) / n if n else 0.0
    report = EvalReport(
        task=TASK,
        gold=gold,
        n=n,
        metric="shingle_f1",
        score=f1(precision, recall),
        extra={
            "precision": precision,
            "recall": recall,
            "accuracy": exact / n if n else 0.0,
            "format": "article_extraction_benchmark",
        },
    )
    return report, rows


def _score_segments(
    records: Iterator[dict[str, Any]], extract: Extractor, gold: str
) -> tuple[EvalReport, list[dict[str, Any]]]:
    true_positive = false_negative = false_positive = true_negative = 0
    rows: list[dict[str, Any]] = []
    for record in records:
        predicted = _safe_extract(extract, record["html"], record.get("url"))
        normalized = _normalize_whitespace(predicted)
        for segment in record.get("with") or []:
            if _normalize_whitespace(segment) in normalized:
                true_positive += 1
            else:
                false_negative += 1
        for segment in record.get("without") or []:
            if _normalize_whitespace(segment) in normalized:
                false_positive += 1
            else:
                true_negative += 1
        rows.append({"id": record["id"], "text": predicted})
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    total = true_positive + false_negative + false_positive + true_negative
    report = EvalReport(
        task=TASK,
        gold=gold,
        n=len(rows),
        metric="segment_f1",
        score=f1(precision, recall),
        extra={
            "precision": precision,
            "recall": recall,
            "accuracy": (true_positive + true_negative) / total if total else 0.0,
            "format": "trafilatura_eval",
        },
    )
    return report, rows


def evaluate(
    gold: str | Path,
    *,
    predictions: str | Path | None = None,
    limit: int | None = None,
    extractor: Extractor | None = None,
) -> EvalReport:
    """Score main-text extraction on either gold format (detected from the first record's fields)."""
    extract = extractor or default_extractor
    records = read_gold(gold, GOLD_NAMES, limit)
    first = next(records, None)
    if first is None:
        raise EvaluationError("the gold file holds no records", where=str(gold))

    def all_records() -> Iterator[dict[str, Any]]:
        yield first
        yield from records

    if "gold_text" in first and "html" in first:
        report, rows = _score_benchmark(all_records(), extract, str(gold))
    elif "html" in first and ("with" in first or "without" in first):
        report, rows = _score_segments(all_records(), extract, str(gold))
    else:
        raise EvaluationError(
            'records have neither "gold_text" nor "with"/"without" next to "html"',
            where=str(gold),
            hint="see shared/data/article_extraction_benchmark/README.md or trafilatura_eval/README.md",
        )
    write_predictions(predictions, rows)
    return report

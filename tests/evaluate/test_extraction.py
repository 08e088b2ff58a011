"""The extraction scorers on tiny hand-made gold files (both formats) and a fake extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.extraction import evaluate, shingle_scores

BODY = "The ferry service between the two islands resumed on Friday after repairs to the pier were finished."
PAGE = (
    "<html><head><title>Ferry resumes</title></head>"
    f"<body><nav>Home News Sport</nav><p>{BODY}</p></body></html>"
)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_shingle_scores_count_multisets() -> None:
    assert shingle_scores("a b c d e", "a b c d e") == (1.0, 1.0)
    precision, recall = shingle_scores("a b c d e f", "a b c d e")
    assert precision == pytest.approx(2 / 3) and recall == 1.0
    assert shingle_scores("", "a b c d") == (0.0, 0.0)


def test_benchmark_format_scores_and_writes_predictions(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "pages.jsonl",
        [
            {"id": "p1", "url": "https://a.example/1", "html": PAGE, "gold_text": BODY},
            {"id": "p2", "url": "https://a.example/2", "html": "<html></html>", "gold_text": "w x y z v"},
        ],
    )
    answers = {PAGE: BODY, "<html></html>": "totally different words here"}
    predictions = tmp_path / "pred.jsonl"
    report = evaluate(gold, predictions=predictions, extractor=lambda html, url: answers[html])
    assert report.metric == "shingle_f1" and report.n == 2
    assert report.extra["precision"] == pytest.approx(0.5)
    assert report.extra["recall"] == pytest.approx(0.5)
    assert report.score == pytest.approx(0.5)
    assert report.extra["accuracy"] == pytest.approx(0.5)
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"id": "p1", "text": BODY}, {"id": "p2", "text": "totally different words here"}]


def test_segment_format_counts_crash_as_nothing(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "pages.jsonl",
        [
            {
                "id": "s1",
                "url": "u1",
                "html": "A",
                "with": ["ferry  service", "pier"],
                "without": ["Home News"],
            },
            {"id": "s2", "url": "u2", "html": "B", "with": ["islands"], "without": ["Sport"]},
        ],
    )

    def extractor(html: str, url: str | None) -> str:
        if html == "B":
            raise RuntimeError("boom")
        return "the ferry service\nresumed at the pier. Home News"

    report = evaluate(gold, extractor=extractor)
    assert report.metric == "segment_f1" and report.n == 2
    # TP 2, FN 1, FP 1, TN 1
    assert report.extra["precision"] == pytest.approx(2 / 3)
    assert report.extra["recall"] == pytest.approx(2 / 3)
    assert report.extra["accuracy"] == pytest.approx(3 / 5)


def test_real_extractor_on_a_small_page(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "pages.jsonl", [{"id": "p", "url": None, "html": PAGE, "gold_text": BODY}])
    report = evaluate(gold, limit=1)
    assert report.score > 0.9


def test_unknown_format_is_an_evaluation_error(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "pages.jsonl", [{"id": "x", "text": "no html"}])
    with pytest.raises(EvaluationError):
        evaluate(gold)

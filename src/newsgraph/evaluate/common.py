"""What every evaluation task shares: reading gold JSONL, writing predictions, the report shape."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import EvaluationError


@dataclass
class EvalReport:
    """The `--json` object of `newsgraph eval`: task, gold, n, metric, score, then further metrics."""

    task: str
    gold: str
    n: int
    metric: str
    score: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "gold": self.gold,
            "n": self.n,
            "metric": self.metric,
            "score": self.score,
            **self.extra,
        }


def gold_file(path: str | Path, names: tuple[str, ...] = ()) -> Path:
    """The gold JSONL: the path itself, or inside a folder the first of `names` (else the only .jsonl)."""
    p = Path(path)
    if p.is_file():
        return p
    if p.is_dir():
        for name in names:
            if (p / name).is_file():
                return p / name
        found = sorted(p.glob("*.jsonl"))
        if len(found) == 1:
            return found[0]
        raise EvaluationError(
            "the folder holds no single gold .jsonl file",
            where=str(p),
            hint="pass the .jsonl file itself with --gold",
        )
    raise EvaluationError("no such file or folder", where=str(p))


def read_gold(
    path: str | Path, names: tuple[str, ...] = (), limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Gold records one by one; a broken line is an error naming the file and line."""
    file = gold_file(path, names)
    with file.open(encoding="utf-8") as handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"line {number} is not JSON: {exc.msg}", where=str(file)) from exc
            yield record
            count += 1
            if limit is not None and count >= limit:
                return


def write_predictions(path: str | Path | None, rows: Iterable[dict[str, Any]]) -> None:
    """One JSON object per gold item, so that any scorer can re-check the figures."""
    if path is None:
        for _ in rows:
            pass
        return
    with Path(path).open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)

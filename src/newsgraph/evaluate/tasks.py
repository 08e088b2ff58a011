"""The evaluation tasks by name, each a module in this package with an `evaluate` function."""

from __future__ import annotations

import importlib
from pathlib import Path

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.common import EvalReport

TASKS = {
    "extraction": "newsgraph.evaluate.extraction",
    "ner": "newsgraph.evaluate.ner",
    "geo": "newsgraph.evaluate.geo",
    "time": "newsgraph.evaluate.time",
    "coref": "newsgraph.evaluate.coref",
    "events": "newsgraph.evaluate.events",
}


def run_task(
    task: str, gold: str | Path, *, predictions: str | Path | None = None, limit: int | None = None
) -> EvalReport:
    if task not in TASKS:
        raise EvaluationError(f"unknown task {task!r}", hint=f"use one of {', '.join(TASKS)}")
    module = importlib.import_module(TASKS[task])
    report: EvalReport = module.evaluate(gold, predictions=predictions, limit=limit)
    return report

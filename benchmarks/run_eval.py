"""Run every evaluation on the dev sets in shared/data and print a Markdown table for docs/EVALUATION.md.

Usage: .venv/bin/python benchmarks/run_eval.py --shared ../shared [--out eval-out] [--only geo,ner]
Each task also writes its predictions (`newsgraph eval ... --predictions`) under --out, so the
figures can be re-checked by any scorer.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

# (task, data folder, gold file, target from issue 7)
RUNS = [
    ("extraction", "article_extraction_benchmark", "pages.jsonl", 0.96),
    ("extraction", "trafilatura_eval", "pages.jsonl", 0.93),
    ("ner", "conll2003_en", "dev_testa.jsonl", 0.85),
    ("geo", "geo_lgl", "docs.jsonl", 0.80),
    ("geo", "geo_geovirus", "docs.jsonl", 0.85),
    ("geo", "geo_trnews", "docs.jsonl", 0.80),
    ("geo", "geo_geowebnews", "docs.jsonl", 0.80),
    ("time", "tempeval3", "docs.jsonl", 0.80),
    ("coref", "ecbplus", "docs.jsonl", 0.80),
    ("events", "plover_gsr", "records.jsonl", 0.70),
    ("events", "case2021_task2_acled", "records.jsonl", 0.60),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default="../shared", help="the shared folder holding data/")
    parser.add_argument("--out", default="eval-out", help="where predictions and JSON reports go")
    parser.add_argument("--only", default="", help="comma-separated tasks or data folders to run")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = {w for w in args.only.split(",") if w}
    exe = str(Path(sys.executable).with_name("newsgraph"))
    rows = []
    for task, folder, name, target in RUNS:
        if wanted and task not in wanted and folder not in wanted:
            continue
        gold = Path(args.shared) / "data" / folder / name
        if not gold.exists():
            print(f"skipped {folder}: {gold} not found", file=sys.stderr)
            continue
        predictions = out / f"{folder}.predictions.jsonl"
        started = time.perf_counter()
        done = subprocess.run(
            [exe, "eval", task, "--gold", str(gold), "--json", "--predictions", str(predictions)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(f"{folder}: failed: {done.stderr.strip()[-500:]}", file=sys.stderr)
            continue
        report = json.loads(done.stdout.strip().splitlines()[-1])
        (out / f"{folder}.report.json").write_text(json.dumps(report, indent=1))
        rows.append((task, folder, report, target, seconds))
        print(f"{folder}: {report['metric']} = {report['score']:.4f} ({seconds:.0f}s)", file=sys.stderr)
    print("| task | data (dev) | n | metric | score | target | met | command |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for task, folder, report, target, _ in rows:
        met = "yes" if report["score"] >= target else "no"
        command = f"`newsgraph eval {task} --gold ../shared/data/{folder}/ --json`"
        print(
            f"| {task} | {folder} | {report['n']} | {report['metric']} | {report['score']:.3f} | "
            f"≥ {target:.2f} | {met} | {command} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

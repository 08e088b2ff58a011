"""A generated news corpus for the Ray scaling benchmark, and the benchmark itself.

    python benchmarks/ray_corpus.py generate --out /tmp/ray_corpus --articles 3000
    python benchmarks/ray_corpus.py analyse --corpus /tmp/ray_corpus --workers 1   # stages 1-4 only
    python benchmarks/ray_corpus.py ingest --corpus /tmp/ray_corpus --workers 2    # end to end, into DuckDB
    python benchmarks/ray_corpus.py percore --corpus /tmp/ray_corpus               # words per CPU-second

The articles are short, news-like and made of templates over invented names, so they can be published
and regenerated anywhere (no gold or seed text is used). Every run prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIRST = [
    "Anna",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Irina",
    "Jonas",
    "Katya",
    "Luis",
]
LAST = [
    "Petrova",
    "Marlow",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Novak",
    "Castell",
    "Brennan",
    "Sato",
    "Vasquez",
]
ORGS = [
    "the Interior Ministry",
    "Northgate Shipping",
    "the Harbour Workers Union",
    "Coral Bank",
    "the City Council",
]
CITIES = ["Paris", "Berlin", "Warsaw", "Lisbon", "Nairobi", "Manila", "Lima", "Oslo", "Athens", "Dublin"]
OUTLETS = ["Daily Ledger", "Evening Post", "Coast Times", "Metro Wire"]
EVENTS = [
    "{p} was arrested in {c} on {d} after a two-week investigation by {o}.",
    "Police said {p} attacked a guard outside the offices of {o} in {c} on {d}.",
    "{o} announced on {d} that it would close its plant in {c}, cutting 400 jobs.",
    "Protesters marched through {c} on {d} to demand the resignation of {p}.",
    "A fire at a warehouse owned by {o} in {c} killed three people on {d}.",
    "{p} met officials from {o} in {c} on {d} to discuss a new trade agreement.",
]
FILLER = [
    "Witnesses described a tense scene as crowds gathered near the main square.",
    "A spokesperson declined to comment on the details while inquiries continue.",
    "The incident has prompted calls for an independent review of security procedures.",
    "Local residents said they had raised concerns with the authorities several times.",
    "Analysts expect the decision to affect regional markets in the coming weeks.",
    "The ministry promised a full statement once the facts had been established.",
]


def make_article(rng: random.Random, number: int) -> dict[str, str]:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    org, city = rng.choice(ORGS), rng.choice(CITIES)
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
    lead = rng.choice(EVENTS).format(p=person, c=city, o=org, d=day.strftime("%B %-d"))
    body = [
        lead,
        *rng.sample(FILLER, 3),
        f"{person} is expected to appear before a court in {city} next month.",
    ]
    return {
        "title": f"{person} in {city}: report {number}",
        "text": " ".join(body),
        "published": day.isoformat(),
        "source": rng.choice(OUTLETS),
        "url": f"https://news.example/{number}",
    }


def generate(out: Path, *, articles: int, files: int, seed: int) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    per_file = -(-articles // files)
    for index in range(files):
        first = index * per_file
        with (out / f"part-{index:03d}.jsonl").open("w", encoding="utf-8") as handle:
            for number in range(first, min(first + per_file, articles)):
                handle.write(json.dumps(make_article(rng, number)) + "\n")


def per_core(paths: list[str], *, settings: Any) -> dict[str, object]:
    """Stages 2-4 in this process, timed in CPU seconds: the per-core rate, whatever else the machine runs."""
    from newsgraph.model import ArticleAnalysis, RawDocument
    from newsgraph.nlp import load_model
    from newsgraph.pipeline import chunked, clean_and_analyse
    from newsgraph.sources import iter_documents

    load_model()
    words = 0
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for chunk in chunked(iter_documents(paths, limits=settings.limits), 16):
        for item in clean_and_analyse([d for d in chunk if isinstance(d, RawDocument)], settings):
            words += len(item.article.text.split()) if isinstance(item, ArticleAnalysis) else 0
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - wall_started
    return {
        "mode": "percore",
        "words": words,
        "cpu_seconds": round(cpu, 1),
        "wall_seconds": round(wall, 1),
        "words_per_cpu_s": round(words / cpu),
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    from newsgraph.config import load_settings
    from newsgraph.scale.runner import analyse_only, ray_ingest, start_ray

    settings = load_settings()
    paths = [str(args.corpus)]
    if args.command == "ingest":
        from newsgraph.scale import runner

        # Time the driver's link+store step alone: it is the single writer that caps the run.
        # thread_time: the CPU the driver thread spent, whatever else the machine runs.
        link_seconds = link_cpu_seconds = 0.0
        link_and_write = runner.link_and_write

        def timed_link_and_write(*call_args: Any, **call_kwargs: Any) -> None:
            nonlocal link_seconds, link_cpu_seconds
            started, cpu_started = time.perf_counter(), time.thread_time()
            link_and_write(*call_args, **call_kwargs)
            link_seconds += time.perf_counter() - started
            link_cpu_seconds += time.thread_time() - cpu_started

        runner.link_and_write = timed_link_and_write
        with tempfile.TemporaryDirectory() as tmp:
            report = ray_ingest(paths, db_path=f"{tmp}/bench.duckdb", settings=settings, workers=args.workers)
        return {
            "link_store_seconds": round(link_seconds, 1),
            "link_store_cpu_seconds": round(link_cpu_seconds, 1),
            "link_store_articles_per_cpu_s": round(report.added / link_cpu_seconds)
            if link_cpu_seconds
            else None,
            "mode": "ingest",
            "workers": args.workers,
            "articles": report.added,
            "words": report.words,
            "seconds": round(report.seconds, 1),
            "words_per_s": round(report.words / report.seconds),
        }
    if args.command == "percore":
        return per_core(paths, settings=settings)
    import ray

    start_ray(address=None, num_cpus=args.workers)
    try:
        # A first pass loads the actors' models and warms the caches; the second is timed.
        analyse_only(paths, settings=settings, workers=args.workers) if args.warm else None
        timing = analyse_only(paths, settings=settings, workers=args.workers)
    finally:
        ray.shutdown()
    # Steady state: from the first result (the actors have loaded their models) to the last.
    steady = timing.seconds - timing.first_result_seconds
    return {
        "mode": "analyse",
        "workers": args.workers,
        "documents": timing.documents,
        "words": timing.words,
        "seconds": round(timing.seconds, 1),
        "words_per_s": round(timing.words / timing.seconds),
        "first_result_seconds": round(timing.first_result_seconds, 1),
        "steady_words_per_s": round(timing.words / steady),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--articles", type=int, default=3000)
    gen.add_argument("--files", type=int, default=30)
    gen.add_argument("--seed", type=int, default=7)
    for name in ("analyse", "ingest", "percore"):
        bench = sub.add_parser(name)
        bench.add_argument("--corpus", type=Path, required=True)
        bench.add_argument("--workers", type=int, default=2)
        bench.add_argument("--warm", action="store_true", help="time a second pass (analyse only)")
    args = parser.parse_args()
    if args.command == "generate":
        started = time.perf_counter()
        generate(args.out, articles=args.articles, files=args.files, seed=args.seed)
        print(json.dumps({"generated": args.articles, "seconds": round(time.perf_counter() - started, 1)}))
        return
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()

"""Extraction speed after the parse, stage by stage, and an equivalence check of its output.

Generates N articles with `corpus_gen.py`, cleans them as ingest does, parses them once with
`newsgraph.nlp.load_model()` and keeps the Docs; then times each stage of `pipeline.analyse_doc`
over all Docs in this process (`time.perf_counter`, best of `--repeat`) and prints ms/article per
stage, the extraction total, the parse, and extraction/parse.

Every timed run works on fresh copies of the parsed Docs, because `refine_entities` rewrites
`doc.ents` in place and the later stages must see what they see in the pipeline.

Equivalence: `--record FILE` writes the `repr` of every `ArticleAnalysis` (the generated articles
plus the bundled sample corpus) and `--check FILE` compares against it, so a speed change can be
shown to change no output. `--frozen-places DIR` runs a saved copy of `places.py`/`gazetteer.py`
instead of the live ones, so that concurrent edits there do not show up as differences.

  python benchmarks/bench_extract.py --articles 300                      # stage timings
  python benchmarks/bench_extract.py --articles 300 --record /tmp/x.txt  # save the outputs
  python benchmarks/bench_extract.py --articles 300 --check /tmp/x.txt   # compare with them
  python benchmarks/bench_extract.py --articles 300 --profile 40         # cProfile, top 40 by tottime
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import write_corpus

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsgraph.model import Article

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "newsgraph" / "samples" / "corpus"
STAGES = ("refine_entities", "extract_entities", "find_places", "find_time_expressions", "extract_events")
STAGES_ALL = (*STAGES, "sentence_spans")


def _load_frozen(directory: Path) -> None:
    """Make `newsgraph.extract.places`/`gazetteer` (and their users) run the copies in `directory`."""
    import newsgraph.extract.places as live_places
    from newsgraph.extract import ner_sports

    def load(name: str, path: Path) -> ModuleType:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
        return module

    gazetteer = load("frozen_gazetteer", directory / "gazetteer.py")
    live_gazetteer = sys.modules["newsgraph.extract.gazetteer"]
    sys.modules["newsgraph.extract.gazetteer"] = gazetteer  # the frozen places imports the frozen one
    try:
        places = load("frozen_places", directory / "places.py")
    finally:
        sys.modules["newsgraph.extract.gazetteer"] = live_gazetteer
    # analyse_doc imports `find_places` from the module at call time: patch the module attribute
    live_places.find_places = places.find_places  # type: ignore[attr-defined]
    ner_sports.load_gazetteer = gazetteer.load_gazetteer  # type: ignore[attr-defined]


def load_articles(count: int, *, extra: Sequence[Path]) -> list[Article]:
    """Generated articles and those in `extra` paths, read and cleaned as `newsgraph ingest` does."""
    import dataclasses

    from newsgraph.config import load_settings
    from newsgraph.copy_reuse import ENGLISH
    from newsgraph.model import Article, RawDocument
    from newsgraph.pipeline import clean_documents
    from newsgraph.sources import iter_documents

    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", count, copy_rate=0.0)
        paths = [str(corpus), *map(str, extra)]
        raws = [raw for raw in iter_documents(paths, limits=settings.limits) if isinstance(raw, RawDocument)]
        cleaned = clean_documents(raws, settings)
    # the temporary folder's name must not make two runs' outputs differ
    return [
        dataclasses.replace(a, origin=a.origin.replace(tmp, "generated"))
        for a in cleaned
        if isinstance(a, Article) and a.language in ENGLISH
    ]


def parse(articles: Sequence[Article], *, cpu: bool = False) -> tuple[list[Doc], float]:
    from newsgraph.nlp import load_model

    nlp = load_model()
    list(nlp.pipe(a.text for a in articles[:8]))  # warm-up: first-call costs are not the parse's
    clock = time.process_time if cpu else time.perf_counter
    started = clock()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=64))
    return docs, clock() - started


def analyse_all(docs: Sequence[Doc], articles: Sequence[Article]) -> list[Any]:
    from newsgraph.pipeline import analyse_doc

    return [analyse_doc(doc.copy(), article) for doc, article in zip(docs, articles, strict=True)]


def time_stages(docs: Sequence[Doc], articles: Sequence[Article], *, cpu: bool = False) -> dict[str, float]:
    """Seconds per stage over all docs, for one run, on fresh copies of the docs."""
    from newsgraph.extract.dates import find_time_expressions
    from newsgraph.extract.entities import extract_entities
    from newsgraph.extract.events import extract_events
    from newsgraph.extract.ner_rules import refine_entities
    from newsgraph.extract.places import find_places
    from newsgraph.nlp.sentences import sentence_spans

    totals = dict.fromkeys(STAGES_ALL, 0.0)
    copies = [doc.copy() for doc in docs]
    clock = time.process_time if cpu else time.perf_counter

    def timed(stage: str, call: Callable[[], Any]) -> Any:
        started = clock()
        result = call()
        totals[stage] += clock() - started
        return result

    for doc, article in zip(copies, articles, strict=True):
        timed("refine_entities", lambda doc=doc: refine_entities(doc))
        mentions, _ = timed("extract_entities", lambda doc=doc: extract_entities(doc))
        places = timed("find_places", lambda doc=doc: find_places(doc))
        times = timed(
            "find_time_expressions",
            lambda a=article: find_time_expressions(a.text, anchor=a.published),
        )
        timed(
            "extract_events",
            lambda doc=doc, a=article, m=mentions, p=places, t=times: extract_events(
                doc, article=a, mentions=m, places=p, times=t
            ),
        )
        timed("sentence_spans", lambda doc=doc: sentence_spans(doc))
    return totals


def report(
    docs: Sequence[Doc], articles: Sequence[Article], parse_seconds: float, repeat: int, *, cpu: bool
) -> None:
    runs = [time_stages(docs, articles, cpu=cpu) for _ in range(repeat)]
    best = {stage: min(run[stage] for run in runs) for stage in STAGES_ALL}
    n = len(docs)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{n} articles, {words / n:.0f} words/article")
    for stage in STAGES_ALL:
        print(f"  {stage:<24}{best[stage] * 1000 / n:8.2f} ms/article")
    extraction = sum(best.values())
    print(f"  {'extraction total':<24}{extraction * 1000 / n:8.2f} ms/article")
    print(f"  {'parse (nlp.pipe)':<24}{parse_seconds * 1000 / n:8.2f} ms/article")
    print(f"  extraction / parse      {extraction / parse_seconds:8.2f}")
    without_places = extraction - best["find_places"]
    print(f"  (without find_places)   {without_places / parse_seconds:8.2f}")


def profile(docs: Sequence[Doc], articles: Sequence[Article], top: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    analyse_all(docs, articles)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def sample(docs: Sequence[Doc], articles: Sequence[Article]) -> None:
    """A sampling profile (pyinstrument, if installed): it distorts fast calls far less than cProfile."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(3):
        analyse_all(docs, articles)
    profiler.stop()
    print(profiler.output_text(unicode=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs; the best is reported")
    parser.add_argument("--record", type=Path, help="write each ArticleAnalysis repr to this file")
    parser.add_argument("--check", type=Path, help="compare each ArticleAnalysis repr with this file")
    parser.add_argument(
        "--extra", type=Path, action="append", default=[], help="more input (files, folders) to measure"
    )
    parser.add_argument("--frozen-places", type=Path, help="folder with saved places.py and gazetteer.py")
    parser.add_argument(
        "--cpu", action="store_true", help="time stages in process CPU time (steadier on a shared machine)"
    )
    parser.add_argument("--sample", action="store_true", help="print a pyinstrument sampling profile")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions of a cProfile")
    args = parser.parse_args()

    if args.frozen_places:
        _load_frozen(args.frozen_places)
    equivalence = bool(args.record or args.check)
    extra = [*args.extra, *([SAMPLES] if equivalence else [])]
    articles = load_articles(args.articles, extra=extra)
    docs, parse_seconds = parse(articles, cpu=args.cpu)
    analyse_all(docs[:8], articles[:8])  # warm-up: gazetteers and lexicons load once per process

    if equivalence:
        lines = [repr(analysis) for analysis in analyse_all(docs, articles)]
        if args.record:
            args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"recorded {len(lines)} analyses to {args.record}")
        if args.check:
            expected = args.check.read_text(encoding="utf-8").splitlines()
            differing = [i for i, (a, b) in enumerate(zip(lines, expected, strict=False)) if a != b]
            if len(expected) != len(lines):
                print(f"DIFFERENT: {len(lines)} analyses, {len(expected)} recorded")
            if differing:
                print(f"DIFFERENT: {len(differing)} of {len(lines)} analyses differ, first {differing[0]}")
                _show_difference(lines[differing[0]], expected[differing[0]])
            if differing or len(expected) != len(lines):
                sys.exit(1)
            print(f"IDENTICAL: all {len(lines)} analyses")
        return
    if args.sample:
        sample(docs, articles)
        return
    if args.profile:
        profile(docs, articles, args.profile)
        return
    report(docs, articles, parse_seconds, args.repeat, cpu=args.cpu)


def _show_difference(actual: str, expected: str) -> None:
    at = next((i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b), 0)
    print(f"  now:      ...{actual[max(0, at - 200) : at + 200]}...")
    print(f"  recorded: ...{expected[max(0, at - 200) : at + 200]}...")


if __name__ == "__main__":
    main()

"""The stages in order. Each stage takes model objects and returns model objects.

1. sources  (`iter_documents`)          paths -> RawDocument | ReadFailure, streamed
2. clean    (`clean_document`)          RawDocument -> Article: main text, boilerplate gone, language
3. nlp      (`load_model`)              Article.text -> spaCy Doc, in worker processes
4. extract  (`analyse_articles`)        Doc -> entities, places, time expressions, event mentions
5. link     (`link_batch`)              copies, stories, merged events across articles
6. store    (`Store.write_batch`)       one transaction per batch

Stages 2-4 run in worker processes that return small `ArticleAnalysis` objects, not Docs: pickling
Docs back is what keeps spaCy's own `n_process` from scaling (PERFORMANCE-NOTES.md).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from newsgraph.config import Settings, load_settings
from newsgraph.model import Article, ArticleAnalysis, RawDocument, ReadFailure, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsgraph.store.db import Store

T = TypeVar("T")
ENGLISH = {"en", "und", None}
CHUNK_SIZE = 16  # documents per worker task: big enough for nlp.pipe batching, small enough to stream


@dataclass
class IngestReport:
    """What an ingest did, for the CLI to print and tests to check."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    copies: int = 0
    skipped_language: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    stories_touched: set[str] = field(default_factory=set)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# -- stages 2-4: one article at a time, in a worker ---------------------------------------------------


def analyse_doc(doc: Doc, article: Article) -> ArticleAnalysis:
    """Everything extracted from one parsed article."""
    from newsgraph.extract.dates import find_time_expressions
    from newsgraph.extract.entities import extract_entities
    from newsgraph.extract.events import extract_events
    from newsgraph.extract.ner_rules import refine_entities
    from newsgraph.extract.places import find_places

    doc = refine_entities(doc)
    mentions, entities = extract_entities(doc)
    places = find_places(doc)
    times = find_time_expressions(article.text, anchor=article.published)
    events = extract_events(doc, article=article, mentions=mentions, places=places, times=times)
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in doc.sents)
    return ArticleAnalysis(
        article=article,
        sentences=sentences,
        mentions=mentions,
        entities=entities,
        places=places,
        times=times,
        events=events,
    )


def analyse_articles(
    articles: Sequence[Article], *, settings: Settings
) -> list[ArticleAnalysis | ReadFailure]:
    """Parse English articles in one `nlp.pipe` batch; others are kept with the reason they were skipped."""
    from newsgraph.nlp import load_model

    out: list[ArticleAnalysis | ReadFailure | None] = [None] * len(articles)
    to_parse: list[int] = []
    for i, article in enumerate(articles):
        if settings.clean.english_only_extraction and article.language not in ENGLISH:
            out[i] = ArticleAnalysis(article=article, skipped_reason=f"language {article.language}")
        else:
            to_parse.append(i)
    nlp = load_model()
    texts = (articles[i].text for i in to_parse)
    for i, doc in zip(to_parse, nlp.pipe(texts, batch_size=settings.nlp.batch_size), strict=True):
        try:
            out[i] = analyse_doc(doc, articles[i])
        except Exception as exc:  # one article's extraction bug must not lose the batch
            out[i] = ReadFailure(
                articles[i].origin, f"extraction failed: {type(exc).__name__}: {exc}", "pipeline"
            )
    return [r for r in out if r is not None]


def clean_and_analyse(raws: Sequence[RawDocument], settings: Settings) -> list[ArticleAnalysis | ReadFailure]:
    """Stages 2-4 for a chunk of raw documents, in input order."""
    from newsgraph.clean import clean_document

    cleaned: list[Article | ReadFailure] = []
    for raw in raws:
        try:
            cleaned.append(clean_document(raw, settings=settings.clean, limits=settings.limits))
        except Exception as exc:  # a cleaner bug on one page is that page's failure only
            cleaned.append(
                ReadFailure(raw.origin, f"cleaning failed: {type(exc).__name__}: {exc}", "pipeline")
            )
    articles = [c for c in cleaned if isinstance(c, Article)]
    analysed = iter(analyse_articles(articles, settings=settings)) if articles else iter(())
    return [c if isinstance(c, ReadFailure) else next(analysed) for c in cleaned]


_WORKER_SETTINGS: Settings | None = None


def _worker_init(settings: Settings) -> None:
    global _WORKER_SETTINGS  # noqa: PLW0603 - one settings object per worker process, set once
    _WORKER_SETTINGS = settings
    from newsgraph.nlp import load_model

    load_model()


def _worker_run(raws: list[RawDocument]) -> list[ArticleAnalysis | ReadFailure]:
    assert _WORKER_SETTINGS is not None
    return clean_and_analyse(raws, _WORKER_SETTINGS)


def analyse_stream(
    items: Iterable[RawDocument | ReadFailure], *, settings: Settings, processes: int
) -> Iterator[ArticleAnalysis | ReadFailure]:
    """Stages 2-4 over a stream, on `processes` worker processes, results in input order."""
    if processes <= 1:
        for chunk in chunked(items, CHUNK_SIZE):
            yield from (x for x in chunk if isinstance(x, ReadFailure))
            yield from clean_and_analyse([x for x in chunk if isinstance(x, RawDocument)], settings)
        return
    # forkserver: workers start from a clean process, not from a parent holding DuckDB's threads.
    context = multiprocessing.get_context("forkserver")
    with context.Pool(processes, initializer=_worker_init, initargs=(settings,)) as pool:
        pending: list[
            tuple[list[ReadFailure], multiprocessing.pool.AsyncResult[list[ArticleAnalysis | ReadFailure]]]
        ] = []
        for chunk in chunked(items, CHUNK_SIZE):
            raws = [x for x in chunk if isinstance(x, RawDocument)]
            pending.append(
                ([x for x in chunk if isinstance(x, ReadFailure)], pool.apply_async(_worker_run, (raws,)))
            )
            # Keep a bounded number of chunks in flight: the corpus is streamed, never held in memory.
            while len(pending) > processes * 2:
                failed, result = pending.pop(0)
                yield from failed
                yield from result.get()
        for failed, result in pending:
            yield from failed
            yield from result.get()


# -- stage 5-6: link each batch against the store, then write it -------------------------------------


def body_hash(article: Article) -> str:
    """Hash of the body without the title line: an exact copy may carry another headline."""
    body = article.text
    if article.title and body.startswith(article.title):
        body = body[len(article.title) :]
    normalised = " ".join(body.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def ingest(
    paths: Sequence[str],
    *,
    db_path: str,
    settings: Settings | None = None,
    processes: int | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
    stdin: object | None = None,
) -> IngestReport:
    """Read, clean, analyse, link and store everything under `paths`. Re-ingesting changes nothing."""
    from newsgraph.link.batch import link_batch
    from newsgraph.nlp.loader import cpu_processes
    from newsgraph.sources import iter_documents
    from newsgraph.store.db import Store

    settings = settings or load_settings()
    workers = cpu_processes(processes if processes is not None else settings.nlp.processes)
    report = IngestReport()
    started = time.perf_counter()
    with Store(db_path) as store:
        documents = iter_documents(list(paths), limits=settings.limits, stdin=stdin)  # type: ignore[arg-type]
        results = analyse_stream(documents, settings=settings, processes=workers)
        for batch in chunked(results, 64):
            analyses = [r for r in batch if isinstance(r, ArticleAnalysis)]
            failures = [r for r in batch if isinstance(r, ReadFailure)]
            report.read += len(batch)
            report.failures += failures
            _write(store, analyses, failures, report, link_batch)
            report.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(report)
    report.seconds = time.perf_counter() - started
    return report


def _write(
    store: Store,
    analyses: list[ArticleAnalysis],
    failures: list[ReadFailure],
    report: IngestReport,
    link: Callable[..., object],
) -> None:
    from newsgraph.link.batch import LinkedBatch

    linked = link(store, analyses)
    assert isinstance(linked, LinkedBatch)
    store.write_batch(
        linked.records,
        failures=failures,
        story_keys=linked.story_keys,
        events_by_story=linked.events_by_story,
    )
    report.added += len(linked.records)
    report.unchanged += linked.unchanged
    report.copies += sum(1 for r in linked.records if r.copy_kind)
    report.skipped_language += sum(1 for r in linked.records if r.analysis.skipped_reason)
    report.words += sum(len(r.analysis.article.text.split()) for r in linked.records)
    report.stories_touched |= set(linked.story_keys)

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

import contextlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from newsgraph.config import Settings, StoreSettings, load_settings
from newsgraph.copy_reuse import ENGLISH, CopyReuse, ExactCopy, NearCopy, copy_signature
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    RawDocument,
    ReadFailure,
    Sentence,
)

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from spacy.tokens import Doc

    from newsgraph.link.batch import CopyCandidates
    from newsgraph.store.db import Store

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
CHUNK_SIZE = 16  # documents per worker task: big enough for nlp.pipe batching, small enough to stream
# Chunks queued at the parser, in write batches: while the parent links and stores one batch (1-2 s for
# 256 articles in a 5k-article profile), the workers must not run dry; 4 chunks (64 articles, under a
# second of parsing for 2 workers) could. Memory: an analysis is ~30 KB, so 2 batches cost ~15 MB.
PARSE_AHEAD_BATCHES = 2
WRITE_BATCH = StoreSettings().write_batch  # the default; `settings.store.write_batch` is what runs
# DuckDB's buffer pool (table and index blocks) may otherwise grow to 80% of RAM as the database grows,
# so the parent's memory would grow with the corpus: with a 1 GB cap, DuckDB held 64 MB after 10,000
# generated articles and 322 MB after 100,000. The cap also bounds the checkpoints DuckDB runs every
# few batches, which on a large database briefly fill it (the ingest's peak at 100,000 articles: parent
# 696 MB under 384 MB, 573 MB under 256 MB, in the same checkpoint). A batch that runs out of memory
# (its transaction rolled back) is linked and written again under ROOMY_DB_MEMORY, which then stays
# until the next reopen (256 MB ran out after ~90,000 articles when a batch's story rows still joined
# the mentions table; they no longer do).
INGEST_DB_MEMORY = "256MB"
ROOMY_DB_MEMORY = "512MB"
# The ingest reopens its database every so many articles (`Store.reopen`): what DuckDB holds for an open
# database beyond its buffer pool grows with what was written through that connection.
REOPEN_EVERY_ARTICLES = 5_000
# The final event merge is where the ingest's memory peaks. Its queries are per chunk of stories, so it
# runs under a smaller cap (parent peak merging 64,000 stories of 100,000 articles: 678 MB at 384 MB,
# 565 MB at 192 MB); if that is too little for a very large store's indexes, the merge goes on under
# ROOMY_DB_MEMORY from the first chunk not yet written.
MERGE_DB_MEMORY = "192MB"


@dataclass
class IngestReport:
    """What an ingest did, for the CLI to print and tests to check."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    copies: int = 0
    skipped_language: int = 0
    reused: int = 0  # copies whose analysis was taken from their original instead of a full parse
    probed: int = 0  # of those, near copies whose changed lines alone were parsed
    already_fetched: int = 0  # URLs given to ingest that an earlier run fetched (not fetched again)
    failures: list[ReadFailure] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    stories_touched: set[str] = field(default_factory=set)
    stories_merged: int = 0  # stories whose events were merged after the last batch


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
    from newsgraph.nlp.sentences import sentence_spans

    doc = refine_entities(doc)
    mentions, entities = extract_entities(doc)
    places = find_places(doc)
    times = find_time_expressions(article.text, anchor=article.published)
    events = extract_events(doc, article=article, mentions=mentions, places=places, times=times)
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in sentence_spans(doc))
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


def clean_documents(raws: Sequence[RawDocument], settings: Settings) -> list[Article | ReadFailure]:
    """Stage 2 for a chunk of raw documents, in input order."""
    from newsgraph.clean import clean_document

    cleaned: list[Article | ReadFailure] = []
    for raw in raws:
        try:
            cleaned.append(clean_document(raw, settings=settings.clean, limits=settings.limits))
        except Exception as exc:  # a cleaner bug on one page is that page's failure only
            cleaned.append(
                ReadFailure(raw.origin, f"cleaning failed: {type(exc).__name__}: {exc}", "pipeline")
            )
    return cleaned


def clean_and_analyse(raws: Sequence[RawDocument], settings: Settings) -> list[ArticleAnalysis | ReadFailure]:
    """Stages 2-4 for a chunk of raw documents, in input order."""
    cleaned = clean_documents(raws, settings)
    articles = [c for c in cleaned if isinstance(c, Article)]
    analysed = iter(analyse_articles(articles, settings=settings)) if articles else iter(())
    return [c if isinstance(c, ReadFailure) else next(analysed) for c in cleaned]


# -- stages 2-4 over a stream, on a pool of worker processes -------------------------------------------

_WORKER_SETTINGS: Settings | None = None


def _worker_init(settings: Settings) -> None:
    global _WORKER_SETTINGS  # noqa: PLW0603 - one settings object per worker process, set once
    _WORKER_SETTINGS = settings
    from newsgraph.nlp import load_model

    load_model()


def _worker_run(raws: list[RawDocument]) -> list[ArticleAnalysis | ReadFailure]:
    assert _WORKER_SETTINGS is not None
    return clean_and_analyse(raws, _WORKER_SETTINGS)


def _worker_clean(raws: list[RawDocument]) -> list[_Cleaned]:
    assert _WORKER_SETTINGS is not None
    return clean_with_signatures(raws, _WORKER_SETTINGS)


_Cleaned = tuple[Article | ReadFailure, tuple[int, ...]]


def clean_with_signatures(raws: Sequence[RawDocument], settings: Settings) -> list[_Cleaned]:
    """Stage 2, each article with its body's MinHash signature (copy routing and linking need it; a
    worker computes it so that the single parent does not)."""
    return [
        (item, copy_signature(item) if isinstance(item, Article) else ())
        for item in clean_documents(raws, settings)
    ]


def _worker_analyse(articles: list[Article]) -> list[ArticleAnalysis | ReadFailure]:
    assert _WORKER_SETTINGS is not None
    return analyse_articles(articles, settings=_WORKER_SETTINGS)


class _Ready(Generic[R]):
    """A result computed in this process, with the `get()` of a pool's AsyncResult."""

    def __init__(self, value: R) -> None:
        self.value = value

    def get(self) -> R:
        return self.value


class _Pending(Protocol[R_co]):
    def get(self) -> R_co: ...


@dataclass(frozen=True)
class _Routed:
    """A cleaned article with its body signature and how it gets its analysis: parsed (`copy` None),
    from an exact copy's original, or from a near copy's original plus a parse of its changed lines."""

    article: Article
    signature: tuple[int, ...]
    copy: ExactCopy | NearCopy | None


@dataclass
class _Slot:
    """One chunk on its way through: read failures, cleaned items in order, and the parser's answer."""

    failed: list[ReadFailure]
    items: list[_Routed | ReadFailure]
    parsed: _Pending[list[ArticleAnalysis | ReadFailure]] | None


def analyse_stream(
    items: Iterable[RawDocument | ReadFailure],
    *,
    settings: Settings,
    processes: int,
    reuse: CopyReuse | None = None,
    signatures: dict[str, tuple[int, ...]] | None = None,
    pool: Pool | None = None,
) -> Iterator[ArticleAnalysis | ReadFailure]:
    """Stages 2-4 over a stream, on `processes` worker processes, results in input order.

    Cleaning and parsing are separate pool tasks so that the parent can route copies away from the
    parser in between (`reuse`); chunks in flight are bounded, so the corpus is streamed. Each article's
    body signature (for near-copy linking) is put in `signatures` as it is yielded; the caller takes them
    out (`link_batch(..., signatures=...)`). `pool`: a running `worker_pool` to use instead of starting one.
    """
    reuse = reuse if reuse is not None else CopyReuse(settings)
    signatures = signatures if signatures is not None else {}
    if processes <= 1:
        yield from _analyse_chunks(
            items,
            reuse=reuse,
            clean=lambda raws: _Ready(clean_with_signatures(raws, settings)),
            analyse=lambda articles: _Ready(analyse_articles(articles, settings=settings)),
            in_flight=0,
            parse_ahead=0,
            signatures=signatures,
        )
        return
    if pool is None:
        with worker_pool(settings, processes) as own:
            yield from analyse_stream(
                items, settings=settings, processes=processes, reuse=reuse, signatures=signatures, pool=own
            )
        return
    yield from _analyse_chunks(
        items,
        reuse=reuse,
        clean=lambda raws: pool.apply_async(_worker_clean, (raws,)),
        analyse=lambda articles: pool.apply_async(_worker_analyse, (articles,)),
        in_flight=processes,
        parse_ahead=max(processes * 2, PARSE_AHEAD_BATCHES * settings.store.write_batch // CHUNK_SIZE),
        signatures=signatures,
    )


def worker_pool(settings: Settings, processes: int) -> Pool:
    """The analysis workers: each loads the model once. A context manager (terminates on exit)."""
    # forkserver: workers start from a clean process, not from a parent holding DuckDB's threads.
    context = multiprocessing.get_context("forkserver")
    return context.Pool(processes, initializer=_worker_init, initargs=(settings,))


def _analyse_chunks(
    items: Iterable[RawDocument | ReadFailure],
    *,
    reuse: CopyReuse,
    clean: Callable[[list[RawDocument]], _Pending[list[_Cleaned]]],
    analyse: Callable[[list[Article]], _Pending[list[ArticleAnalysis | ReadFailure]]],
    in_flight: int,
    parse_ahead: int,
    signatures: dict[str, tuple[int, ...]],
) -> Iterator[ArticleAnalysis | ReadFailure]:
    cleaning: deque[tuple[list[ReadFailure], _Pending[list[_Cleaned]]]] = deque()
    parsing: deque[_Slot] = deque()

    def route(failed: list[ReadFailure], cleaned: list[_Cleaned]) -> None:
        routed: list[_Routed | ReadFailure] = []
        to_parse: list[Article] = []  # originals, and the changed lines of near copies, in item order
        for item, signature in cleaned:
            if isinstance(item, ReadFailure):
                routed.append(item)
                continue
            copy = reuse.route(item, signature)
            routed.append(_Routed(item, signature, copy))
            if copy is None:
                to_parse.append(item)
            elif isinstance(copy, NearCopy) and copy.probe is not None:
                to_parse.append(copy.probe)
        parsing.append(_Slot(failed, routed, analyse(to_parse) if to_parse else None))

    def parse_now(article: Article) -> ArticleAnalysis | ReadFailure:
        """The rare copy whose original's analysis is gone (its parse failed): parsed on its own."""
        return analyse([article]).get()[0]

    def finish(slot: _Slot) -> Iterator[ArticleAnalysis | ReadFailure]:
        yield from slot.failed
        parsed = iter(slot.parsed.get() if slot.parsed else ())
        for item in slot.items:
            if isinstance(item, ReadFailure):
                yield item
                continue
            outcome: ArticleAnalysis | ReadFailure | None
            if item.copy is None:
                outcome = next(parsed)
                reuse.remember(item.article, outcome)
            elif isinstance(item.copy, ExactCopy):
                # The original was remembered when its slot finished (it comes first in the input).
                outcome = reuse.derive(item.copy) or parse_now(item.article)
            else:
                probed = next(parsed) if item.copy.probe is not None else None
                outcome = None
                if not isinstance(probed, ReadFailure):
                    outcome = reuse.derive_near(item.copy, probed)
                if outcome is None:
                    outcome = parse_now(item.article)
            if isinstance(outcome, ArticleAnalysis) and item.signature:
                signatures[item.article.id] = item.signature
            yield outcome

    for chunk in chunked(items, CHUNK_SIZE):
        raws = [x for x in chunk if isinstance(x, RawDocument)]
        failed = [x for x in chunk if isinstance(x, ReadFailure)]
        cleaning.append((failed, clean(raws) if raws else _Ready([])))
        # Bounded work in flight: `in_flight` chunks being cleaned and `parse_ahead` being parsed.
        while len(cleaning) > in_flight:
            route(*_resolved(cleaning.popleft()))
        while len(parsing) > parse_ahead:
            yield from finish(parsing.popleft())
    while cleaning:
        route(*_resolved(cleaning.popleft()))
    while parsing:
        yield from finish(parsing.popleft())


def _resolved(
    entry: tuple[list[ReadFailure], _Pending[list[_Cleaned]]],
) -> tuple[list[ReadFailure], list[_Cleaned]]:
    return entry[0], entry[1].get()


# -- stage 5-6: link each batch against the store, then write it -------------------------------------


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
    import duckdb

    from newsgraph.nlp.loader import cpu_processes
    from newsgraph.sources import iter_documents
    from newsgraph.sources.web import archive_url_inputs, link_archived_pages
    from newsgraph.store.db import Store

    settings = settings or load_settings()
    workers = cpu_processes(processes if processes is not None else settings.nlp.processes)
    report = IngestReport()
    started = time.perf_counter()
    # URLs are fetched politely and archived to WARC first; the pipeline then reads the archive, so
    # every ingested web page can be rebuilt offline (sources/web/). Without URLs this does nothing.
    paths, fetched = archive_url_inputs(paths, db_path=db_path)
    report.failures += fetched.failures
    report.already_fetched = fetched.pages_skipped_known
    with Store(db_path) as store:
        store.con.execute(f"SET memory_limit = '{INGEST_DB_MEMORY}'")
        reopened_at = 0
        with contextlib.ExitStack() as stack:
            pool = stack.enter_context(worker_pool(settings, workers)) if workers > 1 else None
            documents = iter_documents(list(paths), limits=settings.limits, stdin=stdin)  # type: ignore[arg-type]
            reuse = CopyReuse(settings)
            signatures: dict[str, tuple[int, ...]] = {}
            results = analyse_stream(
                documents, settings=settings, processes=workers, reuse=reuse, signatures=signatures, pool=pool
            )
            for batch in chunked(results, settings.store.write_batch):
                analyses = [r for r in batch if isinstance(r, ArticleAnalysis)]
                failures = [r for r in batch if isinstance(r, ReadFailure)]
                report.read += len(batch)
                report.failures += failures
                batch_signatures = {
                    a.article.id: signatures.pop(a.article.id) for a in analyses if a.article.id in signatures
                }
                try:
                    link_and_write(
                        store, analyses, failures, report, signatures=batch_signatures, defer_merge=True
                    )
                except duckdb.OutOfMemoryException:
                    # Nothing of the batch was written (one transaction): again, with more memory.
                    _reopen_capped(store, ROOMY_DB_MEMORY)
                    reopened_at = report.read
                    link_and_write(
                        store, analyses, failures, report, signatures=batch_signatures, defer_merge=True
                    )
                if report.read - reopened_at >= REOPEN_EVERY_ARTICLES:
                    _reopen_capped(store)
                    reopened_at = report.read
                report.seconds = time.perf_counter() - started
                report.reused = reuse.reused
                report.probed = reuse.probed
                if on_progress:
                    on_progress(report)
            reuse.forget()
        report.stories_merged = merge_after_ingest(store, workers)
    if fetched.warc_files:
        link_archived_pages(db_path, fetched.warc_files)
    report.seconds = time.perf_counter() - started
    return report


def merge_after_ingest(store: Store, workers: int) -> int:
    """Merge every stale story's events once, after the last batch (and whatever a killed ingest left
    stale); returns how many stories. This is where an ingest's memory peaks, so it runs from a fresh
    connection under MERGE_DB_MEMORY, after the analysis workers (each holding the model, ~550 MB)
    have gone, on `workers` fresh processes that load only the merging code (none for one chunk)."""
    import duckdb

    from newsgraph.link.batch import STALE_MERGE_CHUNK, merge_stale_stories, merge_stored_reports

    _reopen_capped(store, MERGE_DB_MEMORY)
    stale = len(store.stale_story_ids())
    written = 0

    def count(done: int, _total: int) -> None:
        nonlocal written
        written = done

    with contextlib.ExitStack() as stack:
        pool: Pool | None = None
        if workers > 1 and stale > STALE_MERGE_CHUNK:
            pool = stack.enter_context(multiprocessing.get_context("forkserver").Pool(workers))

        def merge() -> int:
            return merge_stale_stories(
                store,
                submit=(lambda stories: pool.apply_async(merge_stored_reports, (stories,))) if pool else None,
                in_flight=workers,
                on_progress=count,
            )

        try:
            return merge()
        except duckdb.OutOfMemoryException:
            # Chunks already written are merged; the rest are still stale: go on with more memory.
            before = written
            _reopen_capped(store, ROOMY_DB_MEMORY)
            return before + merge()


def _reopen_capped(store: Store, memory: str = INGEST_DB_MEMORY) -> None:
    """A fresh connection for the ingest (`Store.reopen`), with its memory cap set again."""
    store.reopen()
    store.con.execute(f"SET memory_limit = '{memory}'")


def link_and_write(
    store: Store,
    analyses: list[ArticleAnalysis],
    failures: list[ReadFailure],
    report: IngestReport,
    *,
    signatures: dict[str, tuple[int, ...]] | None = None,
    defer_merge: bool = False,
    copy_candidates: CopyCandidates | None = None,
) -> None:
    """Stages 5-6 for one batch: link it against the store, write it in one transaction, count it.

    Both engines call this (the Ray engine from its driver), so they link and store identically. With
    `defer_merge`, the touched stories' events are left stale for `merge_stale_stories` after the last
    batch: merging a story costs as much as its reports, and a long story is touched by many batches.
    `copy_candidates`: the copies the Ray engine's shuffles decided (`scale/copies.py`).
    """
    from newsgraph.link.batch import link_batch

    linked = link_batch(
        store, analyses, signatures=signatures, merge_events=not defer_merge, copy_candidates=copy_candidates
    )
    store.write_batch(
        linked.records,
        failures=failures,
        story_keys=linked.story_keys,
        events_by_story=linked.events_by_story,
        stale_stories=linked.stale_stories,
    )
    report.added += len(linked.records)
    report.unchanged += linked.unchanged
    report.copies += sum(1 for r in linked.records if r.copy_kind)
    report.skipped_language += sum(1 for r in linked.records if r.analysis.skipped_reason)
    report.words += sum(len(r.analysis.article.text.split()) for r in linked.records)
    report.stories_touched |= set(linked.story_keys)

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
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from newsgraph.config import Settings, StoreSettings, load_settings
from newsgraph.model import (
    Article,
    ArticleAnalysis,
    Entity,
    EventMention,
    RawDocument,
    ReadFailure,
    Sentence,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsgraph.store.db import Store

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
ENGLISH = {"en", "und", None}
CHUNK_SIZE = 16  # documents per worker task: big enough for nlp.pipe batching, small enough to stream
# Analyses of recent originals kept in the parent so that an exact copy is not parsed again. An entry
# is ~20-40 KB of Python objects, so 2048 cost ~60 MB whatever the corpus size; wire copies arrive within
# hours of their original, i.e. within a few thousand articles of a chronological feed.
REUSE_CACHE_SIZE = 2048
WRITE_BATCH = StoreSettings().write_batch  # the default; `settings.store.write_batch` is what runs
# DuckDB's buffer pool may otherwise grow to 80% of RAM as the database grows, so the parent's memory
# would grow with the corpus; a batch's lookups and writes touch far less than this.
INGEST_DB_MEMORY = "1GB"


@dataclass
class IngestReport:
    """What an ingest did, for the CLI to print and tests to check."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    copies: int = 0
    skipped_language: int = 0
    reused: int = 0  # exact copies whose analysis was taken from their original instead of parsing
    already_fetched: int = 0  # URLs given to ingest that an earlier run fetched (not fetched again)
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


# -- exact copies: analysed once ------------------------------------------------------------------------


def _body_start(article: Article) -> int:
    """Where the body starts in `article.text`: after the title line and the blank line under it."""
    text, title = article.text, article.title
    if not title or not text.startswith(title):
        return 0
    return len(text) - len(text[len(title) :].lstrip())


def reuse_analysis(original: ArticleAnalysis, copy: Article) -> ArticleAnalysis | None:
    """The analysis of `copy`, derived from its original's when both carry the very same body.

    Offsets move by the difference in title length. What the original found inside its own title line is
    dropped, and the copy's headline gets one sentence and no annotations: entity extraction skips
    headlines anyway. None when the original's analysis cannot be carried over (another body, another
    publication date, which anchors relative dates, or a sentence straddling title and body).
    """
    source = original.article
    if original.skipped_reason or source.published != copy.published:
        return None
    old_cut, new_cut = _body_start(source), _body_start(copy)
    if source.text[old_cut:] != copy.text[new_cut:]:
        return None
    shift = new_cut - old_cut

    def kept(start: int, end: int) -> bool | None:
        """True for a span in the body, False for one in the title, None for one across both."""
        if start >= old_cut:
            return True
        return False if end <= old_cut else None

    spans = [(s.start, s.end) for s in original.sentences]
    spans += [(m.start, m.end) for m in original.mentions]
    spans += [(p.start, p.end) for p in original.places]
    spans += [(t.start, t.end) for t in original.times]
    spans += [(e.sentence_start, e.sentence_end) for e in original.events]
    verdicts = [kept(start, end) for start, end in spans]
    if None in verdicts:
        return None
    if source.text == copy.text or (shift == 0 and all(verdicts)):  # the same spans: only ids change
        return replace(
            original,
            article=copy,
            events=tuple(replace(e, article_id=copy.id) for e in original.events),
        )
    title_sentences = (Sentence(0, new_cut),) if new_cut and not all(verdicts) else ()
    sentences = title_sentences + tuple(
        Sentence(s.start + shift, s.end + shift) for s in original.sentences if s.start >= old_cut
    )
    mentions = tuple(
        replace(m, start=m.start + shift, end=m.end + shift) for m in original.mentions if m.start >= old_cut
    )
    entity_ids = {Entity.make_id(m.canonical, m.label) for m in mentions}
    return ArticleAnalysis(
        article=copy,
        sentences=sentences,
        mentions=mentions,
        entities=tuple(e for e in original.entities if e.id in entity_ids),
        places=tuple(
            replace(p, start=p.start + shift, end=p.end + shift)
            for p in original.places
            if p.start >= old_cut
        ),
        times=tuple(
            replace(t, start=t.start + shift, end=t.end + shift) for t in original.times if t.start >= old_cut
        ),
        events=tuple(
            _shifted_event(e, shift, copy.id) for e in original.events if e.sentence_start >= old_cut
        ),
    )


def _shifted_event(event: EventMention, shift: int, article_id: str) -> EventMention:
    place = event.place
    if place is not None:
        place = replace(place, start=place.start + shift, end=place.end + shift)
    return replace(
        event,
        article_id=article_id,
        sentence_start=event.sentence_start + shift,
        sentence_end=event.sentence_end + shift,
        trigger_start=event.trigger_start + shift,
        trigger_end=event.trigger_end + shift,
        place=place,
    )


@dataclass(frozen=True)
class _CopyOf:
    """An article routed away from the parser: an exact copy of an earlier one of this run."""

    article: Article
    original_hash: str


class CopyReuse:
    """Finds exact copies before parsing and derives their analyses from their originals'.

    Only this run's articles are remembered (the `REUSE_CACHE_SIZE` most recent originals); a copy of an
    article stored by an earlier run is parsed, then linked as a copy as before.
    """

    def __init__(self, settings: Settings, *, cache_size: int = REUSE_CACHE_SIZE) -> None:
        self.settings = settings
        self.cache_size = cache_size
        self.recent: OrderedDict[str, ArticleAnalysis] = OrderedDict()
        self.signatures: dict[str, tuple[int, ...] | None] = {}  # body hash -> its MinHash signature
        self.pending: dict[str, Article] = {}  # body hash -> original sent to the parser, not yet back
        self.reused = 0

    def route(self, article: Article) -> str | None:
        """The body hash of an original whose analysis `article` can take, or None to parse it."""
        if self.settings.clean.english_only_extraction and article.language not in ENGLISH:
            return None  # not parsed anyway
        key = body_hash(article)
        original = self.pending.get(key)
        if original is None and key in self.recent:
            original = self.recent[key].article
        if original is None:
            self.pending[key] = article
            return None
        # Both bodies must be the same characters and dates, not only the same normalised hash.
        if original.published == article.published and (
            original.text[_body_start(original) :] == article.text[_body_start(article) :]
        ):
            return key
        return None

    def remember(
        self,
        article: Article,
        result: ArticleAnalysis | ReadFailure,
        signature: tuple[int, ...] | None = None,
    ) -> None:
        key = body_hash(article)
        if self.pending.get(key) is article:
            del self.pending[key]
        if isinstance(result, ArticleAnalysis) and not result.skipped_reason:
            self.recent[key] = result
            self.signatures[key] = signature
            self.recent.move_to_end(key)
            while len(self.recent) > self.cache_size:
                evicted, _ = self.recent.popitem(last=False)
                self.signatures.pop(evicted, None)

    def signature(self, copy: _CopyOf) -> tuple[int, ...] | None:
        """The original's body signature: the same body has the same signature."""
        return self.signatures.get(copy.original_hash)

    def derive(self, copy: _CopyOf) -> ArticleAnalysis | None:
        original = self.recent.get(copy.original_hash)
        derived = reuse_analysis(original, copy.article) if original is not None else None
        if derived is not None:
            self.reused += 1
        return derived


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


def _worker_clean(raws: list[RawDocument]) -> list[Article | ReadFailure]:
    assert _WORKER_SETTINGS is not None
    return clean_documents(raws, _WORKER_SETTINGS)


def _worker_analyse(articles: list[Article]) -> list[_Analysed]:
    assert _WORKER_SETTINGS is not None
    return analyse_with_signatures(articles, settings=_WORKER_SETTINGS)


_Analysed = tuple[ArticleAnalysis | ReadFailure, tuple[int, ...] | None]


def analyse_with_signatures(articles: Sequence[Article], *, settings: Settings) -> list[_Analysed]:
    """`analyse_articles`, each result with its body's MinHash signature (linking needs it; computing it
    here spreads its cost over the worker processes instead of the single parent)."""
    from newsgraph.link.batch import body_signature

    return [
        (result, body_signature(result) if isinstance(result, ArticleAnalysis) else None)
        for result in analyse_articles(articles, settings=settings)
    ]


class _Ready(Generic[R]):
    """A result computed in this process, with the `get()` of a pool's AsyncResult."""

    def __init__(self, value: R) -> None:
        self.value = value

    def get(self) -> R:
        return self.value


class _Pending(Protocol[R_co]):
    def get(self) -> R_co: ...


@dataclass
class _Slot:
    """One chunk on its way through: read failures, cleaned items in order, and the parser's answer."""

    failed: list[ReadFailure]
    items: list[Article | ReadFailure | _CopyOf]
    parsed: _Pending[list[_Analysed]] | None


def analyse_stream(
    items: Iterable[RawDocument | ReadFailure],
    *,
    settings: Settings,
    processes: int,
    reuse: CopyReuse | None = None,
    signatures: dict[str, tuple[int, ...]] | None = None,
) -> Iterator[ArticleAnalysis | ReadFailure]:
    """Stages 2-4 over a stream, on `processes` worker processes, results in input order.

    Cleaning and parsing are separate pool tasks so that the parent can route exact copies away from
    the parser in between (`reuse`); chunks in flight are bounded, so the corpus is streamed. Each
    article's body signature (for near-copy detection) is put in `signatures` as it is yielded; the
    caller takes them out (`link_batch(..., signatures=...)`).
    """
    reuse = reuse if reuse is not None else CopyReuse(settings)
    signatures = signatures if signatures is not None else {}
    if processes <= 1:
        yield from _analyse_chunks(
            items,
            reuse=reuse,
            clean=lambda raws: _Ready(clean_documents(raws, settings)),
            analyse=lambda articles: _Ready(analyse_with_signatures(articles, settings=settings)),
            in_flight=0,
            signatures=signatures,
        )
        return
    # forkserver: workers start from a clean process, not from a parent holding DuckDB's threads.
    context = multiprocessing.get_context("forkserver")
    with context.Pool(processes, initializer=_worker_init, initargs=(settings,)) as pool:
        yield from _analyse_chunks(
            items,
            reuse=reuse,
            clean=lambda raws: pool.apply_async(_worker_clean, (raws,)),
            analyse=lambda articles: pool.apply_async(_worker_analyse, (articles,)),
            in_flight=processes,
            signatures=signatures,
        )


def _analyse_chunks(
    items: Iterable[RawDocument | ReadFailure],
    *,
    reuse: CopyReuse,
    clean: Callable[[list[RawDocument]], _Pending[list[Article | ReadFailure]]],
    analyse: Callable[[list[Article]], _Pending[list[_Analysed]]],
    in_flight: int,
    signatures: dict[str, tuple[int, ...]],
) -> Iterator[ArticleAnalysis | ReadFailure]:
    cleaning: deque[tuple[list[ReadFailure], _Pending[list[Article | ReadFailure]]]] = deque()
    parsing: deque[_Slot] = deque()

    def route(failed: list[ReadFailure], cleaned: list[Article | ReadFailure]) -> None:
        routed: list[Article | ReadFailure | _CopyOf] = []
        to_parse: list[Article] = []
        for item in cleaned:
            key = reuse.route(item) if isinstance(item, Article) else None
            if isinstance(item, Article) and key is not None:
                routed.append(_CopyOf(item, key))
                continue
            if isinstance(item, Article):
                to_parse.append(item)
            routed.append(item)
        parsing.append(_Slot(failed, routed, analyse(to_parse) if to_parse else None))

    def finish(slot: _Slot) -> Iterator[ArticleAnalysis | ReadFailure]:
        yield from slot.failed
        parsed = iter(slot.parsed.get() if slot.parsed else ())
        for item in slot.items:
            if isinstance(item, ReadFailure):
                yield item
            elif isinstance(item, _CopyOf):
                # The original was remembered when its slot finished; if it failed, parse the copy.
                derived = reuse.derive(item)
                outcome: ArticleAnalysis | ReadFailure
                if derived is None:
                    outcome, signature = analyse([item.article]).get()[0]
                else:
                    outcome, signature = derived, reuse.signature(item)
                if signature is not None:
                    signatures[item.article.id] = signature
                yield outcome
            else:
                result, signature = next(parsed)
                reuse.remember(item, result, signature)
                if signature is not None:
                    signatures[item.id] = signature
                yield result

    for chunk in chunked(items, CHUNK_SIZE):
        raws = [x for x in chunk if isinstance(x, RawDocument)]
        failed = [x for x in chunk if isinstance(x, ReadFailure)]
        cleaning.append((failed, clean(raws) if raws else _Ready([])))
        # Bounded work in flight: `in_flight` chunks being cleaned and twice that being parsed.
        while len(cleaning) > in_flight:
            route(*_resolved(cleaning.popleft()))
        while len(parsing) > in_flight * 2:
            yield from finish(parsing.popleft())
    while cleaning:
        route(*_resolved(cleaning.popleft()))
    while parsing:
        yield from finish(parsing.popleft())


def _resolved(
    entry: tuple[list[ReadFailure], _Pending[list[Article | ReadFailure]]],
) -> tuple[list[ReadFailure], list[Article | ReadFailure]]:
    return entry[0], entry[1].get()


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
        documents = iter_documents(list(paths), limits=settings.limits, stdin=stdin)  # type: ignore[arg-type]
        reuse = CopyReuse(settings)
        signatures: dict[str, tuple[int, ...]] = {}
        results = analyse_stream(
            documents, settings=settings, processes=workers, reuse=reuse, signatures=signatures
        )
        for batch in chunked(results, settings.store.write_batch):
            analyses = [r for r in batch if isinstance(r, ArticleAnalysis)]
            failures = [r for r in batch if isinstance(r, ReadFailure)]
            report.read += len(batch)
            report.failures += failures
            batch_signatures = {
                a.article.id: signatures.pop(a.article.id) for a in analyses if a.article.id in signatures
            }
            link_and_write(store, analyses, failures, report, signatures=batch_signatures)
            report.seconds = time.perf_counter() - started
            report.reused = reuse.reused
            if on_progress:
                on_progress(report)
    if fetched.warc_files:
        link_archived_pages(db_path, fetched.warc_files)
    report.seconds = time.perf_counter() - started
    return report


def link_and_write(
    store: Store,
    analyses: list[ArticleAnalysis],
    failures: list[ReadFailure],
    report: IngestReport,
    *,
    signatures: dict[str, tuple[int, ...]] | None = None,
) -> None:
    """Stages 5-6 for one batch: link it against the store, write it in one transaction, count it.

    Both engines call this (the Ray engine from its driver), so they link and store identically.
    """
    from newsgraph.link.batch import link_batch

    linked = link_batch(store, analyses, signatures=signatures)
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

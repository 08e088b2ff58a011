"""`newsgraph ingest --engine ray`: stages 1-4 on Ray Data, copies and the event merge as shuffles,
the rest of stages 5-6 in the driver.

1. read     inputs planned in order (`inputs.plan_inputs`); reader files one per task, Parquet through
            `ray.data.read_parquet`; every row is one pickled `RawDocument | ReadFailure`
            (`read_dataset`, which the copy pass and the analysis both start from)
c. copies   before the analysis: the rows cleaned only (no spaCy), numbered in input order by the
            driver, then `groupby(body_hash)` for exact copies and `groupby(band_key)` for near ones
            (`copies.py`); the result names, for each new article that copies, the article it copies
2-4. analyse `map_batches` over an actor pool: `ArticleAnalyser` loads the spaCy model once per actor
            and calls the pipeline's `clean_and_analyse`; rows become pickled `ArticleAnalysis`
5-6. link + store, in the driver, over the analysed stream in input order (`preserve_order`), through
            the same `link_batch` and `Store.write_batch` as the local path, in batches of the same size;
            `link_batch` takes the copies found in step c instead of looking them up; each batch's
            stories are left stale, their reports stored unmerged
7. merge    after the last batch, every stale story's events on the cluster: `groupby(story_id)
            .map_groups(...)` over the stored reports (`shuffle.py`), written back by the driver

Event merging never crosses stories, and a copy only looks back at articles sharing its body hash or
a band key, so both shuffles are exact: step c gives what `link_batch`'s own lookups give, for the
same batches (`tests/scale/test_copy_shuffle.py`). Stories and rewrites stay in the driver: an article
joins the best story among those sharing its keys *at that time*, and a story's keys grow as articles
join it, so the answer depends on every article before it, not only on those sharing a key; a rewrite
is looked for among its story's reports. A single ordered writer is identical to the local path by
construction; docs/SCALING.md gives its ceiling and the grouped design after it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.config import Limits, Settings, StoreSettings, load_settings
from newsgraph.errors import PipelineError
from newsgraph.link.batch import CopyCandidates
from newsgraph.model import ArticleAnalysis, RawDocument, ReadFailure
from newsgraph.pipeline import IngestReport, chunked, link_and_write
from newsgraph.scale.inputs import (
    ITEM_COLUMN,
    InputPart,
    decode_items,
    encode_items,
    parquet_record,
    plan_inputs,
    read_input_file,
)

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from ray.data import Dataset


# Documents per actor call: as pipeline.CHUNK_SIZE, big enough for nlp.pipe batching, small enough
# that two actors stay busy on a few hundred documents.
ANALYSE_BATCH = 16
# Articles per link+store transaction: the local path's batch size, so both engines cut the same batches.
LINK_BATCH = StoreSettings().write_batch  # the local engine's transaction size, so batches match
# Reading is ~1% of the parse cost (PERFORMANCE-NOTES: trafilatura and readers vs spaCy), so read
# tasks take no CPU slot of their own; two at a time keep the actor pool fed.
READ_CONCURRENCY = 2


@dataclass
class AnalyseTiming:
    """What `analyse_only` measured; the first result comes after the actors have loaded their models."""

    documents: int = 0
    words: int = 0
    seconds: float = 0.0
    first_result_seconds: float = 0.0


def start_ray(*, address: str | None, num_cpus: int) -> bool:
    """Connect to `address`, or start a local instance; True when this call started (and owns) it."""
    import ray

    if ray.is_initialized():
        return False
    # No usage report and no dashboard: nothing leaves the machine, nothing is fetched.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    else:
        ray.init(
            num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
        )
    return True


def cluster_cpus() -> int:
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]


class ArticleAnalyser:
    """One actor of the pool: the model loaded once, then stages 2-4 on each batch of rows."""

    def __init__(self, settings: Settings) -> None:
        from newsgraph.nlp import load_model

        self.settings = settings
        load_model()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[bytes]]:
        from newsgraph.pipeline import clean_and_analyse

        items = decode_items(batch[ITEM_COLUMN])
        raws = [item for item in items if isinstance(item, RawDocument)]
        analysed = iter(clean_and_analyse(raws, self.settings)) if raws else iter(())
        # Failures from reading pass through in place, so the driver sees the input order.
        return {ITEM_COLUMN: encode_items(next(analysed) if isinstance(i, RawDocument) else i for i in items)}


def read_files_batch(batch: dict[str, np.ndarray], *, limits: Limits) -> dict[str, list[bytes]]:
    """A batch of file paths -> one row per document (or failure) in those files, in order."""
    items: list[RawDocument | ReadFailure] = []
    for path in batch["path"]:
        items += read_input_file(str(path), limits=limits)
    return {ITEM_COLUMN: encode_items(items)}


def parquet_batch(batch: pa.Table) -> dict[str, list[bytes]]:
    """Rows of a Parquet file (with the JSONL fields) -> one pickled RawDocument or failure each."""
    return {
        ITEM_COLUMN: encode_items(parquet_record(row, path=str(row["path"])) for row in batch.to_pylist())
    }


def read_dataset(parts: Sequence[InputPart], *, settings: Settings) -> Dataset | None:
    """The lazy Ray dataset of read rows (pickled `RawDocument | ReadFailure`), in input order; None when
    there is nothing to read. The analysis and the copy pass (`copies.py`) both start from it."""
    import ray.data

    readers = ray.data.TaskPoolStrategy(size=READ_CONCURRENCY)
    pieces: list[Dataset] = []
    for part in parts:
        if part.kind == "files" and part.paths:
            pieces.append(
                ray.data.from_items([{"path": p} for p in part.paths]).map_batches(
                    functools.partial(read_files_batch, limits=settings.limits),
                    batch_size=1,
                    batch_format="numpy",
                    num_cpus=0,
                    compute=readers,
                )
            )
        elif part.kind == "parquet" and part.paths:
            read = ray.data.read_parquet(part.paths, include_paths=True, ray_remote_args={"num_cpus": 0})
            pieces.append(
                read.map_batches(parquet_batch, batch_format="pyarrow", num_cpus=0, compute=readers)
            )
        elif part.kind == "items" and part.items:
            pieces.append(ray.data.from_items([{ITEM_COLUMN: b} for b in encode_items(part.items)]))
    if not pieces:
        return None
    return pieces[0].union(*pieces[1:]) if len(pieces) > 1 else pieces[0]


def build_dataset(parts: Sequence[InputPart], *, settings: Settings, workers: int) -> Dataset | None:
    """The lazy Ray dataset of analysed rows, in input order; None when there is nothing to read."""
    import ray.data

    dataset = read_dataset(parts, settings=settings)
    if dataset is None:
        return None
    return dataset.map_batches(
        ArticleAnalyser,
        fn_constructor_kwargs={"settings": settings},
        batch_size=ANALYSE_BATCH,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )


def configure_ray_data(*, quiet: bool) -> None:
    """Ray Data as every stage here needs it: results in input order, progress bars unless `quiet`."""
    from ray.data import DataContext

    if quiet:  # first: turning the progress bars off is itself logged as a warning
        logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = DataContext.get_current()
    # The driver links articles in input order: the same order as the local path, the same result.
    context.execution_options.preserve_order = True
    context.enable_progress_bars = not quiet


def analysed_items(dataset: Dataset) -> Iterator[ArticleAnalysis | ReadFailure]:
    for batch in dataset.iter_batches(batch_size=LINK_BATCH, batch_format="numpy"):
        for item in decode_items(batch[ITEM_COLUMN]):
            if isinstance(item, RawDocument):  # pragma: no cover - the actor stage analyses every document
                raise PipelineError(f"document {item.origin} left the actor pool unanalysed")
            yield item


def ray_ingest(
    paths: Sequence[str],
    *,
    db_path: str,
    settings: Settings | None = None,
    workers: int | None = None,
    address: str | None = None,
    parquet_out: str | Path | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
    stdin: object | None = None,
    quiet: bool = True,
) -> IngestReport:
    """Ingest `paths` (local paths, folders, globs, object-store URIs, Parquet) on Ray into `db_path`.

    `workers` analysing actors (default: one per core locally, one per cluster CPU with `address`).
    With `parquet_out`, the store is also written as Parquet partitions there (`partitions.py`).
    """
    import ray

    from newsgraph.nlp.loader import cpu_processes
    from newsgraph.scale.copies import find_copy_candidates
    from newsgraph.scale.shuffle import merge_stale_stories_on_ray
    from newsgraph.store.db import Store

    settings = settings or load_settings()
    started = time.perf_counter()
    report = IngestReport()
    parts = plan_inputs(list(paths), limits=settings.limits, stdin=stdin)
    requested = workers if workers is not None else settings.nlp.processes
    owns_ray = start_ray(address=address, num_cpus=cpu_processes(requested))
    try:
        configure_ray_data(quiet=quiet)
        # More actors than CPUs would wait forever for a slot: the pool is capped at the cluster's size.
        pool = min(requested, cluster_cpus()) if requested > 0 else cluster_cpus()
        read = read_dataset(parts, settings=settings)
        dataset = build_dataset(parts, settings=settings, workers=pool)
        with Store(db_path) as store:
            copies = CopyCandidates()
            if read is not None:
                copies = find_copy_candidates(
                    read, store=store, settings=settings, batch_size=LINK_BATCH, partitions=cluster_cpus()
                )
            stream = analysed_items(dataset) if dataset is not None else iter(())
            # On an error mid-stream, Ray Data's executor must stop before Ray shuts down: its threads
            # would otherwise start a new local Ray to go on, and the process would never exit.
            with contextlib.closing(stream) if isinstance(stream, Generator) else contextlib.nullcontext():
                for batch in chunked(stream, LINK_BATCH):
                    analyses = [r for r in batch if isinstance(r, ArticleAnalysis)]
                    failures = [r for r in batch if isinstance(r, ReadFailure)]
                    report.read += len(batch)
                    report.failures += failures
                    link_and_write(
                        store, analyses, failures, report, defer_merge=True, copy_candidates=copies
                    )
                    copies.forget(a.article.id for a in analyses)
                    report.seconds = time.perf_counter() - started
                    if on_progress:
                        on_progress(report)
            report.stories_merged = merge_stale_stories_on_ray(store, partitions=cluster_cpus())
    except ray.exceptions.RayError as exc:
        raise PipelineError(f"the Ray run failed: {exc}", hint="see the Ray logs under /tmp/ray") from exc
    finally:
        if owns_ray:
            ray.shutdown()
    if parquet_out is not None:
        from newsgraph.scale.partitions import write_partitions

        write_partitions(db_path, parquet_out)
    report.seconds = time.perf_counter() - started
    return report


def analyse_only(paths: Sequence[str], *, settings: Settings, workers: int) -> AnalyseTiming:
    """Stages 1-4 alone on a running Ray, timed. For the scaling benchmark."""
    parts = plan_inputs(list(paths), limits=settings.limits)
    configure_ray_data(quiet=True)
    dataset = build_dataset(parts, settings=settings, workers=workers)
    timing = AnalyseTiming()
    started = time.perf_counter()
    if dataset is not None:
        for item in analysed_items(dataset):
            if not timing.documents:
                timing.first_result_seconds = time.perf_counter() - started
            timing.documents += 1
            if isinstance(item, ArticleAnalysis):
                timing.words += len(item.article.text.split())
    timing.seconds = time.perf_counter() - started
    return timing

"""Exact and near copies of `--engine ray` as two Ray Data shuffles, decided before the analysis.

`link.batch.link_batch` decides, per new article in input order, whether it copies an earlier one:
exactly (the same `body_hash`) or nearly (estimated Jaccard >= NEAR_THRESHOLD with an earlier article
sharing one of its 20 LSH band keys; the highest wins, ties to the first it visits). Both look only
backwards in input order and only at articles sharing a key, so every article's answer can be found at
once, grouped by that key:

1. copy pass  the planned inputs read again (`runner.read_dataset`) and cleaned only, no spaCy
              (`pipeline.clean_with_signatures`), in Ray tasks: per item its article id, body hash,
              signature and band keys. The driver numbers the rows in input order, read failures
              included, so that a row's `seq` is its place in the stream the driver links and
              `seq // batch_size` its link batch; it drops articles already stored and ids repeated in
              the input (link_batch skips both as unchanged), and adds the stored articles that share a
              body hash or a band key with the new ones (two queries per chunk of COPY_CHUNK rows)
2. exact      `groupby(body_hash).map_groups(exact_originals)`: stored rows first, by their stored seq,
              then new ones by input seq; a new article's original is its group's first member
3. near       band keys exploded, `groupby(band_key).map_groups(near_matches)`: within a bucket each
              new article against every earlier member; of those at or above NEAR_THRESHOLD, the one
              `_find_copy` would pick (`visit_key`: highest similarity, then articles of other batches
              by seq, then its own batch's by band and order). One row per article and bucket, and
              the driver keeps each article's best over its buckets, so pairs sharing several bands
              count once
4. the result, a `link.batch.CopyCandidates`, goes to `link_batch`, which resolves each named article's
   own original (stored, or first-pass in the same batch) as `_find_copy` does. An article named but
   never linked (cleaned, then its analysis failed) sends the article that named it back to the store
   lookups, so the answer is the local path's in that case too.

Buckets are not capped, as the local path compares every stored article sharing a band: a bucket of n
members costs n^2/2 signature comparisons (numpy, one new article against all earlier members at a
time). The driver holds the ids seen in the run (to drop repeats, ~120 bytes an article) and then the
answer (~180 bytes per new article that copies); docs/SCALING.md says how both would be sharded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from newsgraph.config import Settings
from newsgraph.copy_reuse import body_hash
from newsgraph.errors import PipelineError
from newsgraph.link.batch import CopyCandidates
from newsgraph.link.copies import NEAR_THRESHOLD, band_keys
from newsgraph.model import Article, RawDocument
from newsgraph.pipeline import clean_with_signatures
from newsgraph.scale.inputs import ITEM_COLUMN, decode_items

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from ray.data import Dataset

    from newsgraph.store.db import Store

# Documents per copy-pass task: cleaning and MinHash only (~15 ms a document for the signature), so
# larger than the analysis batches (16), to keep the per-task overhead small.
COPY_PASS_BATCH = 64
# Copy-pass rows per driver chunk: each chunk costs two store queries and two objects put in the
# object store; 4,096 rows are ~5 MB of signatures.
COPY_CHUNK = 4096

# Both groupbys use Ray's sort-based pull shuffle, not its default hash shuffle: it starts no aggregator
# actors, so a groupby of the test corpus (a few hundred rows) takes ~0.05 s warm instead of 1-3 s, paid
# on every ingest. For inputs far beyond one machine's object store, "sort_shuffle_push_based" is Ray's
# choice for large sort shuffles.
COPY_SHUFFLE = "sort_shuffle_pull_based"

# A near match's place in `_find_copy`'s visiting order, after the similarity (higher first):
# (in the article's own batch, its band there, new rather than stored, seq).
VisitKey = tuple[float, bool, int, bool, int]


def copy_row_schema() -> pa.Schema:
    """What the copy pass gives per read item; a failure has no id."""
    import pyarrow as pa

    return pa.schema(
        [
            ("article_id", pa.string()),
            ("body_hash", pa.string()),
            ("signature", pa.list_(pa.int64())),
            ("band_keys", pa.list_(pa.string())),
        ]
    )


def exact_row_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [("body_hash", pa.string()), ("stored", pa.bool_()), ("seq", pa.int64()), ("article_id", pa.string())]
    )


def near_row_schema() -> pa.Schema:
    """One article with the band keys it is grouped by (exploded on the cluster)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("article_id", pa.string()),
            ("stored", pa.bool_()),
            ("seq", pa.int64()),
            ("signature", pa.list_(pa.int64())),
            ("band_keys", pa.list_(pa.string())),
        ]
    )


def exact_result_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([("article_id", pa.string()), ("original_id", pa.string())])


def near_result_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("article_id", pa.string()),
            ("candidate_id", pa.string()),
            ("similarity", pa.float64()),
            ("in_batch", pa.bool_()),
            ("band", pa.int64()),
            ("candidate_stored", pa.bool_()),
            ("candidate_seq", pa.int64()),
        ]
    )


# -- 1. the copy pass --------------------------------------------------------------------------------


def copy_rows_batch(batch: dict[str, np.ndarray], *, settings: Settings) -> pa.Table:
    """Read rows -> one copy row per item, in order: cleaned as the analysis cleans, not parsed."""
    import pyarrow as pa

    items = decode_items(batch[ITEM_COLUMN])
    cleaned = iter(clean_with_signatures([i for i in items if isinstance(i, RawDocument)], settings))
    columns: dict[str, list[Any]] = {name: [] for name in copy_row_schema().names}
    for item in items:
        article, signature = next(cleaned) if isinstance(item, RawDocument) else (None, ())
        row: tuple[str | None, str | None, list[int], list[str]]
        if isinstance(article, Article):
            row = (article.id, body_hash(article), list(signature), list(band_keys(signature)))
        else:  # a failure keeps its place in the count, as it does in the stream the driver links
            row = (None, None, [], [])
        for name, value in zip(columns, row, strict=True):
            columns[name].append(value)
    return pa.table(columns, schema=copy_row_schema())


def numbered_new_rows(table: pa.Table, *, start: int, seen: set[str], stored: set[str]) -> pa.Table:
    """A chunk of copy rows -> its new articles with their input position `seq` (from `start`).

    Failures, stored articles and ids seen earlier in the run are dropped (`seen` is updated): link_batch
    skips them as unchanged, so they are neither copies nor originals of this run's articles.
    """
    import pyarrow as pa

    kept: list[int] = []
    for offset, article_id in enumerate(table["article_id"].to_pylist()):
        if article_id is None or article_id in stored or article_id in seen:
            continue
        seen.add(article_id)
        kept.append(offset)
    return table.take(pa.array(kept, pa.int64())).append_column(
        "seq", pa.array([start + k for k in kept], pa.int64())
    )


def stored_exact_rows(store: Store, hashes: Iterable[str]) -> pa.Table:
    """Per body hash, the earliest stored article with it: the only stored one a new article can name."""
    wanted = list(set(hashes))
    if not wanted:
        return exact_row_schema().empty_table()
    table = store.con.sql(
        """SELECT body_hash, true AS stored, min(seq) AS seq, arg_min(id, seq) AS article_id
           FROM articles WHERE list_contains(?, body_hash) GROUP BY body_hash""",
        params=[wanted],
    ).to_arrow_table()
    return table.cast(exact_row_schema())


def stored_band_rows(store: Store, keys: pa.Array) -> pa.Table:
    """The stored articles holding any of `keys` (the store's `article_bands` joined to `articles`),
    each with the keys of `keys` it holds."""
    import pyarrow as pa

    wanted = pa.table({"band_key": keys.unique()})
    if not len(wanted):
        return near_row_schema().empty_table()
    store.con.register("_copy_band_keys", wanted)
    try:
        table = store.con.sql(
            """SELECT a.id AS article_id, true AS stored, a.seq,
                      coalesce(any_value(a.signature)::BIGINT[], []::BIGINT[]) AS signature,
                      list(b.band_key) AS band_keys
               FROM _copy_band_keys w JOIN article_bands b ON b.band_key = w.band_key
               JOIN articles a ON a.id = b.article_id
               GROUP BY a.id, a.seq"""
        ).to_arrow_table()
    finally:
        store.con.unregister("_copy_band_keys")
    return table.cast(near_row_schema())


# -- 2. exact copies ---------------------------------------------------------------------------------


def _members(group: pa.Table) -> list[dict[str, Any]]:
    """A group's rows in linking order (stored by seq, then new by input seq), each article once: the
    same stored article may come with several chunks."""
    members: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in sorted(group.to_pylist(), key=lambda row: (not row["stored"], row["seq"])):
        if row["article_id"] not in seen:
            seen.add(row["article_id"])
            members.append(row)
    return members


def exact_originals(group: pa.Table) -> pa.Table:
    """One body hash's members -> (article, original) for every new member after the first."""
    import pyarrow as pa

    members = _members(group)
    copies = [m["article_id"] for m in members[1:] if not m["stored"]]
    return pa.table(
        {"article_id": copies, "original_id": [members[0]["article_id"]] * len(copies)},
        schema=exact_result_schema(),
    )


# -- 3. near copies ----------------------------------------------------------------------------------


def explode_band_keys(batch: pa.Table) -> pa.Table:
    """One row per (article, band key): the rows `groupby(band_key)` buckets."""
    import pyarrow.compute as pc

    keys = batch["band_keys"]
    return (
        batch.drop_columns(["band_keys"])
        .take(pc.list_parent_indices(keys))
        .append_column("band_key", pc.list_flatten(keys))
    )


def visit_key(
    similarity: float, *, in_batch: bool, band: int, candidate_stored: bool, candidate_seq: int
) -> VisitKey:
    """Smallest wins: `_find_copy` keeps the highest similarity and, among equals, the first it visits:
    stored articles (every batch before the article's own) by seq, then its own batch's articles in
    the order of the first band they share with it, then by input order."""
    return (-similarity, in_batch, band if in_batch else 0, not candidate_stored, candidate_seq)


def near_matches(group: pa.Table, *, batch_size: int) -> pa.Table:
    """One band bucket -> per new member, its best match among the earlier members, if any is at or
    above NEAR_THRESHOLD (`estimated_jaccard`, computed here with numpy on the whole bucket)."""
    import numpy as np
    import pyarrow as pa

    members = _members(group)
    out: dict[str, list[Any]] = {name: [] for name in near_result_schema().names}
    if len(members) < 2:
        return pa.table(out, schema=near_result_schema())
    band = int(str(members[0]["band_key"]).split(":", 1)[0])
    lengths = np.array([len(m["signature"]) for m in members])
    # Padding differs per row so that it never matches; rows of another length are masked below.
    signatures = np.array(
        [
            list(m["signature"]) + [-1 - i] * (int(lengths.max()) - len(m["signature"]))
            for i, m in enumerate(members)
        ],
        dtype=np.int64,
    )
    for i, member in enumerate(members):
        if member["stored"] or i == 0:
            continue
        equal = (signatures[:i] == signatures[i]).sum(axis=1)
        # As `estimated_jaccard`: equal values / length (int / int, the same float), 0 across lengths.
        similarities = np.where(lengths[:i] == lengths[i], equal / max(int(lengths[i]), 1), 0.0)
        best: tuple[VisitKey, int] | None = None
        for j in np.flatnonzero(similarities >= NEAR_THRESHOLD):
            other = members[j]
            in_batch = not other["stored"] and other["seq"] // batch_size == member["seq"] // batch_size
            key = visit_key(
                int(equal[j]) / int(lengths[i]),
                in_batch=in_batch,
                band=band,
                candidate_stored=other["stored"],
                candidate_seq=other["seq"],
            )
            if best is None or key < best[0]:
                best = (key, int(j))
        if best is None:
            continue
        other = members[best[1]]
        row = (
            member["article_id"],
            other["article_id"],
            -best[0][0],
            best[0][1],
            band,
            other["stored"],
            other["seq"],
        )
        for name, value in zip(out, row, strict=True):
            out[name].append(value)
    return pa.table(out, schema=near_result_schema())


# -- the driver --------------------------------------------------------------------------------------


def _tables(dataset: Dataset, *, batch_size: int = 1024) -> Iterator[pa.Table]:
    yield from cast("Iterator[pa.Table]", dataset.iter_batches(batch_size=batch_size, batch_format="pyarrow"))


def find_copy_candidates(
    read: Dataset, *, store: Store, settings: Settings, batch_size: int, partitions: int
) -> CopyCandidates:
    """The copies of every new article in `read` (the runner's read rows), for link batches of
    `batch_size` items cut from the same stream; shuffles of `partitions` partitions."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import ray
    from ray.data import DataContext

    if not DataContext.get_current().execution_options.preserve_order:
        # The driver numbers rows as they come: in any other order, `seq` is not the input position.
        raise PipelineError("the copy pass needs Ray Data's preserve_order (runner.configure_ray_data)")
    rows = read.map_batches(
        functools.partial(copy_rows_batch, settings=settings),
        batch_size=COPY_PASS_BATCH,
        batch_format="numpy",
        num_cpus=1,
    )
    exact_refs, near_refs = [], []
    seen: set[str] = set()
    position = 0
    for table in _tables(rows, batch_size=COPY_CHUNK):
        stored = store.existing_article_ids(i for i in table["article_id"].to_pylist() if i is not None)
        new = numbered_new_rows(table, start=position, seen=seen, stored=stored)
        position += table.num_rows
        if not new.num_rows:
            continue
        new = new.append_column("stored", pa.array([False] * new.num_rows))
        exact = new.select(exact_row_schema().names).cast(exact_row_schema())
        near = new.select(near_row_schema().names).cast(near_row_schema())
        stored_exact = stored_exact_rows(store, new["body_hash"].to_pylist())
        stored_near = stored_band_rows(store, pc.list_flatten(new["band_keys"]))
        exact_refs.append(ray.put(pa.concat_tables([stored_exact, exact])))
        near_refs.append(ray.put(pa.concat_tables([stored_near, near])))
    if not exact_refs:
        return CopyCandidates()
    exact = exact_originals_of(exact_refs, partitions=partitions)
    near = near_matches_of(near_refs, batch_size=batch_size, partitions=partitions)
    # An exact copy is a near one too (similarity 1), but link_batch never looks past its exact original.
    return CopyCandidates(exact=exact, near={a: c for a, c in near.items() if a not in exact})


def exact_originals_of(refs: list[Any], *, partitions: int) -> dict[str, str]:
    """Shuffle 1 over the exact rows in the object store: article id -> its exact original."""
    import ray.data

    rows = ray.data.from_arrow_refs(refs)
    rows.context.shuffle_strategy = COPY_SHUFFLE  # this dataset's own context, not the global one
    dataset = rows.groupby("body_hash", num_partitions=max(1, partitions)).map_groups(
        exact_originals, batch_format="pyarrow"
    )
    found: dict[str, str] = {}
    for batch in _tables(dataset):
        found.update(zip(batch["article_id"].to_pylist(), batch["original_id"].to_pylist(), strict=True))
    return found


def near_matches_of(refs: list[Any], *, batch_size: int, partitions: int) -> dict[str, str]:
    """Shuffle 2 over the near rows in the object store: article id -> the near match `_find_copy`
    would pick, the best of its buckets' best."""
    import ray.data

    rows = ray.data.from_arrow_refs(refs)
    rows.context.shuffle_strategy = COPY_SHUFFLE
    dataset = (
        rows.map_batches(explode_band_keys, batch_format="pyarrow")
        .groupby("band_key", num_partitions=max(1, partitions))
        .map_groups(functools.partial(near_matches, batch_size=batch_size), batch_format="pyarrow")
    )
    best: dict[str, tuple[VisitKey, str]] = {}
    for batch in _tables(dataset):
        for row in batch.to_pylist():
            key = visit_key(
                row["similarity"],
                in_batch=row["in_batch"],
                band=row["band"],
                candidate_stored=row["candidate_stored"],
                candidate_seq=row["candidate_seq"],
            )
            if row["article_id"] not in best or key < best[row["article_id"]][0]:
                best[row["article_id"]] = (key, row["candidate_id"])
    return {article_id: candidate for article_id, (_, candidate) in best.items()}

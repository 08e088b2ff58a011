"""The final event merge of `--engine ray` as a Ray Data shuffle grouped by story.

Event merging never crosses stories, so `groupby(story_id).map_groups(...)` over the stories' stored
reports gives exactly what `link.batch.merge_stored_reports` gives in one process:

1. the driver reads a chunk of stale stories' reports (`Store.stored_reports`) and turns them into
   rows: one per report with its position in the story, plus one per story carrying its copy map
2. `groupby("story_id").map_groups(merge_story_group)` on the cluster: each group is one story's
   rows, put back in story order and merged by `merge_stored_reports`; out comes one row per story,
   its merged events pickled
3. the driver streams the results back and stays the only writer: `link.batch.merge_stale_stories`
   writes each chunk of stories in one transaction (`Store.replace_merged_events`), so a crash leaves
   the unwritten chunks stale for the next ingest

`GroupedMerge` is the `submit` that `merge_stale_stories` takes: it gathers several submitted chunks
into one dataset, since every shuffle has a fixed cost.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newsgraph.errors import PipelineError
from newsgraph.link.batch import StoredReports, merge_stale_stories, merge_stored_reports
from newsgraph.model import Event

if TYPE_CHECKING:
    import pyarrow as pa

    from newsgraph.store.db import Store

# Chunks of `link.batch.STALE_MERGE_CHUNK` (512) stories per shuffle, so ~4,000 stories per dataset.
# A groupby costs ~1-2 s even on a warm local Ray (7-8 s for the first, which starts the shuffle's
# aggregator actors; 2 CPUs here): one per 512-story chunk would cost more than merging does. The
# driver holds one dataset's reports and merged events at a time, which bounds its memory.
CHUNKS_PER_SHUFFLE = 8
# The row of a story that carries its copy map (JSON) instead of a report; sorts before the reports.
COPY_MAP_POSITION = -1


def merge_stale_stories_on_ray(store: Store, *, partitions: int) -> int:
    """`merge_stale_stories` with the merging done on the cluster, in shuffles of `partitions`
    partitions (the cluster's CPUs); returns how many stories were merged. No stale story, no dataset."""
    return merge_stale_stories(
        store, submit=GroupedMerge(partitions=partitions), in_flight=CHUNKS_PER_SHUFFLE - 1
    )


def report_rows(stories: StoredReports) -> pa.Table:
    """Stored reports -> the rows the shuffle groups: (story id, position, report JSON) per report, and
    (story id, -1, copy map JSON) per story, so a story without reports still comes back (no events)."""
    import pyarrow as pa

    story_ids: list[str] = []
    positions: list[int] = []
    payloads: list[str] = []
    for story_id, (reports, copy_map) in stories.items():
        story_ids += [story_id] * (len(reports) + 1)
        positions += range(COPY_MAP_POSITION, len(reports))
        payloads += [json.dumps(copy_map), *reports]
    return pa.table(
        {"story_id": story_ids, "position": positions, "payload": payloads},
        schema=pa.schema([("story_id", pa.string()), ("position", pa.int64()), ("payload", pa.string())]),
    )


def merge_story_group(group: pa.Table) -> dict[str, list[Any]]:
    """One story's rows (in any order: the shuffle sorts by key only) -> its merged events, pickled."""
    rows = sorted(group.to_pylist(), key=lambda row: row["position"])
    story_id = rows[0]["story_id"]
    copy_map = json.loads(rows[0]["payload"])
    merged = merge_stored_reports({story_id: ([row["payload"] for row in rows[1:]], copy_map)})
    return {
        "story_id": [story_id],
        "events": [pickle.dumps(merged[story_id], protocol=pickle.HIGHEST_PROTOCOL)],
    }


def merged_stream(tables: list[pa.Table], *, partitions: int) -> Iterator[tuple[str, list[Event]]]:
    """(story id, merged events) for every story in `tables`, as the cluster finishes them."""
    import ray.data

    dataset = (
        ray.data.from_arrow(tables)
        .groupby("story_id", num_partitions=partitions)
        .map_groups(merge_story_group, batch_format="pyarrow")
    )
    for batch in dataset.iter_batches(batch_size=256, batch_format="numpy"):
        for story_id, blob in zip(batch["story_id"], batch["events"], strict=True):
            # Only rows this merge pickled itself are unpickled (never user input).
            yield str(story_id), pickle.loads(bytes(blob))


class GroupedMerge:
    """The `submit` of `merge_stale_stories`: chunks are held until one is asked for, then every
    waiting chunk goes into one dataset, whose results are handed to their chunks as they stream back."""

    def __init__(self, *, partitions: int) -> None:
        self.partitions = max(1, partitions)
        self.waiting: list[PendingChunk] = []
        self.stream: Iterator[tuple[str, list[Event]]] = iter(())
        self.awaited: dict[str, PendingChunk] = {}  # story id -> its chunk, for the running dataset

    def __call__(self, stories: StoredReports) -> PendingChunk:
        chunk = PendingChunk(self, report_rows(stories), list(stories))
        if stories:
            self.waiting.append(chunk)
        return chunk

    def collect(self, chunk: PendingChunk) -> None:
        """Pull results until `chunk` has all its stories, starting a dataset if it is not in one."""
        if chunk.rows is not None:
            self.launch()
        while chunk.missing:
            try:
                story_id, events = next(self.stream)
            except StopIteration:
                raise PipelineError(
                    f"the grouped event merge returned no result for {len(chunk.missing)} stories",
                    hint="they stay stale and are merged by the next ingest",
                ) from None
            self.awaited.pop(story_id).receive(story_id, events)

    def launch(self) -> None:
        # A chunk asked for out of order may leave the running dataset unfinished: drain it first.
        for story_id, events in self.stream:
            self.awaited.pop(story_id).receive(story_id, events)
        tables = []
        for chunk in self.waiting:
            tables.append(chunk.rows)
            chunk.rows = None  # in the object store from here on
            self.awaited.update(dict.fromkeys(chunk.missing, chunk))
        self.waiting.clear()
        self.stream = merged_stream([t for t in tables if t is not None], partitions=self.partitions)


class PendingChunk:
    """One submitted chunk of stories; `get` gives story id -> merged events once all have come back."""

    def __init__(self, merge: GroupedMerge, rows: pa.Table, story_ids: list[str]) -> None:
        self.merge = merge
        self.rows: pa.Table | None = rows
        self.story_ids = story_ids
        self.missing = set(story_ids)
        self.merged: dict[str, list[Event]] = {}

    def receive(self, story_id: str, events: list[Event]) -> None:
        self.merged[story_id] = events
        self.missing.discard(story_id)

    def get(self) -> dict[str, list[Event]]:
        """Blocks until every story of the chunk is merged; in the chunk's story order, as locally."""
        if self.missing:
            self.merge.collect(self)
        return {story_id: self.merged[story_id] for story_id in self.story_ids}

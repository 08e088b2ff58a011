"""Linking one batch of analysed articles against the store: copies, stories, merged events.

A batch asks the store for everything it needs in a few set-at-a-time queries (body hashes, LSH band
keys, story keys, the stories' latest reports), never one per article and never all pairs: only
articles sharing a band key, and stories sharing a key, are compared. DuckDB answers each query with a
hash join over a scan of the key column (its ART indexes are used for point lookups only), so a batch's
query time grows slowly with the corpus (~10 ms per million band-key rows here) while the comparisons
stay those of the articles that resemble it. A story's events are merged once per ingest, after the
last batch (`merge_stale_stories`), not after every batch that touches the story.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from newsgraph.link.copies import (
    NEAR_THRESHOLD,
    band_keys,
    content_fingerprint,
    estimated_jaccard,
    is_rewrite,
    minhash_signature,
)
from newsgraph.link.entities import resolve_short_names
from newsgraph.link.stories import StoryAssigner, StoryState, article_keys, keys_worth_looking_up
from newsgraph.model import ArticleAnalysis, Event, EventMention

if TYPE_CHECKING:
    from newsgraph.store.db import ArticleRecord, Store


# A new report is checked for being a rewrite of the story's latest stored reports only: rewrites are
# published within hours of their source, and a story of thousands of reports would otherwise cost every
# new report thousands of comparisons. 500 is far above the sample corpus's stories (at most 4 reports).
REWRITE_CANDIDATES = 500


@dataclass
class CopyCandidates:
    """Copies decided for a whole run before linking, by article id (the Ray engine's copy shuffles,
    `scale/copies.py`); `link_batch` takes them instead of its own body-hash and band lookups.

    `exact`: the earliest earlier article with the same body. `near`: the earlier article `_find_copy`
    would pick among those sharing a band key, for the same link batches: the highest estimated Jaccard
    >= NEAR_THRESHOLD, ties to the first it visits (other batches' articles by seq, then this batch's by
    band and order). Each names the matching article only: its own original is resolved while linking.
    """

    exact: dict[str, str] = field(default_factory=dict)
    near: dict[str, str] = field(default_factory=dict)

    def named(self, article_ids: Iterable[str]) -> set[str]:
        """The articles named for `article_ids`."""
        return {n for a in article_ids for n in (self.exact.get(a), self.near.get(a)) if n is not None}

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop linked articles' entries: the driver holds the map for the rest of the run only."""
        for article_id in article_ids:
            self.exact.pop(article_id, None)
            self.near.pop(article_id, None)


@dataclass
class LinkedBatch:
    records: list[ArticleRecord]
    story_keys: dict[str, dict[str, float]] = field(default_factory=dict)
    events_by_story: dict[str, list[Event]] = field(default_factory=dict)
    stale_stories: list[str] = field(default_factory=list)  # touched, events to be merged later
    unchanged: int = 0


def _body(analysis: ArticleAnalysis) -> str:
    article = analysis.article
    if article.title and article.text.startswith(article.title):
        return article.text[len(article.title) :]
    return article.text


def body_signature(analysis: ArticleAnalysis) -> tuple[int, ...]:
    """The MinHash signature of the body (without the title) that near-copy detection compares.

    ~15 ms an article: the pipeline computes it in its worker processes and passes it in.
    """
    return minhash_signature(_body(analysis))


def link_batch(
    store: Store,
    analyses: Sequence[ArticleAnalysis],
    *,
    signatures: Mapping[str, tuple[int, ...]] | None = None,
    merge_events: bool = True,
    copy_candidates: CopyCandidates | None = None,
) -> LinkedBatch:
    """Decide copy_of/copy_kind, story and merged events for each new article of the batch.

    `signatures` (article id -> `body_signature`) saves recomputing those already computed elsewhere.
    `copy_candidates`: copies already decided for the run (the Ray engine's shuffles); the batch then
    looks up only the named articles' own originals, not body hashes and band keys.
    Without `merge_events`, the touched stories are returned as `stale_stories` for `merge_stale_stories`
    to merge once after the last batch (an ingest), instead of re-merging them after every batch.
    """
    from newsgraph.copy_reuse import body_hash
    from newsgraph.store.db import ArticleRecord

    existing = store.existing_article_ids(a.article.id for a in analyses)
    fresh: list[ArticleAnalysis] = []
    seen: set[str] = set(existing)
    unchanged = 0
    for analysis in analyses:
        if analysis.article.id in seen:
            unchanged += 1
            continue
        seen.add(analysis.article.id)
        fresh.append(analysis)

    fresh = resolve_short_names(fresh, stored=store.people_by_last_token)
    hashes = {a.article.id: body_hash(a.article) for a in fresh}
    known = signatures or {}
    signatures = {
        a.article.id: known[a.article.id] if a.article.id in known else body_signature(a) for a in fresh
    }
    # Batch-local state: what earlier articles of this batch look like, for copies within a batch.
    batch_by_hash: dict[str, tuple[str, str | None]] = {}
    batch_bands: dict[str, list[str]] = {}
    batch_info: dict[
        str, tuple[tuple[int, ...], str | None, str | None]
    ] = {}  # id -> signature, copy_of, story

    stored_copy_of: dict[str, str | None] = {}  # with copy_candidates: named stored article -> copy_of
    if copy_candidates is None:
        stored_by_hash = store.articles_by_body_hash(hashes.values())
        bands = store.articles_by_band(k for s in signatures.values() for k in band_keys(s))
        candidates = [(row[1], row[3]) for rows in bands.values() for row in rows]
        candidates += list(stored_by_hash.values())
    else:
        stored_by_hash, bands = {}, {}
        stored_copy_of = store.copy_of(copy_candidates.named(hashes))
        candidates = list(stored_copy_of.items())
    # The stories of every stored article a copy could name as its original, in one query.
    originals = {article_id for pair in candidates for article_id in pair if article_id}
    story_of_stored = store.story_of(originals)
    stored_stories = _StoredStories.prefetch(
        store, fresh, also={sid for sid in story_of_stored.values() if sid}
    )
    assigner = StoryAssigner(
        lookup=stored_stories.holding,
        load=lambda story_id: stored_stories.state(story_id) or _stored_state(store, story_id),
        frequency=stored_stories.frequency,
    )
    # Pass 1: copies and stories. Rewrites (pass 2) need the stories' stored reports, fetched for the
    # whole batch in one query once every article's story is known.
    found: list[tuple[ArticleAnalysis, tuple[str, ...], str | None, str | None, str]] = []
    for analysis in fresh:
        article = analysis.article
        signature = signatures[article.id]
        keys = band_keys(signature)
        named = None
        if copy_candidates is not None:
            named = _named_copy(copy_candidates, article.id, stored=stored_copy_of, batch_info=batch_info)
            if named is None:  # it names an article never linked (analysis failed): the local lookups
                stored_by_hash = store.articles_by_body_hash([hashes[article.id]])
                bands = store.articles_by_band(keys)
        if named is not None:
            copy_of, copy_kind = named
        else:
            copy_of, copy_kind = _find_copy(
                bands,
                hash_=hashes[article.id],
                signature=signature,
                keys=keys,
                stored_by_hash=stored_by_hash,
                batch_by_hash=batch_by_hash,
                batch_bands=batch_bands,
                batch_info=batch_info,
            )
        original_story = None
        if copy_of is not None:
            if copy_of in batch_info:
                original_story = batch_info[copy_of][2]
            elif copy_of in story_of_stored:
                original_story = story_of_stored[copy_of]
            else:
                original_story = store.story_of([copy_of]).get(copy_of)
        story_id = assigner.assign(analysis, joins_story=original_story)
        found.append((analysis, keys, copy_of, copy_kind, story_id))
        batch_by_hash.setdefault(hashes[article.id], (article.id, copy_of))
        for key in keys:
            batch_bands.setdefault(key, []).append(article.id)
        batch_info[article.id] = (signature, copy_of, story_id)

    # A story begun by this batch has no stored reports to be a rewrite of (most new articles).
    rewrite_candidates = store.stories_fingerprints(
        {
            story_id
            for analysis, _, copy_of, _, story_id in found
            if copy_of is None and not analysis.skipped_reason and not assigner.states[story_id].is_new
        },
        latest=REWRITE_CANDIDATES,
    )
    records: list[ArticleRecord] = []
    final_copy_of: dict[str, str | None] = {}  # batch article -> its root original after pass 2
    for analysis, keys, first_copy_of, first_kind, story_id in found:
        article = analysis.article
        signature = signatures[article.id]
        copy_of, copy_kind = first_copy_of, first_kind
        if copy_of is not None and copy_of in final_copy_of:
            # Its original is in this batch and may have turned out a rewrite: name the root instead.
            copy_of = final_copy_of[copy_of] or copy_of
        fingerprint = content_fingerprint(mentions=analysis.mentions, times=analysis.times, text=article.text)
        if copy_of is None and not analysis.skipped_reason:
            copy_of, copy_kind = _find_rewrite(
                rewrite_candidates.get(story_id, []), story_id, fingerprint, signature, records
            )
        final_copy_of[article.id] = copy_of
        records.append(
            ArticleRecord(
                analysis=analysis,
                body_hash=hashes[article.id],
                signature=signature,
                band_keys=keys,
                fingerprint=tuple(sorted(fingerprint)),
                copy_of=copy_of,
                copy_kind=copy_kind,
                story_id=story_id,
            )
        )

    touched_set = {r.story_id for r in records if r.story_id}
    touched = sorted(touched_set)
    story_keys = {sid: dict(state.keys) for sid, state in assigner.states.items() if sid in touched_set}
    if not merge_events:
        return LinkedBatch(records=records, story_keys=story_keys, stale_stories=touched, unchanged=unchanged)
    new_reports: dict[str, list[ArticleRecord]] = {}
    for r in records:
        if r.story_id:
            new_reports.setdefault(r.story_id, []).append(r)
    events_by_story = merged_events(store, touched, new_reports=new_reports)
    return LinkedBatch(
        records=records, story_keys=story_keys, events_by_story=events_by_story, unchanged=unchanged
    )


def merged_events(
    store: Store,
    story_ids: Sequence[str],
    *,
    new_reports: Mapping[str, Sequence[ArticleRecord]] | None = None,
) -> dict[str, list[Event]]:
    """Each story's events merged from all its reports: the stored ones plus `new_reports` not yet stored."""
    from newsgraph.link.event_merge import merge_event_reports

    events_by_story: dict[str, list[Event]] = {}
    stored_mentions = store.event_mentions_for_stories(story_ids)
    stored_copies = store.copy_maps_for_stories(story_ids)
    for story_id in story_ids:
        mentions: list[EventMention] = stored_mentions[story_id]
        copy_map = stored_copies[story_id]
        for r in (new_reports or {}).get(story_id, ()):
            mentions.extend(r.analysis.events)
            copy_map[r.analysis.article.id] = r.copy_of
        events_by_story[story_id] = merge_event_reports(mentions, copy_of=copy_map, story_id=story_id)
    return events_by_story


# Stories merged per transaction by `merge_stale_stories`: their reports are read in one query, and each
# chunk's write scans the reports and mentions tables once, so chunks are large; the working set of one
# chunk stays well inside the ingest's DuckDB memory cap.
STALE_MERGE_CHUNK = 512

# A chunk of stale stories as the store holds them: story id -> (its reports' JSON, its copy map).
StoredReports = dict[str, tuple[list[str], dict[str, str | None]]]


def merge_stored_reports(stories: StoredReports) -> dict[str, list[Event]]:
    """Each story's events merged from its stored reports. A pure function of its argument, so a worker
    process can run it: the final merge of a big ingest is spread over worker processes."""
    from newsgraph.link.event_merge import merge_event_reports
    from newsgraph.store.codec import event_mention_from_json

    return {
        story_id: merge_event_reports(
            [event_mention_from_json(p) for p in payloads], copy_of=copy_map, story_id=story_id
        )
        for story_id, (payloads, copy_map) in stories.items()
    }


class _Submit(Protocol):
    def __call__(self, stories: StoredReports) -> _Pending: ...


class _Pending(Protocol):
    def get(self) -> dict[str, list[Event]]: ...


def merge_stale_stories(
    store: Store,
    *,
    submit: _Submit | None = None,
    in_flight: int = 2,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Merge the events of every story marked stale by deferred batches; returns how many.

    `submit` runs `merge_stored_reports` elsewhere (a process pool's `apply_async`), with up to
    `in_flight` chunks out at once; only this thread touches the store. Each chunk of stories is replaced
    in one transaction, so an interrupted merge leaves the rest stale for the next ingest, never half a
    story.
    """
    stale = store.stale_story_ids()
    chunks = [stale[start : start + STALE_MERGE_CHUNK] for start in range(0, len(stale), STALE_MERGE_CHUNK)]
    pending: deque[_Pending] = deque()
    done = 0

    def write_oldest() -> None:
        nonlocal done
        merged = pending.popleft().get()
        store.replace_merged_events(merged)
        done += len(merged)
        if on_progress:
            on_progress(done, len(stale))

    for chunk in chunks:
        reports = store.stored_reports(chunk)
        pending.append(submit(reports) if submit else _Done(merge_stored_reports(reports)))
        while len(pending) > (in_flight if submit else 0):
            write_oldest()
    while pending:
        write_oldest()
    return len(stale)


@dataclass
class _Done:
    value: dict[str, list[Event]]

    def get(self) -> dict[str, list[Event]]:
        return self.value


def _find_copy(
    bands: dict[str, list[tuple[int, str, tuple[int, ...], str | None]]],
    *,
    hash_: str,
    signature: tuple[int, ...],
    keys: tuple[str, ...],
    stored_by_hash: dict[str, tuple[str, str | None]],
    batch_by_hash: dict[str, tuple[str, str | None]],
    batch_bands: dict[str, list[str]],
    batch_info: dict[str, tuple[tuple[int, ...], str | None, str | None]],
) -> tuple[str | None, str | None]:
    """An exact copy (same body) or a near copy (MinHash) of an earlier article: its root original."""
    earlier = stored_by_hash.get(hash_) or batch_by_hash.get(hash_)
    if earlier is not None:
        return earlier[1] or earlier[0], "exact"
    best: tuple[float, str, str | None] | None = None
    stored = sorted({row for key in keys for row in bands.get(key, ())})  # by seq: oldest first
    for _, article_id, other_signature, other_copy_of in stored:
        similarity = estimated_jaccard(signature, other_signature)
        if similarity >= NEAR_THRESHOLD and (best is None or similarity > best[0]):
            best = (similarity, article_id, other_copy_of)
    for article_id in dict.fromkeys(a for k in keys for a in batch_bands.get(k, [])):
        other_signature, other_copy_of, _ = batch_info[article_id]
        similarity = estimated_jaccard(signature, other_signature)
        if similarity >= NEAR_THRESHOLD and (best is None or similarity > best[0]):
            best = (similarity, article_id, other_copy_of)
    if best is None:
        return None, None
    return best[2] or best[1], "near"


def _named_copy(
    candidates: CopyCandidates,
    article_id: str,
    *,
    stored: dict[str, str | None],
    batch_info: dict[str, tuple[tuple[int, ...], str | None, str | None]],
) -> tuple[str | None, str | None] | None:
    """`_find_copy`'s answer from the decided candidates: the named article's stored copy_of, or its
    first-pass one when it is in this batch, as `_find_copy` takes them. None when the named article is
    neither (it was cleaned but never linked): the caller then decides with the lookups."""
    for kind, named in (
        ("exact", candidates.exact.get(article_id)),
        ("near", candidates.near.get(article_id)),
    ):
        if named is None:
            continue
        if named in batch_info:
            copy_of = batch_info[named][1]
        elif named in stored:
            copy_of = stored[named]
        else:
            return None
        return copy_of or named, kind
    return None, None


def _find_rewrite(
    stored: Sequence[tuple[str, tuple[str, ...], tuple[int, ...], str | None]],
    story_id: str,
    fingerprint: frozenset[str],
    signature: tuple[int, ...],
    batch: Sequence[ArticleRecord],
) -> tuple[str | None, str | None]:
    """A rewrite: an earlier article of the same story with the same facts in other words."""
    candidates = [(aid, frozenset(fp), sig, cof) for aid, fp, sig, cof in stored]
    candidates += [
        (r.analysis.article.id, frozenset(r.fingerprint), r.signature, r.copy_of)
        for r in batch
        if r.story_id == story_id
    ]
    for article_id, other_fp, other_signature, other_copy_of in candidates:
        if is_rewrite(fingerprint, other_fp, text_jaccard=estimated_jaccard(signature, other_signature)):
            return other_copy_of or article_id, "rewrite"
    return None, None


@dataclass
class _StoredStories:
    """The stored stories that a batch's articles could join, fetched in a few queries per batch.

    Nothing is written while a batch is linked, so answering the assigner's per-article lookups from
    this snapshot gives what per-article queries gave, without a round trip per article.
    """

    by_key: dict[str, set[str]]
    weights: dict[str, tuple[dict[str, float], Any, Any]]
    key_frequency: dict[str, int]

    @classmethod
    def prefetch(
        cls, store: Store, analyses: Sequence[ArticleAnalysis], *, also: set[str] | None = None
    ) -> _StoredStories:
        """`also`: further stories to fetch (those that copies will join, named by their originals).

        Stories are looked up only through keys that could carry one to the join threshold
        (`keys_worth_looking_up`): the stories holding a country are most of the corpus, and fetching
        them for every batch made a batch's cost grow with the corpus for no change in the result.
        """
        keys_by_article = [article_keys(a) for a in analyses]
        frequency = store.key_document_frequency({k for keys in keys_by_article for k in keys})
        wanted = {k for keys in keys_by_article for k in keys_worth_looking_up(keys, frequency)}
        by_key = store.stories_by_key(wanted)
        weights = store.story_key_weights({sid for ids in by_key.values() for sid in ids} | (also or set()))
        return cls(by_key=by_key, weights=weights, key_frequency=frequency)

    def state(self, story_id: str) -> StoryState | None:
        """A fresh state of one prefetched story, or None when it was not prefetched."""
        if story_id not in self.weights:
            return None
        weights, start, end = self.weights[story_id]
        return StoryState(id=story_id, keys=dict(weights), start=start, end=end)

    def holding(self, keys: list[str]) -> dict[str, StoryState]:
        """Fresh states of the stored stories holding any of `keys` (the assigner mutates its own)."""
        found: dict[str, StoryState] = {}
        for story_id in {sid for k in keys for sid in self.by_key.get(k, ())}:
            if (state := self.state(story_id)) is not None:
                found[story_id] = state
        return found

    def frequency(self, keys: list[str]) -> dict[str, int]:
        return {k: self.key_frequency[k] for k in keys if k in self.key_frequency}


def _stored_state(store: Store, story_id: str) -> StoryState | None:
    found = store.story_key_weights([story_id]).get(story_id)
    if found is None:
        return None
    keys, start, end = found
    return StoryState(id=story_id, keys=keys, start=start, end=end)

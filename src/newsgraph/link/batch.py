"""Linking one batch of analysed articles against the store: copies, stories, merged events.

Every lookup goes through an index (body hash, LSH band keys, story keys), so the cost of linking a
new article depends on how many articles resemble it, not on the size of the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsgraph.link.copies import (
    NEAR_THRESHOLD,
    band_keys,
    content_fingerprint,
    estimated_jaccard,
    is_rewrite,
    minhash_signature,
)
from newsgraph.link.entities import resolve_short_names
from newsgraph.link.stories import StoryAssigner, StoryState, article_keys
from newsgraph.model import ArticleAnalysis, Event, EventMention

if TYPE_CHECKING:
    from newsgraph.store.db import ArticleRecord, Store


# A new report is checked for being a rewrite of the story's latest stored reports only: rewrites are
# published within hours of their source, and a story of thousands of reports would otherwise cost every
# new report thousands of comparisons. 500 is far above the sample corpus's stories (at most 4 reports).
REWRITE_CANDIDATES = 500


@dataclass
class LinkedBatch:
    records: list[ArticleRecord]
    story_keys: dict[str, dict[str, float]] = field(default_factory=dict)
    events_by_story: dict[str, list[Event]] = field(default_factory=dict)
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
) -> LinkedBatch:
    """Decide copy_of/copy_kind, story and merged events for each new article of the batch.

    `signatures` (article id -> `body_signature`) saves recomputing those already computed elsewhere.
    """
    from newsgraph.copy_reuse import body_hash
    from newsgraph.link.event_merge import merge_event_reports
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
    stored_by_hash = store.articles_by_body_hash(hashes.values())
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

    stored_stories = _StoredStories.prefetch(store, fresh)
    bands = store.articles_by_band(k for s in signatures.values() for k in band_keys(s))
    # The stories of every stored article a copy could name as its original, in one query.
    candidates = [(row[1], row[3]) for rows in bands.values() for row in rows] + list(stored_by_hash.values())
    originals = {article_id for pair in candidates for article_id in pair if article_id}
    story_of_stored = store.story_of(originals)
    assigner = StoryAssigner(
        lookup=stored_stories.holding,
        load=lambda story_id: _stored_state(store, story_id),
        frequency=stored_stories.frequency,
    )
    records: list[ArticleRecord] = []
    rewrite_candidates: dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...], str | None]]] = {}
    for analysis in fresh:
        article = analysis.article
        signature = signatures[article.id]
        keys = band_keys(signature)
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
        fingerprint = content_fingerprint(mentions=analysis.mentions, times=analysis.times, text=article.text)
        if copy_of is None and not analysis.skipped_reason:
            if story_id not in rewrite_candidates:
                # A story begun by this batch has no stored reports: no query (most new articles).
                is_new = assigner.states[story_id].is_new
                rewrite_candidates[story_id] = (
                    [] if is_new else store.story_fingerprints(story_id, latest=REWRITE_CANDIDATES)
                )
            copy_of, copy_kind = _find_rewrite(
                rewrite_candidates[story_id], story_id, fingerprint, signature, records
            )
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
        batch_by_hash.setdefault(hashes[article.id], (article.id, copy_of))
        for key in keys:
            batch_bands.setdefault(key, []).append(article.id)
        batch_info[article.id] = (signature, copy_of, story_id)

    touched = {r.story_id for r in records if r.story_id}
    events_by_story: dict[str, list[Event]] = {}
    stored_mentions = store.event_mentions_for_stories(sorted(touched))
    stored_copies = store.copy_maps_for_stories(sorted(touched))
    for story_id in sorted(touched):
        mentions: list[EventMention] = stored_mentions[story_id]
        copy_map = stored_copies[story_id]
        for r in records:
            if r.story_id == story_id:
                mentions.extend(r.analysis.events)
                copy_map[r.analysis.article.id] = r.copy_of
        events_by_story[story_id] = merge_event_reports(mentions, copy_of=copy_map, story_id=story_id)
    story_keys = {sid: dict(state.keys) for sid, state in assigner.states.items() if sid in touched}
    return LinkedBatch(
        records=records, story_keys=story_keys, events_by_story=events_by_story, unchanged=unchanged
    )


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
    def prefetch(cls, store: Store, analyses: Sequence[ArticleAnalysis]) -> _StoredStories:
        keys = {k for a in analyses for k in article_keys(a)}
        by_key = store.stories_by_key(keys)
        weights = store.story_key_weights({sid for ids in by_key.values() for sid in ids})
        return cls(by_key=by_key, weights=weights, key_frequency={k: len(v) for k, v in by_key.items()})

    def holding(self, keys: list[str]) -> dict[str, StoryState]:
        """Fresh states of the stored stories holding any of `keys` (the assigner mutates its own)."""
        found: dict[str, StoryState] = {}
        for story_id in {sid for k in keys for sid in self.by_key.get(k, ())}:
            if story_id in self.weights:
                weights, start, end = self.weights[story_id]
                found[story_id] = StoryState(id=story_id, keys=dict(weights), start=start, end=end)
        return found

    def frequency(self, keys: list[str]) -> dict[str, int]:
        return {k: self.key_frequency[k] for k in keys if k in self.key_frequency}


def _stored_state(store: Store, story_id: str) -> StoryState | None:
    found = store.story_key_weights([story_id]).get(story_id)
    if found is None:
        return None
    keys, start, end = found
    return StoryState(id=story_id, keys=keys, start=start, end=end)

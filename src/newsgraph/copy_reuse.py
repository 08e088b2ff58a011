"""A copy needs no second parse: exact and near copies take their analysis from their original's.

The pipeline routes each cleaned article through `CopyReuse.route` before it reaches the parser:

- an exact copy (the same body, perhaps under another headline) takes the original's analysis with its
  offsets moved (`reuse_analysis`);
- a near copy (MinHash estimate >= `NEAR_THRESHOLD` against a recent original with the same publication
  date) keeps the original's annotations on every line it shares with the original, and only its other
  lines (the changed or added paragraphs) are parsed, as a small "probe" article whose findings are moved
  back into the copy (`NearCopy.combine`);
- anything else is parsed.

A line is the unit because the paragraph-boundary component ends a sentence at every line break, and the
context extraction borrows from (places, days) stays within a paragraph. Only this run's articles are
remembered (the `REUSE_CACHE_SIZE` most recent originals); a copy of an article stored by an earlier run is
parsed, then linked as a copy as before.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from newsgraph.config import Settings
from newsgraph.link.copies import NEAR_THRESHOLD, band_keys, estimated_jaccard, minhash_signature
from newsgraph.model import Article, ArticleAnalysis, Entity, EventMention, ReadFailure, Sentence

ENGLISH = {"en", "und", None}
# Analyses of recent originals kept in the parent so that a copy is not parsed again. An entry is ~20-40 KB
# of Python objects, so 2048 cost ~60 MB whatever the corpus size; wire copies arrive within hours of
# their original, i.e. within a few thousand articles of a chronological feed.
REUSE_CACHE_SIZE = 2048
PROBE_SEPARATOR = "\n\n"  # between the lines of a probe: each stays its own paragraph

Span = tuple[int, int]
Mover = Callable[[Span], Span | None]  # where a span of one text lands in another


def body_start(article: Article) -> int:
    """Where the body starts in `article.text`: after the title line and the blank line under it."""
    text, title = article.text, article.title
    if not title or not text.startswith(title):
        return 0
    return len(text) - len(text[len(title) :].lstrip())


def body_hash(article: Article) -> str:
    """Hash of the body without the title line: an exact copy may carry another headline."""
    body = article.text
    if article.title and body.startswith(article.title):
        body = body[len(article.title) :]
    normalised = " ".join(body.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def body_text(article: Article) -> str:
    """The text without the title line: what copy detection compares."""
    if article.title and article.text.startswith(article.title):
        return article.text[len(article.title) :]
    return article.text


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
    old_cut, new_cut = body_start(source), body_start(copy)
    if source.text[old_cut:] != copy.text[new_cut:]:
        return None
    if source.text == copy.text:  # the same spans: only ids change
        return replace(
            original,
            article=copy,
            events=tuple(replace(e, article_id=copy.id) for e in original.events),
        )
    shift = new_cut - old_cut

    def move(span: Span) -> Span | None:
        start, end = span
        return (start + shift, end + shift) if start >= old_cut else None

    if any(s.start < old_cut < s.end for s in original.sentences):
        return None  # a sentence across the headline and the body
    carried = _carry(original, copy, move)
    title_sentences = (Sentence(0, new_cut),) if new_cut else ()
    return replace(carried, sentences=title_sentences + carried.sentences)


def _carry(
    original: ArticleAnalysis, copy: Article, move: Mover, *, extra: ArticleAnalysis | None = None
) -> ArticleAnalysis:
    """`original`'s annotations that `move` can place in `copy`, moved there, plus `extra`'s (already in
    the copy's offsets). An event moves only when its sentence, trigger and place all do."""
    sentences = [Sentence(*span) for s in original.sentences if (span := move((s.start, s.end)))]
    mentions = [replace(m, start=s[0], end=s[1]) for m in original.mentions if (s := move((m.start, m.end)))]
    places = [replace(p, start=s[0], end=s[1]) for p in original.places if (s := move((p.start, p.end)))]
    times = [replace(t, start=s[0], end=s[1]) for t in original.times if (s := move((t.start, t.end)))]
    events = [e for e in (_moved_event(e, move, copy.id) for e in original.events) if e is not None]
    entity_ids = {Entity.make_id(m.canonical, m.label) for m in mentions}
    entities = {e.id: e for e in original.entities if e.id in entity_ids}
    if extra is not None:
        sentences += extra.sentences
        mentions += extra.mentions
        places += extra.places
        times += extra.times
        events += extra.events
        for entity in extra.entities:
            entities.setdefault(entity.id, entity)
    return ArticleAnalysis(
        article=copy,
        sentences=tuple(sorted(sentences, key=lambda s: (s.start, s.end))),
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
        entities=tuple(entities.values()),
        places=tuple(sorted(places, key=lambda p: (p.start, p.end))),
        times=tuple(sorted(times, key=lambda t: (t.start, t.end))),
        events=tuple(sorted(events, key=lambda e: (e.sentence_start, e.trigger_start))),
    )


class _Mover:
    """Maps spans of one text onto another: each source segment `(start, end)` moves by its own shift;
    a span that is not inside one segment does not move (None)."""

    def __init__(self, segments: Iterable[tuple[int, int, int]]) -> None:
        ordered = sorted(segments)  # (source start, source end, target start)
        self.starts = [s for s, _, _ in ordered]
        self.segments = ordered

    def __call__(self, span: Span) -> Span | None:
        start, end = span
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0:
            return None
        seg_start, seg_end, target = self.segments[i]
        if end > seg_end:
            return None
        shift = target - seg_start
        return start + shift, end + shift


def _moved_event(event: EventMention, move: Mover, article_id: str) -> EventMention | None:
    sentence = move((event.sentence_start, event.sentence_end))
    trigger = move((event.trigger_start, event.trigger_end))
    if sentence is None or trigger is None:
        return None
    place = event.place
    if place is not None:
        moved_place = move((place.start, place.end))
        if moved_place is None:
            return None  # its place came from a line the copy changed
        place = replace(place, start=moved_place[0], end=moved_place[1])
    return replace(
        event,
        article_id=article_id,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        trigger_start=trigger[0],
        trigger_end=trigger[1],
        place=place,
    )


def _lines(text: str, start: int = 0) -> list[Span]:
    """The non-blank lines of `text[start:]` as stripped spans."""
    spans = []
    position = start
    for line in text[start:].split("\n"):
        stripped = line.strip()
        if stripped:
            left = position + (len(line) - len(line.lstrip()))
            spans.append((left, left + len(stripped)))
        position += len(line) + 1
    return spans


# -- routing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExactCopy:
    """An article routed away from the parser: an exact copy of an earlier one of this run."""

    article: Article
    original_hash: str


@dataclass(frozen=True)
class NearCopy:
    """A near copy: its lines shared with the original are carried over, the others are parsed in `probe`.

    `shared` holds `(original start, original end, copy start)` per shared line; `segments` holds
    `(probe start, probe end, copy start)` per line of the probe.
    """

    article: Article
    original_hash: str
    shared: tuple[tuple[int, int, int], ...]
    probe: Article | None
    segments: tuple[tuple[int, int, int], ...]

    def combine(self, original: ArticleAnalysis, probed: ArticleAnalysis | None) -> ArticleAnalysis:
        extra = None
        if probed is not None:
            into_copy = _Mover(self.segments)
            extra = _carry(probed, self.article, into_copy)
        combined = _carry(original, self.article, _Mover(self.shared), extra=extra)
        title = self.article.title
        has_title_line = bool(title) and self.article.text.startswith(title or "")
        if title and has_title_line and not any(s.start == 0 for s in combined.sentences):
            # A changed headline is not parsed (extraction skips headlines) but is still a sentence.
            combined = replace(combined, sentences=(Sentence(0, len(title)), *combined.sentences))
        return combined


def plan_near_copy(original: Article, copy: Article, original_hash: str) -> NearCopy:
    """Which of the copy's lines the original has too, and the probe article holding the others.

    The copy's headline line, when changed, is not parsed (it gets one sentence and no annotations, as in
    `reuse_analysis`): extraction skips headlines.
    """
    from collections import deque

    original_lines: dict[str, deque[int]] = defaultdict(deque)
    for start, end in _lines(original.text):
        original_lines[original.text[start:end]].append(start)
    title_end = body_start(copy)
    shared: list[tuple[int, int, int]] = []
    unshared: list[Span] = []
    for start, end in _lines(copy.text):
        line = copy.text[start:end]
        if original_lines.get(line):
            source = original_lines[line].popleft()
            shared.append((source, source + (end - start), start))
        elif end > title_end:
            unshared.append((start, end))
    if not unshared:
        return NearCopy(copy, original_hash, tuple(shared), None, ())
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    position = 0
    for start, end in unshared:
        if pieces:
            position += len(PROBE_SEPARATOR)
        pieces.append(copy.text[start:end])
        segments.append((position, position + (end - start), start))
        position += end - start
    probe = replace(copy, title=None, text=PROBE_SEPARATOR.join(pieces))
    return NearCopy(copy, original_hash, tuple(shared), probe, tuple(segments))


class CopyReuse:
    """Finds exact and near copies before parsing and derives their analyses from their originals'.

    State is bounded: `cache_size` recent originals' analyses and their LSH band keys, plus the originals
    still at the parser.
    """

    def __init__(self, settings: Settings, *, cache_size: int = REUSE_CACHE_SIZE) -> None:
        self.settings = settings
        self.cache_size = cache_size
        self.recent: OrderedDict[str, ArticleAnalysis] = OrderedDict()
        self.pending: dict[str, Article] = {}  # body hash -> original sent to the parser, not yet back
        self.signatures: dict[str, tuple[int, ...]] = {}  # body hash -> body MinHash, pending or recent
        self.by_band: dict[str, set[str]] = defaultdict(set)  # LSH band key -> body hashes
        self.reused = 0
        self.probed = 0  # near copies of which only the changed lines were parsed

    def route(self, article: Article, signature: tuple[int, ...]) -> ExactCopy | NearCopy | None:
        """How `article` gets its analysis: from an original (exact or near copy), or None to parse it."""
        if self.settings.clean.english_only_extraction and article.language not in ENGLISH:
            return None  # not parsed anyway
        key = body_hash(article)
        original = self._original(key)
        if original is not None:
            # Both bodies must be the same characters and dates, not only the same normalised hash.
            if original.published == article.published and (
                original.text[body_start(original) :] == article.text[body_start(article) :]
            ):
                return ExactCopy(article, key)
            return None
        near = self._nearest(signature, article)
        if near is not None:
            original = self._original(near)
            assert original is not None
            return plan_near_copy(original, article, near)
        self.pending[key] = article
        self._index(key, signature)
        return None

    def forget(self) -> None:
        """Drop the remembered originals (after the last article: their memory is wanted elsewhere)."""
        self.recent.clear()
        self.pending.clear()
        self.signatures.clear()
        self.by_band.clear()

    def _original(self, key: str) -> Article | None:
        original = self.pending.get(key)
        if original is None and key in self.recent:
            # Used again: keep it from being evicted before the copy that needs it comes back.
            self.recent.move_to_end(key)
            original = self.recent[key].article
        return original

    def _nearest(self, signature: tuple[int, ...], article: Article) -> str | None:
        candidates = {key for band in band_keys(signature) for key in self.by_band.get(band, ())}
        best, best_score = None, NEAR_THRESHOLD
        for key in sorted(candidates):
            original = self._original(key)
            if original is None or original.published != article.published:
                continue  # another publication date anchors relative dates differently
            score = estimated_jaccard(signature, self.signatures[key])
            if score >= best_score:
                best, best_score = key, score
        return best

    def _index(self, key: str, signature: tuple[int, ...]) -> None:
        if key in self.signatures:
            return
        self.signatures[key] = signature
        for band in band_keys(signature):
            self.by_band[band].add(key)

    def _forget(self, key: str) -> None:
        signature = self.signatures.pop(key, None)
        for band in band_keys(signature or ()):
            keys = self.by_band.get(band)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.by_band[band]

    def remember(self, article: Article, result: ArticleAnalysis | ReadFailure) -> None:
        """An original came back from the parser: keep its analysis for later copies."""
        key = body_hash(article)
        if self.pending.get(key) is article:
            del self.pending[key]
        if isinstance(result, ArticleAnalysis) and not result.skipped_reason:
            self.recent[key] = result
            self.recent.move_to_end(key)
            while len(self.recent) > self.cache_size:
                evicted, _ = self.recent.popitem(last=False)
                if evicted not in self.pending:
                    self._forget(evicted)
        elif key not in self.pending and key not in self.recent:
            self._forget(key)

    def derive(self, copy: ExactCopy) -> ArticleAnalysis | None:
        original = self.recent.get(copy.original_hash)
        derived = reuse_analysis(original, copy.article) if original is not None else None
        if derived is not None:
            self.reused += 1
        return derived

    def derive_near(self, copy: NearCopy, probed: ArticleAnalysis | None) -> ArticleAnalysis | None:
        """The near copy's analysis; None when its original's analysis is gone (failed or evicted)."""
        original = self.recent.get(copy.original_hash)
        if original is None:
            return None
        self.reused += 1
        if copy.probe is not None:
            self.probed += 1
        return copy.combine(original, probed)


def copy_signature(article: Article) -> tuple[int, ...]:
    """The body's MinHash signature, the one near-copy linking compares (`link.batch.body_signature`)."""
    return minhash_signature(body_text(article))

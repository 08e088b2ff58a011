"""Stories: articles grouped by the people, organisations and places they share, incrementally.

A new article is scored only against the stories that hold one of its keys (the store's `story_keys`,
looked up for a whole batch at once, and this batch's stories through `StoryAssigner.holders`), never
against every story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsgraph.model import ArticleAnalysis, Entity, stable_id

# How much a shared key says that two articles tell the same story. People and equipment are the
# most specific; countries are mentioned by unrelated stories all the time. Hand-set on the bundled
# sample corpus (four stories sharing countries but not people) and the seeds.
TYPE_WEIGHTS = {
    "PERSON": 1.0,
    "ORG": 0.6,
    "EQUIPMENT": 0.5,
    "FAC": 0.6,
    "EVENT": 0.5,
    "LAW": 0.5,
    "city": 0.6,
    "admin1": 0.3,
    "country": 0.15,
    "region": 0.05,
    "point": 0.6,
}
KEYS_PER_ARTICLE = 15  # the most-mentioned keys stand for the article; passing mentions do not
JOIN_THRESHOLD = 0.45
BOUND_SLACK = 1e-9  # float sums in another order: keep a key whose bound only just misses the threshold
STORY_KEYS_KEPT = 60  # a story is indexed by its strongest keys; the tail only adds lookups
# Articles more than this far apart (by publication date, when both are known) start separate stories.
TIME_WINDOW = timedelta(days=400)


def article_keys(analysis: ArticleAnalysis) -> dict[str, float]:
    """The article's salient keys with weights in (0, 1]: entities and resolved places."""
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for m in analysis.mentions:
        if m.label in TYPE_WEIGHTS:
            key = f"e:{Entity.make_id(m.canonical, m.label)}"
            counts[key] += 1
            kinds[key] = m.label
    for p in analysis.places:
        if p.place is not None and p.place.precision in TYPE_WEIGHTS:
            key = f"p:{p.place.geonameid or p.place.name.casefold()}"
            counts[key] += 1
            kinds[key] = p.place.precision
    if not counts:
        return {}
    top = counts.most_common(KEYS_PER_ARTICLE)
    most = top[0][1]
    return {key: TYPE_WEIGHTS[kinds[key]] * math.sqrt(n / most) for key, n in top}


@dataclass
class StoryState:
    """What linking needs to know of one story while a batch is assigned."""

    id: str
    keys: dict[str, float] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None
    is_new: bool = False

    def add(self, keys: Mapping[str, float], published: date | None) -> None:
        for key, weight in keys.items():
            self.keys[key] = self.keys.get(key, 0.0) + weight
        if len(self.keys) > STORY_KEYS_KEPT:
            self.keys = dict(sorted(self.keys.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_KEYS_KEPT])
        if published is not None:
            self.start = min(self.start or published, published)
            self.end = max(self.end or published, published)


def _within_window(story: StoryState, published: date | None) -> bool:
    if published is None or story.start is None or story.end is None:
        return True
    return story.start - TIME_WINDOW <= published <= story.end + TIME_WINDOW


def key_idf(stories_holding: int) -> float:
    """How much sharing a key says, discounted by how many stories already hold it."""
    return 1.0 / math.log2(1 + max(1, stories_holding))


def score_story(keys: Mapping[str, float], story: StoryState, story_frequency: Mapping[str, int]) -> float:
    """Shared salient keys, each discounted by how many stories already hold it (an IDF)."""
    total = 0.0
    for key, weight in keys.items():
        if key in story.keys:
            total += weight * min(1.0, story.keys[key]) * key_idf(story_frequency.get(key, 1))
    return total


def keys_worth_looking_up(keys: Mapping[str, float], story_frequency: Mapping[str, int]) -> list[str]:
    """The article's keys through which a stored story could reach JOIN_THRESHOLD.

    A key adds at most `weight * idf` to any story's score. The weakest keys whose bounds sum below
    the threshold cannot make a story joinable on their own, so a story that shares only those keys
    never wins: it need not be fetched. A story sharing one of the other keys is found through it and
    scored on every shared key as before, so the result is the same. `story_frequency` counts the
    stored stories only; the batch's new stories can only raise a count, which only lowers a bound.
    """
    bounds = sorted((weight * key_idf(story_frequency.get(key, 1)), key) for key, weight in keys.items())
    skipped = 0.0
    for at, (bound, _) in enumerate(bounds):
        if skipped + bound >= JOIN_THRESHOLD - BOUND_SLACK:
            return [key for _, key in bounds[at:]]
        skipped += bound
    return []


@dataclass
class StoryAssigner:
    """Assigns articles to stories one at a time; `lookup` finds stored stories by key."""

    lookup: Callable[[list[str]], dict[str, StoryState]]  # stored stories holding any of the keys
    load: Callable[[str], StoryState | None]  # one stored story by id
    frequency: Callable[[list[str]], dict[str, int]]
    states: dict[str, StoryState] = field(default_factory=dict)
    # key -> the states that have held it: only they can share a key with an article (a key dropped by
    # `StoryState.add`'s cut stays listed; every use checks the state's keys again).
    holders: dict[str, set[str]] = field(default_factory=dict)
    # Keys whose stored stories have been asked for. Not "keys some loaded state holds": a story loaded
    # through another key, or begun earlier in the batch, holds a key without its stored holders being
    # loaded, and those would then never be scored.
    looked_up: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for state in self.states.values():
            self._index(state)

    def assign(self, analysis: ArticleAnalysis, *, joins_story: str | None = None) -> str:
        """The story this article belongs to; `joins_story` forces one (a copy joins its original's)."""
        keys = article_keys(analysis)
        published = analysis.article.published
        if joins_story is not None:
            story = self._state(joins_story)
            story.add(keys, published)
            self._index(story)
            return story.id
        wanted = [k for k in keys if k not in self.looked_up]
        self.looked_up.update(wanted)
        for story_id, state in self.lookup(wanted).items():
            if story_id not in self.states:
                self.states[story_id] = state
                self._index(state)
        frequency = self.frequency(list(keys))
        for k in keys:  # stories of this batch count too
            new_holders = sum(1 for state in self._holding(k) if state.is_new)
            if new_holders:
                frequency[k] = frequency.get(k, 0) + new_holders
        best: tuple[float, str] | None = None
        candidates = {state.id: state for k in keys for state in self._holding(k)}
        for state in candidates.values():
            if not _within_window(state, published):
                continue
            score = score_story(keys, state, frequency)
            if score >= JOIN_THRESHOLD and (best is None or (score, state.id) > best):
                best = (score, state.id)
        if best is not None:
            story = self.states[best[1]]
        else:
            story = StoryState(id=stable_id("sto_", analysis.article.id), is_new=True)
            self.states[story.id] = story
        story.add(keys, published)
        self._index(story)
        return story.id

    def _holding(self, key: str) -> list[StoryState]:
        """The states whose keys hold `key` now."""
        return [self.states[sid] for sid in self.holders.get(key, ()) if key in self.states[sid].keys]

    def _index(self, state: StoryState) -> None:
        for key in state.keys:
            self.holders.setdefault(key, set()).add(state.id)

    def _state(self, story_id: str) -> StoryState:
        if story_id not in self.states:
            self.states[story_id] = self.load(story_id) or StoryState(id=story_id, is_new=True)
            self._index(self.states[story_id])
        return self.states[story_id]

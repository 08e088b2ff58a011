"""Clustering event mentions that report the same real-world event: the machinery both the event
merger (`event_merge.py`, over one story's EventMentions) and the ECB+ evaluation (over gold mentions)
use.

A mention is reduced to `MentionFeatures`; a pair scores by `pair_score` (None = cannot link: types
that never corefer, dates or places that exclude each other, different targets); clusters grow greedily
from the best-scoring pair down, and two clusters merge only when every cross pair may link
(complete-link on the constraints, single-link on the evidence). Ties break on the mentions' keys, so
the result does not depend on input order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from newsgraph.model import EventDate, Place

# Reports of one incident disagree by a day (time zones, "overnight", the day it was reported): such
# dates are compatible, and the merged event records the disagreement as a conflict.
DATE_TOLERANCE_DAYS = 1

# Type pairs that can name one event: a killing is reported as an attack by some and as deaths by
# others. DIE/ANNOUNCE is not among them: an announcement of deaths is another event.
COMPATIBLE_TYPES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("ASSAULT", "DIE"),
        ("ASSAULT", "INJURE"),
        ("ASSAULT", "KILL"),
        ("KILL", "DIE"),
        ("DIE", "INJURE"),
        ("ACCIDENT", "DIE"),
        ("ACCIDENT", "INJURE"),
        ("DISASTER", "DIE"),
        ("DISASTER", "INJURE"),
        ("COERCE", "ARREST"),
        ("SEIZE", "ARREST"),
    )
)

# Enclosing order of place precisions: a city lies within its admin1, which lies within its country.
_PLACE_LEVEL = {"point": 0, "city": 1, "admin1": 2, "country": 3}


@dataclass(frozen=True)
class MentionFeatures:
    """What clustering needs to know about one mention; `key` is unique and sortable."""

    key: tuple[str, int, int]  # (document or article id, start, end)
    lemma: str
    type: str | None = None
    actors: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()  # every argument, any role (actors and targets too)
    date: EventDate | None = None
    place: Place | None = None
    extra: frozenset[str] = field(default_factory=frozenset)  # further context words, e.g. for ECB+

    @property
    def document(self) -> str:
        return self.key[0]


def _type_components() -> dict[str, str]:
    """Each type named in COMPATIBLE_TYPES -> one representative of the types it may link with through
    a chain of compatible pairs (ASSAULT, DIE, KILL, ... are one component)."""
    parent: dict[str, str] = {}

    def find(t: str) -> str:
        while parent.setdefault(t, t) != t:
            t = parent[t]
        return t

    for pair in COMPATIBLE_TYPES:
        a, b = sorted(pair)
        parent[find(b)] = find(a)
    return {t: find(t) for t in list(parent)}


_TYPE_COMPONENT = _type_components()


def type_block(event_type: str) -> str:
    """A blocking key: mentions whose types have different keys can never link (`types_compatible`)."""
    return _TYPE_COMPONENT.get(event_type, event_type)


def types_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return frozenset((a, b)) in COMPATIBLE_TYPES


def dates_compatible(a: EventDate | None, b: EventDate | None) -> bool:
    """Overlapping intervals at their precision (2024-02 contains 2024-02-19), within a day's slack."""
    if a is None or b is None or a.start is None or b.start is None:
        return True
    a_end = a.end or a.start
    b_end = b.end or b.start
    slack = timedelta(days=DATE_TOLERANCE_DAYS)
    return a.start - slack <= b_end and b.start - slack <= a_end


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    return a.name.casefold() == b.name.casefold() and a.country == b.country


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """The same place, or one contains the other (a city within its admin1 or country); unknown passes."""
    if a is None or b is None or a.precision in ("unknown", "region") or b.precision in ("unknown", "region"):
        return True
    if _same_place(a, b):
        return True
    if a.country and b.country and a.country != b.country:
        return False
    wide, narrow = (a, b) if _PLACE_LEVEL[a.precision] >= _PLACE_LEVEL[b.precision] else (b, a)
    if wide.precision == "country":
        return True  # same country (or a country unknown), the narrower place lies inside it
    if wide.precision == "admin1" and _PLACE_LEVEL[narrow.precision] < _PLACE_LEVEL["admin1"]:
        return (
            narrow.admin1 is None
            or narrow.admin1.casefold() == wide.name.casefold()
            or (wide.admin1 is not None and narrow.admin1.casefold() == wide.admin1.casefold())
        )
    return False  # two different cities (or points, or admin1s)


def place_contains(wide: Place, narrow: Place) -> bool:
    return places_compatible(wide, narrow) and _PLACE_LEVEL.get(wide.precision, 9) >= _PLACE_LEVEL.get(
        narrow.precision, 9
    )


def arguments_compatible(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Hard constraints: missing values never block, contradicting ones do."""
    if not types_compatible(a.type, b.type):
        return False
    if a.targets and b.targets and not a.targets & b.targets:
        return False
    return dates_compatible(a.date, b.date) and places_compatible(a.place, b.place)


def precise_date_equal(a: EventDate | None, b: EventDate | None) -> bool:
    return (
        a is not None
        and b is not None
        and a.precision == "day"
        and b.precision == "day"
        and a.start == b.start
    )


PairScore = Callable[[MentionFeatures, MentionFeatures], float | None]


def cluster_mentions(
    mentions: Sequence[MentionFeatures],
    *,
    pair_score: PairScore,
    threshold: float,
    block: Callable[[MentionFeatures], object] | None = None,
    candidate_keys: Callable[[MentionFeatures], Iterable[Hashable]] | None = None,
) -> list[list[MentionFeatures]]:
    """Greedy agglomerative clustering: link pairs from the best score down while clusters stay
    pairwise compatible (`pair_score` None for any cross pair forbids the merge).

    Deterministic: mentions are sorted by key first, equal scores are taken in key order, and the
    clusters come back sorted by their smallest key, each sorted by key. O(n²) pairs within a block:
    `block` (a key such that mentions of different keys always score None, e.g. `type_block`) splits
    the work without changing the result, since no merge ever joins two blocks. `candidate_keys` (keys
    such that any pair scoring >= `threshold` shares one) limits scoring to pairs that share a key.
    """
    if block is not None:
        blocks: dict[object, list[MentionFeatures]] = {}
        for mention in mentions:
            blocks.setdefault(block(mention), []).append(mention)
        if len(blocks) > 1:
            clusters = [
                cluster
                for members in blocks.values()
                for cluster in cluster_mentions(
                    members, pair_score=pair_score, threshold=threshold, candidate_keys=candidate_keys
                )
            ]
            return sorted(clusters, key=lambda cluster: cluster[0].key)
    ordered = sorted(mentions, key=lambda m: m.key)
    count = len(ordered)
    scores: dict[tuple[int, int], float | None] = {}

    def score_of(i: int, j: int) -> float | None:
        if (i, j) not in scores:
            scores[(i, j)] = pair_score(ordered[i], ordered[j])
        return scores[(i, j)]

    if candidate_keys is None:
        pairs: Iterable[tuple[int, int]] = ((i, j) for i in range(count) for j in range(i + 1, count))
    else:
        # Only pairs that share a key can reach the threshold; the others are scored on demand, when
        # a merge must check that no cross pair forbids it.
        buckets: dict[Hashable, list[int]] = {}
        for index, mention in enumerate(ordered):
            for key in candidate_keys(mention):
                buckets.setdefault(key, []).append(index)
        pairs = sorted({(i, j) for bucket in buckets.values() for i, j in itertools.combinations(bucket, 2)})
    candidates: list[tuple[float, int, int]] = []
    for i, j in pairs:
        score = score_of(i, j)
        if score is not None and score >= threshold:
            candidates.append((-score, i, j))
    candidates.sort()
    cluster_of = list(range(count))
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    for _, i, j in candidates:
        left, right = cluster_of[i], cluster_of[j]
        if left == right:
            continue
        if any(score_of(min(x, y), max(x, y)) is None for x in members[left] for y in members[right]):
            continue
        keep, drop = min(left, right), max(left, right)
        for index in members[drop]:
            cluster_of[index] = keep
        members[keep].extend(members.pop(drop))
    clusters = [[ordered[index] for index in sorted(group)] for group in members.values()]
    return sorted(clusters, key=lambda cluster: cluster[0].key)

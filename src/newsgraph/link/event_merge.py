"""Merging the event reports of one story into Events.

The story is the blocking key: only one story's mentions are compared, so the cost does not grow with
the corpus. Two mentions corefer when (see `mention_clustering.py`) their types are compatible, their
targets overlap (missing ones do not block), their dates overlap at their precision and their places
are the same or one contains the other; on top of that the pair needs some evidence: a shared
participant, the same day, the same named place or the same trigger lemma.

An Event takes
- the most precise date and place among its mentions (day > month > year; point > city > admin1 >
  country), the most common value at that precision;
- the union of participants, each with the role most of its mentions give it;
- the modality of its strongest mention: asserted > reported > alleged > future > speculated >
  hypothetical > denied > negated (an event is as certain as the most certain report of it);
- `sources` (distinct articles) and `independent_sources` (articles after collapsing copies to their
  original through `copy_of`);
- `conflicts`: fatalities, day-precise dates, places and actors that disagree between mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence

from newsgraph.link.mention_clustering import (
    MentionFeatures,
    arguments_compatible,
    cluster_mentions,
    type_block,
    types_compatible,
)
from newsgraph.model import (
    Conflict,
    Event,
    EventDate,
    EventMention,
    Modality,
    Participant,
    Place,
    Role,
    stable_id,
)

MODALITY_STRENGTH: tuple[Modality, ...] = (
    "asserted", "reported", "alleged", "future", "speculated", "hypothetical", "denied", "negated",
)  # fmt: skip
_DATE_PRECISION = {"day": 0, "month": 1, "year": 2, "unknown": 3}
_PLACE_PRECISION = {"point": 0, "city": 1, "admin1": 2, "country": 3, "region": 4, "unknown": 5}
_ROLE_ORDER: dict[Role, int] = {"actor": 0, "target": 1, "other": 2}

# Evidence that two compatible mentions are one event (summed; a link needs MERGE_THRESHOLD). Each kind
# alone suffices: within one story, two compatible attacks on the same target, on the same day or in
# the same town are one attack; two that share nothing but a type are kept apart (a story can hold a
# series of strikes).
SHARED_PARTICIPANT = 1.0
SAME_DAY = 1.0
SAME_PLACE = 1.0
SAME_LEMMA = 0.6
SAME_TYPE = 0.4
MERGE_THRESHOLD = 1.0


# Inflection and nominal endings folded so "attacked"/"attack"/"attacking" and "killed"/"killing" share a
# stem (longest first; a stem keeps at least STEM_MIN characters so "used" does not become "us").
_ENDINGS = ("ations", "ation", "ings", "ing", "ions", "ion", "ied", "ies", "ed", "es", "s", "e")
STEM_MIN = 4


def trigger_stem(trigger: str) -> str:
    """A crude stem of a trigger's words: enough to tell that two reports use the same word."""
    words = []
    for word in trigger.casefold().split():
        stem = word
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= STEM_MIN:
                stem = word[: -len(ending)]
                break
        words.append(stem)
    return " ".join(words)


def mention_key(mention: EventMention) -> tuple[str, int, int]:
    return (mention.article_id, mention.trigger_start, mention.trigger_end)


def is_anaphoric(mention: EventMention) -> bool:
    """No participant, place, date or toll of its own: "the attack was planned" refers back to an event
    the story reports elsewhere (extraction keeps such mentions only for definite nominals)."""
    return (
        not mention.participants
        and mention.place is None
        and mention.date.start is None
        and mention.fatalities is None
    )


def fold_anaphoric(clusters: list[list[EventMention]]) -> list[list[EventMention]]:
    """Clusters made only of anaphoric mentions join the story's best-attested cluster of a compatible
    type (the most mentions, then the most articles); with none to join they stay as they are."""
    anchored = [list(c) for c in clusters if not all(is_anaphoric(m) for m in c)]
    unanchored: list[list[EventMention]] = []
    for cluster in clusters:
        if not all(is_anaphoric(m) for m in cluster):
            continue
        event_type = cluster[0].type
        candidates = [c for c in anchored if types_compatible(event_type, _most_common([m.type for m in c]))]
        candidates = [c for c in candidates if any(m.type == event_type for m in c)] or candidates
        if not candidates:
            # Two bare reports of one type in one sentence ("launched an investigation and are searching")
            # are one occurrence.
            sentences = {(m.article_id, m.sentence_start) for m in cluster}
            same = next(
                (
                    c
                    for c in unanchored
                    if c[0].type == event_type and sentences & {(m.article_id, m.sentence_start) for m in c}
                ),
                None,
            )
            if same is None:
                unanchored.append(list(cluster))
            else:
                same.extend(cluster)
            continue
        # max keeps the first of equals, and `clusters` come sorted by key: deterministic.
        best = max(candidates, key=lambda c: (len(c), len({m.article_id for m in c})))
        best.extend(cluster)
    return anchored + unanchored


def event_mention_features(mention: EventMention) -> MentionFeatures:
    actors = frozenset(p.entity_id for p in mention.participants if p.role == "actor")
    targets = frozenset(p.entity_id for p in mention.participants if p.role == "target")
    return MentionFeatures(
        key=mention_key(mention),
        lemma=trigger_stem(mention.trigger),
        type=mention.type,
        actors=actors,
        targets=targets,
        participants=frozenset(p.entity_id for p in mention.participants),
        date=mention.date if mention.date.start is not None else None,
        place=mention.place.place if mention.place is not None else None,
    )


def block_by_type(features: MentionFeatures) -> str:
    return type_block(features.type or "")


def merge_candidate_keys(features: MentionFeatures) -> list[Hashable]:
    """Keys such that two mentions scoring >= MERGE_THRESHOLD under `event_pair_score` share one: a
    participant, a day, a place, or the same lemma with the same type (0.6 + 0.4). Anything less
    (a type alone, 0.4; a lemma alone, 0.6) stays below the threshold."""
    assert SAME_LEMMA + SAME_TYPE >= MERGE_THRESHOLD > max(SAME_LEMMA, SAME_TYPE)
    keys: list[Hashable] = [("participant", p) for p in features.participants]
    if features.date is not None and features.date.precision == "day":
        keys.append(("day", features.date.start))
    if features.place is not None:
        keys.append(("place", features.place.geonameid or features.place.name))
    keys.append(("lemma", features.lemma, features.type))
    return keys


def event_pair_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    if not arguments_compatible(a, b):
        return None
    score = 0.0
    if a.participants & b.participants:
        score += SHARED_PARTICIPANT
    if (
        a.date is not None
        and b.date is not None
        and a.date.precision == "day"
        and b.date.precision == "day"
        and a.date.start == b.date.start
    ):
        score += SAME_DAY
    if (
        a.place is not None
        and b.place is not None
        and a.place.precision in ("point", "city")
        and (a.place.geonameid or a.place.name) == (b.place.geonameid or b.place.name)
    ):
        score += SAME_PLACE
    if a.lemma == b.lemma:
        score += SAME_LEMMA
    if a.type == b.type:
        score += SAME_TYPE
    return score


def copy_root(article_id: str, copy_of: Mapping[str, str | None]) -> str:
    """Follow `copy_of` to the original (cycle-safe: a broken chain stops where it loops)."""
    seen = {article_id}
    current = article_id
    while (parent := copy_of.get(current)) is not None and parent not in seen:
        seen.add(parent)
        current = parent
    return current


def _most_common(values: Sequence[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _merged_date(mentions: Sequence[EventMention]) -> tuple[EventDate, Conflict | None]:
    dated = [m for m in mentions if m.date.start is not None]
    if not dated:
        return EventDate(None, None, "unknown", None), None
    best = min(_DATE_PRECISION[m.date.precision] for m in dated)
    precise = [m for m in dated if _DATE_PRECISION[m.date.precision] == best]
    values = [str(m.date.start) for m in precise]
    chosen_value = _most_common(values)
    chosen = next(m.date for m in precise if str(m.date.start) == chosen_value)
    conflict = None
    if best == _DATE_PRECISION["day"] and len(set(values)) > 1:
        conflict = Conflict("date", tuple(sorted(set(values))), _article_ids(precise))
    return chosen, conflict


def _merged_place(mentions: Sequence[EventMention]) -> tuple[Place | None, Conflict | None]:
    placed = [m for m in mentions if m.place is not None and m.place.place is not None]
    if not placed:
        return None, None
    places = [m.place.place for m in placed if m.place is not None and m.place.place is not None]
    best = min(_PLACE_PRECISION[p.precision] for p in places)
    precise = [p for p in places if _PLACE_PRECISION[p.precision] == best]
    names = [p.name for p in precise]
    chosen_name = _most_common(names)
    chosen = next(p for p in precise if p.name == chosen_name)
    conflict = None
    if best <= _PLACE_PRECISION["city"] and len(set(names)) > 1:
        conflicting = [
            m
            for m in placed
            if m.place is not None and m.place.place is not None and m.place.place.name in names
        ]
        conflict = Conflict("place", tuple(sorted(set(names))), _article_ids(conflicting))
    return chosen, conflict


def _article_ids(mentions: Sequence[EventMention]) -> tuple[str, ...]:
    return tuple(sorted({m.article_id for m in mentions}))


def _merged_participants(mentions: Sequence[EventMention]) -> tuple[Participant, ...]:
    roles: dict[str, Counter[Role]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        for participant in mention.participants:
            roles[participant.entity_id][participant.role] += 1
            names[participant.entity_id][participant.name] += 1
    merged = []
    for entity_id, role_counts in roles.items():
        role = min(role_counts, key=lambda r: (-role_counts[r], _ROLE_ORDER[r]))
        merged.append(Participant(entity_id, _most_common(list(names[entity_id].elements())), role))
    return tuple(sorted(merged, key=lambda p: (_ROLE_ORDER[p.role], p.name, p.entity_id)))


def _actor_conflict(mentions: Sequence[EventMention]) -> Conflict | None:
    """Mentions that name actors, and name disjoint ones: who did it is disputed."""
    actor_sets = {
        m.article_id: frozenset(p.name for p in m.participants if p.role == "actor") for m in mentions
    }
    named = {article: actors for article, actors in actor_sets.items() if actors}
    distinct = set(named.values())
    if len(distinct) < 2:
        return None
    sets = list(distinct)
    if any(a & b for i, a in enumerate(sets) for b in sets[i + 1 :]):
        return None  # overlapping accounts ("police and army" / "police") are not a dispute
    values = tuple(sorted(" and ".join(sorted(s)) for s in sets))
    return Conflict("actor", values, tuple(sorted(named)))


def _fatalities(mentions: Sequence[EventMention]) -> tuple[int | None, Conflict | None]:
    counted = [m for m in mentions if m.fatalities is not None]
    if not counted:
        return None, None
    counts = Counter(m.fatalities for m in counted if m.fatalities is not None)
    # The most reported figure; on a tie the higher one, as tolls tend to rise as reports come in.
    chosen = min(counts, key=lambda n: (-counts[n], -n))
    conflict = None
    if len(counts) > 1:
        conflict = Conflict("fatalities", tuple(str(n) for n in sorted(counts)), _article_ids(counted))
    return chosen, conflict


# A death of unstated cause is the least specific report: a cluster that also holds a killing, an accident
# or a disaster is that ("the body of X" + "X was shot dead" is an ASSAULT).
SPECIFIC_OVER_DIE = ("ASSAULT", "ACCIDENT", "DISASTER")


def merged_type(types: Sequence[str]) -> str:
    chosen = _most_common(list(types))
    if chosen == "DIE":
        specific = [t for t in types if t in SPECIFIC_OVER_DIE]
        if specific:
            return _most_common(specific)
    return chosen


# Modalities whose sentence does not tell the event as it happened: a poor headline for it.
WEAK_MODALITIES = ("negated", "hypothetical", "denied", "future")


def _best_summary(mentions: Sequence[EventMention], event_type: str) -> str | None:
    """The summary of the mention that says most: the event's own type, told as fact, with who, when
    and where ("Maksim Kuzminov found dead in Villajoyosa" over "Kuzminov (assault: body)")."""
    candidates = [m for m in mentions if m.summary]
    if not candidates:
        return None
    best = min(
        candidates,
        key=lambda m: (
            m.type != event_type,
            m.modality in WEAK_MODALITIES,
            "(" in (m.summary or ""),
            -len(m.participants),
            m.date.precision == "unknown",
            m.place is None,
            mention_key(m),
        ),
    )
    return best.summary


def build_event(
    mentions: Sequence[EventMention], *, copy_of: Mapping[str, str | None], story_id: str | None
) -> Event:
    """One Event from the mentions of one cluster (at least one)."""
    ordered = sorted(mentions, key=mention_key)
    first = ordered[0]
    event_date, date_conflict = _merged_date(ordered)
    place, place_conflict = _merged_place(ordered)
    fatalities, fatality_conflict = _fatalities(ordered)
    strongest = min(ordered, key=lambda m: (MODALITY_STRENGTH.index(m.modality), mention_key(m)))
    modes = [m.mode for m in ordered if m.mode]
    event_type = merged_type([m.type for m in ordered])
    summary = _best_summary(ordered, event_type)
    if summary and place is not None and " in " not in summary:
        summary = f"{summary} in {place.name}"  # the place another report or sentence gave
    articles = {m.article_id for m in ordered}
    conflicts = tuple(
        c
        for c in (fatality_conflict, date_conflict, place_conflict, _actor_conflict(ordered))
        if c is not None
    )
    key = mention_key(first)
    return Event(
        id=stable_id("evt_", key[0], str(key[1]), str(key[2])),
        story_id=story_id,
        type=event_type,
        mode=_most_common(modes) if modes else None,
        summary=summary,
        date=event_date,
        place=place,
        participants=_merged_participants(ordered),
        fatalities=fatalities,
        modality=strongest.modality,
        mentions=tuple(ordered),
        sources=len(articles),
        independent_sources=len({copy_root(a, copy_of) for a in articles}),
        conflicts=conflicts,
    )


def merge_event_reports(
    mentions: Sequence[EventMention], *, copy_of: Mapping[str, str | None], story_id: str | None
) -> list[Event]:
    """Cluster one story's event mentions into Events; the same input in any order gives the same list,
    sorted by date (undated last), then id."""
    # One mention per trigger: the same report passed twice must not count twice.
    by_key = {mention_key(m): m for m in sorted(mentions, key=lambda m: (mention_key(m), m.type))}
    features = [event_mention_features(m) for m in by_key.values()]
    # Types that can never name one event are clustered apart: a long story's hundreds of reports
    # would otherwise cost every pair.
    blocking = None if any(f.type is None for f in features) else block_by_type
    clusters = cluster_mentions(
        features,
        pair_score=event_pair_score,
        threshold=MERGE_THRESHOLD,
        block=blocking,
        candidate_keys=merge_candidate_keys,
    )
    grouped = fold_anaphoric([[by_key[f.key] for f in cluster] for cluster in clusters])
    events = [build_event(cluster, copy_of=copy_of, story_id=story_id) for cluster in grouped]
    return sorted(
        events, key=lambda e: (e.date.start is None, e.date.start.isoformat() if e.date.start else "", e.id)
    )

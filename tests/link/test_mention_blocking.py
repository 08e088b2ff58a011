"""Blocking event mentions by type component, and scoring only pairs that share a key, change the
cost of clustering, never its result."""

from __future__ import annotations

import random
from datetime import date

from newsgraph.link.event_merge import MERGE_THRESHOLD, block_by_type, event_pair_score, merge_candidate_keys
from newsgraph.link.mention_clustering import MentionFeatures, cluster_mentions, type_block, types_compatible
from newsgraph.model import EventDate, Place

TYPES = ["ASSAULT", "DIE", "KILL", "INJURE", "ARREST", "COERCE", "SEIZE", "PROTEST", "ANNOUNCE", "ACCIDENT"]
LEMMAS = ["attack", "kill", "die", "shoot", "arrest", "detain", "protest", "say", "crash"]


def _random_mentions(rng: random.Random, count: int) -> list[MentionFeatures]:
    people = [f"ent_{i}" for i in range(6)]
    places = [
        None,
        Place("Villajoyosa", 38.5, -0.23, "ES", "Valencia", "city", "1"),
        Place("El Campello", 38.43, -0.4, "ES", "Valencia", "city", "2"),
        Place("Valencia", 39.0, -0.5, "ES", "Valencia", "admin1", "3"),
        Place("Spain", 40.0, -4.0, "ES", None, "country", "4"),
        Place("Lagos", 6.5, 3.4, "NG", None, "city", None),
    ]
    mentions = []
    for index in range(count):
        day = rng.choice([None, 1, 2, 3, 20])
        targets = frozenset(rng.sample(people, rng.randint(0, 1)))
        participants = targets | frozenset(rng.sample(people, rng.randint(0, 2)))
        mentions.append(
            MentionFeatures(
                key=(f"art_{rng.randint(0, 9)}", index * 10, index * 10 + 5),
                lemma=rng.choice(LEMMAS),
                type=rng.choice(TYPES),
                targets=targets,
                participants=participants,
                date=EventDate(date(2024, 2, day), None, "day", None) if day else None,
                place=rng.choice(places),
            )
        )
    return mentions


def test_type_blocks_follow_compatibility() -> None:
    for a in TYPES:
        for b in TYPES:
            if types_compatible(a, b):
                assert type_block(a) == type_block(b), (a, b)


def test_blocked_clustering_equals_unblocked() -> None:
    rng = random.Random(5)
    merged = 0
    for _ in range(20):
        mentions = _random_mentions(rng, rng.randint(2, 60))
        plain = cluster_mentions(mentions, pair_score=event_pair_score, threshold=MERGE_THRESHOLD)
        blocked = cluster_mentions(
            mentions,
            pair_score=event_pair_score,
            threshold=MERGE_THRESHOLD,
            block=block_by_type,
            candidate_keys=merge_candidate_keys,
        )
        assert blocked == plain
        merged += sum(1 for cluster in plain if len(cluster) > 1)
    assert merged > 20  # the cases do merge: the equality is not that of singletons

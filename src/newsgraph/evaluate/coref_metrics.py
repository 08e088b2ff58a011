"""Coreference scores: MUC, B³, CEAF-e and their average, the CoNLL F1.

The definitions are those of the reference CoNLL scorer (Pradhan et al. 2014, "Scoring coreference
partitions of predicted mentions"), which `coval` reimplements:
- MUC (Vilain et al. 1995): links. Recall = Σ(|K| − |p(K)|) / Σ(|K| − 1), where p(K) is the partition
  of key cluster K by the response (a key mention missing from the response is a part of its own);
  precision swaps key and response. Singletons contribute nothing.
- B³ (Bagga & Baldwin 1998): per mention. Recall = Σ_K Σ_R |K∩R|² / |K| over all key mentions;
  precision swaps. Singletons count.
- CEAF-e (Luo 2005): the best one-to-one alignment of key and response clusters under
  φ4(K, R) = 2|K∩R| / (|K| + |R|); recall = Σφ4 / #key clusters, precision = Σφ4 / #response clusters.

A clustering is a mapping from mention to cluster label; mentions are any hashable values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from newsgraph.evaluate.common import f1


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def clusters_of(labels: Mapping[Any, Hashable]) -> list[frozenset[Hashable]]:
    """Group mentions by label: {m1: "a", m2: "a", m3: "b"} -> [{m1, m2}, {m3}]."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in labels.items():
        groups[label].add(mention)
    return [frozenset(group) for group in groups.values()]


def _muc_recall(key: list[frozenset[Hashable]], response: Mapping[Any, Hashable]) -> float:
    numerator = 0
    denominator = 0
    for cluster in key:
        parts = {response.get(mention, ("missing", mention)) for mention in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Mapping[Any, Hashable], response: Mapping[Any, Hashable]) -> Score:
    return Score(
        recall=_muc_recall(clusters_of(key), response),
        precision=_muc_recall(clusters_of(response), key),
    )


def _b_cubed_recall(key: list[frozenset[Hashable]], response: Mapping[Any, Hashable]) -> float:
    total = sum(len(cluster) for cluster in key)
    if not total:
        return 0.0
    score = 0.0
    for cluster in key:
        overlaps: dict[Hashable, int] = defaultdict(int)
        for mention in cluster:
            if mention in response:
                overlaps[response[mention]] += 1
        score += sum(count * count for count in overlaps.values()) / len(cluster)
    return score / total


def b_cubed(key: Mapping[Any, Hashable], response: Mapping[Any, Hashable]) -> Score:
    return Score(
        recall=_b_cubed_recall(clusters_of(key), response),
        precision=_b_cubed_recall(clusters_of(response), key),
    )


def ceaf_e(key: Mapping[Any, Hashable], response: Mapping[Any, Hashable]) -> Score:
    """Entity-based CEAF with φ4; the alignment is solved exactly (Hungarian method)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    key_clusters = clusters_of(key)
    response_clusters = clusters_of(response)
    if not key_clusters or not response_clusters:
        return Score(0.0, 0.0)
    response_index = {label: i for i, label in enumerate(dict.fromkeys(response.values()))}
    response_sizes = [0] * len(response_index)
    for label in response.values():
        response_sizes[response_index[label]] += 1
    # A sparse similarity: only overlapping pairs are non-zero, and the alignment decomposes over
    # connected components, but one dense solve is fast enough at benchmark sizes (hundreds per side).
    similarity = np.zeros((len(key_clusters), len(response_index)))
    for row, cluster in enumerate(key_clusters):
        overlaps: dict[int, int] = defaultdict(int)
        for mention in cluster:
            if mention in response:
                overlaps[response_index[response[mention]]] += 1
        for column, shared in overlaps.items():
            similarity[row, column] = 2 * shared / (len(cluster) + response_sizes[column])
    rows, columns = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, columns].sum())
    return Score(recall=total / len(key_clusters), precision=total / len(response_index))


@dataclass(frozen=True)
class CorefScores:
    muc: Score
    b_cubed: Score
    ceaf_e: Score

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        values = {"conll_f1": self.conll_f1}
        for name, score in (("muc", self.muc), ("b3", self.b_cubed), ("ceafe", self.ceaf_e)):
            values[f"{name}_r"] = score.recall
            values[f"{name}_p"] = score.precision
            values[f"{name}_f1"] = score.f1
        return {f"{prefix}{name}": round(value, 4) for name, value in values.items()}


def score_clustering(key: Mapping[Any, Hashable], response: Mapping[Any, Hashable]) -> CorefScores:
    return CorefScores(muc=muc(key, response), b_cubed=b_cubed(key, response), ceaf_e=ceaf_e(key, response))

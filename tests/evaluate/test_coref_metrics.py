"""Known values from Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions"."""

from __future__ import annotations

import pytest

from newsgraph.evaluate.coref_metrics import b_cubed, ceaf_e, muc, score_clustering

KEY = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2, "g": 2}
RESPONSE = {"a": "x", "b": "x", "c": "y", "d": "y", "f": "z", "g": "z", "h": "z", "i": "z"}


def test_muc_on_the_paper_example() -> None:
    score = muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(0.4)
    assert score.precision == pytest.approx(0.4)


def test_b_cubed_on_the_paper_example() -> None:
    score = b_cubed(KEY, RESPONSE)
    assert score.recall == pytest.approx(5 / 12)
    assert score.precision == pytest.approx(0.5)


def test_ceaf_e_on_the_paper_example() -> None:
    score = ceaf_e(KEY, RESPONSE)
    assert score.recall == pytest.approx(0.65)
    assert score.precision == pytest.approx(1.3 / 3)


def test_identical_clusterings_score_one() -> None:
    scores = score_clustering(KEY, dict(KEY))
    assert scores.conll_f1 == pytest.approx(1.0)


def test_all_singletons_against_one_cluster() -> None:
    key = dict.fromkeys("abcd", "one")
    response = {m: m for m in "abcd"}
    scores = score_clustering(key, response)
    assert scores.muc.recall == 0.0
    assert scores.b_cubed.precision == pytest.approx(1.0)
    assert scores.b_cubed.recall == pytest.approx(0.25)
    # One key cluster aligned with one singleton: φ4 = 2/5.
    assert scores.ceaf_e.recall == pytest.approx(0.4)
    assert scores.ceaf_e.precision == pytest.approx(0.1)

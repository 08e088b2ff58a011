from __future__ import annotations

import random

from newsgraph.link.copies import (
    LSH_BANDS,
    NEAR_THRESHOLD,
    CopyCandidate,
    CopyMatch,
    band_keys,
    choose_copy_of,
    classify_copy,
    content_fingerprint,
    estimated_jaccard,
    fingerprint_overlap,
    is_rewrite,
    minhash_signature,
    normalize_for_shingles,
)
from newsgraph.model import EntityMention, TimeExpression

from .copy_fixtures import INDEPENDENT, ORIGINAL, REWRITE, SAME_TOPIC


def _substitute(text: str, count: int, seed: int = 0) -> str:
    words = text.split(" ")
    for index in random.Random(seed).sample(range(len(words)), count):
        words[index] = f"changed{index}"
    return " ".join(words)


def test_normalisation_ignores_case_and_punctuation() -> None:
    assert normalize_for_shingles("The U.S. Army, on Tuesday!") == ["the", "u", "s", "army", "on", "tuesday"]


def test_signature_is_deterministic_and_full_length() -> None:
    first = minhash_signature(ORIGINAL)
    assert len(first) == 128
    assert first == minhash_signature(ORIGINAL)
    assert minhash_signature("") == ()
    assert minhash_signature("  ,.; ") == ()


def test_identical_words_give_jaccard_one() -> None:
    assert estimated_jaccard(minhash_signature(ORIGINAL), minhash_signature(ORIGINAL.upper())) == 1.0


def test_small_edits_are_near_copies() -> None:
    original = minhash_signature(ORIGINAL)
    for edited in (
        _substitute(ORIGINAL, 3),
        _substitute(ORIGINAL, 5, seed=1),
        ORIGINAL + "\n\nThe mayor said the town would rebuild the footbridge before winter.",
        ORIGINAL.rsplit("\n\n", 1)[0],
    ):
        assert estimated_jaccard(original, minhash_signature(edited)) >= NEAR_THRESHOLD


def test_other_articles_are_not_near_copies() -> None:
    original = minhash_signature(ORIGINAL)
    for other in (REWRITE, INDEPENDENT, SAME_TOPIC):
        assert estimated_jaccard(original, minhash_signature(other)) < 0.2


def test_band_keys_shared_by_near_copies_only() -> None:
    keys = band_keys(minhash_signature(ORIGINAL))
    assert len(keys) == LSH_BANDS
    assert len(set(keys)) == LSH_BANDS  # the band index is part of the key
    near = band_keys(minhash_signature(_substitute(ORIGINAL, 3)))
    assert set(keys) & set(near)
    assert not set(keys) & set(band_keys(minhash_signature(INDEPENDENT)))
    assert band_keys(()) == ()


def test_classify_copy() -> None:
    sig = minhash_signature(ORIGINAL)
    near_sig = minhash_signature(_substitute(ORIGINAL, 4))
    other_sig = minhash_signature(SAME_TOPIC)
    kwargs = {"content_hash": "h1", "signature": sig}
    assert classify_copy(**kwargs, candidate_hash="h1", candidate_signature=other_sig) == "exact"
    assert classify_copy(**kwargs, candidate_hash="h2", candidate_signature=near_sig) == "near"
    assert classify_copy(**kwargs, candidate_hash="h2", candidate_signature=other_sig) is None


def test_choose_copy_of_follows_to_the_earliest_original() -> None:
    original = CopyCandidate("a1", seen_order=1, copy_of=None)
    later_original = CopyCandidate("a0", seen_order=5, copy_of=None)
    copy_of_original = CopyCandidate("a2", seen_order=2, copy_of="a1")
    assert choose_copy_of([CopyMatch(copy_of_original, "near")]) == ("a1", "near")
    assert choose_copy_of(
        [
            CopyMatch(later_original, "exact"),
            CopyMatch(copy_of_original, "near"),
            CopyMatch(original, "exact"),
        ]
    ) == ("a1", "exact")
    assert choose_copy_of([]) is None


def _mentions(names: list[str]) -> list[EntityMention]:
    return [EntityMention(0, len(name), name, "ORG", name) for name in names]


ORIGINAL_NAMES = [
    "Varna",
    "Brellin",
    "the Civil Protection Agency",
    "Osk district",
    "Marta Kovel",
    "Anton Rusk",
]
REWRITE_NAMES = ["Varna", "Brellin", "Civil Protection Agency", "Osk", "Marta Kovel", "Anton Rusk"]
INDEPENDENT_NAMES = [
    "Brellin",
    "Varna",
    "Ivo Marek",
    "the Civil Protection Agency",
    "Dalen",
    "Petra Lind",
    "Koss",
    "Elena Varga",
]


def test_fingerprint_normalises_numbers_and_dates() -> None:
    text = "Twelve people died and 1,200 fled; damage reached 3.5 million dollars on 19 February 2024."
    timex = TimeExpression(
        text.index("19"), len(text) - 1, "19 February 2024", "DATE", "2024-02-19", None, None, "day"
    )
    fp = content_fingerprint(mentions=_mentions(["The Red Cross"]), times=[timex], text=text)
    assert {"num:12", "num:1200", "num:3500000", "date:2024-02-19", "ent:red cross"} <= fp
    assert "num:19" not in fp and "num:2024" not in fp  # inside the date


def test_spun_rewrite_is_a_rewrite_and_an_independent_report_is_not() -> None:
    original = content_fingerprint(mentions=_mentions(ORIGINAL_NAMES), times=[], text=ORIGINAL)
    rewrite = content_fingerprint(mentions=_mentions(REWRITE_NAMES), times=[], text=REWRITE)
    independent = content_fingerprint(mentions=_mentions(INDEPENDENT_NAMES), times=[], text=INDEPENDENT)
    other = content_fingerprint(
        mentions=_mentions(["Selka", "Mirov", "Red Cross"]), times=[], text=SAME_TOPIC
    )
    assert fingerprint_overlap(original, rewrite) > 0.85
    assert is_rewrite(original, rewrite, text_jaccard=0.0)
    assert not is_rewrite(original, independent, text_jaccard=0.0)
    assert not is_rewrite(original, other, text_jaccard=0.0)
    # A near copy is reported as near, not as a rewrite.
    assert not is_rewrite(original, rewrite, text_jaccard=0.9)


def test_too_few_features_is_never_a_rewrite() -> None:
    brief = frozenset({"ent:brellin", "num:12", "date:2024-02-19"})
    assert not is_rewrite(brief, brief, text_jaccard=0.0)

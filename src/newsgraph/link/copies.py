"""Copies across articles: exact, near-duplicate and rewritten ("spun") versions of one report.

Pure functions; the store keeps the state. The pipeline runs them in two passes:

1. Before parsing (a copy needs no second parse): `minhash_signature` of the cleaned text, then
   `band_keys` to look up candidate articles in the store's `(band_key, article_id)` table (LSH, so
   nothing is compared all-pairs and no signature is held in memory), then `classify_copy` against each
   candidate and `choose_copy_of` to pick the earliest-seen original.
2. After NLP, among the candidates the lead supplies (articles sharing rare entities or in the same
   story): `content_fingerprint` for each article and `is_rewrite` for a pair.

Calibration (tests/link/test_copies_calibration.py regenerates the figures from hand-written text):
- 5-word shingles: each changed word breaks up to 5 shingles. On a 230-word report, 1/3/5/10 scattered
  word substitutions give an estimated Jaccard of 0.98/0.88/0.82/0.61, one 15-word sentence added 0.98,
  the last paragraph dropped 0.91; a spun rewrite, an independent report of the same incident and
  another article on the same topic all estimate 0.0.
- NEAR_THRESHOLD = 0.6 keeps every edit above (and up to ~10 substitutions on a 250-word text) while a
  different article is an order of magnitude below it.
- LSH: 20 bands of 6 rows (120 of the 128 permutations). A pair becomes a candidate with probability
  1-(1-J^6)^20: 0.998 at J=0.8, 0.92 at J=0.7, 0.62 at J=0.6, 0.08 at J=0.4, 2e-5 at J=0.1. The S-curve's
  midpoint, (1/20)^(1/6) ≈ 0.61, sits at NEAR_THRESHOLD, so pairs around 0.8 are almost never missed and
  unrelated articles almost never reach the (cheap) verification step.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.model import CopyKind, EntityMention, TimeExpression

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 5
MINHASH_SEED = 1  # fixed: signatures are stored, so they must be reproducible across runs

LSH_BANDS = 20
LSH_ROWS = 6

# Estimated Jaccard of 5-shingles at or above which two texts are one article with edits (see above).
NEAR_THRESHOLD = 0.6

# Rewrites (calibrated on hand-written pairs in tests/link/test_copies.py: a report, a spun version of
# it in other words, and an independent report of the same incident by another outlet).
# The spun version keeps nearly every name, figure and date (weighted Jaccard 0.93 with spaCy's
# entities); an independent report of the same incident shares the core facts (place, agency, death
# toll) but brings its own officials, quotes and figures (0.12); another flood on the same topic scores
# 0.06. A pair needs enough features for the overlap to mean anything: a three-fact brief matches
# every other brief on the same incident. Set at 0.6, not nearer the spun pair's 0.93: on real
# pipeline output NER noise ("Kirill B. they", "Belarus" vs "Belarusians") costs a true rewrite about
# 0.2 of overlap (the sample corpus's rewrite scores 0.69), while independent reports stay near 0.1.
REWRITE_MIN_OVERLAP = 0.6
REWRITE_MIN_FEATURES = 6  # distinct features on each side
REWRITE_MAX_TEXT_JACCARD = NEAR_THRESHOLD  # above it the pair is a near copy, not a rewrite
# Figures and dates identify a report more than names do (every report names the same president).
FEATURE_WEIGHTS = {"num": 2.0, "date": 2.0, "ent": 1.0}

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# "one" is mostly a pronoun ("one of the victims"); counting it would add noise to every article.
_AMBIGUOUS_NUMBER_WORDS = {"one"}


def normalize_for_shingles(text: str) -> list[str]:
    """Lowercased words with punctuation stripped (NFKC first, so typographic variants agree)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _shingles(words: Sequence[str]) -> set[bytes]:
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Built once per process: passing them in is 2.6x faster than rebuilding per text."""
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32")
    return template.permutations  # type: ignore[no-any-return]


def minhash_signature(text: str) -> tuple[int, ...]:
    """A 128-value MinHash of the text's word 5-shingles; () for a text without words."""
    from datasketch import MinHash

    shingles = _shingles(normalize_for_shingles(text))
    if not shingles:
        return ()
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_permutations(), scheme="affine32")
    minhash.update_batch(sorted(shingles))
    return tuple(int(value) for value in minhash.hashvalues)


# An ingest's parent asks for one article's band keys four or five times (copy routing, its cache,
# linking); the signatures of a few batches are what is asked again.
BAND_KEYS_CACHE = 4096


@functools.lru_cache(maxsize=BAND_KEYS_CACHE)
def band_keys(signature: tuple[int, ...], *, bands: int = LSH_BANDS, rows: int = LSH_ROWS) -> tuple[str, ...]:
    """LSH keys `"<band>:<hash of the band's rows>"`: two texts sharing any key are candidates.

    The hash is blake2b, not Python's `hash()`, so keys are stable across processes and runs.
    """
    if not signature:
        return ()
    if bands * rows > len(signature):
        raise ValueError(f"{bands} bands x {rows} rows need {bands * rows} values, got {len(signature)}")
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows]
        payload = b"".join(value.to_bytes(8, "little", signed=False) for value in chunk)
        keys.append(f"{band:02d}:{hashlib.blake2b(payload, digest_size=8).hexdigest()}")
    return tuple(keys)


def estimated_jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The share of equal MinHash values: an unbiased estimate of the shingle sets' Jaccard."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def classify_copy(
    *,
    content_hash: str,
    signature: tuple[int, ...],
    candidate_hash: str,
    candidate_signature: tuple[int, ...],
) -> CopyKind | None:
    """`exact` for the same normalised content, `near` for a Jaccard >= NEAR_THRESHOLD, else None."""
    if content_hash == candidate_hash:
        return "exact"
    if estimated_jaccard(signature, candidate_signature) >= NEAR_THRESHOLD:
        return "near"
    return None


@dataclass(frozen=True)
class CopyCandidate:
    """An article already in the store that shares a band key (or, for rewrites, rare entities)."""

    article_id: str
    seen_order: int  # ingest order (or first-seen timestamp as a sortable int)
    copy_of: str | None  # the candidate's own original, None when it is itself an original


@dataclass(frozen=True)
class CopyMatch:
    candidate: CopyCandidate
    kind: CopyKind


def choose_copy_of(matches: Iterable[CopyMatch]) -> tuple[str, CopyKind] | None:
    """The copy relation for a new article: the earliest-seen original among what it copies.

    A match that is itself a copy points to its own original (the root), so chains never form. The
    kind is that of the strongest match to the chosen root (exact > near > rewrite).
    """
    strength = {"exact": 0, "near": 1, "rewrite": 2}
    by_root: dict[str, tuple[int, int]] = {}  # root id -> (seen order, strongest kind)
    kinds: dict[str, CopyKind] = {}
    for match in matches:
        root = match.candidate.copy_of or match.candidate.article_id
        # An original's seen order is known only when it is itself among the matches; a root reached
        # through a copy ranks by that copy's order, which is later than the root's own.
        order = match.candidate.seen_order
        previous = by_root.get(root)
        rank = strength[match.kind]
        if previous is None:
            by_root[root] = (order, rank)
            kinds[root] = match.kind
        else:
            by_root[root] = (min(previous[0], order), min(previous[1], rank))
            if rank < strength[kinds[root]]:
                kinds[root] = match.kind
    if not by_root:
        return None
    root = min(by_root, key=lambda r: (by_root[r][0], r))
    return root, kinds[root]


# --- rewrites, after NLP -------------------------------------------------------------------------


# Longer digit runs are codes or garbage, not figures a report states; int() refuses past 4,300 digits.
MAX_FIGURE_DIGITS = 30


def _normalize_number(integer: str, fraction: str | None) -> str:
    value = integer.replace(",", "")
    if fraction and fraction.strip("0"):
        return f"{int(value)}.{fraction.rstrip('0')}"
    return str(int(value))


def _numbers(text: str, skip: Sequence[tuple[int, int]]) -> set[str]:
    """Figures in the text, digits and number words alike ("12" = "twelve", "3 million" = "3000000")."""
    found: set[str] = set()

    def inside_skip(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in skip)

    for match in _NUMBER.finditer(text):
        if inside_skip(match.start(), match.end()) or len(match.group(1)) > MAX_FIGURE_DIGITS:
            continue
        value = _normalize_number(match.group(1), match.group(2))
        following = text[match.end() : match.end() + 10].lstrip().casefold()
        for scale_word, scale in _SCALES.items():
            if following.startswith(scale_word):
                value = str(round(float(value) * scale))
                break
        found.add(value)
    for match in _WORD.finditer(text):
        word = match.group(0).casefold()
        if word in _NUMBER_WORDS and word not in _AMBIGUOUS_NUMBER_WORDS:
            if inside_skip(match.start(), match.end()):
                continue
            value_int = _NUMBER_WORDS[word]
            following = text[match.end() : match.end() + 10].lstrip().casefold()
            for scale_word, scale in _SCALES.items():
                if following.startswith(scale_word):
                    value_int *= scale
                    break
            found.add(str(value_int))
    return found


def content_fingerprint(
    *, mentions: Sequence[EntityMention], times: Sequence[TimeExpression], text: str
) -> frozenset[str]:
    """The facts of a report, independent of its wording: `ent:`, `num:` and `date:` features.

    Entities by canonical name (casefolded), figures normalised ("1,200" = "1200", "twelve" = "12"),
    dates by their TimeML value; figures inside a time expression count as its date, not as numbers.
    """
    features: set[str] = set()
    for mention in mentions:
        name = " ".join(mention.canonical.split()).casefold()
        # "the Civil Protection Agency" and "Civil Protection Agency" are one name to a rewriter.
        name = name.removeprefix("the ")
        if name:
            features.add(f"ent:{name}")
    skip: list[tuple[int, int]] = []
    for timex in times:
        skip.append((timex.start, timex.end))
        # Durations and relative references ("PRESENT_REF", "P1D") say nothing about which report it is.
        if timex.type == "DATE" and timex.value[:1].isdigit():
            features.add(f"date:{timex.value}")
    features.update(f"num:{number}" for number in _numbers(text, skip))
    return frozenset(features)


def _weight(feature: str) -> float:
    return FEATURE_WEIGHTS.get(feature.split(":", 1)[0], 1.0)


def fingerprint_overlap(fp_a: frozenset[str], fp_b: frozenset[str]) -> float:
    """Weighted Jaccard of two fingerprints (each feature weighs by its kind, FEATURE_WEIGHTS)."""
    union = fp_a | fp_b
    if not union:
        return 0.0
    shared = sum(_weight(f) for f in fp_a & fp_b)
    return shared / sum(_weight(f) for f in union)


def is_rewrite(fp_a: frozenset[str], fp_b: frozenset[str], *, text_jaccard: float) -> bool:
    """The same facts (names, figures, dates) in other words: high fingerprint overlap, low text overlap."""
    if text_jaccard >= REWRITE_MAX_TEXT_JACCARD:
        return False
    if min(len(fp_a), len(fp_b)) < REWRITE_MIN_FEATURES:
        return False
    return fingerprint_overlap(fp_a, fp_b) >= REWRITE_MIN_OVERLAP

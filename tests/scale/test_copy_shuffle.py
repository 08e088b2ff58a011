"""The copy shuffles of `--engine ray` (`scale/copies.py`) decide every copy as `link_batch` does alone.

The corpus (`copy_corpus.py`) is cleaned but not parsed, so no spaCy: `ArticleAnalysis` objects without
annotations, which `link_batch` links as it links parsed ones (copies need the text only). One store
links them locally, in batches of 3; another runs the copy pass and both shuffles on Ray over the same
documents, then links the same batches with the shuffles' candidates. Every article's copy_of and
copy_kind must agree, and the corpus must hold each case it was written for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.scale.copy_corpus import BATCH, NEW, PREVIOUS, STRIKE

from newsgraph.config import Settings
from newsgraph.link.batch import CopyCandidates, body_signature
from newsgraph.link.copies import NEAR_THRESHOLD, band_keys, estimated_jaccard
from newsgraph.model import Article, ArticleAnalysis, RawDocument, ReadFailure
from newsgraph.pipeline import IngestReport, chunked, clean_documents, link_and_write
from newsgraph.scale.copies import find_copy_candidates, near_matches
from newsgraph.scale.inputs import InputPart
from newsgraph.scale.runner import configure_ray_data, read_dataset
from newsgraph.store.db import Store

pytestmark = pytest.mark.ray

SETTINGS = Settings()
FAILS_ANALYSIS = "n13_election"  # cleaned by the copy pass, a failure in the stream that is linked


def raw(name: str, title: str, body: str) -> RawDocument:
    return RawDocument(origin=f"{name}.txt", content=body, kind="text", title=title)


def read_items() -> list[RawDocument | ReadFailure]:
    return [raw(*doc) if doc else ReadFailure("missing.txt", "no such file") for doc in NEW]


def linked_items(items: list[RawDocument | ReadFailure]) -> list[ArticleAnalysis | ReadFailure]:
    """What the analysis stream gives: cleaned articles (unparsed), and one analysis failure."""
    out: list[ArticleAnalysis | ReadFailure] = []
    for item in items:
        if isinstance(item, ReadFailure):
            out.append(item)
            continue
        (article,) = clean_documents([item], SETTINGS)
        assert isinstance(article, Article)
        if item.origin == f"{FAILS_ANALYSIS}.txt":
            out.append(ReadFailure(item.origin, "extraction failed: a test", "pipeline"))
        else:
            out.append(ArticleAnalysis(article=article))
    return out


def link(store: Store, items: list[ArticleAnalysis | ReadFailure], copies: CopyCandidates | None) -> None:
    for batch in chunked(items, BATCH):
        analyses = [i for i in batch if isinstance(i, ArticleAnalysis)]
        failures = [i for i in batch if isinstance(i, ReadFailure)]
        if copies is None:
            link_and_write(store, analyses, failures, IngestReport(), defer_merge=True)
        else:
            link_and_write(
                store, analyses, failures, IngestReport(), defer_merge=True, copy_candidates=copies
            )


def decisions(store: Store) -> dict[str, tuple[str | None, str | None]]:
    """file name -> (the file name of its copy_of, copy_kind)."""
    rows = store.con.execute("SELECT id, origin, copy_of, copy_kind FROM articles").fetchall()
    name = {article_id: origin.removesuffix(".txt") for article_id, origin, _, _ in rows}
    return {name[a]: (name[c] if c else None, kind) for a, _, c, kind in rows}


def ids_by_name(store: Store) -> dict[str, str]:
    return {
        o.removesuffix(".txt"): i for i, o in store.con.execute("SELECT id, origin FROM articles").fetchall()
    }


def with_previous_ingest(path: Path) -> Store:
    store = Store(str(path))
    link(store, linked_items([raw(*doc) for doc in PREVIOUS]), None)
    return store


def test_the_corpus_holds_its_cases() -> None:
    """The tie, and the article compared but under the threshold, are what the corpus says they are."""
    analyses = {
        i.article.origin.removesuffix(".txt"): i
        for i in linked_items(read_items())
        if isinstance(i, ArticleAnalysis)
    }
    sig = {name: body_signature(a) for name, a in analyses.items()}

    def first_shared_band(a: str, b: str) -> int:
        return min(int(k[:2]) for k in set(band_keys(sig[a])) & set(band_keys(sig[b])))

    x, a, b = sig["n05_tie_x"], sig["n03_tie_a"], sig["n04_tie_b"]
    assert estimated_jaccard(x, a) == estimated_jaccard(x, b) >= NEAR_THRESHOLD > estimated_jaccard(a, b)
    assert first_shared_band("n05_tie_x", "n04_tie_b") < first_shared_band("n05_tie_x", "n03_tie_a")
    assert estimated_jaccard(sig["n10_strike_far"], sig["n07_strike"]) < NEAR_THRESHOLD
    assert set(band_keys(sig["n10_strike_far"])) & set(band_keys(sig["n07_strike"]))


def test_shuffles_decide_every_copy_as_link_batch(ray_cluster: None, tmp_path: Path) -> None:
    items = read_items()
    with with_previous_ingest(tmp_path / "local.duckdb") as store:
        link(store, linked_items(items), None)
        local = decisions(store)
    configure_ray_data(quiet=True)
    with with_previous_ingest(tmp_path / "ray.duckdb") as store:
        name = {i: n for n, i in ids_by_name(store).items()}  # the previous ingest's articles
        read = read_dataset([InputPart("items", items=items)], settings=SETTINGS)
        assert read is not None
        copies = find_copy_candidates(read, store=store, settings=SETTINGS, batch_size=BATCH, partitions=2)
        link(store, linked_items(items), copies)
        distributed = decisions(store)
    for item in items:
        if isinstance(item, RawDocument):
            (article,) = clean_documents([item], SETTINGS)
            name[article.id] = item.origin.removesuffix(".txt")
    # The shuffles' own answer: the article each one matches (its root is resolved while linking).
    assert {name[a]: name[o] for a, o in copies.exact.items()} == {
        "n00_flood_exact": "p0_flood",
        "n06_tie_x_exact": "n05_tie_x",
    }
    assert {name[a]: name[c] for a, c in copies.near.items()} == {
        "n01_independent_near": "p1_independent",
        "n05_tie_x": "n04_tie_b",  # not n03, the earlier one: n04 is visited first in their batch
        "n08_strike_near": "n07_strike",
        "n09_strike_near_near": "n08_strike_near",
        "n14_election_near": "n13_election",  # never linked: n14 and n15 are decided by the lookups
        "n15_election_near_2": "n13_election",
    }
    assert distributed == local
    assert {n: d for n, d in local.items() if d != (None, None)} == {
        "n00_flood_exact": ("p0_flood", "exact"),
        "n01_independent_near": ("p1_independent", "near"),
        "n05_tie_x": ("n04_tie_b", "near"),
        "n06_tie_x_exact": ("n04_tie_b", "exact"),
        "n08_strike_near": ("n07_strike", "near"),
        "n09_strike_near_near": ("n07_strike", "near"),
        "n15_election_near_2": ("n14_election_near", "near"),
    }
    assert "n10_strike_far" in local and "n13_election" not in local


def test_near_matches_counts_a_stored_article_once() -> None:
    """The same stored article can come with several chunks of the copy pass: one member, one match."""
    import pyarrow as pa

    from newsgraph.link.copies import minhash_signature
    from newsgraph.scale.copies import near_row_schema

    signature = list(minhash_signature(STRIKE))
    key = band_keys(tuple(signature))[3]
    rows = [("stored", True, 5), ("stored", True, 5), ("new", False, 0)]
    group = pa.table(
        {
            "article_id": [r[0] for r in rows],
            "stored": [r[1] for r in rows],
            "seq": [r[2] for r in rows],
            "signature": [signature] * 3,
            "band_key": [key] * 3,
        },
        schema=near_row_schema().remove(4).append(pa.field("band_key", pa.string())),
    )
    matches = near_matches(group, batch_size=BATCH).to_pylist()
    assert matches == [
        {
            "article_id": "new",
            "candidate_id": "stored",
            "similarity": 1.0,
            "in_batch": False,
            "band": 3,
            "candidate_stored": True,
            "candidate_seq": 5,
        }
    ]

"""Mention scoring of the ECB+ coreference evaluation: participle lemmas, attribution verbs, lexicon classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from newsgraph.evaluate.coref import (
    MENTION_THRESHOLD,
    ecb_pair_score,
    lexicon_classes,
    resolve_acronyms,
    trigger_lemma,
    verb_lemma,
)
from newsgraph.link.mention_clustering import MentionFeatures, cluster_mentions

if TYPE_CHECKING:
    from spacy.tokens import Span


def _mention(
    doc: str,
    start: int,
    lemma: str,
    *,
    actors: frozenset[str] = frozenset(),
    participants: frozenset[str] = frozenset(),
    classes: frozenset[str] = frozenset(),
) -> MentionFeatures:
    return MentionFeatures(
        key=(doc, start, start + len(lemma)),
        lemma=lemma,
        actors=actors,
        participants=participants | actors,
        extra=classes,
    )


def test_light_verbs_need_a_shared_participant() -> None:
    took_bank = _mention("d1", 3, "take", participants=frozenset({"first dunmore bank"}))
    took_bank_again = _mention("d2", 3, "take", participants=frozenset({"first dunmore bank"}))
    took_office = _mention("d3", 3, "take", participants=frozenset({"ria tolt"}))
    assert _links(took_bank, took_bank_again)
    assert not _links(took_bank, took_office)


def test_acronym_takes_the_lemma_of_the_mention_it_abbreviates() -> None:
    spelled_out = _mention("d1", 3, "drive", classes=frozenset({"expands:dui"}))
    acronym = _mention("d2", 9, "dui", classes=frozenset({"abbr:dui"}))
    unexplained = _mention("d2", 40, "ipo", classes=frozenset({"abbr:ipo"}))
    resolved = {
        feature.key: feature.lemma for feature in resolve_acronyms([acronym, spelled_out, unexplained])
    }
    assert resolved == {acronym.key: "drive", spelled_out.key: "drive", unexplained.key: "ipo"}


def _links(a: MentionFeatures, b: MentionFeatures) -> bool:
    score = ecb_pair_score(a, b)
    return score is not None and score >= MENTION_THRESHOLD


def test_attribution_verbs_link_only_for_the_same_speaker() -> None:
    police = frozenset({"dunmore police"})
    mayor = frozenset({"ann vale"})
    police_said = _mention("d1", 10, "say", actors=police)
    mayor_said = _mention("d2", 10, "say", actors=mayor)
    police_said_again = _mention("d3", 40, "say", actors=police)
    unnamed_said = _mention("d4", 5, "say")
    assert not _links(police_said, mayor_said)
    assert not _links(police_said, unnamed_said)
    assert _links(police_said, police_said_again)


def test_other_verbs_still_link_on_the_lemma_alone() -> None:
    first = _mention("d1", 3, "arrest", actors=frozenset({"dunmore police"}))
    second = _mention("d2", 8, "arrest", actors=frozenset({"state troopers"}))
    assert _links(first, second)


def test_lexicon_class_links_different_words_only_with_a_shared_participant() -> None:
    firearms = frozenset({"class:ASSAULT/firearms"})
    victim = frozenset({"tom harlan"})
    shot = _mention("d1", 3, "shoot", participants=victim, classes=firearms)
    opened_fire = _mention("d2", 9, "open", participants=victim, classes=firearms)
    opened_fire_elsewhere = _mention("d3", 9, "open", participants=frozenset({"ria tolt"}), classes=firearms)
    unrelated = _mention("d4", 9, "open", participants=victim)
    assert _links(shot, opened_fire)
    assert not _links(shot, opened_fire_elsewhere)
    assert not _links(shot, unrelated)
    clusters = cluster_mentions(
        [shot, opened_fire, opened_fire_elsewhere], pair_score=ecb_pair_score, threshold=MENTION_THRESHOLD
    )
    # "open" twice is one lemma, so the third joins through the second: single link on the evidence.
    assert len(clusters) == 1


@pytest.mark.model
def test_participles_read_as_adjectives_get_their_verb() -> None:
    assert verb_lemma("escaped") == "escape"
    assert verb_lemma("stolen") == "steal"
    assert verb_lemma("charged") == "charge"
    assert verb_lemma("driving") == "drive"
    assert verb_lemma("naked") is None


@pytest.mark.model
def test_trigger_lemma_and_lexicon_class_on_parsed_text() -> None:
    from newsgraph.nlp.loader import parse_texts

    (doc,) = parse_texts(
        ["A gunman opened fire on the crowd, and the escaped inmate was found. Rebels took over the town."]
    )

    def span(start: str, end: str) -> Span:
        found = doc.char_span(doc.text.index(start), doc.text.index(end))
        assert found is not None
        return found

    opened_fire = span("opened", " on the")
    assert lexicon_classes(opened_fire) == frozenset({"class:ASSAULT/firearms"})
    assert trigger_lemma(opened_fire) == "open fire"  # not the "opened" of a shop
    assert trigger_lemma(span("escaped", " inmate")) in ("escape", "flee")  # one synonym class
    assert trigger_lemma(span("took", " the town")) == "take over"


def test_small_document_cluster_joins_the_incident_it_resembles() -> None:
    from collections import Counter

    from newsgraph.evaluate.coref import cluster_documents

    terms = {
        "flood1": Counter({"flood": 2, "marrow": 3, "levee": 2, "1200": 1}),
        "flood2": Counter({"flood": 1, "marrow": 2, "levee": 1, "1200": 2}),
        "flood3": Counter({"flood": 2, "marrow": 2, "levee": 2, "sandbag": 1}),
        # Another report of the Marrow flood in other words: too far for the average link alone.
        "flood4": Counter({"deluge": 3, "marrow": 1, "evacuee": 2, "shelter": 2}),
        # A report of something else entirely stays alone.
        "market": Counter({"stock": 3, "index": 2, "trader": 2}),
    }
    assert cluster_documents(terms, threshold=0.3, attach_threshold=1.0) == [
        ["flood1", "flood2", "flood3"],
        ["flood4"],
        ["market"],
    ]
    assert cluster_documents(terms, threshold=0.3, attach_threshold=0.01) == [
        ["flood1", "flood2", "flood3", "flood4"],
        ["market"],
    ]

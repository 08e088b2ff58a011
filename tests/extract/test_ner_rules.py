"""refine_entities: span trimming, gazetteer, name propagation, ALL-CAPS lines."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newsgraph.extract.ner_rules import place_gazetteer, refine_entities


def make_doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    """A hand-built doc: `words` separated by spaces ("\n" words are line breaks) and preset entities."""
    nlp = spacy.blank("en")
    spaces = [not (w == "\n" or (i + 1 < len(words) and words[i + 1] == "\n")) for i, w in enumerate(words)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def ents_of(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_leading_the_and_trailing_possessive_are_trimmed() -> None:
    words = ["Officials", "at", "the", "Nordic", "Ferry", "Company", "'s", "office", "said", "so", "."]
    doc = refine_entities(make_doc(words, [(2, 7, "ORG")]))
    assert ents_of(doc) == [("Nordic Ferry Company", "ORG")]


def test_the_is_kept_when_part_of_the_name() -> None:
    words = ["Talks", "opened", "in", "The", "Hague", "on", "Monday", "."]
    doc = refine_entities(make_doc(words, [(3, 5, "GPE")]))
    assert ents_of(doc) == [("The Hague", "GPE")]


def test_whitespace_tokens_are_not_part_of_an_entity() -> None:
    words = ["Reported", "by", "Tarik", "Holm", "\n", "More", "news", "."]
    doc = refine_entities(make_doc(words, [(2, 5, "PERSON")]))
    assert ents_of(doc) == [("Tarik Holm", "PERSON")]


def test_surname_after_full_name_becomes_a_person() -> None:
    words = [
        "Marta",
        "Quillon",
        ",",
        "a",
        "local",
        "teacher",
        ",",
        "said",
        "Quillon",
        "had",
        "warned",
        "the",
        "mayor",
        ".",
        "Quillon",
        "left",
        ".",
    ]
    doc = make_doc(words, [(0, 2, "PERSON"), (14, 15, "ORG")])
    doc = refine_entities(doc)
    assert ents_of(doc) == [("Marta Quillon", "PERSON"), ("Quillon", "PERSON"), ("Quillon", "PERSON")]


def test_missed_repeat_of_a_found_name_gets_its_label() -> None:
    words = ["The", "Harbour", "Guild", "met", "today", ".", "Later", "the", "Harbour", "Guild", "voted", "."]
    doc = refine_entities(make_doc(words, [(1, 3, "ORG")]))
    assert ents_of(doc) == [("Harbour Guild", "ORG"), ("Harbour Guild", "ORG")]


def test_lowercase_repeat_is_not_tagged() -> None:
    words = ["Mr", "Rose", "spoke", ".", "A", "rose", "grew", "."]
    doc = refine_entities(make_doc(words, [(1, 2, "PERSON")]))
    assert ents_of(doc) == [("Rose", "PERSON")]


def test_gazetteer_tags_untagged_countries_and_fixes_person_labels() -> None:
    assert {"Nigeria", "Belarus", "Lithuania"} <= place_gazetteer()
    words = ["Farmers", "in", "Nigeria", "and", "Belarus", "protested", "."]
    doc = refine_entities(make_doc(words, [(4, 5, "PERSON")]))
    assert ents_of(doc) == [("Nigeria", "GPE"), ("Belarus", "GPE")]


def test_gazetteer_does_not_cut_a_longer_name() -> None:
    words = ["She", "joined", "Chad", "Brennan", "Associates", "last", "year", "."]
    doc = refine_entities(make_doc(words, []))
    assert ents_of(doc) == []


def test_majority_label_wins_within_a_document() -> None:
    words = ["Arvenco", "sued", ".", "Arvenco", "won", ".", "Arvenco", "paid", "."]
    doc = refine_entities(make_doc(words, [(0, 1, "ORG"), (3, 4, "ORG"), (6, 7, "PERSON")]))
    assert [label for _, label in ents_of(doc)] == ["ORG", "ORG", "ORG"]


def test_numeric_entities_are_left_alone() -> None:
    words = ["The", "fine", "was", "300", "euros", "on", "Monday", "."]
    doc = refine_entities(make_doc(words, [(3, 5, "MONEY"), (6, 7, "DATE")]))
    assert ents_of(doc) == [("300 euros", "MONEY"), ("Monday", "DATE")]


@pytest.mark.model
def test_all_caps_headline_is_read_with_the_body_casing() -> None:
    from newsgraph.nlp.loader import load_model

    nlp = load_model()
    text = (
        "FLOODS FORCE THOUSANDS FROM HOMES IN PORTUGAL AS KORVATH WARNS OF MORE RAIN\n"
        "Heavy rain forced thousands of people from their homes in Portugal on Sunday , and the "
        "forecaster Elena Korvath warned that more storms were coming ."
    )
    doc = refine_entities(nlp(text), nlp=nlp)
    headline_end = text.index("\n")
    headline = [(e.text, e.label_) for e in doc.ents if e.end_char <= headline_end]
    assert ("PORTUGAL", "GPE") in headline
    assert all(label != "ORG" for _, label in headline)


def test_towns_in_team_slots_of_a_sports_report_become_organisations() -> None:
    words = [
        "Glamorgan",
        "beat",
        "Durham",
        "by",
        "six",
        "wickets",
        "at",
        "Cardiff",
        ".",
        "The",
        "league",
        "season",
        "ends",
        "with",
        "a",
        "match",
        "against",
        "Kent",
        ".",
        "Glamorgan",
        "captain",
        "spoke",
        "after",
        "the",
        "victory",
        ",",
        "and",
        "the",
        "championship",
        "title",
        "goal",
        "is",
        "near",
        ".",
    ]
    names = {"Glamorgan": "PERSON", "Durham": "GPE", "Cardiff": "GPE", "Kent": "GPE"}
    ents = [(i, i + 1, names[w]) for i, w in enumerate(words) if w in names]
    doc = refine_entities(make_doc(words, ents))
    labels = ents_of(doc)
    assert ("Durham", "ORG") in labels
    assert ("Kent", "ORG") in labels
    assert labels.count(("Glamorgan", "ORG")) == 2
    assert ("Cardiff", "GPE") in labels  # the venue stays a place


def test_schedule_lines_make_only_the_visiting_side_a_team() -> None:
    words = [
        "BASEBALL",
        "SCHEDULE",
        "\n",
        "Boston",
        "at",
        "Denver",
        "\n",
        "Results",
        ":",
        "Boston",
        "won",
        "the",
        "game",
        "and",
        "the",
        "league",
        "points",
    ]
    words = [w for w in words if w]
    ents = [(i, i + 1, "GPE") for i, w in enumerate(words) if w in {"Boston", "Denver"}]
    labels = ents_of(refine_entities(make_doc(words, ents)))
    assert ("Denver", "GPE") in labels
    assert ("Boston", "ORG") in labels


def test_places_outside_sports_reports_keep_their_label() -> None:
    words = [
        "Troops",
        "beat",
        "back",
        "an",
        "attack",
        "near",
        "Durham",
        ",",
        "officials",
        "in",
        "Kent",
        "said",
        ".",
    ]
    ents = [(6, 7, "GPE"), (10, 11, "GPE")]
    assert ents_of(refine_entities(make_doc(words, ents))) == [("Durham", "GPE"), ("Kent", "GPE")]

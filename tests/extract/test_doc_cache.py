"""Per-doc cached values (`newsgraph.nlp.doc_cache`) equal what spaCy's own attributes give."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.nlp.doc_cache import RECENT_DOCS, doc_memo, doc_text, token_strings
from newsgraph.nlp.sentences import sentence_spans

TEXTS = (
    "",
    "STORM HITS COAST\n\nThe storm hit Port Avalon on Monday, officials said.  It was the worst in years.\n",
    "Dr. Ana Lind-Varga\u2019s team met in S\u00e3o Paulo \u2014 12 km away \u2026 \u201cWe\u2019re done,\u201d she said.\n\n\n x",
    "Lemmas: running ran Runs better geese; flags: ABC abc Abc 3.5 \u0130zmir.",
)


@pytest.mark.model
def test_cached_strings_and_flags_equal_the_token_attributes() -> None:
    from newsgraph.nlp import load_model

    nlp = load_model()
    for doc in nlp.pipe(TEXTS):
        strings = token_strings(doc)
        assert strings.texts == tuple(t.text for t in doc)
        assert strings.lowers == tuple(t.lower_ for t in doc)
        assert strings.lemmas == tuple(t.lemma_.lower() for t in doc)
        assert strings.idx == tuple(t.idx for t in doc)
        for flag in ("is_space", "is_alpha", "is_upper", "is_title"):
            assert getattr(strings, flag) == tuple(getattr(t, flag) for t in doc), flag
        assert doc_text(doc) == doc.text
        assert token_strings(doc) is strings  # computed once


@pytest.mark.model
def test_sentences_are_cached_per_doc_and_are_spacy_spans() -> None:
    from newsgraph.nlp import load_model

    doc = load_model()(TEXTS[1])
    first, second = sentence_spans(doc), sentence_spans(doc)
    assert first == second and first is not second  # callers get their own list
    assert first[0].text == "STORM HITS COAST"
    assert all(s.text == doc.text[s.start_char : s.end_char] for s in first)


def test_memo_keeps_the_last_docs_by_identity() -> None:
    class FakeDoc:
        pass

    calls: list[object] = []

    def compute(doc: object) -> int:
        calls.append(doc)
        return len(calls)

    docs: list[Any] = [FakeDoc() for _ in range(RECENT_DOCS + 1)]  # only identity matters
    assert doc_memo(docs[0], "test", compute) == 1
    assert doc_memo(docs[0], "test", compute) == 1
    for doc in docs[1:]:
        doc_memo(doc, "test", compute)
    assert doc_memo(docs[0], "test", compute) == RECENT_DOCS + 2  # evicted, computed again

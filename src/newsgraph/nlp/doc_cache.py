"""Per-doc values the extractors read many times, computed once per parsed doc.

spaCy rebuilds `Doc.text` from its tokens on every call, and every `for token in doc` creates a
Python `Token` per word: with several extractors each doing both, that was a large share of the
extraction time (benchmarks/bench_extract.py). Only what the parse fixes is cached here (text,
token strings, sentence starts); entity labels change during extraction (`refine_entities`) and
are never cached.

The cache holds the last few docs by identity (a doc is extracted start to finish before the next
one), so it needs no hook in the pipeline and keeps at most `RECENT_DOCS` docs alive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")
# The article's doc plus the small docs `refine_entities` builds for ALL-CAPS lines in between.
RECENT_DOCS = 4

_recent: list[tuple[Doc, dict[str, Any]]] = []


def doc_memo(doc: Doc, key: str, compute: Callable[[Doc], T]) -> T:
    """`compute(doc)`, computed once per doc and key (the value must not depend on entity labels)."""
    values = next((cached for cached_doc, cached in _recent if cached_doc is doc), None)
    if values is None:
        values = {}
        _recent.insert(0, (doc, values))
        del _recent[RECENT_DOCS:]
    if key not in values:
        values[key] = compute(doc)
    result: T = values[key]
    return result


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per doc."""
    return doc_memo(doc, "text", _text)


def _text(doc: Doc) -> str:
    return doc.text


@dataclass(frozen=True)
class TokenStrings:
    """Strings and flags of every token of a doc, by token index: read from lists, not `Token` objects."""

    texts: tuple[str, ...]
    lowers: tuple[str, ...]
    lemmas: tuple[str, ...]  # `lemma_.lower()`
    idx: tuple[int, ...]  # character offset of each token
    is_space: tuple[bool, ...]
    is_alpha: tuple[bool, ...]
    is_upper: tuple[bool, ...]
    is_title: tuple[bool, ...]


def token_strings(doc: Doc) -> TokenStrings:
    """The doc's token strings and lexical flags, built once per doc."""
    return doc_memo(doc, "token_strings", _token_strings)


def _token_strings(doc: Doc) -> TokenStrings:
    from spacy.attrs import IDX, LEMMA, ORTH

    # One C-level pass for the ids; each distinct word's strings and flags are then read once per
    # process (`_word`), not once per token: over twice as fast as reading them from `Token`s.
    orths, lemma_ids, offsets = doc.to_array([ORTH, LEMMA, IDX]).T.tolist() if len(doc) else ([], [], [])
    _reset_if_other(doc)
    words = _words
    rows = [words.get(orth) or _word(doc, orth) for orth in orths]
    lemmas = _lemmas
    strings = doc.vocab.strings
    lemma_list = [lemmas.get(i) or lemmas.setdefault(i, strings[i].lower()) for i in lemma_ids]
    texts, lowers, is_space, is_alpha, is_upper, is_title = zip(*rows, strict=True) if rows else ((),) * 6
    return TokenStrings(
        texts, lowers, tuple(lemma_list), tuple(offsets), is_space, is_alpha, is_upper, is_title
    )


_WordRow = tuple[str, str, bool, bool, bool, bool]
# Distinct words seen in this process (a news vocabulary: some 10^5); cleared past the cap.
MAX_WORDS = 500_000
_words: dict[int, _WordRow] = {}
_lemmas: dict[int, str] = {}
_words_vocab: list[object] = [None]  # the vocab the rows were read from (its flags are its language's)


def _reset_if_other(doc: Doc) -> None:
    if _words_vocab[0] is not doc.vocab or len(_words) + len(_lemmas) > MAX_WORDS:
        _words.clear()
        _lemmas.clear()
        _words_vocab[0] = doc.vocab


def _word(doc: Doc, orth: int) -> _WordRow:
    """A word's text, lower case and flags: the same lexeme every `Token` of it reads."""
    lexeme = doc.vocab[orth]
    row = (lexeme.orth_, lexeme.lower_, lexeme.is_space, lexeme.is_alpha, lexeme.is_upper, lexeme.is_title)
    _words[orth] = row
    return row

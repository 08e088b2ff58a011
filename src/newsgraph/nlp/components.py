"""Pipeline components newsgraph adds to the spaCy model. Imported by `load_model`, nowhere else."""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

PARAGRAPH_BOUNDARIES = "newsgraph_paragraph_boundaries"
SENTENCE_ENDERS = {".", "!", "?", "…", '"', "”", "’", "'", ")", "]", ":", ";", "...", "?!", "!!"}
# What a token's text says about the token after it, by the text's hash: remembered per process, up to
# this many texts, then afresh (a news vocabulary would otherwise grow it without bound).
_AFTER_TEXT_LIMIT = 50_000
_OTHER, _ENDER, _LINE_BREAK = 0, 1, 2
_after_text: dict[int, int] = {}


def _after(orth: int, doc: Doc) -> int:
    kind = _after_text.get(orth)
    if kind is None:
        text = doc.vocab.strings[orth]
        kind = _LINE_BREAK if "\n" in text else _ENDER if text in SENTENCE_ENDERS else _OTHER
        if len(_after_text) >= _AFTER_TEXT_LIMIT:
            _after_text.clear()
        _after_text[orth] = kind
    return kind


@Language.component(PARAGRAPH_BOUNDARIES)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence.

    News text puts headings, datelines and paragraphs on their own lines; without this the parser
    glues a sub-heading to the first sentence under it ("Background of the Defection In an
    unprecedented move ..."), and the event found there takes the heading as its evidence. The
    parser keeps boundaries set before it runs.
    """
    if len(doc) < 2:
        return doc
    # Column by column rather than token by token: this runs on every document before the parser.
    columns = doc.to_array([ORTH, IS_SPACE, SENT_START])
    starts = columns[:, 2].view(numpy.int64).copy()  # 1 starts, -1 does not, 0 left to the parser
    before = [_after(orth, doc) for orth in columns[:-1, 0].tolist()]
    is_space = columns[1:, 1].tolist()
    for i, (kind, space) in enumerate(zip(before, is_space, strict=True), start=1):
        # A token's trailing whitespace is at most one space, so only its text can hold a line break.
        if kind == _LINE_BREAK:
            starts[i] = 1
        elif kind == _OTHER and not space:
            # Within a line a sentence only starts after sentence-final punctuation. Without this the
            # parser, given the line starts above, sometimes cuts "Fourteen | people died ...".
            starts[i] = -1
    doc.from_array([SENT_START], cast(Ints2d, starts.view(numpy.uint64).reshape(-1, 1)))
    return doc

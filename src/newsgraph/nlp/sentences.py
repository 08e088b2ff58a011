"""Sentences as newsgraph uses them: spaCy's, with two repairs, and without trailing whitespace.

1. A line break always ends a sentence (the `newsgraph_paragraph_boundaries` component).
2. The parser sometimes cuts a sentence after its first word when a paragraph starts with a
   capitalised number or name ("Fourteen | people died when ..."). A piece that does not end in
   sentence-final punctuation or a line break is joined to the piece after it on the same line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsgraph.nlp.doc_cache import doc_memo, doc_text, token_strings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

SENTENCE_FINAL = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")", "…")


def sentence_spans(doc: Doc) -> list[Span]:
    """The repaired sentences of a parsed doc, in order, each trimmed of trailing whitespace."""
    # Computed once per doc: event extraction and the pipeline both ask for them.
    return list(doc_memo(doc, "sentence_spans", _sentence_spans))


def _sentence_spans(doc: Doc) -> list[Span]:
    text = doc_text(doc)
    strings = token_strings(doc)
    pieces = list(doc.sents)
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        start, end = piece.start, piece.end
        if merged:
            prev_start, prev_end = merged[-1]
            # the span's `text_with_ws`, sliced from the doc text instead of rebuilt from tokens
            previous_text = text[
                strings.idx[prev_start] : strings.idx[prev_end] if prev_end < len(doc) else None
            ]
            ends_line = "\n" in previous_text.rstrip(" ")[-2:] or previous_text.endswith("\n")
            if not ends_line and not previous_text.rstrip().endswith(SENTENCE_FINAL):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    out = []
    for start, stop in merged:
        end = stop
        while end > start and strings.is_space[end - 1]:
            end -= 1
        if end > start:
            out.append(doc[start:end])
    return out

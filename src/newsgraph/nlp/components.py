"""Pipeline components newsgraph adds to the spaCy model. Imported by `load_model`, nowhere else."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BOUNDARIES = "newsgraph_paragraph_boundaries"
SENTENCE_ENDERS = {".", "!", "?", "…", '"', "”", "’", "'", ")", "]", ":", ";", "...", "?!", "!!"}


@Language.component(PARAGRAPH_BOUNDARIES)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence.

    News text puts headings, datelines and paragraphs on their own lines; without this the parser
    glues a sub-heading to the first sentence under it ("Background of the Defection In an
    unprecedented move ..."), and the event found there takes the heading as its evidence. The
    parser keeps boundaries set before it runs.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif previous.text not in SENTENCE_ENDERS and not token.is_space:
            # Within a line a sentence only starts after sentence-final punctuation. Without this the
            # parser, given the line starts above, sometimes cuts "Fourteen | people died ...".
            token.is_sent_start = False
    return doc

"""Loading spaCy once per process and running it in batches."""

from newsgraph.nlp.loader import load_model, parse_texts

__all__ = ["load_model", "parse_texts"]

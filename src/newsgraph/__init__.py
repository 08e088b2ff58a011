"""newsgraph: turn a pile of news articles into an evidence-backed record of events."""

__version__ = "0.1.0"

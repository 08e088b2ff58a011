"""The shape of one hostile case, and the good articles the cases are built around."""

from __future__ import annotations

import gzip
import html
import itertools
import random
from dataclasses import dataclass
from typing import Literal

from .prose import good_article

Expect = Literal["article", "failure", "any"]

_good_numbers = itertools.count(1)


@dataclass(frozen=True)
class Case:
    """One generated input file.

    `expect` is what the file as a whole must produce: at least one stored article, at least one
    failure, or either (but something: a file is never silently dropped). `must_store` lists the units
    that must land as articles: "" for the file itself, ":N" for JSONL line N, "@URL" for a WARC record.
    `code` is the failure code the file must produce, when it is a limit case.
    """

    name: str
    data: bytes
    category: str
    expect: Expect
    must_store: tuple[str, ...] = ()
    code: str | None = None


def gz(data: bytes) -> bytes:
    """gzip with a fixed timestamp: the same seed must give the same bytes."""
    return gzip.compress(data, mtime=0)


def next_good() -> int:
    """A fresh number for a good article: every good article in the corpus has unique text."""
    return next(_good_numbers)


def reset_good_numbers() -> None:
    global _good_numbers  # noqa: PLW0603 - the corpus must be the same on every build
    _good_numbers = itertools.count(1)


def good_text(index: int, *, rng: random.Random, accented: bool = False) -> str:
    title, body = good_article(index, rng=rng, accented=accented)
    return f"{title}\n\n{body}\n"


def good_html(index: int, *, rng: random.Random, head: str = "", accented: bool = False) -> str:
    title, body = good_article(index, rng=rng, accented=accented)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        "<footer>Copyright the paper</footer></body></html>"
    )

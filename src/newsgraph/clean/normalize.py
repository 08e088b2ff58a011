"""Small normalisations of a cleaned article: dates, language, hash, truncation."""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

# py3langid is unreliable on a few words; below this many the language is "und".
MIN_LANGUAGE_WORDS = 8
# Normalised probability under which the language is not claimed (mixed or garbled text).
MIN_LANGUAGE_PROBABILITY = 0.5
# Only this much text is read to tell the language: the answer does not change after it.
LANGUAGE_SAMPLE_CHARS = 5000
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_ISO_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_published(value: str | None) -> date | None:
    """A publication date from how an input stated it: ISO, "2025-03-14 20:30:26Z", RFC 2822,
    "March 5, 2024". None when there is no explicit year: never today's date as a fallback."""
    if not value or not value.strip():
        return None
    text = value.strip()
    match = _ISO_LIKE.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if not _YEAR.search(text):
        return None  # "yesterday", "3 hours ago": relative to a moment we do not know
    import dateparser

    parsed: datetime | None = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed else None


@functools.lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, "und" when the text is too short to tell."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if len(sample.split()) < MIN_LANGUAGE_WORDS:
        return "und"
    language, probability = _language_identifier().classify(sample)
    return str(language) if probability >= MIN_LANGUAGE_PROBABILITY else "und"


def content_hash(text: str) -> str:
    """sha256 hex of the text with whitespace collapsed and case folded."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def truncate_text(text: str, max_chars: int) -> str:
    """`text` cut to at most `max_chars`, at a paragraph end, else a sentence end, else a space."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    # Cut at a boundary only if it keeps most of the allowed text.
    floor = max_chars // 2
    paragraph = head.rfind("\n\n")
    if paragraph >= floor:
        return head[:paragraph].rstrip()
    sentence = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind(".\n"))
    if sentence >= floor:
        return head[: sentence + 1].rstrip()
    space = head.rfind(" ")
    return (head[:space] if space >= floor else head).rstrip()

"""Cleaning: RawDocument -> Article | ReadFailure.

1. HTML goes through `extract_html` (trafilatura main text, htmldate publication date, site name);
   text and JSONL text go straight to
2. the boilerplate rules (`boilerplate.remove_boilerplate`), which also normalise whitespace and
   Unicode (NFC) and drop a title repeated at the top;
3. the text is the title as the first paragraph (once), a blank line, then the body; too short is
   a failure, too long is truncated at a paragraph or sentence end;
4. language (py3langid), content hash and the stable id are computed.
"""

from __future__ import annotations

from newsgraph.clean.boilerplate import is_title_repeat, normalize_unit, remove_boilerplate
from newsgraph.clean.html import HtmlExtraction, extract_html, host_name
from newsgraph.clean.normalize import content_hash, detect_language, parse_published, truncate_text
from newsgraph.config import CleanSettings, Limits
from newsgraph.model import Article, RawDocument, ReadFailure, stable_id

__all__ = ["HtmlExtraction", "clean_document", "compose_text", "extract_html", "remove_boilerplate"]


def compose_text(title: str | None, body: str) -> str:
    """The title as the first paragraph (exactly once), then the body."""
    if not title:
        return body
    first = body.split("\n\n", 1)[0]
    if is_title_repeat(first, title) and len(first) >= len(title):
        return body
    return f"{title}\n\n{body}" if body else title


def article_identity(url: str | None, origin: str) -> str:
    """Where an article came from, stable across re-ingests from another working directory.

    The same text from another outlet is another article (an exact copy, linked later), while the
    same file ingested twice is the same article: so the id hashes the content plus the URL, or the
    file name (with its record number inside WARC/JSONL files) when there is no URL.
    """
    if url:
        return url
    return origin.replace("\\", "/").rsplit("/", 1)[-1]


def clean_document(raw: RawDocument, *, settings: CleanSettings, limits: Limits) -> Article | ReadFailure:
    """A cleaned Article, or a ReadFailure when no article text is left."""
    published = parse_published(raw.published)
    url = raw.url
    if raw.kind == "html":
        extraction = extract_html(raw.content, url=raw.url)
        title = normalize_unit(raw.title) if raw.title else extraction.title
        body = remove_boilerplate(extraction.text, title=title) if raw.title else extraction.text
        published = published or extraction.published
        source = raw.source or extraction.source
    else:
        title = normalize_unit(raw.title) if raw.title else None
        body = remove_boilerplate(raw.content, title=title)
        source = raw.source or host_name(raw.url)
    title = title or None
    text = compose_text(title, body)
    # The body alone must carry the text: a title with nothing under it is no article.
    if len(body) < settings.min_text_chars:
        return ReadFailure(raw.origin, "no article text after cleaning", code="empty_article")
    text = truncate_text(text, limits.max_text_chars)
    digest = content_hash(text)
    return Article(
        id=stable_id("art_", digest, article_identity(url, raw.origin)),
        title=title,
        text=text,
        url=url or raw.origin,
        source=source,
        published=published,
        language=detect_language(text),
        content_hash=digest,
        origin=raw.origin,
    )

"""RSS 2.0, RSS 1.0 (RDF), Atom feeds and XML sitemaps (including sitemap indexes) -> article URLs.

One parser for all of them, on lxml with entities and network access off (no billion-laughs, no
external DTDs) and `recover` on, since real feeds are often slightly broken. Namespaces are ignored:
elements are matched by local name, which covers Atom 0.3/1.0, RSS 0.9x-2.0, RDF and Google News
sitemaps alike.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from newsgraph.sources.streams import GZIP_MAGIC

ListingKind = Literal["rss", "atom", "rdf", "sitemap", "sitemapindex"]

# A feed lists tens of items and a news sitemap at most 1,000 (Google's limit); a plain sitemap may
# hold 50,000. Past this many, the rest waits for a later poll.
MAX_ITEMS = 5_000
# Sitemaps are often served gzipped as files; decompress at most this much (50 MB is the sitemap limit).
MAX_SITEMAP_BYTES = 50_000_000


class NotAFeedError(ValueError):
    """The document is no RSS, Atom or sitemap."""


@dataclass(frozen=True)
class ListedItem:
    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Listing:
    kind: ListingKind
    items: tuple[ListedItem, ...]  # article pages
    sitemaps: tuple[str, ...] = ()  # child sitemaps of a sitemap index


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element: Any, *names: str) -> Any:
    for child in element:
        if _local(child.tag) in names:
            return child
    return None


def _child_text(element: Any, *names: str) -> str | None:
    child = _child(element, *names)
    if child is None:
        return None
    text = "".join(child.itertext()).strip()
    return text or None


def _absolute(link: str | None, base_url: str) -> str | None:
    if not link:
        return None
    url = urljoin(base_url, link.strip())
    if urlsplit(url).scheme not in {"http", "https"}:
        return None
    return url.split("#", 1)[0]


def _atom_link(entry: Any) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) != "link":
            continue
        rel = (child.get("rel") or "alternate").lower()
        href = child.get("href")
        if rel == "alternate" and href:
            return str(href)
        fallback = fallback or href
    return str(fallback) if fallback else None


def _rss_link(item: Any) -> str | None:
    link = _child_text(item, "link")
    if link:
        return link
    guid = _child(item, "guid")
    if guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
        text = (guid.text or "").strip()
        if text.startswith(("http://", "https://")):
            return text
    # Some feeds put the link only in an atom:link inside the item.
    return _atom_link(item)


def _maybe_gunzip(data: bytes) -> bytes:
    if data[:2] != GZIP_MAGIC:
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
        out = unzipped.read(MAX_SITEMAP_BYTES + 1)
    if len(out) > MAX_SITEMAP_BYTES:
        raise NotAFeedError("gzipped sitemap is over the limit once decompressed")
    return out


def parse_listing(data: bytes, base_url: str) -> Listing:
    """The article URLs (with titles and dates when given) a feed or sitemap lists, in its order."""
    from lxml import etree

    try:
        data = _maybe_gunzip(data)
    except (OSError, EOFError) as exc:
        raise NotAFeedError(f"broken gzip data ({exc})") from exc
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(data.lstrip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeedError(f"not XML ({exc})") from exc
    if root is None:
        raise NotAFeedError("not XML")
    kind = _local(root.tag)
    items: list[ListedItem] = []
    sitemaps: list[str] = []
    if kind in {"rss", "rdf"}:
        channel = _child(root, "channel")
        containers = [root] if channel is None else [root, channel]
        for container in containers:
            for item in container:
                if _local(item.tag) == "item":
                    url = _absolute(_rss_link(item), base_url)
                    if url:
                        published = _child_text(item, "pubdate", "date", "published", "updated")
                        items.append(ListedItem(url, _child_text(item, "title"), published))
        listing_kind: ListingKind = "rss" if kind == "rss" else "rdf"
    elif kind == "feed":
        for entry in root:
            if _local(entry.tag) == "entry":
                url = _absolute(_atom_link(entry), base_url)
                if url:
                    published = _child_text(entry, "published", "issued", "updated", "modified")
                    items.append(ListedItem(url, _child_text(entry, "title"), published))
        listing_kind = "atom"
    elif kind == "urlset":
        for entry in root:
            if _local(entry.tag) == "url":
                url = _absolute(_child_text(entry, "loc"), base_url)
                if url:
                    news = _child(entry, "news")
                    title = _child_text(news, "title") if news is not None else None
                    published = _child_text(news, "publication_date") if news is not None else None
                    items.append(ListedItem(url, title, published or _child_text(entry, "lastmod")))
        listing_kind = "sitemap"
    elif kind == "sitemapindex":
        for entry in root:
            if _local(entry.tag) == "sitemap":
                url = _absolute(_child_text(entry, "loc"), base_url)
                if url:
                    sitemaps.append(url)
        listing_kind = "sitemapindex"
    else:
        raise NotAFeedError(f"<{kind}> is not an RSS, Atom or sitemap root element")
    return Listing(listing_kind, tuple(_unique(items)[:MAX_ITEMS]), tuple(dict.fromkeys(sitemaps)))


def _unique(items: list[ListedItem]) -> list[ListedItem]:
    seen: set[str] = set()
    out: list[ListedItem] = []
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            out.append(item)
    return out

"""Feed and sitemap parsing: RSS, RDF, Atom, sitemaps, sitemap indexes, gzip, hostile XML."""

from __future__ import annotations

import gzip

import pytest

from newsgraph.sources.web.feeds import NotAFeedError, parse_listing

BASE = "https://news.example.org/feeds/main.xml"


def test_rss_items_in_order_with_titles_and_dates() -> None:
    rss = b"""<?xml version="1.0"?>
    <rss version="2.0"><channel><title>Example</title>
      <item><title>First</title><link>https://news.example.org/a</link>
            <pubDate>Tue, 01 Apr 2025 08:00:00 GMT</pubDate></item>
      <item><title>Relative</title><link>/b#comments</link></item>
      <item><title>Guid only</title><guid>https://news.example.org/c</guid></item>
      <item><title>Guid not a link</title><guid isPermaLink="false">tag:1234</guid></item>
      <item><title>Again</title><link>https://news.example.org/a</link></item>
    </channel></rss>"""
    listing = parse_listing(rss, BASE)
    assert listing.kind == "rss"
    assert [i.url for i in listing.items] == [
        "https://news.example.org/a",
        "https://news.example.org/b",
        "https://news.example.org/c",
    ]
    assert listing.items[0].title == "First"
    assert listing.items[0].published == "Tue, 01 Apr 2025 08:00:00 GMT"


def test_atom_prefers_the_alternate_link() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title>
      <entry><title>One</title><link rel="enclosure" href="https://cdn.example.org/1.jpg"/>
             <link rel="alternate" href="https://news.example.org/one"/><published>2025-04-01T08:00:00Z</published></entry>
      <entry><title>Two</title><link href="two"/><updated>2025-04-02T08:00:00Z</updated></entry>
    </feed>"""
    listing = parse_listing(atom, BASE)
    assert listing.kind == "atom"
    assert [i.url for i in listing.items] == [
        "https://news.example.org/one",
        "https://news.example.org/feeds/two",
    ]
    assert listing.items[1].published == "2025-04-02T08:00:00Z"


def test_rss_1_rdf() -> None:
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel><title>X</title></channel>
      <item><title>R</title><link>https://news.example.org/r</link><dc:date>2025-04-03</dc:date></item>
    </rdf:RDF>"""
    listing = parse_listing(rdf, BASE)
    assert listing.kind == "rdf"
    assert listing.items[0].url == "https://news.example.org/r"
    assert listing.items[0].published == "2025-04-03"


def test_news_sitemap_and_sitemap_index() -> None:
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://news.example.org/s1</loc>
        <news:news><news:publication_date>2025-04-04</news:publication_date><news:title>S1</news:title></news:news></url>
      <url><loc>https://news.example.org/s2</loc><lastmod>2025-04-05</lastmod></url>
      <url><loc>javascript:alert(1)</loc></url>
    </urlset>"""
    listing = parse_listing(urlset, BASE)
    assert listing.kind == "sitemap"
    assert [(i.url, i.title, i.published) for i in listing.items] == [
        ("https://news.example.org/s1", "S1", "2025-04-04"),
        ("https://news.example.org/s2", None, "2025-04-05"),
    ]
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.example.org/sitemap-1.xml.gz</loc></sitemap>
      <sitemap><loc>https://news.example.org/sitemap-2.xml</loc></sitemap></sitemapindex>"""
    parsed = parse_listing(index, BASE)
    assert parsed.kind == "sitemapindex" and not parsed.items
    assert parsed.sitemaps == (
        "https://news.example.org/sitemap-1.xml.gz",
        "https://news.example.org/sitemap-2.xml",
    )


def test_gzipped_sitemap() -> None:
    data = gzip.compress(b"<urlset><url><loc>https://news.example.org/g</loc></url></urlset>")
    assert parse_listing(data, BASE).items[0].url == "https://news.example.org/g"


def test_entities_are_not_expanded() -> None:
    hostile = b"""<?xml version="1.0"?>
    <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
    <rss><channel><item><title>&secret;</title><link>https://news.example.org/x</link></item></channel></rss>"""
    listing = parse_listing(hostile, BASE)
    assert listing.items[0].url == "https://news.example.org/x"
    assert "root:" not in (listing.items[0].title or "")


@pytest.mark.parametrize(
    "data",
    [b"", b"not xml at all", b"<html><body><p>a page</p></body></html>", b"\x1f\x8b broken gzip"],
)
def test_what_is_not_a_feed_says_so(data: bytes) -> None:
    with pytest.raises(NotAFeedError):
        parse_listing(data, BASE)

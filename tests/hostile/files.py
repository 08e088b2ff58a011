"""Hostile single files: empty, binary, wrong encodings, odd line endings, odd HTML, over the limits."""

from __future__ import annotations

import html as html_module
import json
import random

from .containers import warc_bytes
from .model import Case, good_html, good_text, gz, next_good
from .prose import FOREIGN_TEXTS, LEGACY_CODECS, long_sentence

# The limits the hostile batches run under (lowered so that "too large" costs kilobytes, not 50 MB).
TEST_MAX_FILE_BYTES = 300_000
TEST_MAX_DECOMPRESSED_BYTES = 1_000_000
TEST_MAX_TEXT_CHARS = 10_000
TEST_MAX_RECORD_BYTES = 100_000

_EMPTY_CONTENTS: dict[str, bytes] = {
    "zero": b"",
    "space": b" ",
    "newlines": b"\n\n\n",
    "mixed_blank": b"\t \r\n \x0c\r",
    "bom_utf8": b"\xef\xbb\xbf",
    "bom_utf16": b"\xff\xfe",
    "nbsp": ("\u00a0" * 10).encode(),
    "zero_width": ("\u200b\u200c\u200d" * 5).encode(),
    "empty_gzip": gz(b""),
}


def empty_cases() -> list[Case]:
    cases = []
    for name, data in _EMPTY_CONTENTS.items():
        for ext in (".txt", ".html", ".jsonl", ".warc", ".md"):
            cases.append(Case(f"empty/{name}{ext}", data, "empty", "failure"))
    return cases


_MAGIC: dict[str, bytes] = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02",
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    "elf": b"\x7fELF\x02\x01\x01\x00\x00\x00",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "sqlite": b"SQLite format 3\x00\x10\x00",
    "fake_gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff",
    "warc_magic": b"WARC/1.0\r\n\x00\x01\x02\x03",
    "json_then_binary": b'{"text": "\x00\x01\x02\x03',
    "html_then_binary": b"<html><body>\x00\x01\x02\x03\x04\x05",
}


def binary_cases(rng: random.Random) -> list[Case]:
    cases = []
    for size in (1, 7, 100, 4096, 70_000):
        for ext in (".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".gz", ".bin"):
            data = bytes(rng.getrandbits(8) for _ in range(size))
            cases.append(Case(f"binary/random_{size}{ext}", data, "binary", "failure"))
    for name, magic in _MAGIC.items():
        tail = bytes(rng.getrandbits(8) for _ in range(2000))
        for ext in (".html", ".txt", ".jsonl"):
            cases.append(Case(f"binary/{name}{ext}", magic + tail, "binary", "failure"))
    return cases


_WESTERN_CODECS = ("latin-1", "cp1252", "cp1250", "iso8859_15", "mac_roman", "cp850")


def encoding_cases(rng: random.Random) -> list[Case]:
    cases = []
    for codec in _WESTERN_CODECS:
        text = good_text(next_good(), rng=rng, accented=True)
        cases.append(
            Case(
                f"encoding/en_{codec}.txt", text.encode(codec, "replace"), "wrong encoding", "article", ("",)
            )
        )
        page = good_html(next_good(), rng=rng, accented=True)
        cases.append(
            Case(
                f"encoding/en_{codec}_nometa.html",
                page.encode(codec, "replace"),
                "wrong encoding",
                "article",
                ("",),
            )
        )
        page = good_html(next_good(), rng=rng, head=f'<meta charset="{codec}">', accented=True)
        cases.append(
            Case(
                f"encoding/en_{codec}_meta.html",
                page.encode(codec, "replace"),
                "wrong encoding",
                "article",
                ("",),
            )
        )
        page = good_html(next_good(), rng=rng, head='<meta charset="utf-8">', accented=True)
        cases.append(
            Case(
                f"encoding/en_{codec}_liar.html",
                page.encode(codec, "replace"),
                "wrong encoding",
                "article",
                ("",),
            )
        )
    for codec, expect in (("utf-16", "article"), ("utf-32", "article"), ("utf-8-sig", "article")):
        text, page = good_text(next_good(), rng=rng), good_html(next_good(), rng=rng)
        cases.append(Case(f"encoding/en_{codec}.txt", text.encode(codec), "wrong encoding", expect, ("",)))
        cases.append(Case(f"encoding/en_{codec}.html", page.encode(codec), "wrong encoding", expect, ("",)))
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le"):
        text, page = good_text(next_good(), rng=rng), good_html(next_good(), rng=rng)
        cases.append(Case(f"encoding/en_{codec}_nobom.txt", text.encode(codec), "wrong encoding", "any"))
        cases.append(
            Case(f"encoding/en_{codec}_nobom.html", page.encode(codec, "replace"), "wrong encoding", "any")
        )
    for language, text in FOREIGN_TEXTS.items():
        for codec in LEGACY_CODECS[language]:
            data = text.encode(codec, "replace")
            cases.append(Case(f"encoding/{language}_{codec}.txt", data, "wrong encoding", "any"))
            page = f"<html><body><article><p>{html_module.escape(text)}</p></article></body></html>"
            cases.append(
                Case(
                    f"encoding/{language}_{codec}.html",
                    page.encode(codec, "replace"),
                    "wrong encoding",
                    "any",
                )
            )
        cases.append(
            Case(f"encoding/{language}_utf8.txt", f"Title\n\n{text}".encode(), "foreign", "article", ("",))
        )
    return cases


def control_cases(rng: random.Random) -> list[Case]:
    variants = {
        "crlf": lambda t: t.replace("\n", "\r\n"),
        "cr_only": lambda t: t.replace("\n", "\r"),
        "mixed_endings": lambda t: t.replace("\n\n", "\r\n\n", 1).replace("\n", "\r", 2),
        "lf_cr": lambda t: t.replace("\n", "\n\r"),
        "form_feeds": lambda t: t.replace("\n\n", "\n\x0c\n"),
        "vertical_tabs": lambda t: t.replace(" ", "\x0b", 3),
        "line_separators": lambda t: t.replace("\n", "\u2028"),
        "next_line": lambda t: t.replace("\n", "\u0085"),
        "tabs": lambda t: t.replace(" ", "\t"),
        "one_nul": lambda t: t.replace(" ", "\x00", 1),
        "escapes": lambda t: t.replace(" ", "\x1b[0m ", 2),
        "trailing_spaces": lambda t: t.replace("\n", "   \t\n"),
    }
    cases = []
    expect_article = {"crlf", "cr_only", "mixed_endings", "lf_cr", "tabs", "trailing_spaces", "escapes"}
    for name, change in variants.items():
        expect = "article" if name in expect_article else "any"
        must = ("",) if expect == "article" else ()
        cases.append(
            Case(
                f"controls/{name}.txt",
                change(good_text(next_good(), rng=rng)).encode(),
                "controls",
                expect,
                must,
            )
        )
        cases.append(
            Case(
                f"controls/{name}.html",
                change(good_html(next_good(), rng=rng)).encode(),
                "controls",
                expect,
                must,
            )
        )
    return cases


def html_cases(rng: random.Random) -> list[Case]:
    cases = []
    for depth in (50, 500, 2000, 10_000, 40_000):
        for tag in ("div", "b"):
            page = good_html(next_good(), rng=rng)
            cut = page.index("<article>")
            nested = page[:cut] + f"<{tag}>" * depth + page[cut:] + f"</{tag}>" * depth
            cases.append(Case(f"html/nested_{tag}_{depth}.html", nested.encode(), "deep HTML", "any"))
    article = "<p>" + html_module.escape(good_text(next_good(), rng=rng)) + "</p>"
    pages = {
        "head_only": "<html><head><title>Only a head</title></head></html>",
        "title_only": "<title>Just a title</title>",
        "script_only": "<html><body><script>" + "var x = 1;" * 500 + "</script></body></html>",
        "style_only": "<html><head><style>" + "p{color:red}" * 500 + "</style></head><body></body></html>",
        "comment_only": "<html><body><!-- " + "hidden words " * 300 + "--></body></html>",
        "noscript": "<html><body><noscript>Enable JavaScript to read this page.</noscript></body></html>",
        "frameset": "<html><frameset><frame src='a.html'><frame src='b.html'></frameset></html>",
        "svg_only": "<html><body><svg>" + "<circle r='1'/>" * 1000 + "</svg></body></html>",
        "unclosed": "<html><body><article><p>"
        + good_text(next_good(), rng=rng).replace("\n\n", "<p><div><span>"),
        "stray_closers": "</div></span></p></body></html><html><body>" + article + "</td></tr></table>",
        "bad_entities": "<html><body><p>&#xFFFFFFFF; &#0; &#55296; &#x110000; &bogus; &amp</p>"
        + article
        + "</body></html>",
        "cdata": "<html><body><![CDATA[" + "x" * 500 + "]]>" + article + "</body></html>",
        "processing": "<?xml version='1.0' encoding='utf-16'?><?php echo 1; ?><html><body>"
        + article
        + "</body></html>",
        "bogus_charset": "<html><head><meta charset='no-such-codec'></head><body>"
        + article
        + "</body></html>",
        "two_charsets": "<meta charset='koi8-r'><meta charset='shift_jis'><body>" + article + "</body>",
        "huge_attribute": "<html><body><div class='"
        + "a" * 100_000
        + "'>"
        + article
        + "</div></body></html>",
        "many_attributes": "<html><body><div "
        + " ".join(f"a{i}='{i}'" for i in range(5000))
        + ">"
        + article
        + "</div></body></html>",
        "nested_tables": "<table><tr><td>" * 1000 + article + "</td></tr></table>" * 1000,
        "many_breaks": "<html><body>" + "<br>" * 20_000 + article + "</body></html>",
        "template": "<html><body><template>" + article + "</template></body></html>",
        "data_uri": "<html><body><img src='data:image/png;base64,"
        + "QUJD" * 25_000
        + "'>"
        + article
        + "</body></html>",
        "json_ld_only": '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script></head></html>',
        "pre_only": "<html><body><pre>"
        + html_module.escape(good_text(next_good(), rng=rng))
        + "</pre></body></html>",
        "rtl_page": "<html dir='rtl' lang='ar'><body><article><p>"
        + FOREIGN_TEXTS["ar"]
        + "</p></article></body></html>",
        "ads_everywhere": "<html><body>"
        + "<div class='ad'>Buy now!</div>" * 1000
        + article
        + "</body></html>",
        "null_entity_title": "<html><head><title>&#0;&#0;</title></head><body>" + article + "</body></html>",
        "not_html_at_all": "This file is called .html but holds plain words about the water office and its plans.",
        "xml_feed": "<?xml version='1.0'?><rss><channel><item><title>Feed item</title></item></channel></rss>",
    }
    for name, page in pages.items():
        cases.append(Case(f"html/{name}.html", page.encode(), "odd HTML", "any"))
    return cases


def large_cases(rng: random.Random) -> list[Case]:
    over = TEST_MAX_FILE_BYTES + 1
    filler = (good_text(next_good(), rng=rng) * (over // 300 + 1)).encode()[:over]
    cases = [
        Case("large/just_over.txt", filler, "size limit", "failure", code="input_too_large"),
        Case(
            "large/just_over.html",
            b"<html><body><p>" + filler[15:],
            "size limit",
            "failure",
            code="input_too_large",
        ),
    ]
    for ext, start in (
        (".txt.gz", b""),
        (".html.gz", b"<html>"),
        (".warc.gz", b"WARC/1.0\r\n"),
        (".jsonl.gz", b"{"),
    ):
        bomb = gz(start + b" " * (TEST_MAX_DECOMPRESSED_BYTES * 5))
        cases.append(Case(f"large/bomb{ext}", bomb, "size limit", "failure", code="input_too_large"))
    paragraphs = "\n\n".join(long_sentence(30, rng=rng) for _ in range(2000))
    long_text = f"A very long report (file {next_good()})\n\n{paragraphs}"[: TEST_MAX_FILE_BYTES - 1000]
    cases.append(Case("large/long_text.txt", long_text.encode(), "size limit", "article", ("",)))
    big_page = "<html><body><article>" + "".join(f"<p>{long_sentence(40, rng=rng)}</p>" for _ in range(800))
    cases.append(
        Case("large/long_page.html", big_page.encode()[: TEST_MAX_FILE_BYTES - 100], "size limit", "any")
    )
    big_record = '{"text": "' + "word " * (TEST_MAX_RECORD_BYTES // 5 + 100) + '"}'
    lines = [
        json.dumps({"text": good_text(next_good(), rng=rng)}),
        big_record,
        json.dumps({"text": good_text(next_good(), rng=rng)}),
    ]
    cases.append(
        Case("large/long_record.jsonl", "\n".join(lines).encode(), "size limit", "article", (":1", ":3"))
    )
    first = (
        f"http://warc.test/big/{next_good()}",
        good_html(next_good(), rng=rng).encode(),
        "200 OK",
        "text/html",
    )
    huge = (
        "http://warc.test/huge",
        b"<html><body>" + b"<p>word</p>" * (TEST_MAX_RECORD_BYTES // 11 + 10),
        "200 OK",
        "text/html",
    )
    data, _ = warc_bytes([first, huge], compress=True)
    cases.append(Case("large/huge_record.warc.gz", data, "size limit", "article", (f"@{first[0]}",)))
    return cases

"""Hostile containers: cut and malformed WARC files, broken gzip streams, JSONL with bad lines."""

from __future__ import annotations

import io
import json
import random

from .model import Case, good_html, good_text, gz, next_good


def warc_bytes(records: list[tuple[str, bytes, str, str]], *, compress: bool) -> tuple[bytes, list[int]]:
    """A WARC file of (url, payload, status, content type) response records, and each record's end offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    ends = []
    for url, payload, status, content_type in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        # Fixed id and date: the same seed must give the same bytes (warcio would draw a uuid and the clock).
        fixed = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{len(ends):012d}>",
            "WARC-Date": "2025-06-05T00:00:00Z",
        }
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=headers, warc_headers_dict=fixed
        )
        writer.write_record(record)
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


def _good_records(rng: random.Random, count: int) -> list[tuple[str, bytes, str, str]]:
    records = []
    for _ in range(count):
        index = next_good()
        html = good_html(index, rng=rng).encode()
        records.append((f"http://warc.test/good/{index}", html, "200 OK", "text/html; charset=utf-8"))
    return records


def warc_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for compress in (False, True):
        ext = ".warc.gz" if compress else ".warc"
        for cut_number in range(10):
            records = _good_records(rng, 3)
            data, ends = warc_bytes(records, compress=compress)
            cut = rng.randint(1, len(data) - 1)
            # A record is whole when its end (and, for plain WARC, the blank lines after it) is before the cut.
            kept = [url for (url, *_), end in zip(records, ends, strict=True) if end <= cut]
            cases.append(
                Case(
                    f"warc/cut_{cut_number}{ext}",
                    data[:cut],
                    "truncated WARC",
                    "any",
                    tuple(f"@{u}" for u in kept),
                )
            )
    good = _good_records(rng, 1)[0]
    whole, _ = warc_bytes([good], compress=False)
    variants: dict[str, bytes] = {
        "bad_version": whole.replace(b"WARC/1.1", b"WARC/9.9", 1).replace(b"WARC/1.0", b"WARC/9.9", 1),
        "length_word": _replace_length(whole, b"abc"),
        "length_negative": _replace_length(whole, b"-5"),
        "length_huge": _replace_length(whole, b"99999999999"),
        "header_only": b"WARC/1.0\r\nWARC-Type: response\r\n\r\n",
        "magic_then_garbage": b"WARC/1.0\r\n" + bytes(rng.getrandbits(8) for _ in range(3000)),
        "only_requests": whole.replace(b"WARC-Type: response", b"WARC-Type: request", 1),
        "revisit": whole.replace(b"WARC-Type: response", b"WARC-Type: revisit", 1),
    }
    for name, data in variants.items():
        cases.append(Case(f"warc/{name}.warc", data, "malformed WARC", "any"))
    odd_records: dict[str, tuple[str, bytes, str, str]] = {
        "not_found": (
            "http://warc.test/404",
            b"<html><body>gone</body></html>",
            "404 Not Found",
            "text/html",
        ),
        "image": ("http://warc.test/img", bytes(range(256)) * 4, "200 OK", "image/png"),
        "binary_as_html": ("http://warc.test/bin", bytes(range(256)) * 8, "200 OK", "text/html"),
        "empty_payload": ("http://warc.test/empty", b"", "200 OK", "text/html"),
        "wrong_charset": (
            "http://warc.test/cs",
            "<p>Caf\u00e9 caf\u00e9</p>".encode("cp1252"),
            "200 OK",
            "text/html; charset=utf-8",
        ),
        "bogus_charset": (
            "http://warc.test/bogus",
            b"<p>hello there</p>",
            "200 OK",
            "text/html; charset=no-such-codec",
        ),
        "redirect": ("http://warc.test/moved", b"", "301 Moved Permanently", "text/html"),
    }
    for name, odd in odd_records.items():
        # Each odd record sits between two good ones: both good ones must land.
        first, last = _good_records(rng, 2)
        data, _ = warc_bytes([first, odd, last], compress=name.startswith(("image", "binary")))
        cases.append(
            Case(
                f"warc/mixed_{name}.warc", data, "malformed WARC", "article", (f"@{first[0]}", f"@{last[0]}")
            )
        )
    no_article, _ = warc_bytes([odd_records["not_found"], odd_records["image"]], compress=False)
    cases.append(Case("warc/no_article.warc", no_article, "malformed WARC", "failure"))
    return cases


def _replace_length(data: bytes, value: bytes) -> bytes:
    start = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", start)
    return data[:start] + value + data[end:]


def gzip_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for share in (0.1, 0.5, 0.9):
        data = gz(good_text(next_good(), rng=rng).encode())
        cases.append(Case(f"gzip/cut_{share}.txt.gz", data[: int(len(data) * share)], "broken gzip", "any"))
    data = gz(good_text(next_good(), rng=rng).encode())
    cases.append(Case("gzip/no_trailer.txt.gz", data[:-8], "broken gzip", "any"))
    cases.append(
        Case("gzip/bad_crc.txt.gz", data[:-8] + b"\x00\x00\x00\x00" + data[-4:], "broken gzip", "any")
    )
    middle = len(data) // 2
    flipped = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    cases.append(Case("gzip/flipped_byte.txt.gz", flipped, "broken gzip", "any"))
    inner = gz(good_text(next_good(), rng=rng).encode())
    cases.append(Case("gzip/gzip_in_gzip.txt.gz", gz(inner), "broken gzip", "any"))
    two = gz(good_text(next_good(), rng=rng).encode()) + gz(b" More text follows here.")
    cases.append(Case("gzip/two_members.txt.gz", two, "broken gzip", "article", ("",)))
    corrupt_second = gz(good_text(next_good(), rng=rng).encode()) + b"\x1f\x8b\x08\x00garbage"
    cases.append(Case("gzip/corrupt_second_member.txt.gz", corrupt_second, "broken gzip", "any"))
    plain = good_text(next_good(), rng=rng).encode()
    cases.append(Case("gzip/not_really.txt.gz", plain, "broken gzip", "article", ("",)))
    html = gz(good_html(next_good(), rng=rng).encode())
    cases.append(Case("gzip/page.html.gz", html, "broken gzip", "article", ("",)))
    lines = [json.dumps({"text": good_text(next_good(), rng=rng)}) for _ in range(3)]
    jsonl = gz(("\n".join(lines) + "\n").encode())
    cut_in_third = len(gz(("\n".join(lines[:2]) + "\n").encode()))
    cases.append(Case("gzip/lines_cut.jsonl.gz", jsonl[: cut_in_third + 20], "broken gzip", "any"))
    cases.append(Case("gzip/lines.jsonl.gz", jsonl, "broken gzip", "article", (":1", ":2", ":3")))
    cases.append(
        Case("gzip/header_only.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "broken gzip", "failure")
    )
    cases.append(Case("gzip/magic_only.gz", b"\x1f\x8b", "broken gzip", "failure"))
    return cases


_BAD_JSONL_LINES: dict[str, bytes] = {
    "unterminated": b'{"text": "unterminated',
    "prose": b"this is not json at all",
    "array": b"[1, 2, 3]",
    "null": b"null",
    "number": b"42",
    "string": b'"just a string"',
    "no_text": b'{"title": "A title and nothing else"}',
    "text_number": b'{"text": 123}',
    "text_empty": b'{"text": ""}',
    "text_null": b'{"text": null}',
    "text_list": b'{"html": 5, "text": ["a", "b"]}',
    "deep_nesting": b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "invalid_utf8": b'{"text": "caf\xe9 \xff\xfe broken bytes in a line of text"}',
    "nul_bytes": b'{"text": "a\x00b\x00c"}',
    "long_garbage": b"x" * 50_000,
    "lone_surrogate": b'{"text": "A lone surrogate \\ud800 sits inside this sentence about the harbour board."}',
    "escaped_nul": b'{"text": "An escaped \\u0000 NUL sits inside this sentence about the harbour board."}',
    "huge_number": b'{"text": "Prices rose again this week across the region.", "published": 1e400}',
    "bad_date": b'{"text": "Prices rose again this week across the region.", "published": "2025-02-30"}',
    "far_date": b'{"text": "Prices rose again this week across the region.", "published": "99999-01-01"}',
    "object_date": b'{"text": "Prices rose again this week across the region.", "published": {"y": 1}}',
    "bad_url": b'{"text": "Prices rose again this week across the region.", "url": "http://[::1"}',
    "script_url": b'{"text": "Prices rose again this week across the region.", "url": "javascript:alert(1)"}',
    "number_url": b'{"text": "Prices rose again this week across the region.", "url": 12345}',
    "object_title": b'{"text": "Prices rose again this week across the region.", "title": {"a": [1]}}',
    "list_source": b'{"text": "Prices rose again this week across the region.", "source": ["x", "y"]}',
    "duplicate_keys": b'{"text": "first", "text": "Prices rose again this week across the whole region."}',
    "bom_middle": b'\xef\xbb\xbf{"text": "A byte-order mark opens this line about the water office."}',
}


def jsonl_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for name, bad in _BAD_JSONL_LINES.items():
        first = json.dumps({"text": good_text(next_good(), rng=rng), "url": None}).encode()
        last = json.dumps({"html": good_html(next_good(), rng=rng)}).encode()
        data = first + b"\n" + bad + b"\n" + last + b"\n"
        cases.append(Case(f"jsonl/{name}.jsonl", data, "broken JSONL", "article", (":1", ":3")))
    good_lines = [json.dumps({"text": good_text(next_good(), rng=rng)}) for _ in range(2)]
    cases.append(
        Case("jsonl/crlf.jsonl", "\r\n".join(good_lines).encode(), "broken JSONL", "article", (":1", ":2"))
    )
    good_lines = [json.dumps({"text": good_text(next_good(), rng=rng)}) for _ in range(2)]
    cases.append(
        Case(
            "jsonl/bom_start.jsonl",
            b"\xef\xbb\xbf" + "\n".join(good_lines).encode(),
            "broken JSONL",
            "any",
            (":2",),
        )
    )
    cases.append(Case("jsonl/blank_lines.jsonl", b"\n\n   \n\t\n", "broken JSONL", "failure"))
    cases.append(Case("jsonl/all_broken.jsonl", b"{\n}\n[\n", "broken JSONL", "failure"))
    return cases

"""Bytes to text: byte-order mark, then strict UTF-8, then a declared charset, then detection.

Detection prefers Western code pages: charset-normalizer guesses `cp1250` or `cp852` for short
Latin-1/cp1252 news text (measured on hand-written French and English sentences: "naïve" came out
"naďve"), and English-language news is what this engine reads. Non-Latin scripts (Cyrillic, CJK,
Greek, ...) are still taken from the detector.
"""

from __future__ import annotations

import codecs
import re

# How much of the start of a file is looked at to refuse binaries and find a <meta charset>.
SNIFF_BYTES = 8192
# Share of control bytes (other than tab/newline/CR/form feed) above which a file is binary.
# Text files have none; 5% leaves room for a stray escape in a scraped page.
MAX_CONTROL_SHARE = 0.05

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Share of non-ASCII letters beyond Latin Extended-B above which a detected code page is a
# non-Latin script and is believed (Cyrillic cp1251 text scores ~1.0, mis-detected French ~0.0).
NON_LATIN_SHARE = 0.5
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13, 27}


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def binary_reason(data: bytes) -> str | None:
    """Why `data` is not text ("binary file (NUL bytes)"), or None when it looks like text."""
    if bom_encoding(data) in {"utf-16", "utf-32"}:
        return None  # NUL bytes are expected there
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return "binary file (NUL bytes)"
    if head:
        controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
        if controls / len(head) > MAX_CONTROL_SHARE:
            return "binary file (control bytes)"
    return None


def garbled_reason(text: str) -> str | None:
    """Why decoded `text` is binary after all ("binary file (control characters)"), or None.

    Random bytes that pass `binary_reason` (no NUL, few C0 controls) decode through Latin-1 into C1
    controls (U+0080-U+009F), which no real text holds: cp1252 maps those bytes to printable characters.
    """
    sample = text[:SNIFF_BYTES]
    if not sample:
        return None
    controls = sum(
        1 for char in sample if (char < " " and char not in "\t\n\r\x0c\x1b") or "\x7f" <= char < "\xa0"
    )
    if controls / len(sample) > MAX_CONTROL_SHARE:
        return "binary file (control characters)"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if Python knows it."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").strip().lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _western(data: bytes) -> str:
    # cp1252 leaves five bytes undefined; a file using them is Latin-1 (C1 controls) instead.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Text from bytes, never raising: BOM, UTF-8, declared charset (HTML), detection, cp1252."""
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        declared = declared_charset(data)
        # A page that declares UTF-8 but is not valid UTF-8 is usually cp1252 mislabelled.
        if declared and declared not in {"utf-8", "utf-16", "utf-32"}:
            try:
                return data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None:
        try:
            guess = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            guess = ""
        if _mostly_non_latin(guess):
            return guess
    return _western(data)


def _mostly_non_latin(text: str) -> bool:
    """True when the non-ASCII letters of `text` are mostly outside the Latin script.

    The detector is trusted for Cyrillic, Greek, Arabic, CJK...; for Latin-script text it picks
    among look-alike code pages (cp1250, cp1257, cp852...) almost at random, so cp1252 wins there.
    """
    letters = [char for char in text if ord(char) > 127 and char.isalpha()]
    if not letters:
        return False
    non_latin = sum(1 for char in letters if ord(char) > 0x24F)
    return non_latin / len(letters) > NON_LATIN_SHARE

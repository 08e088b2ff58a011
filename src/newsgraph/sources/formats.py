"""Which reader a file needs: by extension, then by sniffing its first bytes.

Strong signatures win over the extension (a `.html` that starts with `WARC/` is a WARC file, a
`.txt` holding a whole web page is HTML); a weak or missing signature leaves the extension in
charge; an unknown extension with no signature is plain text.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Literal

Format = Literal["text", "html", "warc", "jsonl"]

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
# Markup that only a web page starts with. "<p>" alone is too weak: plain text may quote a tag.
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|link|script)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(html|body)\b[^>]*>", re.IGNORECASE)
_JSON_FIELD = re.compile(rb'"(text|html)"\s*:')


def strip_gz(name: str) -> str:
    """The name of a file inside a `.gz` (`a.warc.gz` -> `a.warc`)."""
    return name[:-3] if name.lower().endswith(".gz") else name


def extension_format(name: str) -> Format | None:
    return _EXTENSIONS.get(PurePath(name).suffix.lower())


def sniff_format(head: bytes) -> Format | None:
    """The format the first bytes prove, or None when they prove nothing."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"WARC/"):
        return "warc"
    if text.startswith(b"{") and _JSON_FIELD.search(text.split(b"\n", 1)[0]):
        return "jsonl"
    if _HTML_START.match(text) or _HTML_ANYWHERE.search(text):
        return "html"
    return None


def detect_format(name: str, head: bytes) -> Format:
    """The reader for a file called `name` whose content starts with `head`."""
    sniffed = sniff_format(head)
    by_extension = extension_format(name)
    if sniffed in {"warc", "jsonl"}:
        return sniffed
    if sniffed == "html" and by_extension != "jsonl":
        return "html"
    if by_extension == "html" and b"<" not in head:
        return "text"  # a ".html" with no markup at all is plain text with the wrong name
    return by_extension or "text"

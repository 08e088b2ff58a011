"""Boilerplate that survives extraction, removed by general line-level rules.

Runs on every input (text, HTML after trafilatura, JSONL). The text is cut into paragraph units,
then, in order:
  1. whitespace and Unicode are normalised (NFC, no-break and zero-width spaces);
  2. a comment-form phrase glued to the next heading ("Leave a ReplyBackground") is cut off;
  3. a comment form or comment section at the end of the article goes entirely;
  4. short junk lines go: advertisement markers, share/follow/subscribe lines, cookie notices,
     "Read more: ..." teasers, tag lines, copyright lines;
  5. a "Related"/"You may also like" heading goes with the link-like short lines after it;
  6. the title repeated at the top, and a paragraph repeated right after itself, go.
The rules name generic site furniture only, never the words of any particular article.
"""

from __future__ import annotations

import re
import unicodedata

# A junk line is short: the longest share/subscribe/cookie line seen in hand-checked pages was about
# 100 characters; article paragraphs that mention "subscribe" or "cookies" are far longer.
MAX_JUNK_CHARS = 160
MAX_COOKIE_CHARS = 400
# After a "Related ..." heading, link-like lines are headlines: short, few words.
MAX_LINK_LINE_CHARS = 130
MAX_LINK_LINE_WORDS = 22
# Related-link boxes hold a handful of items (3-10 on the pages checked); a longer run of short
# lines after such a heading is the page's own list (a documentation page's "See also" table).
MAX_RELATED_LINKS = 12
# A comment form cuts the rest of the article when what follows it is mostly not prose: under this
# share of the document's characters, or with no paragraph longer than MIN_PROSE_CHARS.
MAX_TAIL_SHARE = 0.35
MIN_PROSE_CHARS = 200
# Hard-wrapped plain text: lines of a block at most this long, most of them at least WRAP_MIN_CHARS.
WRAP_MAX_CHARS = 100
WRAP_MIN_CHARS = 45

_FLAGS = re.IGNORECASE
_LEAVE_REPLY = r"leave\s+a\s+(?:reply|replay|repl[a-z]{0,3}|comment|response)"
_FORM_START = re.compile(
    rf"(?:{_LEAVE_REPLY}|post\s+a\s+comment|add\s+a\s+comment|write\s+a\s+comment|"
    r"join\s+the\s+(?:discussion|conversation)|(?:\d+|no|one)\s+(?:comments?|responses?|replies|thoughts?)"
    r"(?:\s+(?:so\s+far|on\s+.{1,120}))?|comments?|reader\s+comments|"
    r"you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?|comments\s+are\s+closed\.?)"
    r"\s*[:.!]?\s*(?:\(\d+\))?",
    _FLAGS,
)
_FORM_PHRASES = re.compile(
    rf"{_LEAVE_REPLY}|your\s+email\s+address\s+will\s+not\s+be\s+published|"
    r"required\s+fields\s+are\s+marked|(?:post|submit|add)\s+(?:your\s+)?comment|"
    r"save\s+my\s+name,?\s+email,?\s+and\s+website\s+in\s+this\s+browser.{0,40}?comment|"
    r"notify\s+me\s+of\s+(?:follow-?up\s+comments|new\s+(?:posts|comments))[^.]{0,40}|"
    r"cancel\s+reply|this\s+site\s+uses\s+akismet[^.]*|learn\s+how\s+your\s+comment\s+data\s+is\s+processed|"
    r"logged\s+in\s+as\s+\S+|log\s+out\??|\b(?:name|e-?mail|website|comment|url)\b|"
    r"you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment|comments\s+are\s+closed",
    _FLAGS,
)
# The glued heading starts with a capital: the lookahead is case-sensitive on purpose.
_GLUED_FORM = re.compile(rf"^\s*(?:{_LEAVE_REPLY})(?=(?-i:[A-Z0-9“\"'‘(]))", re.IGNORECASE)
_GLUED_FORM_END = re.compile(rf"(?<=[.!?”\"’)])\s*(?:{_LEAVE_REPLY})\s*$", _FLAGS)

_SHARE_WORDS = frozenset(
    [
        "share",
        "shares",
        "sharing",
        "this",
        "article",
        "story",
        "post",
        "page",
        "via",
        "on",
        "with",
        "friends",
        "tweet",
        "email",
        "e-mail",
        "print",
        "pin",
        "it",
        "pinterest",
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "reddit",
        "whatsapp",
        "telegram",
        "messenger",
        "tumblr",
        "copy",
        "link",
        "flipboard",
        "pocket",
        "threads",
        "bluesky",
        "mastodon",
        "sms",
        "like",
        "save",
        "comment",
        "comments",
        "google",
    ]
)
# A share line holds at least one of these; the other share words alone ("this", "on") prove nothing.
_SHARE_CORE = frozenset(
    [
        "share",
        "shares",
        "sharing",
        "tweet",
        "email",
        "e-mail",
        "print",
        "pinterest",
        "facebook",
        "twitter",
        "linkedin",
        "reddit",
        "whatsapp",
        "telegram",
        "messenger",
        "tumblr",
        "flipboard",
        "copy",
    ]
)
_JUNK_LINE = re.compile(
    r"(?:advertisements?|advertising|ad|sponsored(?:\s+content)?|paid\s+content|"
    r"scroll\s+(?:down\s+)?to\s+continue(?:\s+reading)?(?:\s+with\s+content)?|"
    r"(?:story|article)\s+continues\s+below(?:\s+(?:this\s+)?(?:ad|advertisement))?|"
    r"continue\s+reading(?:\s+(?:below|the\s+main\s+story))?|loading\.*|like\s+this|"
    r"skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|click\s+here\s+to\s+.{1,80}|"
    r"(?:read|see)\s+(?:more|also|next|the\s+full\s+story)\s*[:»›>-]\s*.{0,150}|also\s+read\s*:.{0,150}|"
    r"(?:related|recommended|watch|listen|more)\s*:\s*.{0,150}|"
    r"(?:tags?|topics?|filed\s+under|categories|category|posted\s+in|keywords)\s*:.{0,200}|"
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}.{0,150}|all\s+rights\s+reserved\.?|"
    r"(?:follow|find|like)\s+(?:us|me|him|her|them|[\w@.]+)\s+on\s+(?:twitter|x|facebook|instagram|linkedin|"
    r"tiktok|youtube|threads|bluesky|mastodon|telegram|whatsapp)\b.{0,80}|follow\s+us\b.{0,80}|"
    r"(?:subscribe|sign\s+up|register)\b.{0,100}\b(?:newsletter|inbox|updates|channel|podcast|alerts)\b.{0,60}|"
    r"(?:get|receive)\s+(?:our|the)\s+.{0,40}newsletter.{0,80}|"
    r"subscribe(?:\s+(?:now|today|here|for\s+free))?|newsletter|"
    r"(?:download|get)\s+(?:our|the)\s+(?:free\s+)?app.{0,80})\s*[.!:]?",
    _FLAGS,
)
_COOKIE_WORDS = re.compile(r"\bcookies?\b", _FLAGS)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:we\s+use|this\s+(?:web)?site\s+uses|uses\s+cookies|accept|consent|privacy\s+policy|"
    r"by\s+(?:continuing|using|clicking)|manage\s+(?:your\s+)?(?:preferences|settings))\b",
    _FLAGS,
)
_RELATED_HEADING = re.compile(
    r"(?:related(?:\s+(?:posts?|articles?|stories|news|content|coverage|reading|links|topics|videos?))?|"
    r"(?:you|we\s+think\s+you)\s+(?:may|might|will)\s+(?:also\s+)?(?:like|enjoy|love|be\s+interested\s+in)|"
    r"recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?|read\s+(?:more|next|also)|"
    r"more\s+(?:from|on|in|about)\s+.{1,40}|more\s+(?:stories|news|articles|to\s+read|like\s+this)|"
    r"most\s+(?:read|popular|viewed|shared|commented)|trending(?:\s+(?:now|stories|news|articles))?|"
    r"popular(?:\s+(?:posts|stories|articles|now))?|see\s+also|further\s+reading|"
    r"latest\s+(?:news|stories|posts|articles|headlines)|also\s+(?:read|on|in)(?:\s+.{1,30})?|"
    r"what\s+to\s+read\s+next|don['’]t\s+miss|editor['’]?s\s+picks|top\s+stories|in\s+other\s+news|"
    r"other\s+(?:stories|news|articles)|previous\s+(?:post|article)|next\s+(?:post|article))\s*[:.»›]?",
    _FLAGS,
)
_WORD = re.compile(r"[\w@'’-]+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TITLE_KEY = re.compile(r"[\W_]+")


def normalize_unit(text: str) -> str:
    """One paragraph: NFC, invisible characters out, runs of spaces to one, no edge spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3 or max(len(line) for line in lines) > WRAP_MAX_CHARS:
        return False
    long_lines = sum(1 for line in lines[:-1] if len(line) >= WRAP_MIN_CHARS)
    return long_lines >= 0.7 * (len(lines) - 1)


def split_units(text: str) -> list[str]:
    """Paragraph units: blocks between blank lines, each line its own unit unless the block is
    hard-wrapped prose (then the block is one unit)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [normalize_unit(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


def _title_key(text: str) -> str:
    return _TITLE_KEY.sub(" ", text.casefold()).strip()


def is_title_repeat(unit: str, title: str | None) -> bool:
    """The unit is the title (or the title without a " - Site name" tail)."""
    if not title:
        return False
    unit_key, title_key = _title_key(unit), _title_key(title)
    if not unit_key:
        return False
    if unit_key == title_key:
        return True
    # "Headline - Site" titles against a bare "Headline" on the page.
    for separator in (" - ", " | ", " – ", " — ", " :: ", " · "):
        head = title.split(separator)[0]
        if len(head) >= 15 and _title_key(head) == unit_key:
            return True
    return False


def _is_form_unit(unit: str) -> bool:
    """A comment-form field or notice: nothing left once the form phrases are taken out."""
    if len(unit) > MAX_JUNK_CHARS * 2:
        return False
    rest, found = _FORM_PHRASES.subn(" ", unit)
    return found > 0 and len(re.sub(r"[\W_]+", "", rest)) <= 2


def _is_form_start(unit: str) -> bool:
    return len(unit) <= MAX_JUNK_CHARS and _FORM_START.fullmatch(unit) is not None


def _is_share_line(unit: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(unit)]
    return (
        len(unit) <= MAX_JUNK_CHARS
        and any(w in _SHARE_CORE for w in words)
        and all(w in _SHARE_WORDS for w in words)
    )


def is_junk_line(unit: str) -> bool:
    """Site furniture that is never article text, judged from this one short line."""
    if len(unit) <= MAX_JUNK_CHARS and (_JUNK_LINE.fullmatch(unit) or _is_share_line(unit)):
        return True
    return (
        len(unit) <= MAX_COOKIE_CHARS
        and _COOKIE_WORDS.search(unit) is not None
        and _COOKIE_CONTEXT.search(unit) is not None
    )


def _is_link_line(unit: str) -> bool:
    return len(unit) <= MAX_LINK_LINE_CHARS and len(unit.split()) <= MAX_LINK_LINE_WORDS


def _strip_glued_form(unit: str) -> str:
    unit = _GLUED_FORM.sub("", unit)
    return _GLUED_FORM_END.sub("", unit).strip()


def _cut_comment_tail(units: list[str]) -> list[str]:
    """Drop a comment form or section at the end: from its first marker to the end of the text."""
    total = sum(len(u) for u in units) or 1
    for index, unit in enumerate(units):
        if not (_is_form_start(unit) or _is_form_unit(unit)):
            continue
        tail = units[index + 1 :]
        prose = [u for u in tail if not _is_form_unit(u)]
        prose_chars = sum(len(u) for u in prose)
        # Content after the form (a glued heading, the rest of the story) means it sits mid-page.
        if prose_chars / total < MAX_TAIL_SHARE or not any(len(u) > MIN_PROSE_CHARS for u in prose):
            return units[:index]
    return units


def _drop_related_lists(units: list[str]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(units):
        unit = units[index]
        if len(unit) <= 60 and _RELATED_HEADING.fullmatch(unit):
            end = index + 1
            while end < len(units) and _is_link_line(units[end]):
                end += 1
            # A long run of short lines under "See also" was a documentation page's own list.
            if end - index - 1 <= MAX_RELATED_LINKS:
                index = end
                continue
        kept.append(unit)
        index += 1
    return kept


def remove_boilerplate(text: str, *, title: str | None = None) -> str:
    """The text without site furniture; paragraphs separated by one blank line."""
    units = [_strip_glued_form(unit) for unit in split_units(text)]
    units = [unit for unit in units if unit]
    units = _cut_comment_tail(units)
    units = [unit for unit in units if not is_junk_line(unit) and not _is_form_unit(unit)]
    units = _drop_related_lists(units)
    deduplicated: list[str] = []
    for unit in units:
        if deduplicated and unit == deduplicated[-1]:
            continue
        deduplicated.append(unit)
    while deduplicated and is_title_repeat(deduplicated[0], title):
        deduplicated.pop(0)
    return "\n\n".join(deduplicated)

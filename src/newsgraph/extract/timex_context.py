"""What a time-expression rule may ask about the text around it: the reference date, the tense,
the values found before it. Kept apart from the rules so that they stay a flat table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Tense = Literal["past", "future"]

# Words that settle which way a bare "Thursday" or "March" points. The nearest one wins
# (checked on hand-written news sentences: "said Friday" is past, "will meet Friday" is future,
# "which ended Friday, will resume" is past because "ended" is nearer than "will").
_FUTURE_MARKERS = re.compile(
    r"\b(?:will|shall|going\s+to|plans?\s+to|planned|scheduled|expects?\s+to|expected\s+to|is\s+to"
    r"|are\s+to|set\s+to|due\s+to|upcoming|would|until|till|tomorrow|as\s+soon\s+as)\b|'ll\b",
    re.IGNORECASE,
)
_PAST_MARKERS = re.compile(
    r"\b(?:was|were|had|did|said|says|ago|last|earlier|yesterday|since|have\s+been|has\s+been"
    r"|[a-z]{2,}ed)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are not past-tense verbs, or point forward anyway.
_NOT_PAST = frozenset({"scheduled", "planned", "expected", "need", "speed", "united", "based", "proposed"})

# How far around an expression the tense markers are looked for, in characters.
_TENSE_WINDOW_BEFORE = 90
_TENSE_WINDOW_AFTER = 50

_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z\"'])|\n")


@dataclass
class Context:
    """The state of one pass over a text: the reference date and what was found so far."""

    text: str
    anchor: date | None
    # The latest explicit full date (with year) found in the text: the reference when anchor is None.
    text_reference: date | None = None
    # Values of the DATE expressions found so far, in text order, with their end offsets.
    previous: list[tuple[int, str]] = field(default_factory=list)

    @property
    def reference(self) -> date | None:
        return self.anchor if self.anchor is not None else self.text_reference

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        left = 0
        for match in _SENTENCE_BREAK.finditer(self.text, max(0, start - 400), start):
            left = match.end()
        right_match = _SENTENCE_BREAK.search(self.text, end)
        right = right_match.start() + 1 if right_match else len(self.text)
        return left, right

    def tense(self, start: int, end: int) -> Tense | None:
        """Past or future, from the marker nearest to the expression in its sentence."""
        left, right = self.sentence_bounds(start, end)
        before = self.text[max(left, start - _TENSE_WINDOW_BEFORE) : start]
        after = self.text[end : min(right, end + _TENSE_WINDOW_AFTER)]
        best: tuple[int, Tense] | None = None
        for window, is_before in ((before, True), (after, False)):
            for pattern, tense in ((_FUTURE_MARKERS, "future"), (_PAST_MARKERS, "past")):
                for match in pattern.finditer(window):
                    if tense == "past" and match.group(0).lower() in _NOT_PAST:
                        continue
                    distance = len(window) - match.end() if is_before else match.start()
                    if best is None or distance < best[0]:
                        best = (distance, tense)  # type: ignore[assignment]
        return best[1] if best else None

    def last_value(self, before: int, *, pattern: re.Pattern[str] | None = None) -> str | None:
        """The value of the latest DATE found before offset `before` (matching `pattern`, if given)."""
        for end, value in reversed(self.previous):
            if end <= before and (pattern is None or pattern.match(value)):
                return value
        return None

    def recent_value(self, start: int, pattern: re.Pattern[str], *, chars: int) -> str | None:
        """The latest DATE value matching `pattern` that ends within `chars` before `start`."""
        for end, value in reversed(self.previous):
            if start - chars <= end <= start and pattern.match(value):
                return value
        return None

    def in_same_sentence(self, offset: int, other_end: int) -> bool:
        left, _ = self.sentence_bounds(offset, offset)
        return other_end >= left

    def previous_in_sentence(self, start: int, pattern: re.Pattern[str]) -> str | None:
        left, _ = self.sentence_bounds(start, start)
        for end, value in reversed(self.previous):
            if left <= end <= start and pattern.match(value):
                return value
        return None

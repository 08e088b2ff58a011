"""spaCy's `attribute_ruler`, the same rules and the same result, by table lookup instead of the Matcher.

The English model's attribute ruler (179 rules mapping fine tags to POS, morphology and some lemmas)
runs its Matcher over every token with every rule: about a tenth of the whole model's time on news
text, more than the tagger and the lemmatizer together. Almost all of its rules look at one token
only, and what a one-token rule says depends only on a few of the token's attributes (tag, lower
form, dependency, is-space). So each distinct combination of those is evaluated against the rules
once per process and remembered; the few multi-token rules are checked at the tokens where their
first token matches. The matches are put in the ruler's own order (rule index, then position) and
applied with spaCy's own setter, so the annotations are identical (tests/extract/test_nlp_components.py
compares them with the Matcher's on real text).

A rule this table cannot read (an operator such as "OP", an attribute outside `_TOKEN_VALUES`)
makes `AttributeTable.for_ruler` return None, and the model keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes a rule may test, with how `Doc.to_array` gives them and how to read the value.
_TOKEN_VALUES: dict[str, int] = {
    "LOWER": LOWER,
    "TAG": TAG,
    "DEP": DEP,
    "IS_SPACE": IS_SPACE,
    "ORTH": ORTH,
    "TEXT": ORTH,
    "NORM": NORM,
    "POS": POS,
}
_BOOLEAN = {"IS_SPACE"}
_PREDICATES = {"IN", "NOT_IN", "REGEX"}
# Distinct token value combinations remembered per process; past this the memo starts afresh, so a
# long ingest's vocabulary does not grow it without bound (common combinations come back at once).
MEMO_LIMIT = 20_000

ATTRIBUTE_TABLE = "newsgraph_attribute_table"

TokenSpec = dict[str, Any]
# One token's values of the attributes the rules test, in `AttributeTable.attributes` order.
Values = tuple[Any, ...]
_TokenMatches = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


# One test of a rule's token: (position in the token's values, "EQ" | "IN" | "NOT_IN" | "REGEX", argument).
Check = tuple[int, str, Any]


def _spec_checks(spec: TokenSpec, position: dict[str, int]) -> list[Check] | None:
    """The checks for one token of a rule; None when it uses anything the table does not read."""
    checks: list[Check] = []
    for name, wanted in spec.items():
        if name not in position:
            return None
        at = position[name]
        if isinstance(wanted, dict):
            if not set(wanted) <= _PREDICATES:
                return None
            for predicate, argument in wanted.items():
                if predicate == "REGEX":
                    checks.append((at, predicate, re.compile(argument)))
                else:
                    checks.append((at, predicate, frozenset(argument)))
        elif isinstance(wanted, bool | str):
            checks.append((at, "EQ", wanted))
        else:
            return None
    return checks


def _passes(checks: list[Check], values: Values) -> bool:
    """Does a token with these values match the rule token these checks came from (the Matcher's test)?"""
    for at, kind, argument in checks:
        value = values[at]
        if kind == "EQ":
            passed = value == argument
        elif kind == "IN":
            passed = value in argument
        elif kind == "NOT_IN":
            passed = value not in argument
        else:
            passed = argument.search(str(value)) is not None
        if not passed:
            return False
    return True


class AttributeTable:
    """Callable like the `attribute_ruler` it was built from; see the module docstring."""

    def __init__(
        self,
        ruler: AttributeRuler,
        attributes: list[str],
        single: list[tuple[int, int, list[Check]]],
        multi: list[tuple[int, int, list[list[Check]]]],
    ) -> None:
        self.ruler = ruler
        self.attributes = attributes
        self._array_ids: list[int | str] = [_TOKEN_VALUES[name] for name in attributes]
        self._single = single  # (rule index, match id, checks)
        self._multi = multi  # (rule index, match id, checks for each token)
        self._seen: dict[tuple[int, ...], _TokenMatches] = {}
        self._vocab = ruler.vocab

    @classmethod
    def for_ruler(cls, ruler: AttributeRuler) -> AttributeTable | None:
        """The table for `ruler`'s rules, or None when a rule needs the Matcher."""
        rules = [cast(list[list[TokenSpec]], rule["patterns"]) for rule in ruler.patterns]
        if len(rules) != len(ruler.attrs):
            return None
        attributes = sorted({str(name) for rule in rules for alt in rule for spec in alt for name in spec})
        if not set(attributes) <= set(_TOKEN_VALUES):
            return None
        position = {name: at for at, name in enumerate(attributes)}
        single: list[tuple[int, int, list[Check]]] = []
        multi: list[tuple[int, int, list[list[Check]]]] = []
        for index, rule in enumerate(rules):
            match_id = ruler.vocab.strings[str(index)]
            for alternative in rule:
                tokens = [_spec_checks(spec, position) for spec in alternative]
                checks = [c for c in tokens if c is not None]
                if not checks or len(checks) < len(tokens):
                    return None
                if len(checks) == 1:
                    single.append((index, match_id, checks[0]))
                else:
                    multi.append((index, match_id, checks))
        return cls(ruler, attributes, single, multi)

    def _values(self, row: tuple[int, ...]) -> Values:
        strings = self._vocab.strings
        return tuple(
            bool(raw) if name in _BOOLEAN else (strings[raw] if raw else "")
            for name, raw in zip(self.attributes, row, strict=True)
        )

    def _token_matches(self, row: tuple[int, ...]) -> _TokenMatches:
        """For a token with these values: the one-token rules it matches, as (rule index, match id), and
        the multi-token rules whose first token it could be."""
        found = self._seen.get(row)
        if found is None:
            values = self._values(row)
            singles = tuple(
                (index, match_id) for index, match_id, checks in self._single if _passes(checks, values)
            )
            firsts = tuple(n for n, (_, _, tokens) in enumerate(self._multi) if _passes(tokens[0], values))
            if len(self._seen) >= MEMO_LIMIT:
                self._seen.clear()
            found = self._seen[row] = (singles, firsts)
        return found

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What `AttributeRuler.match` returns for `doc`: (rule index, match id, start, end), sorted."""
        if not len(doc):
            return []
        # One row per token; with a single attribute `to_array` gives a flat array.
        values = doc.to_array(self._array_ids).reshape(len(doc), -1)  # uint64 hashes and flags
        rows: list[tuple[int, ...]] = [tuple(map(int, row)) for row in values.tolist()]
        matches: list[tuple[int, int, int, int]] = []
        for i, row in enumerate(rows):
            singles, firsts = self._token_matches(row)
            matches += [(index, match_id, i, i + 1) for index, match_id in singles]
            for n in firsts:  # rare: "gon na", "let 's", an expletive "there" before "is"
                index, match_id, tokens = self._multi[n]
                end = i + len(tokens)
                if end <= len(rows) and all(
                    _passes(checks, self._values(rows[i + k])) for k, checks in enumerate(tokens[1:], start=1)
                ):
                    matches.append((index, match_id, i, end))
        matches.sort()
        return matches

    def __call__(self, doc: Doc) -> Doc:
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for index, _match_id, start, end in self.match(doc):
            offset = indices[index]
            set_token_attrs(doc[start + offset if offset >= 0 else end + offset], attrs[index])
        return doc

    def pipe(self, docs: Sequence[Doc] | Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory(ATTRIBUTE_TABLE)
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """The table for the pipeline's `attribute_ruler` (`use_attribute_table` puts it in its place)."""
    ruler = nlp.get_pipe("attribute_ruler")
    table = AttributeTable.for_ruler(ruler) if isinstance(ruler, AttributeRuler) else None
    if table is None:
        raise ValueError("the attribute_ruler has rules the attribute table cannot read")
    return table


def use_attribute_table(nlp: Language) -> bool:
    """Put an `AttributeTable` in place of the model's `attribute_ruler`; False when it keeps spaCy's."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler) or AttributeTable.for_ruler(ruler) is None:
        return False
    nlp.add_pipe(ATTRIBUTE_TABLE, after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return True

"""Modality of an event mention: asserted, reported, alleged, denied, speculated, hypothetical,
negated or future, read from the trigger's own dependents and the clauses that govern it.

Order of precedence (first match wins), because the stronger reading changes what a user may
conclude: negated > denied > hypothetical > future > speculated > alleged > reported > asserted.
"He was not poisoned" is negated even inside "police said ..."; "may have been killed" is
speculated even when someone reported it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.extract.event_lexicon import SPEECH_VERBS, word_set
from newsgraph.model import Modality
from newsgraph.nlp.doc_cache import token_strings

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

DENIAL_VERBS = word_set("deny reject dismiss refute disavow rebut")
DENIAL_NOUNS = frozenset(["denial"])
SPECULATION_VERBS = word_set("speculate suspect believe fear think suggest guess")
SPECULATION_ADVERBS = word_set("possibly perhaps probably maybe likely presumably apparently")
ALLEGATION_WORDS = word_set("allegedly alleged purportedly purported")
ALLEGATION_VERBS = word_set("accuse allege")
REPORT_ADVERBS = frozenset(["reportedly"])
PLAN_VERBS = word_set("plan intend aim expect prepare schedule set")
NEGATIVE_SUBJECTS = word_set("no nobody none noone")
# "could", "might", "may" express possibility; "would" without a condition is still hypothetical
# in news ("a deal would ..."); "could have" is speculation about the past.
POSSIBILITY_MODALS = word_set("may might could")


@dataclass(frozen=True)
class ModalityReading:
    modality: Modality
    source: str | None = None  # who said it, for "reported"
    source_token: int | None = None  # index of the source's head token, to map to an entity


def _governors(trigger: Token) -> list[Token]:
    """The trigger and the chain of heads above it, up to the sentence root."""
    chain = [trigger]
    token = trigger
    while token.head.i != token.i and len(chain) < 12:
        token = token.head
        chain.append(token)
    return chain


def _clause_children(token: Token) -> list[Token]:
    return list(token.children)


def _source_of(verb: Token) -> tuple[str | None, int | None]:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            span = child.doc[child.left_edge.i : child.right_edge.i + 1]
            return span.text, child.i
    return None, None


def _according_to(sentence: Span) -> tuple[str | None, int | None]:
    doc = sentence.doc
    lowers = token_strings(doc).lowers
    for i in range(sentence.start, sentence.end):
        if lowers[i] == "according" and i + 1 < sentence.end:
            nxt = doc[i + 1]
            if nxt.lower_ == "to":
                for child in nxt.children:
                    if child.dep_ == "pobj":
                        span = child.doc[child.left_edge.i : child.right_edge.i + 1]
                        return span.text, child.i
                if nxt.i + 1 < sentence.end:
                    return nxt.doc[nxt.i + 1].text, nxt.i + 1
    return None, None


def read_modality(trigger: Token, sentence: Span) -> ModalityReading:
    """The modality of the event whose trigger is `trigger`, inside `sentence`."""
    chain = _governors(trigger)
    own = chain[:2] if trigger.pos_ in {"NOUN", "PROPN"} else chain[:1]
    # The clause the trigger sits in: for a noun trigger, the verb that takes it as argument.
    clause_verbs = [t for t in own if t.pos_ in {"VERB", "AUX", "ADJ"}] or own

    # 1. negated: "did not", "never", "no one was killed", "no attack".
    for verb in clause_verbs:
        for child in verb.children:
            if child.dep_ == "neg":
                return ModalityReading("negated")
            if child.dep_ in {"nsubj", "nsubjpass"} and (
                child.lower_ in NEGATIVE_SUBJECTS
                or any(c.dep_ == "det" and c.lower_ == "no" for c in child.children)
            ):
                return ModalityReading("negated")
    if trigger.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "det" and c.lower_ == "no" for c in trigger.children
    ):
        return ModalityReading("negated")

    governors = chain[1:]
    # 2. denied: the event is the complement or object of a denial verb.
    for verb in governors:
        if verb.lemma_.lower() in DENIAL_VERBS:
            return ModalityReading("denied")
    strings = token_strings(sentence.doc)
    # word lists, not `Token`s: read_modality runs once per trigger over its whole sentence
    lemmas = strings.lemmas[sentence.start : sentence.end]
    if any(lemma in DENIAL_NOUNS for lemma in lemmas):
        return ModalityReading("denied")

    # 3. hypothetical: an "if"/"unless" clause around the trigger, or "would".
    for verb in chain[:3]:
        for child in verb.children:
            if child.dep_ == "mark" and child.lower_ in {"if", "unless", "whether"}:
                return ModalityReading("hypothetical")
    for verb in clause_verbs:
        if any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in verb.children):
            return ModalityReading("hypothetical")

    # 4. future: "will", "shall", "is going to", "plans to".
    for verb in clause_verbs:
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in {"will", "shall", "'ll", "wo"}:
                return ModalityReading("future")
    for verb in governors[:2]:
        if verb.lemma_.lower() in PLAN_VERBS and trigger.dep_ in {"xcomp", "dobj"}:
            return ModalityReading("future")

    # 5. speculated: "may have", "might", "possibly", "it is speculated that".
    for verb in clause_verbs:
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in POSSIBILITY_MODALS:
                return ModalityReading("speculated")
            if child.dep_ == "advmod" and child.lower_ in SPECULATION_ADVERBS:
                return ModalityReading("speculated")
    for verb in governors:
        if verb.lemma_.lower() in SPECULATION_VERBS:
            return ModalityReading("speculated")

    # 6. alleged: "allegedly", "alleged", "accused of".
    for token in chain[:3]:
        if any(c.lower_ in ALLEGATION_WORDS for c in token.children):
            return ModalityReading("alleged")
    for verb in governors[:3]:
        if verb.lemma_.lower() in ALLEGATION_VERBS:
            return ModalityReading("alleged")

    # 7. reported: inside a speech verb's complement, "according to X", "reportedly".
    for verb in governors:
        if verb.lemma_.lower() in SPEECH_VERBS and verb.pos_ == "VERB":
            source, index = _source_of(verb)
            return ModalityReading("reported", source, index)
    source, index = _according_to(sentence)
    if source is not None:
        return ModalityReading("reported", source, index)
    if any(lower in REPORT_ADVERBS for lower in strings.lowers[sentence.start : sentence.end]):
        return ModalityReading("reported")
    for offset, lemma in enumerate(lemmas):
        if lemma not in SPEECH_VERBS:
            continue
        token = sentence.doc[sentence.start + offset]
        # "X, police said." puts the speech verb above the event as a parataxis or root.
        if (
            token.pos_ == "VERB"
            and token.i > trigger.i
            and token.dep_ in {"parataxis", "ROOT"}
            and token is not chain[-1]
        ):
            source, index = _source_of(token)
            return ModalityReading("reported", source, index)
    return ModalityReading("asserted")

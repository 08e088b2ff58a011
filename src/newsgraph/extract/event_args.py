"""Arguments of an event trigger: participants with roles, place, date and fatalities.

Everything here reads the dependency parse around one trigger token; nothing loads a model.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.extract.event_lexicon import word_set
from newsgraph.model import (
    Entity,
    EntityMention,
    EventDate,
    Participant,
    PlaceMention,
    Role,
    TimeExpression,
)
from newsgraph.nlp.doc_cache import token_strings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Event types whose grammatical subject undergoes the event ("X died", "X was found dead").
SUBJECT_IS_TARGET = frozenset({"DIE", "ACCIDENT", "DISASTER"})
# Nominal triggers whose possessor is the victim ("X's killing"), not the doer.
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE", "DIE"})
PERSONAL_PRONOUNS = word_set("he him his she her hers")
PLACE_PREPOSITIONS = word_set("in at near outside inside across into from on")
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
}
DEATH_VERBS = word_set("kill die murder slay massacre execute perish behead")
# Prepositions that make a time the boundary of a state, not the event's date.
BOUNDARY_PREPOSITIONS = word_set("since until till")
# Types of the TimeExpressions that can date an event; durations ("for six months") cannot.
DATING_TIMEX = frozenset({"DATE", "TIME"})


@dataclass(frozen=True)
class MentionIndex:
    """Entity mentions of one article, sorted by start offset, for lookups by character span."""

    mentions: tuple[EntityMention, ...]
    starts: tuple[int, ...]

    @classmethod
    def build(cls, mentions: Sequence[EntityMention]) -> MentionIndex:
        ordered = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
        return cls(ordered, tuple(m.start for m in ordered))

    def covering(self, start: int, end: int) -> EntityMention | None:
        """The mention overlapping [start, end), preferring one that contains it."""
        position = bisect.bisect_right(self.starts, end)
        best: EntityMention | None = None
        for mention in reversed(self.mentions[max(0, position - 8) : position]):
            if mention.start < end and start < mention.end:
                if mention.start <= start and end <= mention.end:
                    return mention
                best = best or mention
        return best

    def last_person_before(self, offset: int, floor: int) -> EntityMention | None:
        position = bisect.bisect_left(self.starts, offset)
        for mention in reversed(self.mentions[:position]):
            if mention.start < floor:
                return None
            if mention.label == "PERSON":
                return mention
        return None


def _participant(mention: EntityMention, role: Role) -> Participant:
    return Participant(
        entity_id=Entity.make_id(mention.canonical, mention.label), name=mention.canonical, role=role
    )


def _mention_for(token: Token, index: MentionIndex, pronoun_floor: int) -> EntityMention | None:
    """The entity an argument token names: itself, its compound/appos/of-phrase, or a pronoun's antecedent."""
    if token.lower_ in PERSONAL_PRONOUNS:
        # Coreference-light: the last PERSON named before this sentence (within the window).
        sentence_start = token.sent.start_char
        return index.last_person_before(sentence_start, pronoun_floor)
    found = index.covering(token.idx, token.idx + len(token.text))
    if found is not None:
        return found
    for child in token.children:
        if child.dep_ in {"compound", "appos", "poss", "nmod"}:
            found = index.covering(child.idx, child.idx + len(child.text))
            if found is not None:
                return found
    for child in token.children:  # "a group of protesters from X": the head noun wins over X
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found = index.covering(grandchild.idx, grandchild.idx + len(grandchild.text))
                    if found is not None:
                        return found
    return None


RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Prepositions that make their object the scene of an event ("in Villajoyosa", "near the border").
LOCATIVE_PREPOSITIONS = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "on",
    "into",
    "to",
    "from",
    "across",
    "throughout",
    "around",
    "off",
    "along",
    "within",
    "towards",
    "toward",
    "over",
    "between",
    "through",
}
# Modifier uses name no scene: "U.S. intelligence official", "Kyiv's intelligence", "Spanish police".
CORE_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd"}
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}


def is_locative(span: Span) -> bool:
    """Whether a place mention names where something is or happens, rather than modifying a noun.

    "in London", "to Ukraine", "on the coast of Spain" are locative; "Russian pilot", "Kyiv's
    military intelligence" and "U.S. official" are not, and never give an event its place.
    """
    root = span.root
    if root.ent_type_ == "NORP" or root.dep_ in MODIFIER_DEPS:
        return False
    if root.dep_ == "pobj":
        preposition = root.head
        if preposition.lower_ in LOCATIVE_PREPOSITIONS:
            return True
        # "the coast of Spain", "the outskirts of Kyiv": follow "of" up to a locative preposition.
        noun = preposition.head
        if preposition.lower_ == "of" and noun.dep_ == "pobj":
            return noun.head.lower_ in LOCATIVE_PREPOSITIONS
        return False
    return (
        root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.lower_ in LOCATIVE_PREPOSITIONS
    )


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def argument_tokens(trigger: Token, event_type: str) -> list[tuple[Token, Role]]:
    """Argument head tokens of a trigger with their roles, from the parse."""
    found: list[tuple[Token, Role]] = []
    verbal = trigger.pos_ in {"VERB", "AUX", "ADJ"}
    head_for_subject = trigger
    # "X was found dead": the adjective hangs off "find", whose subject is the one who died.
    if trigger.dep_ in {"oprd", "acomp", "xcomp"} and not any(
        c.dep_.startswith("nsubj") for c in trigger.children
    ):
        head_for_subject = trigger.head
    for child in head_for_subject.children:
        # "Kuzminov, who had defected": the relative pronoun stands for the noun the clause modifies,
        # which the relative-clause rule below adds.
        if (
            child.dep_ in {"nsubj", "nsubjpass"}
            and child.lower_ in RELATIVE_PRONOUNS
            and trigger.dep_ == "relcl"
        ):
            if child.dep_ == "nsubjpass":
                found.append((trigger.head, "target"))
            continue
        if child.dep_ == "nsubj":
            role: Role = "target" if event_type in SUBJECT_IS_TARGET else "actor"
            found.extend((t, role) for t in _with_conjuncts(child))
        elif child.dep_ == "nsubjpass":
            found.extend((t, "target") for t in _with_conjuncts(child))
    for child in trigger.children:
        if child.dep_ == "agent":
            found.extend((g, "actor") for c in child.children if c.dep_ == "pobj" for g in _with_conjuncts(c))
        elif child.dep_ in {"dobj", "dative"} and verbal:
            found.extend((t, "target") for t in _with_conjuncts(child))
        elif child.dep_ == "poss" and not verbal:
            role = "target" if event_type in VICTIM_TYPES else "actor"
            found.append((child, role))
        elif child.dep_ == "prep":
            preposition = child.lower_
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if preposition in {"of", "on", "against"} and not verbal:
                    found.extend((t, "target") for t in _with_conjuncts(pobj))
                elif preposition == "by":
                    found.extend((t, "actor") for t in _with_conjuncts(pobj))
                elif preposition in {"with", "against", "to"}:
                    found.extend((t, "other") for t in _with_conjuncts(pobj))
    # "the rebels' attack", "an attack by rebels" handled above; a verb in a relative clause
    # ("the gunman who fired") takes its subject from the noun it modifies.
    if verbal and trigger.dep_ == "relcl" and not any(r == "actor" for _, r in found):
        found.append((trigger.head, "actor"))
    # A participle modifying a noun ("protesters killed by police"): the noun is the target.
    if verbal and trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        found.append((trigger.head, "target"))
    elif verbal and trigger.dep_ == "acl" and not any(r == "actor" for _, r in found):
        # The parser sometimes hangs a finite verb off its subject ("A pilot, X, defected ...").
        role = "target" if event_type in SUBJECT_IS_TARGET else "actor"
        found.append((trigger.head, role))
    # Non-finite complement ("pledged to kill X"): the governing verb's subject is the actor.
    if verbal and trigger.dep_ in {"xcomp", "advcl"} and not any(r == "actor" for _, r in found):
        for child in trigger.head.children:
            if child.dep_ == "nsubj" and trigger.dep_ == "xcomp":
                found.append((child, "actor"))
    return found


def find_participants(
    trigger: Token, event_type: str, index: MentionIndex, pronoun_floor: int
) -> tuple[Participant, ...]:
    """Participants of the event, one per entity; the first role found for an entity wins."""
    seen: set[str] = set()
    participants: list[Participant] = []
    for token, role in argument_tokens(trigger, event_type):
        mention = _mention_for(token, index, pronoun_floor)
        if mention is None:
            continue
        participant = _participant(mention, role)
        if participant.entity_id not in seen:
            seen.add(participant.entity_id)
            participants.append(participant)
    return tuple(participants)


def _attached_to(token: Token, trigger: Token, limit: int = 6) -> bool:
    """Whether `token` sits in the trigger's subtree (within `limit` steps up)."""
    current = token
    for _ in range(limit):
        if current.i == trigger.i:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return current.i == trigger.i


def _tokens_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def locative_places(doc: Doc, start: int, end: int, places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """The places between two offsets that are used as places (see `is_locative`), in text order."""
    found = []
    for place in places:
        if start <= place.start and place.end <= end:
            span = _tokens_of(doc, place.start, place.end)
            if span is not None and is_locative(span):
                found.append(place)
    return found


def find_place(trigger: Token, sentence: Span, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """A place named as a place in the sentence: one in the trigger's subtree first, else the nearest."""
    doc = trigger.doc
    candidates = locative_places(doc, sentence.start_char, sentence.end_char, places)
    if not candidates:
        return None
    attached: list[PlaceMention] = []
    for place in candidates:
        span = _tokens_of(doc, place.start, place.end)
        if span is not None and _attached_to(span.root, trigger):
            attached.append(place)
    if attached:
        resolved = [p for p in attached if p.place is not None]
        return (resolved or attached)[0]
    # Otherwise the nearest place, unless it belongs to another verb's clause: in "After his
    # defection, X moved to Spain" Spain is where he moved, not where he defected.
    free = [p for p in candidates if _shares_clause(doc, p, trigger)]
    return min(free, key=lambda p: abs(p.start - trigger.idx)) if free else None


def _clause_verb(token: Token) -> Token | None:
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
    return None


def _shares_clause(doc: Doc, place: PlaceMention, trigger: Token) -> bool:
    span = _tokens_of(doc, place.start, place.end)
    if span is None:
        return False
    verb = _clause_verb(span.root)
    if verb is None or verb.i == trigger.i:
        return True
    # A noun trigger shares its verb's scene only as the clause's subject or object ("the attack in
    # Lagos killed two"); in an adjunct ("After his defection, he moved to Portugal") it does not.
    return (
        trigger.pos_ not in {"VERB", "AUX"}
        and trigger.dep_ in CORE_ARGUMENT_DEPS
        and _clause_verb(trigger) == verb
    )


def timex_owner(span: Span, triggers: Sequence[Token]) -> Token | None:
    """The nearest trigger above a time expression in the parse, if any."""
    trigger_ids = {t.i for t in triggers}
    current = span.root
    for _ in range(12):
        if current.i in trigger_ids:
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def find_time(
    trigger: Token, sentence: Span, times: Sequence[TimeExpression], sentence_triggers: Sequence[Token]
) -> TimeExpression | None:
    """A dating time expression in the sentence owned by this trigger, else one owned by no trigger.

    A time owned by another trigger ("confirmed on Tuesday that X was killed in May") never
    dates this event: that is the "no date from an unrelated clause" rule.
    """
    doc = trigger.doc
    unowned: list[TimeExpression] = []
    for timex in times:
        if timex.type not in DATING_TIMEX or timex.interval_start is None:
            continue
        if not (sentence.start_char <= timex.start and timex.end <= sentence.end_char):
            continue
        span = _tokens_of(doc, timex.start, timex.end)
        if span is None:
            continue
        if span.start > 0 and doc[span.start - 1].lower_ in BOUNDARY_PREPOSITIONS:
            continue  # "has grown since 2020": when a state began or ends, not when the event happened
        owner = timex_owner(span, sentence_triggers)
        if owner is not None and owner.i == trigger.i:
            return timex
        if owner is None:
            unowned.append(timex)
    if unowned:
        return min(unowned, key=lambda t: abs(t.start - trigger.idx))
    return None


def event_date(timex: TimeExpression | None) -> EventDate:
    if timex is None:
        return EventDate(start=None, end=None, precision="unknown", text=None)
    return EventDate(
        start=timex.interval_start, end=timex.interval_end, precision=timex.precision, text=timex.text
    )


def number_value(token: Token) -> int | None:
    """The integer a number token states ("12", "1,200", "two", "dozens"), else None."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _number_of(noun: Token) -> int | None:
    for child in noun.children:
        # A sentence-initial number word is often tagged a proper-noun compound ("Eleven people died").
        if child.dep_ in {"nummod", "compound"}:
            value = number_value(child)
            if value is not None:
                return value
    return number_value(noun)


_FATALITY_LEMMAS = frozenset({"toll", "dead", "fatality"})  # the lemmas `find_fatalities` reads besides verbs


def find_fatalities(sentence: Span) -> int | None:
    """Deaths stated in the sentence: "killing 12", "12 people died", "death toll rose to 14",
    "two killed", "12 dead". Numbers that count shots, miles, years or arrests are not deaths:
    only a number in a death verb's subject/object slot, or next to "dead"/"toll", counts.
    """
    best: int | None = None

    def keep(value: int | None) -> None:
        nonlocal best
        if value is not None and 0 < value < 1_000_000:
            best = value if best is None else max(best, value)

    doc = sentence.doc
    lemmas = token_strings(doc).lemmas
    for i in range(sentence.start, sentence.end):
        lemma = lemmas[i]
        if lemma not in DEATH_VERBS and lemma not in _FATALITY_LEMMAS:
            continue  # no branch below applies: skip making the `Token`
        token = doc[i]
        if token.pos_ == "VERB" and lemma in DEATH_VERBS:
            for child in token.children:
                object_slot = child.dep_ in {"dobj", "nsubjpass"} and lemma != "die"
                subject_slot = child.dep_ == "nsubj" and lemma in {"die", "perish"}
                if object_slot or subject_slot:
                    keep(_number_of(child))
            # "two killed" as a reduced clause: the number is the participle's head.
            if token.dep_ == "acl" and token.head.like_num:
                keep(number_value(token.head))
        elif lemma == "toll":
            for later in sentence[token.i - sentence.start + 1 :]:
                if later.like_num:
                    keep(number_value(later))
                    break
        elif lemma in {"dead", "fatality"} and token.i > sentence.start:
            # "casualties" often counts the wounded too, so only "dead" and "fatalities" count.
            previous = token.doc[token.i - 1]
            value = number_value(previous) if previous.like_num else None
            if value is None and token.pos_ == "NOUN":
                value = _number_of(token)
            keep(value)
    return best

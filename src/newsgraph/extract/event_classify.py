"""Snippet-level event classification on top of the trigger lexicon.

For a sentence or a short snippet we want one label: the dominant event. Each trigger scores its
cue weight, discounted by its depth in the parse (the main clause carries the news: in "officials
said the rebels attacked", the attack is what happened, the saying is its source) and boosted in
the first sentence (the lede). The type with the highest total wins.

`acled_scores` maps the same triggers onto the CASE 2021 / ACLED label space through
`ACLED_SUBTYPES` plus a few context rules that the ACLED codebook states in its definitions
(protest met by force, weapons seized or defused, mob violence).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsgraph.extract.event_lexicon import PLOVER_TYPES, SPEECH_VERBS, TYPE_INFO, WEAPON_OBJECTS, word_set
from newsgraph.extract.events import Trigger, resolved_triggers
from newsgraph.extract.modality import read_modality

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Depth discount: a trigger two steps below the root counts half as much as the root's
# (0.5 per step was the best of 0.25/0.5/1.0 on the PLOVER dev sentences).
DEPTH_DISCOUNT = 0.5
LEDE_BOOST = 1.3
# When no cue fires, the most frequent PLOVER type of the codebook's examples (per its README).
PLOVER_FALLBACK = "AGREE"
ACLED_FALLBACK = "ATTACK"

ACLED_LABELS: tuple[str, ...] = (
    "ABDUCT_DISSAP",
    "AGREEMENT",
    "AIR_STRIKE",
    "ARMED_CLASH",
    "ARREST",
    "ART_MISS_ATTACK",
    "ATTACK",
    "CHANGE_TO_GROUP_ACT",
    "CHEM_WEAP",
    "DISR_WEAP",
    "FORCE_AGAINST_PROTEST",
    "GOV_REGAINS_TERIT",
    "GRENADE",
    "HQ_ESTABLISHED",
    "MOB_VIOL",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER",
    "OTHER",
    "PEACE_PROTEST",
    "PROPERTY_DISTRUCT",
    "PROTEST_WITH_INTER",
    "REM_EXPLOS",
    "SEX_VIOL",
    "SUIC_BOMB",
    "VIOL_DEMONSTR",
)
SECURITY_LABELS: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER")
POLITICAL_LABELS: tuple[str, ...] = ("DIPLO", "ATTRIB")

# (type, mode) -> CASE 2021 label; (type, None) is the type's default. From the ACLED codebook's
# sub-event definitions and the CASE 2021 notes on the unseen types.
ACLED_SUBTYPES: dict[tuple[str, str | None], str] = {
    ("ASSAULT", "suicide-bomb"): "SUIC_BOMB",
    ("ASSAULT", "chemical"): "CHEM_WEAP",
    ("ASSAULT", "grenade"): "GRENADE",
    ("ASSAULT", "explosives"): "REM_EXPLOS",
    ("ASSAULT", "sexual"): "SEX_VIOL",
    ("ASSAULT", "abduct"): "ABDUCT_DISSAP",
    ("ASSAULT", "destroy"): "PROPERTY_DISTRUCT",
    ("ASSAULT", "mob"): "MOB_VIOL",
    ("ASSAULT", None): "ATTACK",
    ("DIE", None): "ATTACK",
    ("FIGHT", "aerial"): "AIR_STRIKE",
    ("FIGHT", "artillery"): "ART_MISS_ATTACK",
    ("FIGHT", "occupy"): "NON_STATE_ACTOR_OVERTAKES_TER",
    ("FIGHT", "regain"): "GOV_REGAINS_TERIT",
    ("FIGHT", None): "ARMED_CLASH",
    ("PROTEST", "riot"): "VIOL_DEMONSTR",
    ("PROTEST", None): "PEACE_PROTEST",
    ("COERCE", "arrest"): "ARREST",
    ("COERCE", "defuse"): "DISR_WEAP",
    ("COERCE", "seize"): "ARREST",
    ("COERCE", "weapons"): "DISR_WEAP",
    ("COERCE", "disperse"): "PROTEST_WITH_INTER",
    ("COERCE", None): "ARREST",
    ("AGREE", None): "AGREEMENT",
    ("RETREAT", "ceasefire"): "AGREEMENT",
    ("RETREAT", "withdraw"): "NON_VIOL_TERRIT_TRANSFER",
    ("RETREAT", "return"): "NON_VIOL_TERRIT_TRANSFER",
    ("RETREAT", None): "DIPLO",
    ("MOBILIZE", "base"): "HQ_ESTABLISHED",
    ("MOBILIZE", None): "CHANGE_TO_GROUP_ACT",
    ("DEFECT", None): "CHANGE_TO_GROUP_ACT",
    ("CLAIM", None): "ATTRIB",
    ("ACCIDENT", None): "MAN_MADE_DISASTER",
    ("DISASTER", None): "NATURAL_DISASTER",
    ("CRIME", None): "ORG_CRIME",
    ("INVESTIGATE", None): "OTHER",
    ("CONSULT", None): "DIPLO",
    ("SUPPORT", None): "DIPLO",
    ("COOPERATE", None): "DIPLO",
    ("AID", None): "DIPLO",
    ("CONCEDE", None): "DIPLO",
    ("DISAPPROVE", None): "DIPLO",
    ("DISAPPROVE", "accuse"): "ATTRIB",
    ("REJECT", None): "DIPLO",
    ("DEMAND", None): "DIPLO",
    ("THREATEN", None): "DIPLO",
    ("SANCTION", None): "DIPLO",
}
# Labels that name a kind of violence: they outrank talk about it in a snippet that has both.
VIOLENT_LABELS = frozenset(ACLED_LABELS) - {
    "AGREEMENT",
    "OTHER",
    "CHANGE_TO_GROUP_ACT",
    "HQ_ESTABLISHED",
    "NON_VIOL_TERRIT_TRANSFER",
    "ARREST",
}
FORCE_WORDS = word_set("police policeman force troops soldier officer security")
LETHAL_WORDS = word_set("kill dead death die shoot gunfire live bullet")
VIOLENT_PROTEST_WORDS = word_set(
    "violent violently stone rock bottle molotov firecracker torch loot vandalize clash smash riot"
)
INTERVENTION_WORDS = word_set("disperse tear pepper arrest detain suspend cut break water")
# Targets that make an attack a battle: armed forces fight back, civilians do not (ACLED).
ARMED_TARGETS = word_set(
    "soldier troops force checkpoint position militant fighter army base convoy patrol militia police"
)
# CASE 2021 labels that name one specific kind of event; they beat a generic label seen as often.
SPECIFIC_LABELS = frozenset(
    {
        "SUIC_BOMB",
        "CHEM_WEAP",
        "AIR_STRIKE",
        "GRENADE",
        "REM_EXPLOS",
        "ART_MISS_ATTACK",
        "SEX_VIOL",
        "ABDUCT_DISSAP",
        "MOB_VIOL",
        "NATURAL_DISASTER",
        "DISR_WEAP",
        "GOV_REGAINS_TERIT",
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "HQ_ESTABLISHED",
    }
)
GENERIC_LABELS = frozenset({"ATTACK", "DIPLO", "OTHER", "PROPERTY_DISTRUCT", "CHANGE_TO_GROUP_ACT"})
SPECIFIC_BOOST = 1.5
GENERIC_DISCOUNT = 0.7
# "killed", "injured", "died" report the outcome, not the kind of event: they count less than
# the cue that says how ("in an air strike").
OUTCOME_LEMMAS = word_set("kill die injure wound death")
OUTCOME_DISCOUNT = 0.5

# PLOVER codes an intention by its stance: an intent to cooperate is AGREE, an intent to harm is
# THREATEN (CAMEO 03 and 13); stopping a cooperative act is SANCTION; failing or refusing is REJECT.
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
HOSTILE = frozenset({"PROTEST", "COERCE", "SANCTION", "ASSAULT", "FIGHT", "MOBILIZE"})
INTENT_WORDS = word_set("willing ready prepared offer promise pledge vow agree plan intend propose consider")
STOP_VERBS = word_set("halt suspend cut stop end cancel prohibit reduce freeze postpone")
REFUSAL_VERBS = word_set("fail refuse decline")
DECLARING_VERBS = word_set("declare announce proclaim order")


def acled_label_of(event_type: str, mode: str | None) -> str | None:
    """The CASE 2021 / ACLED label of an event type and mode (None for ANNOUNCE)."""
    return ACLED_SUBTYPES.get((event_type, mode)) or ACLED_SUBTYPES.get((event_type, None))


def _effective_depth(trigger: Trigger) -> int:
    """Depth below the root, not counting the speech verbs that only attribute the event."""
    depth = 0
    for ancestor in trigger.token.ancestors:
        if ancestor.lemma_.lower() in SPEECH_VERBS or ancestor.lemma_.lower() in {"quote", "declare"}:
            continue
        depth += 1
    return depth


def snippet_triggers(doc: Doc) -> list[tuple[Trigger, float]]:
    """Every trigger of the snippet with its dominance score."""
    scored: list[tuple[Trigger, float]] = []
    for number, sentence in enumerate(doc.sents):
        for trigger in resolved_triggers(sentence):
            score = trigger.weight / (1.0 + DEPTH_DISCOUNT * _effective_depth(trigger))
            if number == 0:
                score *= LEDE_BOOST
            scored.append((trigger, score))
    return scored


def plover_stance(trigger: Trigger) -> str:
    """The PLOVER type of a trigger once intent, stopping and refusal are read from its governors."""
    event_type = trigger.type
    if event_type == "ASSAULT" and trigger.mode == "destroy":
        return "COERCE"  # CAMEO 171 "seize or damage property" is coercion, not violence on people
    if event_type not in COOPERATIVE | HOSTILE | {"AGREE"}:
        return event_type
    token = trigger.token
    if trigger.mode == "ceasefire" and _declared_alone(token):
        return "RETREAT"  # CAMEO 0871: a truce one side declares is de-escalation, not an agreement
    governors = [token.head] if token.head.i != token.i else []
    if governors and governors[0].head.i != governors[0].i:
        governors.append(governors[0].head)
    governor_lemmas = {g.lemma_.lower() for g in governors}
    if event_type in COOPERATIVE | {"AGREE"}:
        if governor_lemmas & STOP_VERBS and token.dep_ in {"dobj", "xcomp", "nsubjpass"}:
            return "SANCTION"
        if governor_lemmas & REFUSAL_VERBS:
            return "REJECT"
    modality = read_modality(token, token.sent).modality
    if event_type in COOPERATIVE and (event_type == "AGREE" or modality == "negated"):
        return "REJECT" if modality == "negated" else event_type
    intent = modality in {"future", "hypothetical"} or bool(governor_lemmas & INTENT_WORDS)
    if intent and event_type in COOPERATIVE:
        return "AGREE"
    if intent and event_type in HOSTILE:
        return "THREATEN"
    return event_type


def _declared_alone(token: Token) -> bool:
    """ "declared a unilateral ceasefire", "announced a truce": one side's act, not a deal between two."""
    if any(c.lemma_.lower() == "unilateral" for c in token.children):
        return True
    return token.dep_ == "dobj" and token.head.lemma_.lower() in DECLARING_VERBS


def type_scores(doc: Doc, *, allowed: Iterable[str] = PLOVER_TYPES) -> dict[str, float]:
    """Best dominance per event type, mapped into `allowed` (extensions via their PLOVER type).

    The best single trigger, not the sum, decides: a main-clause "demanded" must beat two
    subordinate "meeting ... to discuss".
    """
    allowed_set = set(allowed)
    best: dict[str, float] = defaultdict(float)
    for trigger, score in snippet_triggers(doc):
        event_type = plover_stance(trigger)
        if event_type not in allowed_set:
            mapped = TYPE_INFO[event_type].plover
            if mapped is None or mapped not in allowed_set:
                continue
            event_type = mapped
        best[event_type] = max(best[event_type], score)
    return dict(best)


def dominant_type(doc: Doc, *, allowed: Iterable[str] = PLOVER_TYPES, fallback: str = PLOVER_FALLBACK) -> str:
    """The snippet's dominant event type among `allowed`; `fallback` when no cue fires."""
    totals = type_scores(doc, allowed=allowed)
    if not totals:
        return fallback
    return max(totals.items(), key=lambda item: item[1])[0]


def _protest_label(lemmas: set[str], modes: set[str | None]) -> str:
    """ACLED's four protest sub-types, from what the snippet says happened around the protest."""
    if lemmas & LETHAL_WORDS:
        return "FORCE_AGAINST_PROTEST"
    if "riot" in modes or lemmas & VIOLENT_PROTEST_WORDS:
        return "VIOL_DEMONSTR"
    if "disperse" in modes or (lemmas & INTERVENTION_WORDS and lemmas & FORCE_WORDS):
        return "PROTEST_WITH_INTER"
    return "PEACE_PROTEST"


def acled_scores(doc: Doc) -> dict[str, float]:
    """Scores over the CASE 2021 labels for one snippet, with the codebook's context rules."""
    scored = snippet_triggers(doc)
    lemmas = {t.lemma_.lower() for t in doc}
    totals: dict[str, float] = defaultdict(float)
    for trigger, score in scored:
        label = acled_label_of(trigger.type, trigger.mode)
        if label is None:
            continue
        if trigger.type == "COERCE" and trigger.mode == "raid" and lemmas & WEAPON_OBJECTS:
            label = "DISR_WEAP"
        if trigger.type == "INVESTIGATE" and trigger.mode == "discovery" and lemmas & WEAPON_OBJECTS:
            label = "DISR_WEAP"
        if label == "ATTACK":
            if "mob" in lemmas or "vigilante" in lemmas or "lynch" in lemmas:
                label = "MOB_VIOL"
            else:
                victims = {
                    w.lemma_.lower()
                    for c in trigger.token.children
                    if c.dep_ in {"dobj", "nsubjpass", "prep"}
                    for w in c.subtree
                }
                if victims & ARMED_TARGETS and "civilian" not in lemmas:
                    label = "ARMED_CLASH"
        weight = OUTCOME_DISCOUNT if trigger.token.lemma_.lower() in OUTCOME_LEMMAS else 1.0
        if label in {"PEACE_PROTEST", "VIOL_DEMONSTR", "PROTEST_WITH_INTER"}:
            label = _protest_label(lemmas, {t.mode for t, _ in scored})
        totals[label] += score * weight
    for label in list(totals):
        if label in SPECIFIC_LABELS:
            totals[label] *= SPECIFIC_BOOST
        elif label in GENERIC_LABELS:
            totals[label] *= GENERIC_DISCOUNT
    return dict(totals)


def acled_label(doc: Doc, *, allowed: Iterable[str] = ACLED_LABELS, fallback: str = ACLED_FALLBACK) -> str:
    """The best CASE 2021 label among `allowed` (a sub-task's label space)."""
    allowed_set = set(allowed)
    totals = {k: v for k, v in acled_scores(doc).items() if k in allowed_set}
    if not totals:
        return fallback
    return max(totals.items(), key=lambda item: item[1])[0]

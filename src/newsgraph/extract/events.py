"""Event extraction within one article: triggers from the lexicon, arguments from the parse.

The stages, per sentence:
1. find triggers: multiword cues first ("found dead", "air strike"), then single lemmas by part of
   speech (`event_lexicon.WORD_CUES`), dropping generic uses (compound modifiers, bare plurals);
2. merge triggers of one type that describe one occurrence ("killed by a gunman": one ASSAULT);
3. read each event's mode, participants, place, date, fatalities and modality from the parse;
4. fill a missing date or place from the previous sentence's event only when it is clearly the
   same scene (same type group and a shared participant, same paragraph).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsgraph.extract.event_args import (
    DEATH_VERBS,
    MentionIndex,
    event_date,
    find_fatalities,
    find_participants,
    find_place,
    find_time,
)
from newsgraph.extract.event_context import borrow_scene
from newsgraph.extract.event_lexicon import (
    GOVERNMENT_ACTORS,
    MODE_WORDS,
    PHRASE_CUES,
    TERRITORY_OBJECTS,
    WAR_MODES,
    WEAPON_OBJECTS,
    WORD_CUES,
    Cue,
    word_set,
)
from newsgraph.extract.modality import read_modality
from newsgraph.model import (
    Article,
    EntityMention,
    EventMention,
    Participant,
    PlaceMention,
    TimeExpression,
)
from newsgraph.nlp.doc_cache import doc_memo, doc_text, token_strings
from newsgraph.nlp.sentences import sentence_spans as repaired_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Pairs of types that one occurrence can be cued as ("killed by a gunman who fired").
RELATED_TYPES = ({"ASSAULT", "DIE"},)
# Types that happen at one scene, so a follow-up sentence may inherit their date and place.
# Events that happen somewhere physically (statements and stances happen wherever the speaker is).
PHYSICAL_TYPES = frozenset(
    {
        "ASSAULT",
        "FIGHT",
        "DIE",
        "INVESTIGATE",
        "COERCE",
        "ACCIDENT",
        "DEFECT",
        "PROTEST",
        "MOBILIZE",
        "DISASTER",
        "CRIME",
        "RETREAT",
        "AID",
        "SANCTION",
    }
)
SCENE_TYPES = frozenset({"ASSAULT", "FIGHT", "DIE", "INVESTIGATE", "COERCE", "ACCIDENT"})
VIOLENT_TYPES = frozenset({"ASSAULT", "FIGHT", "DIE", "ACCIDENT", "DISASTER", "CRIME"})
# A pronoun may reach back this many characters for its PERSON antecedent (about two paragraphs).
PRONOUN_WINDOW_CHARS = 1500
POS_CLASS = {"VERB": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}
MAX_PHRASE = max(len(p) for p in PHRASE_CUES)
PHRASE_FIRST_WORDS = frozenset(p[0] for p in PHRASE_CUES)
# Entity types whose words are never event triggers ("March" the month, "Strike" in a name).
NOT_EVENT_ENTITIES = frozenset({"DATE", "TIME", "WORK_OF_ART", "LAW"})
# Outcome words: "killed", "died" report what happened to people, the accident or disaster cued in the
# same sentence says what the event was ("12 were killed when a dam burst" is one ACCIDENT).
OUTCOME_LEMMAS = word_set("kill die dead death injure wound")
MISHAP_TYPES = ("ACCIDENT", "DISASTER")
# Things released, provided or given that are information, not people, property or aid ("not releasing
# the victim's name", "did not provide details"): a disclosure, not a RETREAT or an AID.
INFORMATION_OBJECTS = word_set(
    "name identity detail information statement figure data comment update evidence report footage "
    "image photo video document list number account explanation clue estimate breakdown result"
)
DISCLOSURE_VERBS = word_set("release provide give offer")
# "found ways to", "found time": idioms, not a discovery.
FIND_IDIOMS = word_set("way time solution ground balance strength courage")
# "gave way", "gave rise to", "gave birth": idioms, not aid.
GIVE_IDIOMS = word_set("way rise birth chase")
# Determiners that make a nominal refer to one particular occurrence ("the attack", "this killing").
DEFINITE_DETERMINERS = word_set("the this that these those its his her their")


@dataclass(frozen=True)
class Trigger:
    """A matched cue in the parse: `token` is the head the arguments hang from."""

    token: Token
    start_char: int
    end_char: int
    text: str
    type: str
    mode: str | None
    weight: float
    depth: int  # steps from the sentence root; the main clause's event has the smallest


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 30:
        token = token.head
        depth += 1
    return depth


def _key(token: Token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def _is_generic_noun(token: Token) -> bool:
    """ "assassination plots", "targeted killings raise concerns": a kind, not an occurrence."""
    if token.dep_ == "compound":
        return True
    if token.tag_ == "NNS" and token.dep_ == "pobj":
        has_anchor = any(c.dep_ in {"det", "poss", "nummod", "prep"} for c in token.children)
        return not has_anchor
    return False


def _word_cue(token: Token) -> Cue | None:
    pos = POS_CLASS.get(token.pos_)
    if pos is None:
        return None
    for key in _key(token):
        for cue in WORD_CUES.get(key, ()):
            if cue.pos in {pos, "*"}:
                return cue
    return None


def _phrase_at(lemmas: Sequence[str], lowers: Sequence[str], start: int) -> tuple[int, Cue] | None:
    """The longest phrase cue starting at `start`, by lemmas or by surface words."""
    # Most tokens start no phrase: one set lookup skips them (this ran for every token of every article).
    if lemmas[start] not in PHRASE_FIRST_WORDS and lowers[start] not in PHRASE_FIRST_WORDS:
        return None
    for length in range(min(MAX_PHRASE, len(lemmas) - start), 0, -1):
        for words in (lemmas, lowers):
            cue = PHRASE_CUES.get(tuple(words[start : start + length]))
            if cue is not None:
                return length, cue
    return None


def _phrase_head(window: Sequence[Token]) -> Token:
    verbs = [t for t in window if t.pos_ == "VERB"]
    if verbs:
        return verbs[0]
    inside = {t.i for t in window}
    heads = [t for t in window if t.head.i not in inside]
    return heads[0] if heads else window[-1]


def _accept(token: Token, cue: Cue) -> bool:
    if token.ent_type_ in NOT_EVENT_ENTITIES:
        return False  # "in March", "the Strike Force unit": a date or a name, not an occurrence
    nominal = cue.pos == "N" or (cue.pos == "*" and token.pos_ in {"NOUN", "PROPN"})
    if nominal and _is_generic_noun(token):
        return False
    lemma = token.lemma_.lower()
    if lemma == "find":  # a discovery needs a thing found, not "found that ..."
        return any(
            c.dep_ in {"dobj", "nsubjpass"}
            and c.pos_ in {"NOUN", "PROPN"}
            and c.lemma_.lower() not in FIND_IDIOMS
            for c in token.children
        )
    if lemma == "give" and any(c.dep_ == "dobj" and c.lemma_.lower() in GIVE_IDIOMS for c in token.children):
        return False
    if lemma in {"say", "be", "have"}:
        return False
    return not (token.pos_ == "ADJ" and lemma in {"dead"})


def find_triggers(sentence: Span) -> list[Trigger]:
    """Lexicon matches in one sentence, phrases first, in text order."""
    doc = sentence.doc
    strings = token_strings(doc)
    first = sentence.start
    # Words from the per-doc lists; a `Token` is made only where a cue matches (most words match none).
    lemmas = strings.lemmas[first : sentence.end]
    lowers = strings.lowers[first : sentence.end]
    triggers: list[Trigger] = []
    candidates = doc_memo(doc, "event_cue_positions", _cue_positions)
    next_free = 0  # positions inside a matched phrase start nothing
    for absolute in candidates[
        bisect.bisect_left(candidates, first) : bisect.bisect_left(candidates, sentence.end)
    ]:
        position = absolute - first
        if position < next_free:
            continue
        match = _phrase_at(lemmas, lowers, position)
        if match is not None:
            length, cue = match
            window = [doc[first + k] for k in range(position, position + length)]
            head = _phrase_head(window)
            start, end = window[0].idx, window[-1].idx + len(window[-1].text)
            triggers.append(
                Trigger(
                    head,
                    start,
                    end,
                    doc_text(doc)[start:end],
                    cue.type,
                    cue.mode,
                    cue.weight,
                    _depth(head),
                )
            )
            next_free = position + length
            continue
        if lemmas[position] not in WORD_CUES and lowers[position] not in WORD_CUES:
            continue  # `_word_cue` looks up only these two keys
        token = doc[absolute]
        word_cue = _word_cue(token)
        if word_cue is not None and _accept(token, word_cue):
            triggers.append(
                Trigger(
                    token,
                    token.idx,
                    token.idx + len(token.text),
                    token.text,
                    word_cue.type,
                    word_cue.mode,
                    word_cue.weight,
                    _depth(token),
                )
            )
    return triggers


# Words that can start a phrase cue or be a word cue; any other token starts no trigger.
CUE_WORDS = PHRASE_FIRST_WORDS | frozenset(WORD_CUES)


def _cue_positions(doc: Doc) -> list[int]:
    """Indices of the doc's tokens whose lemma or lower-case form is a `CUE_WORDS` entry, in order."""
    strings = token_strings(doc)
    return [
        i
        for i, (lemma, lower) in enumerate(zip(strings.lemmas, strings.lowers, strict=True))
        if lemma in CUE_WORDS or lower in CUE_WORDS
    ]


def _instrument_mode(trigger: Trigger) -> str | None:
    """A weapon named in the trigger's subtree ("killed with a knife", "gunshot wounds")."""
    token = trigger.token
    if token.pos_ not in {"VERB", "ADJ"} and token.dep_ == "ROOT":
        return None  # only the trigger itself, which never counts
    # The subtree lies within its edges: without a weapon word there, skip walking it.
    lemmas = token_strings(token.doc).lemmas[token.left_edge.i : token.right_edge.i + 1]
    if not any(lemma in MODE_WORDS for lemma in lemmas):
        return None
    for word in token.subtree:
        mode = MODE_WORDS.get(word.lemma_.lower())
        if mode is not None and word.i != token.i:
            return mode
    return None


def _is_ancestor(upper: Token, lower: Token) -> bool:
    return any(a.i == upper.i for a in lower.ancestors)


def merge_triggers(triggers: Sequence[Trigger]) -> list[Trigger]:
    """One trigger per occurrence: a same-type trigger inside another's subtree folds into it.

    The survivor keeps the more specific mode ("killed by a gunman": ASSAULT, mode firearms).
    """
    merged: list[Trigger] = []
    for trigger in sorted(triggers, key=lambda t: t.depth):
        for index, kept in enumerate(merged):
            related_type = (
                kept.type == trigger.type
                or {kept.type, trigger.type} in RELATED_TYPES
                # shots fired by the killer are the killing, not a battle
                or (kept.type == "ASSAULT" and trigger.token.lemma_.lower() == "fire")
            )
            if related_type and _is_ancestor(kept.token, trigger.token):
                if kept.mode is None and trigger.mode is not None:
                    merged[index] = replace(kept, mode=trigger.mode)
                if kept.type == "DIE" and trigger.type == "ASSAULT":
                    merged[index] = replace(merged[index], type="ASSAULT")
                break
        else:
            merged.append(trigger)
    return sorted(merged, key=lambda t: t.start_char)


# Verbs whose object decides the event: weapons seized/found/destroyed are a disruption of
# weapons use; a town captured is a change of territory; a person captured is an arrest.
OBJECT_DECIDED = word_set("seize capture destroy find discover recover defuse dismantle")
PERSON_NOUNS = word_set("man woman person people suspect member militant fighter leader soldier")


def _objects(token: Token) -> list[Token]:
    found = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return found + [conj for c in found for conj in c.conjuncts]


def _by_object(trigger: Trigger) -> Trigger | None:
    token = trigger.token
    objects = _objects(token)
    lemmas = {o.lemma_.lower() for o in objects} | {
        c.lemma_.lower() for o in objects for c in o.children if c.dep_ in {"compound", "prep", "pobj"}
    }
    for o in objects:  # "caches of weapons": the of-phrase names what was taken
        for prep in (c for c in o.children if c.dep_ == "prep"):
            lemmas |= {p.lemma_.lower() for p in prep.children if p.dep_ == "pobj"}
    if lemmas & WEAPON_OBJECTS:
        return replace(trigger, type="COERCE", mode="weapons")
    lemma = token.lemma_.lower()
    if lemma in {"seize", "capture"}:
        places = any(o.ent_type_ in {"GPE", "LOC", "FAC"} for o in objects)
        if places or lemmas & TERRITORY_OBJECTS:
            subject = [c for c in token.children if c.dep_ == "nsubj"]
            subject += [p for c in token.children if c.dep_ == "agent" for p in c.children]
            actor_words = {w.lemma_.lower() for s in subject for w in s.subtree}
            mode = "regain" if actor_words & GOVERNMENT_ACTORS else "occupy"
            return replace(trigger, type="FIGHT", mode=mode)
        if any(o.ent_type_ == "PERSON" or o.lemma_.lower() in PERSON_NOUNS for o in objects):
            return replace(trigger, type="COERCE", mode="arrest")
        return trigger if lemma == "seize" and objects else None
    if lemma in {"recover"}:
        return None
    return trigger


def resolve_trigger_type(trigger: Trigger) -> Trigger | None:
    """Settle type and mode from the context of the trigger; None drops a cue used in another sense.

    A death with a weapon in its subtree is a killing ("found dead with gunshot wounds"); an
    assault with weapons of war is fighting ("killed in a tank attack"); some verbs are decided by
    their object (`OBJECT_DECIDED`).
    """
    if trigger.token.lemma_.lower() in OBJECT_DECIDED and trigger.token.pos_ == "VERB":
        decided = _by_object(trigger)
        if decided is None or decided is not trigger:
            return decided
    weapon = _instrument_mode(trigger)
    if trigger.type == "DIE":
        if weapon is not None:
            return replace(trigger, type="ASSAULT", mode=weapon)
        return trigger
    if trigger.type in {"ASSAULT", "FIGHT"}:
        mode = trigger.mode or weapon
        if trigger.type == "ASSAULT" and mode in WAR_MODES:
            return replace(trigger, type="FIGHT", mode=mode)
        return replace(trigger, mode=mode)
    return trigger


def outcome_of_mishap(triggers: Sequence[Trigger]) -> list[Trigger]:
    """Deaths and injuries in a sentence that also cues an accident or disaster take its type.

    "At least 12 people were killed when a dam burst": no one attacked anyone, the killing is the toll
    of the collapse. Only outcome words without a weapon or attacker of their own are retyped.
    """
    mishaps = [t for t in triggers if t.type in MISHAP_TYPES]
    if not mishaps:
        return list(triggers)
    mishap = min(mishaps, key=lambda t: t.depth)
    out: list[Trigger] = []
    for trigger in triggers:
        token = trigger.token
        is_outcome = trigger.type in {"ASSAULT", "DIE"} and token.lemma_.lower() in OUTCOME_LEMMAS
        has_attacker = any(c.dep_ in {"nsubj", "agent"} for c in token.children) and token.lemma_.lower() in {
            "kill",
            "injure",
            "wound",
        }
        if is_outcome and trigger.mode is None and not has_attacker and _instrument_mode(trigger) is None:
            out.append(replace(trigger, type=mishap.type, mode=mishap.mode))
        else:
            out.append(trigger)
    return out


def _is_disclosure(trigger: Trigger) -> bool:
    """ "released the victim's name", "gave no details": information handed out, not an event."""
    token = trigger.token
    if token.pos_ != "VERB" or token.lemma_.lower() not in DISCLOSURE_VERBS:
        return False
    return any(o.lemma_.lower() in INFORMATION_OBJECTS for o in _objects(token))


def resolved_triggers(sentence: Span) -> list[Trigger]:
    """Triggers of a sentence after merging and type resolution."""
    found = [t for t in find_triggers(sentence) if not _is_disclosure(t)]
    resolved = (resolve_trigger_type(t) for t in merge_triggers(outcome_of_mishap(found)))
    return [t for t in resolved if t is not None]


def _summary(
    event_type: str, trigger: Trigger, participants: Sequence[Participant], place: PlaceMention | None
) -> str:
    actors = [p.name for p in participants if p.role == "actor"]
    targets = [p.name for p in participants if p.role == "target"]
    words: list[str] = []
    verb = trigger.text.lower()
    if actors:
        words.append(" and ".join(actors))
        words.append(verb)
        if targets:
            words.append(" and ".join(targets))
    elif targets:
        words.append(" and ".join(targets))
        words.append(verb if trigger.token.tag_ in {"VBN", "VBD"} else f"({event_type.lower()}: {verb})")
    else:
        words.append(f"{event_type.title()}: {verb}")
    if place is not None:
        words.append(f"in {place.text}")
    return " ".join(words)


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n\n")
    while position != -1:
        starts.append(position + 2)
        position = text.find("\n\n", position + 2)
    return starts


def _source_name(index: int | None, doc: Doc, mentions: MentionIndex, fallback: str | None) -> str | None:
    if index is None:
        return fallback
    token = doc[index]
    mention = mentions.covering(token.idx, token.idx + len(token.text))
    return mention.canonical if mention is not None else fallback


def extract_events(
    doc: Doc,
    *,
    article: Article,
    mentions: Sequence[EntityMention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeExpression],
) -> tuple[EventMention, ...]:
    """Every event reported in the article, each tied to its supporting sentence."""
    from newsgraph.extract.entities import heading_spans

    index = MentionIndex.build(mentions)
    paragraphs = _paragraph_starts(article.text)
    headings = heading_spans(article.text)
    events: list[EventMention] = []
    previous: list[EventMention] = []
    sentence_spans: list[tuple[int, int]] = []
    text = doc_text(doc)
    for sentence in repaired_sentences(doc):
        sentence_end = sentence.start_char + len(text[sentence.start_char : sentence.end_char].rstrip())
        sentence_spans.append((sentence.start_char, sentence_end))
        # Headlines and sub-headings are not evidence: the body tells the same event in a sentence.
        if any(s <= sentence.start_char and sentence_end <= e for s, e in headings):
            previous = []
            continue
        triggers = resolved_triggers(sentence)
        if not triggers:
            previous = []
            continue
        trigger_tokens = [t.token for t in triggers]
        fatalities_in_sentence = find_fatalities(sentence)
        paragraph = bisect.bisect_right(paragraphs, sentence.start_char)
        fatalities_given = False
        current: list[EventMention] = []
        for trigger in triggers:
            floor = max(0, sentence.start_char - PRONOUN_WINDOW_CHARS)
            participants = find_participants(trigger.token, trigger.type, index, floor)
            place = find_place(trigger.token, sentence, places)
            timex = find_time(trigger.token, sentence, times, trigger_tokens)
            date = event_date(timex)
            reading = read_modality(trigger.token, sentence)
            fatalities: int | None = None
            if trigger.type in VIOLENT_TYPES and not fatalities_given:
                fatalities = fatalities_in_sentence
                if fatalities is None and reading.modality != "negated":
                    fatalities = _single_victim(trigger, participants, mentions)
                fatalities_given = fatalities is not None
            event = EventMention(
                article_id=article.id,
                type=trigger.type,
                mode=trigger.mode,
                trigger=trigger.text,
                sentence_start=sentence.start_char,
                sentence_end=sentence_end,
                trigger_start=trigger.start_char,
                trigger_end=trigger.end_char,
                date=date,
                place=place,
                participants=participants,
                fatalities=fatalities,
                modality=reading.modality,
                source_attribution=_source_name(reading.source_token, doc, index, reading.source)
                if reading.modality == "reported"
                else None,
                summary=_summary(trigger.type, trigger, participants, place),
            )
            if trigger.type in SCENE_TYPES:
                event = _inherit_scene(event, previous, paragraph, paragraphs)
            if is_uninformative(event, trigger.token):
                continue
            current.append(event)
        events.extend(current)
        previous = current
    completed = borrow_scene(
        events,
        doc=doc,
        sentences=sentence_spans,
        paragraph_starts=paragraphs,
        mentions=mentions,
        places=places,
        times=times,
        scene_types=PHYSICAL_TYPES,
    )
    return tuple(completed)


def _is_definite_nominal(token: Token) -> bool:
    """ "the attack", "this killing", "her arrest": a reference to one particular occurrence."""
    if token.pos_ not in {"NOUN", "PROPN"} or token.tag_ in {"NNS", "NNPS"}:
        return False
    return any(c.dep_ in {"det", "poss"} and c.lower_ in DEFINITE_DETERMINERS for c in token.children)


def is_uninformative(event: EventMention, token: Token) -> bool:
    """A report that says neither who, where, when nor how many is noise on real news.

    Dropped: a generic plural with no participant ("sanctions", "deaths", "targeted killings"),
    and any mention without participant, place, date or toll, except a verb with a common-noun
    subject or object ("the journalist had been killed") and a definite singular nominal ("the attack
    was planned"): that one refers back to the story's event, and the merger folds it into it
    (`link/event_merge.py`).
    """
    generic_plural = (
        token.pos_ in {"NOUN", "PROPN"}
        and token.tag_ in {"NNS", "NNPS"}
        and not any(c.dep_ in {"det", "poss", "nummod"} for c in token.children)
    )
    if generic_plural and not event.participants:
        return True
    has_arguments = (
        bool(event.participants)
        or event.place is not None
        or event.date.precision != "unknown"
        or event.fatalities is not None
    )
    return not has_arguments and not _is_definite_nominal(token) and not _has_noun_argument(token)


def _has_noun_argument(token: Token) -> bool:
    """A verb with a common-noun subject or object ("the journalist had been killed") says to whom; so
    does the verb that takes a nominal trigger as object ("police launched an investigation")."""
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "dobj":
        token = token.head  # "Police launched an investigation": the verb's subject says who
    if token.pos_ != "VERB":
        return False
    children = list(token.children)
    if token.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in children):
        children += [
            c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}
        ]  # "... and are searching"
    for child in children:
        heads = [child]
        if child.dep_ == "agent":
            heads = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
            continue
        if any(h.pos_ in {"NOUN", "PROPN"} for h in heads):
            return True
    return False


def _single_victim(
    trigger: Trigger, participants: Sequence[Participant], mentions: Sequence[EntityMention]
) -> int | None:
    """A killing of one named person counts one death (documented in ONTOLOGY.md)."""
    lemma = trigger.token.lemma_.lower()
    phrase = trigger.text.lower()
    is_killing = lemma in DEATH_VERBS or trigger.type == "DIE" or "dead" in phrase or phrase.startswith("gun")
    if not is_killing or (trigger.token.pos_ not in {"VERB", "ADJ"} and trigger.type != "DIE"):
        return None
    targets = [p for p in participants if p.role == "target"]
    if len(targets) == 1:
        person_names = {m.canonical.casefold() for m in mentions if m.label == "PERSON"}
        if targets[0].name.casefold() in person_names:
            return 1
    return None


def _inherit_scene(
    event: EventMention, previous: Sequence[EventMention], paragraph: int, paragraphs: Sequence[int]
) -> EventMention:
    """Take a missing date/place from the previous sentence's event of the same scene."""
    if event.date.precision != "unknown" and event.place is not None:
        return event
    ids = {p.entity_id for p in event.participants}
    for earlier in previous:
        same_paragraph = bisect.bisect_right(paragraphs, earlier.sentence_start) == paragraph
        # A shared participant is what makes it the same scene; the same type alone is not
        # ("Other cases include the stabbing of ..." must not take the poisoning's year).
        same_scene = earlier.type in SCENE_TYPES and bool(ids & {p.entity_id for p in earlier.participants})
        if same_paragraph and same_scene:
            date = event.date if event.date.precision != "unknown" else earlier.date
            place = event.place or earlier.place
            return replace(event, date=date, place=place)
    return event

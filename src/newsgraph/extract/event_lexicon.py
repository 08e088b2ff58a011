"""The event ontology in code: PLOVER's 18 types plus our extensions, their trigger cues and mappings.

docs/ONTOLOGY.md is the readable form of the same data; a test keeps the two in step.

Cues were written from the PLOVER manual's type definitions, the CAMEO verb codebook (the
CAMEO->PLOVER table) and the ACLED codebook's sub-event definitions: each cue is a codebook word or
its everyday news synonym, never a phrase lifted from an evaluation sentence. Weights: 1.0 for a
cue that names the event unambiguously ("assassinate"), 0.7 for a usual but ambiguous cue
("attack", "call"), 0.4 for a cue that only hints ("find", "send"). They were set by hand and then
checked against the error analysis in docs/ONTOLOGY.md (confusion counts on the dev sets).
"""

from __future__ import annotations

from dataclasses import dataclass


def word_set(words: str) -> frozenset[str]:
    """A set of lemmas written as one space-separated string (easier to read and diff)."""
    return frozenset(words.split())


PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "RETREAT",
    "CONCEDE",
    "DISAPPROVE",
    "REJECT",
    "DEMAND",
    "THREATEN",
    "PROTEST",
    "INVESTIGATE",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
    "FIGHT",
)
# Extensions for news the PLOVER set does not cover (see ONTOLOGY.md for why each exists).
EXTENSION_TYPES: tuple[str, ...] = (
    "DEFECT",
    "ANNOUNCE",
    "DIE",
    "CLAIM",
    "ACCIDENT",
    "DISASTER",
    "CRIME",
)
EVENT_TYPES: tuple[str, ...] = PLOVER_TYPES + EXTENSION_TYPES


@dataclass(frozen=True)
class EventTypeInfo:
    """One event type: what it means, its modes, and where it lands in other codings."""

    name: str
    definition: str
    modes: tuple[str, ...]
    cameo: tuple[str, ...]  # CAMEO root (two-digit) codes this type aggregates
    acled: tuple[str, str] | None  # (ACLED event type, default sub-event type) for export
    plover: str | None  # the PLOVER type to use where only PLOVER types are allowed


TYPE_INFO: dict[str, EventTypeInfo] = {
    info.name: info
    for info in (
        EventTypeInfo(
            "AGREE",
            "Agree to, promise or sign a settlement, deal or course of action.",
            ("diplomatic", "economic", "military", "ceasefire"),
            ("03", "057"),
            ("Strategic developments", "Agreement"),
            "AGREE",
        ),
        EventTypeInfo(
            "CONSULT",
            "Meet, visit, host, phone or negotiate with another actor.",
            ("visit", "host", "phone", "third-party", "negotiate"),
            ("04",),
            ("Strategic developments", "Other"),
            "CONSULT",
        ),
        EventTypeInfo(
            "SUPPORT",
            "Praise, endorse, defend verbally, recognise or apologise.",
            ("praise", "endorse", "recognize", "apologize"),
            ("05",),
            ("Strategic developments", "Other"),
            "SUPPORT",
        ),
        EventTypeInfo(
            "COOPERATE",
            "Engage in material, judicial, military or intelligence cooperation.",
            ("economic", "military", "legal", "intelligence"),
            ("06",),
            ("Strategic developments", "Other"),
            "COOPERATE",
        ),
        EventTypeInfo(
            "AID",
            "Provide economic, military or humanitarian aid, protection or asylum.",
            ("economic", "military", "humanitarian", "asylum"),
            ("07",),
            ("Strategic developments", "Other"),
            "AID",
        ),
        EventTypeInfo(
            "RETREAT",
            "Withdraw, release people or property, disarm, declare a ceasefire.",
            ("withdraw", "release", "return", "disarm", "ceasefire", "ease"),
            ("084-087",),
            ("Strategic developments", "Non-violent transfer of territory"),
            "RETREAT",
        ),
        EventTypeInfo(
            "CONCEDE",
            "Yield to a demand: ease restrictions, accept reform, step down.",
            ("policy", "leadership", "rights"),
            ("080-083",),
            ("Strategic developments", "Other"),
            "CONCEDE",
        ),
        EventTypeInfo(
            "DISAPPROVE",
            "Criticise, condemn, accuse, complain or sue.",
            ("criticize", "accuse", "complain", "sue", "convict"),
            ("11",),
            ("Strategic developments", "Other"),
            "DISAPPROVE",
        ),
        EventTypeInfo(
            "REJECT",
            "Refuse a proposal, demand or request; veto; defy.",
            ("proposal", "demand", "veto", "defy"),
            ("12",),
            ("Strategic developments", "Other"),
            "REJECT",
        ),
        EventTypeInfo(
            "DEMAND",
            "Demand, urge or call for an action, aid, change or meeting.",
            ("assist", "change", "yield", "meet"),
            ("10",),
            ("Strategic developments", "Other"),
            "DEMAND",
        ),
        EventTypeInfo(
            "THREATEN",
            "Threaten or warn of force, sanctions or other harm; ultimatum.",
            ("violence", "restrict", "relations", "ultimatum"),
            ("13",),
            ("Strategic developments", "Other"),
            "THREATEN",
        ),
        EventTypeInfo(
            "PROTEST",
            "Demonstrate, rally, strike, hunger-strike, boycott, block or riot.",
            ("demonstrate", "strike", "hunger-strike", "boycott", "obstruct", "riot"),
            ("14",),
            ("Protests", "Peaceful protest"),
            "PROTEST",
        ),
        EventTypeInfo(
            "INVESTIGATE",
            "Investigate a crime or incident; police searches and manhunts.",
            ("crime", "search", "discovery", "inquiry"),
            ("09",),
            ("Strategic developments", "Other"),
            "INVESTIGATE",
        ),
        EventTypeInfo(
            "MOBILIZE",
            "Deploy, mass or raise the alert of troops or police.",
            ("troops", "police", "base"),
            ("15",),
            ("Strategic developments", "Headquarters or base established"),
            "MOBILIZE",
        ),
        EventTypeInfo(
            "SANCTION",
            "Reduce relations: sanctions, embargo, expel diplomats, cut aid.",
            ("sanctions", "expel", "discontinue", "withdraw"),
            ("16",),
            ("Strategic developments", "Other"),
            "SANCTION",
        ),
        EventTypeInfo(
            "COERCE",
            "Arrest, detain, seize, deport, ban, censor, impose curfew or blockade.",
            (
                "arrest",
                "deport",
                "seize",
                "ban",
                "censor",
                "curfew",
                "blockade",
                "raid",
                "disperse",
                "defuse",
                "weapons",
            ),
            ("17",),
            ("Strategic developments", "Arrests"),
            "COERCE",
        ),
        EventTypeInfo(
            "ASSAULT",
            "One-sided violence: kill, shoot, bomb, poison, abduct, beat, torture.",
            (
                "firearms",
                "explosives",
                "suicide-bomb",
                "grenade",
                "chemical",
                "poison",
                "melee",
                "assassinate",
                "abduct",
                "beat",
                "sexual",
                "torture",
                "destroy",
                "mob",
            ),
            ("18", "20"),
            ("Violence against civilians", "Attack"),
            "ASSAULT",
        ),
        EventTypeInfo(
            "FIGHT",
            "Armed conflict: clashes, shelling, air strikes, capturing territory.",
            ("small-arms", "artillery", "aerial", "occupy", "regain"),
            ("19",),
            ("Battles", "Armed clash"),
            "FIGHT",
        ),
        EventTypeInfo(
            "DEFECT",
            "A person or unit changes sides or flees to another country.",
            ("flee",),
            ("-",),
            ("Strategic developments", "Change to group/activity"),
            None,
        ),
        EventTypeInfo(
            "ANNOUNCE",
            "An official confirms, announces or declares something.",
            ("confirm", "declare"),
            ("01",),
            None,
            None,
        ),
        EventTypeInfo(
            "DIE",
            "A death of unstated cause; a body found.",
            ("found-dead",),
            ("-",),
            ("Violence against civilians", "Attack"),
            "ASSAULT",
        ),
        EventTypeInfo(
            "CLAIM",
            "A group claims responsibility for, or is blamed for, an attack.",
            ("responsibility",),
            ("112",),
            ("Strategic developments", "Other"),
            "DISAPPROVE",
        ),
        EventTypeInfo(
            "ACCIDENT",
            "A man-made disaster: fire, crash, collapse, industrial explosion.",
            ("fire", "crash", "collapse", "explosion"),
            ("-",),
            None,
            None,
        ),
        EventTypeInfo(
            "DISASTER",
            "A natural disaster or epidemic: earthquake, flood, storm, outbreak.",
            ("earthquake", "flood", "storm", "epidemic"),
            ("-",),
            None,
            None,
        ),
        EventTypeInfo(
            "CRIME",
            "Organised crime: trafficking, smuggling, robbery, gang violence.",
            ("trafficking", "robbery", "gang"),
            ("-",),
            None,
            None,
        ),
    )
}


@dataclass(frozen=True)
class Cue:
    """A trigger cue: an event type and mode, the parts of speech it applies to, and its weight."""

    type: str
    mode: str | None
    pos: str  # "V" verbs, "N" nouns, "A" adjectives, "*" any
    weight: float = 1.0


def _cues(  # noqa: PLR0917 - a compact table row reads better positionally
    table: dict[str, list[Cue]], type_: str, mode: str | None, lemmas: str, pos: str, weight: float = 1.0, /
) -> None:
    for lemma in lemmas.split():
        table.setdefault(lemma.replace("_", " "), []).append(Cue(type_, mode, pos, weight))


def _build_word_cues() -> dict[str, list[Cue]]:
    t: dict[str, list[Cue]] = {}
    _cues(t, "AGREE", None, "agree sign ratify conclude", "V")
    _cues(t, "AGREE", None, "promise pledge vow offer accept", "V", 0.6)
    _cues(t, "AGREE", None, "agreement deal accord pact treaty", "N", 0.8)
    _cues(t, "AGREE", "ceasefire", "ceasefire truce armistice", "N", 0.9)
    _cues(t, "CONSULT", None, "meet visit discuss negotiate consult host", "V")
    _cues(t, "CONSULT", None, "talk", "V", 0.6)
    _cues(t, "CONSULT", None, "talks meeting visit summit negotiation consultation", "N", 0.8)
    _cues(t, "CONSULT", "phone", "telephone phone", "V")
    _cues(
        t,
        "SUPPORT",
        None,
        "praise endorse commend hail applaud laud welcome apologize apologise forgive congratulate",
        "V",
    )
    _cues(t, "SUPPORT", None, "support back defend recognize recognise", "V", 0.7)
    _cues(t, "SUPPORT", None, "praise endorsement apology support recognition", "N", 0.6)
    _cues(t, "COOPERATE", None, "cooperate collaborate extradite", "V")
    _cues(t, "COOPERATE", None, "cooperation collaboration extradition", "N", 0.8)
    _cues(t, "COOPERATE", "intelligence", "share", "V", 0.5)
    _cues(t, "AID", None, "aid donate", "V")
    _cues(t, "AID", None, "provide send deliver supply grant give", "V", 0.4)
    _cues(t, "AID", None, "aid assistance donation relief", "N", 0.8)
    _cues(t, "AID", "asylum", "asylum", "N", 0.8)
    _cues(t, "RETREAT", "withdraw", "withdraw retreat evacuate", "V")
    _cues(t, "RETREAT", "withdraw", "withdrawal pullout", "N", 0.8)
    _cues(t, "RETREAT", "release", "release free", "V", 0.9)
    _cues(t, "RETREAT", "release", "release", "N", 0.8)
    _cues(t, "RETREAT", "return", "return", "V", 0.5)
    _cues(t, "RETREAT", "disarm", "disarm demobilize demobilise surrender", "V")
    _cues(t, "RETREAT", "ease", "lift ease relax", "V", 0.8)
    _cues(t, "CONCEDE", None, "concede yield accede relent capitulate", "V")
    _cues(t, "CONCEDE", "leadership", "resign", "V", 0.8)
    _cues(t, "CONCEDE", None, "concession", "N", 0.8)
    _cues(
        t,
        "DISAPPROVE",
        "criticize",
        "criticize criticise condemn denounce deplore decry censure "
        "rebuke chide slam blast lambast disapprove",
        "V",
    )
    _cues(t, "DISAPPROVE", "criticize", "criticism condemnation", "N", 0.8)
    _cues(t, "DISAPPROVE", "accuse", "accuse blame allege", "V")
    _cues(t, "DISAPPROVE", "accuse", "accusation allegation", "N", 0.8)
    _cues(t, "DISAPPROVE", "complain", "complain", "V")
    _cues(t, "DISAPPROVE", "complain", "complaint", "N", 0.8)
    _cues(t, "DISAPPROVE", "sue", "sue", "V")
    _cues(t, "DISAPPROVE", "sue", "lawsuit", "N", 0.8)
    _cues(t, "DISAPPROVE", "convict", "convict", "V")
    _cues(t, "REJECT", None, "reject refuse decline rebuff spurn repudiate veto defy", "V")
    _cues(t, "REJECT", None, "dismiss oppose deny", "V", 0.6)
    _cues(t, "REJECT", None, "rejection refusal veto", "N", 0.8)
    _cues(t, "DEMAND", None, "demand urge insist", "V")
    _cues(t, "DEMAND", None, "request ask press appeal", "V", 0.7)
    _cues(t, "DEMAND", None, "demand appeal", "N", 0.8)
    _cues(t, "THREATEN", None, "threaten warn", "V")
    _cues(t, "THREATEN", None, "threat warning ultimatum", "N", 0.8)
    _cues(t, "PROTEST", "demonstrate", "protest demonstrate rally march picket", "V")
    _cues(
        t,
        "PROTEST",
        "demonstrate",
        "protest demonstration rally march protester protestor demonstrator sit-in vigil",
        "N",
        0.9,
    )
    _cues(t, "PROTEST", "strike", "strike walkout", "N", 0.6)
    _cues(t, "PROTEST", "boycott", "boycott", "*")
    _cues(t, "PROTEST", "riot", "riot rampage", "V")
    _cues(t, "PROTEST", "riot", "riot rioter unrest", "N", 0.9)
    _cues(t, "PROTEST", "obstruct", "blockade barricade", "V", 0.6)
    _cues(t, "INVESTIGATE", "crime", "investigate probe", "V")
    _cues(t, "INVESTIGATE", "crime", "investigation probe inquiry autopsy", "N", 0.8)
    _cues(t, "INVESTIGATE", "search", "search hunt", "V", 0.8)
    _cues(t, "INVESTIGATE", "search", "manhunt search", "N", 0.7)
    _cues(t, "INVESTIGATE", "discovery", "discover", "V", 0.6)
    _cues(t, "INVESTIGATE", "discovery", "find", "V", 0.4)
    _cues(t, "MOBILIZE", "troops", "mobilize mobilise deploy mass", "V")
    _cues(t, "MOBILIZE", "troops", "deployment mobilization mobilisation buildup reinforcement", "N", 0.8)
    _cues(t, "MOBILIZE", "base", "establish", "V", 0.5)
    _cues(t, "SANCTION", "sanctions", "sanction embargo", "*")
    _cues(t, "SANCTION", "sanctions", "sever suspend freeze", "V", 0.7)
    _cues(t, "SANCTION", "expel", "expel recall", "V", 0.8)
    _cues(t, "SANCTION", "expel", "expulsion", "N", 0.8)
    _cues(t, "COERCE", "arrest", "arrest detain apprehend jail imprison nab indict", "V")
    _cues(t, "COERCE", "arrest", "arrest detention", "N", 0.9)
    _cues(t, "COERCE", "arrest", "charge sentence", "V", 0.6)
    _cues(t, "COERCE", "deport", "deport", "V")
    _cues(t, "COERCE", "deport", "deportation", "N", 0.8)
    _cues(t, "COERCE", "seize", "seize confiscate impound", "V", 0.9)
    _cues(t, "COERCE", "seize", "seizure confiscation", "N", 0.8)
    _cues(t, "COERCE", "ban", "ban outlaw", "V", 0.8)
    _cues(t, "COERCE", "censor", "censor", "V")
    _cues(t, "COERCE", "curfew", "curfew", "N", 0.9)
    _cues(t, "COERCE", "raid", "raid", "*", 0.7)
    _cues(t, "COERCE", "raid", "crackdown", "N", 0.8)
    _cues(t, "COERCE", "disperse", "disperse", "V", 0.9)
    _cues(t, "COERCE", "defuse", "defuse dismantle foil thwart intercept", "V")
    _cues(t, "COERCE", "weapons", "recover", "V", 0.8)
    _cues(t, "ASSAULT", None, "kill murder slay massacre execute behead", "V")
    _cues(t, "ASSAULT", None, "killing murder massacre execution", "N", 0.9)
    _cues(t, "ASSAULT", "assassinate", "assassinate", "V")
    _cues(t, "ASSAULT", "assassinate", "assassination", "N", 0.9)
    _cues(t, "ASSAULT", "firearms", "shoot gun", "V")
    _cues(t, "ASSAULT", "firearms", "shooting gunman gunfire gunshot", "N", 0.9)
    _cues(t, "ASSAULT", "melee", "stab hack", "V")
    _cues(t, "ASSAULT", "melee", "stabbing", "N", 0.9)
    _cues(t, "ASSAULT", "explosives", "bomb", "V")
    _cues(t, "ASSAULT", "explosives", "bombing bomb explosive ied landmine", "N", 0.9)
    _cues(t, "ASSAULT", "explosives", "explode detonate", "V", 0.8)
    _cues(t, "ASSAULT", "explosives", "explosion blast", "N", 0.7)
    _cues(t, "ASSAULT", "grenade", "grenade", "N", 1.0)
    _cues(t, "ASSAULT", "poison", "poison", "V")
    _cues(t, "ASSAULT", "poison", "poisoning polonium novichok", "N", 0.9)
    _cues(t, "ASSAULT", "chemical", "sarin chlorine", "N", 0.9)
    _cues(t, "ASSAULT", "abduct", "abduct kidnap hijack", "V")
    _cues(t, "ASSAULT", "abduct", "abduction kidnapping hijacking hostage", "N", 0.9)
    _cues(t, "ASSAULT", "beat", "beat assault lynch", "V", 0.8)
    _cues(t, "ASSAULT", "sexual", "rape molest", "V")
    _cues(t, "ASSAULT", "sexual", "rape", "N", 0.9)
    _cues(t, "ASSAULT", "torture", "torture", "*")
    _cues(t, "ASSAULT", "destroy", "torch vandalize vandalise loot ransack demolish destroy", "V", 0.8)
    _cues(t, "ASSAULT", "destroy", "arson looting vandalism", "N", 0.8)
    _cues(t, "ASSAULT", None, "attack", "*", 0.7)
    _cues(t, "ASSAULT", None, "wound injure", "V", 0.6)
    _cues(t, "FIGHT", "small-arms", "fight clash battle", "V")
    _cues(
        t,
        "FIGHT",
        "small-arms",
        "fighting clash battle gunfight firefight skirmish hostility offensive combat",
        "N",
        0.9,
    )
    _cues(t, "FIGHT", "small-arms", "ambush", "*", 0.8)
    _cues(t, "FIGHT", "artillery", "shell bombard pound", "V")
    _cues(t, "FIGHT", "artillery", "shelling bombardment artillery mortar rocket missile", "N", 0.8)
    _cues(t, "FIGHT", "aerial", "airstrike air-strike warplane drone", "N", 0.9)
    _cues(t, "FIGHT", "occupy", "capture overrun invade occupy", "V", 0.9)
    _cues(t, "FIGHT", "occupy", "invasion occupation", "N", 0.8)
    _cues(t, "FIGHT", "regain", "recapture retake regain liberate reclaim", "V")
    _cues(t, "DEFECT", None, "defect desert", "V")
    _cues(t, "DEFECT", None, "defection defector deserter", "N", 0.9)
    _cues(t, "ANNOUNCE", "confirm", "confirm announce", "V", 0.5)
    _cues(t, "ANNOUNCE", "declare", "declare", "V", 0.5)
    _cues(t, "DIE", None, "die perish", "V")
    _cues(t, "DIE", None, "death body corpse", "N", 0.7)
    _cues(t, "ACCIDENT", "fire", "fire blaze", "N", 0.6)
    _cues(t, "ACCIDENT", "crash", "crash derail capsize sink collapse", "V", 0.7)
    _cues(t, "ACCIDENT", "collapse", "burst", "V", 0.6)  # a dam, a pipe, a tank bursts
    _cues(t, "ACCIDENT", "crash", "crash collision derailment collapse leak spill", "N", 0.7)
    _cues(t, "DISASTER", "earthquake", "earthquake quake tremor tsunami eruption", "N")
    _cues(t, "DISASTER", "flood", "flood flooding landslide mudslide drought", "N")
    _cues(t, "DISASTER", "storm", "storm hurricane cyclone typhoon tornado", "N")
    _cues(
        t,
        "DISASTER",
        "epidemic",
        "epidemic pandemic outbreak covid-19 covid coronavirus cholera ebola",
        "N",
        0.9,
    )
    _cues(t, "CRIME", "trafficking", "smuggle traffic", "V", 0.9)
    _cues(t, "CRIME", "trafficking", "trafficking smuggling trafficker smuggler cartel narcotic", "N", 0.9)
    _cues(t, "CRIME", "robbery", "rob extort", "V")
    _cues(t, "CRIME", "robbery", "robbery heist extortion robber", "N", 0.9)
    _cues(t, "CRIME", "gang", "gang mafia", "N", 0.6)
    _cues(t, "CONSULT", "negotiate", "mediate", "V")
    _cues(t, "CONSULT", "negotiate", "mediation", "N", 0.8)
    _cues(t, "AGREE", None, "consensus", "N", 0.8)
    _cues(t, "REJECT", None, "renege violate", "V", 0.8)
    _cues(t, "MOBILIZE", "troops", "dispatch reinforce patrol", "V", 0.8)
    _cues(t, "MOBILIZE", "troops", "patrol", "N", 0.6)
    _cues(t, "COERCE", None, "prevent block", "V", 0.5)
    _cues(t, "ASSAULT", "sexual", "abuse", "V", 0.6)
    _cues(t, "FIGHT", "small-arms", "fire", "V", 0.6)
    _cues(t, "FIGHT", "artillery", "shell projectile", "N", 0.7)
    _cues(t, "ASSAULT", "suicide-bomb", "kamikaze", "N", 1.0)
    _cues(t, "ASSAULT", "explosives", "mine", "N", 0.6)
    _cues(t, "DISASTER", "earthquake", "volcano avalanche", "N")
    _cues(t, "DISASTER", "earthquake", "erupt", "V")
    _cues(t, "DISASTER", "flood", "rainfall downpour heatwave", "N", 0.8)
    _cues(t, "DISASTER", "epidemic", "infection virus", "N", 0.6)
    return t


WORD_CUES: dict[str, list[Cue]] = _build_word_cues()

# Multiword cues, matched on lower-cased lemmas, contiguous. They win over the single words they
# contain ("air strike" is not a labour strike; "found dead" is a death, not a discovery).
PHRASE_CUES: dict[tuple[str, ...], Cue] = {
    ("find", "dead"): Cue("DIE", "found-dead", "*", 1.0),
    ("open", "fire"): Cue("ASSAULT", "firearms", "*", 1.0),
    ("gun", "down"): Cue("ASSAULT", "firearms", "*", 1.0),
    ("shoot", "dead"): Cue("ASSAULT", "firearms", "*", 1.0),
    ("flee", "to"): Cue("DEFECT", "flee", "*", 0.6),
    ("nerve", "agent"): Cue("ASSAULT", "poison", "*", 1.0),
    ("air", "strike"): Cue("FIGHT", "aerial", "*", 1.0),
    ("airstrike",): Cue("FIGHT", "aerial", "*", 1.0),
    ("drone", "strike"): Cue("FIGHT", "aerial", "*", 1.0),
    ("air", "raid"): Cue("FIGHT", "aerial", "*", 1.0),
    ("missile", "strike"): Cue("FIGHT", "artillery", "*", 1.0),
    ("hunger", "strike"): Cue("PROTEST", "hunger-strike", "*", 1.0),
    ("general", "strike"): Cue("PROTEST", "strike", "*", 1.0),
    ("go", "on", "strike"): Cue("PROTEST", "strike", "*", 1.0),
    ("suicide", "bomber"): Cue("ASSAULT", "suicide-bomb", "*", 1.0),
    ("suicide", "bombing"): Cue("ASSAULT", "suicide-bomb", "*", 1.0),
    ("suicide", "attack"): Cue("ASSAULT", "suicide-bomb", "*", 1.0),
    ("suicide", "vest"): Cue("ASSAULT", "suicide-bomb", "*", 1.0),
    ("car", "bomb"): Cue("ASSAULT", "explosives", "*", 1.0),
    ("roadside", "bomb"): Cue("ASSAULT", "explosives", "*", 1.0),
    ("improvised", "explosive"): Cue("ASSAULT", "explosives", "*", 1.0),
    ("chemical", "weapon"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("chemical", "attack"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("poison", "gas"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("toxic", "gas"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("mustard", "gas"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("tear", "gas"): Cue("COERCE", "disperse", "*", 0.8),
    ("water", "cannon"): Cue("COERCE", "disperse", "*", 0.8),
    ("rubber", "bullet"): Cue("COERCE", "disperse", "*", 0.8),
    ("sexual", "assault"): Cue("ASSAULT", "sexual", "*", 1.0),
    ("sexually", "assault"): Cue("ASSAULT", "sexual", "*", 1.0),
    ("claim", "responsibility"): Cue("CLAIM", "responsibility", "*", 1.2),
    ("take", "responsibility"): Cue("CLAIM", "responsibility", "*", 1.0),
    ("claim", "credit"): Cue("CLAIM", "responsibility", "*", 1.0),
    ("call", "for"): Cue("DEMAND", None, "*", 1.0),
    ("call", "on"): Cue("DEMAND", None, "*", 1.0),
    ("hold", "talk"): Cue("CONSULT", None, "*", 1.0),
    ("lodge", "a", "protest"): Cue("DISAPPROVE", "complain", "*", 1.2),
    ("lodge", "an", "official", "protest"): Cue("DISAPPROVE", "complain", "*", 1.2),
    ("sever", "tie"): Cue("SANCTION", "withdraw", "*", 1.0),
    ("go", "off"): Cue("ASSAULT", "explosives", "*", 0.9),
    ("blow", "up"): Cue("ASSAULT", "explosives", "*", 0.9),
    ("poisonous", "gas"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("gas", "attack"): Cue("ASSAULT", "chemical", "*", 1.0),
    ("exchange", "of", "fire"): Cue("FIGHT", "small-arms", "*", 1.0),
    ("fire", "exchange"): Cue("FIGHT", "small-arms", "*", 1.0),
    ("gun", "battle"): Cue("FIGHT", "small-arms", "*", 1.0),
    ("set", "up"): Cue("MOBILIZE", "base", "*", 0.5),
    ("pull", "out"): Cue("RETREAT", "withdraw", "*", 1.0),
    ("pull", "back"): Cue("RETREAT", "withdraw", "*", 1.0),
    ("hand", "over"): Cue("RETREAT", "return", "*", 0.8),
    ("step", "down"): Cue("CONCEDE", "leadership", "*", 1.0),
    ("back", "down"): Cue("CONCEDE", None, "*", 1.0),
    ("give", "in"): Cue("CONCEDE", None, "*", 1.0),
    ("take", "to", "the", "street"): Cue("PROTEST", "demonstrate", "*", 1.0),
    ("walk", "out"): Cue("PROTEST", "strike", "*", 0.8),
    ("set", "fire"): Cue("ASSAULT", "destroy", "*", 0.9),
    ("set", "ablaze"): Cue("ASSAULT", "destroy", "*", 0.9),
    ("round", "up"): Cue("COERCE", "arrest", "*", 1.0),
    ("take", "into", "custody"): Cue("COERCE", "arrest", "*", 1.0),
    ("put", "on", "alert"): Cue("MOBILIZE", "troops", "*", 1.0),
    ("break", "off"): Cue("SANCTION", "withdraw", "*", 0.8),
    ("cut", "tie"): Cue("SANCTION", "withdraw", "*", 1.0),
    ("state", "of", "emergency"): Cue("COERCE", "curfew", "*", 0.8),
    ("martial", "law"): Cue("COERCE", "curfew", "*", 0.9),
    ("take", "control"): Cue("FIGHT", "occupy", "*", 0.9),
    ("seize", "control"): Cue("FIGHT", "occupy", "*", 1.0),
    ("gain", "control"): Cue("FIGHT", "occupy", "*", 0.9),
    ("regain", "control"): Cue("FIGHT", "regain", "*", 1.1),
    ("traffic", "accident"): Cue("ACCIDENT", "crash", "*", 1.0),
    ("plane", "crash"): Cue("ACCIDENT", "crash", "*", 1.0),
    ("building", "collapse"): Cue("ACCIDENT", "collapse", "*", 1.0),
    ("gas", "leak"): Cue("ACCIDENT", "explosion", "*", 1.0),
    ("forest", "fire"): Cue("DISASTER", "fire", "*", 1.0),
    ("wildfire",): Cue("DISASTER", "fire", "*", 1.0),
    ("drug", "trafficking"): Cue("CRIME", "trafficking", "*", 1.0),
    ("drug", "dealer"): Cue("CRIME", "trafficking", "*", 1.0),
    ("organized", "crime"): Cue("CRIME", "gang", "*", 1.0),
    ("organised", "crime"): Cue("CRIME", "gang", "*", 1.0),
}

# Instruments in the sentence that set or sharpen an event's mode ("killed with a knife").
MODE_WORDS: dict[str, str] = {
    "gun": "firearms",
    "gunshot": "firearms",
    "bullet": "firearms",
    "rifle": "firearms",
    "pistol": "firearms",
    "shot": "firearms",
    "gunman": "firearms",
    "shoot": "firearms",
    "gunfire": "firearms",
    "knife": "melee",
    "machete": "melee",
    "stab": "melee",
    "bomb": "explosives",
    "explosive": "explosives",
    "ied": "explosives",
    "landmine": "explosives",
    "grenade": "grenade",
    "poison": "poison",
    "polonium": "poison",
    "novichok": "poison",
    "toxin": "poison",
    "nerve": "poison",
    "sarin": "chemical",
    "chlorine": "chemical",
    "artillery": "artillery",
    "tank": "artillery",
    "mortar": "artillery",
    "rocket": "artillery",
    "missile": "artillery",
    "shell": "artillery",
    "warplane": "aerial",
    "jet": "aerial",
    "aircraft": "aerial",
    "drone": "aerial",
    "helicopter": "aerial",
    "kamikaze": "suicide-bomb",
}
# Objects that make a seizure, find or destruction a disruption of weapons use (ACLED's term).
WEAPON_OBJECTS: frozenset[str] = word_set(
    "weapon arm ammunition explosive bomb mine landmine ied device rocket missile "
    "grenade cache rifle gun pistol bullet firearm munition stash depot"
)
# Objects that make "captured" or "seized" a change of territory.
TERRITORY_OBJECTS: frozenset[str] = word_set(
    "town city village territory area district region province base position "
    "neighborhood neighbourhood site airport hill road highway border crossing "
    "outpost checkpoint stronghold control island port"
)
# Subjects that make a capture the government's regaining of territory.
GOVERNMENT_ACTORS: frozenset[str] = word_set("government army military troops soldier force forces police")
# Modes of ASSAULT that ACLED counts as battles or remote violence (weapons of war).
WAR_MODES: frozenset[str] = frozenset({"artillery", "aerial"})

# Verbs that make a statement an attribution, not an event ("X said Y was killed": Y is reported).
SPEECH_VERBS: frozenset[str] = word_set(
    "say tell report claim state announce confirm add allege note write reveal insist "
    "acknowledge admit testify explain quote indicate suggest"
)

"""`newsgraph eval coref`: cross-document event coreference on ECB+ with gold event mentions.

1. Parse every document with the spaCy pipeline.
2. Within each topic, cluster the documents into incidents (tf-idf cosine over names, nouns, numbers
   and dates, average-link): a topic's two sub-corpora describe different incidents of the same kind,
   and the text is what tells them apart (the `subcorpus` field is gold metadata and is never read).
3. Within each document cluster, cluster the gold event mentions with the shared machinery of
   `link/mention_clustering.py`: same trigger lemma (nominalisations folded onto their verb,
   participles and gerunds mapped to their verb, phrasal verbs kept whole, acronyms resolved to a
   mention they abbreviate), or two words of one event-lexicon class ("shot", "opened fire") that share
   a named participant; attribution verbs ("said") link only for the same speaker, light verbs ("took")
   only with a shared participant; no contradicting arguments (years of the sentence).
4. Score MUC, B³, CEAF-e and CoNLL F1 over the selected sentences, beside the same-lemma-per-topic
   baseline.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.common import EvalReport, read_gold, write_predictions
from newsgraph.evaluate.coref_metrics import CorefScores, score_clustering
from newsgraph.extract.event_lexicon import PHRASE_CUES, WORD_CUES, word_set
from newsgraph.link.mention_clustering import MentionFeatures, cluster_mentions
from newsgraph.model import EventDate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Average-link cosine above which two documents of a topic report one incident. Calibrated on the
# ECB+ dev topics against the sub-corpus split (scored as a clustering of documents, B³):
# 0.02 merges nearly everything (P 0.59), 0.04 gives R 0.93 / P 0.87, 0.06 R 0.84 / P 0.97. On the
# mention CoNLL F1 (with the mention scoring below) 0.045/0.05/0.055/0.06/0.065/0.08 give
# 0.777/0.776/0.780/0.779/0.773/0.75 without the small-cluster step, and 0.05/0.055/0.06/0.07 give
# 0.781/0.786/0.785/0.783 with it: a plateau over 0.05-0.07, 0.055 inside it.
DOCUMENT_SIMILARITY = 0.055
# A cluster of at most this many documents is a fragment of a larger one more often than an incident
# of its own (an ECB+ sub-corpus reports one incident in ten or more documents, and a report that
# tells it in other words falls out of the average link): it joins the most similar larger cluster
# from ATTACH_SIMILARITY up. On ECB+ dev, mention CoNLL F1 without this step 0.780; fragments of
# 1/2/3 documents give 0.783/0.786/0.786, attach similarity 0.01/0.02/0.03/0.04 0.786/0.786/0.786/0.784.
SMALL_CLUSTER = 2
ATTACH_SIMILARITY = 0.02
# Mentions linked from this score up (the lemma match is 1.0, shared arguments add to it).
MENTION_THRESHOLD = 1.0
# Two different trigger words of one event-lexicon class (type/mode: "shot" and "opened fire") score
# this, plus 0.1 per shared participant: they link only with a shared name. On ECB+ dev 0.8/0.9/1.0
# give CoNLL F1 0.778/0.779/0.779 (flat; 0.9 keeps the link conditional on a shared participant).
LEXICON_CLASS_SCORE = 0.9
# Cues of lower weight in the lexicon are weak signals (e.g. "give" as AID 0.4) and do not count.
LEXICON_MIN_WEIGHT = 0.7
# Blocking a link when both mentions name disjoint actors (or targets) costs CoNLL F1 on ECB+ dev
# (0.757 -> 0.745 actors, 0.749 targets, 0.737 both): annotators link "police said" and "officials
# said" of one incident, and the parser's subjects are noisy. Kept switchable for other data.
BLOCK_ON_ACTORS = False
BLOCK_ON_TARGETS = False

MentionKey = tuple[str, int, int]

# Event nouns whose lemma differs from their verb's: reports alternate "died"/"death",
# "killed"/"killing". General English derivations, not a list drawn from any corpus.
NOMINALISATIONS = {
    "death": "die", "killing": "kill", "shooting": "shoot", "arrest": "arrest", "election": "elect",
    "attack": "attack", "bombing": "bomb", "explosion": "explode", "collision": "collide",
    "crash": "crash", "injury": "injure", "resignation": "resign", "appointment": "appoint",
    "nomination": "nominate", "acquisition": "acquire", "purchase": "buy", "sale": "sell",
    "announcement": "announce", "statement": "state", "release": "release", "launch": "launch",
    "investigation": "investigate", "trial": "try", "conviction": "convict", "sentence": "sentence",
    "murder": "murder", "stabbing": "stab", "robbery": "rob", "theft": "steal", "escape": "escape",
    "rescue": "rescue", "evacuation": "evacuate", "destruction": "destroy", "invasion": "invade",
    "departure": "depart", "arrival": "arrive", "victory": "win", "win": "win", "loss": "lose",
    "defeat": "defeat", "performance": "perform", "appearance": "appear", "marriage": "marry",
    "birth": "bear", "divorce": "divorce", "treatment": "treat", "admission": "admit",
    "discovery": "discover", "earthquake": "quake", "quake": "quake", "fire": "fire",
    "blaze": "fire", "flood": "flood", "flooding": "flood", "protest": "protest",
    "strike": "strike", "raid": "raid", "seizure": "seize", "capture": "capture",
    "hospitalization": "hospitalize", "charge": "charge", "replacement": "replace",
}  # fmt: skip

# Near-synonymous event verbs of news reporting, folded onto one class (general English; a WordNet
# synset lookup would do the same job but is not installed). A class joins only mentions that also
# pass the argument checks, so "hit" for a strike and "hit" for a ball still need matching arguments.
SYNONYM_CLASSES: tuple[tuple[str, ...], ...] = (
    ("die", "kill", "dead", "murder", "slay"),
    ("hit", "strike"),
    ("arrest", "capture", "apprehend", "detain", "nab"),
    ("flee", "escape", "run"),
    ("thwart", "foil"),
    ("damage", "sever", "cut"),
    ("issue", "release", "unveil"),
    ("nominate", "nominee", "nomination"),
    ("crash", "accident", "collide", "collision"),
    ("fix", "repair", "plug"),
    ("rob", "robbery", "heist", "steal"),
    ("quake", "earthquake", "tremor"),
)
_SYNONYM_OF = {word: words[0] for words in SYNONYM_CLASSES for word in words}

# Verbs that attribute a statement to its source ("police said", "according to"): each report has its
# own, so two of them are one event only when the same speaker makes them. Announcing, confirming or
# revealing is left out: an announcement is news that other reports retell. General English.
ATTRIBUTION_VERBS = word_set("say tell add note report quote explain state write accord according")

# Light and occurrence verbs ("was", "took", "caused", "happened") carry no event identity of their
# own: two of them are one event only with a shared participant. General English; on ECB+ dev CoNLL F1
# 0.775 -> 0.778.
GENERIC_VERBS = word_set("be have do make take get give go come put set cause happen occur result lead")

_ACRONYM_SKIPPED = frozenset({"a", "an", "the", "of"})
_ARGUMENT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"}
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class GoldMention:
    key: MentionKey
    cluster: str
    text: str


@dataclass(frozen=True)
class GoldDocument:
    id: str
    topic: str
    text: str
    url: str | None
    mentions: tuple[GoldMention, ...]


def load_documents(gold: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """The gold event mentions in selected sentences (the README's evaluation scope)."""
    documents = []
    for record in read_gold(gold, ("docs.jsonl",), limit):
        try:
            mentions = tuple(
                GoldMention(
                    key=(record["id"], int(m["start"]), int(m["end"])),
                    # Cluster ids are unique within a topic only (the README notes a few reused ones).
                    cluster=f"{record['topic']}/{m['cluster']}",
                    text=m["text"],
                )
                for m in record["mentions"]
                if m.get("kind") == "event" and m.get("selected", True)
            )
            documents.append(
                GoldDocument(record["id"], str(record["topic"]), record["text"], record.get("url"), mentions)
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(
                f"document {record.get('id')!r} lacks a field the ECB+ README describes: {exc}",
                where=str(gold),
            ) from exc
    return documents


# --- 2. documents into incidents ------------------------------------------------------------------


def document_terms(doc: Doc) -> Counter[str]:
    """Names, content nouns, numbers and dates: what differs between two incidents of one kind."""
    terms: Counter[str] = Counter()
    for token in doc:
        if token.pos_ in ("PROPN", "NUM") or (token.pos_ == "NOUN" and not token.is_stop):
            terms[token.lemma_.lower()] += 1
    for ent in doc.ents:
        if ent.label_ == "DATE":
            terms[f"date:{ent.text.lower()}"] += 2  # a date pins the incident more than a noun does
    return terms


def cluster_documents(
    terms: Mapping[str, Counter[str]],
    *,
    threshold: float = DOCUMENT_SIMILARITY,
    attach_threshold: float = ATTACH_SIMILARITY,
) -> list[list[str]]:
    """Average-link agglomerative clustering of documents by tf-idf cosine, then every cluster of at
    most SMALL_CLUSTER documents joins the larger cluster it is most similar to (average link) when
    that similarity reaches `attach_threshold`. Deterministic."""
    ids = sorted(terms)
    frequency: Counter[str] = Counter(term for doc_id in ids for term in terms[doc_id])
    total = len(ids)
    vectors = []
    for doc_id in ids:
        weights = {
            term: (1 + math.log(count)) * math.log((total + 1) / frequency[term])
            for term, count in terms[doc_id].items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({term: w / norm for term, w in weights.items()})
    similarity = [
        [sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items()) for j in range(total)]
        for i in range(total)
    ]

    def average(left: list[int], right: list[int]) -> float:
        return sum(similarity[i][j] for i in left for j in right) / (len(left) * len(right))

    clusters = [[i] for i in range(total)]
    while len(clusters) > 1:
        best: tuple[float, int, int] | None = None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                score = average(clusters[a], clusters[b])
                if best is None or score > best[0]:
                    best = (score, a, b)
        if best is None or best[0] < threshold:
            break
        _, a, b = best
        clusters[a].extend(clusters.pop(b))
    large = [c for c in clusters if len(c) > SMALL_CLUSTER]
    alone = []
    for small in (c for c in clusters if len(c) <= SMALL_CLUSTER):
        scored = [(average(small, group), -index) for index, group in enumerate(large)]
        if scored and max(scored)[0] >= attach_threshold:
            large[-max(scored)[1]].extend(small)
        else:
            alone.append(small)
    return sorted(([ids[i] for i in sorted(c)] for c in large + alone), key=lambda c: c[0])


# --- 3. mention features and clustering -----------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _verb_tables() -> tuple[Mapping[str, Any], Sequence[Sequence[str]], frozenset[str]]:
    """The English lemmatizer's verb exceptions, suffix rules and verb index."""
    from newsgraph.nlp.loader import load_model

    lookups = load_model().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    exceptions = lookups.get_table("lemma_exc")["verb"]
    rules = lookups.get_table("lemma_rules")["verb"]
    index = frozenset(lookups.get_table("lemma_index")["verb"])
    return exceptions, rules, index


def verb_lemma(word: str) -> str | None:
    """The verb a participle or gerund stands for ("escaped" -> "escape", "stolen" -> "steal", the noun
    "driving" -> "drive"), when the tagger read it as an adjective, noun or name; None when no verb fits."""
    exceptions, rules, index = _verb_tables()
    if word in exceptions:
        return str(exceptions[word][0])
    for old, new in rules:
        if old in ("ed", "en", "ing") and word.endswith(old):
            candidate = word[: -len(old)] + new
            if candidate in index:
                return candidate
    return None


def trigger_lemma(span: Span) -> str:
    head: Token = span.root
    if head.is_stop or head.is_punct:
        content = [t for t in span if not (t.is_stop or t.is_punct)]
        head = content[-1] if content else head
    lemma = head.lemma_.lower()
    if head.pos_ not in ("VERB", "AUX") and (
        lemma.endswith("ing") or (lemma == head.lower_ and lemma.endswith(("ed", "en")))
    ):
        lemma = verb_lemma(lemma) or lemma
    if head.pos_ == "PROPN" and len(lemma) > 4 and lemma.endswith("s"):
        lemma = lemma[:-1]  # the tagger leaves plural names unlemmatised
    lemma = NOMINALISATIONS.get(lemma, lemma)
    lemma = _SYNONYM_OF.get(lemma, lemma)
    if head.pos_ == "VERB":
        # A phrasal verb or verb-noun idiom inside the mention is its own event word: "took over" is
        # not "took", "opened fire" not "opened" (ECB+ dev CoNLL F1 0.774 -> 0.776).
        complements = [
            t.lemma_.lower()
            for t in span
            if t.head == head and (t.dep_ == "prt" or (t.dep_ == "dobj" and t.pos_ == "NOUN"))
        ]
        if complements:
            return " ".join([lemma, *complements])
    return lemma


def lexicon_classes(span: Span) -> frozenset[str]:
    """The event lexicon's type/mode for the trigger: a phrase cue inside the mention ("opened fire"),
    else the head word's cues of some weight. Different words of one class ("shot", "opened fire")
    may name one event."""
    lemmas = tuple(t.lemma_.lower() for t in span)
    for size in range(len(lemmas), 1, -1):
        for start in range(len(lemmas) - size + 1):
            cue = PHRASE_CUES.get(lemmas[start : start + size])
            if cue is not None:
                return frozenset({f"class:{cue.type}/{cue.mode}"})
    head = span.root
    cues = WORD_CUES.get(trigger_lemma(span), []) + WORD_CUES.get(head.lemma_.lower(), [])
    return frozenset(f"class:{cue.type}/{cue.mode}" for cue in cues if cue.weight >= LEXICON_MIN_WEIGHT)


def _sentence_arguments(span: Span) -> tuple[frozenset[str], EventDate | None]:
    """Named participants and the year stated in the trigger's sentence."""
    sentence = span.sent
    names = frozenset(
        ent.lemma_.lower().removeprefix("the ")
        for ent in sentence.ents
        if ent.label_ in _ARGUMENT_LABELS and not (ent.start <= span.root.i < ent.end)
    )
    years = {
        int(match.group(1))
        for ent in sentence.ents
        if ent.label_ == "DATE"
        for match in _YEAR.finditer(ent.text)
    }
    event_date = None
    if len(years) == 1:
        year = years.pop()
        event_date = EventDate(date(year, 1, 1), date(year, 12, 31), "year", str(year))
    return names, event_date


def _name_of(token: Token) -> str | None:
    """The proper name a syntactic argument stands for; common nouns ("a man") name no one in particular."""
    if token.ent_type_ in _ARGUMENT_LABELS:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            return ent.lemma_.lower().removeprefix("the ")
    if token.pos_ == "PROPN":
        return token.lemma_.lower()
    return None


def _syntactic_arguments(span: Span) -> tuple[frozenset[str], frozenset[str]]:
    """Named actor (subject, "by" agent) and target (object, passive subject, "of" noun) of the trigger."""
    actors: set[str] = set()
    targets: set[str] = set()
    for child in span.root.children:
        heads = [child]
        if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "of"):
            heads = [t for t in child.children if t.dep_ == "pobj"]
        for head in heads:
            name = _name_of(head)
            if name is None:
                continue
            if child.dep_ in ("nsubj", "agent") or (child.dep_ == "prep" and child.lower_ == "by"):
                actors.add(name)
            elif child.dep_ in ("dobj", "nsubjpass") or child.lower_ == "of":
                targets.add(name)
    return frozenset(actors), frozenset(targets)


def mention_features(doc: Doc, mention: GoldMention) -> MentionFeatures | None:
    span = doc.char_span(mention.key[1], mention.key[2], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    participants, event_date = _sentence_arguments(span)
    actors, targets = _syntactic_arguments(span)
    return MentionFeatures(
        key=mention.key,
        lemma=trigger_lemma(span),
        extra=lexicon_classes(span) | _acronym_words(span),
        actors=actors,
        targets=targets,
        participants=participants | actors | targets,
        date=event_date,
    )


def ecb_pair_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    """1.0 (+0.1 per shared participant) for the same trigger lemma, unless it is an attribution or light
    verb without the shared speaker or participant it needs; LEXICON_CLASS_SCORE (+0.1 per shared
    participant) for two words of one lexicon class; None when the sentences' years exclude each other."""
    from newsgraph.link.mention_clustering import dates_compatible

    if not dates_compatible(a.date, b.date):
        return None
    if BLOCK_ON_ACTORS and a.actors and b.actors and not a.actors & b.actors:
        return None  # "Smith said" and "Jones said" are two statements
    if BLOCK_ON_TARGETS and a.targets and b.targets and not a.targets & b.targets:
        return None
    shared = len(a.participants & b.participants)
    if a.lemma != b.lemma:
        if any(word.startswith("class:") for word in a.extra & b.extra):
            return LEXICON_CLASS_SCORE + 0.1 * min(shared, 3)
        return 0.0
    if a.lemma in ATTRIBUTION_VERBS and not a.actors & b.actors:
        return 0.0  # every report has its own "said": only the same speaker makes one statement
    if a.lemma in GENERIC_VERBS and not a.participants & b.participants:
        return 0.0
    return 1.0 + 0.1 * min(shared, 3)


def _acronym_words(span: Span) -> frozenset[str]:
    """Acronym marks: `abbr:dui` for a mention written as an acronym ("DUI"), `expands:dui` for a mention
    of several words whose initials make one ("driving under the influence"; articles and "of" skipped)."""
    text = span.text.strip()
    if 2 <= len(text) <= 6 and text.isalpha() and text.isupper():
        return frozenset({f"abbr:{text.lower()}"})
    words = [t.lower_ for t in span if t.is_alpha and t.lower_ not in _ACRONYM_SKIPPED]
    if len(words) >= 2:
        return frozenset({f"expands:{''.join(word[0] for word in words)}"})
    return frozenset()


def resolve_acronyms(features: Sequence[MentionFeatures]) -> list[MentionFeatures]:
    """An acronym mention takes the lemma of a mention it abbreviates in the same document cluster
    ("DUI" and "driving under the influence"); acronyms without an expansion keep their own."""
    expansions: dict[str, str] = {}
    for feature in sorted(features, key=lambda f: f.key):
        for word in feature.extra:
            if word.startswith("expands:"):
                expansions.setdefault(word.removeprefix("expands:"), feature.lemma)
    resolved = []
    for feature in features:
        abbreviations = sorted(w.removeprefix("abbr:") for w in feature.extra if w.startswith("abbr:"))
        lemma = expansions.get(abbreviations[0]) if abbreviations else None
        resolved.append(dataclasses.replace(feature, lemma=lemma) if lemma else feature)
    return resolved


def predict_clusters(documents: Sequence[GoldDocument], docs: Mapping[str, Doc]) -> dict[MentionKey, str]:
    """Cluster labels for every gold mention, shared across the documents of a topic."""
    by_topic: dict[str, list[GoldDocument]] = defaultdict(list)
    for document in documents:
        by_topic[document.topic].append(document)
    labels: dict[MentionKey, str] = {}
    for topic in sorted(by_topic):
        topic_docs = {d.id: d for d in by_topic[topic]}
        groups = cluster_documents(
            {doc_id: document_terms(docs[doc_id]) for doc_id in topic_docs},
            threshold=DOCUMENT_SIMILARITY,
            attach_threshold=ATTACH_SIMILARITY,
        )
        for group in groups:
            features = []
            for doc_id in group:
                for mention in topic_docs[doc_id].mentions:
                    feature = mention_features(docs[doc_id], mention)
                    if feature is None:
                        labels[mention.key] = f"{mention.key}"
                    else:
                        features.append(feature)
            features = resolve_acronyms(features)
            for cluster in cluster_mentions(features, pair_score=ecb_pair_score, threshold=MENTION_THRESHOLD):
                first = cluster[0].key
                label = f"t{topic}_{first[0]}_{first[1]}"
                for feature in cluster:
                    labels[feature.key] = label
    return labels


def same_lemma_baseline(documents: Sequence[GoldDocument], docs: Mapping[str, Doc]) -> dict[MentionKey, str]:
    """Mentions with the same head lemma in the same topic are one cluster."""
    labels: dict[MentionKey, str] = {}
    for document in documents:
        for mention in document.mentions:
            span = docs[document.id].char_span(mention.key[1], mention.key[2], alignment_mode="expand")
            lemma = span.root.lemma_.lower() if span is not None and len(span) else mention.text.lower()
            labels[mention.key] = f"{document.topic}/{lemma}"
    return labels


def _prediction_rows(
    documents: Iterable[GoldDocument], labels: Mapping[MentionKey, str]
) -> Iterable[dict[str, Any]]:
    for document in documents:
        yield {
            "id": document.id,
            "mentions": [
                {"start": m.key[1], "end": m.key[2], "cluster": labels[m.key]} for m in document.mentions
            ],
        }


def evaluate(
    gold: str | Path, *, predictions: str | Path | None = None, limit: int | None = None
) -> EvalReport:
    from newsgraph.nlp.loader import parse_texts

    documents = load_documents(gold, limit)
    if not documents:
        raise EvaluationError("the gold file holds no documents", where=str(gold))
    docs = dict(zip((d.id for d in documents), parse_texts(d.text for d in documents), strict=True))
    key = {m.key: m.cluster for d in documents for m in d.mentions}
    labels = predict_clusters(documents, docs)
    scores: CorefScores = score_clustering(key, labels)
    baseline = score_clustering(key, same_lemma_baseline(documents, docs))
    write_predictions(predictions, _prediction_rows(documents, labels))
    extra: dict[str, Any] = {"mentions": len(key), **scores.as_dict(), **baseline.as_dict("baseline_lemma_")}
    return EvalReport(
        task="coref",
        gold=str(gold),
        n=len(documents),
        metric="conll_f1",
        score=round(scores.conll_f1, 4),
        extra=extra,
    )

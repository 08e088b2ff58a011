from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from newsgraph.evaluate.coref import cluster_documents, evaluate, load_documents


def test_cluster_documents_separates_two_incidents() -> None:
    terms = {
        "quake1": Counter({"quake": 2, "vallon": 3, "magnitude": 1, "6.1": 2}),
        "quake2": Counter({"quake": 1, "vallon": 2, "rescuer": 1, "6.1": 1}),
        "quake3": Counter({"quake": 2, "tersa": 3, "magnitude": 1, "7.4": 2}),
        "quake4": Counter({"quake": 1, "tersa": 2, "tsunami": 1, "7.4": 1}),
    }
    assert cluster_documents(terms, threshold=0.05) == [["quake1", "quake2"], ["quake3", "quake4"]]


def _document(doc_id: str, text: str, triggers: list[tuple[str, str]]) -> dict[str, object]:
    mentions = []
    for index, (word, cluster) in enumerate(triggers):
        start = text.index(word)
        mentions.append(
            {
                "m_id": str(index),
                "start": start,
                "end": start + len(word),
                "text": word,
                "tag": "ACTION_OCCURRENCE",
                "kind": "event",
                "cluster": cluster,
                "sent": 0,
                "selected": True,
            }
        )
    mentions.append(
        {
            "m_id": "99",
            "start": 0,
            "end": 3,
            "text": text[:3],
            "tag": "HUMAN_PART_PER",
            "kind": "entity",
            "cluster": "ENT",
            "sent": 0,
            "selected": True,
        }
    )
    return {
        "id": doc_id,
        "topic": "1",
        "subcorpus": "ecb",
        "text": text,
        "mentions": mentions,
        "sentences": [{"sent": 0, "start": 0, "end": len(text), "selected": True}],
    }


@pytest.mark.model
def test_evaluate_scores_and_writes_predictions(tmp_path: Path) -> None:
    docs = [
        _document(
            "1_1",
            "Police arrested Tom Harlan in Dunmore on Monday after the robbery of a bank.",
            [("arrested", "ARREST_A"), ("robbery", "ROB_A")],
        ),
        _document(
            "1_2",
            "Tom Harlan was detained in Dunmore, police said, days after he robbed a Dunmore bank.",
            [("detained", "ARREST_A"), ("robbed", "ROB_A"), ("said", "SAY_B")],
        ),
    ]
    gold = tmp_path / "docs.jsonl"
    gold.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    assert [len(d.mentions) for d in load_documents(gold)] == [2, 3]  # entity mentions are left out
    predictions = tmp_path / "pred.jsonl"
    report = evaluate(gold, predictions=predictions)
    assert report.task == "coref" and report.metric == "conll_f1" and report.n == 2
    # arrest/detain are one class, rob/robbery one lemma: the clustering is perfect here.
    assert report.score == pytest.approx(1.0)
    assert report.extra["baseline_lemma_conll_f1"] < 1.0
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["1_1", "1_2"]
    clusters = {(row["id"], m["start"]): m["cluster"] for row in rows for m in row["mentions"]}
    arrested = docs[0]["text"].index("arrested")  # type: ignore[attr-defined]
    detained = docs[1]["text"].index("detained")  # type: ignore[attr-defined]
    assert clusters[("1_1", arrested)] == clusters[("1_2", detained)]

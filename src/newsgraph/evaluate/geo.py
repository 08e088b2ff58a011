"""`newsgraph eval geo`: end-to-end geoparsing on LGL, GeoVirus, TR-News and GeoWebNews gold.

Each gold text is parsed with the spaCy model, refined (`refine_entities`) and run through
`find_places`, as ingest does; nothing gold is given to the system. Headline: Accuracy@161km
over every gold toponym that has coordinates (a toponym
that no predicted place overlaps, or whose overlapping place is unresolved, is a miss).
Also: geotagging span P/R/F1 (exact spans), Acc@161 on found toponyms (resolution only), mean and
median error on found toponyms, and AUC of log errors with misses at the maximum error (Gritta et
al. 2018, "Which Melbourne?", lower is better).

GeoWebNews marks non-places too (`non_locational`, `type`): only entries with
`non_locational == false` and coordinates are gold toponyms; a prediction overlapping any of its
other annotations is neither a hit nor a false positive.
"""

from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any

from newsgraph.errors import EvaluationError
from newsgraph.evaluate.common import EvalReport, f1, read_gold, write_predictions
from newsgraph.model import PlaceMention

ACC_KM = 161.0  # 100 miles, the field's convention
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the error a miss counts as in AUC
BATCH_SIZE = 32


def _gold_toponyms(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """(gold toponyms, spans of other annotations to ignore) for one record, format by fields."""
    places = record.get("places")
    if not isinstance(places, list) or not isinstance(record.get("text"), str):
        raise EvaluationError(
            "a gold record lacks `text` or `places`",
            where=str(record.get("id")),
            hint="expected the geo_* format of shared/data READMEs",
        )
    gold: list[dict[str, Any]] = []
    ignored: list[tuple[int, int]] = []
    for place in places:
        if "non_locational" in place:  # GeoWebNews
            if place["non_locational"] is False and place.get("lat") is not None:
                gold.append(place)
            else:
                ignored.append((place["start"], place["end"]))
        else:
            gold.append(place)
    return gold, ignored


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _distance(place: dict[str, Any], mention: PlaceMention) -> float | None:
    from newsgraph.extract.gazetteer import haversine_km

    if mention.place is None or mention.place.lat is None or mention.place.lon is None:
        return None
    return haversine_km(float(place["lat"]), float(place["lon"]), mention.place.lat, mention.place.lon)


def auc_of_errors(errors: list[float]) -> float:
    """Area under the sorted log(1+error) curve, scaled to [0, 1] (Gritta et al. 2018)."""
    if len(errors) < 2:
        return 0.0 if not errors else math.log1p(errors[0]) / math.log1p(MAX_ERROR_KM)
    points = sorted(math.log1p(e) for e in errors)
    area = sum((points[i] + points[i + 1]) / 2 for i in range(len(points) - 1))
    return area / (math.log1p(MAX_ERROR_KM) * (len(points) - 1))


def evaluate(
    gold: str | Path, *, predictions: str | Path | None = None, limit: int | None = None
) -> EvalReport:
    """Acc@161km of the pipeline's geoparsing, run as ingest runs it (NER refinement first)."""
    return evaluate_geo(gold, predictions=predictions, limit=limit)


def evaluate_geo(
    gold: str | Path,
    *,
    predictions: str | Path | None = None,
    limit: int | None = None,
    refine: bool = True,
) -> EvalReport:
    """`evaluate` with the knob used to measure `refine_entities`' effect on geoparsing."""
    from newsgraph.extract.ner_rules import refine_entities
    from newsgraph.extract.places import find_places
    from newsgraph.nlp.loader import load_model

    records = list(read_gold(gold, ("docs.jsonl",), limit))
    nlp = load_model()
    texts = (str(r["text"]) for r in records)
    true_spans = pred_spans = exact_hits = 0
    with_coords = hit_161 = found = found_161 = 0
    found_errors: list[float] = []
    all_errors: list[float] = []
    rows: list[dict[str, Any]] = []
    for record, doc in zip(records, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
        gold_places, ignored = _gold_toponyms(record)
        mentions = find_places(refine_entities(doc) if refine else doc)
        rows.append(
            {
                "id": record.get("id"),
                "places": [
                    {
                        "start": m.start,
                        "end": m.end,
                        "lat": None if m.place is None else m.place.lat,
                        "lon": None if m.place is None else m.place.lon,
                    }
                    for m in mentions
                ],
            }
        )
        gold_set = {(p["start"], p["end"]) for p in gold_places}
        true_spans += len(gold_set)
        for m in mentions:
            if (m.start, m.end) in gold_set:
                exact_hits += 1
                pred_spans += 1
            elif not any(_overlap(m.start, m.end, s, e) for s, e in ignored):
                pred_spans += 1
        for place in gold_places:
            if place.get("lat") is None or place.get("lon") is None:
                continue
            with_coords += 1
            overlapping = [m for m in mentions if _overlap(m.start, m.end, place["start"], place["end"])]
            if not overlapping:
                all_errors.append(MAX_ERROR_KM)
                continue
            best = max(overlapping, key=lambda m: _overlap(m.start, m.end, place["start"], place["end"]))
            error = _distance(place, best)
            if error is None:
                all_errors.append(MAX_ERROR_KM)
                continue
            found += 1
            found_errors.append(error)
            all_errors.append(error)
            if error <= ACC_KM:
                hit_161 += 1
                found_161 += 1
    write_predictions(predictions, rows)
    precision = exact_hits / pred_spans if pred_spans else 0.0
    recall = exact_hits / true_spans if true_spans else 0.0
    return EvalReport(
        task="geo",
        gold=str(gold),
        n=len(records),
        metric="acc@161km",
        score=hit_161 / with_coords if with_coords else 0.0,
        extra={
            "toponyms_with_coordinates": with_coords,
            "found_resolved": found,
            "acc@161km_on_found": found_161 / found if found else 0.0,
            "mean_error_km_on_found": statistics.fmean(found_errors) if found_errors else None,
            "median_error_km_on_found": statistics.median(found_errors) if found_errors else None,
            "auc_log_error": auc_of_errors(all_errors),
            "span_precision": precision,
            "span_recall": recall,
            "span_f1": f1(precision, recall),
        },
    )

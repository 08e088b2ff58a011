"""Exporting the store: JSON Lines, CSV, Parquet and GeoJSON (located events as points)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.store.db import Store
from newsgraph.store.queries import list_articles, list_entities, list_events, list_stories

FORMATS = ("jsonl", "csv", "parquet", "geojson")


def _flat_event(event: dict[str, Any]) -> dict[str, Any]:
    """One CSV row per event: nested fields flattened, lists joined."""
    loc = event["location"] or {}
    return {
        "id": event["id"],
        "story_id": event["story_id"],
        "type": event["type"],
        "mode": event["mode"],
        "summary": event["summary"],
        "date_start": event["date"]["start"],
        "date_end": event["date"]["end"],
        "date_precision": event["date"]["precision"],
        "date_text": event["date"]["text"],
        "location": loc.get("name"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "location_precision": loc.get("precision"),
        "actors": "; ".join(p["name"] for p in event["participants"] if p["role"] == "actor"),
        "targets": "; ".join(p["name"] for p in event["participants"] if p["role"] == "target"),
        "others": "; ".join(p["name"] for p in event["participants"] if p["role"] == "other"),
        "fatalities": event["fatalities"],
        "modality": event["modality"],
        "sources": event["sources"],
        "independent_sources": event["independent_sources"],
        "conflicts": json.dumps(event["conflicts"]),
        "article_ids": " ".join(sorted({m["article_id"] for m in event["mentions"]})),
    }


def export(store: Store, *, fmt: str, out: str | Path) -> dict[str, int]:
    """Write the export; returns how many rows of each kind were written."""
    out = Path(out)
    if fmt not in FORMATS:
        raise NewsgraphError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    events = list_events(store)
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e["location"]["lon"], e["location"]["lat"]]},
                "properties": {k: v for k, v in _flat_event(e).items() if k not in {"lat", "lon"}},
            }
            for e in events
            if e["location"] and e["location"]["lat"] is not None and e["location"]["lon"] is not None
        ]
        out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False))
        return {"events": len(features)}
    if fmt == "csv":
        rows = [_flat_event(e) for e in events]
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=list(_flat_event(events[0]).keys()) if rows else ["id"]
            )
            writer.writeheader()
            writer.writerows(rows)
        return {"events": len(rows)}
    tables = {
        "articles": list_articles(store, with_text=True),
        "entities": list_entities(store),
        "stories": list_stories(store),
        "events": events,
    }
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for kind, rows in tables.items():
                for row in rows:
                    handle.write(
                        json.dumps(
                            {"kind": kind[:-1] if kind != "stories" else "story", **row}, ensure_ascii=False
                        )
                        + "\n"
                    )
        return {k: len(v) for k, v in tables.items()}
    # Parquet: one file per table in a folder.
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    for kind, rows in tables.items():
        flat = rows
        if kind == "events":
            flat = [
                {**_flat_event(e), "mentions": json.dumps(e["mentions"], ensure_ascii=False)} for e in rows
            ]
        pq.write_table(
            pa.Table.from_pylist(flat) if flat else pa.table({"id": pa.array([], pa.string())}),
            out / f"{kind}.parquet",
        )
    return {k: len(v) for k, v in tables.items()}

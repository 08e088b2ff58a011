"""Build the web page's offline world basemap from Natural Earth 110m country outlines.

Source: the npm package `world-atlas` (Natural Earth 1:110m Admin 0 countries, public domain; TopoJSON
packaging ISC, (c) Mike Bostock). Fetch it once, outside the project, and run:

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python scripts/world_basemap.py package/countries-110m.json src/newsgraph/serve/static/world-110m.json

The output is pre-projected (equirectangular: x = lon + 180, y = 90 - lat, so the world is 360 x 180 units)
SVG path data, one entry per country, so the page draws it without a projection library. Only the
derived file is committed; it stays well under 300 KB.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# Two decimals (~1 km) keep outlines crisp when the map zooms to one country; 110m data is no finer.
DECIMALS = 2


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Undo TopoJSON's quantisation and delta encoding: each arc as absolute (lon, lat) points."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[tuple[float, float]] = []
        for dx, dy in arc:
            if transform:
                x, y = x + dx, y + dy
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(dx), float(dy)))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point: drop the duplicate.
        points.extend(arc if not points else arc[1:])
    return points


def ring_path(points: list[tuple[float, float]]) -> str:
    def fmt(value: float) -> str:
        return f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")

    parts = [f"{fmt(lon + 180)},{fmt(90 - lat)}" for lon, lat in points]
    return "M" + "L".join(parts) + "Z"


def country_paths(topology: dict[str, Any]) -> list[dict[str, str]]:
    arcs = decode_arcs(topology)
    out: list[dict[str, str]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        path = "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)
        out.append(
            {
                "id": str(geometry.get("id", "")),
                "name": geometry.get("properties", {}).get("name", ""),
                "d": path,
            }
        )
    return out


def main(source: str, target: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    countries = country_paths(topology)
    basemap: dict[str, object] = {
        "attribution": "Natural Earth 1:110m countries (public domain), via world-atlas 2 (ISC)",
        "projection": "equirectangular: x = lon + 180, y = 90 - lat",
        "width": 360,
        "height": 180,
        "countries": countries,
    }
    Path(target).write_text(json.dumps(basemap, separators=(",", ":")), encoding="utf-8")
    print(f"{target}: {len(countries)} countries, {Path(target).stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

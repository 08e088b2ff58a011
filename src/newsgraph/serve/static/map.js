// The offline map: Natural Earth country outlines shipped with the app (pre-projected, equirectangular:
// x = lon + 180, y = 90 - lat), zoomed to the located events, one marker per event.

import { svg } from "./dom.js";
import { getBasemap } from "./api.js";

const MIN_SPAN_DEG = 24; // never zoom closer than this: 110m outlines are too coarse below it

function project(lat, lon) {
  return [lon + 180, 90 - lat];
}

function viewBoxFor(points) {
  let [x0, y0, x1, y1] = [360, 180, 0, 0];
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  let w = Math.max(x1 - x0, MIN_SPAN_DEG) * 1.3;
  let h = Math.max(y1 - y0, MIN_SPAN_DEG / 2) * 1.3;
  // keep the 2:1 shape of the drawing area so outlines are not stretched
  if (w < 2 * h) w = 2 * h;
  else h = w / 2;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return [cx - w / 2, cy - h / 2, w, h];
}

export async function drawMap(events, onSelect) {
  const located = events.filter((e) => e.location && typeof e.location.lat === "number"
    && typeof e.location.lon === "number");
  const basemap = await getBasemap();
  const points = located.map((e) => project(e.location.lat, e.location.lon));
  const [vx, vy, vw, vh] = points.length ? viewBoxFor(points) : [0, 0, 360, 180];
  const root = svg("svg", {
    class: "map", viewBox: `${vx} ${vy} ${vw} ${vh}`, role: "img",
    "aria-label": `Map of ${located.length} located events`, preserveAspectRatio: "xMidYMid meet",
  });
  root.append(svg("rect", { class: "sea", x: vx, y: vy, width: vw, height: vh }));
  const land = svg("g", { class: "land" });
  for (const country of basemap.countries) {
    land.append(svg("path", { d: country.d, "vector-effect": "non-scaling-stroke" },
      svg("title", { text: country.name })));
  }
  root.append(land);
  const radius = vw / 90;
  located.forEach((event, i) => {
    const [cx, cy] = points[i];
    const marker = svg("g", {
      class: "marker", tabindex: 0, role: "button", "data-event-id": event.id,
      "aria-label": `${event.location.name}: ${event.summary || event.type}`,
    });
    marker.append(svg("title", { text: `${event.location.name} — ${event.summary || event.type}` }));
    marker.append(svg("circle", { cx, cy, r: radius, "vector-effect": "non-scaling-stroke" }));
    marker.addEventListener("click", () => onSelect(event.id));
    marker.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") onSelect(event.id);
    });
    root.append(marker);
  });
  return { node: root, located: located.length };
}

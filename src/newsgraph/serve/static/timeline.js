// The story timeline in SVG: a day-precise event is a dot, a month- or year-precise one a bar over
// its whole month or year, so vague dates look vague. Events are packed into lanes so none overlap.

import { svg, formatDate } from "./dom.js";

const WIDTH = 960;
const MARGIN = 24;
const LANE_HEIGHT = 26;
const AXIS_HEIGHT = 28;
const DAY_MS = 86400000;
const LABEL_CHAR_PX = 6.5; // a rough width of one label character at the timeline's font size

function toTime(iso) {
  return Date.parse(`${iso}T00:00:00Z`);
}

function pickTicks(start, end) {
  const spanDays = (end - start) / DAY_MS;
  const ticks = [];
  const first = new Date(start);
  if (spanDays > 365 * 4) {
    const step = spanDays > 365 * 40 ? 10 : spanDays > 365 * 12 ? 5 : 1;
    let year = Math.ceil(first.getUTCFullYear() / step) * step;
    for (let t = Date.UTC(year, 0, 1); t <= end; year += step, t = Date.UTC(year, 0, 1)) {
      if (t >= start) ticks.push([t, String(year)]);
    }
  } else if (spanDays > 60) {
    const step = spanDays > 365 * 2 ? 6 : spanDays > 365 ? 3 : 1;
    let y = first.getUTCFullYear();
    let m = first.getUTCMonth();
    for (let t = Date.UTC(y, m, 1); t <= end; m += step, t = Date.UTC(y, m, 1)) {
      if (t >= start) ticks.push([t, new Date(t).toISOString().slice(0, 7)]);
    }
  } else {
    const step = spanDays > 20 ? 7 : spanDays > 6 ? 2 : 1;
    for (let t = toTime(first.toISOString().slice(0, 10)); t <= end; t += step * DAY_MS) {
      if (t >= start) ticks.push([t, new Date(t).toISOString().slice(5, 10)]);
    }
  }
  return ticks;
}

export function drawTimeline(events, onSelect) {
  const dated = events.filter((e) => e.date && e.date.start && e.date.precision !== "unknown");
  if (!dated.length) return null;
  const spans = dated.map((e) => {
    const start = toTime(e.date.start);
    const end = toTime(e.date.end || e.date.start) + DAY_MS; // the end date is inclusive
    return { event: e, start, end };
  });
  let lo = Math.min(...spans.map((s) => s.start));
  let hi = Math.max(...spans.map((s) => s.end));
  const pad = Math.max((hi - lo) * 0.04, 2 * DAY_MS);
  lo -= pad;
  hi += pad;
  const x = (t) => MARGIN + ((t - lo) / (hi - lo)) * (WIDTH - 2 * MARGIN);

  // Greedy lane packing by start: an event takes the first lane whose last label has ended.
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const laneEnds = [];
  for (const s of spans) {
    const label = `${s.event.type} · ${formatDate(s.event.date)}`;
    const x0 = x(s.start);
    const shapeEnd = Math.max(x(s.end), x0 + 8);
    const labelWidth = label.length * LABEL_CHAR_PX;
    // Near the right edge the label goes on the left of its mark, so it is never cut off.
    s.labelLeft = shapeEnd + 6 + labelWidth > WIDTH - 4;
    const left = s.labelLeft ? x0 - 6 - labelWidth : x0;
    const right = s.labelLeft ? shapeEnd : shapeEnd + 6 + labelWidth;
    let lane = laneEnds.findIndex((end) => end < left - 4);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = right;
    s.lane = lane;
    s.label = label;
  }
  const height = AXIS_HEIGHT + laneEnds.length * LANE_HEIGHT + 8;
  const root = svg("svg", {
    class: "timeline", viewBox: `0 0 ${WIDTH} ${height}`, role: "img",
    "aria-label": "Timeline of the story's dated events",
  });
  const axis = svg("g", { class: "axis" });
  axis.append(svg("line", { x1: MARGIN, x2: WIDTH - MARGIN, y1: AXIS_HEIGHT - 6, y2: AXIS_HEIGHT - 6 }));
  for (const [t, label] of pickTicks(lo, hi)) {
    axis.append(svg("line", { class: "tick", x1: x(t), x2: x(t), y1: AXIS_HEIGHT - 10, y2: height }));
    axis.append(svg("text", { x: x(t) + 3, y: AXIS_HEIGHT - 12, text: label }));
  }
  root.append(axis);

  for (const s of spans) {
    const y = AXIS_HEIGHT + s.lane * LANE_HEIGHT + LANE_HEIGHT / 2;
    const precision = s.event.date.precision;
    const group = svg("g", {
      class: `tl-event prec-${precision}`, tabindex: 0, role: "button", "data-event-id": s.event.id,
      "aria-label": `${s.label}: ${s.event.summary || ""}`,
    });
    group.append(svg("title", { text: `${formatDate(s.event.date)} (${precision}) — ${s.event.summary || s.event.type}` }));
    let labelX;
    if (precision === "day" && s.end - s.start <= DAY_MS) {
      const cx = x(s.start + DAY_MS / 2);
      group.append(svg("circle", { cx, cy: y, r: 6 }));
      labelX = s.labelLeft ? cx - 10 : cx + 10;
    } else {
      const x0 = x(s.start);
      const w = Math.max(x(s.end) - x0, 8);
      group.append(svg("rect", { x: x0, y: y - 7, width: w, height: 14, rx: 3 }));
      labelX = s.labelLeft ? x0 - 6 : x0 + w + 6;
    }
    group.append(svg("text", { x: labelX, y: y + 4, "text-anchor": s.labelLeft ? "end" : "start", text: s.label }));
    group.addEventListener("click", () => onSelect(s.event.id));
    group.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        onSelect(s.event.id);
      }
    });
    root.append(group);
  }
  return root;
}

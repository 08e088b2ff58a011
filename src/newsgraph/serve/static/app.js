// newsgraph's web page: client-side routes over the JSON API. Every URL (/, /stories/ID, /events/ID,
// /entities/ID) is served index.html by the server and rendered here, so reloads and shared links work.

import { el, link, clear, formatDate, badge } from "./dom.js";
import { getJson } from "./api.js";
import { drawTimeline } from "./timeline.js";
import { drawMap } from "./map.js";
import { eventPanel } from "./evidence.js";

const PAGE_SIZE = 25;
const view = () => document.getElementById("view");

function showError(error) {
  clear(view()).append(el("div", { class: "error", role: "alert" },
    el("strong", { text: error.status === 404 ? "Not found. " : "Something went wrong. " }), error.message));
}

function dateSpan(start, end) {
  if (!start && !end) return "dates unknown";
  return start === end || !end ? start : `${start} – ${end}`;
}

// -- story list ---------------------------------------------------------------------------------

async function renderStoryList(params) {
  const q = params.get("q") || "";
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  const query = new URLSearchParams({ limit: PAGE_SIZE, offset });
  if (q) query.set("q", q);
  const body = await getJson(`/api/stories?${query}`);
  const input = el("input", { type: "search", name: "q", value: q, placeholder: "Search stories by title or name",
    "aria-label": "Search stories" });
  const form = el("form", { class: "search", role: "search" }, input, el("button", { type: "submit", text: "Search" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (input.value.trim()) next.set("q", input.value.trim());
    navigate(`/${next.toString() ? `?${next}` : ""}`);
  });
  const list = el("ul", { class: "story-list" });
  for (const story of body.items) {
    list.append(el("li", { class: "story-item" },
      link(`/stories/${encodeURIComponent(story.id)}`, story.title || "(untitled story)", { class: "story-title" }),
      el("div", { class: "muted", text: `${dateSpan(story.start, story.end)} · ${story.events} events · ${story.articles.length} articles` }),
      story.entities.length ? el("div", { class: "chips" }, story.entities.map((n) => badge(n))) : null));
  }
  const pager = el("nav", { class: "pager" });
  const pageLink = (newOffset, label) => {
    const next = new URLSearchParams();
    if (q) next.set("q", q);
    if (newOffset) next.set("offset", newOffset);
    return link(`/${next.toString() ? `?${next}` : ""}`, label);
  };
  if (offset > 0) pager.append(pageLink(Math.max(0, offset - PAGE_SIZE), "← Previous"));
  if (offset + body.items.length < body.total) pager.append(pageLink(offset + PAGE_SIZE, "Next →"));
  const summary = body.total
    ? `Stories ${offset + 1}–${offset + body.items.length} of ${body.total}`
    : q ? `No story matches “${q}”.` : "No stories yet: run `newsgraph ingest` first.";
  document.title = "Stories · newsgraph";
  clear(view()).append(el("h1", { text: "Stories" }), form, el("p", { class: "muted", text: summary }), list, pager);
}

// -- story view -----------------------------------------------------------------------------------

function eventRow(event, onSelect) {
  const button = el("button", { type: "button", class: "event-row", "data-event-id": event.id },
    el("span", { class: "when", text: formatDate(event.date) }),
    el("span", { class: "type", text: event.type }),
    el("span", { class: "what", text: event.summary || event.trigger || "" }),
    el("span", { class: "muted", text: `${event.sources} src` }),
    event.conflicts.length ? badge("conflict", "warn") : null);
  button.addEventListener("click", () => onSelect(event.id));
  return el("li", {}, button);
}

async function renderStory(storyId, params) {
  const body = await getJson(`/api/stories/${encodeURIComponent(storyId)}`);
  const { story, events, articles, participants } = body;
  document.title = `${story.title || "Story"} · newsgraph`;
  const panelSlot = el("div", { id: "event-panel" });

  async function select(eventId) {
    for (const node of document.querySelectorAll("[data-event-id].selected")) node.classList.remove("selected");
    for (const node of document.querySelectorAll(`[data-event-id="${CSS.escape(eventId)}"]`)) {
      node.classList.add("selected");
    }
    const url = new URL(window.location.href);
    url.searchParams.set("event", eventId);
    history.replaceState(null, "", url);
    clear(panelSlot).append(el("p", { class: "muted", text: "Loading evidence…" }));
    try {
      const detail = await getJson(`/api/events/${encodeURIComponent(eventId)}`);
      clear(panelSlot).append(eventPanel(detail),
        el("p", {}, link(`/events/${encodeURIComponent(eventId)}`, "Open this event on its own page")));
      panelSlot.scrollIntoView({ block: "start" });
    } catch (error) {
      clear(panelSlot).append(el("div", { class: "error", text: error.message }));
    }
  }

  const undated = events.filter((e) => !e.date || e.date.precision === "unknown" || !e.date.start);
  const timeline = drawTimeline(events, select);
  const mapSlot = el("div", { class: "map-slot" }, el("p", { class: "muted", text: "Loading map…" }));
  const copies = articles.filter((a) => a.copy_of).length;

  clear(view()).append(
    el("p", {}, link("/", "← All stories")),
    el("h1", { text: story.title || "(untitled story)" }),
    el("p", { class: "muted", text: `${dateSpan(story.start, story.end)} · ${events.length} events · ${articles.length} articles (${copies} copies)` }),
    el("div", { class: "grid" },
      el("section", { class: "panel wide" }, el("h2", { text: "Timeline" }),
        timeline || el("p", { class: "muted", text: "No dated events." }),
        el("p", { class: "legend muted" }, el("span", { class: "key day" }), " day ",
          el("span", { class: "key month" }), " month ", el("span", { class: "key year" }), " year"),
        undated.length ? el("p", { class: "undated muted", text: `${undated.length} event${undated.length === 1 ? "" : "s"} with an unknown date: listed at the end of Events below.` }) : null),
      el("section", { class: "panel" }, el("h2", { text: "Map" }), mapSlot),
      el("section", { class: "panel" }, el("h2", { text: "Participants" }),
        participants.length ? el("ul", { class: "participants" }, participants.map((p) => el("li", {},
          link(`/entities/${encodeURIComponent(p.entity_id)}`, p.name), " ",
          el("span", { class: "muted", text: `${p.type} · ${p.events} event${p.events === 1 ? "" : "s"}${p.roles.length ? ` · ${p.roles.join(", ")}` : ""}` }))))
          : el("p", { class: "muted", text: "No participants found." })),
      el("section", { class: "panel wide" }, el("h2", { text: "Events" }),
        el("ul", { class: "event-list" }, events.map((e) => eventRow(e, select)))),
      el("section", { class: "panel wide" }, el("h2", { text: "Articles" }),
        el("ul", { class: "articles" }, articles.map((a) => el("li", { "data-article-id": a.id },
          el("span", { text: a.title || a.id }), " ",
          el("span", { class: "muted", text: [a.source, a.published].filter(Boolean).join(", ") }), " ",
          a.copy_of ? badge(`${a.copy_kind || "copy"} copy`, "copy") : null))))),
    panelSlot);

  drawMap(events, select).then(({ node, located }) => {
    clear(mapSlot).append(node, el("p", { class: "muted", text: located
      ? `${located} located event${located === 1 ? "" : "s"}. Basemap: Natural Earth.`
      : "No located events." }));
  }).catch((error) => {
    clear(mapSlot).append(el("p", { class: "error", text: `Map unavailable: ${error.message}` }));
  });
  const wanted = params.get("event");
  if (wanted && events.some((e) => e.id === wanted)) await select(wanted);
}

// -- event and entity views ----------------------------------------------------------------------

async function renderEvent(eventId) {
  const detail = await getJson(`/api/events/${encodeURIComponent(eventId)}`);
  const { event } = detail;
  document.title = `${event.summary || event.type} · newsgraph`;
  clear(view()).append(
    event.story_id ? el("p", {}, link(`/stories/${encodeURIComponent(event.story_id)}`, "← Its story")) : null,
    eventPanel(detail));
}

async function renderEntity(entityId, params) {
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  const body = await getJson(`/api/entities/${encodeURIComponent(entityId)}?limit=${PAGE_SIZE}&offset=${offset}`);
  const { entity, events } = body;
  document.title = `${entity.name} · newsgraph`;
  const list = el("ul", { class: "event-list" }, events.items.map((e) => el("li", {},
    link(`/events/${encodeURIComponent(e.id)}`, `${formatDate(e.date)} · ${e.type} · ${e.summary || ""}`))));
  const pager = el("nav", { class: "pager" });
  const base = `/entities/${encodeURIComponent(entityId)}`;
  if (offset > 0) pager.append(link(`${base}?offset=${Math.max(0, offset - PAGE_SIZE)}`, "← Previous"));
  if (offset + events.items.length < events.total) pager.append(link(`${base}?offset=${offset + PAGE_SIZE}`, "Next →"));
  clear(view()).append(
    el("p", {}, link("/", "← All stories")),
    el("h1", { text: entity.name }),
    el("p", { class: "muted", text: `${entity.type} · ${entity.mentions} mentions in ${entity.articles} articles` }),
    entity.aliases.length ? el("p", {}, "Also: ", entity.aliases.join(", ")) : null,
    el("h2", { text: `Events (${events.total})` }),
    events.total ? list : el("p", { class: "muted", text: "No events name this entity." }),
    pager);
}

// -- routing --------------------------------------------------------------------------------------

const ROUTES = [
  [/^\/$/, (m, params) => renderStoryList(params)],
  [/^\/stories\/([^/]+)$/, (m, params) => renderStory(decodeURIComponent(m[1]), params)],
  [/^\/events\/([^/]+)$/, (m) => renderEvent(decodeURIComponent(m[1]))],
  [/^\/entities\/([^/]+)$/, (m, params) => renderEntity(decodeURIComponent(m[1]), params)],
];

async function render() {
  const { pathname, search } = window.location;
  const params = new URLSearchParams(search);
  for (const [pattern, handler] of ROUTES) {
    const match = pathname.match(pattern);
    if (match) {
      try {
        await handler(match, params);
      } catch (error) {
        showError(error);
      }
      document.body.dataset.ready = "true";
      return;
    }
  }
  showError({ status: 404, message: `No page at ${pathname}.` });
}

export function navigate(url) {
  history.pushState(null, "", url);
  document.body.dataset.ready = "false";
  window.scrollTo(0, 0);
  render();
}

document.addEventListener("click", (ev) => {
  const anchor = ev.target.closest && ev.target.closest("a[data-link]");
  if (!anchor || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", render);
render();

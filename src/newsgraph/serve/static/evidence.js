// One event's evidence: every sentence that reports it, highlighted inside its article's text,
// with copies marked and conflicting values shown side by side.

import { el, link, badge, formatDate } from "./dom.js";
import { getArticle } from "./api.js";

function articleLabel(header) {
  if (!header) return "unknown article";
  return [header.source, header.published].filter(Boolean).join(", ") || header.id;
}

export function eventFacts(event) {
  const facts = el("dl", { class: "facts" });
  const add = (name, value) => {
    if (value === null || value === undefined || value === "") return;
    facts.append(el("dt", { text: name }), el("dd", {}, value));
  };
  add("Type", event.mode ? `${event.type} (${event.mode})` : event.type);
  add("Date", `${formatDate(event.date)}${event.date.text ? ` — “${event.date.text}”` : ""}`);
  if (event.location) {
    const where = [event.location.name, event.location.admin1, event.location.country].filter(Boolean);
    add("Place", `${where.join(", ")} (${event.location.precision})`);
  }
  add("Modality", event.modality);
  add("Fatalities", event.fatalities === null ? null : String(event.fatalities));
  add("Sources", `${event.sources} article(s), ${event.independent_sources} independent`);
  if (event.participants.length) {
    add("Participants", event.participants.map((p, i) => [
      i ? ", " : "", link(`/entities/${encodeURIComponent(p.entity_id)}`, p.name), ` (${p.role})`,
    ]));
  }
  return facts;
}

export function conflictTable(event, headers) {
  if (!event.conflicts.length) return null;
  const box = el("section", { class: "conflicts" }, el("h3", { text: "Sources disagree" }));
  for (const conflict of event.conflicts) {
    const columns = el("div", { class: "conflict-columns" });
    conflict.values.forEach((value, i) => {
      const articleId = conflict.article_ids[i];
      columns.append(el("div", { class: "conflict-value" },
        el("div", { class: "value", text: value }),
        el("div", { class: "muted", text: articleId ? articleLabel(headers.get(articleId)) : "" })));
    });
    box.append(el("div", { class: "conflict" }, el("h4", { text: conflict.field }), columns));
  }
  return box;
}

function highlightedText(text, mention) {
  // before | sentence (trigger in bold) | after; every part is a text node
  const box = el("div", { class: "article-text", tabindex: 0 });
  const mark = el("mark", { class: "evidence" });
  const sentence = text.slice(mention.start, mention.end);
  const ts = mention.trigger_start;
  const te = mention.trigger_end;
  if (typeof ts === "number" && typeof te === "number" && ts >= mention.start && te <= mention.end && ts < te) {
    mark.append(text.slice(mention.start, ts), el("strong", { text: text.slice(ts, te) }), text.slice(te, mention.end));
  } else {
    mark.append(sentence);
  }
  box.append(text.slice(0, mention.start), mark, text.slice(mention.end));
  return { box, mark };
}

function copyNote(header, headers) {
  if (!header || !header.copy_of) return null;
  const original = headers.get(header.copy_of);
  return badge(`${header.copy_kind || "copy"} copy of ${original ? articleLabel(original) : header.copy_of}`, "copy");
}

export function evidenceList(event, headers) {
  const list = el("ol", { class: "evidence-list" });
  for (const mention of event.mentions) {
    const header = headers.get(mention.article_id);
    const item = el("li", { class: "mention", "data-article-id": mention.article_id });
    item.append(el("div", { class: "mention-head" },
      el("strong", { text: articleLabel(header) }),
      header && header.title ? el("span", { class: "article-title", text: ` — ${header.title}` }) : null,
      " ", copyNote(header, headers)));
    item.append(el("blockquote", { class: "sentence", text: mention.sentence }));
    const textSlot = el("div", { class: "muted", text: "Loading article…" });
    item.append(textSlot);
    list.append(item);
    getArticle(mention.article_id).then((detail) => {
      const { box, mark } = highlightedText(detail.article.text, mention);
      textSlot.replaceWith(box);
      // scroll the article box (not the page) so the marked sentence shows
      box.scrollTop = Math.max(0, mark.offsetTop - 40); // the box is position: relative
    }).catch((error) => {
      textSlot.textContent = `Article unavailable: ${error.message}`;
    });
  }
  return list;
}

export function eventPanel(detail) {
  const { event, articles } = detail;
  const headers = new Map(articles.map((a) => [a.id, a]));
  return el("section", { class: "event-panel", "data-event-id": event.id },
    el("h2", { text: event.summary || event.type }),
    eventFacts(event),
    conflictTable(event, headers),
    el("h3", { text: `Evidence (${event.mentions.length} sentence${event.mentions.length === 1 ? "" : "s"})` }),
    evidenceList(event, headers));
}

// Building the DOM safely: every piece of data goes in through textContent or an attribute,
// never through innerHTML, because article text and titles are untrusted.

const SVG_NS = "http://www.w3.org/2000/svg";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "class") node.setAttribute("class", value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function link(href, label, attrs = {}) {
  return el("a", { href, "data-link": "", ...attrs }, label);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function formatDate(date) {
  if (!date || date.precision === "unknown" || !date.start) return "date unknown";
  if (date.precision === "year") return date.start.slice(0, 4);
  if (date.precision === "month") return date.start.slice(0, 7);
  if (date.end && date.end !== date.start) return `${date.start} – ${date.end}`;
  return date.start;
}

export function badge(text, kind = "") {
  return el("span", { class: `badge ${kind}`.trim(), text });
}

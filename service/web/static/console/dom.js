// Building DOM nodes. Text from the API only ever goes in as text nodes, never parsed as markup.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return node;
}

const statusRegion = () => document.getElementById("status");

// Say something in the polite live region; kind "error" also styles it as an alert.
export function announce(message, kind = "info") {
  const region = statusRegion();
  region.textContent = message;
  region.className = `status ${kind}`;
}

export function problemText(response) {
  const body = response.body || {};
  return body.detail || body.title || `HTTP ${response.status}`;
}

const SCRIPTS = ["Latin", "Arabic", "Cyrillic"];
const SCRIPT_PATTERNS = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, "gu")]);

// The script most of a name's letters are written in: "Владимир Путин" -> "Cyrillic".
export function scriptOf(name) {
  let best = "Other";
  let most = 0;
  for (const [script, pattern] of SCRIPT_PATTERNS) {
    const count = (name.match(pattern) || []).length;
    if (count > most) [best, most] = [script, count];
  }
  return best;
}

export const SCRIPT_ORDER = [...SCRIPTS, "Other"];

export function formatScore(score) {
  return typeof score === "number" ? score.toFixed(3) : "–";
}

export function entityLink(entityId, label) {
  return h("a", { href: `#/entity/${encodeURIComponent(entityId)}` }, label ?? entityId);
}

export const ENTITY_TYPES = ["person", "organization", "place", "event", "other"];

export function typeSelect(id, selected) {
  return h("select", { id, name: "type" },
    ENTITY_TYPES.map((t) => h("option", { value: t, selected: t === selected }, t)));
}

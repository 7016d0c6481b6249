// Try it: resolve a name as a caller would and show why each candidate scored as it did.
import { api } from "./api.js";
import { entityLink, formatScore, h, problemText, ENTITY_TYPES } from "./dom.js";

export async function renderTry(view) {
  const name = h("input", { id: "try-name", required: true, dir: "auto", "data-autofocus": true,
    autocomplete: "off" });
  const type = h("select", { id: "try-type" }, h("option", { value: "" }, "any"),
    ENTITY_TYPES.map((t) => h("option", { value: t }, t)));
  const out = h("div", { id: "try-result", "aria-live": "polite" });
  const submit = async (event) => {
    event.preventDefault();
    const body = { name: name.value.trim(), explain: true, record: false };
    if (type.value) body.type = type.value;
    out.setAttribute("aria-busy", "true");
    const answer = await api("POST", "/resolve", { body });
    out.replaceChildren(answer.ok ? result(answer.body)
      : h("p", { role: "alert" }, `Could not resolve: ${problemText(answer)}`));
    out.setAttribute("aria-busy", "false");
  };
  view.append(h("h1", {}, "Try it"),
    h("p", { class: "hint" }, "Resolves exactly as POST /resolve does for callers; your own look-ups are not counted in the review queue."),
    h("form", { class: "row", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "try-name" }, "Name"), name),
      h("div", { class: "field" }, h("label", { for: "try-type" }, "Type"), type),
      h("button", { type: "submit", class: "primary" }, "Resolve")),
    out);
  return null;
}

function result(body) {
  const status = h("p", { id: "try-status" }, "Status: ",
    h("span", { class: `badge ${body.status}` }, body.status.replace("_", " ")),
    body.match ? h("span", {}, " → ", entityLink(body.match.id, `${body.match.name} (${body.match.id})`)) : null,
    h("span", { class: "hint" }, ` · normalised “${body.query.normalized}”`));
  if (!body.candidates.length) return h("div", {}, status, h("p", {}, "No candidates."));
  return h("div", {}, status, h("ol", { class: "results" }, body.candidates.map((c) => h("li", {},
    entityLink(c.id, c.name), ` ${c.id} · ${c.type} · score `, h("strong", {}, formatScore(c.score)),
    ` via “${c.matched_alias}”`, c.not_same ? h("strong", {}, " · judged not the same") : null,
    c.explanation ? h("details", {}, h("summary", {}, `Why ${formatScore(c.score)}?`), explain(c.explanation))
      : null))));
}

// Any explanation the engine gives, drawn generically: objects as key/value lists, lists of
// objects as tables, the rest as text. New engine fields show up without a console change.
function explain(value) {
  if (Array.isArray(value)) {
    if (!value.length) return h("span", { class: "hint" }, "none");
    if (value.every((v) => v && typeof v === "object" && !Array.isArray(v))) {
      const keys = [...new Set(value.flatMap(Object.keys))];
      return h("table", {}, h("thead", {}, h("tr", {}, keys.map((k) => h("th", { scope: "col" }, k)))),
        h("tbody", {}, value.map((row) => h("tr", {}, keys.map((k) => h("td", {}, scalar(row[k])))))));
    }
    return h("span", {}, value.map(scalar).join(", "));
  }
  if (value && typeof value === "object") {
    return h("dl", { class: "kv" }, Object.entries(value).flatMap(([k, v]) =>
      [h("dt", {}, k), h("dd", { dir: "auto" }, typeof v === "object" && v !== null ? explain(v) : scalar(v))]));
  }
  return h("span", {}, scalar(value));
}

function scalar(value) {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  if (value === null || value === undefined) return "–";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// The review queue: names /resolve could not settle, most asked first, with candidates.
import { api, session } from "./api.js";
import { announce, entityLink, formatScore, h, problemText } from "./dom.js";

const PER_PAGE = 20;
const CLICKABLE = new Set(["radio", "checkbox", "button", "submit"]);
const isTyping = (node) => ["TEXTAREA", "SELECT"].includes(node.tagName)
  || (node.tagName === "INPUT" && !CLICKABLE.has(node.type));

export async function renderReview(view, arg) {
  const page = Math.max(1, Number(arg) || 1);
  view.append(h("h1", {}, "Review queue"), h("p", { class: "hint" },
    "Names callers asked for that came back ambiguous or unmatched, most asked first. Keys: ",
    h("kbd", {}, "j"), "/", h("kbd", {}, "k"), " move, ", h("kbd", {}, "1"), "–",
    h("kbd", {}, "3"), " pick a candidate, ", h("kbd", {}, "a"), " accept, ",
    h("kbd", {}, "r"), " reject, ", h("kbd", {}, "d"), " dismiss."));
  if (!session.canWrite) {  // what callers asked for is curation data: the API needs a key
    view.append(h("p", { class: "hint" },
      "Read-only: sign in to act. The queue lists what callers asked for, so only a curator key shows it."));
    return null;
  }
  const listed = await api("GET", `/review?order=count&page=${page}&per_page=${PER_PAGE}`);
  if (!listed.ok) {
    view.append(h("p", { role: "alert" }, `Could not load the queue: ${problemText(listed)}`));
    return null;
  }
  const { items, total } = listed.body;
  const summary = h("p", { id: "queue-summary" }, `${total} open name${total === 1 ? "" : "s"}.`);
  view.append(summary);
  if (!items.length) {
    view.append(h("p", {}, "Nothing to review."));
    return null;
  }
  const candidates = await candidatesFor(items);
  const list = h("ol", { class: "queue", "aria-labelledby": "queue-summary" },
    items.map((item, i) => reviewRow(item, candidates[i], i === 0)));
  view.append(list, pager(page, total));
  const onKey = (event) => handleKey(event, list);
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}

// The best three candidates for every row in one round trip (the same engine as /resolve).
async function candidatesFor(items) {
  const queries = items.map((item) => ({ name: item.name, limit: 3, record: false }));
  const answer = await api("POST", "/resolve/batch", { body: { queries } });
  if (!answer.ok) return items.map(() => null);
  return answer.body.results.map((result) => result.candidates);
}

function reviewRow(item, candidates, first) {
  const row = h("li", { tabindex: "0", dataset: { itemId: item.id }, "data-autofocus": first,
    "aria-label": `${item.name}, asked ${item.count} times` });
  const choices = h("fieldset", { class: "candidates" },
    h("legend", { class: "hint" }, candidates === null ? "Candidates unavailable"
      : candidates.length ? "Candidates" : "No candidates: search for the entity and add it as an alias"),
    (candidates || []).map((candidate, i) => candidateChoice(item, candidate, i)));
  const button = (label, key, action, extra = {}) => h("button", {
    type: "button", disabled: !session.canWrite || extra.disabled, "aria-keyshortcuts": key,
    class: extra.class, onclick: () => act(row, item, action),
  }, label, " ", h("kbd", { "aria-hidden": "true" }, key));
  row.append(
    h("div", {},
      h("span", { class: "name", dir: "auto" }, item.name), " ",
      h("span", { class: `badge ${item.last_status}` }, item.last_status.replace("_", " ")),
      h("div", { class: "hint" }, `asked ${item.count}× · last ${item.last_seen.slice(0, 16)}`)),
    h("div", { class: "actions" },
      button("Accept", "a", "accept", { class: "primary", disabled: !candidates?.length }),
      button("Reject", "r", "reject", { disabled: !candidates?.length }),
      button("Dismiss", "d", "dismiss")),
    choices);
  return row;
}

function candidateChoice(item, candidate, index) {
  const id = `c-${item.id}-${index}`;
  return h("div", { class: "choice" },
    h("input", { type: "radio", id, name: `pick-${item.id}`, value: candidate.id,
      checked: index === 0 }), " ",
    h("label", { for: id }, `${candidate.name} `, h("span", { class: "muted" },
      `(${candidate.type}) score ${formatScore(candidate.score)} via “${candidate.matched_alias}”`)),
    " ", entityLink(candidate.id));
}

async function act(row, item, action) {
  const picked = row.querySelector("input[type=radio]:checked")?.value;
  const body = action === "dismiss" ? undefined : picked ? { entity_id: picked } : {};
  if (action === "accept" && !picked) return announce("Pick a candidate to accept.", "error");
  const answer = await api("POST", `/review/${item.id}/${action}`, { body });
  if (!answer.ok) return announce(`Could not ${action} “${item.name}”: ${problemText(answer)}`, "error");
  const done = { accept: `Accepted “${item.name}” as an alias of ${picked}.`,
    reject: `Recorded “${item.name}” is not ${picked || "the suggested entity"}.`,
    dismiss: `Dismissed “${item.name}”.` }[action];
  announce(done, "ok");
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  if (next) next.focus();
  else document.querySelector(".queue")?.replaceWith(h("p", {}, "Nothing more on this page."));
}

function handleKey(event, list) {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  const rows = [...list.children];
  const row = document.activeElement?.closest(".queue > li");
  const at = rows.indexOf(row);
  const key = event.key;
  if (key === "j" || key === "k") {
    const target = rows[Math.min(rows.length - 1, Math.max(0, at + (key === "j" ? 1 : -1)))];
    target?.focus();
  } else if (row && ["1", "2", "3"].includes(key)) {
    const radio = row.querySelectorAll("input[type=radio]")[Number(key) - 1];
    if (radio) radio.checked = true;
  } else if (row && session.canWrite && { a: 1, r: 1, d: 1 }[key]) {
    row.querySelector(`button[aria-keyshortcuts="${key}"]:not(:disabled)`)?.click();
  } else {
    return;
  }
  event.preventDefault();
}

function pager(page, total) {
  const last = Math.max(1, Math.ceil(total / PER_PAGE));
  return h("nav", { "aria-label": "Queue pages", class: "row" },
    page > 1 ? h("a", { href: `#/review/${page - 1}` }, "← Previous") : null,
    h("span", {}, `Page ${page} of ${last}`),
    page < last ? h("a", { href: `#/review/${page + 1}` }, "Next →") : null);
}

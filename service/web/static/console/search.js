// Search as you type: /reconcile/suggest/entity (prefix of any alias word, then fuzzy),
// falling back to /entities?q= (substring) if suggest is unavailable.
import { api } from "./api.js";
import { announce, entityLink, h, problemText } from "./dom.js";

const DEBOUNCE_MS = 120;

export async function renderSearch(view) {
  const input = h("input", { id: "search", type: "search", autocomplete: "off",
    "aria-describedby": "search-hint", "aria-controls": "search-results", "data-autofocus": true });
  const results = h("ul", { id: "search-results", class: "results", "aria-label": "Results" });
  const count = h("p", { class: "hint", id: "search-count", "aria-live": "polite" });
  view.append(h("h1", {}, "Search entities"),
    h("div", { class: "field" }, h("label", { for: "search" }, "Name, in any script"), input,
      h("span", { id: "search-hint", class: "hint" }, "Matches the start of any alias word, then close spellings.")),
    count, results);
  let timer = null;
  let inflight = null;
  const run = async () => {
    if (inflight) inflight.abort();
    inflight = new AbortController();
    const prefix = input.value.trim();
    if (!prefix) { results.replaceChildren(); count.textContent = ""; return; }
    try {
      const found = await suggest(prefix, inflight.signal);
      results.replaceChildren(...found.map(resultItem));
      count.textContent = found.length ? `${found.length} shown for “${prefix}”` : `Nothing found for “${prefix}”.`;
      results.dataset.prefix = prefix;
    } catch (error) {
      if (error.name !== "AbortError") announce(`Search failed: ${error.message}`, "error");
    }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, DEBOUNCE_MS); });
  return () => { clearTimeout(timer); if (inflight) inflight.abort(); };
}

async function suggest(prefix, signal) {
  const query = encodeURIComponent(prefix);
  const answer = await api("GET", `/reconcile/suggest/entity?prefix=${query}&limit=15`, { signal });
  if (answer.ok) return answer.body.result;
  const listed = await api("GET", `/entities?q=${query}&per_page=15`, { signal });
  if (!listed.ok) throw new Error(problemText(listed));
  return listed.body.items.map((e) => ({ id: e.id, name: e.name, description: e.type }));
}

function resultItem(result) {
  return h("li", {}, entityLink(result.id, result.name), " ",
    h("span", { class: "muted" }, result.id),
    result.description ? h("div", { class: "hint", dir: "auto" }, result.description) : null);
}

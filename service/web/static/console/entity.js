// The entity page: names by script, external IDs, history, and editing with If-Match.
// A stale write (412) never overwrites: the page reloads the other curator's version and
// shows it beside the edit, which the curator can then re-apply on top on purpose.
import { api, session } from "./api.js";
import {
  announce, entityLink, h, problemText, SCRIPT_ORDER, scriptOf, typeSelect,
} from "./dom.js";
import { mergeSection, splitSection } from "./lifecycle.js";

export async function renderEntity(view, entityId) {
  const page = { view, requested: entityId };
  await load(page);
  return null;
}

// Fetch and draw; ``extra`` goes above the page (a conflict or a notice).
export async function load(page, extra = null) {
  const answer = await api("GET", `/entities/${encodeURIComponent(page.requested)}`);
  if (!answer.ok) {
    const text = answer.status === 410 ? `${page.requested} was deleted; its ID is never reused.`
      : answer.status === 404 ? `There is no entity ${page.requested}.`
      : `Could not load ${page.requested}: ${problemText(answer)}`;
    page.view.replaceChildren(h("h1", {}, page.requested), h("p", { role: "alert" }, text));
    return null;
  }
  page.entity = answer.body;
  page.version = answer.version ?? answer.body.version;
  const history = await api("GET", `/entities/${encodeURIComponent(page.entity.id)}/history`);
  page.view.replaceChildren(...draw(page, history.ok ? history.body.changes : null, extra).filter(Boolean));
  return page.entity;
}

function draw(page, changes, extra) {
  const e = page.entity;
  const moved = e.id !== page.requested;
  return [
    moved ? h("div", { class: "panel notice", role: "note", id: "merged-notice" },
      h("strong", {}, `${page.requested} was merged into ${e.id}. `),
      "Its ID now redirects to ", entityLink(e.id, `${e.name} (${e.id})`), ", shown below.") : null,
    extra,
    h("h1", { dir: "auto" }, e.name),
    h("p", { class: "hint", id: "entity-meta" },
      `${e.id} · ${e.type} · version ${page.version} · last changed by ${e.updated_by} at ${e.updated_at.slice(0, 19)}`),
    namesSection(page),
    countriesSection(e),
    externalSection(e),
    session.canWrite ? editSection(page) : h("p", { class: "hint" }, "Read-only: sign in to edit."),
    session.canWrite ? aliasSection(page) : null,
    session.canWrite ? mergeSection(page) : null,
    session.canWrite ? splitSection(page) : null,
    historySection(e, changes),
  ];
}

function namesSection(page) {
  const groups = new Map(SCRIPT_ORDER.map((s) => [s, []]));
  for (const alias of page.entity.aliases) groups.get(scriptOf(alias.name)).push(alias);
  const columns = [...groups].filter(([, aliases]) => aliases.length).map(([script, aliases]) =>
    h("section", { class: "panel", "aria-labelledby": `script-${script}` },
      h("h3", { id: `script-${script}` }, `${script} (${aliases.length})`),
      h("ul", { class: "aliases" }, aliases.map((a) => aliasItem(page, a)))));
  return h("section", { "aria-labelledby": "names-h" }, h("h2", { id: "names-h" }, "Names"),
    columns.length ? h("div", { class: "columns" }, columns) : h("p", {}, "No aliases."));
}

function aliasItem(page, alias) {
  const pick = `split-${alias.id}`;
  return h("li", { dataset: { aliasId: alias.id } },
    session.canWrite ? h("input", { type: "checkbox", id: pick, class: "split-pick", value: alias.id,
      "aria-label": `Select “${alias.name}” to split off` }) : null,
    h("span", { dir: "auto", lang: alias.lang || null }, alias.name),
    alias.lang ? h("span", { class: "lang" }, alias.lang) : null,
    alias.shared ? h("span", { class: "lang" }, "shared") : null,
    session.canWrite ? h("button", { type: "button", class: "danger",
      "aria-label": `Remove alias “${alias.name}”`,
      onclick: () => removeAlias(page, alias) }, "Remove") : null);
}

// Countries tell namesakes apart when a query names one (ISO 3166-1 alpha-2 codes).
function countriesSection(entity) {
  const codes = entity.countries || [];
  return h("section", { "aria-labelledby": "countries-h" }, h("h2", { id: "countries-h" }, "Countries"),
    codes.length ? h("ul", { class: "aliases", id: "entity-countries" }, codes.map((c) => h("li", {}, c)))
      : h("p", { class: "hint", id: "entity-countries" }, "None: the entity is neutral to a query's country."));
}

const formatCountries = (codes) => (codes || []).join(" ");
// "lb, SY sy" -> ["LB", "SY"]: the server validates and sorts; this only splits.
const parseCountries = (text) => [...new Set(text.split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase()))];

function externalSection(entity) {
  const pairs = Object.entries(entity.external_ids);
  return h("section", { "aria-labelledby": "ext-h" }, h("h2", { id: "ext-h" }, "External IDs"),
    pairs.length ? h("dl", { class: "kv" }, pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))
      : h("p", { class: "hint" }, "None."));
}

const formatIds = (ids) => Object.entries(ids).map(([k, v]) => `${k}=${v}`).join("\n");

function parseIds(text) {
  const ids = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const at = line.search(/[=:]/);
    if (at < 1) throw new Error(`“${line}” is not scheme=value`);
    ids[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return ids;
}

function editSection(page, draft = null) {
  const e = page.entity;
  const values = draft
    || { name: e.name, type: e.type, external_ids: e.external_ids, countries: e.countries || [] };
  const name = h("input", { id: "edit-name", value: values.name, required: true, dir: "auto" });
  const type = typeSelect("edit-type", values.type);
  const ids = h("textarea", { id: "edit-ids", rows: 3, "aria-describedby": "edit-ids-hint" },
    formatIds(values.external_ids));
  const countries = h("input", { id: "edit-countries", value: formatCountries(values.countries),
    "aria-describedby": "edit-countries-hint" });
  const submit = async (event) => {
    event.preventDefault();
    let wanted;
    try {
      wanted = { name: name.value.trim(), type: type.value, external_ids: parseIds(ids.value),
        countries: parseCountries(countries.value) };
    } catch (error) { return announce(error.message, "error"); }
    await saveEdit(page, wanted);
  };
  return h("section", { "aria-labelledby": "edit-h" }, h("h2", { id: "edit-h" }, "Edit"),
    h("form", { id: "edit-form", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "edit-name" }, "Canonical name"), name),
      h("div", { class: "field" }, h("label", { for: "edit-type" }, "Type"), type),
      h("div", { class: "field" }, h("label", { for: "edit-ids" }, "External IDs"), ids,
        h("span", { id: "edit-ids-hint", class: "hint" }, "One per line: scheme=value, e.g. wikidata=Q7747")),
      h("div", { class: "field" }, h("label", { for: "edit-countries" }, "Countries"), countries,
        h("span", { id: "edit-countries-hint", class: "hint" },
          "ISO 3166-1 alpha-2 codes, separated by spaces, e.g. LB SY; empty: none")),
      h("button", { type: "submit", class: "primary" }, "Save changes")));
}

// The fields of ``wanted`` that differ from ``base``: what the curator actually changed.
function changes(base, wanted) {
  const patch = {};
  if (wanted.name !== base.name) patch.name = wanted.name;
  if (wanted.type !== base.type) patch.type = wanted.type;
  if (formatIds(wanted.external_ids) !== formatIds(base.external_ids)) patch.external_ids = wanted.external_ids;
  if (wanted.countries && formatCountries([...wanted.countries].sort()) !== formatCountries(base.countries)) {
    patch.countries = wanted.countries;
  }
  return patch;
}

// Send only what changed against the version on screen, with that version as If-Match.
async function saveEdit(page, wanted) {
  const base = page.entity;
  const patch = changes(base, wanted);
  if (!Object.keys(patch).length) return announce("Nothing to save.");
  const answer = await api("PATCH", `/entities/${base.id}`, { body: patch, version: page.version });
  if (answer.status === 412) return showConflict(page, base, patch);
  if (!answer.ok) return announce(`Not saved: ${problemText(answer)}`, "error");
  page.requested = base.id;
  await load(page);
  announce(`Saved ${base.id}; now version ${page.version}.`, "ok");
}

// Show the current version beside the curator's change; "on top" re-applies only the fields
// the curator changed, so the other curator's other fields survive.
async function showConflict(page, mine, patch) {
  const panel = h("div", { class: "panel conflict", id: "conflict", tabindex: "-1" });
  const theirs = await load(page, panel);
  if (!theirs) return;
  const draft = { name: theirs.name, type: theirs.type, external_ids: theirs.external_ids,
    countries: theirs.countries || [], ...patch };
  const row = (label, key, show = (v) => v) => h("tr", {}, h("th", { scope: "row" }, label),
    h("td", { dir: "auto" }, show(mine[key])), h("td", { dir: "auto" }, show(theirs[key])),
    h("td", { dir: "auto" }, key in patch ? show(patch[key]) : h("span", { class: "hint" }, "(not changed)")));
  panel.append(
    h("h2", {}, "Not saved: someone else changed this entity first"),
    h("p", {}, `${theirs.updated_by} saved version ${page.version} at ${theirs.updated_at.slice(0, 19)} `
      + "while you were editing. Nothing was overwritten. Compare, then apply your change on top "
      + "(only the fields you changed) or discard it."),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Field"), h("th", {}, "You started from"),
      h("th", {}, "Theirs (current)"), h("th", {}, "Your change"))),
    h("tbody", {}, row("Name", "name"), row("Type", "type"),
      row("External IDs", "external_ids", formatIds), row("Countries", "countries", formatCountries))),
    h("div", { class: "row" },
      h("button", { type: "button", class: "primary", onclick: () => saveEdit(page, draft) },
        "Apply my edit on top"),
      h("button", { type: "button", onclick: () => load(page).then(() => announce("Your edit was discarded.")) },
        "Discard my edit")));
  page.view.querySelector("#edit-form")?.closest("section").replaceWith(editSection(page, draft));
  announce(`Conflict: ${theirs.updated_by} changed ${theirs.id} first; your edit was not saved.`, "error");
  panel.focus();
}

// After a 412 on an alias or lifecycle write: show the current state and say so.
export async function reloadStale(page, what) {
  await load(page);
  announce(`Not ${what}: ${page.entity.id} changed since you loaded it (now version ${page.version} `
    + `by ${page.entity.updated_by}). The page shows the current state; check and try again.`, "error");
}

function aliasSection(page) {
  const name = h("input", { id: "alias-name", required: true, dir: "auto" });
  const lang = h("input", { id: "alias-lang", size: 6, placeholder: "e.g. ar" });
  const submit = async (event) => {
    event.preventDefault();
    const body = { name: name.value.trim() };
    if (lang.value.trim()) body.lang = lang.value.trim();
    const answer = await api("POST", `/entities/${page.entity.id}/aliases`, { body, version: page.version });
    if (answer.status === 412) return reloadStale(page, "added");
    if (!answer.ok) return announce(`Alias not added: ${problemText(answer)}`, "error");
    await load(page);
    announce(`Added alias “${body.name}”.`, "ok");
    page.view.querySelector("#alias-name")?.focus();
  };
  return h("section", { "aria-labelledby": "alias-h" }, h("h2", { id: "alias-h" }, "Add an alias"),
    h("form", { class: "row", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "alias-name" }, "Name"), name),
      h("div", { class: "field" }, h("label", { for: "alias-lang" }, "Language (optional)"), lang),
      h("button", { type: "submit" }, "Add alias")));
}

async function removeAlias(page, alias) {
  const path = `/entities/${page.entity.id}/aliases/${alias.id}`;
  const answer = await api("DELETE", path, { version: page.version });
  if (answer.status === 412) return reloadStale(page, "removed");
  if (!answer.ok) return announce(`Alias not removed: ${problemText(answer)}`, "error");
  await load(page);
  announce(`Removed alias “${alias.name}”.`, "ok");
}

function historySection(entity, changes) {
  const body = changes === null ? h("p", { class: "hint" }, "History unavailable.")
    : h("ol", { class: "history", reversed: true },
      [...changes].reverse().map((c) => h("li", {},
        h("strong", {}, c.kind), ` by ${c.actor} at ${c.at.slice(0, 19)}`,
        c.entity_id && c.entity_id !== entity.id ? h("span", {}, " on ", entityLink(c.entity_id)) : null,
        h("div", { class: "hint" }, describe(c)))));
  return h("section", { "aria-labelledby": "hist-h" }, h("h2", { id: "hist-h" }, "History"), body);
}

// "name: A → B; + X, Y; − Z" from a change's before/after snapshots; each name isolated
// (<bdi>) so an Arabic one does not turn the line right-to-left.
function describe(change) {
  const before = change.before || {};
  const after = change.after || {};
  const parts = [];
  const names = (list) => list.flatMap((n, i) => [i ? ", " : "", h("bdi", {}, n)]);
  for (const key of ["name", "type", "status"]) {
    if (before[key] !== after[key] && after[key] !== undefined && change.before) {
      parts.push([`${key}: `, h("bdi", {}, before[key] ?? "–"), " → ", h("bdi", {}, after[key])]);
    }
  }
  if (JSON.stringify(before.external_ids || {}) !== JSON.stringify(after.external_ids || {})) {
    parts.push([`external IDs: ${formatIds(after.external_ids || {}).replaceAll("\n", ", ") || "none"}`]);
  }
  if (change.before && formatCountries(before.countries) !== formatCountries(after.countries)
      && after.countries !== undefined) {
    parts.push([`countries: ${formatCountries(before.countries) || "none"} → ${formatCountries(after.countries) || "none"}`]);
  }
  const aliasNames = (snap) => new Set((snap.aliases || []).map((a) => a.name));
  const [was, now] = [aliasNames(before), aliasNames(after)];
  const added = [...now].filter((n) => !was.has(n));
  const removed = [...was].filter((n) => !now.has(n));
  if (added.length) parts.push(["+ ", ...names(added)]);
  if (removed.length && change.after) parts.push(["− ", ...names(removed)]);
  if (after.merged_into) parts.push([`merged into ${after.merged_into}`]);
  return parts.flatMap((part, i) => (i ? ["; ", ...part] : part));
}

// Merge and split, each previewed (what moves where) and confirmed before the write.
import { api } from "./api.js";
import { announce, entityLink, h, problemText, typeSelect } from "./dom.js";
import { load, reloadStale } from "./entity.js";

export function mergeSection(page) {
  const ids = h("input", { id: "merge-ids", "aria-describedby": "merge-hint", placeholder: "E000031" });
  const preview = h("div", { id: "merge-preview", "aria-live": "polite" });
  const submit = async (event) => {
    event.preventDefault();
    const wanted = [...new Set(ids.value.split(/[\s,]+/).filter(Boolean))];
    if (!wanted.length) return announce("Give the IDs to merge into this entity.", "error");
    const absorbed = [];
    for (const id of wanted) {
      const answer = await api("GET", `/entities/${encodeURIComponent(id)}`);
      if (!answer.ok || answer.redirected) {
        const why = answer.redirected ? "it was already merged elsewhere" : problemText(answer);
        return announce(`Cannot merge ${id}: ${why}.`, "error");
      }
      if (answer.body.id === page.entity.id) return announce("An entity cannot absorb itself.", "error");
      absorbed.push(answer.body);
    }
    preview.replaceChildren(mergePreview(page, absorbed));
    preview.querySelector("button.primary").focus();
  };
  return h("section", { "aria-labelledby": "merge-h" }, h("h2", { id: "merge-h" }, "Merge into this entity"),
    h("form", { class: "row", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "merge-ids" }, "IDs to absorb"), ids,
        h("span", { id: "merge-hint", class: "hint" }, "Comma-separated; each ID will redirect here.")),
      h("button", { type: "submit" }, "Preview merge")),
    preview);
}

function mergePreview(page, absorbed) {
  const survivor = page.entity;
  const moving = absorbed.reduce((n, e) => n + e.aliases.length + 1, 0);
  return h("div", { class: "panel", role: "group", "aria-labelledby": "merge-preview-h" },
    h("h3", { id: "merge-preview-h" }, `Merge ${absorbed.length} into ${survivor.name} (${survivor.id})?`),
    h("ul", {}, absorbed.map((e) => h("li", {}, entityLink(e.id, `${e.name} (${e.id}, ${e.type})`),
      `: ${e.aliases.length} alias${e.aliases.length === 1 ? "" : "es"} move`,
      e.aliases.length ? h("span", { dir: "auto" }, ` (${e.aliases.map((a) => a.name).join(", ")})`) : null,
      Object.keys(e.external_ids).length ? `; external IDs ${JSON.stringify(e.external_ids)}` : null))),
    h("p", {}, `${survivor.id} keeps its name and ID and gains up to ${moving} names; `
      + "the absorbed IDs answer with a redirect to it from now on."),
    h("div", { class: "row" },
      h("button", { type: "button", class: "primary", onclick: () => merge(page, absorbed) }, "Confirm merge"),
      h("button", { type: "button", onclick: (ev) => ev.target.closest(".panel").remove() }, "Cancel")));
}

async function merge(page, absorbed) {
  const body = { from: absorbed.map((e) => e.id) };
  const answer = await api("POST", `/entities/${page.entity.id}/merge`, { body, version: page.version });
  if (answer.status === 412) return reloadStale(page, "merged");
  if (!answer.ok) return announce(`Not merged: ${problemText(answer)}`, "error");
  await load(page);
  announce(`Merged ${body.from.join(", ")} into ${page.entity.id}.`, "ok");
}

export function splitSection(page) {
  const name = h("input", { id: "split-name", dir: "auto" });
  const type = typeSelect("split-type", page.entity.type);
  const preview = h("div", { id: "split-preview", "aria-live": "polite" });
  const submit = (event) => {
    event.preventDefault();
    const picked = [...page.view.querySelectorAll(".split-pick:checked")].map((box) => Number(box.value));
    if (!picked.length) return announce("Tick the aliases to split off in Names first.", "error");
    if (!name.value.trim()) return announce("Name the new entity.", "error");
    const plan = { aliases: picked, name: name.value.trim(), type: type.value };
    preview.replaceChildren(splitPreview(page, plan));
    preview.querySelector("button.primary").focus();
  };
  return h("section", { "aria-labelledby": "split-h" }, h("h2", { id: "split-h" }, "Split off a new entity"),
    h("p", { class: "hint" }, "Tick the aliases that belong to someone else in Names above."),
    h("form", { class: "row", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "split-name" }, "New entity's name"), name),
      h("div", { class: "field" }, h("label", { for: "split-type" }, "Type"), type),
      h("button", { type: "submit" }, "Preview split")),
    preview);
}

function splitPreview(page, plan) {
  const moving = page.entity.aliases.filter((a) => plan.aliases.includes(a.id));
  const staying = page.entity.aliases.length - moving.length;
  return h("div", { class: "panel", role: "group", "aria-labelledby": "split-preview-h" },
    h("h3", { id: "split-preview-h" }, `Split ${moving.length} alias${moving.length === 1 ? "" : "es"} into a new ${plan.type} “${plan.name}”?`),
    h("ul", {}, moving.map((a) => h("li", { dir: "auto" }, a.name))),
    h("p", {}, `${page.entity.id} keeps its other ${staying} alias${staying === 1 ? "" : "es"}; the new entity gets a new ID.`),
    h("div", { class: "row" },
      h("button", { type: "button", class: "primary", onclick: () => split(page, plan) }, "Confirm split"),
      h("button", { type: "button", onclick: (ev) => ev.target.closest(".panel").remove() }, "Cancel")));
}

async function split(page, plan) {
  const answer = await api("POST", `/entities/${page.entity.id}/split`, { body: plan, version: page.version });
  if (answer.status === 412) return reloadStale(page, "split");
  if (!answer.ok) return announce(`Not split: ${problemText(answer)}`, "error");
  const created = answer.body.created;
  await load(page);
  announce(`Split off ${created.name} as ${created.id}.`, "ok");
  page.view.prepend(h("p", { class: "panel notice", role: "note" }, "New entity: ",
    entityLink(created.id, `${created.name} (${created.id})`)));
}

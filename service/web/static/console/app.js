// The console shell: sign-in, hash routes (#/review, #/search, #/entity/ID, #/try), views.
import { checkCuratorKey, session } from "./api.js";
import { announce, h } from "./dom.js";
import { renderEntity } from "./entity.js";
import { renderReview } from "./review.js";
import { renderSearch } from "./search.js";
import { renderTry } from "./tryit.js";

const ROUTES = { review: renderReview, search: renderSearch, entity: renderEntity, try: renderTry };
const main = document.getElementById("main");
let cleanup = null;
let generation = 0;

function parseRoute() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  return { name: ROUTES[name] ? name : "review", arg: decodeURIComponent(rest.join("/")) };
}

async function route() {
  const { name, arg } = parseRoute();
  const mine = ++generation;
  if (cleanup) cleanup();
  cleanup = null;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.route === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  main.setAttribute("aria-busy", "true");
  main.dataset.view = name;
  main.replaceChildren();
  const view = h("div");
  try {
    cleanup = (await ROUTES[name](view, arg)) || null;
  } catch (error) {
    view.replaceChildren(h("p", { role: "alert" }, `Could not show this page: ${error.message}`));
  }
  if (mine !== generation) { if (cleanup) cleanup(); return; }
  main.replaceChildren(view);
  main.setAttribute("aria-busy", "false");
  const heading = main.querySelector("h1");
  if (heading) document.title = `${heading.textContent} · polyonym console`;
  const first = main.querySelector("[data-autofocus]");
  if (first) first.focus();
  return Boolean(first);
}

function renderSession() {
  const box = document.getElementById("session");
  if (session.key) {
    box.replaceChildren(
      h("span", {}, "Signed in with a curator key"),
      h("button", { type: "button", onclick: signOut }, "Sign out"),
    );
    return;
  }
  const input = h("input", {
    id: "key", type: "password", autocomplete: "off", required: true, spellcheck: "false",
  });
  box.replaceChildren(h("form", { class: "row", onsubmit: (event) => signIn(event, input) },
    h("label", { for: "key" }, "Curator API key"), input,
    h("button", { type: "submit", class: "primary" }, "Sign in")));
}

async function signIn(event, input) {
  event.preventDefault();
  const key = input.value.trim();
  const verdict = await checkCuratorKey(key);
  if (!verdict.ok) {
    announce(`Sign-in failed: ${verdict.detail}`, "error");
    input.focus();
    return;
  }
  session.key = key;
  renderSession();
  announce("Signed in. Curating is enabled.", "ok");
  await route();
}

async function signOut() {
  session.key = null;
  renderSession();
  announce("Signed out. The console is read-only.");
  await route();
  document.getElementById("key").focus();
}

window.addEventListener("hashchange", async () => {
  if (!(await route())) main.focus();
});
renderSession();
route();

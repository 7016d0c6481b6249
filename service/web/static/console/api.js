// The JSON API, called with the key kept in this tab's sessionStorage only.

const KEY_SLOT = "polyonym.key";

export const session = {
  get key() { return sessionStorage.getItem(KEY_SLOT); },
  set key(value) {
    if (value) sessionStorage.setItem(KEY_SLOT, value);
    else sessionStorage.removeItem(KEY_SLOT);
  },
  get canWrite() { return Boolean(this.key); },
};

// One request; resolves to {ok, status, body, etag, version, redirected, url} and never throws
// on an HTTP error (a network failure becomes status 0).
export async function api(method, path, { body, version, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (session.key) headers.Authorization = `Bearer ${session.key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (version !== undefined && version !== null) headers["If-Match"] = `"${version}"`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    return { ok: false, status: 0, body: { detail: `network error: ${error.message}` } };
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { detail: text }; }
  const etag = response.headers.get("ETag");
  return {
    ok: response.ok,
    status: response.status,
    body: parsed,
    etag,
    version: etag ? Number(etag.replaceAll('"', "")) : null,
    redirected: response.redirected,
    url: response.url,
  };
}

// Is this key a curator's? GET /auth/me names the key and its role and writes nothing.
export async function checkCuratorKey(key) {
  const response = await fetch("/auth/me", {
    headers: { Authorization: `Bearer ${key}`, Accept: "application/json" },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) return { ok: false, detail: body.detail || `HTTP ${response.status}` };
  if (body.role !== "curator" && body.role !== "admin") {
    return { ok: false, detail: `the key ${body.name} has role ${body.role}; the console needs a curator or admin key` };
  }
  return { ok: true, name: body.name, role: body.role };
}

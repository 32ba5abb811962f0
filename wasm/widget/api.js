// The booking service's HTTP API as the widget uses it (live mode); see
// the contract in the project's coordination notes and server/README.md.
//
//   const api = new BookingApi("/v1/networks/visconteo", { baseUrl: document.baseURI });
//   await api.offices()                         -> [{id, name, municipality, ...}]
//   await api.slots({office, language, duration, from, to}) -> {timezone, slots}
//   await api.hold({office, language, duration_minutes, start, modality}, key)
//   await api.release(holdId)
//   await api.confirm(holdId, {name, contact, topic, details, locale}, key)
//   await api.booking(code, token) / api.cancel(code, token)
//
// Every failure is an ApiError whose `kind` says what the resident is told:
//   unreachable  no answer (network, CORS, timeout) or a 5xx: retry later
//   taken        409 SLOT_TAKEN (`alternatives`: the nearest free slots;
//                also from confirm, when a planner's change took the
//                held time), 422 SLOT_IN_PAST
//   expired      410 HOLD_EXPIRED, 404 UNKNOWN_HOLD, 409 HOLD_USED
//   invalid      400/422 with a field (`path`)
//   not-found    404 UNKNOWN_BOOKING, 401, 403 (a wrong link)
//   cancelled    409 ALREADY_CANCELLED
//   too-late     409 TOO_LATE
//   refused      any other 4xx (`code` from the body)
// The message is the server's code and status only: bodies are never
// quoted (they may echo what the resident typed).

/** How long one request may take. */
export const REQUEST_TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(kind, code, message, extra = {}) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.code = code;
    Object.assign(this, extra);
  }
}

/** The `kind` of an HTTP error answer (status and the body's error code). */
export function errorKind(status, code) {
  if (status >= 500) return "unreachable";
  if (code === "SLOT_TAKEN" || code === "SLOT_IN_PAST") return "taken";
  if (code === "HOLD_EXPIRED" || code === "UNKNOWN_HOLD" || code === "HOLD_USED") return "expired";
  if (code === "ALREADY_CANCELLED") return "cancelled";
  if (code === "TOO_LATE") return "too-late";
  if (code === "UNKNOWN_BOOKING" || status === 401 || status === 403) return "not-found";
  if (status === 410) return "expired";
  if (status === 422 || code === "INVALID_FIELD") return "invalid";
  if (status === 404) return "not-found";
  if (status === 429) return "unreachable";
  return "refused";
}

/** The service's root (".../v1") and the network's base from the `api` attribute. */
export function apiUrls(api, baseUrl) {
  const network = new URL(String(api).trim().replace(/\/+$/, ""), baseUrl);
  const match = /^(.*)\/networks\/[^/]+$/.exec(network.pathname);
  if (!match) throw new ApiError("refused", "BAD_ATTRIBUTE", "api: expected the URL of a network, ending in /networks/ID");
  const root = new URL(network.href);
  root.pathname = match[1];
  root.search = "";
  return { network: network.href.replace(/\/+$/, ""), root: root.href.replace(/\/+$/, "") };
}

/** A random key for Idempotency-Key headers. */
export function newKey() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class BookingApi {
  constructor(api, { baseUrl, fetchImpl = globalThis.fetch?.bind(globalThis), timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const { network, root } = apiUrls(api, baseUrl);
    this.network = network;
    this.root = root;
    this._fetch = fetchImpl;
    this._timeout = timeoutMs;
  }

  async offices() {
    const body = await this._request("GET", `${this.network}/offices`);
    return Array.isArray(body?.offices) ? body.offices : [];
  }

  async slots({ office, language, duration, from, to, modality }) {
    const q = new URLSearchParams({ office, language, duration: String(duration), from, to });
    if (modality) q.set("modality", modality);
    const body = await this._request("GET", `${this.network}/slots?${q}`);
    return { timezone: body?.timezone ?? "Europe/Rome", version: body?.version, slots: Array.isArray(body?.slots) ? body.slots : [] };
  }

  hold(request, key) {
    return this._request("POST", `${this.network}/holds`, { body: request, key });
  }

  async release(hold) {
    await this._request("DELETE", `${this.root}/holds/${encodeURIComponent(hold)}`);
  }

  confirm(hold, applicant, key) {
    return this._request("POST", `${this.root}/holds/${encodeURIComponent(hold)}/confirm`, { body: applicant, key });
  }

  booking(code, token) {
    return this._request("GET", `${this.root}/bookings/${encodeURIComponent(code)}`, { token });
  }

  cancel(code, token) {
    return this._request("DELETE", `${this.root}/bookings/${encodeURIComponent(code)}`, { token });
  }

  async _request(method, url, { body, key, token } = {}) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    if (token) headers.Authorization = `Bearer ${token}`;
    const options = { method, headers, credentials: "omit", cache: "no-store" };
    if (body !== undefined) options.body = JSON.stringify(body);
    if (this._timeout > 0 && typeof AbortSignal?.timeout === "function") options.signal = AbortSignal.timeout(this._timeout);
    let response;
    try {
      response = await this._fetch(url, options);
    } catch (cause) {
      const timedOut = cause?.name === "TimeoutError";
      throw new ApiError("unreachable", timedOut ? "TIMEOUT" : "NETWORK", `${method} ${pathOf(url)}: ${timedOut ? "no answer" : "network error"}`);
    }
    let data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch {
        data = null;
      }
    }
    if (response.ok) return data;
    const error = data && typeof data === "object" && data.error && typeof data.error === "object" ? data.error : {};
    const code = typeof error.code === "string" ? error.code.slice(0, 60) : `HTTP_${response.status}`;
    const extra = { status: response.status };
    if (typeof error.path === "string") extra.path = error.path.slice(0, 100);
    if (Array.isArray(data?.alternatives)) extra.alternatives = data.alternatives.filter((s) => s && typeof s.start === "string");
    throw new ApiError(errorKind(response.status, code), code, `${method} ${pathOf(url)}: HTTP ${response.status} ${code}`, extra);
  }
}

function pathOf(url) {
  try {
    return new URL(url).pathname;
  } catch {
    return String(url).split("?")[0];
  }
}

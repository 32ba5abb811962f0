// The widget's data contract, in one adapter: where free slots come from.
//
// Everything else in the widget talks to a SlotSource only:
//
//   interface Office   { id: string; name: string; municipality: string }
//   interface FreeSlot { office: string;           // office id
//                        start: string;            // local "YYYY-MM-DDTHH:MM"
//                        end: string;              // local "YYYY-MM-DDTHH:MM"
//                        languages: string[];      // BCP 47, lower case
//                        modalities: string[] }    // in_person | video | phone
//   interface SlotSource {
//     timezone: string;                            // IANA zone of every time
//     engineVersion: string;                       // ponte-wasm version
//     offices(): Office[];
//     languages(office?: string): string[];        // languages mediators speak
//     freeSlots(query: { office: string, language: string,
//                        durationMinutes?: number,  // default 60
//                        notBefore?: string })      // local date-time
//       : FreeSlot[];                              // one per start, sorted
//   }
//   openSlotSource({ snapshotUrl, engineUrl?, maxBytes?, timeoutMs? })
//       : Promise<SlotSource>
//     engineUrl: the wasm package's ponte.js; default DEFAULT_ENGINE_URL,
//     the widget module (../pkg-widget/ponte.js beside this file: freeSlots,
//     version and supportedTimezones only); the full module
//     (../pkg/ponte.js) answers the same
//     rejects with a SlotSourceError whose `code` is
//       ENGINE_UNAVAILABLE     WebAssembly missing or the module failed to load
//       SNAPSHOT_UNAVAILABLE   the fetch failed: network, CORS, timeout, HTTP
//                              status (`status`)
//       SNAPSHOT_TOO_LARGE     more than `maxBytes` (default 5 MiB): refused
//                              from Content-Length before reading, or when
//                              the body grows past it (`limit`, `size`);
//                              or beyond one of the engine's size limits
//       SNAPSHOT_NOT_JSON      the body is not UTF-8 JSON
//       SNAPSHOT_WRONG_FORMAT  JSON, but not a `ponte-availability/1` document
//       SNAPSHOT_INVALID       a `ponte-availability/1` document with missing
//                              or ill-typed fields, or one the engine refuses
//     and `errors`: [{code, path, message}] (the engine's own for a refusal).
//     Messages are English, for the console and the host page; they never
//     quote the body.
//
// The data is the core's public availability snapshot (`ponte-availability/1`,
// made by `publicSnapshot(problem, plan)`: offices' opening, mediators by
// pseudonym with languages, availability and busy times, no personal
// data), and the free slots are the core's free-slot search on it, run by
// the wasm engine (`freeSlots(snapshot, query)`): exactly the places where a
// new request fits the published plan without moving anyone. The options
// the engine returns per mediator and modality are merged per start time.
//
// (Before the core's search existed, this adapter read a provisional list
// of precomputed slots; the interface above did not change when it went.)

const DEFAULT_DURATION = 60;
const MODALITIES = ["in_person", "video", "phone"];
const SNAPSHOT_FORMAT = "ponte-availability/1";
/** Default size limit of a snapshot, in bytes (5 MiB; the demo's is 38 KB). */
export const DEFAULT_MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024;
/** The engine's own limit (32 Mi characters): a larger limit is lowered to it. */
export const ENGINE_MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;
/** How long the snapshot may take to arrive. */
export const SNAPSHOT_TIMEOUT_MS = 30000;
/**
 * The engine loaded unless told otherwise: the widget build of the wasm
 * module (wasm/pkg-widget, built by scripts/ci/wasm), which exports only
 * what the widget calls and is a fraction of the full module's size.
 */
export const DEFAULT_ENGINE_URL = new URL("../pkg-widget/ponte.js", import.meta.url).href;

/** An error with a stable `code`, and `errors` [{code, path, message}]. */
export class SlotSourceError extends Error {
  constructor(code, message, { cause, errors, ...extra } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "SlotSourceError";
    this.code = code;
    this.errors = errors ?? [{ code, path: "$", message }];
    Object.assign(this, extra);
  }
}

/** Loads the engine and the snapshot; see the contract above. */
export async function openSlotSource({ snapshotUrl, engineUrl = DEFAULT_ENGINE_URL, fetchImpl = globalThis.fetch, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES, timeoutMs = SNAPSHOT_TIMEOUT_MS }) {
  const loading = loadEngine(engineUrl);
  const fetching = fetchSnapshot(snapshotUrl, { fetchImpl, maxBytes, timeoutMs });
  fetching.catch(() => {}); // reported below, after the engine's failure if both fail
  const engine = await loading;
  const data = await fetching;
  return new EngineSlotSource(readSnapshot(data, engine), engine);
}

const engines = new Map();

/** Imports and starts the wasm package at `engineUrl` (once per URL). */
export function loadEngine(engineUrl) {
  if (typeof WebAssembly !== "object" || typeof WebAssembly?.instantiate !== "function") {
    return Promise.reject(new SlotSourceError("ENGINE_UNAVAILABLE", "WebAssembly is not available in this browser"));
  }
  const key = String(engineUrl);
  if (!engines.has(key)) {
    const loading = (async () => {
      const module = await import(key);
      await module.default();
      if (typeof module.freeSlots !== "function") throw new Error("the engine has no freeSlots");
      return module;
    })().catch((cause) => {
      engines.delete(key);
      throw new SlotSourceError("ENGINE_UNAVAILABLE", `the booking engine could not start: ${cause?.message ?? cause}`, { cause });
    });
    engines.set(key, loading);
  }
  return engines.get(key);
}

/**
 * Fetches the snapshot and parses it, reading at most `maxBytes` bytes:
 * a Content-Length above the limit is refused before the body is read, and
 * a body without one (or with a wrong one) is cut off when it passes it.
 */
export async function fetchSnapshot(url, { fetchImpl = globalThis.fetch, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES, timeoutMs = SNAPSHOT_TIMEOUT_MS } = {}) {
  const limit = Math.min(maxBytes, ENGINE_MAX_SNAPSHOT_BYTES);
  const tooLarge = (size) =>
    new SlotSourceError("SNAPSHOT_TOO_LARGE", `${url}: ${size === undefined ? "more than" : size} bytes; at most ${limit} are accepted (max-snapshot-bytes)`, { limit, size });
  const options = { credentials: "omit", headers: { Accept: "application/json" } };
  if (timeoutMs > 0 && typeof AbortSignal?.timeout === "function") options.signal = AbortSignal.timeout(timeoutMs);
  let response;
  try {
    response = await fetchImpl(url, options);
  } catch (cause) {
    const timedOut = cause?.name === "TimeoutError";
    throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", timedOut ? `${url}: no answer in ${timeoutMs} ms` : `cannot fetch ${url} (network error or blocked)`, { cause });
  }
  if (!response.ok) {
    discard(response);
    throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", `${url}: HTTP ${response.status}`, { status: response.status });
  }
  const declared = Number(response.headers?.get?.("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    discard(response);
    throw tooLarge(declared);
  }
  let text;
  try {
    text = await readText(response, limit);
  } catch (cause) {
    if (cause === TOO_LARGE) throw tooLarge();
    if (cause?.notUtf8) throw new SlotSourceError("SNAPSHOT_NOT_JSON", `${url} is not UTF-8 text`, { cause: cause.notUtf8 });
    throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", `${url}: the body could not be read`, { cause });
  }
  if (text === null) {
    // A response object without a body or text() (a test double): its json().
    try {
      return await response.json();
    } catch (cause) {
      throw new SlotSourceError("SNAPSHOT_NOT_JSON", `${url} is not JSON`, { cause });
    }
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    // The parser's message quotes the body: it stays in `cause` only.
    throw new SlotSourceError("SNAPSHOT_NOT_JSON", `${url} is not JSON`, { cause });
  }
}

const TOO_LARGE = Symbol("too large");

/**
 * The body as text; throws TOO_LARGE past `limit` bytes and {notUtf8} for
 * bytes that are not UTF-8; null when the response cannot be read so.
 */
async function readText(response, limit) {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const decoder = {
    decode(...args) {
      try {
        return utf8.decode(...args);
      } catch (notUtf8) {
        throw { notUtf8 };
      }
    },
  };
  if (response.body && typeof response.body.getReader === "function") {
    const reader = response.body.getReader();
    let size = 0;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw TOO_LARGE;
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  }
  if (typeof response.text === "function") {
    const text = await response.text();
    if (new TextEncoder().encode(text).byteLength > limit) throw TOO_LARGE;
    return text;
  }
  return null;
}

function discard(response) {
  try {
    response.body?.cancel?.().catch(() => {});
  } catch {
    // nothing to release
  }
}

/**
 * Checks a snapshot: its format tag and shape here, the rest by one small
 * query to the engine (which reads the whole snapshot). Throws
 * SNAPSHOT_WRONG_FORMAT or SNAPSHOT_INVALID.
 */
export function readSnapshot(data, engine) {
  const fail = (path, message) => {
    throw new SlotSourceError("SNAPSHOT_INVALID", `${path}: ${message}`, { errors: [{ code: "SNAPSHOT_INVALID", path, message }] });
  };
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    const kind = data === null ? "null" : Array.isArray(data) ? "an array" : typeof data;
    throw new SlotSourceError("SNAPSHOT_WRONG_FORMAT", `$: ${kind}, not a ${SNAPSHOT_FORMAT} snapshot`, { format: null });
  }
  if (data.format !== SNAPSHOT_FORMAT) {
    const found = typeof data.format === "string" ? data.format.slice(0, 60) : null;
    throw new SlotSourceError("SNAPSHOT_WRONG_FORMAT", `format: expected "${SNAPSHOT_FORMAT}", found ${found === null ? "none" : JSON.stringify(found)}`, {
      format: found,
      errors: [{ code: "SNAPSHOT_WRONG_FORMAT", path: "format", message: `expected "${SNAPSHOT_FORMAT}"` }],
    });
  }
  for (const key of ["offices", "mediators", "municipalities"]) if (!Array.isArray(data[key])) fail(key, "expected an array");
  if (!data.offices.length) fail("offices", "none");
  data.offices.forEach((o, i) => {
    if (!o || typeof o !== "object" || typeof o.id !== "string" || !o.id) fail(`offices[${i}]`, "expected an object with an id");
  });
  if (typeof data.timezone !== "string") fail("timezone", "expected an IANA zone name");
  for (const key of ["horizon_start", "horizon_end"]) {
    if (typeof data[key] !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(data[key]) || Number.isNaN(Date.parse(`${data[key]}T12:00:00Z`))) {
      fail(key, "expected a date YYYY-MM-DD");
    }
  }
  try {
    const day = data.horizon_start;
    engine.freeSlots(data, { office: data.offices[0].id, languages: ["it"], duration_minutes: 15, earliest: `${day}T00:00`, latest: `${day}T23:59`, limit: 1 });
  } catch (cause) {
    const errors = Array.isArray(cause?.errors) && cause.errors.length
      ? cause.errors.slice(0, 20).map((e) => ({ code: String(e.code), path: String(e.path), message: String(e.message).slice(0, 300) }))
      : [{ code: String(cause?.code ?? "INTERNAL"), path: "$", message: String(cause?.message ?? cause).slice(0, 300) }];
    // The engine's size limits (INPUT_TOO_LARGE, the core's TOO_LARGE) are a size problem too.
    const size = cause?.code === "INPUT_TOO_LARGE" || errors.every((e) => e.code === "TOO_LARGE" || e.code === "INPUT_TOO_LARGE");
    throw new SlotSourceError(size ? "SNAPSHOT_TOO_LARGE" : "SNAPSHOT_INVALID", `the engine refuses the snapshot: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, {
      cause,
      errors,
      engineCode: cause?.code ?? null,
    });
  }
  return data;
}

/** The day after a "YYYY-MM-DD" date. */
function nextDay(iso) {
  return new Date(Date.parse(`${iso}T12:00:00Z`) + 86400000).toISOString().slice(0, 10);
}

class EngineSlotSource {
  constructor(snapshot, engine) {
    this.timezone = snapshot.timezone;
    this.engineVersion = typeof engine.version === "function" ? engine.version() : "unknown";
    this._snapshot = snapshot;
    this._engine = engine;
    const towns = new Map(snapshot.municipalities.map((m) => [m.id, m.name ?? m.id]));
    this._offices = snapshot.offices.map((o) => ({ id: o.id, name: o.name ?? o.id, municipality: towns.get(o.municipality) ?? o.municipality }));
  }

  offices() {
    return this._offices.map((o) => ({ ...o }));
  }

  languages() {
    const seen = new Set();
    for (const mediator of this._snapshot.mediators) for (const l of mediator.languages ?? []) seen.add(l.code.split("-")[0]);
    return [...seen].sort();
  }

  freeSlots({ office, language, durationMinutes, notBefore } = {}) {
    if (!office || !language) return [];
    const snap = this._snapshot;
    const first = `${snap.horizon_start}T00:00`;
    const earliest = notBefore && notBefore > first ? notBefore : first;
    const latest = `${nextDay(snap.horizon_end)}T00:00`;
    if (earliest >= latest) return [];
    const options = this._engine.freeSlots(snap, {
      office,
      languages: [language],
      duration_minutes: durationMinutes || DEFAULT_DURATION,
      earliest,
      latest,
      modalities: MODALITIES,
      limit: 100000,
    });
    const byStart = new Map();
    for (const option of options) {
      const slot = byStart.get(option.start) ?? { office, start: option.start, end: option.end, languages: [language], modalities: [] };
      if (!slot.modalities.includes(option.modality)) slot.modalities.push(option.modality);
      byStart.set(option.start, slot);
    }
    const slots = [...byStart.values()];
    for (const slot of slots) slot.modalities.sort((a, b) => MODALITIES.indexOf(a) - MODALITIES.indexOf(b));
    return slots.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }
}

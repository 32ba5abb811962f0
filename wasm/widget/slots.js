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
//   openSlotSource({ snapshotUrl, engineUrl }) : Promise<SlotSource>
//     rejects with an Error whose code is ENGINE_UNAVAILABLE (WebAssembly
//     missing or the module failed to load), SNAPSHOT_UNAVAILABLE (fetch
//     failed) or SNAPSHOT_INVALID (not a snapshot the engine accepts).
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

/** An error with a stable `code`. */
export class SlotSourceError extends Error {
  constructor(code, message, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "SlotSourceError";
    this.code = code;
  }
}

/** Loads the engine and the snapshot; see the contract above. */
export async function openSlotSource({ snapshotUrl, engineUrl, fetchImpl = globalThis.fetch }) {
  const [engine, data] = await Promise.all([loadEngine(engineUrl), fetchSnapshot(snapshotUrl, fetchImpl)]);
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
      throw new SlotSourceError("ENGINE_UNAVAILABLE", `the booking engine could not start: ${cause?.message ?? cause}`, cause);
    });
    engines.set(key, loading);
  }
  return engines.get(key);
}

async function fetchSnapshot(url, fetchImpl) {
  let response;
  try {
    response = await fetchImpl(url, { credentials: "omit", headers: { Accept: "application/json" } });
  } catch (cause) {
    throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", `cannot fetch ${url}`, cause);
  }
  if (!response.ok) throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", `${url}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (cause) {
    throw new SlotSourceError("SNAPSHOT_INVALID", `${url} is not JSON`, cause);
  }
}

/**
 * Checks a snapshot: its format tag and shape here, the rest by one small
 * query to the engine (which reads the whole snapshot). Throws SNAPSHOT_INVALID.
 */
export function readSnapshot(data, engine) {
  const fail = (message, cause) => {
    throw new SlotSourceError("SNAPSHOT_INVALID", message, cause);
  };
  if (!data || typeof data !== "object" || Array.isArray(data)) fail("$: not an object");
  if (data.format !== SNAPSHOT_FORMAT) fail(`format: expected "${SNAPSHOT_FORMAT}"`);
  for (const key of ["offices", "mediators", "municipalities"]) if (!Array.isArray(data[key])) fail(`${key}: expected an array`);
  if (!data.offices.length) fail("offices: none");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(data.horizon_start ?? "") || !/^\d{4}-\d{2}-\d{2}$/.test(data.horizon_end ?? "")) {
    fail("horizon_start, horizon_end: expected dates");
  }
  try {
    const day = data.horizon_start;
    engine.freeSlots(data, { office: data.offices[0].id, languages: ["it"], duration_minutes: 15, earliest: `${day}T00:00`, latest: `${day}T23:59`, limit: 1 });
  } catch (cause) {
    fail(`the engine refuses the snapshot: ${cause?.message ?? cause}`, cause);
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

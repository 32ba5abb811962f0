// The widget's data contract, in one adapter: where free slots come from.
//
// Everything else in the widget talks to a SlotSource only:
//
//   interface Office   { id: string; name: string; municipality: string }
//   interface FreeSlot { office: string;           // office id
//                        start: string;            // local "YYYY-MM-DDTHH:MM"
//                        end: string;              // local "YYYY-MM-DDTHH:MM"
//                        languages: string[];      // BCP 47, lower case
//                        modalities: string[] }    // in_person | phone | video
//   interface SlotSource {
//     timezone: string;                            // IANA zone of every time
//     engineVersion: string;                       // ponte-wasm version
//     offices(): Office[];
//     languages(office?: string): string[];        // languages with slots
//     freeSlots(query: { office?: string, language?: string,
//                        durationMinutes?: number, notBefore?: string })
//       : FreeSlot[];                              // sorted by start
//   }
//   openSlotSource({ snapshotUrl, engineUrl }) : Promise<SlotSource>
//     rejects with an Error whose code is ENGINE_UNAVAILABLE (WebAssembly
//     missing or the module failed to load), SNAPSHOT_UNAVAILABLE (fetch
//     failed) or SNAPSHOT_INVALID (not the format below).
//
// Today (before the core's free-slot search, issue 4) the slots are read
// from a public availability snapshot in this PROVISIONAL shape:
//
//   { "format": "ponte-availability/1",
//     "timezone": "Europe/Rome",
//     "offices": [ { "id", "name", "municipality" } ],
//     "slots":   [ { "office", "start", "end", "languages": [..], "modalities": [..] } ] }
//
// where each slot is a free interval at an office (the times local to
// `timezone`, `end` after `start` on the same day) with the languages and
// modalities some mediator could serve in it. A slot serves a wanted
// language as the format's rule says: equal tags, or a wanted tag without
// subtag and the slot's primary subtag equal to it (`ar-ma` serves `ar`).
// A slot fits a duration when it lasts at least that long.
//
// The WebAssembly engine is loaded already, so that a browser that cannot
// run it is told so now, not later: when the core grows `freeSlots`, only
// `freeSlots()` below changes (to call engine.freeSlots(snapshot, query)).

export const SNAPSHOT_FORMAT = "ponte-availability/1";

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const LANGUAGE = /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/;
const MODALITIES = new Set(["in_person", "phone", "video"]);

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
  const [engine, snapshot] = await Promise.all([loadEngine(engineUrl), loadSnapshot(snapshotUrl, fetchImpl)]);
  return new SnapshotSlotSource(snapshot, engine);
}

const engines = new Map();

/** Imports and starts the wasm package at `engineUrl` (once per URL). */
export function loadEngine(engineUrl) {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return Promise.reject(new SlotSourceError("ENGINE_UNAVAILABLE", "WebAssembly is not available in this browser"));
  }
  const key = String(engineUrl);
  if (!engines.has(key)) {
    const loading = (async () => {
      const module = await import(key);
      await module.default();
      return module;
    })().catch((cause) => {
      engines.delete(key);
      throw new SlotSourceError("ENGINE_UNAVAILABLE", `the booking engine could not start: ${cause?.message ?? cause}`, cause);
    });
    engines.set(key, loading);
  }
  return engines.get(key);
}

async function loadSnapshot(url, fetchImpl) {
  let response;
  try {
    response = await fetchImpl(url, { credentials: "omit", headers: { Accept: "application/json" } });
  } catch (cause) {
    throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", `cannot fetch ${url}`, cause);
  }
  if (!response.ok) throw new SlotSourceError("SNAPSHOT_UNAVAILABLE", `${url}: HTTP ${response.status}`);
  let data;
  try {
    data = await response.json();
  } catch (cause) {
    throw new SlotSourceError("SNAPSHOT_INVALID", `${url} is not JSON`, cause);
  }
  return readSnapshot(data);
}

/** Checks a snapshot document and returns it normalised (throws SNAPSHOT_INVALID). */
export function readSnapshot(data) {
  const fail = (path, message) => {
    throw new SlotSourceError("SNAPSHOT_INVALID", `${path}: ${message}`);
  };
  if (!data || typeof data !== "object" || Array.isArray(data)) fail("$", "not an object");
  if (data.format !== SNAPSHOT_FORMAT) fail("format", `expected "${SNAPSHOT_FORMAT}"`);
  if (typeof data.timezone !== "string" || !data.timezone) fail("timezone", "expected an IANA zone name");
  if (!Array.isArray(data.offices)) fail("offices", "expected an array");
  if (!Array.isArray(data.slots)) fail("slots", "expected an array");
  const offices = data.offices.map((o, i) => {
    if (!o || typeof o.id !== "string" || !o.id) fail(`offices[${i}].id`, "expected a non-empty string");
    return { id: o.id, name: String(o.name ?? o.id), municipality: String(o.municipality ?? "") };
  });
  const known = new Set(offices.map((o) => o.id));
  const slots = data.slots.map((s, i) => {
    const at = `slots[${i}]`;
    if (!s || typeof s !== "object") fail(at, "expected an object");
    if (!known.has(s.office)) fail(`${at}.office`, "unknown office");
    if (!DATE_TIME.test(s.start ?? "")) fail(`${at}.start`, "expected YYYY-MM-DDTHH:MM");
    if (!DATE_TIME.test(s.end ?? "")) fail(`${at}.end`, "expected YYYY-MM-DDTHH:MM");
    if (s.end.slice(0, 10) !== s.start.slice(0, 10) || s.end <= s.start) fail(`${at}.end`, "must be later on the same day");
    if (!Array.isArray(s.languages) || !s.languages.every((l) => LANGUAGE.test(l))) fail(`${at}.languages`, "expected language tags");
    const modalities = s.modalities ?? ["in_person"];
    if (!Array.isArray(modalities) || !modalities.every((m) => MODALITIES.has(m))) fail(`${at}.modalities`, "expected in_person, phone or video");
    return { office: s.office, start: s.start, end: s.end, languages: [...s.languages], modalities: [...modalities] };
  });
  slots.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return { timezone: data.timezone, offices, slots };
}

/** Whether a slot's language tag serves a wanted one (the format's rule). */
export function serves(offered, wanted) {
  return offered === wanted || (!wanted.includes("-") && offered.split("-")[0] === wanted);
}

/** Minutes from "HH:MM" at the end of a local date-time. */
function clockMinutes(dateTime) {
  return Number(dateTime.slice(11, 13)) * 60 + Number(dateTime.slice(14, 16));
}

class SnapshotSlotSource {
  constructor(snapshot, engine) {
    this.timezone = snapshot.timezone;
    this.engineVersion = typeof engine?.version === "function" ? engine.version() : "unknown";
    this._snapshot = snapshot;
  }

  offices() {
    return this._snapshot.offices.map((o) => ({ ...o }));
  }

  languages(office) {
    const seen = new Set();
    for (const slot of this._snapshot.slots) {
      if (office && slot.office !== office) continue;
      for (const language of slot.languages) seen.add(language.split("-")[0]);
    }
    return [...seen].sort();
  }

  freeSlots({ office, language, durationMinutes, notBefore } = {}) {
    return this._snapshot.slots
      .filter((s) => !office || s.office === office)
      .filter((s) => !language || s.languages.some((l) => serves(l, language)))
      .filter((s) => !durationMinutes || clockMinutes(s.end) - clockMinutes(s.start) >= durationMinutes)
      .filter((s) => !notBefore || s.start >= notBefore)
      .map((s) => ({ ...s, languages: [...s.languages], modalities: [...s.modalities] }));
  }
}

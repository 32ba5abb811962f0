// The attributes of <ponte-slot-picker>, read and checked in one place.
//
// readInputs(get, baseUrl) turns the attribute values (`get(name)` returns
// a string or null) into what the widget uses, and lists the problems:
//   { attribute, value, fatal, message }
// A fatal problem stops the widget (it shows the "not set up correctly"
// message and the contact): a missing or unusable `snapshot` URL, a
// `duration` that is not a whole number of minutes from 1 to 1440. Every
// other problem is a warning: the value is ignored and the default used
// (an unknown `lang` gives the Italian UI). `office` is checked against the
// snapshot by the element, once the snapshot is loaded.

import { UI_LANGUAGES, uiLanguage } from "./i18n.js";
import { DEFAULT_MAX_SNAPSHOT_BYTES, ENGINE_MAX_SNAPSHOT_BYTES } from "./slots.js";

export const MAX_DURATION_MINUTES = 1440;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Shortens a value for messages and events. */
export function clip(value, max = 120) {
  const s = String(value);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** See the top of the file. */
export function readInputs(get, baseUrl) {
  const problems = [];
  const problem = (attribute, value, fatal, message) => problems.push({ attribute, value: clip(value), fatal, message: `${attribute}: ${message}` });
  const present = (name) => {
    const v = get(name);
    return v === null || v === undefined ? null : String(v);
  };

  // snapshot: required, a URL (relative to the page).
  let snapshotUrl = null;
  const snapshot = present("snapshot");
  if (snapshot === null || !snapshot.trim()) {
    problem("snapshot", snapshot ?? "", true, "missing: the URL of the availability snapshot is required");
  } else {
    try {
      snapshotUrl = new URL(snapshot.trim(), baseUrl).href;
    } catch {
      problem("snapshot", snapshot, true, "not a URL");
    }
  }

  // engine: optional URL; a bad one is the engine's failure (the element says so).
  let engineUrl = null;
  let engineProblem = null;
  const engine = present("engine");
  if (engine !== null && engine.trim()) {
    try {
      engineUrl = new URL(engine.trim(), baseUrl).href;
    } catch {
      engineProblem = `engine: ${JSON.stringify(clip(engine))} is not a URL`;
    }
  }

  // lang: a UI language; anything else gives Italian.
  const langValue = present("lang");
  const lang = uiLanguage(langValue || "it");
  if (langValue !== null && langValue.trim() && !UI_LANGUAGES.includes(langValue.trim().toLowerCase().split(/[-_]/)[0])) {
    problem("lang", langValue, false, `not a UI language (${UI_LANGUAGES.join(", ")}); Italian is used`);
  }

  // language: the meeting language preselected, a lower-case BCP 47 tag.
  let language = null;
  const languageValue = present("language");
  if (languageValue !== null && languageValue.trim()) {
    const tag = languageValue.trim().toLowerCase().replace(/_/g, "-");
    if (LANGUAGE_TAG.test(tag)) language = tag;
    else problem("language", languageValue, false, "not a language tag (ar, ti, zh, …); ignored");
  }

  // duration: whole minutes, 1-1440; absent means the default (60).
  let duration = null;
  const durationValue = present("duration");
  if (durationValue !== null && durationValue.trim()) {
    const n = /^\s*\d{1,5}\s*$/.test(durationValue) ? Number(durationValue) : NaN;
    if (n >= 1 && n <= MAX_DURATION_MINUTES) duration = n;
    else problem("duration", durationValue, true, `expected whole minutes from 1 to ${MAX_DURATION_MINUTES}`);
  }

  // not-before: a local date-time; a bad one is ignored (now is used).
  let notBefore = null;
  const notBeforeValue = present("not-before");
  if (notBeforeValue !== null && notBeforeValue.trim()) {
    if (isLocalDateTime(notBeforeValue.trim())) notBefore = notBeforeValue.trim();
    else problem("not-before", notBeforeValue, false, "expected a local date-time YYYY-MM-DDTHH:MM; ignored");
  }

  // heading-level: 2-6.
  let headingLevel = 2;
  const levelValue = present("heading-level");
  if (levelValue !== null && levelValue.trim()) {
    const n = Number.parseInt(levelValue, 10);
    if (/^\s*[2-6]\s*$/.test(levelValue)) headingLevel = n;
    else {
      headingLevel = Number.isFinite(n) ? Math.min(6, Math.max(2, n)) : 2;
      problem("heading-level", levelValue, false, `expected 2 to 6; ${headingLevel} is used`);
    }
  }

  // max-snapshot-bytes: the size limit of the snapshot.
  let maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES;
  const maxValue = present("max-snapshot-bytes");
  if (maxValue !== null && maxValue.trim()) {
    const n = /^\s*\d{1,12}\s*$/.test(maxValue) ? Number(maxValue) : NaN;
    if (n >= 1 && n <= ENGINE_MAX_SNAPSHOT_BYTES) maxBytes = n;
    else if (n > ENGINE_MAX_SNAPSHOT_BYTES) {
      maxBytes = ENGINE_MAX_SNAPSHOT_BYTES;
      problem("max-snapshot-bytes", maxValue, false, `above the engine's limit; ${ENGINE_MAX_SNAPSHOT_BYTES} is used`);
    } else {
      problem("max-snapshot-bytes", maxValue, false, `expected a number of bytes; ${DEFAULT_MAX_SNAPSHOT_BYTES} is used`);
    }
  }

  const office = present("office")?.trim() || null;
  return { snapshotUrl, engineUrl, engineProblem, lang, language, duration, notBefore, headingLevel, maxBytes, office, problems };
}

/** "YYYY-MM-DDTHH:MM" naming a real date and time. */
export function isLocalDateTime(value) {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h <= 23 && mi <= 59;
}

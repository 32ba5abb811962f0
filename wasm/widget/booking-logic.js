// Pure logic of <ponte-booking>: the steps, the countdown, the form's
// checks, the cancel link. No DOM, no I/O: tested under Node.

/** The steps, in order (the ids are also the `data-step` of each view). */
export const STEPS = ["office", "datetime", "details", "applicant", "summary", "done"];

/** Longest text the service accepts for the reason (and the topic). */
export const MAX_DETAILS = 200;
export const MAX_NAME = 200;

/** Remaining seconds at which the countdown is announced to screen readers. */
export const ANNOUNCE_AT = [300, 120, 60, 30];

/** "m:ss" of a number of seconds (negative counts as 0). */
export function formatCountdown(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Whole seconds left until `expiresAt` (epoch ms) at `now` (epoch ms). */
export function secondsLeft(expiresAt, now) {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/**
 * Which threshold of ANNOUNCE_AT to announce now, or null: the largest one
 * passed since the last announcement (`announced`: the last threshold
 * announced, Infinity at first), so a tab woken late says it once.
 */
export function countdownAnnouncement(left, announced) {
  const due = ANNOUNCE_AT.filter((t) => left <= t && t < announced);
  return due.length ? Math.min(...due) : null;
}

/** The text of a count in minutes and seconds for announcements: {m, s}. */
export function minutesSeconds(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return { m: Math.floor(s / 60), s: s % 60 };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the applicant's fields: {field: message key} (empty when fine). */
export function validateApplicant({ givenName = "", familyName = "", email = "" }) {
  const errors = {};
  if (!givenName.trim()) errors.givenName = "errRequired";
  if (!familyName.trim()) errors.familyName = "errRequired";
  if (givenName.trim().length + familyName.trim().length + 1 > MAX_NAME) errors.familyName = "errTooLong";
  if (!email.trim()) errors.email = "errRequired";
  else if (!EMAIL.test(email.trim()) || email.trim().length > 254) errors.email = "errEmail";
  return errors;
}

/** Checks the details step: {field: message key}. */
export function validateDetails({ topic = "", details = "" }, { topicRequired = false } = {}) {
  const errors = {};
  if (topicRequired && !topic.trim()) errors.topic = "errRequired";
  if (topic.length > MAX_DETAILS) errors.topic = "errTooLong";
  if (details.length > MAX_DETAILS) errors.details = "errTooLong";
  return errors;
}

/** The confirm request's body; name = given + " " + family name. */
export function confirmBody(form, locale) {
  const body = { name: `${form.givenName.trim()} ${form.familyName.trim()}`, contact: form.email.trim(), locale };
  if (form.topic?.trim()) body.topic = form.topic.trim();
  if (form.details?.trim()) body.details = form.details.trim();
  return body;
}

/** The field of the form a server error path names (`name` -> familyName...). */
export function fieldOfPath(path) {
  const p = String(path ?? "").split(".").pop();
  return { name: "givenName", contact: "email", topic: "topic", details: "details", locale: null }[p] ?? null;
}

/** The step a form field belongs to. */
export function stepOfField(field) {
  return field === "topic" || field === "details" ? "details" : "applicant";
}

/**
 * The link that cancels a booking: the page's address with
 * ?ponte-cancel=CODE (and ?ponte-lang=, the UI language the resident
 * booked in) and the token in the fragment (#token=...), which browsers
 * never send to a server.
 */
export function cancelLink(pageUrl, code, token, lang) {
  const url = new URL(pageUrl);
  url.searchParams.delete("ponte-cancel");
  url.searchParams.delete("ponte-lang");
  url.searchParams.set("ponte-cancel", code);
  if (lang) url.searchParams.set("ponte-lang", lang);
  url.hash = `token=${encodeURIComponent(token)}`;
  return url.href;
}

/** {code, token, lang} from a page address made by cancelLink, or null. */
export function readCancelLink(pageUrl) {
  try {
    const url = new URL(pageUrl);
    const code = url.searchParams.get("ponte-cancel");
    const token = new URLSearchParams(url.hash.replace(/^#/, "")).get("token");
    const lang = url.searchParams.get("ponte-lang");
    return code && token ? { code, token, lang } : null;
  } catch {
    return null;
  }
}

/** "YYYY-MM-DDTHH:MM" plus `days` days (UTC arithmetic on a local time). */
export function addDaysLocal(local, days) {
  const d = new Date(`${local}:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 16);
}

/** Slots (one per start and modality) grouped per date, sorted by start. */
export function slotsByDay(slots) {
  const days = new Map();
  for (const slot of [...slots].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    const day = slot.start.slice(0, 10);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(slot);
  }
  return days;
}

/** The value of a time's radio button, and back. */
export function slotKey(slot) {
  return `${slot.start}|${slot.modality ?? ""}`;
}

export function findSlot(slots, key) {
  return slots.find((s) => slotKey(s) === key) ?? null;
}

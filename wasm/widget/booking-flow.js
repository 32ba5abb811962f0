// The steps of <ponte-booking> (the element is `el`: its state in el.s):
// what each step shows, loading, moving between steps, the hold, the
// confirmation and the countdown. Each action renders, moves the focus to
// the step's heading and says what changed in the live region; failures
// keep everything typed. Their events: ./booking-events.js.

import { newKey } from "./api.js";
import { btext as t } from "./booking-i18n.js";
import * as v from "./booking-views.js";
import { esc } from "./view.js";
import {
  validateApplicant, validateDetails, confirmBody, fieldOfPath, stepOfField, cancelLink, addDaysLocal,
  slotsByDay, slotKey, findSlot, secondsLeft, countdownAnnouncement, minutesSeconds, formatCountdown,
} from "./booking-logic.js";

/** How far ahead free times are searched. */
const SEARCH_DAYS = 62;
const FIELD_IDS = { givenName: "ponte-given-name", familyName: "ponte-family-name", email: "ponte-email", topic: "ponte-topic", details: "ponte-details" };
const HOLD_STEPS = ["details", "applicant", "summary"];

export function start(el) {
  loadOffices(el, false);
}

// ------------------------------------------------------------------ views

export function view(el) {
  const s = el.s;
  const lang = el.uiLang;
  const level = el.level;
  if (s.problem) return v.stepView(lang, s.step, level, problemHtml(el));
  if (s.loading && !s.offices) return `<p class="ponte-loading">${esc(t(lang, "loading"))}</p>`;
  const office = (s.offices ?? []).find((o) => o.id === s.office);
  switch (s.step) {
    case "office":
      return v.stepView(lang, "office", level, v.officeStep(lang, { offices: s.offices ?? [], office: s.office, languages: languagesOf(office), language: s.language }) + v.navView(lang, { back: false }), { note: true });
    case "datetime":
      return v.stepView(
        lang, "datetime", level,
        v.datetimeStep(lang, { byDay: s.byDay ?? new Map(), month: s.month, focus: s.focus, day: s.day, chosen: s.chosen, duration: el.duration, taken: s.taken, loading: s.loading }) +
          v.navView(lang, { back: !s.skipOffice, busy: s.busy }),
      );
    case "details":
      return v.stepView(lang, "details", level, v.detailsStep(lang, { topics: el.topics(), form: s.form, errors: s.errors }) + v.navView(lang), { note: el.topics().length > 0 });
    case "applicant":
      return v.stepView(lang, "applicant", level, v.applicantStep(lang, { form: s.form, errors: s.errors }) + v.navView(lang), { note: true });
    case "summary":
      return v.stepView(
        lang, "summary", level,
        v.summaryStep(lang, { office, language: s.language, slot: s.hold?.slot, form: s.form, privacyUrl: el.getAttribute("privacy-url"), privacyError: s.errors.privacy }) +
          v.navView(lang, { next: "bConfirm", busy: s.busy }),
        { note: true },
      );
    case "done":
      return v.stepView(lang, "done", level, v.doneStep(lang, { booking: s.booking, office, bring: el.getAttribute("bring"), address: el.getAttribute("address"), cancelUrl: s.booking.cancelUrl, icsUrl: s.booking.icsUrl }));
    default:
      return "";
  }
}

function problemHtml(el) {
  const p = el.s.problem;
  const lang = el.uiLang;
  const contact = el.contact;
  if (p.kind === "expired") return v.problemView(lang, { title: "bExpiredTitle", body: "bExpiredBody", contact: null, button: { action: "choose-again", key: "bChooseAgain" }, state: "expired" });
  if (p.kind === "unreachable") return v.problemView(lang, { title: "bUnreachableTitle", body: "bUnreachableBody", code: p.code, contact, button: { action: "retry", key: "retry" }, state: "unreachable" });
  if (p.code === "BAD_ATTRIBUTE") return v.problemView(lang, { title: "configError", code: p.code, contact, state: "config" });
  if (p.kind === "internal") return v.problemView(lang, { title: "internalError", code: p.code, contact, button: { action: "retry", key: "retry" }, state: "internal" });
  return v.problemView(lang, { title: "bRefused", code: p.code, contact, button: p.retry ? { action: "retry", key: "retry" } : null, state: "refused" });
}

/** The hold's banner with the countdown, above the step (details to summary). */
export function renderHold(el) {
  const box = el._holdBox;
  if (!box) return;
  const h = el.s.hold;
  const show = Boolean(h) && HOLD_STEPS.includes(el.s.step) && el.s.problem?.kind !== "expired";
  box.hidden = !show;
  box.innerHTML = show ? v.holdView(el.uiLang, h.slot, secondsLeft(h.expiresAt, Date.now())) : "";
}

export function languagesOf(office) {
  return [...new Set((office?.languages ?? []).map((l) => String(l).toLowerCase()))].sort();
}

// --------------------------------------------------------------- loading

export async function loadOffices(el, focus) {
  const s = el.s;
  s.loading = true;
  s.problem = null;
  el.render();
  try {
    const offices = (await el.api().offices()).filter((o) => o && typeof o.id === "string" && languagesOf(o).length);
    s.offices = offices;
    s.loading = false;
    const wanted = el.getAttribute("office");
    const fixed = offices.find((o) => o.id === wanted);
    if (!offices.some((o) => o.id === s.office)) s.office = (fixed ?? offices[0])?.id ?? null;
    const languages = languagesOf(offices.find((o) => o.id === s.office));
    const wantedLanguage = (el.getAttribute("language") || "").toLowerCase();
    if (!languages.includes(s.language)) s.language = languages.includes(wantedLanguage) ? wantedLanguage : languages[0] ?? null;
    // The page names the office and the language: the place step is done.
    s.skipOffice = Boolean(fixed && languages.includes(wantedLanguage));
    if (s.skipOffice) return openDatetime(el, focus);
    s.step = "office";
    el.render({ focus });
  } catch (error) {
    fail(el, error, () => loadOffices(el, true), focus);
  }
}

async function loadSlots(el) {
  const s = el.s;
  const from = el.notBefore();
  const answer = await el.api().slots({ office: s.office, language: s.language, duration: el.duration, from, to: addDaysLocal(from, SEARCH_DAYS) });
  s.timezone = answer.timezone || s.timezone;
  s.slots = answer.slots.filter((x) => typeof x?.start === "string" && typeof x?.end === "string" && x.start >= from);
  s.byDay = slotsByDay(s.slots);
  if (s.day && !s.byDay.has(s.day)) s.day = null;
  if (s.chosen && !findSlot(s.slots, s.chosen) && !findSlot(s.taken ?? [], s.chosen)) s.chosen = null;
  const first = [...s.byDay.keys()][0];
  if (!s.focus || !s.byDay.has(s.focus)) s.focus = s.day ?? first ?? from.slice(0, 10);
  s.month = `${s.focus.slice(0, 8)}01`;
}

export async function openDatetime(el, focus = true) {
  const s = el.s;
  s.step = "datetime";
  s.loading = true;
  s.problem = null;
  el.render({ focus });
  try {
    await loadSlots(el);
    s.loading = false;
    el.render({ focus });
  } catch (error) {
    fail(el, error, () => openDatetime(el), focus);
  }
}

/** A failure: its state (retry runs `retry`), reported to the host without personal data. */
function fail(el, error, retry, focus = true) {
  const s = el.s;
  s.loading = false;
  s.busy = false;
  const detail = el.reportProblem(error);
  if (detail.kind === "expired") return expire(el);
  s.problem = { kind: detail.kind, code: detail.code, retry: detail.code === "BAD_ATTRIBUTE" ? null : retry };
  el.render({ focus });
}

// ----------------------------------------------------------------- moves

export async function forward(el) {
  const s = el.s;
  const lang = el.uiLang;
  if (s.busy || s.problem || s.loading) return;
  if (s.step === "office") {
    if (!s.office || !s.language) return;
    s.chosen = null;
    s.taken = null;
    s.day = null;
    s.focus = null;
    return openDatetime(el);
  }
  if (s.step === "datetime") {
    const slot = findSlot(s.taken ?? [], s.chosen) ?? findSlot(s.slots, s.chosen);
    if (!slot) {
      el.announce(t(lang, "chooseTime"));
      (el.query('input[name="ponte-time"]') ?? el.query('td[tabindex="0"]'))?.focus();
      return;
    }
    return hold(el, slot, newKey());
  }
  if (s.step === "details") return check(el, validateDetails(s.form, { topicRequired: el.topics().length > 0 }), "applicant");
  if (s.step === "applicant") return check(el, validateApplicant(s.form), "summary");
  if (s.step === "summary") {
    if (!s.form.privacy) {
      s.errors = { privacy: "errPrivacy" };
      el.render();
      el.query("#ponte-privacy")?.focus();
      el.announce(t(lang, "errPrivacy"));
      return;
    }
    return confirm(el);
  }
}

function check(el, errors, next) {
  const s = el.s;
  s.errors = errors;
  const fields = Object.keys(errors);
  if (!fields.length) {
    s.step = next;
    return el.render({ focus: true });
  }
  el.render();
  el.query(`#${FIELD_IDS[fields[0]]}`)?.focus();
  el.announce(t(el.uiLang, "bFormErrors", { n: fields.length }));
}

export async function back(el) {
  const s = el.s;
  if (s.busy) return;
  s.errors = {};
  if (s.step === "datetime" && !s.skipOffice) {
    s.step = "office";
    s.taken = null;
    return el.render({ focus: true });
  }
  if (s.step === "details") {
    s.step = "datetime";
    s.loading = true;
    el.render({ focus: true });
    await release(el);
    return openDatetime(el);
  }
  if (s.step === "applicant") s.step = "details";
  else if (s.step === "summary") s.step = "applicant";
  el.render({ focus: true });
}

export async function goto(el, step) {
  const s = el.s;
  s.errors = {};
  if (step === "office" || step === "datetime") {
    if (step === "office" && !s.skipOffice) {
      s.step = "office";
      el.render({ focus: true });
      return release(el);
    }
    s.step = "datetime";
    s.loading = true;
    el.render({ focus: true });
    await release(el);
    return openDatetime(el);
  }
  s.step = step;
  el.render({ focus: true });
}

/**
 * Gives the held time back (the resident went back to choose another);
 * resolves when the service has answered, so that the times loaded next
 * include it again. A failure is ignored: the hold then expires by itself.
 */
async function release(el) {
  const h = el.s.hold;
  el.s.hold = null;
  el.stopCountdown();
  if (!h) return;
  el.announce(t(el.uiLang, "bReleased"));
  try {
    await el.api().release(h.id);
  } catch {
    // expires by itself
  }
}

// ----------------------------------------------------------- the service

async function hold(el, slot, key) {
  const s = el.s;
  const lang = el.uiLang;
  s.busy = true;
  s.problem = null;
  el.render();
  el.query(".ponte-forward")?.focus();
  try {
    const answer = await el.api().hold({ office: s.office, language: s.language, duration_minutes: el.duration, start: slot.start, modality: slot.modality }, key);
    const seconds = Number(answer?.expires_in_seconds) > 0 ? Number(answer.expires_in_seconds) : 600;
    const held = answer?.slot && typeof answer.slot.start === "string" ? answer.slot : slot;
    s.busy = false;
    s.taken = null;
    s.hold = { id: String(answer.hold), slot: held, expiresAt: Date.now() + seconds * 1000, announced: Infinity, key: null, sent: null };
    s.step = "details";
    el.startCountdown(() => tick(el));
    el.render({ focus: true });
    el.announce(`${t(lang, "bHeld", { when: v.when(lang, held) })} ${t(lang, "bLeftAnnounce", minutesSeconds(seconds))}`);
    el.emit("ponte-booking-held", { office: held.office ?? s.office, start: held.start, end: held.end, expiresInSeconds: seconds });
  } catch (error) {
    s.busy = false;
    if (error.kind === "taken") {
      el.reportProblem(error);
      s.taken = (error.alternatives ?? []).filter((a) => slotKey(a) !== slotKey(slot)).slice(0, 5);
      s.chosen = null;
      try {
        await loadSlots(el);
      } catch {
        // the alternatives are enough to go on
      }
      return el.render({ focus: true });
    }
    fail(el, error, () => hold(el, slot, key));
  }
}

async function confirm(el) {
  const s = el.s;
  const lang = el.uiLang;
  s.busy = true;
  s.problem = null;
  el.render();
  el.query(".ponte-forward")?.focus();
  try {
    // The same request again (a retry) carries the same Idempotency-Key, so
    // that a confirmation the service did record is answered again, not twice.
    const body = confirmBody(s.form, lang);
    const sent = JSON.stringify(body);
    if (s.hold.sent !== sent) {
      s.hold.key = newKey();
      s.hold.sent = sent;
    }
    const r = await el.api().confirm(s.hold.id, body, s.hold.key);
    el.stopCountdown();
    const code = String(r.code ?? r.booking);
    const base = el.getAttribute("cancel-url") ? new URL(el.getAttribute("cancel-url"), document.baseURI).href : location.href.split(/[?#]/)[0];
    s.booking = {
      code,
      start: r.start ?? s.hold.slot.start,
      end: r.end ?? s.hold.slot.end,
      office: r.office ?? s.office,
      office_name: r.office_name,
      cancelUrl: cancelLink(base, code, String(r.cancel_token ?? ""), lang),
      icsUrl: URL.createObjectURL(new Blob([String(r.ics ?? "")], { type: "text/calendar" })),
    };
    s.busy = false;
    s.hold = null;
    // Done: what the resident typed is no longer needed here.
    s.form = { topic: "", details: "", givenName: "", familyName: "", email: "", privacy: false };
    s.step = "done";
    el.render({ focus: true });
    el.emit("ponte-booking-confirmed", { code, start: s.booking.start, end: s.booking.end, office: s.booking.office, language: s.language });
  } catch (error) {
    s.busy = false;
    if (error.kind === "taken") {
      // A planner's change took the held time: choose again, with the
      // alternatives when the service names some; nothing typed is lost.
      el.reportProblem(error);
      el.stopCountdown();
      s.hold = null;
      s.taken = (error.alternatives ?? []).slice(0, 5);
      s.chosen = null;
      return openDatetime(el);
    }
    if (error.kind === "invalid") {
      el.reportProblem(error);
      const field = fieldOfPath(error.path) ?? "givenName";
      s.errors = { [field]: "errInvalid" };
      s.step = stepOfField(field);
      el.render();
      el.query(`#${FIELD_IDS[field]}`)?.focus();
      el.announce(t(lang, "bFormErrors", { n: 1 }));
      return;
    }
    fail(el, error, () => confirm(el));
  }
}

// ------------------------------------------------------------- countdown

function tick(el) {
  const h = el.s.hold;
  if (!h) return el.stopCountdown();
  const left = secondsLeft(h.expiresAt, Date.now());
  const node = el.query(".ponte-countdown-time");
  if (node) node.textContent = formatCountdown(left);
  if (left <= 0) return expire(el);
  const due = countdownAnnouncement(left, h.announced);
  if (due !== null) {
    h.announced = due;
    el.announce(t(el.uiLang, "bLeftAnnounce", minutesSeconds(left)));
  }
}

/** The hold is gone (time out, or the service says so): choose again, nothing typed is lost. */
function expire(el) {
  const s = el.s;
  el.stopCountdown();
  if (s.hold) el.emit("ponte-error", { code: "HOLD_EXPIRED", kind: "expired", message: "the held time expired", fatal: false });
  s.hold = null;
  s.busy = false;
  s.problem = { kind: "expired", code: "HOLD_EXPIRED" };
  el.render({ focus: true });
}

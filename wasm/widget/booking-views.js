// HTML of <ponte-booking>'s steps. Every value from outside (the service's
// answers, attributes, what the resident typed) goes through esc().

import { esc, contactHtml, calendarView } from "./view.js";
import { calendarNames, languageName, direction } from "./i18n.js";
import { btext as t } from "./booking-i18n.js";
import { parseDate, monthOf } from "./calendar.js";
import { MAX_DETAILS, slotKey, formatCountdown } from "./booking-logic.js";

/** The numbered steps shown in the progress list (the confirmation is not one). */
const NUMBERED = ["office", "datetime", "details", "applicant", "summary"];
const STEP_TITLE = { office: "stOffice", datetime: "stDatetime", details: "stDetails", applicant: "stApplicant", summary: "stSummary", done: "stDone" };

export function longDate(lang, day) {
  const { y, m, d } = parseDate(day);
  return calendarNames(lang).longDate(y, m, d);
}

/** "giovedì 10 dicembre 2026, 09:00–10:00" of a slot. */
export function when(lang, slot) {
  // The range is isolated left to right (U+2066 ... U+2069) so that RTL text does not swap its ends.
  return `${longDate(lang, slot.start.slice(0, 10))}, \u2066${slot.start.slice(11, 16)}–${slot.end.slice(11, 16)}\u2069`;
}

export function officeLabel(office) {
  if (!office) return "";
  const name = office.name || office.id;
  const town = office.municipality_name || office.municipality || "";
  return !town || name.includes(town) ? name : `${name} – ${town}`;
}

/** The progress list (Designers Italia's "step N di 5"). */
export function progressView(lang, step) {
  const index = NUMBERED.indexOf(step);
  if (index < 0) return "";
  const items = NUMBERED.map((s, i) => {
    const state = i < index ? "ponte-step-done" : i === index ? "ponte-step-current" : "";
    return `<li class="${state}"${i === index ? ' aria-current="step"' : ""}>${esc(t(lang, STEP_TITLE[s]))}</li>`;
  }).join("");
  return `<nav class="ponte-progress" aria-label="${esc(t(lang, "bSteps"))}"><ol>${items}</ol></nav>`;
}

/** A step: its heading (focused when the step opens), then `body`. */
export function stepView(lang, step, level, body, { note = false } = {}) {
  const index = NUMBERED.indexOf(step);
  const count = index >= 0 ? `<span class="ponte-step-count">${esc(t(lang, "bStepOf", { n: index + 1, total: NUMBERED.length }))}</span> ` : "";
  const h = Math.min(6, level + 1);
  const sub = Math.min(6, level + 2);
  // Headings inside a step are written <h4>; they sit one level below the step's.
  const inner = body.replaceAll("<h4", `<h${sub}`).replaceAll("</h4>", `</h${sub}>`);
  return `${progressView(lang, step)}<div class="ponte-step" data-step="${step}">
    <h${h} class="ponte-step-title" id="ponte-step-title" tabindex="-1">${count}${esc(t(lang, STEP_TITLE[step]))}</h${h}>
    ${note ? `<p class="ponte-hint">${esc(t(lang, "bRequiredNote"))}</p>` : ""}${inner}</div>`;
}

export function navView(lang, { back = true, next = "bNext", busy = false } = {}) {
  return `<div class="ponte-nav">${back ? `<button type="button" class="ponte-back ponte-secondary">${esc(t(lang, "bBack"))}</button>` : ""}
    <button type="submit" class="ponte-forward"${busy ? ' aria-disabled="true"' : ""}>${esc(t(lang, busy ? "bWait" : next))}</button></div>`;
}

/** A field's label, with the asterisk of a required field. */
function label(lang, id, key, required) {
  return `<label class="ponte-label" for="${id}">${esc(t(lang, key))}${required ? ' <span aria-hidden="true">*</span>' : ""}</label>`;
}

/** The error line of a field (empty when none). */
function fieldError(lang, id, key) {
  return key ? `<p class="ponte-field-error" id="${id}-error"><span aria-hidden="true">⚠ </span>${esc(t(lang, key))}</p>` : "";
}

function invalidAttrs(id, key, hint) {
  const described = [hint ? `${id}-hint` : "", key ? `${id}-error` : ""].filter(Boolean).join(" ");
  return `${key ? ' aria-invalid="true"' : ""}${described ? ` aria-describedby="${described}"` : ""}`;
}

export function officeStep(lang, { offices, office, languages, language }) {
  if (!offices.length) return `<p class="ponte-notice">${esc(t(lang, "bNoOffices"))}</p>`;
  const officeOptions = offices.map((o) => `<option value="${esc(o.id)}"${o.id === office ? " selected" : ""}>${esc(officeLabel(o))}</option>`).join("");
  const languageOptions = languages.map((c) => `<option value="${esc(c)}"${c === language ? " selected" : ""}>${esc(languageName(c, lang))}</option>`).join("");
  return `<p>${esc(t(lang, "bOfficeIntro"))}</p>
    <div class="ponte-field">${label(lang, "ponte-office", "office", true)}<select id="ponte-office" required>${officeOptions}</select></div>
    <div class="ponte-field">${label(lang, "ponte-language", "language", true)}<select id="ponte-language" required>${languageOptions}</select></div>`;
}

/** The free times of a day and the alternatives after SLOT_TAKEN: one radio group. */
export function timesList(lang, legend, slots, chosen, cls = "") {
  const radios = slots
    .map((s) => {
      const key = slotKey(s);
      const day = cls ? `<span class="ponte-modalities">${esc(longDate(lang, s.start.slice(0, 10)))}</span>` : "";
      return `<label class="ponte-time">
        <input type="radio" name="ponte-time" value="${esc(key)}"${key === chosen ? " checked" : ""}>
        <span class="ponte-time-range" dir="ltr">${esc(s.start.slice(11, 16))}–${esc(s.end.slice(11, 16))}</span>
        <span class="ponte-modalities">${esc(t(lang, s.modality || "in_person"))}</span>${day}</label>`;
    })
    .join("");
  return `<fieldset class="ponte-times ${cls}"><legend>${esc(legend)}</legend><div class="ponte-time-list">${radios}</div></fieldset>`;
}

export function datetimeStep(lang, { byDay, month, focus, day, chosen, duration, taken, loading }) {
  if (loading) return `<p class="ponte-loading">${esc(t(lang, "bLoadingSlots"))}</p>`;
  let html = duration ? `<p class="ponte-duration">${esc(t(lang, "duration", { n: duration }))}</p>` : "";
  if (taken) {
    html += `<div class="ponte-alert" role="alert" data-state="taken"><p class="ponte-alert-title"><strong>${esc(t(lang, "bTakenTitle"))}</strong></p>
      <p>${esc(t(lang, taken.length ? "bTakenBody" : "bNoAlternatives"))}</p></div>`;
    if (taken.length) html += timesList(lang, t(lang, "bAlternatives"), taken, chosen, "ponte-alternatives");
  }
  if (!byDay.size) return html + `<p class="ponte-hint">${esc(t(lang, "nothing"))}</p>`;
  const counts = new Map([...byDay].map(([d, slots]) => [d, slots.length]));
  const months = [...counts.keys()].map(monthOf).sort();
  html += calendarView(lang, direction(lang), {
    month,
    counts,
    focus,
    selected: day,
    canPrev: months[0] < monthOf(month),
    canNext: months[months.length - 1] > monthOf(month),
  });
  html += `<div class="ponte-times-area">${
    day && byDay.get(day) ? timesList(lang, t(lang, "times", { day: longDate(lang, day) }), byDay.get(day), chosen) : `<p class="ponte-hint">${esc(t(lang, "pickDay"))}</p>`
  }</div>`;
  return html;
}

/** The hold's banner: the time kept and the countdown (announced by the element). */
export function holdView(lang, slot, left) {
  return `<p>${esc(t(lang, "bHeld", { when: when(lang, slot) }))}</p>
    <p class="ponte-countdown">${esc(t(lang, "bTimeLeft", { time: "" }))}<strong dir="ltr" class="ponte-countdown-time">${formatCountdown(left)}</strong></p>`;
}

export function detailsStep(lang, { topics, form, errors }) {
  const topicField = topics.length
    ? `${label(lang, "ponte-topic", "bTopic", true)}<select id="ponte-topic" required${invalidAttrs("ponte-topic", errors.topic)}>
        <option value="">${esc(t(lang, "bTopicChoose"))}</option>${topics.map((x) => `<option${x === form.topic ? " selected" : ""}>${esc(x)}</option>`).join("")}</select>`
    : `${label(lang, "ponte-topic", "bTopic", false)}<input id="ponte-topic" maxlength="${MAX_DETAILS}" value="${esc(form.topic)}"${invalidAttrs("ponte-topic", errors.topic)}>`;
  const left = MAX_DETAILS - form.details.length;
  return `<div class="ponte-field">${topicField}${fieldError(lang, "ponte-topic", errors.topic)}</div>
    <div class="ponte-field">${label(lang, "ponte-details", "bDetails", false)}
      <p class="ponte-hint" id="ponte-details-hint">${esc(t(lang, "bDetailsHint", { n: MAX_DETAILS }))} <span class="ponte-counter">${esc(t(lang, "bCharsLeft", { n: left }))}</span></p>
      <textarea id="ponte-details" rows="4" maxlength="${MAX_DETAILS}"${invalidAttrs("ponte-details", errors.details, true)}>${esc(form.details)}</textarea>
      ${fieldError(lang, "ponte-details", errors.details)}</div>`;
}

export function applicantStep(lang, { form, errors }) {
  const field = (id, key, name, type, autocomplete) =>
    `<div class="ponte-field">${label(lang, id, key, true)}<input id="${id}" name="${name}" type="${type}" autocomplete="${autocomplete}" required aria-required="true"${
      type === "email" ? ' dir="ltr" inputmode="email"' : ""
    } value="${esc(form[name])}"${invalidAttrs(id, errors[name])}>${fieldError(lang, id, errors[name])}</div>`;
  return `<p>${esc(t(lang, "bApplicantIntro"))}</p>
    ${field("ponte-given-name", "bGivenName", "givenName", "text", "given-name")}
    ${field("ponte-family-name", "bFamilyName", "familyName", "text", "family-name")}
    ${field("ponte-email", "bEmail", "email", "email", "email")}`;
}

function summaryBlock(lang, key, step, rows) {
  const dl = rows
    .filter(([, v]) => v)
    .map(([k, v, ltr]) => `<dt>${esc(t(lang, k))}</dt><dd${ltr ? ' dir="ltr"' : ""}>${esc(v)}</dd>`)
    .join("");
  return `<div class="ponte-summary-block"><div class="ponte-summary-head"><h4 class="ponte-summary-title">${esc(t(lang, key))}</h4>
    <button type="button" class="ponte-edit ponte-secondary" data-goto="${step}" aria-label="${esc(t(lang, "bEditLabel", { section: t(lang, key) }))}">${esc(t(lang, "bEdit"))}</button></div><dl>${dl}</dl></div>`;
}

export function summaryStep(lang, { office, language, slot, form, privacyUrl, privacyError }) {
  const blocks = [
    summaryBlock(lang, "stOffice", "office", [["office", officeLabel(office)], ["language", languageName(language, lang)]]),
    summaryBlock(lang, "stDatetime", "datetime", [["bWhen", when(lang, slot)], ["bModality", t(lang, slot.modality || "in_person")]]),
    summaryBlock(lang, "stDetails", "details", [["bTopic", form.topic || "—"], ["bDetails", form.details || "—"]]),
    summaryBlock(lang, "stApplicant", "applicant", [["bGivenName", form.givenName], ["bFamilyName", form.familyName], ["bEmail", form.email, true]]),
  ].join("");
  const link = privacyUrl ? ` <a href="${esc(privacyUrl)}" data-element="privacy-policy-link" target="_blank" rel="noopener">${esc(t(lang, "bPrivacyLink"))}</a>` : "";
  return `<p>${esc(t(lang, "bSummaryIntro"))}</p>${blocks}
    <div class="ponte-privacy"><p id="ponte-privacy-hint">${esc(t(lang, "bPrivacyNotice"))}${link}</p>
      <div class="ponte-check"><input type="checkbox" id="ponte-privacy" required aria-required="true"${form.privacy ? " checked" : ""}${invalidAttrs("ponte-privacy", privacyError, true)}>
      ${label(lang, "ponte-privacy", "bPrivacyAccept", true)}</div>${fieldError(lang, "ponte-privacy", privacyError)}</div>`;
}

export function doneStep(lang, { booking, office, bring, address, cancelUrl, icsUrl }) {
  const slot = { start: booking.start, end: booking.end };
  const day = longDate(lang, slot.start.slice(0, 10));
  const code = `<strong dir="ltr" class="ponte-code">${esc(booking.code || booking.booking)}</strong>`;
  return `<div class="ponte-success" data-state="confirmed"><p>${esc(t(lang, "bConfirmedWhen", { day, start: slot.start.slice(11, 16), end: slot.end.slice(11, 16) }))}</p>
    <p>${t(lang, "bCode", { code: "\u0000" }).split("\u0000").map(esc).join(code)}</p></div>
    <h4>${esc(t(lang, "bBring"))}</h4><p>${esc(bring || t(lang, "bBringDefault"))}</p>
    <h4>${esc(t(lang, "bAddress"))}</h4><p>${esc(officeLabel(office) || booking.office_name || booking.office)}${address ? `<br>${esc(address)}` : ""}</p>
    <h4>${esc(t(lang, "bCalendar"))}</h4><p><a class="ponte-ics" href="${esc(icsUrl)}" download="appuntamento-${esc(booking.code || booking.booking)}.ics">${esc(t(lang, "bIcs"))}</a></p>
    <h4>${esc(t(lang, "bCancelTitle"))}</h4><p>${esc(t(lang, "bCancelHint"))} <a class="ponte-cancel-link" href="${esc(cancelUrl)}">${esc(t(lang, "bCancelLink"))}</a></p>`;
}

/** A failure the resident can act on: title, body, contact, code, and retry or another button. */
export function problemView(lang, { title, body, code, contact, button, state }) {
  const contactLine = contact === null ? "" : contact ? t(lang, "contactLine", { contact: "\u0000" }).split("\u0000").map(esc).join(contactHtml(contact)) : esc(t(lang, "noContactLine"));
  const codeLine = code ? `<p class="ponte-alert-code">${t(lang, "supportCode", { code: "\u0000" }).split("\u0000").map(esc).join(`<code dir="ltr">${esc(code)}</code>`)}</p>` : "";
  return `<div class="ponte-alert" role="alert" data-state="${esc(state)}"><p class="ponte-alert-title"><strong>${esc(t(lang, title))}</strong></p>
    ${body ? `<p>${esc(t(lang, body))}</p>` : ""}${contactLine ? `<p>${contactLine}</p>` : ""}${codeLine}</div>
    ${button ? `<button type="button" class="ponte-retry" data-action="${esc(button.action)}">${esc(t(lang, button.key))}</button>` : ""}`;
}

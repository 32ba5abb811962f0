// HTML of <ponte-slot-picker>'s parts. Every value from outside (snapshot,
// attributes) goes through esc(); the element wires the events.

import { monthWeeks, parseDate, mondayIndex, addClock } from "./calendar.js";
import { text, calendarNames, languageName, ENGINE_UNAVAILABLE_IT, fill } from "./i18n.js";

/** Escapes text for HTML content and attribute values. */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** The contact text, with e-mail addresses and phone numbers as links. */
export function contactHtml(contact) {
  const pattern = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(\+?\d[\d .]{5,}\d)/g;
  let html = "";
  let last = 0;
  for (const match of contact.matchAll(pattern)) {
    html += esc(contact.slice(last, match.index));
    const [whole, mail] = match;
    const href = mail ? `mailto:${whole}` : `tel:${whole.replace(/[ .]/g, "")}`;
    html += `<a href="${esc(href)}" dir="ltr">${esc(whole)}</a>`;
    last = match.index + whole.length;
  }
  return html + esc(contact.slice(last));
}

/** Loading state. */
export function loadingView(lang) {
  return `<p class="ponte-loading">${esc(text(lang, "loading"))}</p>`;
}

/** WebAssembly could not start: an Italian message and the fallback contact. */
export function engineUnavailableView(lang, contact) {
  const m = ENGINE_UNAVAILABLE_IT;
  const contactLine = contact
    ? fill(esc(m.contact), { contact: contactHtml(contact) })
    : esc(m.noContact);
  const translated =
    lang !== "it" && contact
      ? `<p lang="${esc(lang)}">${fill(esc(text(lang, "contactLine")), { contact: contactHtml(contact) })}</p>`
      : "";
  return `<div class="ponte-alert" role="alert" lang="it" dir="ltr">
    <p class="ponte-alert-title"><strong>${esc(m.title)}</strong></p>
    <p>${esc(m.body)}</p>
    <p>${contactLine}</p>
  </div>${translated}`;
}

/** What each error code tells the resident: [title, reason, retry?]. */
const ERROR_TEXTS = {
  SNAPSHOT_UNAVAILABLE: ["snapshotError", "errorUnavailable", true],
  SNAPSHOT_TOO_LARGE: ["snapshotError", "errorTooLarge", false],
  SNAPSHOT_NOT_JSON: ["snapshotError", "errorBadData", false],
  SNAPSHOT_WRONG_FORMAT: ["snapshotError", "errorBadData", false],
  SNAPSHOT_INVALID: ["snapshotError", "errorBadData", false],
  BAD_ATTRIBUTE: ["configError", null, false],
  INTERNAL: ["internalError", null, true],
};

/**
 * A failure the widget cannot get past (an error detail `{code}` of its
 * `ponte-error` event): what happened, in the UI language, the contact (or
 * where to go without one), the code to quote, and "try again" where that
 * may help.
 */
export function errorView(lang, error, contact) {
  const [title, reason, retry] = ERROR_TEXTS[error.code] ?? ERROR_TEXTS.INTERNAL;
  const contactLine = contact ? fill(esc(text(lang, "contactLine")), { contact: contactHtml(contact) }) : esc(text(lang, "noContactLine"));
  const code = fill(esc(text(lang, "supportCode")), { code: `<code dir="ltr">${esc(error.code)}</code>` });
  return `<div class="ponte-alert" role="alert">
    <p class="ponte-alert-title"><strong>${esc(text(lang, title))}</strong></p>
    ${reason ? `<p>${esc(text(lang, reason))}</p>` : ""}
    <p>${contactLine}</p>
    <p class="ponte-alert-code">${code}</p>
  </div>${retry ? `<button type="button" class="ponte-retry">${esc(text(lang, "retry"))}</button>` : ""}`;
}

/** A note above the choices (the page's office is not in the snapshot). */
export function noticeView(lang, key) {
  return `<p class="ponte-notice">${esc(text(lang, key))}</p>`;
}

/** Office and language choices. */
export function filtersView(lang, { offices, office, fixedOffice, languages, language, duration }) {
  const officeField = fixedOffice
    ? `<p class="ponte-field"><span class="ponte-label">${esc(text(lang, "office"))}</span>
         <span class="ponte-value">${esc(officeLabel(fixedOffice))}</span></p>`
    : `<div class="ponte-field"><label class="ponte-label" for="ponte-office">${esc(text(lang, "office"))}</label>
         <select id="ponte-office">${offices
           .map((o) => `<option value="${esc(o.id)}"${o.id === office ? " selected" : ""}>${esc(officeLabel(o))}</option>`)
           .join("")}</select></div>`;
  const languageField = `<div class="ponte-field"><label class="ponte-label" for="ponte-language">${esc(text(lang, "language"))}</label>
      <select id="ponte-language">${languages
        .map((code) => `<option value="${esc(code)}"${code === language ? " selected" : ""}>${esc(languageName(code, lang))}</option>`)
        .join("")}</select></div>`;
  const durationLine = duration ? `<p class="ponte-duration">${esc(text(lang, "duration", { n: duration }))}</p>` : "";
  return `<div class="ponte-filters">${officeField}${languageField}</div>${durationLine}`;
}

function officeLabel(office) {
  const named = !office.municipality || office.name.includes(office.municipality);
  return named ? office.name : `${office.name} – ${office.municipality}`;
}

/**
 * The month grid (WAI-ARIA grid pattern): `counts` maps a date to its
 * number of free times; `focus` is the one cell in the tab order.
 */
export function calendarView(lang, dir, { month, counts, focus, selected, canPrev, canNext }) {
  const names = calendarNames(lang);
  const { y, m } = parseDate(month);
  // "Previous" points outward: left in LTR, right in RTL. The glyphs are set
  // left-to-right so that bidi mirroring cannot flip them a second time.
  const [prevGlyph, nextGlyph] = dir === "rtl" ? ["›", "‹"] : ["‹", "›"];
  const head = [1, 2, 3, 4, 5, 6, 0]
    .map((d) => `<th scope="col" abbr="${esc(names.weekday(d))}"><span aria-hidden="true">${esc(names.weekdayShort(d))}</span><span class="ponte-sr">${esc(names.weekday(d))}</span></th>`)
    .join("");
  const rows = monthWeeks(month)
    .map((week) => `<tr>${week.map((day) => dayCell(lang, names, day, counts, focus, selected)).join("")}</tr>`)
    .join("");
  return `<div class="ponte-calendar">
    <div class="ponte-month-nav">
      <button type="button" class="ponte-prev" aria-label="${esc(text(lang, "prevMonth"))}"${canPrev ? "" : " disabled"}><span aria-hidden="true" dir="ltr">${prevGlyph}</span></button>
      <h3 class="ponte-month" id="ponte-month">${esc(names.monthYear(y, m))}</h3>
      <button type="button" class="ponte-next" aria-label="${esc(text(lang, "nextMonth"))}"${canNext ? "" : " disabled"}><span aria-hidden="true" dir="ltr">${nextGlyph}</span></button>
    </div>
    <table role="grid" class="ponte-grid" aria-labelledby="ponte-month">
      <thead><tr>${head}</tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </div>`;
}

function dayCell(lang, names, day, counts, focus, selected) {
  if (!day) return `<td role="gridcell" class="ponte-empty"></td>`;
  const { y, m, d } = parseDate(day);
  const n = counts.get(day) ?? 0;
  const label = `${names.longDate(y, m, d)}, ${n ? text(lang, "freeCount", { n }) : text(lang, "noFree")}`;
  const classes = ["ponte-day", n ? "ponte-free" : "ponte-none", mondayIndex(day) >= 5 ? "ponte-weekend" : ""].join(" ");
  return `<td role="gridcell" class="${classes}" data-date="${day}" tabindex="${day === focus ? 0 : -1}"
    aria-selected="${day === selected}"${n ? "" : ' aria-disabled="true"'} aria-label="${esc(label)}"><span aria-hidden="true">${d}</span></td>`;
}

/** Free times of the selected day (a native radio group) and the confirm button. */
export function timesView(lang, { day, options, chosen, duration }) {
  if (!day) return `<p class="ponte-hint">${esc(text(lang, "pickDay"))}</p>`;
  const names = calendarNames(lang);
  const { y, m, d } = parseDate(day);
  const legend = text(lang, "times", { day: names.longDate(y, m, d) });
  const radios = options
    .map((option) => {
      const start = option.start.slice(11, 16);
      const end = duration ? addClock(start, duration) : option.end.slice(11, 16);
      const modalities = option.modalities.map((x) => text(lang, x)).join(" · ");
      return `<label class="ponte-time">
        <input type="radio" name="ponte-time" value="${esc(option.start)}"${option.start === chosen ? " checked" : ""}>
        <span class="ponte-time-range" dir="ltr">${start}–${end}</span>
        <span class="ponte-modalities">${esc(modalities)}</span></label>`;
    })
    .join("");
  return `<fieldset class="ponte-times"><legend>${esc(legend)}</legend><div class="ponte-time-list">${radios}</div></fieldset>
    <button type="button" class="ponte-confirm">${esc(text(lang, "confirm"))}</button>`;
}

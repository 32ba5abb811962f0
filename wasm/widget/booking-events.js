// The events of <ponte-booking>'s steps: clicks, typing (kept in the
// element's memory only) and the calendar's keyboard (the WAI-ARIA grid
// of the slot picker, with the arrows mirrored right to left).

import { btext as t } from "./booking-i18n.js";
import * as v from "./booking-views.js";
import { addMonths, dayAfterKey, monthOf } from "./calendar.js";
import { direction } from "./i18n.js";
import { findSlot, MAX_DETAILS } from "./booking-logic.js";
import { back, goto, loadOffices, openDatetime, languagesOf } from "./booking-flow.js";

export function onClick(el, event) {
  const target = event.target;
  const s = el.s;
  const retry = target.closest?.(".ponte-retry");
  if (retry) {
    if (retry.dataset.action === "choose-again") {
      s.problem = null;
      s.chosen = null;
      s.taken = null;
      return openDatetime(el);
    }
    const again = s.problem?.retry;
    s.problem = null;
    return again ? again() : loadOffices(el, true);
  }
  if (target.closest?.(".ponte-back")) return back(el);
  const edit = target.closest?.(".ponte-edit");
  if (edit) return goto(el, edit.dataset.goto);
  const cell = target.closest?.("td[data-date]");
  if (cell) return selectDay(el, cell.dataset.date);
  if (target.closest?.(".ponte-prev")) return moveMonth(el, -1);
  if (target.closest?.(".ponte-next")) return moveMonth(el, 1);
}

export function onInput(el, event) {
  const target = event.target;
  const s = el.s;
  const f = s.form;
  if (target.id === "ponte-office") {
    if (event.type !== "change") return;
    s.office = target.value;
    const languages = languagesOf(s.offices.find((o) => o.id === s.office));
    if (!languages.includes(s.language)) s.language = languages[0] ?? null;
    el.render();
    el.query("#ponte-office")?.focus();
  } else if (target.id === "ponte-language") s.language = target.value;
  else if (target.name === "ponte-time") s.chosen = target.value;
  else if (target.id === "ponte-topic") f.topic = target.value.slice(0, MAX_DETAILS);
  else if (target.id === "ponte-details") {
    f.details = target.value.slice(0, MAX_DETAILS);
    const counter = el.query(".ponte-counter");
    if (counter) counter.textContent = t(el.uiLang, "bCharsLeft", { n: MAX_DETAILS - f.details.length });
  } else if (target.id === "ponte-given-name") f.givenName = target.value;
  else if (target.id === "ponte-family-name") f.familyName = target.value;
  else if (target.id === "ponte-email") f.email = target.value;
  else if (target.id === "ponte-privacy") f.privacy = target.checked;
}

export function onKeydown(el, event) {
  const cell = event.target.closest?.("td[data-date]");
  if (!cell) return;
  const rtl = direction(el.uiLang) === "rtl";
  const day = cell.dataset.date;
  const next = dayAfterKey(day, event.key, event.shiftKey, rtl);
  if (next) {
    event.preventDefault();
    focusDay(el, next);
  } else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    selectDay(el, day);
  }
}

function focusDay(el, day) {
  const s = el.s;
  s.focus = day;
  if (monthOf(day) !== monthOf(s.month)) {
    s.month = `${day.slice(0, 8)}01`;
    el.render();
  } else {
    for (const td of el.queryAll("td[data-date]")) td.tabIndex = td.dataset.date === day ? 0 : -1;
  }
  el.query(`td[data-date="${day}"]`)?.focus();
}

function moveMonth(el, delta) {
  const s = el.s;
  const target = addMonths(s.month, delta);
  const days = [...(s.byDay?.keys() ?? [])].filter((d) => monthOf(d) === monthOf(target));
  s.focus = days[0] ?? target;
  s.month = target;
  el.render();
  const button = el.query(delta < 0 ? ".ponte-prev" : ".ponte-next");
  (button && !button.disabled ? button : el.query(`td[data-date="${s.focus}"]`))?.focus();
}

function selectDay(el, day) {
  const s = el.s;
  const lang = el.uiLang;
  const slots = s.byDay?.get(day) ?? [];
  focusDay(el, day);
  if (!slots.length) return el.announce(t(lang, "pickDay"));
  s.day = day;
  if (!findSlot(s.taken ?? [], s.chosen)) s.chosen = null;
  for (const td of el.queryAll("td[data-date]")) td.setAttribute("aria-selected", String(td.dataset.date === day));
  const area = el.query(".ponte-times-area");
  if (area) area.innerHTML = v.timesList(lang, t(lang, "times", { day: v.longDate(lang, day) }), slots, s.chosen);
  el.announce(t(lang, "daySelected", { day: v.longDate(lang, day), n: slots.length }));
}

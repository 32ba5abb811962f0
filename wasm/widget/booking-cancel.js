// <ponte-booking>'s cancel mode: the page was opened from the link of the
// confirmation (?ponte-cancel=CODE#token=TOKEN), or the element has
// mode="cancel" booking="CODE" token="TOKEN". It shows the booking (date,
// time, office: never the applicant's data, which the service returns to
// the token's holder) and cancels it.

import { btext as t } from "./booking-i18n.js";
import { esc } from "./view.js";
import * as v from "./booking-views.js";

export function start(el, { code, token }) {
  el.s.cancel = { code: String(code), token: String(token), state: "loading", booking: null, busy: false };
  el._frame();
  el.render();
  return load(el, false);
}

async function load(el, focus) {
  const c = el.s.cancel;
  c.state = "loading";
  el.render();
  try {
    const b = await el.api().booking(c.code, c.token);
    c.booking = { start: String(b.start ?? ""), end: String(b.end ?? ""), office: String(b.office ?? ""), office_name: b.office_name ? String(b.office_name) : "" };
    c.state = b.status === "cancelled" ? "cancelled" : "ready";
    if (!c.booking.office_name) {
      // The booking names the office by id: its name from the public list.
      try {
        const office = (await el.api().offices()).find((o) => o?.id === c.booking.office);
        if (office) c.booking.office_name = v.officeLabel(office);
      } catch {
        // the id will do
      }
    }
  } catch (error) {
    failed(el, error, () => load(el, true));
  }
  el.render({ focus });
}

async function cancelIt(el) {
  const c = el.s.cancel;
  if (c.busy) return;
  c.busy = true;
  el.render();
  el.query(".ponte-forward")?.focus();
  try {
    await el.api().cancel(c.code, c.token);
    c.state = "done";
    el.emit("ponte-booking-cancelled", { code: c.code });
  } catch (error) {
    failed(el, error, () => cancelIt(el));
  }
  c.busy = false;
  el.render({ focus: true });
}

function failed(el, error, retry) {
  const c = el.s.cancel;
  const detail = el.reportProblem(error);
  c.code_ = detail.code;
  c.retry = retry;
  c.state = { cancelled: "cancelled", "too-late": "too-late", "not-found": "not-found", unreachable: "unreachable" }[detail.kind] ?? "refused";
}

export function view(el) {
  const c = el.s.cancel;
  const lang = el.uiLang;
  const h = Math.min(6, el.level + 1);
  const heading = `<h${h} class="ponte-step-title" id="ponte-step-title" tabindex="-1">${esc(t(lang, c.state === "done" ? "cDoneTitle" : "cTitle"))}</h${h}>`;
  const about = c.booking?.start
    ? `<p>${esc(t(lang, "cAbout", { day: v.longDate(lang, c.booking.start.slice(0, 10)), start: c.booking.start.slice(11, 16), end: c.booking.end.slice(11, 16) }))}</p>
       <p>${esc(v.officeLabel({ id: c.booking.office, name: c.booking.office_name || c.booking.office }))}</p>`
    : "";
  const code = `<p>${t(lang, "bCode", { code: "\u0000" }).split("\u0000").map(esc).join(`<strong dir="ltr">${esc(c.code)}</strong>`)}</p>`;
  let body;
  switch (c.state) {
    case "loading":
      body = `<p class="ponte-loading">${esc(t(lang, "cLoading"))}</p>`;
      break;
    case "ready":
      body = `${about}${code}<div class="ponte-nav"><button type="submit" class="ponte-forward ponte-danger"${c.busy ? ' aria-disabled="true"' : ""}>${esc(t(lang, c.busy ? "bWait" : "cButton"))}</button></div>`;
      break;
    case "done":
      body = `<div class="ponte-success" data-state="cancelled"><p>${esc(t(lang, "cDone"))}</p></div>${about}${code}`;
      break;
    case "cancelled":
      body = `<p class="ponte-notice" data-state="already-cancelled">${esc(t(lang, "cAlready"))}</p>${code}`;
      break;
    case "unreachable":
      body = v.problemView(lang, { title: "bUnreachableTitle", body: null, code: c.code_, contact: el.contact, button: { action: "retry", key: "retry" }, state: "unreachable" });
      break;
    default:
      body = v.problemView(lang, { title: c.state === "too-late" ? "cTooLate" : c.state === "not-found" ? "cNotFound" : "bRefused", code: c.code_, contact: el.contact, state: c.state });
  }
  return `<div class="ponte-step" data-step="cancel">${heading}${body}</div>`;
}

export function onClick(el, event) {
  if (event.target.closest?.(".ponte-retry")) {
    const retry = el.s.cancel.retry;
    if (retry) retry();
  }
}

export function onSubmit(el) {
  if (el.s.cancel.state === "ready") cancelIt(el);
}

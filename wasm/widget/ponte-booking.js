// <ponte-booking>: the whole appointment booking of the Designers Italia
// model for municipal sites (place, date and time, details, applicant,
// summary, confirmation) against Ponte's booking service. Live mode only:
// the free times come from the service, so no WebAssembly is loaded.
//
//   <script type="module" src="/ponte/widget/ponte-booking.js"></script>
//   <ponte-booking api="/v1/networks/visconteo" lang="it" privacy-url="/privacy"
//       contact="Sportello stranieri, tel. 02 8920 1234"></ponte-booking>
//
// Attributes, events, privacy and the cancel mode: README.md. The flow's
// state lives in this element's fields only (never storage, the console
// or events); ./booking-flow.js holds the steps' actions,
// ./booking-events.js their events, ./booking-cancel.js the cancel mode.

import { BookingApi, ApiError } from "./api.js";
import { direction } from "./i18n.js";
import { btext as t } from "./booking-i18n.js";
import { localNow } from "./calendar.js";
import { readCancelLink } from "./booking-logic.js";
import { esc } from "./view.js";
import * as flow from "./booking-flow.js";
import * as events from "./booking-events.js";
import * as cancel from "./booking-cancel.js";

const STYLES = ["./ponte-slot-picker.css", "./ponte-booking.css"].map((p) => new URL(p, import.meta.url).href);
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export class PonteBooking extends HTMLElement {
  static observedAttributes = ["api", "lang", "office", "language", "duration", "contact", "heading-level", "mode"];

  constructor() {
    super();
    this._root = this.attachShadow({ mode: "open" });
    this._timer = null;
    this._reset();
  }

  _reset() {
    this._stopCountdown();
    this.s = {
      step: "office",
      offices: null,
      office: null,
      language: null,
      timezone: "Europe/Rome",
      slots: [],
      month: null,
      focus: null,
      day: null,
      chosen: null,
      taken: null,
      hold: null,
      form: { topic: "", details: "", givenName: "", familyName: "", email: "", privacy: false },
      errors: {},
      problem: null,
      busy: false,
      loading: false,
      booking: null,
      cancel: null,
    };
  }

  /** The logged-in resident's data (a host's own sign-in): prefills the applicant's step. */
  set applicant(value) {
    const f = this.s.form;
    for (const [from, to] of [["givenName", "givenName"], ["familyName", "familyName"], ["email", "email"]]) {
      if (typeof value?.[from] === "string" && !f[to]) f[to] = value[from];
    }
    if (this.s.step === "applicant") this.render();
  }

  get step() {
    return this.s.step;
  }

  connectedCallback() {
    this._guard(() => {
      this._frame();
      const link = this.getAttribute("mode") === "cancel" ? { code: this.getAttribute("booking"), token: this.getAttribute("token") } : readCancelLink(location.href);
      if (link?.code && link?.token) {
        if (link.lang && ["it", "en", "ar", "ur", "zh", "ro", "sq", "uk", "ti", "fr", "es"].includes(link.lang)) this._linkLang = link.lang;
        return cancel.start(this, link);
      }
      flow.start(this);
    });
  }

  disconnectedCallback() {
    this._stopCountdown();
  }

  attributeChangedCallback(name, before, after) {
    if (!this._body || before === after) return;
    this._guard(() => {
      if (name === "lang" || name === "heading-level" || name === "contact") {
        this._frame();
        this.render({ focus: false });
      }
    });
  }

  // ------------------------------------------------------------- inputs

  get uiLang() {
    // A cancel link names the language the resident booked in.
    const l = (this._linkLang || this.getAttribute("lang") || "it").toLowerCase().split(/[-_]/)[0];
    return ["it", "en", "ar", "ur", "zh", "ro", "sq", "uk", "ti", "fr", "es"].includes(l) ? l : "it";
  }

  get level() {
    const n = Number(this.getAttribute("heading-level"));
    return n >= 2 && n <= 5 ? Math.floor(n) : 2;
  }

  get duration() {
    const n = Number(this.getAttribute("duration"));
    return Number.isInteger(n) && n >= 1 && n <= 1440 ? n : 60;
  }

  get contact() {
    return this.getAttribute("contact") || "";
  }

  /** The earliest start offered: `not-before`, else now in the network's zone. */
  notBefore() {
    const v = (this.getAttribute("not-before") || "").trim();
    return LOCAL.test(v) ? v : localNow(this.s.timezone);
  }

  topics() {
    return (this.getAttribute("topics") || "").split("|").map((x) => x.trim()).filter(Boolean);
  }

  /** The service's client, or an ApiError BAD_ATTRIBUTE. */
  api() {
    if (!this._api || this._apiFor !== this.getAttribute("api")) {
      const value = this.getAttribute("api");
      if (!value || !value.trim()) throw new ApiError("refused", "BAD_ATTRIBUTE", "api: missing (the URL of the network, e.g. /v1/networks/visconteo)");
      this._api = new BookingApi(value, { baseUrl: document.baseURI });
      this._apiFor = value;
    }
    return this._api;
  }

  // ---------------------------------------------------------- rendering

  _frame() {
    const lang = this.uiLang;
    const level = this.level;
    const cancelMode = Boolean(this.s.cancel);
    this._root.innerHTML = `${STYLES.map((h) => `<link rel="stylesheet" href="${esc(h)}">`).join("")}
      <section class="ponte ponte-booking" data-element="appointment-booking" lang="${lang}" dir="${direction(lang)}" aria-labelledby="ponte-heading">
        <h${level} class="ponte-heading" id="ponte-heading">${esc(t(lang, cancelMode ? "cHeading" : "bHeading"))}</h${level}>
        <div class="ponte-hold" hidden></div>
        <form class="ponte-body" novalidate></form>
        <p class="ponte-status" role="status" aria-live="polite"></p>
      </section>`;
    this._body = this._root.querySelector(".ponte-body");
    this._holdBox = this._root.querySelector(".ponte-hold");
    this._live = this._root.querySelector(".ponte-status");
    const section = this._root.querySelector(".ponte");
    const on = (type, fn) => section.addEventListener(type, (e) => this._guard(() => fn(e)));
    on("click", (e) => (this.s.cancel ? cancel.onClick(this, e) : events.onClick(this, e)));
    on("keydown", (e) => events.onKeydown(this, e));
    on("change", (e) => events.onInput(this, e));
    on("input", (e) => events.onInput(this, e));
    on("submit", (e) => {
      e.preventDefault();
      if (this.s.cancel) cancel.onSubmit(this);
      else flow.forward(this);
    });
  }

  /** Draws the current step; `focus` moves the focus to its heading. */
  render({ focus = false } = {}) {
    if (!this._body) return;
    this._body.innerHTML = this.s.cancel ? cancel.view(this) : flow.view(this);
    flow.renderHold(this);
    if (focus) {
      // A new step: what the live region said about the last one is stale.
      if (this._live) this._live.textContent = "";
      this.focusHeading();
    }
  }

  focusHeading() {
    this._root.getElementById("ponte-step-title")?.focus();
  }

  query(selector) {
    return this._root.querySelector(selector);
  }

  queryAll(selector) {
    return this._root.querySelectorAll(selector);
  }

  announce(message) {
    if (!this._live) return;
    this._live.textContent = "";
    setTimeout(() => {
      if (this._live) this._live.textContent = message;
    }, 50);
  }

  /** Dispatches a host event; details never carry personal data. */
  emit(name, detail) {
    setTimeout(() => {
      try {
        this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
      } catch {
        // a listener's failure is the host's
      }
    }, 0);
  }

  /** A service failure: code, kind and an English message without bodies. */
  reportProblem(error) {
    const detail = error instanceof ApiError ? { code: error.code, kind: error.kind, message: error.message, fatal: false } : { code: "INTERNAL", kind: "internal", message: `unexpected ${error?.name ?? "error"}`, fatal: true };
    if (error instanceof ApiError && error.status) detail.status = error.status;
    this.emit("ponte-error", detail);
    return detail;
  }

  // ---------------------------------------------------------- countdown

  startCountdown(tick) {
    this._stopCountdown();
    this._timer = setInterval(() => this._guard(tick), 1000);
  }

  _stopCountdown() {
    if (this._timer) clearInterval(this._timer);
    this._timer = null;
  }

  stopCountdown() {
    this._stopCountdown();
  }

  _guard(fn) {
    try {
      return fn();
    } catch (error) {
      try {
        this.s.problem = { kind: "internal", code: "INTERNAL" };
        this.reportProblem(error);
        this.render();
      } catch {
        // nothing more can be done
      }
    }
  }
}

if (!customElements.get("ponte-booking")) customElements.define("ponte-booking", PonteBooking);

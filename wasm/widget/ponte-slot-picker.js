// <ponte-slot-picker>: a booking widget for municipal sites. It shows the
// days with free times (a WAI-ARIA grid) and the free times of a day (a
// radio group), and emits `ponte-slot-selected` with the choice; the host
// site does the booking.
//
//   <script type="module" src="/ponte/widget/ponte-slot-picker.js"></script>
//   <ponte-slot-picker snapshot="/disponibilita.json" office="rozzano-sportello"
//       language="ar" duration="60" lang="it" contact="02 8920 1234"></ponte-slot-picker>
//
// Attributes: snapshot (URL of the availability snapshot), office,
// language (of the meeting), duration (minutes), lang (UI language: it en
// ar ur zh ro sq uk ti fr es), contact (shown when booking online cannot
// work), engine (URL of the wasm package's ponte.js; default ../pkg/ponte.js
// next to this file), not-before (local "YYYY-MM-DDTHH:MM"; default now in
// the snapshot's zone), heading-level (2-6, default 2).
// Slots come from ./slots.js only (the data contract); see README.md.

import { openSlotSource } from "./slots.js";
import { uiLanguage, direction, text, calendarNames } from "./i18n.js";
import { addDays, addMonths, monthOf, mondayIndex, localNow, addClock, parseDate } from "./calendar.js";
import * as view from "./view.js";

const STYLE_URL = new URL("./ponte-slot-picker.css", import.meta.url).href;
const DEFAULT_ENGINE_URL = new URL("../pkg/ponte.js", import.meta.url).href;

export class PonteSlotPicker extends HTMLElement {
  static observedAttributes = ["snapshot", "office", "language", "duration", "lang", "contact", "engine", "not-before", "heading-level"];

  constructor() {
    super();
    this._root = this.attachShadow({ mode: "open" });
    this._source = null;
    this._status = "idle"; // idle | loading | ready | engine-error | snapshot-error
    this._loadToken = 0;
    this._state = { office: null, language: null, month: null, focus: null, day: null, chosen: null };
  }

  connectedCallback() {
    this._renderFrame();
    this._load();
  }

  attributeChangedCallback(name, before, after) {
    if (!this.isConnected || before === after) return;
    if (name === "snapshot" || name === "engine") return this._load();
    if (name === "office") this._state.office = null;
    if (name === "language") this._state.language = null;
    this._renderFrame();
    this._renderBody();
  }

  get uiLang() {
    return uiLanguage(this.getAttribute("lang") || "it");
  }

  get duration() {
    const n = Number.parseInt(this.getAttribute("duration") ?? "", 10);
    return Number.isFinite(n) && n > 0 ? n : null;
  }

  async _load() {
    const token = ++this._loadToken;
    this._status = "loading";
    this._renderBody();
    try {
      const source = await openSlotSource({
        snapshotUrl: new URL(this.getAttribute("snapshot") || "", document.baseURI).href,
        engineUrl: this.getAttribute("engine") ? new URL(this.getAttribute("engine"), document.baseURI).href : DEFAULT_ENGINE_URL,
      });
      if (token !== this._loadToken) return;
      this._source = source;
      this._status = "ready";
    } catch (error) {
      if (token !== this._loadToken) return;
      this._status = error?.code === "ENGINE_UNAVAILABLE" ? "engine-error" : "snapshot-error";
      console.error("ponte-slot-picker:", error);
    }
    this._renderBody();
  }

  // ------------------------------------------------------------ rendering

  _renderFrame() {
    const lang = this.uiLang;
    const level = Math.min(6, Math.max(2, Number.parseInt(this.getAttribute("heading-level") ?? "2", 10) || 2));
    this._root.innerHTML = `<link rel="stylesheet" href="${view.esc(STYLE_URL)}">
      <section class="ponte" lang="${lang}" dir="${direction(lang)}" aria-labelledby="ponte-heading">
        <h${level} class="ponte-heading" id="ponte-heading">${view.esc(text(lang, "heading"))}</h${level}>
        <div class="ponte-body"></div>
        <p class="ponte-status" role="status" aria-live="polite"></p>
      </section>`;
    this._body = this._root.querySelector(".ponte-body");
    this._live = this._root.querySelector(".ponte-status");
    this._root.querySelector(".ponte").addEventListener("keydown", (e) => this._onKeydown(e));
    this._root.querySelector(".ponte").addEventListener("click", (e) => this._onClick(e));
    this._root.querySelector(".ponte").addEventListener("change", (e) => this._onChange(e));
  }

  _renderBody() {
    if (!this._body) return;
    const lang = this.uiLang;
    const contact = this.getAttribute("contact") || "";
    if (this._status === "loading" || this._status === "idle") {
      this._body.innerHTML = view.loadingView(lang);
      return;
    }
    if (this._status === "engine-error") {
      this._body.innerHTML = view.engineUnavailableView(lang, contact);
      return;
    }
    if (this._status === "snapshot-error") {
      this._body.innerHTML = view.snapshotErrorView(lang, contact);
      return;
    }
    this._resolveChoices();
    const s = this._state;
    const offices = this._source.offices().filter((o) => this._source.languages(o.id).length > 0);
    const fixedOffice = this.getAttribute("office") ? this._source.offices().find((o) => o.id === this.getAttribute("office")) : null;
    const languages = this._languages();
    const counts = this._counts();
    const months = [...counts.keys()].map(monthOf).sort();
    const month = monthOf(s.month);
    this._body.innerHTML =
      view.filtersView(lang, { offices, office: s.office, fixedOffice, languages, language: s.language, duration: this.duration }) +
      (counts.size === 0
        ? `<p class="ponte-hint">${view.esc(text(lang, "nothing"))}</p>`
        : view.calendarView(lang, direction(lang), {
            month: s.month,
            counts,
            focus: s.focus,
            selected: s.day,
            canPrev: months.length > 0 && months[0] < month,
            canNext: months.length > 0 && months[months.length - 1] > month,
          }) +
          `<div class="ponte-times-area">${view.timesView(lang, {
            day: s.day,
            options: s.day ? this._options(s.day) : [],
            chosen: s.chosen,
            duration: this.duration,
          })}</div>`);
  }

  _renderTimes() {
    const area = this._root.querySelector(".ponte-times-area");
    if (!area) return;
    const s = this._state;
    area.innerHTML = view.timesView(this.uiLang, { day: s.day, options: s.day ? this._options(s.day) : [], chosen: s.chosen, duration: this.duration });
  }

  // ---------------------------------------------------------------- state

  _languages() {
    const offered = this._source.languages(this._state.office);
    const wanted = this.getAttribute("language");
    return wanted && !offered.includes(wanted) ? [wanted, ...offered] : offered;
  }

  _slots() {
    const s = this._state;
    try {
      return this._source.freeSlots({
        office: s.office,
        language: s.language,
        durationMinutes: this.duration ?? undefined,
        notBefore: this.getAttribute("not-before") || localNow(this._source.timezone),
      });
    } catch (error) {
      // A query the engine refuses (an unknown office in the attribute, say)
      // shows as no free time; the reason goes to the console.
      console.error("ponte-slot-picker:", error);
      return [];
    }
  }

  /** Free times per date. */
  _counts() {
    const counts = new Map();
    for (const [day, options] of this._byDay()) counts.set(day, options.length);
    return counts;
  }

  /** Options per date: one per start time, with the modalities of its slots. */
  _byDay() {
    if (this._cacheKey === this._key()) return this._cache;
    const days = new Map();
    for (const slot of this._slots()) {
      const day = slot.start.slice(0, 10);
      if (!days.has(day)) days.set(day, new Map());
      const starts = days.get(day);
      const known = starts.get(slot.start);
      if (known) {
        for (const m of slot.modalities) if (!known.modalities.includes(m)) known.modalities.push(m);
        if (slot.end > known.end) known.end = slot.end;
      } else {
        starts.set(slot.start, { ...slot, modalities: [...slot.modalities] });
      }
    }
    this._cache = new Map([...days].map(([day, starts]) => [day, [...starts.values()]]));
    this._cacheKey = this._key();
    return this._cache;
  }

  _key() {
    const s = this._state;
    return [s.office, s.language, this.duration, this.getAttribute("not-before"), this._source?.engineVersion].join("|");
  }

  _options(day) {
    return this._byDay().get(day) ?? [];
  }

  /** Fills office, language, month and focus from attributes and data. */
  _resolveChoices() {
    const s = this._state;
    const offices = this._source.offices();
    if (!s.office || !offices.some((o) => o.id === s.office)) {
      const fixed = this.getAttribute("office");
      s.office = offices.some((o) => o.id === fixed) ? fixed : (offices.find((o) => this._source.languages(o.id).length) ?? offices[0])?.id ?? null;
    }
    const languages = this._languages();
    if (!s.language || !languages.includes(s.language)) s.language = this.getAttribute("language") || languages[0] || null;
    const counts = this._counts();
    const days = [...counts.keys()].sort();
    if (s.day && !counts.has(s.day)) {
      s.day = null;
      s.chosen = null;
    }
    if (!s.focus) s.focus = s.day ?? days[0] ?? (this.getAttribute("not-before") || localNow(this._source.timezone)).slice(0, 10);
    s.month = s.focus.slice(0, 8) + "01";
  }

  // --------------------------------------------------------------- events

  _onChange(event) {
    const target = event.target;
    if (target.id === "ponte-office") {
      this._state = { ...this._state, office: target.value, day: null, chosen: null, focus: null };
      this._renderBody();
      this._root.getElementById("ponte-office")?.focus();
    } else if (target.id === "ponte-language") {
      this._state = { ...this._state, language: target.value, day: null, chosen: null, focus: null };
      this._renderBody();
      this._root.getElementById("ponte-language")?.focus();
    } else if (target.name === "ponte-time") {
      this._state.chosen = target.value;
    }
  }

  _onClick(event) {
    const cell = event.target.closest?.("td[data-date]");
    if (cell) return this._selectDay(cell.dataset.date);
    if (event.target.closest?.(".ponte-prev")) return this._moveMonth(-1);
    if (event.target.closest?.(".ponte-next")) return this._moveMonth(1);
    if (event.target.closest?.(".ponte-confirm")) return this._confirm();
  }

  _onKeydown(event) {
    const cell = event.target.closest?.("td[data-date]");
    if (!cell) return;
    const rtl = direction(this.uiLang) === "rtl";
    const day = cell.dataset.date;
    const moves = {
      ArrowRight: () => addDays(day, rtl ? -1 : 1),
      ArrowLeft: () => addDays(day, rtl ? 1 : -1),
      ArrowDown: () => addDays(day, 7),
      ArrowUp: () => addDays(day, -7),
      Home: () => addDays(day, -mondayIndex(day)),
      End: () => addDays(day, 6 - mondayIndex(day)),
      PageUp: () => addMonths(day, event.shiftKey ? -12 : -1),
      PageDown: () => addMonths(day, event.shiftKey ? 12 : 1),
    };
    if (moves[event.key]) {
      event.preventDefault();
      this._focusDay(moves[event.key]());
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this._selectDay(day);
    }
  }

  _focusDay(day) {
    const s = this._state;
    s.focus = day;
    if (monthOf(day) !== monthOf(s.month)) {
      s.month = day.slice(0, 8) + "01";
      this._renderBody();
    } else {
      for (const td of this._root.querySelectorAll("td[data-date]")) td.tabIndex = td.dataset.date === day ? 0 : -1;
    }
    this._root.querySelector(`td[data-date="${day}"]`)?.focus();
  }

  _moveMonth(delta) {
    const s = this._state;
    const target = addMonths(s.month, delta);
    const days = [...this._counts().keys()].filter((d) => monthOf(d) === monthOf(target)).sort();
    s.focus = days[0] ?? target;
    s.month = target;
    this._renderBody();
    const button = this._root.querySelector(delta < 0 ? ".ponte-prev" : ".ponte-next");
    (button && !button.disabled ? button : this._root.querySelector(`td[data-date="${s.focus}"]`))?.focus();
  }

  _selectDay(day) {
    const lang = this.uiLang;
    const options = this._options(day);
    this._focusDay(day);
    if (!options.length) {
      this._announce(text(lang, "pickDay"));
      return;
    }
    const s = this._state;
    s.day = day;
    s.chosen = null;
    for (const td of this._root.querySelectorAll("td[data-date]")) td.setAttribute("aria-selected", String(td.dataset.date === day));
    this._renderTimes();
    this._announce(text(lang, "daySelected", { day: this._longDate(day), n: options.length }));
  }

  _confirm() {
    const lang = this.uiLang;
    const s = this._state;
    const option = s.day && this._options(s.day).find((o) => o.start === s.chosen);
    if (!option) {
      this._announce(text(lang, "chooseTime"));
      this._root.querySelector('input[name="ponte-time"]')?.focus();
      return;
    }
    const office = this._source.offices().find((o) => o.id === option.office);
    const time = option.start.slice(11, 16);
    const end = this.duration ? `${option.start.slice(0, 11)}${addClock(time, this.duration)}` : option.end;
    const detail = {
      office: option.office,
      officeName: office?.name ?? option.office,
      municipality: office?.municipality ?? "",
      language: s.language,
      start: option.start,
      end,
      date: s.day,
      time,
      durationMinutes: this.duration,
      modalities: [...option.modalities],
      timezone: this._source.timezone,
    };
    const accepted = this.dispatchEvent(new CustomEvent("ponte-slot-selected", { detail, bubbles: true, composed: true, cancelable: true }));
    if (accepted) this._announce(text(lang, "chosen", { day: this._longDate(s.day), time }));
  }

  _longDate(day) {
    const { y, m, d } = parseDate(day);
    return calendarNames(this.uiLang).longDate(y, m, d);
  }

  _announce(message) {
    if (!this._live) return;
    // Clear first so that a repeated message is announced again.
    this._live.textContent = "";
    setTimeout(() => {
      this._live.textContent = message;
    }, 50);
  }
}

if (!customElements.get("ponte-slot-picker")) customElements.define("ponte-slot-picker", PonteSlotPicker);

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
// work), engine (URL of the wasm package's ponte.js; default
// ../pkg-widget/ponte.js next to this file, the widget build of the module;
// the full ../pkg/ponte.js works too), not-before (local
// "YYYY-MM-DDTHH:MM"; default now in the snapshot's zone), heading-level
// (2-6, default 2), max-snapshot-bytes (default 5 MiB). They are checked in
// ./attributes.js.
// Slots come from ./slots.js only (the data contract); see README.md.
//
// Errors: whatever goes wrong (the engine, the snapshot's fetch, size,
// JSON, format or content, an attribute, a bug) shows a message in the
// widget (role="alert", the UI language, the contact), is dispatched as
// `ponte-error` ({code, message, fatal, ...}; bubbles, composed) and kept in
// the `error` property while it lasts. Nothing is thrown into the page, and
// the console gets the code and a message only (never the snapshot's body).

import { openSlotSource, SlotSourceError, DEFAULT_ENGINE_URL } from "./slots.js";
import { readInputs, clip } from "./attributes.js";
import { direction, text, calendarNames } from "./i18n.js";
import { addMonths, dayAfterKey, monthOf, localNow, addClock, parseDate } from "./calendar.js";
import * as view from "./view.js";

const STYLE_URL = new URL("./ponte-slot-picker.css", import.meta.url).href;
/** Codes a failure of loading may carry; anything else is INTERNAL. */
const LOAD_CODES = new Set(["ENGINE_UNAVAILABLE", "SNAPSHOT_UNAVAILABLE", "SNAPSHOT_TOO_LARGE", "SNAPSHOT_NOT_JSON", "SNAPSHOT_WRONG_FORMAT", "SNAPSHOT_INVALID", "BAD_ATTRIBUTE"]);

export class PonteSlotPicker extends HTMLElement {
  static observedAttributes = ["snapshot", "office", "language", "duration", "lang", "contact", "engine", "not-before", "heading-level", "max-snapshot-bytes"];

  constructor() {
    super();
    this._root = this.attachShadow({ mode: "open" });
    this._source = null;
    this._status = "idle"; // idle | loading | ready | error (a failure of loading, in _loadError)
    this._loadError = null;
    this._error = null; // what `error` returns: _loadError, or a fatal attribute problem
    this._reported = new Set();
    this._loadToken = 0;
    this._state = { office: null, language: null, month: null, focus: null, day: null, chosen: null };
  }

  connectedCallback() {
    this._guard(() => {
      this._renderFrame();
      this._load();
    });
  }

  attributeChangedCallback(name, before, after) {
    if (!this.isConnected || before === after) return;
    this._guard(() => {
      if (name === "snapshot" || name === "engine" || name === "max-snapshot-bytes") return this._load();
      if (name === "office") this._state.office = null;
      if (name === "language") this._state.language = null;
      this._renderFrame();
      this._renderBody();
    });
  }

  /** The failure shown now, as dispatched in `ponte-error`'s detail, or null. */
  get error() {
    return this._error ? { ...this._error } : null;
  }

  /** The snapshot's size limit in bytes (attribute `max-snapshot-bytes`). */
  get maxSnapshotBytes() {
    return this._inputs().maxBytes;
  }

  set maxSnapshotBytes(value) {
    if (value === null || value === undefined) this.removeAttribute("max-snapshot-bytes");
    else this.setAttribute("max-snapshot-bytes", String(value));
  }

  get uiLang() {
    return this._inputs().lang;
  }

  get duration() {
    return this._inputs().duration;
  }

  _inputs() {
    return readInputs((name) => this.getAttribute(name), document.baseURI);
  }

  /** Loads the engine and the snapshot; never rejects (a failure is shown and reported). */
  async _load() {
    const token = ++this._loadToken;
    this._reported.clear();
    this._source = null;
    this._loadError = null;
    this._status = "loading";
    this._guard(() => this._renderBody());
    try {
      const inputs = this._inputs();
      const snapshotProblem = inputs.problems.find((p) => p.attribute === "snapshot");
      if (snapshotProblem) throw new SlotSourceError("BAD_ATTRIBUTE", snapshotProblem.message, { attribute: "snapshot", value: snapshotProblem.value });
      if (inputs.engineProblem) throw new SlotSourceError("ENGINE_UNAVAILABLE", inputs.engineProblem);
      const source = await openSlotSource({
        snapshotUrl: inputs.snapshotUrl,
        engineUrl: inputs.engineUrl ?? DEFAULT_ENGINE_URL,
        maxBytes: inputs.maxBytes,
      });
      if (token !== this._loadToken) return;
      this._source = source;
      this._status = "ready";
    } catch (error) {
      if (token !== this._loadToken) return;
      this._status = "error";
      this._loadError = this._detail(error, true);
    }
    this._guard(() => {
      this._renderBody();
      if (this._focusAfterLoad) {
        this._focusAfterLoad = false;
        this._root.querySelector(".ponte-retry, .ponte-body select, .ponte-body td[tabindex='0']")?.focus();
      }
    });
  }

  /** An error as the `ponte-error` detail: a known code, an English message, no body text. */
  _detail(error, fatal) {
    const known = error instanceof SlotSourceError && LOAD_CODES.has(error.code);
    const detail = {
      code: known ? error.code : "INTERNAL",
      message: known ? error.message : `unexpected ${error?.name ?? "error"}: ${clip(error?.message ?? error, 300)}`,
      fatal,
    };
    for (const key of ["attribute", "value", "status", "limit", "size", "format", "engineCode"]) {
      if (known && error[key] !== undefined) detail[key] = error[key];
    }
    if (known && Array.isArray(error.errors)) detail.errors = error.errors.map((e) => ({ ...e }));
    return detail;
  }

  /**
   * Logs a problem (code and message only) and dispatches `ponte-error`,
   * once per problem and load. The event is queued, so that a listener the
   * host adds right after the element still hears about the first render.
   */
  _report(detail) {
    const key = JSON.stringify([detail.code, detail.attribute, detail.value, detail.message]);
    if (this._reported.has(key)) return;
    this._reported.add(key);
    (detail.fatal ? console.error : console.warn)(`ponte-slot-picker: ${detail.code}: ${detail.message}`);
    setTimeout(() => {
      try {
        this.dispatchEvent(new CustomEvent("ponte-error", { detail: { ...detail }, bubbles: true, composed: true }));
      } catch {
        // a listener's own failure is the host's
      }
    }, 0);
  }

  /** Runs `fn`; an exception shows the INTERNAL error instead of reaching the page. */
  _guard(fn) {
    try {
      return fn();
    } catch (error) {
      try {
        this._status = "error";
        this._loadError = this._detail(error, true);
        this._renderBody();
      } catch {
        try {
          if (this._body) this._body.textContent = text(this.getAttribute("lang") ?? "it", "internalError");
        } catch {
          // nothing more can be done
        }
      }
    }
  }

  // ------------------------------------------------------------ rendering

  _renderFrame() {
    const { lang, headingLevel: level } = this._inputs();
    this._root.innerHTML = `<link rel="stylesheet" href="${view.esc(STYLE_URL)}">
      <section class="ponte" lang="${lang}" dir="${direction(lang)}" aria-labelledby="ponte-heading">
        <h${level} class="ponte-heading" id="ponte-heading">${view.esc(text(lang, "heading"))}</h${level}>
        <div class="ponte-body"></div>
        <p class="ponte-status" role="status" aria-live="polite"></p>
      </section>`;
    this._body = this._root.querySelector(".ponte-body");
    this._live = this._root.querySelector(".ponte-status");
    const section = this._root.querySelector(".ponte");
    section.addEventListener("keydown", (e) => this._guard(() => this._onKeydown(e)));
    section.addEventListener("click", (e) => this._guard(() => this._onClick(e)));
    section.addEventListener("change", (e) => this._guard(() => this._onChange(e)));
  }

  _renderBody() {
    if (!this._body) return;
    const inputs = this._inputs();
    const lang = inputs.lang;
    const contact = this.getAttribute("contact") || "";
    // A failure of loading first, then a fatal attribute (duration), then
    // the attributes' warnings; each is reported once.
    const fatal = inputs.problems.find((p) => p.fatal && p.attribute !== "snapshot");
    this._error = this._status === "error" ? this._loadError : fatal ? { code: "BAD_ATTRIBUTE", message: fatal.message, fatal: true, attribute: fatal.attribute, value: fatal.value } : null;
    if (this._error) this._report(this._error);
    for (const p of inputs.problems) {
      if (!p.fatal) this._report({ code: "BAD_ATTRIBUTE", message: p.message, fatal: false, attribute: p.attribute, value: p.value });
    }
    if (this._error?.code === "ENGINE_UNAVAILABLE") {
      this._body.innerHTML = view.engineUnavailableView(lang, contact);
      return;
    }
    if (this._error) {
      this._body.innerHTML = view.errorView(lang, this._error, contact);
      return;
    }
    if (this._status !== "ready") {
      this._body.innerHTML = view.loadingView(lang);
      return;
    }
    this._resolveChoices();
    const s = this._state;
    const offices = this._source.offices().filter((o) => this._source.languages(o.id).length > 0);
    const fixedOffice = inputs.office ? this._source.offices().find((o) => o.id === inputs.office) : null;
    let notice = "";
    if (inputs.office && !fixedOffice) {
      // The page names an office the snapshot lacks: the resident chooses.
      this._report({ code: "UNKNOWN_OFFICE", message: `office: ${JSON.stringify(clip(inputs.office))} is not in the snapshot; the resident chooses one`, fatal: false, attribute: "office", value: clip(inputs.office) });
      notice = view.noticeView(lang, "officeNotFound");
    }
    const languages = this._languages();
    const counts = this._counts();
    const months = [...counts.keys()].map(monthOf).sort();
    const month = monthOf(s.month);
    this._body.innerHTML =
      notice +
      view.filtersView(lang, { offices, office: s.office, fixedOffice, languages, language: s.language, duration: inputs.duration }) +
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
            duration: inputs.duration,
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
    const wanted = this._inputs().language;
    return wanted && !offered.includes(wanted) ? [wanted, ...offered] : offered;
  }

  /** The not-before attribute when valid, else now in the snapshot's zone. */
  _notBefore() {
    return this._inputs().notBefore || localNow(this._source.timezone);
  }

  _slots() {
    const s = this._state;
    try {
      return this._source.freeSlots({
        office: s.office,
        language: s.language,
        durationMinutes: this.duration ?? undefined,
        notBefore: this._notBefore(),
      });
    } catch (error) {
      // A query the engine refuses shows as no free time; the host hears why.
      const errors = Array.isArray(error?.errors) ? error.errors.slice(0, 20).map((e) => ({ code: String(e.code), path: String(e.path), message: clip(e.message, 300) })) : undefined;
      this._report({ code: "QUERY_REFUSED", message: `the engine refuses the query: ${clip(error?.message ?? error, 300)}`, fatal: false, engineCode: error?.code ?? null, ...(errors ? { errors } : {}) });
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
    return [s.office, s.language, this.duration, this._inputs().notBefore, this._source?.engineVersion].join("|");
  }

  _options(day) {
    return this._byDay().get(day) ?? [];
  }

  /** Fills office, language, month and focus from attributes and data. */
  _resolveChoices() {
    const s = this._state;
    const offices = this._source.offices();
    if (!s.office || !offices.some((o) => o.id === s.office)) {
      const fixed = this._inputs().office;
      s.office = offices.some((o) => o.id === fixed) ? fixed : (offices.find((o) => this._source.languages(o.id).length) ?? offices[0])?.id ?? null;
    }
    const languages = this._languages();
    if (!s.language || !languages.includes(s.language)) s.language = this._inputs().language || languages[0] || null;
    const counts = this._counts();
    const days = [...counts.keys()].sort();
    if (s.day && !counts.has(s.day)) {
      s.day = null;
      s.chosen = null;
    }
    if (!s.focus) s.focus = s.day ?? days[0] ?? this._notBefore().slice(0, 10);
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
    if (event.target.closest?.(".ponte-retry")) {
      this._focusAfterLoad = true;
      return this._load();
    }
  }

  _onKeydown(event) {
    const cell = event.target.closest?.("td[data-date]");
    if (!cell) return;
    const rtl = direction(this.uiLang) === "rtl";
    const day = cell.dataset.date;
    const next = dayAfterKey(day, event.key, event.shiftKey, rtl);
    if (next) {
      event.preventDefault();
      this._focusDay(next);
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

// The pure parts of <ponte-booking> under Node: the service client's error
// mapping (a fake fetch), the countdown, the form's checks, the cancel
// link, and the texts in every UI language.
import { test } from "node:test";
import assert from "node:assert/strict";

import { BookingApi, ApiError, apiUrls, errorKind } from "../widget/api.js";
import {
  formatCountdown, secondsLeft, countdownAnnouncement, validateApplicant, validateDetails, confirmBody,
  fieldOfPath, stepOfField, cancelLink, readCancelLink, addDaysLocal, slotsByDay, slotKey, findSlot, MAX_DETAILS,
} from "../widget/booking-logic.js";
import { BOOKING_KEYS, BOOKING_LANGUAGES, bookingTable, btext } from "../widget/booking-i18n.js";
import { UI_LANGUAGES } from "../widget/i18n.js";

/** A fetch that answers `status` with `body` and records the requests. */
function fakeFetch(status, body, calls = []) {
  return async (url, options) => {
    calls.push({ url, ...options });
    return {
      ok: status >= 200 && status < 300,
      status,
      async json() {
        if (body === undefined) throw new SyntaxError("no body");
        return typeof body === "string" ? JSON.parse(body) : body;
      },
    };
  };
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

test("apiUrls: the network's URL and the service's root", () => {
  assert.deepEqual(apiUrls("/v1/networks/visconteo", "http://127.0.0.1:8080/demo/live.html"), {
    network: "http://127.0.0.1:8080/v1/networks/visconteo",
    root: "http://127.0.0.1:8080/v1",
  });
  assert.deepEqual(apiUrls("https://x.example/p/v1/networks/n1/", "http://a/"), { network: "https://x.example/p/v1/networks/n1", root: "https://x.example/p/v1" });
  assert.throws(() => apiUrls("/v1/visconteo", "http://a/"), (e) => e instanceof ApiError && e.code === "BAD_ATTRIBUTE");
});

test("errorKind: every answer of the contract has its state", () => {
  const cases = [
    [409, "SLOT_TAKEN", "taken"], [422, "SLOT_IN_PAST", "taken"], [422, "IDEMPOTENCY_KEY_REUSED", "invalid"], [410, "HOLD_EXPIRED", "expired"], [404, "UNKNOWN_HOLD", "expired"], [409, "HOLD_USED", "expired"],
    [422, "INVALID_FIELD", "invalid"], [404, "UNKNOWN_BOOKING", "not-found"], [403, "FORBIDDEN", "not-found"], [401, "UNAUTHORIZED", "not-found"],
    [409, "ALREADY_CANCELLED", "cancelled"], [409, "TOO_LATE", "too-late"], [500, "INTERNAL", "unreachable"], [503, "HTTP_503", "unreachable"],
    [429, "RATE_LIMITED", "unreachable"], [400, "BAD_QUERY", "refused"], [404, "UNKNOWN_OFFICE", "not-found"],
  ];
  for (const [status, code, kind] of cases) assert.equal(errorKind(status, code), kind, `${status} ${code}`);
});

test("the client: requests as the contract says, errors typed, bodies never quoted", async () => {
  const calls = [];
  const ok = new BookingApi("/v1/networks/visconteo", { baseUrl: "http://h/", fetchImpl: fakeFetch(200, { slots: [{ start: "2026-12-07T09:00" }], timezone: "Europe/Rome" }, calls) });
  const slots = await ok.slots({ office: "o1", language: "ar", duration: 60, from: "2026-12-07T00:00", to: "2026-12-14T00:00" });
  assert.equal(slots.slots.length, 1);
  assert.equal(calls[0].url, "http://h/v1/networks/visconteo/slots?office=o1&language=ar&duration=60&from=2026-12-07T00%3A00&to=2026-12-14T00%3A00");
  assert.equal(calls[0].credentials, "omit");

  const holdCalls = [];
  const taken = new BookingApi("/v1/networks/visconteo", {
    baseUrl: "http://h/",
    fetchImpl: fakeFetch(409, { error: { code: "SLOT_TAKEN", message: "taken" }, alternatives: [{ start: "2026-12-07T10:00", end: "2026-12-07T11:00" }, { nope: 1 }] }, holdCalls),
  });
  const error = await rejection(taken.hold({ office: "o1", start: "2026-12-07T09:00" }, "k1"));
  assert.equal(error.kind, "taken");
  assert.equal(error.alternatives.length, 1, "alternatives without a start are dropped");
  assert.equal(holdCalls[0].method, "POST");
  assert.equal(holdCalls[0].headers["Idempotency-Key"], "k1");
  assert.equal(holdCalls[0].url, "http://h/v1/networks/visconteo/holds");

  const secret = "Mario Rossi mario@example.it";
  const confirmCalls = [];
  const invalid = new BookingApi("/v1/networks/visconteo", {
    baseUrl: "http://h/",
    fetchImpl: fakeFetch(422, { error: { code: "INVALID_FIELD", message: `bad contact ${secret}`, path: "contact" } }, confirmCalls),
  });
  const e422 = await rejection(invalid.confirm("h_1", { name: "Mario Rossi", contact: "x" }, "k2"));
  assert.equal(e422.kind, "invalid");
  assert.equal(e422.path, "contact");
  assert.equal(confirmCalls[0].url, "http://h/v1/holds/h_1/confirm");
  assert.ok(!e422.message.includes("Mario") && !JSON.stringify(e422).includes("Mario"), e422.message);

  const down = new BookingApi("/v1/networks/visconteo", {
    baseUrl: "http://h/",
    fetchImpl: async () => {
      throw new TypeError("Failed to fetch");
    },
  });
  const offline = await rejection(down.offices());
  assert.equal(offline.kind, "unreachable");
  assert.equal(offline.code, "NETWORK");

  const html = new BookingApi("/v1/networks/visconteo", { baseUrl: "http://h/", fetchImpl: fakeFetch(502, undefined) });
  const bad = await rejection(html.offices());
  assert.equal(bad.kind, "unreachable");
  assert.equal(bad.code, "HTTP_502");

  const tokenCalls = [];
  const cancel = new BookingApi("/v1/networks/visconteo", { baseUrl: "http://h/", fetchImpl: fakeFetch(200, { status: "cancelled" }, tokenCalls) });
  await cancel.cancel("B-7", "tok en");
  assert.equal(tokenCalls[0].url, "http://h/v1/bookings/B-7");
  assert.equal(tokenCalls[0].method, "DELETE");
  assert.equal(tokenCalls[0].headers.Authorization, "Bearer tok en");
});

test("countdown: m:ss, announced at 5, 2, 1 min and 30 s, once each", () => {
  assert.equal(formatCountdown(600), "10:00");
  assert.equal(formatCountdown(61.9), "1:01");
  assert.equal(formatCountdown(-3), "0:00");
  assert.equal(secondsLeft(10_500, 10_000), 1);
  assert.equal(secondsLeft(10_000, 12_000), 0);
  let announced = Infinity;
  const said = [];
  for (let left = 600; left >= 0; left--) {
    const due = countdownAnnouncement(left, announced);
    if (due !== null) {
      said.push([left, due]);
      announced = due;
    }
  }
  assert.deepEqual(said, [[300, 300], [120, 120], [60, 60], [30, 30]]);
  // A tab woken late says only the nearest threshold.
  assert.equal(countdownAnnouncement(50, Infinity), 60);
  assert.equal(countdownAnnouncement(50, 60), null);
});

test("the form's checks: required, e-mail, lengths; the confirm body", () => {
  assert.deepEqual(validateApplicant({ givenName: " ", familyName: "", email: "" }), { givenName: "errRequired", familyName: "errRequired", email: "errRequired" });
  assert.deepEqual(validateApplicant({ givenName: "Amina", familyName: "Haddad", email: "amina@" }), { email: "errEmail" });
  assert.deepEqual(validateApplicant({ givenName: "Amina", familyName: "Haddad", email: "amina@example.it" }), {});
  assert.deepEqual(validateApplicant({ givenName: "A".repeat(150), familyName: "B".repeat(60), email: "a@b.it" }), { familyName: "errTooLong" });
  assert.deepEqual(validateDetails({ topic: "", details: "x".repeat(MAX_DETAILS) }), {});
  assert.deepEqual(validateDetails({ topic: "", details: "x".repeat(MAX_DETAILS + 1) }, { topicRequired: true }), { topic: "errRequired", details: "errTooLong" });
  assert.deepEqual(confirmBody({ givenName: " Amina ", familyName: "Haddad", email: " a@b.it ", topic: "", details: " casa " }, "ar"), {
    name: "Amina Haddad", contact: "a@b.it", locale: "ar", details: "casa",
  });
  assert.equal(fieldOfPath("contact"), "email");
  assert.equal(fieldOfPath("body.details"), "details");
  assert.equal(fieldOfPath("name"), "givenName");
  assert.equal(stepOfField("details"), "details");
  assert.equal(stepOfField("email"), "applicant");
});

test("the cancel link keeps the token in the fragment", () => {
  const link = cancelLink("https://comune.example/prenota?x=1#top", "B-42", "s3cr/t", "ar");
  assert.equal(link, "https://comune.example/prenota?x=1&ponte-cancel=B-42&ponte-lang=ar#token=s3cr%2Ft");
  assert.deepEqual(readCancelLink(link), { code: "B-42", token: "s3cr/t", lang: "ar" });
  assert.deepEqual(readCancelLink(cancelLink("https://c.example/p?ponte-cancel=OLD", "B-1", "t")), { code: "B-1", token: "t", lang: null });
  assert.equal(readCancelLink("https://comune.example/prenota?ponte-cancel=B-42"), null);
  assert.equal(readCancelLink("not a url"), null);
});

test("slots grouped per day; keys per start and modality", () => {
  const slots = [
    { start: "2026-12-08T09:00", end: "2026-12-08T10:00", modality: "in_person" },
    { start: "2026-12-07T10:00", end: "2026-12-07T11:00", modality: "phone" },
    { start: "2026-12-07T10:00", end: "2026-12-07T11:00", modality: "in_person" },
  ];
  const days = slotsByDay(slots);
  assert.deepEqual([...days.keys()], ["2026-12-07", "2026-12-08"]);
  assert.equal(days.get("2026-12-07").length, 2);
  assert.equal(findSlot(slots, slotKey(slots[1])), slots[1]);
  assert.equal(findSlot(slots, "2026-12-09T10:00|phone"), null);
  assert.equal(addDaysLocal("2026-12-30T09:15", 3), "2027-01-02T09:15");
});

test("the booking texts exist in all 11 UI languages, with the same placeholders", () => {
  assert.deepEqual([...BOOKING_LANGUAGES].sort(), [...UI_LANGUAGES].sort());
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
  const italian = bookingTable("it");
  for (const lang of UI_LANGUAGES) {
    const table = bookingTable(lang);
    assert.deepEqual(Object.keys(table).sort(), [...BOOKING_KEYS].sort(), lang);
    for (const key of BOOKING_KEYS) {
      assert.ok(table[key].trim().length > 0, `${lang}.${key} empty`);
      assert.equal(placeholders(table[key]), placeholders(italian[key]), `${lang}.${key} placeholders`);
      if (lang !== "it" && lang !== "en" && !["bEmail", "bTopic", "bDetails", "bEdit"].includes(key)) {
        assert.notEqual(table[key], italian[key], `${lang}.${key} is still Italian`);
      }
    }
  }
  assert.equal(btext("ar", "bStepOf", { n: 2, total: 5 }), "الخطوة 2 من 5:");
  assert.equal(btext("de", "bNext"), "Avanti", "an unknown language falls back to Italian");
  assert.equal(btext("ur", "retry"), btext("ur", "retry"), "shared keys come from i18n.js");
});

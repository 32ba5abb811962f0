// Small problems written here, so that the API tests need no shared tools.

/** The format's example problem (docs/format.md section 2), as an object. */
export function exampleProblem() {
  return {
    format: "ponte-problem/1",
    network: { name: "Ambito Visconteo Sud Milano", timezone: "Europe/Rome", slot_minutes: 15, holidays: "IT", closed: ["2026-12-24"] },
    horizon: { start: "2026-12-07", end: "2026-12-13" },
    municipalities: [
      { id: "rozzano", name: "Rozzano", location: { lat: 45.3817, lon: 9.1553 } },
      { id: "opera", name: "Opera", location: { lat: 45.3756, lon: 9.2111 } },
    ],
    travel: { speed_kmh: 30, road_factor: 1.3, intra_municipality_minutes: 5, minutes: { rozzano: { opera: 14 } } },
    offices: [
      {
        id: "rozzano-sportello", name: "Sportello stranieri", municipality: "rozzano",
        opening: [{ days: ["mon", "wed", "fri"], from: "09:00", to: "12:30" }], closed: ["2026-12-09"], capacity: 2,
      },
      { id: "opera-biblioteca", name: "Biblioteca civica", municipality: "opera", opening: [{ days: ["mon", "wed"], from: "14:00", to: "18:00" }] },
    ],
    mediators: [
      {
        id: "m-amina", name: "Amina", home: "rozzano",
        languages: [{ code: "ar", level: "native" }, { code: "fr", level: "fluent" }],
        modalities: ["in_person", "phone", "video"], skills: ["health", "psycho-social"], gender: "f",
        availability: [{ days: ["mon", "tue", "wed"], from: "08:30", to: "13:00" }],
        absences: [{ from: "2026-12-09T00:00", to: "2026-12-10T00:00" }],
        max_minutes_per_day: 360, max_minutes_per_week: 1200,
      },
    ],
    requests: [
      {
        id: "r-001", office: "rozzano-sportello", service: "social-services", languages: ["ti", "ar"], min_level: "working",
        duration_minutes: 60, earliest: "2026-12-07T09:00", latest: "2026-12-11T12:30", modalities: ["in_person", "video"],
        priority: "urgent", skills: ["psycho-social"], mediator_gender: "f", case: "case-17", preferred_mediator: "m-amina",
        previous: { mediator: "m-amina", start: "2026-12-07T09:00" }, locked: false,
      },
    ],
    workshops: [
      {
        id: "cucito-opera", title: "Cucito creativo", office: "opera-biblioteca", priority: "normal", languages: ["ar", "ur", "es"],
        min_level: "working", sessions: [{ id: "s1", start: "2026-12-09T14:30", duration_minutes: 120 }],
      },
    ],
    weights: {},
  };
}

/** The format's example solution (section 5). */
export function exampleSolution() {
  return {
    format: "ponte-solution/1",
    assignments: [{ request: "r-001", mediator: "m-amina", start: "2026-12-07T09:00", language: "ar", modality: "in_person" }],
    sessions: [{ workshop: "cucito-opera", session: "s1", mediators: [], uncovered: ["ar", "ur", "es"] }],
    unassigned: [],
    cost: { total: 15300, unassigned: 15000, travel: 100, language_rank: 200, modality_rank: 0, continuity: 0, preferred_mediator: 0, delay: 0, change: 0 },
  };
}

/** Asserts that `fn` throws a PonteError with `code`; returns the error. */
export function throwsPonte(assert, fn, code) {
  let caught = null;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught, `expected a PonteError ${code}, nothing was thrown`);
  assert.ok(caught instanceof Error, `expected an Error, got ${typeof caught}: ${caught}`);
  assert.equal(caught.name, "PonteError");
  assert.equal(caught.code, code, `code: ${caught.message}`);
  assert.ok(Array.isArray(caught.errors) && caught.errors.length > 0, "errors is a non-empty array");
  for (const e of caught.errors) {
    assert.equal(typeof e.code, "string");
    assert.equal(typeof e.path, "string");
    assert.equal(typeof e.message, "string");
  }
  return caught;
}

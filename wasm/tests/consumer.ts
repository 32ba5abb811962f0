// A TypeScript consumer of the Node package: `tsc --noEmit` (scripts/ci/wasm)
// checks that the hand-written declarations describe real use, and the
// lines marked ts-expect-error that they refuse misuse. Never run.
import ponte = require("../pkg-node/ponte.js");
import type {
  BookingChoice,
  Evaluation,
  ExplainOptions,
  Explanation,
  InputError,
  LockResult,
  OperationResult,
  PonteError,
  ProblemDocument,
  Progress,
  PublicSnapshot,
  ReplanResult,
  SlotOption,
  SlotQuery,
  SolveOptions,
  SolveResult,
  ValidationReport,
} from "../pkg-node/ponte.js";

const problem: ProblemDocument = {
  format: "ponte-problem/1",
  horizon: { start: "2026-12-07", end: "2026-12-13" },
  municipalities: [{ id: "rozzano", location: { lat: 45.38, lon: 9.15 } }],
  offices: [{ id: "sportello", municipality: "rozzano", opening: [{ days: ["mon"], from: "09:00", to: "12:00" }] }],
  mediators: [
    {
      id: "m1",
      home: "rozzano",
      languages: [{ code: "ar", level: "native" }],
      modalities: ["in_person", "video"],
      availability: [{ date: "2026-12-07", from: "08:00", to: "13:00" }],
    },
  ],
  requests: [{ id: "r1", office: "sportello", languages: ["ar"], duration_minutes: 60, start: "2026-12-07T09:00" }],
};

const report: ValidationReport = ponte.validate(problem);
if (report.valid && report.summary) {
  const count: number = report.summary.requests + report.summary.mediators;
  console.log(count, report.summary.timezone.toUpperCase());
} else {
  const first: InputError | undefined = report.errors[0];
  console.log(first?.code, first?.path, first?.message);
}

const solveOptions: SolveOptions = {
  seed: 7n,
  iterations: 1000,
  timeLimitMs: 500,
  onProgress: (p: Progress) => p.bestCost > 0 && p.elapsedMs < 400,
};
try {
  const result: SolveResult = ponte.solve(JSON.stringify(problem), solveOptions);
  const again: SolveResult = ponte.solve(problem);
  const stop: "iterations" | "timeLimit" | "cancelled" | "complete" = result.stopReason;
  for (const a of result.solution.assignments) console.log(a.request, a.mediator, a.start, a.modality, stop);
  for (const u of again.solution.unassigned) console.log(u.request, u.reasons.map((r) => r.code).join());
  const evaluation: Evaluation = ponte.evaluate(problem, result.solution);
  const total: number = evaluation.cost.recomputed.total;
  const claimed: number | undefined = evaluation.cost.claimed.travel;
  console.log(evaluation.ok, evaluation.feasible, total, claimed, evaluation.violations.map((v) => `${v.kind}:${v.code}:${v.rule ?? "-"}`));
} catch (caught) {
  const error = caught as PonteError;
  if (error.code === "INVALID_PROBLEM") console.log(error.errors.map((e) => e.path));
  console.log(error.name, error.message, error.cause);
}

const plan = ponte.solve(problem, { iterations: 10 }).solution;
const snapshot: PublicSnapshot = ponte.publicSnapshot(problem, plan);
const query: SlotQuery = { office: "sportello", languages: ["ar"], duration_minutes: 60, earliest: "2026-12-07T08:00", latest: "2026-12-07T13:00" };
const options: SlotOption[] = ponte.freeSlots(snapshot, { ...query, modalities: ["video"], limit: 5 });
const inPlan: SlotOption[] = ponte.freeSlotsInPlan(problem, JSON.stringify(plan), query);
console.log(options.map((o) => `${o.mediator} ${o.start}-${o.end} ${o.cost_increase}`), inPlan.length, snapshot.mediators[0]?.busy.length);

// Between solves: book, cancel, lock, replan, explain.
const choice: BookingChoice = { mediator: "m1", start: "2026-12-07T10:00", modality: "video" };
try {
  const booked: OperationResult = ponte.book(problem, plan, "r1", choice);
  const delta: number = booked.costDelta;
  const cancelled: OperationResult = ponte.cancel(JSON.stringify(problem), booked.solution, "r1");
  const locked: LockResult = ponte.lock(problem, booked.solution, "r1");
  const lockedRequest = locked.problem.requests[0];
  console.log(delta, cancelled.solution.unassigned.length, locked.costDelta, lockedRequest?.locked, lockedRequest?.previous?.mediator);
  const absent: ProblemDocument = {
    ...problem,
    mediators: problem.mediators.map((m) => ({ ...m, absences: [{ from: "2026-12-07T00:00", to: "2026-12-08T00:00" }] })),
  };
  const repaired: ReplanResult = ponte.replan(absent, locked.solution, { iterations: 100, seed: 3n, onProgress: (p) => p.iteration < 50 });
  const quick: ReplanResult = ponte.replan(absent, JSON.stringify(locked.solution));
  console.log(repaired.kept, repaired.moved.join(), repaired.dropped.length, repaired.added, quick.iterations);
  const explainOptions: ExplainOptions = { anonymize: true };
  const explanation: Explanation = ponte.explain(problem, repaired.solution, explainOptions);
  const plain: Explanation = ponte.explain(problem, plan);
  for (const r of explanation.requests) console.log(r.request, r.assigned, r.mediator ?? "-", r.terms.total, r.reason?.code);
  for (const m of plain.mediators) console.log(m.mediator, m.minutes_per_day["2026-12-07"], m.travel_minutes);
  console.log(plain.coverage.map((c) => `${c.language}@${c.municipality}: ${c.served}/${c.unserved}`), plain.cost.total);
} catch (caught) {
  const error = caught as PonteError;
  if (error.code === "OVERLAP" || error.code === "LOCKED" || error.code === "PLAN_INVALID") console.log(error.errors[0]?.path);
}

const limited: ValidationReport = ponte.validate(problem, { limits: { maxRequests: 500, maxStringChars: 200 } });
const page: string = ponte.reportHtml(problem, plan, { anonymize: true, lang: "en", title: "Piano" });
const csv: string = ponte.monitoringCsv(problem, plan, { by: "mediator" });
console.log(limited.valid, page.length, csv.length);

const zones: string[] = ponte.supportedTimezones();
const version: string = ponte.version();
console.log(zones.length, version);

// Misuse the declarations must refuse:
// @ts-expect-error a number is not a problem
ponte.validate(42);
// @ts-expect-error unknown solve option
ponte.solve(problem, { timelimit: 10 });
// @ts-expect-error seed is a number or a bigint
ponte.solve(problem, { seed: "1" });
// @ts-expect-error the query uses the format's snake_case keys
ponte.freeSlots(snapshot, { office: "sportello", languages: ["ar"], durationMinutes: 60, earliest: "", latest: "" });
// @ts-expect-error the request id is a string
ponte.cancel(problem, plan, 1);
// @ts-expect-error the choice uses the format's keys and needs a start
ponte.book(problem, plan, "r1", { mediator: "m1", startTime: "2026-12-07T10:00" });
// @ts-expect-error anonymize is a boolean
ponte.explain(problem, plan, { anonymize: "yes" });
// @ts-expect-error limits are numbers
ponte.validate(problem, { limits: { maxRequests: "500" } });
// @ts-expect-error a report language that does not exist
ponte.reportHtml(problem, plan, { lang: "fr" });
// @ts-expect-error monitoring rows by an unknown key
ponte.monitoringCsv(problem, plan, { by: "province" });
// @ts-expect-error unknown replan option
ponte.replan(problem, plan, { keep: true });
// @ts-expect-error a modality that does not exist
const wrong: ProblemDocument["requests"][number]["modalities"] = ["fax"];
console.log(wrong);

// Format 1.1: breaks, fair shares, minutes worked, a request with roles (and
// its previous mediators per role), several windows, a series; a solution's
// entry per role and the optional cost terms.
const problem11: ProblemDocument = {
  ...problem,
  network: { breaks: { after_minutes: 360, break_minutes: 30 } },
  mediators: [
    {
      id: "m1",
      home: "rozzano",
      languages: [{ code: "ar", level: "native" }],
      availability: [{ days: ["mon"], from: "08:00", to: "13:00" }],
      breaks: { after_minutes: 240, break_minutes: 15 },
      fair_share: 30,
      worked: [{ date: "2026-12-04", minutes: 180 }],
    },
  ],
  requests: [
    {
      id: "team",
      office: "sportello",
      duration_minutes: 90,
      start: "2026-12-07T09:00",
      roles: [{ languages: ["ar"], min_level: "fluent", skills: ["psycho-social"], mediator_gender: "f" }, { languages: ["ti", "am"] }],
      previous: { start: "2026-12-07T09:00", mediators: ["m1", "m2"] },
      locked: true,
    },
    {
      id: "desk",
      office: "sportello",
      languages: ["ar"],
      duration_minutes: 60,
      windows: [{ earliest: "2026-12-07T09:00", latest: "2026-12-07T12:00" }],
      series: "weekly",
    },
  ],
};
const firstRequest = problem11.requests[0];
if (firstRequest?.roles) console.log(firstRequest.roles.map((r) => r.languages.join("/")), firstRequest.previous?.mediators);
else console.log(firstRequest?.languages, firstRequest?.previous?.mediator);
const solved11 = ponte.solve(problem11);
for (const a of solved11.solution.assignments) console.log(a.request, a.role ?? "-", a.mediator);
const fairness: number | undefined = solved11.solution.cost.fairness;
console.log(fairness, solved11.solution.cost.series ?? 0);
// @ts-expect-error a request with roles has no languages of its own
const both: ProblemDocument["requests"][number] = { id: "x", office: "o", duration_minutes: 60, roles: [], languages: ["ar"] };
// @ts-expect-error the previous of a request with roles names mediators, not a mediator
const oneOf: ProblemDocument["requests"][number] = { id: "x", office: "o", duration_minutes: 60, roles: [], previous: { start: "", mediator: "m1" } };
// @ts-expect-error a break rule needs both numbers
const half: ProblemDocument["mediators"][number]["breaks"] = { after_minutes: 360 };
console.log(both, oneOf, half);

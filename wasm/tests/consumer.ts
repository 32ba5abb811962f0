// A TypeScript consumer of the Node package: `tsc --noEmit` (scripts/ci/wasm)
// checks that the hand-written declarations describe real use, and the
// lines marked ts-expect-error that they refuse misuse. Never run.
import ponte = require("../pkg-node/ponte.js");
import type {
  Evaluation,
  InputError,
  PonteError,
  ProblemDocument,
  Progress,
  PublicSnapshot,
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
// @ts-expect-error a modality that does not exist
const wrong: ProblemDocument["requests"][number]["modalities"] = ["fax"];
console.log(wrong);

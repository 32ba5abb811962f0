// The web package (ES module with an async init): the same functions after
// `await init()`. Checked by tsc only.
import init, {
  book,
  explain,
  replan,
  validate,
  solve,
  version,
  type Explanation,
  type OperationResult,
  type ProblemInput,
  type ReplanResult,
  type SolutionDocument,
  type SolveResult,
} from "../pkg/ponte.js";

export async function planInBrowser(problem: ProblemInput): Promise<SolveResult | null> {
  await init();
  console.log(version());
  return validate(problem).valid ? solve(problem, { timeLimitMs: 1000, seed: 1 }) : null;
}

export async function moveAndRepair(problem: ProblemInput, plan: SolutionDocument): Promise<[OperationResult, ReplanResult, Explanation]> {
  await init();
  const moved = book(problem, plan, "r1", { mediator: "m1", start: "2026-12-07T10:00" });
  const repaired = replan(problem, moved.solution, { timeLimitMs: 200 });
  return [moved, repaired, explain(problem, repaired.solution, { anonymize: true })];
}

// The web package (ES module with an async init): the same functions after
// `await init()`. Checked by tsc only.
import init, { validate, solve, version, type ProblemInput, type SolveResult } from "../pkg/ponte.js";

export async function planInBrowser(problem: ProblemInput): Promise<SolveResult | null> {
  await init();
  console.log(version());
  return validate(problem).valid ? solve(problem, { timeLimitMs: 1000, seed: 1 }) : null;
}

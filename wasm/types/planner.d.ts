// Hand-written TypeScript declarations of the planner's functions that
// wasm-bindgen cannot declare itself (an optional parameter of a
// hand-written type). Only the full build (the `planner` feature, on by
// default) has these functions, so only its package's .d.ts gets this file
// (a second typescript_custom_section); the data types they name are in
// ponte.d.ts, which both builds emit. `wasm/tests/consumer*.ts` compile
// against the built packages (tsc --noEmit, scripts/ci/wasm).

/**
 * Validates a problem and reports every error at once: `{valid, errors,
 * summary?}`. Throws only for an argument that is neither a string nor an
 * object, is too large, or for bad options.
 */
export function validate(problem: ProblemInput, options?: ValidateOptions): ValidationReport;

/**
 * Solves a problem: `{solution, iterations, stopReason, elapsedMs}`.
 * Throws a `PonteError` (`INVALID_PROBLEM` with `errors`, `INVALID_JSON`,
 * `INVALID_ARGUMENT`, `INPUT_TOO_LARGE`, `CALLBACK_FAILED`).
 */
export function solve(problem: ProblemInput, options?: SolveOptions): SolveResult;

/**
 * Repairs `oldPlan` (a plan of an earlier version of the problem) for
 * `problem`, keeping what still holds and moving as few assignments as
 * possible. Options as for `solve`; with neither `iterations` nor
 * `timeLimitMs` the core's repair budget (a few hundred iterations) applies.
 * Throws a `PonteError` (`INVALID_PROBLEM`, `INVALID_SOLUTION`,
 * `INVALID_ARGUMENT`, `CALLBACK_FAILED`, ...).
 */
export function replan(problem: ProblemInput, oldPlan: SolutionInput, options?: SolveOptions): ReplanResult;

/**
 * Explains a feasible plan. With `{anonymize: true}` mediators are
 * pseudonyms (`M001`, ...) and unassigned reasons keep only their code.
 * Throws a `PonteError` (`PLAN_INVALID`, `INVALID_PROBLEM`, ...).
 */
export function explain(problem: ProblemInput, plan: SolutionInput, options?: ExplainOptions): Explanation;

/**
 * The plan as one self-contained HTML page (inline CSS and SVG, no script,
 * no external asset): summary and cost, a timeline per day and mediator,
 * coverage by language and municipality, workshops, unassigned requests
 * with reasons, load and travel per mediator. Throws `PLAN_INVALID` for a
 * plan that does not fit the problem.
 */
export function reportHtml(problem: ProblemInput, plan: SolutionInput, options?: ReportOptions): string;

/**
 * The monitoring summary for the network's funders as CSV text (Italian
 * spreadsheet conventions: `;`, decimal comma, a byte-order mark, CRLF):
 * requests served and unserved and minutes delivered per municipality,
 * service and language, or per mediator.
 */
export function monitoringCsv(problem: ProblemInput, plan: SolutionInput, options?: MonitoringOptions): string;

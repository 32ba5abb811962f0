// Hand-written TypeScript declarations of ponte-wasm's data types.
// wasm-bindgen copies this file into the package's .d.ts (it is the crate's
// typescript_custom_section), and the exports there name these types. Both
// builds emit it (the widget build's exports name only a few of the types);
// the planner's functions that need a hand-written declaration are in
// planner.d.ts, emitted by the full build only.
// `wasm/tests/consumer.ts` is compiled against the built package with
// `tsc --noEmit` by scripts/ci/wasm, so a drift shows up in CI.

/** A stable error code: the core's (`INVALID_PROBLEM`, ...) or this binding's. */
export type PonteErrorCode =
  | "INVALID_JSON"
  | "INVALID_PROBLEM"
  | "INVALID_SOLUTION"
  | "INVALID_ARGUMENT"
  | "INPUT_TOO_LARGE"
  | "CALLBACK_FAILED"
  | "BAD_TIMEZONE"
  | "INTERNAL"
  | "INVALID_SNAPSHOT"
  | "UNSUPPORTED_ON_SNAPSHOT"
  | "PLAN_INVALID"
  | "UNKNOWN_REFERENCE"
  | "BAD_DATETIME"
  | "LOCKED"
  | "NOT_ASSIGNED"
  | "LANGUAGE_NOT_SERVED"
  | "MODALITY_NOT_OFFERED"
  | "MISSING_SKILL"
  | "GENDER_MISMATCH"
  | "WRONG_FIXED_START"
  | "OFF_GRID"
  | "OUTSIDE_AVAILABILITY"
  | "OVERLAP"
  | "TRAVEL_TIME"
  | "DAILY_LIMIT"
  | "WEEKLY_LIMIT"
  | "CAPACITY_EXCEEDED"
  | "BREAK_MISSING"
  | (string & {});

/** One input error: stable code, JSON path (`requests[3].office`, `$`), message. */
export interface InputError {
  code: string;
  path: string;
  message: string;
}

/** What every function throws: an `Error` named `PonteError`. */
export interface PonteError extends Error {
  name: "PonteError";
  code: PonteErrorCode;
  /** Every error found (at least one). */
  errors: InputError[];
  /** For `CALLBACK_FAILED`: what the callback threw. */
  cause?: unknown;
}

export type Modality = "in_person" | "phone" | "video";
export type Level = "working" | "fluent" | "native";
export type Priority = "urgent" | "high" | "normal" | "low";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** A weekly or one-off rule (opening hours, availability). */
export type Rule =
  | { days: Weekday[]; from: string; to: string }
  | { date: string; from: string; to: string };

/**
 * 1.1: a break rule (hard rule 9): every work block of a day lasts at most
 * `after_minutes`; a rest of at least `break_minutes` ends a block. Both
 * integers > 0.
 */
export interface Breaks {
  after_minutes: number;
  break_minutes: number;
}

/**
 * 1.1: one role of a request that needs several mediators at once: the
 * role's languages (most preferred first, not empty), level, skills and
 * gender, with the meanings they have on a request.
 */
export interface Role {
  languages: string[];
  min_level?: Level;
  skills?: string[];
  mediator_gender?: string;
}

/** What every request has, with or without roles. */
export interface RequestCommon {
  id: string;
  office: string;
  service?: string;
  duration_minutes: number;
  start?: string;
  earliest?: string;
  latest?: string;
  /** 1.1: several windows instead of `start` or `earliest`/`latest`; the engagement lies inside one. */
  windows?: Array<{ earliest: string; latest: string }>;
  modalities?: Modality[];
  priority?: Priority;
  case?: string;
  preferred_mediator?: string;
  locked?: boolean;
  /** 1.1: requests sharing it are the occurrences of one recurring appointment. */
  series?: string;
}

/** A request served by one mediator. */
export interface SingleRequest extends RequestCommon {
  languages: string[];
  min_level?: Level;
  skills?: string[];
  mediator_gender?: string;
  previous?: { mediator: string; start: string; mediators?: never };
  roles?: never;
}

/**
 * 1.1: a request that needs several mediators at once (at least 2 roles);
 * it has no languages, level, skills or gender of its own, and its
 * `previous` names one mediator per role, in role order.
 */
export interface RequestWithRoles extends RequestCommon {
  roles: Role[];
  previous?: { start: string; mediators: string[]; mediator?: never };
  languages?: never;
  min_level?: never;
  skills?: never;
  mediator_gender?: never;
}

/** A request of a problem. */
export type RequestDocument = SingleRequest | RequestWithRoles;

/** Options of `validate`. */
export interface ValidateOptions {
  /** Size limits; beyond one the errors are `TOO_LARGE` at the paths concerned. */
  limits?: Limits;
}

/**
 * Size limits on a problem (the defaults are far above a real network:
 * 10,000 mediators, 200,000 requests, strings of 10,000 characters, nesting
 * 32, 256 MiB of text, the horizon 3,660 days). Each is a non-negative
 * integer.
 */
export interface Limits {
  maxInputBytes?: number;
  maxDepth?: number;
  maxMunicipalities?: number;
  maxOffices?: number;
  maxMediators?: number;
  maxRequests?: number;
  maxWorkshops?: number;
  maxListItems?: number;
  maxStringChars?: number;
  maxHorizonDays?: number;
}

/** A `ponte-problem/1` document (see docs/format.md for every rule). */
export interface ProblemDocument {
  format: "ponte-problem/1";
  network?: {
    name?: string;
    timezone?: string;
    slot_minutes?: 5 | 10 | 15 | 20 | 30 | 60;
    holidays?: "IT" | "none";
    closed?: string[];
    /** 1.1: the network's break rule (rule 9); without it and a mediator's own, no breaks. */
    breaks?: Breaks;
  };
  horizon: { start: string; end: string };
  municipalities: Array<{ id: string; name?: string; location?: { lat: number; lon: number } }>;
  travel?: {
    speed_kmh?: number;
    road_factor?: number;
    intra_municipality_minutes?: number;
    minutes?: Record<string, Record<string, number>>;
  };
  offices: Array<{
    id: string;
    name?: string;
    municipality: string;
    opening: Rule[];
    closed?: string[];
    capacity?: number;
  }>;
  mediators: Array<{
    id: string;
    name?: string;
    home: string;
    languages: Array<{ code: string; level: Level }>;
    modalities?: Modality[];
    skills?: string[];
    gender?: string;
    availability: Rule[];
    absences?: Array<{ from: string; to: string }>;
    max_minutes_per_day?: number;
    max_minutes_per_week?: number;
    /** 1.1: share of the hours (e.g. contracted weekly hours), for the cost term `fairness`. */
    fair_share?: number;
    /** 1.1: minutes engaged before the horizon, by date; they count toward `max_minutes_per_week`. */
    worked?: Array<{ date: string; minutes: number }>;
    /** 1.1: this mediator's break rule, replacing the network's. */
    breaks?: Breaks;
  }>;
  requests: RequestDocument[];
  workshops?: Array<{
    id: string;
    title?: string;
    office: string;
    priority?: Priority;
    languages: string[];
    min_level?: Level;
    sessions: Array<{ id: string; start: string; duration_minutes: number }>;
  }>;
  weights?: Partial<Record<Exclude<CostTerm, "unassigned">, number>> & {
    unassigned?: Partial<Record<Priority, number>>;
  };
}

/** A problem as a JSON string or as a plain object. */
export type ProblemInput = string | ProblemDocument;

export type CostTerm =
  | "unassigned"
  | "travel"
  | "language_rank"
  | "modality_rank"
  | "continuity"
  | "preferred_mediator"
  | "delay"
  | "change"
  | "fairness"
  | "series";

/** The terms of format 1.1: in a cost only when the problem uses their feature. */
export type OptionalCostTerm = "fairness" | "series";

/** The cost of a plan, term by term. */
export type Cost = { total: number } & Record<Exclude<CostTerm, OptionalCostTerm>, number> &
  Partial<Record<OptionalCostTerm, number>>;

export type ReasonCode = "NO_LANGUAGE" | "NO_SKILL" | "NO_TIME" | "CAPACITY" | "CONFLICT";

/** A `ponte-solution/1` document. */
export interface SolutionDocument {
  format: "ponte-solution/1";
  /**
   * One entry per assigned request; a request with roles (1.1) has one entry
   * per role, each with `role` (its 0-based index in `roles`), all at the
   * same start.
   */
  assignments: Array<{
    request: string;
    role?: number;
    mediator: string;
    start: string;
    language: string;
    modality: Modality;
  }>;
  sessions: Array<{
    workshop: string;
    session: string;
    mediators: Array<{ mediator: string; languages: string[] }>;
    uncovered: string[];
  }>;
  unassigned: Array<{
    request: string;
    reasons: Array<{ code: ReasonCode; message: string; blocking?: string[] }>;
  }>;
  cost: Cost;
}

/** A solution as a JSON string or as a plain object. */
export type SolutionInput = string | SolutionDocument;

/** What `validate` returns. */
export interface ValidationReport {
  valid: boolean;
  /** Every error found (empty when valid). */
  errors: InputError[];
  /** Present when valid. */
  summary?: {
    name: string | null;
    timezone: string;
    horizonStart: string;
    horizonEnd: string;
    slotMinutes: number;
    municipalities: number;
    offices: number;
    mediators: number;
    requests: number;
    workshops: number;
  };
}

/** A progress report; return `false` from the callback to stop the search. */
export interface Progress {
  iteration: number;
  bestCost: number;
  assigned: number;
  unassigned: number;
  elapsedMs: number;
}

/** Options of `solve` (all optional; unknown keys are refused). */
export interface SolveOptions {
  /** Stop after this many milliseconds (default 2000 unless `iterations` is given). */
  timeLimitMs?: number;
  /** Seed of the search (default 1): a number or a BigInt. */
  seed?: number | bigint;
  /** Stop after this many iterations; without `timeLimitMs` the result is deterministic. */
  iterations?: number;
  /** Called as the search goes; returning `false` stops it. */
  onProgress?: (progress: Progress) => boolean | void;
  /** Size limits on the problem, as for `validate`. */
  limits?: Limits;
}

/** What `solve` returns. */
export interface SolveResult {
  solution: SolutionDocument;
  iterations: number;
  stopReason: "iterations" | "timeLimit" | "cancelled" | "complete";
  elapsedMs: number;
}

/** One thing wrong with a solution (the checker's codes and kinds). */
export interface Violation {
  code: string;
  kind: "format" | "completeness" | "hard" | "reason" | "cost";
  message: string;
  /** JSON path in the solution, where it applies. */
  path?: string;
  /** Hard rule number (1-10; 9 breaks and 10 roles from format 1.1) for `hard` violations. */
  rule?: number;
  request?: string;
  mediator?: string;
  workshop?: string;
  session?: string;
  office?: string;
}

/**
 * What `evaluate` returns: the same report as `ponte-check --json` (so its
 * keys are the format's snake_case, unlike this binding's own results).
 */
export interface Evaluation {
  /** No violation at all (what the checker accepts). */
  ok: boolean;
  /** No hard-rule violation and no malformed entry. */
  feasible: boolean;
  complete: boolean;
  reasons_ok: boolean;
  cost_matches: boolean;
  violations: Violation[];
  cost: { recomputed: Cost; claimed: Partial<Cost> };
}

/** A new request to place (the core's `SlotQuery`; format keys). */
export interface SlotQuery {
  office: string;
  /** The resident's languages, most preferred first. */
  languages: string[];
  min_level?: Level;
  duration_minutes: number;
  /** Earliest start, local `YYYY-MM-DDTHH:MM`. */
  earliest: string;
  /** Latest end, local `YYYY-MM-DDTHH:MM`. */
  latest: string;
  /** Accepted modalities, most preferred first (default in person). */
  modalities?: Modality[];
  skills?: string[];
  /** Not on a public snapshot (UNSUPPORTED_ON_SNAPSHOT). */
  mediator_gender?: string;
  /** Not on a public snapshot (UNSUPPORTED_ON_SNAPSHOT). */
  case?: string;
  preferred_mediator?: string;
  /** At most this many options (default 20). */
  limit?: number;
}

/** A place for a new request, cheapest first. */
export interface SlotOption {
  /** Mediator id (a pseudonym such as `M001` on a public snapshot). */
  mediator: string;
  start: string;
  end: string;
  language: string;
  modality: Modality;
  /** What serving the request there adds to the plan's cost. */
  cost_increase: number;
}

/** `[from, to)` in minutes since the horizon's first instant. */
export type MinuteInterval = [number, number];

/** The public availability snapshot `ponte-availability/1` (no personal data). */
export interface PublicSnapshot {
  format: "ponte-availability/1";
  name?: string;
  timezone: string;
  slot_minutes: number;
  horizon_start: string;
  horizon_end: string;
  municipalities: Array<{ id: string; name?: string; location?: [number, number] }>;
  travel: { speed_kmh: number; road_factor: number; intra_municipality_minutes: number; matrix: Array<[string, string, number]> };
  offices: Array<{ id: string; name?: string; municipality: string; capacity?: number; open: MinuteInterval[]; load?: MinuteInterval[] }>;
  mediators: Array<{
    id: string;
    home: string;
    languages: Array<{ code: string; level: Level }>;
    modalities: Modality[];
    skills?: string[];
    max_minutes_per_day?: number;
    max_minutes_per_week?: number;
    available: MinuteInterval[];
    busy: Array<{ from: number; to: number; office: string; in_person: boolean }>;
  }>;
  weights: { travel: number; language_rank: number; modality_rank: number; preferred_mediator: number; delay: number };
}

/** Where `book` puts a request (the core's `BookingChoice`; format keys). */
export interface BookingChoice {
  /** Mediator id. */
  mediator: string;
  /** Local start `YYYY-MM-DDTHH:MM`. */
  start: string;
  /** Language to use (default: the request's most preferred that fits). */
  language?: string;
  /** Modality to use (default: the request's most preferred that fits). */
  modality?: Modality;
}

/** What `book` and `cancel` return. */
export interface OperationResult {
  /** The updated plan. */
  solution: SolutionDocument;
  /** New total cost minus old total cost. */
  costDelta: number;
}

/** What `lock` returns. */
export interface LockResult extends OperationResult {
  /** The problem with the request locked (`previous` and `locked: true`). */
  problem: ProblemDocument;
}

/** What `replan` returns. */
export interface ReplanResult {
  /** The repaired plan. */
  solution: SolutionDocument;
  /** Assignments of the old plan kept as they were. */
  kept: number;
  /** Requests of the old plan now at another mediator or start. */
  moved: string[];
  /** Requests of the old plan now unassigned. */
  dropped: string[];
  /** Requests newly assigned. */
  added: string[];
  /** Local-search iterations done. */
  iterations: number;
  /** Why the repair's search stopped. */
  stopReason: "iterations" | "timeLimit" | "cancelled" | "complete";
}

/** Options of `reportHtml` (unknown keys are refused). */
export interface ReportOptions {
  /** Mediators as pseudonyms (`M001`, ...), reasons without messages: for publishing. */
  anonymize?: boolean;
  /** The page title (default: the network's name and the horizon). */
  title?: string;
  /** Language of headings and fixed texts (default `"it"`). */
  lang?: "it" | "en";
}

/** Options of `monitoringCsv`. */
export interface MonitoringOptions {
  /** Rows per municipality, service and language (default) or per mediator. */
  by?: "municipality" | "mediator";
}

/** Options of `explain` (unknown keys are refused). */
export interface ExplainOptions {
  /** Mediators as pseudonyms `M001`, ... and reasons as bare codes (default false). */
  anonymize?: boolean;
}

/**
 * What `explain` returns (the core's `Explanation`; format snake_case keys).
 */
export interface Explanation {
  /** One entry per request, in the problem's order. */
  requests: Array<{
    request: string;
    assigned: boolean;
    /** Mediator id (a pseudonym when anonymized), when served. */
    mediator?: string;
    /** Local start, when served. */
    start?: string;
    /** The request's own cost terms (travel is per mediator and day, so 0 here). */
    terms: Cost;
    /** The reason, when unassigned (only its code when anonymized). */
    reason?: { code: ReasonCode; message: string; blocking?: string[] };
  }>;
  /** One entry per mediator, in the problem's order. */
  mediators: Array<{
    mediator: string;
    engagements: number;
    /** Engaged minutes per local date `YYYY-MM-DD`. */
    minutes_per_day: Record<string, number>;
    /** Engaged minutes per ISO week `YYYY-Www`. */
    minutes_per_week: Record<string, number>;
    travel_minutes: number;
    in_person_minutes: number;
    remote_minutes: number;
  }>;
  /** Demand by language and municipality. */
  coverage: Array<{
    language: string;
    municipality: string;
    served: number;
    unserved: number;
    minutes_served: number;
    minutes_unserved: number;
  }>;
  /** The plan's cost. */
  cost: Cost;
}

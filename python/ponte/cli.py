"""Command line: ``python -m ponte {solve,validate,explain,export,from-tables}``.

Examples::

    python -m ponte validate problem.json
    python -m ponte solve problem.json -o plan.json --excel plan.xlsx --ics-dir calendars/ --time-limit 10 --seed 1
    python -m ponte explain problem.json plan.json --request r-001
    python -m ponte export problem.json plan.json --excel plan.xlsx --anonymize
    python -m ponte from-tables tables/ -o problem.json --start 2026-12-07 --end 2026-12-13

Exit status: 0 success; 1 invalid problem or plan; 2 bad usage, unreadable
file or another error; 130 interrupted. Nothing printed names a person:
summaries give counts, and ``explain --anonymize`` replaces mediator ids.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional, Sequence, TextIO

from . import _ponte
from ._plan import Plan, ProgressReport, load_plan
from ._privacy import Pseudonyms
from ._problem import load_problem


class ProgressBar:
    """A one-line progress display on a stream (stderr), for long solves.

    Nothing is shown during the first ``delay`` seconds. On a terminal the
    line is redrawn in place; otherwise a line is printed every ``every``
    seconds at most.
    """

    def __init__(self, stream: TextIO, time_limit: Optional[float], delay: float = 1.0, every: float = 5.0) -> None:
        self.stream = stream
        self.time_limit = time_limit
        self.delay = delay
        self.every = every
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.shown = False
        self.last_line = -1e9

    def line(self, report: ProgressReport) -> str:
        elapsed = report["elapsed"]
        status = (
            f"{elapsed:6.1f}s  it {report['iteration']:>8}  cost {report['best_cost']:>10}  "
            f"assigned {report['assigned']}/{report['assigned'] + report['unassigned']}"
        )
        if self.time_limit:
            share = 1.0 if report["done"] else min(elapsed / self.time_limit, 1.0)
            filled = int(share * 24)
            return f"[{'#' * filled}{'.' * (24 - filled)}] {status}"
        return status

    def __call__(self, report: ProgressReport) -> None:
        if report["elapsed"] < self.delay and not self.shown:
            return
        if self.tty:
            self.stream.write("\r" + self.line(report))
            if report["done"]:
                self.stream.write("\n")
            self.stream.flush()
            self.shown = True
        elif report["done"] or report["elapsed"] - self.last_line >= self.every:
            self.stream.write(self.line(report) + "\n")
            self.stream.flush()
            self.last_line = report["elapsed"]
            self.shown = True


def _summary_lines(plan: Plan) -> list[str]:
    s = plan.summary()
    lines = [
        f"requests {s['requests']}: assigned {s['assigned']}, unassigned {s['unassigned']}",
        f"workshop sessions {s['sessions']}",
        f"cost {s['cost']['total']} ("
        + ", ".join(f"{k} {v}" for k, v in s["cost"].items() if k != "total" and v)
        + ")",
    ]
    if s["unassigned_reasons"]:
        lines.append("unassigned by reason: " + ", ".join(f"{k} {v}" for k, v in s["unassigned_reasons"].items()))
    stats = s["stats"]
    lines.append(f"search: {stats['iterations']} iterations, stopped: {stats['stop']}, {stats['elapsed']:.2f} s")
    return lines


def _export(plan: Plan, args: argparse.Namespace) -> None:
    if args.excel:
        path = plan.to_excel(args.excel, anonymize=args.anonymize)
        print(f"wrote {path}")
    if args.ics_dir:
        paths = plan.to_ics(args.ics_dir, anonymize=args.anonymize)
        print(f"wrote {len(paths)} calendars to {args.ics_dir}")


def cmd_solve(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    bar = None if args.quiet else ProgressBar(sys.stderr, args.time_limit)
    plan = problem.solve(time_limit=args.time_limit, seed=args.seed, iterations=args.iterations, progress=bar)
    if args.output:
        plan.save(args.output)
        print(f"wrote {args.output}")
    for line in _summary_lines(plan):
        print(line)
    _export(plan, args)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem, validate=False)
    errors = problem.validate()
    if args.json:
        print(json.dumps({"valid": not errors, "errors": [e.__dict__ for e in errors]}, ensure_ascii=False, indent=2))
    elif errors:
        for e in errors:
            print(e)
        print(f"{len(errors)} error(s)", file=sys.stderr)
    else:
        print("valid")
    return 1 if errors else 0


def cmd_explain(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    plan = load_plan(problem, args.plan)
    names = Pseudonyms(problem, args.anonymize)
    try:
        terms = {row["request"]: row["terms"] for row in plan.request_terms()}
    except _ponte.PonteError as err:
        print(f"note: per-request cost terms unavailable ({err.code})", file=sys.stderr)
        terms = {}
    assigned = {a.request: a for a in plan.assignments}
    unassigned = {u.request: u for u in plan.unassigned}
    wanted = args.request or problem.request_ids
    unknown = [r for r in wanted if r not in assigned and r not in unassigned and r not in problem.request_ids]
    if unknown:
        print(f"error: no request {', '.join(unknown)}", file=sys.stderr)
        return 2
    out: list[dict[str, Any]] = []
    for rid in wanted:
        row: dict[str, Any] = {"request": rid}
        if rid in assigned:
            a = assigned[rid]
            row.update(status="assigned", mediator=names.mediator(a.mediator), start=a.start.isoformat(),
                       language=a.language, modality=a.modality)
        elif rid in unassigned:
            row.update(status="unassigned", reasons=[
                {"code": r.code, "message": names.scrub(r.message), "blocking": list(r.blocking)}
                for r in unassigned[rid].reasons
            ])
        else:
            row.update(status="missing from the plan")
        if rid in terms:
            row["terms"] = {k: v for k, v in terms[rid].items() if v}
        out.append(row)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for row in out:
        head = f"{row['request']}: {row['status']}"
        if row["status"] == "assigned":
            head += f" to {row['mediator']} at {row['start']} in {row['language']} ({row['modality']})"
        print(head)
        for reason in row.get("reasons", []):
            blocking = f" [blocked by {', '.join(reason['blocking'])}]" if reason["blocking"] else ""
            print(f"    {reason['code']}: {reason['message']}{blocking}")
        if "terms" in row:
            print("    cost: " + (", ".join(f"{k} {v}" for k, v in row["terms"].items()) or "0"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    plan = load_plan(load_problem(args.problem), args.plan)
    if not (args.excel or args.ics_dir):
        print("nothing to do: give --excel and/or --ics-dir", file=sys.stderr)
        return 2
    _export(plan, args)
    return 0


def cmd_from_tables(args: argparse.Namespace) -> int:
    from .tables import problem_from_csv_dir, problem_from_excel

    horizon = (args.start, args.end) if args.start and args.end else None
    network = {"name": args.name} if args.name else None
    source = Path(args.tables)
    build = problem_from_excel if source.suffix.lower() in (".xlsx", ".xlsm") else problem_from_csv_dir
    problem = build(source, horizon=horizon, network=network)
    problem.save(args.output)
    print(f"wrote {args.output}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    top = argparse.ArgumentParser(prog="python -m ponte", description="Ponte: plan mediation services.")
    top.add_argument("--version", action="version", version=f"ponte {_ponte.__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("solve", help="solve a problem")
    p.add_argument("problem")
    p.add_argument("-o", "--output", help="write the plan (ponte-solution/1 JSON) here")
    p.add_argument("--excel", help="write an Excel workbook here")
    p.add_argument("--ics-dir", help="write one iCalendar file per mediator into this folder")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--iterations", type=int, help="cap the local search (deterministic)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--anonymize", action="store_true", help="pseudonyms, no names in Excel and calendars")
    p.set_defaults(run=cmd_solve)

    p = sub.add_parser("validate", help="list every error of a problem")
    p.add_argument("problem")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("explain", help="cost terms and reasons per request of a plan")
    p.add_argument("problem")
    p.add_argument("plan")
    p.add_argument("--request", action="append", help="only this request (repeatable)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--anonymize", action="store_true")
    p.set_defaults(run=cmd_explain)

    p = sub.add_parser("export", help="Excel and calendars of an existing plan")
    p.add_argument("problem")
    p.add_argument("plan")
    p.add_argument("--excel")
    p.add_argument("--ics-dir")
    p.add_argument("--anonymize", action="store_true")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("from-tables", help="build a problem from CSV files in a folder or an Excel workbook")
    p.add_argument("tables")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--start", help="first day YYYY-MM-DD")
    p.add_argument("--end", help="last day YYYY-MM-DD")
    p.add_argument("--name", help="network name")
    p.set_defaults(run=cmd_from_tables)
    return top


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except _ponte.InvalidProblem as err:
        print(f"error: {err.code}: {len(err.errors)} error(s)", file=sys.stderr)
        for e in err.errors:
            print(f"  {e['path']}: {e['code']}: {e['message']}", file=sys.stderr)
        return 1
    except _ponte.PonteError as err:
        print(f"error: {err.code}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        sys.stdout.flush()

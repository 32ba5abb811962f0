"""Command line: ``python -m ponte {solve,validate,explain,export,from-tables,slots,replan,snapshot}``.

Examples::

    python -m ponte validate problem.json
    python -m ponte solve problem.json -o plan.json --excel plan.xlsx --ics-dir calendars/ --time-limit 10 --seed 1
    python -m ponte explain problem.json plan.json --request r-001
    python -m ponte export problem.json plan.json --excel plan.xlsx --anonymize
    python -m ponte from-tables tables/ -o problem.json --start 2026-12-07 --end 2026-12-13
    python -m ponte slots problem.json plan.json --office o-1 --language ar --duration 60 \
        --from 2026-12-07T09:00 --to 2026-12-09T18:00
    python -m ponte replan problem.json old-plan.json -o new-plan.json
    python -m ponte snapshot problem.json plan.json -o snapshot.json
    python -m ponte slots snapshot.json --office o-1 --language ar --duration 60 --from ... --to ...
    python -m ponte service --url http://127.0.0.1:8080 push visconteo week.xlsx --start 2026-12-07 --end 2026-12-13
    python -m ponte service pull visconteo --excel week.xlsx --bookings-csv bookings.csv   (token: PONTE_TOKEN)
    python -m ponte service absence visconteo m-03 --from 2026-12-09T00:00 --to 2026-12-10T00:00
    python -m ponte service lock visconteo r-001
    python -m ponte service solve visconteo --time-limit 30

Exit status: 0 success; 1 invalid problem or plan; 2 bad usage, unreadable
file, a refused operation or another error; 130 interrupted. Nothing
printed names a person: summaries give counts, and ``--anonymize`` replaces
mediator ids by pseudonyms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Optional, Sequence, TextIO

from . import _ponte
from ._api import Plan, load_plan, load_problem
from ._booking import LEVELS, MODALITIES, free_slots_in_snapshot, load_snapshot
from ._errors import writing
from ._privacy import Pseudonyms
from ._records import Explanation, ProgressReport, SlotOption
from .service import Client
from .tables import problem_from_csv_dir, problem_from_excel


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
    if args.report:
        plan.report_html(args.report, anonymize=args.anonymize)
        print(f"wrote {args.report}")
    if args.monitoring:
        plan.monitoring_csv(args.monitoring)
        print(f"wrote {args.monitoring}")


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


def _explain_lines(plan: Plan, explanation: Explanation, wanted: Sequence[str], everything: bool) -> list[str]:
    names = Pseudonyms(plan.problem, explanation.anonymized)
    how = {a.request: f" in {a.language} ({a.modality})" for a in plan.assignments}
    lines = []
    for rid in wanted:
        r = explanation.request(rid)
        if r.assigned and r.start is not None:
            lines.append(f"{rid}: assigned to {r.mediator} at {r.start.isoformat()}{how.get(rid, '')}")
        else:
            lines.append(f"{rid}: unassigned")
            if r.reason is not None:
                blocking = f" [blocked by {', '.join(r.reason.blocking)}]" if r.reason.blocking else ""
                lines.append(f"    {r.reason.code}: {names.scrub(r.reason.message)}{blocking}")
        terms = {k: v for k, v in r.terms.to_dict().items() if v and k != "total"}
        lines.append("    cost: " + (", ".join(f"{k} {v}" for k, v in terms.items()) or "0"))
    if not everything:
        return lines
    lines.append("mediators:")
    for m in explanation.mediators:
        busiest = max(m.minutes_per_day.items(), key=lambda kv: kv[1], default=None)
        peak = f", busiest day {busiest[0]} {busiest[1]} min" if busiest else ""
        lines.append(f"  {m.mediator}: {m.engagements} engagements, {m.minutes} min (in person "
                     f"{m.in_person_minutes}, remote {m.remote_minutes}), travel {m.travel_minutes} min{peak}")
    lines.append("coverage:")
    for c in explanation.coverage:
        lines.append(f"  {c.language} {c.municipality}: served {c.served} ({c.minutes_served} min), "
                     f"unserved {c.unserved} ({c.minutes_unserved} min)")
    cost = explanation.cost
    lines.append(f"cost {cost.total} (" + ", ".join(
        f"{k} {v}" for k, v in cost.to_dict().items() if k != "total" and v) + ")")
    return lines


def cmd_explain(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    plan = load_plan(problem, args.plan)
    explanation = plan.explain(anonymize=args.anonymize)
    wanted = args.request or problem.request_ids
    known = set(problem.request_ids)
    unknown = [r for r in wanted if r not in known]
    if unknown:
        print(f"error: no request {', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.json:
        document = explanation.to_dict()
        if args.request:
            document["requests"] = [r for r in document["requests"] if r["request"] in set(wanted)]
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    for line in _explain_lines(plan, explanation, wanted, everything=not args.request):
        print(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    plan = load_plan(load_problem(args.problem), args.plan)
    if not (args.excel or args.ics_dir or args.report or args.monitoring):
        print("nothing to do: give --excel, --ics-dir, --report and/or --monitoring", file=sys.stderr)
        return 2
    _export(plan, args)
    return 0


def cmd_from_tables(args: argparse.Namespace) -> int:
    horizon = (args.start, args.end) if args.start and args.end else None
    network = {"name": args.name} if args.name else None
    source = Path(args.tables)
    build = problem_from_excel if source.suffix.lower() in (".xlsx", ".xlsm") else problem_from_csv_dir
    problem = build(source, horizon=horizon, network=network)
    problem.save(args.output)
    print(f"wrote {args.output}")
    return 0


def _slot_lines(options: Sequence[SlotOption], names: Optional[Pseudonyms]) -> list[str]:
    if not options:
        return ["no free slot in this window"]
    lines = []
    for o in options:
        who = names.mediator(o.mediator) if names is not None else o.mediator
        lines.append(f"{o.start:%Y-%m-%d %H:%M}-{o.end:%H:%M}  {who}  {o.language}  {o.modality}  "
                     f"+{o.cost_increase}")
    return lines


def cmd_slots(args: argparse.Namespace) -> int:
    query: dict[str, Any] = dict(
        office=args.office, languages=args.language, duration=args.duration, earliest=args.earliest,
        latest=args.latest, modalities=args.modality, min_level=args.min_level, skills=args.skill, limit=args.limit,
    )
    names: Optional[Pseudonyms] = None
    if args.plan is None:
        snapshot = load_snapshot(args.problem)
        if snapshot.get("format") != _ponte.SNAPSHOT_FORMAT:
            print(f"error: {args.problem} is not a public snapshot ({_ponte.SNAPSHOT_FORMAT}): give PROBLEM and PLAN",
                  file=sys.stderr)
            return 2
        options = free_slots_in_snapshot(snapshot, **query)
    else:
        problem = load_problem(args.problem)
        options = load_plan(problem, args.plan).free_slots(**query)
        names = Pseudonyms(problem, args.anonymize)
    if args.json:
        rows = [{"mediator": names.mediator(o.mediator) if names else o.mediator, "start": o.start.isoformat(),
                 "end": o.end.isoformat(), "language": o.language, "modality": o.modality,
                 "cost_increase": o.cost_increase} for o in options]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for line in _slot_lines(options, names):
        print(line)
    return 0


def _ids(label: str, ids: Sequence[str], most: int = 20) -> str:
    shown = ", ".join(ids[:most]) + (f", ... ({len(ids) - most} more)" if len(ids) > most else "")
    return f"{label} {len(ids)}" + (f": {shown}" if ids else "")


def cmd_replan(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    old = load_plan(problem, args.old_plan)
    bar = None if args.quiet else ProgressBar(sys.stderr, args.time_limit)
    result = problem.replan(old, time_limit=args.time_limit, iterations=args.iterations, seed=args.seed,
                            progress=bar)
    result.plan.save(args.output)
    print(f"wrote {args.output}")
    print(f"kept {result.kept}")
    for label, ids in (("moved", result.moved), ("dropped", result.dropped), ("added", result.added)):
        print(_ids(label, ids))
    for line in _summary_lines(result.plan):
        print(line)
    _export(result.plan, args)
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    snapshot = load_plan(problem, args.plan).public_snapshot()
    target = Path(args.output)

    with writing(target):
        target.write_text(json.dumps(snapshot, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    busy = sum(len(m["busy"]) for m in snapshot["mediators"])
    print(f"wrote {target}: {len(snapshot['offices'])} offices, {len(snapshot['mediators'])} mediators "
          f"(pseudonyms), {busy} busy times")
    return 0


def _client(args: argparse.Namespace) -> Client:
    return Client(args.url, args.token)


def cmd_service_status(args: argparse.Namespace) -> int:
    ready = _client(args).health()
    for n in ready.get("networks", []):
        print(f"network {n['id']}: plan version {n['version']}")
    print(ready["status"])
    return 0


def cmd_service_push(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if source.is_dir() or source.suffix.lower() in (".xlsx", ".xlsm"):
        horizon = (args.start, args.end) if args.start and args.end else None
        network = {"name": args.name} if args.name else None
        build = problem_from_excel if source.suffix.lower() in (".xlsx", ".xlsm") else problem_from_csv_dir
        problem = build(source, horizon=horizon, network=network)
    else:
        problem = load_problem(args.source)
    answer = _client(args).push(args.network, problem)
    print(_replanned_line(answer))
    return 0


def _replanned_line(answer: dict[str, Any]) -> str:
    return (
        f"plan version {answer['version']}: kept {answer['kept']}, moved {answer['moved']}, "
        f"dropped {answer['dropped']}, added {answer['added']}, unassigned {answer['unassigned']}"
    )


def cmd_service_pull(args: argparse.Namespace) -> int:
    week = _client(args).pull(args.network)
    confirmed = sum(1 for b in week.bookings if b.get("status") == "confirmed")
    print(f"plan version {week.version}: {len(week.plan.assignments)} assigned, "
          f"{len(week.plan.unassigned)} unassigned; bookings: {confirmed} confirmed, {len(week.bookings) - confirmed} cancelled")
    if args.output:
        week.plan.save(args.output)
        print(f"wrote {args.output}")
    if args.problem:
        week.plan.problem.save(args.problem)
        print(f"wrote {args.problem}")
    if args.excel:
        print(f"wrote {week.to_excel(args.excel, anonymize=args.anonymize)}")
    if args.bookings_csv:
        if args.anonymize:
            print("error: --bookings-csv holds residents' data; it cannot be anonymized", file=sys.stderr)
            return 2
        print(f"wrote {week.bookings_csv(args.bookings_csv)}")
    args.excel = None
    _export(week.plan, args)
    return 0


def cmd_service_absence(args: argparse.Namespace) -> int:
    answer = _client(args).report_absence(args.network, args.mediator, args.start, args.end)
    print(_replanned_line(answer))
    return 0


def cmd_service_lock(args: argparse.Namespace) -> int:
    answer = _client(args).lock(args.network, args.request)
    print(f"locked {answer['request']} (cost change {answer['cost_delta']})")
    return 0


def _output_options(p: argparse.ArgumentParser) -> None:
    """The files a plan can be written to besides its JSON."""
    p.add_argument("--excel", help="write an Excel workbook here")
    p.add_argument("--ics-dir", help="write one iCalendar file per mediator into this folder")
    p.add_argument("--report", help="write the HTML plan report here")
    p.add_argument("--monitoring", help="write the monitoring CSV (per municipality, service, language) here")


def _table_options(p: argparse.ArgumentParser, suffix: str = "") -> None:
    """What a problem read from CSV or Excel tables takes from the command line."""
    p.add_argument("--start", help=f"first day YYYY-MM-DD{suffix}")
    p.add_argument("--end", help=f"last day YYYY-MM-DD{suffix}")
    p.add_argument("--name", help=f"network name{suffix}")


class JobProgressBar(ProgressBar):
    """:class:`ProgressBar` for a solve job of the service, which reports iterations and cost only."""

    def line(self, report: ProgressReport) -> str:
        return super().line(report).split("  assigned ")[0]


def cmd_service_solve(args: argparse.Namespace) -> int:
    bar = None if args.quiet else JobProgressBar(sys.stderr, args.time_limit)
    job = _client(args).solve(args.network, time_limit=args.time_limit, seed=args.seed, progress=bar)
    print(f"solve {job['status']}: {job['iterations']} iterations, best cost {job['best_cost']}"
          + (f", plan version {job['version']}" if job.get("version") is not None else ""))
    if job.get("message"):
        print(job["message"], file=sys.stderr)
    return 0 if job["status"] == "done" else 2


def _service_parser(sub: Any) -> None:
    service = sub.add_parser("service", help="the planner's side of ponte-server: push, pull, absence, lock, solve")
    service.add_argument("--url", default=os.environ.get("PONTE_URL", "http://127.0.0.1:8080"),
                         help="the service (default $PONTE_URL or http://127.0.0.1:8080)")
    service.add_argument("--token", default=os.environ.get("PONTE_TOKEN"),
                         help="a planner token (default $PONTE_TOKEN; prefer the variable: arguments are visible to others)")
    actions = service.add_subparsers(dest="action", required=True)

    p = actions.add_parser("status", help="whether the service is ready, with each network's plan version")
    p.set_defaults(run=cmd_service_status)

    p = actions.add_parser("push", help="replace a network's problem (JSON, CSV folder or Excel workbook) and re-plan")
    p.add_argument("network")
    p.add_argument("source", help="problem JSON, a folder of CSV tables or an Excel workbook")
    _table_options(p, " (tables)")
    p.set_defaults(run=cmd_service_push)

    p = actions.add_parser("pull", help="the current plan and the residents' bookings into Excel, CSV, calendars")
    p.add_argument("network")
    p.add_argument("-o", "--output", help="write the plan (ponte-solution/1 JSON) here")
    p.add_argument("--problem", help="write the current problem (bookings as bk- requests) here")
    p.add_argument("--excel", help="the plan's workbook with a 'bookings' sheet (residents' data)")
    p.add_argument("--bookings-csv", help="the bookings with the residents' data, CSV")
    p.add_argument("--ics-dir")
    p.add_argument("--report", help="the HTML plan report")
    p.add_argument("--monitoring", help="the monitoring CSV")
    p.add_argument("--anonymize", action="store_true", help="pseudonyms, and no bookings sheet")
    p.set_defaults(run=cmd_service_pull)

    p = actions.add_parser("absence", help="a mediator's absence [from, to), then a re-plan with few moves")
    p.add_argument("network")
    p.add_argument("mediator")
    p.add_argument("--from", dest="start", required=True, help="YYYY-MM-DDTHH:MM, local")
    p.add_argument("--to", dest="end", required=True, help="YYYY-MM-DDTHH:MM, local")
    p.set_defaults(run=cmd_service_absence)

    p = actions.add_parser("lock", help="lock a request where the plan has it")
    p.add_argument("network")
    p.add_argument("request")
    p.set_defaults(run=cmd_service_lock)

    p = actions.add_parser("solve", help="a full solve in the background, followed with a progress bar")
    p.add_argument("network")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=cmd_service_solve)


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    top = argparse.ArgumentParser(prog="python -m ponte", description="Ponte: plan mediation services.")
    top.add_argument("--version", action="version", version=f"ponte {_ponte.__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("solve", help="solve a problem")
    p.add_argument("problem")
    p.add_argument("-o", "--output", help="write the plan (ponte-solution/1 JSON) here")
    _output_options(p)
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--iterations", type=int, help="cap the local search (deterministic)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--anonymize", action="store_true", help="pseudonyms, no names in Excel, calendars and report")
    p.set_defaults(run=cmd_solve)

    p = sub.add_parser("validate", help="list every error of a problem")
    p.add_argument("problem")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("explain", help="per request its place or reason and cost terms; mediators' load; coverage")
    p.add_argument("problem")
    p.add_argument("plan")
    p.add_argument("--request", action="append", help="only this request (repeatable)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--anonymize", action="store_true")
    p.set_defaults(run=cmd_explain)

    p = sub.add_parser("export", help="Excel, calendars, HTML report and monitoring CSV of an existing plan")
    p.add_argument("problem")
    p.add_argument("plan")
    _output_options(p)
    p.add_argument("--anonymize", action="store_true")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("from-tables", help="build a problem from CSV files in a folder or an Excel workbook")
    p.add_argument("tables")
    p.add_argument("-o", "--output", required=True)
    _table_options(p)
    p.set_defaults(run=cmd_from_tables)

    p = sub.add_parser("slots", help="free slots for a new request in a plan, or on a public snapshot")
    p.add_argument("problem", help="the problem, or a public snapshot (then no PLAN)")
    p.add_argument("plan", nargs="?", help="the plan (ponte-solution/1)")
    p.add_argument("--office", required=True)
    p.add_argument("--language", action="append", required=True, help="most preferred first (repeatable)")
    p.add_argument("--duration", type=int, required=True, help="minutes")
    p.add_argument("--from", dest="earliest", required=True, help="earliest start, YYYY-MM-DDTHH:MM")
    p.add_argument("--to", dest="latest", required=True, help="latest end, YYYY-MM-DDTHH:MM")
    p.add_argument("--modality", action="append", choices=MODALITIES, help="accepted, most preferred first "
                   "(repeatable; default in_person)")
    p.add_argument("--min-level", choices=LEVELS)
    p.add_argument("--skill", action="append", help="required skill (repeatable)")
    p.add_argument("--limit", type=int, help="at most this many options (default 20)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--anonymize", action="store_true", help="mediators by pseudonym")
    p.set_defaults(run=cmd_slots)

    p = sub.add_parser("replan", help="repair a plan after the problem changed, moving few assignments")
    p.add_argument("problem", help="the changed problem")
    p.add_argument("old_plan", help="the plan of the earlier version")
    p.add_argument("-o", "--output", required=True, help="write the new plan here")
    _output_options(p)
    p.add_argument("--time-limit", type=float, help="seconds (default: a short fixed number of iterations)")
    p.add_argument("--iterations", type=int, help="cap the local search (deterministic)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--anonymize", action="store_true", help="pseudonyms, no names in Excel, calendars and report")
    p.set_defaults(run=cmd_replan)

    p = sub.add_parser("snapshot", help="the public availability snapshot of a plan (nothing personal)")
    p.add_argument("problem")
    p.add_argument("plan")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(run=cmd_snapshot)

    _service_parser(sub)
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
    except _ponte.Refused as err:
        path = err.errors[0]["path"] if err.errors else ""
        print(f"error: {err.code}: {path + ': ' if path else ''}{err}", file=sys.stderr)
        return 2
    except _ponte.PonteError as err:
        print(f"error: {err.code}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        sys.stdout.flush()

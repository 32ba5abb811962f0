"""A planner's week on the bundled example, start to finish.

Key points:
- load and validate a problem (every error at once, with JSON paths);
- solve it with a time limit, a seed and a progress callback (the GIL is
  released while the core works; Ctrl-C stops the search);
- print a summary that names no one (counts, cost terms, reasons);
- write the plan as JSON, an Excel workbook (a sheet per municipality, a
  summary, the unassigned requests with reasons) and one iCalendar file per
  mediator, into an output folder (a temporary one unless given);
- a front-desk moment: a resident asks for an appointment, the clerk looks
  for free slots in the current plan (nobody moves), registers the request
  and books the best option;
- a mediator falls ill: re-plan from the current plan, keeping what still
  holds and moving as few appointments as possible;
- publish the plan's availability snapshot (nothing personal in it).

With --anonymize nothing printed names a person: mediators appear as the
pseudonyms M001, M002, ... of every anonymized output.

Run: python examples/planner.py [OUT_DIR] [--time-limit S] [--anonymize]
(after `bash scripts/ci/python` or `maturin develop` has installed `ponte`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import ponte
from ponte._privacy import Pseudonyms

ROOT = Path(__file__).resolve().parents[1]


def example_problem(out: Path) -> Path:
    """The project's bundled week; else the shared sample; else generate one."""
    bundled = ROOT / "examples" / "data" / "visconteo-week.json"
    if bundled.is_file():
        return bundled
    shared = ROOT.parent / "shared" / "tools" / "gen"
    if (shared / "examples" / "visconteo-week.json").is_file():
        return shared / "examples" / "visconteo-week.json"
    target = out / "visconteo-week.json"
    subprocess.run([sys.executable, str(shared / "ponte-gen"), "--size", "s", "--seed", "1", "-o", str(target)],
                   check=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="output folder (default: a new temporary folder)")
    parser.add_argument("--time-limit", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--anonymize", action="store_true", help="pseudonyms, no names in the outputs")
    args = parser.parse_args()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="ponte-week-"))
    out.mkdir(parents=True, exist_ok=True)

    # 1. Load without validating, then validate: a planner sees every error at once.
    path = example_problem(out)
    problem = ponte.load_problem(path, validate=False)
    errors = problem.validate()
    if errors:
        print(f"{path.name}: {len(errors)} error(s)")
        for error in errors:
            print(f"  {error}")
        return 1
    start, end = problem.horizon
    print(f"{problem.name or path.stem}: {start} to {end}, {len(problem.request_ids)} requests, "
          f"{len(problem.mediator_ids)} mediators")

    # 2. Solve with progress (a dot per report) and a time limit.
    def progress(report: ponte.ProgressReport) -> None:
        if report["done"]:
            print(f" done: {report['assigned']} assigned after {report['iteration']} iterations")
        else:
            print(".", end="", flush=True)

    plan = problem.solve(time_limit=args.time_limit, seed=args.seed, progress=progress)

    # 3. A summary with counts only (no names, so it can be logged).
    summary = plan.summary()
    print(f"assigned {summary['assigned']} of {summary['requests']}, cost {summary['cost']['total']}")
    for code, count in summary["unassigned_reasons"].items():
        print(f"  unassigned {code}: {count}")
    for town, counts in sorted(summary["municipalities"].items()):
        print(f"  {town:<24} {counts['assigned']:>3} assigned {counts['unassigned']:>3} unassigned "
              f"{counts['minutes']:>5} min")
    first = plan.assignments[:3]
    for a in first:  # records carry aware datetimes in the network's zone
        print(f"  {a.request}: {a.start:%a %d/%m %H:%M %Z} - {a.end:%H:%M} at {a.office} ({a.language}, {a.modality})")

    # 4. Files for the offices and the mediators.
    plan.save(out / "plan.json")
    plan.to_excel(out / "plan.xlsx", anonymize=args.anonymize)
    calendars = plan.to_ics(out / "calendars", anonymize=args.anonymize)
    print(f"wrote {out / 'plan.json'}, {out / 'plan.xlsx'} and {len(calendars)} calendars in {out / 'calendars'}")

    names = Pseudonyms(problem, args.anonymize)  # mediator ids, or M001... when anonymizing
    booked = front_desk(plan, names)
    current = booked if booked is not None else plan
    replan_after_absence(current, names, args.seed)

    # 7. The availability snapshot a booking widget may publish: no names, no requests.
    snapshot = current.public_snapshot()
    (out / "snapshot.json").write_text(json.dumps(snapshot, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out / 'snapshot.json'}: {len(snapshot['mediators'])} mediators by pseudonym, "
          f"{sum(len(m['busy']) for m in snapshot['mediators'])} busy times")
    return 0


def front_desk(plan: ponte.Plan, names: Pseudonyms) -> "ponte.Plan | None":
    """5. A resident at an office asks for an appointment in their languages this week."""
    problem = plan.problem
    # The most common office and languages of the week: a typical walk-in.
    asked = problem.request(plan.assignments[len(plan.assignments) // 2].request)
    first, last = problem.horizon
    office, languages = asked["office"], asked["languages"]
    options = plan.free_slots(
        office=office, languages=languages, duration=45,
        earliest=dt.datetime.combine(first, dt.time(8, 0)), latest=dt.datetime.combine(last, dt.time(18, 0)),
        modalities=["in_person", "phone", "video"], limit=3,
    )
    print(f"front desk at {office} ({', '.join(languages)}, 45 min): {len(options)} free slot(s)")
    for o in options:
        print(f"  {o.start:%a %d/%m %H:%M}-{o.end:%H:%M} {names.mediator(o.mediator)} "
              f"{o.language} {o.modality} (+{o.cost_increase})")
    if not options:
        return None
    # Register the request (a new problem with one more request), then book the best option on the same plan.
    document: dict[str, Any] = problem.to_dict()
    document["requests"].append({
        "id": "walk-in-001", "office": office, "languages": languages, "duration_minutes": 45,
        "earliest": f"{first}T08:00", "latest": f"{last}T18:00", "modalities": ["in_person", "phone", "video"],
    })
    registered = ponte.load_problem(document)
    best = options[0]
    booked, delta = ponte.load_plan(registered, plan).book(
        "walk-in-001", best.mediator, best.start, language=best.language, modality=best.modality)
    check = booked.evaluate()
    print(f"  booked walk-in-001 with {names.mediator(best.mediator)} at {best.start:%a %d/%m %H:%M}: "
          f"cost {delta:+}, plan {'ok' if check['ok'] else 'NOT ok'} "
          f"({len(booked.assignments)} assigned, {len(booked.unassigned)} unassigned)")
    return booked


def replan_after_absence(plan: ponte.Plan, names: Pseudonyms, seed: int) -> ponte.Plan:
    """6. The busiest mediator calls in sick for the first two days: repair the plan."""
    problem = plan.problem
    locked = {r["previous"]["mediator"] for r in problem.document["requests"] if r.get("locked") and r.get("previous")}
    load: dict[str, int] = {}
    for a in plan.assignments:
        load[a.mediator] = load.get(a.mediator, 0) + 1
    ill = max((m for m in problem.mediator_ids if m not in locked), key=lambda m: load.get(m, 0))
    first = problem.horizon[0]
    document: dict[str, Any] = problem.to_dict()
    for m in document["mediators"]:
        if m["id"] == ill:
            m.setdefault("absences", []).append(
                {"from": f"{first}T00:00", "to": f"{first + dt.timedelta(days=2)}T00:00"})
    changed = ponte.load_problem(document)
    result = changed.replan(plan, seed=seed)
    check = result.plan.evaluate()
    print(f"{names.mediator(ill)} absent {first:%d/%m}-{first + dt.timedelta(days=1):%d/%m}: re-planned in "
          f"{result.iterations} iterations, kept {result.kept}, moved {len(result.moved)}, "
          f"dropped {len(result.dropped)}, cost {plan.cost.total} -> {result.plan.cost.total}, "
          f"plan {'ok' if check['ok'] else 'NOT ok'}")
    for rid in result.moved[:5]:
        a = next(x for x in result.plan.assignments if x.request == rid)
        print(f"  moved {rid}: {names.mediator(a.mediator)} at {a.start:%a %d/%m %H:%M}")
    return result.plan


if __name__ == "__main__":
    sys.exit(main())

"""A planner's week on the bundled example, start to finish.

Key points:
- load and validate a problem (every error at once, with JSON paths);
- solve it with a time limit, a seed and a progress callback (the GIL is
  released while the core works; Ctrl-C stops the search);
- print a summary that names no one (counts, cost terms, reasons);
- write the plan as JSON, an Excel workbook (a sheet per municipality, a
  summary, the unassigned requests with reasons) and one iCalendar file per
  mediator, into an output folder (a temporary one unless given).

Run: python examples/planner.py [OUT_DIR] [--time-limit S] [--anonymize]
(after `bash scripts/ci/python` or `maturin develop` has installed `ponte`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import ponte

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
    return 0


if __name__ == "__main__":
    sys.exit(main())

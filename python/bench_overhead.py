"""Overhead of the Python layer against the native solve, on a size-l instance.

Not a test: a measurement. Generates `ponte-gen --size l --seed 1` (4 weeks,
60 mediators, 1200 requests), then times, each the best of --repeat runs:

- loading: JSON text -> validated native problem (file read, json.loads for
  the Python-side dict, native parse and validation), and the same from a
  dict (Python objects walked into JSON by the binding);
- solving with a fixed iteration budget: the core's own time (measured in
  the binding around the GIL-released call) against the wall time of
  `Problem.solve` (argument checks, solution -> dict conversion, Plan);
- what planners do next: records with aware datetimes, JSON text, Excel,
  iCalendar files.

Run: python python/bench_overhead.py [--iterations 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

# This script sits beside the source package python/ponte/, which has no
# native module in it: import the installed package instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import ponte  # noqa: E402
from ponte import _ponte  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = Path(os.environ.get("PONTE_SHARED", ROOT.parent / "shared")) / "tools" / "gen" / "ponte-gen"


def best(repeat: int, action: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", default="l")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ponte-bench-"))
    path = folder / f"{args.size}-1.json"
    subprocess.run([sys.executable, str(GENERATOR), "--size", args.size, "--seed", "1", "-o", str(path)], check=True)
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    print(f"instance: size {args.size}, {len(doc['requests'])} requests, {len(doc['mediators'])} mediators, "
          f"{len(text) / 1024:.0f} KiB")

    rows: list[tuple[str, float]] = []
    t, _ = best(args.repeat, lambda: json.loads(text))
    rows.append(("json.loads of the problem (Python side)", t))
    t, _ = best(args.repeat, lambda: _ponte.Problem(text))
    rows.append(("native parse + validate from text", t))
    t, _ = best(args.repeat, lambda: _ponte.Problem(doc))
    rows.append(("native validate from a dict (binding walks it)", t))
    t, problem = best(args.repeat, lambda: ponte.load_problem(path))
    rows.append(("ponte.load_problem(path), total", t))

    core_times, walls, plan = [], [], None
    for _ in range(args.repeat):
        started = time.perf_counter()
        plan = problem.solve(iterations=args.iterations, seed=1)
        walls.append(time.perf_counter() - started)
        core_times.append(plan.stats.elapsed)
    assert plan is not None
    core, wall = min(core_times), min(walls)
    rows.append((f"core search, {args.iterations} iterations (inside the binding)", core))
    rows.append(("Problem.solve wall time", wall))
    rows.append(("  of which binding + Python (wall - core)", wall - core))
    t, _ = best(args.repeat, lambda: ponte.Plan(problem, plan.solution).assignments)
    rows.append(("plan.assignments records (aware datetimes)", t))
    t, _ = best(args.repeat, plan.to_json)
    rows.append(("plan.to_json()", t))
    t, _ = best(1, lambda: plan.to_excel(folder / "plan.xlsx"))
    rows.append(("plan.to_excel()", t))
    t, _ = best(1, lambda: plan.to_ics(folder / "ics"))
    rows.append(("plan.to_ics() (one file per mediator)", t))

    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:9.1f} ms")
    share = (wall - core) / wall * 100 if wall else 0.0
    print(f"overhead of the binding and Python around the search: {share:.1f}% of the solve call "
          f"({plan.summary()['assigned']} assigned, stop: {plan.stats.stop})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

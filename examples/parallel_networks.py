"""Several networks solved at once with threads: the GIL is released while
the core solves, so N problems take about the time of one on N cores.

Key points:
- generate a few networks with `ponte-gen` (sizes and seeds vary);
- solve them with `concurrent.futures.ThreadPoolExecutor`, one thread each;
- compare the wall time with the sum of the solve times (the speed-up comes
  from the GIL being released, not from processes; each solve runs one
  island, `threads=1`, so the threads here are the only parallelism); with `--iterations` the
  work is fixed, so the threaded run is also timed against a sequential one;
- problems and plans are plain JSON values, so the same code runs on a
  cluster (see "Dask and Ray" below, and `ponte.distributed` for a tested
  helper: `pip install ponte[dask]`).

Run: python examples/parallel_networks.py [--networks 4] [--time-limit 2 | --iterations N]

Dask and Ray
------------
Ship JSON, not Python objects: a problem is a dict (or JSON text) and a plan
is `plan.to_dict()`. With Dask::

    from dask.distributed import Client
    client = Client()                                   # or Client("scheduler:8786")
    def solve_one(problem_dict, seed):
        import ponte
        return ponte.solve(problem_dict, time_limit=10, seed=seed).to_dict()
    futures = [client.submit(solve_one, p, 1) for p in problem_dicts]
    plans = client.gather(futures)

With Ray::

    import ray
    ray.init()
    @ray.remote(num_cpus=1)
    def solve_one(problem_dict, seed):
        import ponte
        return ponte.solve(problem_dict, time_limit=10, seed=seed).to_dict()
    plans = ray.get([solve_one.remote(p, 1) for p in problem_dicts])

Each worker needs the `ponte` wheel installed (it is abi3: one wheel per
platform serves CPython 3.9+). Inside one worker process, threads as below
use its cores without pickling anything.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ponte

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = Path(os.environ.get("PONTE_SHARED", ROOT.parent / "shared")) / "tools" / "gen" / "ponte-gen"


def generate(folder: Path, size: str, seed: int) -> Path:
    target = folder / f"{size}-{seed}.json"
    subprocess.run([sys.executable, str(GENERATOR), "--size", size, "--seed", str(seed), "-o", str(target)],
                   check=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--iterations", type=int, help="fixed work per network instead of a time limit")
    args = parser.parse_args()
    if not GENERATOR.is_file():
        print(f"SKIPPED: ponte-gen not found at {GENERATOR} (set PONTE_SHARED)")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="ponte-networks-"))
    sizes = ["s", "m"]
    paths = [generate(folder, sizes[i % 2], i + 1) for i in range(args.networks)]
    problems = [ponte.load_problem(p) for p in paths]

    def solve(problem: ponte.Problem) -> tuple[ponte.Plan, float]:
        started = time.perf_counter()
        if args.iterations:
            plan = problem.solve(iterations=args.iterations, seed=1, threads=1)
        else:
            plan = problem.solve(time_limit=args.time_limit, seed=1, threads=1)
        return plan, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(problems)) as pool:
        results = list(pool.map(solve, problems))
    wall = time.perf_counter() - started
    for path, (plan, seconds) in zip(paths, results):
        s = plan.summary()
        print(f"{path.stem:>6}: {s['assigned']:>4}/{s['requests']:<4} assigned, cost {s['cost']['total']:>9}, "
              f"{seconds:5.2f} s, stopped: {plan.stats.stop}")
    busy = sum(seconds for _, seconds in results)
    print(f"{len(problems)} networks: wall {wall:.2f} s, sum of solves {busy:.2f} s, "
          f"overlap x{busy / wall:.2f} on {os.cpu_count()} cores")
    if args.iterations:
        started = time.perf_counter()
        sequential = [solve(p)[0] for p in problems]
        one_by_one = time.perf_counter() - started
        same = all(a.solution == b.solution for a, b in zip(sequential, (plan for plan, _ in results)))
        print(f"sequential: {one_by_one:.2f} s; threads: {wall:.2f} s; speed-up x{one_by_one / wall:.2f}; "
              f"same plans: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

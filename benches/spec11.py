#!/usr/bin/env python3
"""Issue 19's targets on format 1.1 problems (every 1.1 option on).

For each size and seed, generate an instance with every format 1.1 feature
(`ponte-gen --breaks --roles 0.1 --fair-shares --series 0.1 --worked
--windows 0.2 --witness`), solve it with Ponte at a short and a long time
budget (2 threads), check every plan with `ponte-check`, and compare: the
short plan against Ponte's own long plan, both against the generator's
planted plan (the witness). Then the fairness target: on the first m
instance, the plan at the short budget with `weights.fairness` 0 and 10
(the default), and the spread of the mediators' deviations from their
proportional share with each, at the travel cost each pays.

    python3 benches/spec11.py                               # m, l x seeds 1, 2; 10 s vs 300 s
    python3 benches/spec11.py --sizes m --seeds 1 --long 60 # a shorter run

Ponte runs as `target/release/examples/ponte solve` (built once with
`cargo build --release --example ponte`). Instances and plans go to
benches/instances/ and benches/out/ (gitignored); the tables are printed
as markdown and written to benches/out/spec11.json. Run it with nothing
else running: the budgets are wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
SHARED = Path(os.environ.get("PONTE_SHARED", REPO.parent / "shared"))
CHECKER = SHARED / "tools" / "ponte-check"
GENERATOR = SHARED / "tools" / "gen" / "ponte-gen"
PONTE = REPO / "target" / "release" / "examples" / "ponte"
OPTIONS = ["--breaks", "--roles", "0.1", "--fair-shares", "--series", "0.1", "--worked", "--windows", "0.2"]


def generate(size: str, seed: int, out_dir: Path) -> tuple[Path, Path]:
    problem = out_dir / f"{size}-{seed}-1.1.json"
    witness = out_dir / f"{size}-{seed}-1.1.witness.json"
    if not problem.exists() or not witness.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--size", size, "--seed", str(seed), *OPTIONS,
                        "-o", str(problem), "--witness", str(witness)], check=True, capture_output=True)
    return problem, witness


def check(problem: Path, plan: Path) -> dict:
    """ponte-check's verdict and recomputed cost (raises when the plan is refused)."""
    out = subprocess.run([sys.executable, str(CHECKER), str(problem), str(plan), "--json"],
                         capture_output=True, text=True)
    report = json.loads(out.stdout)
    if out.returncode != 0:
        raise SystemExit(f"ponte-check refused {plan}: {json.dumps(report)[:2000]}")
    return report


def cost_of(report: dict) -> int:
    """The cost ponte-check recomputes."""
    return int(report["cost"]["recomputed"]["total"])


def solve(problem: Path, out: Path, seconds: float, threads: int, seed: int = 1) -> None:
    subprocess.run([str(PONTE), "solve", str(problem), "--out", str(out), "--time-limit-ms",
                    str(int(seconds * 1000)), "--seed", str(seed), "--threads", str(threads), "--quiet"],
                   check=True, capture_output=True)


def deviations(problem: dict, plan: dict) -> tuple[list[float], int]:
    """Each participant's engaged minutes minus their proportional share, and the plan's travel term."""
    duration = {r["id"]: r["duration_minutes"] for r in problem["requests"]}
    sessions = {(w["id"], s["id"]): s["duration_minutes"] for w in problem.get("workshops", []) for s in w["sessions"]}
    engaged: dict[str, int] = {}
    for a in plan["assignments"]:
        engaged[a["mediator"]] = engaged.get(a["mediator"], 0) + duration[a["request"]]
    for s in plan["sessions"]:
        for m in s["mediators"]:
            engaged[m["mediator"]] = engaged.get(m["mediator"], 0) + sessions[(s["workshop"], s["session"])]
    shares = {m["id"]: m["fair_share"] for m in problem["mediators"] if "fair_share" in m}
    total_share = sum(shares.values())
    total = sum(engaged.get(m, 0) for m in shares)
    return [engaged.get(m, 0) - total * s / total_share for m, s in shares.items()], plan["cost"]["travel"]


def spread(devs: list[float]) -> str:
    hours = [d / 60 for d in devs]
    rms = math.sqrt(sum(h * h for h in hours) / len(hours))
    return f"RMS {rms:.2f} h, largest {max(abs(h) for h in hours):.2f} h"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["m", "l"])
    ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--short", type=float, default=10, help="seconds (default 10)")
    ap.add_argument("--long", type=float, default=300, help="seconds (default 300)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    if not CHECKER.exists():
        raise SystemExit(f"the shared tools are not at {SHARED} (set PONTE_SHARED)")
    if not PONTE.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "ponte"], cwd=REPO, check=True)
    inst_dir, out_dir = BENCHES / "instances", BENCHES / "out"
    inst_dir.mkdir(exist_ok=True)
    out_dir.mkdir(exist_ok=True)
    rows, results = [], {}
    print(f"| instance | planted plan | Ponte {args.short:g} s | Ponte {args.long:g} s | "
          f"{args.short:g} s vs {args.long:g} s | {args.short:g} s vs planted |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        for seed in args.seeds:
            problem, witness = generate(size, seed, inst_dir)
            planted = cost_of(check(problem, witness))
            costs = {}
            for seconds in (args.short, args.long):
                out = out_dir / f"{size}-{seed}-1.1.ponte-{seconds:g}s.json"
                solve(problem, out, seconds, args.threads)
                costs[seconds] = cost_of(check(problem, out))
            short, long = costs[args.short], costs[args.long]
            name = f"{size}-{seed}"
            results[name] = {"planted": planted, "short": short, "long": long}
            rows.append(name)
            print(f"| {name} | {planted:,} | {short:,} | {long:,} | {100 * (short - long) / long:+.2f} % | "
                  f"{100 * (short - planted) / planted:+.1f} % |".replace(",", " "))
    # Fairness: weight 0 against the default 10, at the short budget.
    size, seed = args.sizes[0], args.seeds[0]
    problem, _ = generate(size, seed, inst_dir)
    doc = json.loads(problem.read_text(encoding="utf-8"))
    print(f"\nFairness on {size}-{seed} at {args.short:g} s ({args.threads} threads):\n")
    print("| weights.fairness | deviation from the shares | travel term | total cost |")
    print("| ---: | --- | ---: | ---: |")
    fairness = {}
    for weight in (0, 10):
        variant = dict(doc, weights=dict(doc.get("weights", {}), fairness=weight))
        path = inst_dir / f"{size}-{seed}-1.1.fairness-{weight}.json"
        path.write_text(json.dumps(variant), encoding="utf-8")
        out = out_dir / f"{size}-{seed}-1.1.fairness-{weight}.ponte.json"
        solve(path, out, args.short, args.threads)
        total = cost_of(check(path, out))
        devs, travel = deviations(variant, json.loads(out.read_text(encoding="utf-8")))
        fairness[weight] = {"deviations_minutes": devs, "travel": travel, "total": total}
        figures = f"{travel:,} | {total:,}".replace(",", " ")
        print(f"| {weight} | {spread(devs)} | {figures} |")
    results["fairness"] = {"instance": f"{size}-{seed}", **{str(k): v for k, v in fairness.items()}}
    (out_dir / "spec11.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 22: Ponte against both CP-SAT models and OR-tools routing.

Instances are named as in compare.py, SIZE-SEED[-YYYY-MM-DD] (ponte-gen
--size SIZE --seed SEED [--start DATE]), with two suffixes:

- `-11nb`: format 1.1 with every option except breaks (`--roles 0.1
  --fair-shares --series 0.1 --worked --windows 0.2`), which the shared
  CP-SAT model takes;
- `route-SIZE-SEED`: a routing-like problem of format 1.0 derived from
  ponte-gen's SIZE-SEED and its planted plan by `routing_like` below: the
  requests the planted plan serves in person, in person only, each with a
  tight window around its planted start, one in five keeping its skills,
  no office capacity and no daily or weekly maxima (OR-tools routing
  models neither), no previous assignments, no workshops; the planted plan stays feasible, so every request can be
  served.

Steps (each writes JSON under --out-dir and can run alone; `tables` prints
the markdown of RESULTS.md from what is there):

    python3 benches/cpsat22.py instances
    python3 benches/cpsat22.py ponte   --budgets 2 10 --seeds 1 2 3 --threads 2
    python3 benches/cpsat22.py ponte   --cases l-1 l-3-2026-12-07 --budgets 10 60 --seeds 1
    python3 benches/cpsat22.py ponte   --cases route-s-1 route-s-2 route-m-1 route-m-2 --budgets 10 --threads 1 --seeds 1 2 3
    VENV/bin/python benches/cpsat22.py cpsat   --seconds 300            # the shared model, 2 workers, seed 1
    VENV/bin/python benches/cpsat22.py own     --cases m-2 --seconds 300 # the project's own model (1.0 only)
    VENV/bin/python benches/cpsat22.py routing --cases route-s-1 ...    # ortools_routing.py --time-limit 10
    python3 benches/cpsat22.py tables

Ponte runs as `target/release/examples/ponte solve PROBLEM --out PLAN
--time-limit-ms MS --seed S --threads T` (build it first: `cargo build
--release --example ponte`; --ponte overrides the binary); each timed run
holds `flock /work/bench.lock` when that file exists, so that two
benchmarks never overlap. Every plan, Ponte's and the references', goes
through `ponte-check`; the tables say how many passed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
SHARED = Path(os.environ.get("PONTE_SHARED", REPO.parent / "shared"))
CHECKER = SHARED / "tools" / "ponte-check"
GENERATOR = SHARED / "tools" / "gen" / "ponte-gen"
CPSAT_REF = SHARED / "tools" / "cpsat" / "cpsat_ref.py"
ROUTING = SHARED / "tools" / "cpsat" / "ortools_routing.py"
OWN = BENCHES / "cpsat" / "ponte_cpsat.py"
LOCK = Path("/work/bench.lock")

CASES = ["s-1", "s-3-2026-12-07", "s-2-11nb", "m-1", "m-2", "m-3-2026-12-07", "m-4-2026-10-19", "m-1-11nb"]
OPTIONS_11NB = ["--roles", "0.1", "--fair-shares", "--series", "0.1", "--worked", "--windows", "0.2"]


def gen_args(case: str) -> list[str]:
    """ponte-gen's arguments for a case name (without the route- prefix)."""
    parts = case.split("-")
    size, seed = parts[0], parts[1]
    args = ["--size", size, "--seed", seed]
    rest = parts[2:]
    if rest and rest[-1] == "11nb":
        args += OPTIONS_11NB
        rest = rest[:-1]
    if rest:
        args += ["--start", "-".join(rest)]
    return args


def routing_like(problem: dict, witness: dict, seed: int) -> dict:
    """A routing-like variant of a generated problem, built on the
    generator's planted plan (--witness), which stays feasible: only the
    requests it serves in person, each in person only, with a tight window
    around its planted start (from 0-60 minutes before it to 30-90 minutes
    after its end), one in five keeping its skills; no office capacity and
    no daily or weekly maxima (OR-tools routing models neither), no
    previous assignments, no workshops."""
    rng = random.Random(seed)
    planted = {a["request"]: a for a in witness["assignments"] if a.get("modality") == "in_person"}
    fmt = "%Y-%m-%dT%H:%M"
    out = dict(problem)
    out["workshops"] = []
    out["offices"] = [{k: v for k, v in o.items() if k != "capacity"} for o in problem["offices"]]
    limits = ("max_minutes_per_day", "max_minutes_per_week")
    out["mediators"] = [{k: v for k, v in m.items() if k not in limits} for m in problem["mediators"]]
    requests = []
    for i, r in enumerate(problem["requests"]):
        if r["id"] not in planted:
            continue
        r = {k: v for k, v in r.items() if k not in ("modalities", "previous", "locked", "start", "windows")}
        if i % 5 != 0:
            r.pop("skills", None)
        start = datetime.strptime(planted[r["id"]]["start"], fmt)
        earliest = start - timedelta(minutes=15 * rng.randrange(5))
        latest = start + timedelta(minutes=r["duration_minutes"] + 15 * rng.randrange(2, 7))
        r["earliest"], r["latest"] = earliest.strftime(fmt), latest.strftime(fmt)
        requests.append(r)
    out["requests"] = requests
    return out


def instance(case: str, inst_dir: Path) -> Path:
    path = inst_dir / f"{case}.json"
    if path.exists():
        return path
    inst_dir.mkdir(parents=True, exist_ok=True)
    if case.startswith("route-"):
        base = case[len("route-"):]
        raw, witness = inst_dir / f"{case}.base.json", inst_dir / f"{case}.witness.json"
        subprocess.run([sys.executable, str(GENERATOR), *gen_args(base), "-o", str(raw), "--witness", str(witness)],
                       check=True, stdout=subprocess.DEVNULL)
        seed = int(base.split("-")[1])
        doc = routing_like(json.loads(raw.read_text()), json.loads(witness.read_text()), seed)
        path.write_text(json.dumps(doc, indent=1))
    else:
        subprocess.run([sys.executable, str(GENERATOR), *gen_args(case), "-o", str(path)], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def check(problem: Path, plan: Path) -> dict:
    run = subprocess.run([str(CHECKER), str(problem), str(plan)], capture_output=True, text=True)
    cost = json.loads(plan.read_text()).get("cost", {}).get("total")
    return {"ok": run.returncode == 0, "cost": cost, "out": run.stdout[-400:] if run.returncode else ""}


def locked(cmd: list[str]) -> list[str]:
    return ["flock", str(LOCK), *cmd] if LOCK.exists() and shutil.which("flock") else cmd


def load(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def save(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def run_ponte(args, inst_dir: Path, out_dir: Path) -> None:
    results = load(out_dir / "ponte.json")
    binary = args.ponte or str(REPO / "target" / "release" / "examples" / "ponte")
    for case in args.cases:
        problem = instance(case, inst_dir)
        for budget in args.budgets:
            for threads in args.threads:
                for seed in args.seeds:
                    key = f"{args.label}|{case}|{budget:g}|{threads}|{seed}"
                    plan = out_dir / "plans" / f"{case}.{args.label}.{budget:g}s.t{threads}.s{seed}.json"
                    plan.parent.mkdir(parents=True, exist_ok=True)
                    cmd = [binary, "solve", str(problem), "--out", str(plan), "--time-limit-ms",
                           str(int(budget * 1000)), "--seed", str(seed), "--threads", str(threads)]
                    began = time.monotonic()
                    subprocess.run(locked(cmd), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    wall = time.monotonic() - began
                    results[key] = {**check(problem, plan), "wall": round(wall, 2)}
                    print(key, results[key]["cost"], "ok" if results[key]["ok"] else "CHECK FAILED", flush=True)
                    save(out_dir / "ponte.json", results)


def run_model(args, inst_dir: Path, out_dir: Path, name: str, command, bound_key: str) -> None:
    """A CP-SAT model at args.seconds on each case: `command(problem, plan, stats)` runs it (unless
    --import-dir holds its plan and stats under the same names); results go to NAME.json."""
    results = load(out_dir / f"{name}.json")
    for case in args.cases:
        problem = instance(case, inst_dir)
        plan = out_dir / "plans" / f"{case}.{name}{args.seconds:g}.json"
        stats = out_dir / "plans" / f"{case}.{name}{args.seconds:g}.stats.json"
        plan.parent.mkdir(parents=True, exist_ok=True)
        if args.import_dir and (Path(args.import_dir) / plan.name).exists():
            for f in (plan, stats):
                shutil.copy(Path(args.import_dir) / f.name, f)
        else:
            subprocess.run(locked(command(problem, plan, stats)), check=True, stdout=subprocess.DEVNULL)
        s = json.loads(stats.read_text())
        results[case] = {**check(problem, plan), "status": s.get("status"), "bound": s.get(bound_key),
                         "seconds": args.seconds}
        print(case, results[case], flush=True)
        save(out_dir / f"{name}.json", results)


def run_cpsat(args, inst_dir: Path, out_dir: Path) -> None:
    """The shared model (../shared/tools/cpsat/cpsat_ref.py), 2 workers, seed 1."""
    def command(problem, plan, stats):
        return [sys.executable, str(CPSAT_REF), str(problem), "-o", str(plan), "--stats", str(stats),
                "--time-limit", str(args.seconds), "--workers", "2", "--seed", "1"]
    run_model(args, inst_dir, out_dir, "cpsat", command, "best_bound")


def run_own(args, inst_dir: Path, out_dir: Path) -> None:
    """The project's own CP-SAT model (benches/cpsat/ponte_cpsat.py, format 1.0 only), 2 workers."""
    def command(problem, plan, stats):
        return [sys.executable, str(OWN), str(problem), "--out", str(plan), "--stats", str(stats),
                "--time-limit", str(args.seconds), "--workers", "2"]
    run_model(args, inst_dir, out_dir, "own", command, "bound")


def run_routing(args, inst_dir: Path, out_dir: Path) -> None:
    results = load(out_dir / "routing.json")
    for case in args.cases:
        problem = instance(case, inst_dir)
        plan = out_dir / "plans" / f"{case}.routing{args.seconds:g}.json"
        plan.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(locked([sys.executable, str(ROUTING), str(problem), "-o", str(plan), "--time-limit",
                               str(args.seconds)]), check=True, stdout=subprocess.DEVNULL)
        results[case] = {**check(problem, plan), "seconds": args.seconds}
        print(case, results[case], flush=True)
        save(out_dir / "routing.json", results)


def pct(a, b) -> str:
    return f"{100 * (a - b) / b:+.2f} %" if a is not None and b else "—"


# The own model's 300 s plans already in RESULTS.md (section "Comparison with CP-SAT", issue 15's run).
OWN_300_IN_RESULTS = {"s-1": 50210, "s-3-2026-12-07": 62430, "m-1": 335360, "m-3-2026-12-07": 489460,
                      "m-4-2026-10-19": 282220, "l-1": 3233730, "l-3-2026-12-07": 3759040}


def summary(costs: list) -> tuple[float | None, str]:
    if not costs:
        return None, "—"
    m = sum(costs) / len(costs)
    if len(costs) == 1:
        return m, f"{costs[0]:,}"
    return m, f"{m:,.0f} ({min(costs):,}–{max(costs):,})"


def tables(out_dir: Path) -> None:
    ponte, cpsat, routing, own = (load(out_dir / f) for f in ("ponte.json", "cpsat.json", "routing.json", "own.json"))
    runs: dict[tuple, list] = {}
    checked = failed = 0
    for key, r in ponte.items():
        label, case, budget, threads, seed = key.split("|")
        runs.setdefault((label, case, float(budget), int(threads)), []).append(r["cost"])
        checked += 1
        failed += not r["ok"]
    for r in list(cpsat.values()) + list(routing.values()) + list(own.values()):
        checked += 1
        failed += not r["ok"]
    print(f"{checked} plans checked with ponte-check, {failed} failed\n")

    def cell(label, case, budget, threads):
        return summary(runs.get((label, case, budget, threads), []))

    print("| instance | Ponte 2 s | Ponte 10 s | main 2 s | main 10 s | CP-SAT shared 300 s | status (bound) "
          "| CP-SAT own 300 s | 2 s vs shared | 2 s vs own |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    cases = [c for c in CASES if any(k[1] == c for k in runs)]
    for case in cases:
        b2, b2s = cell("branch", case, 2.0, 2)
        _, b10s = cell("branch", case, 10.0, 2)
        _, m2s = cell("main", case, 2.0, 2)
        _, m10s = cell("main", case, 10.0, 2)
        ref = cpsat.get(case, {})
        shared = ref.get("cost")
        status = f"{ref.get('status', '—')} ({ref['bound']:,.0f})" if ref.get("bound") is not None else "—"
        if case in own:
            own_cost, own_txt = own[case]["cost"], f"{own[case]['cost']:,} ({own[case]['seconds']:g} s, new run)"
        elif case in OWN_300_IN_RESULTS:
            own_cost = OWN_300_IN_RESULTS[case]
            own_txt = f"{own_cost:,}"
        else:
            own_cost, own_txt = None, "not modelled (1.1)" if case.endswith("-11nb") else "—"
        shared_txt = f"{shared:,}" if shared is not None else "—"
        print(f"| {case} | {b2s} | {b10s} | {m2s} | {m10s} | {shared_txt} | {status} | {own_txt} "
              f"| {pct(b2, shared)} | {pct(b2, own_cost)} |")
    print()
    large = [c for c in ("l-1", "l-3-2026-12-07") if any(k[1] == c for k in runs)]
    if large:
        print("| instance | Ponte 10 s | Ponte 60 s | 10 s vs 60 s | main 10 s | main 60 s | main 10 s vs 60 s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for case in large:
            b10, b10s = cell("branch", case, 10.0, 2)
            b60, b60s = cell("branch", case, 60.0, 2)
            m10, m10s = cell("main", case, 10.0, 2)
            m60, m60s = cell("main", case, 60.0, 2)
            print(f"| {case} | {b10s} | {b60s} | {pct(b10, b60)} | {m10s} | {m60s} | {pct(m10, m60)} |")
        print()
    if routing:
        print("| instance | OR-tools routing 10 s | Ponte 10 s, 1 thread | vs OR-tools | main 10 s, 1 thread | vs OR-tools |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        logs: dict[str, list] = {"branch": [], "main": []}
        for case, r in sorted(routing.items()):
            row = f"| {case} | {r['cost']:,} |"
            for label in ("branch", "main"):
                m, txt = cell(label, case, 10.0, 1)
                if m is not None:
                    logs[label].append(math.log(m / r["cost"]))
                row += f" {txt} | {pct(m, r['cost'])} |"
            print(row)
        for label, values in logs.items():
            if values:
                print(f"\n{label}: geometric mean of Ponte / OR-tools {math.exp(sum(values) / len(values)):.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=("instances", "ponte", "cpsat", "own", "routing", "tables"))
    ap.add_argument("--cases", nargs="+", default=CASES)
    ap.add_argument("--budgets", nargs="+", type=float, default=[2, 10], help="Ponte's seconds")
    ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    ap.add_argument("--threads", nargs="+", type=int, default=[2])
    ap.add_argument("--label", default="branch", help="names Ponte's build in the tables")
    ap.add_argument("--ponte", help="Ponte's example binary")
    ap.add_argument("--seconds", type=float, default=None, help="CP-SAT (300) or routing (10) seconds")
    ap.add_argument("--import-dir", help="cpsat: take plans and stats already made there (same names)")
    ap.add_argument("--instances", default=str(BENCHES / "instances"))
    ap.add_argument("--out-dir", default=str(BENCHES / "out" / "cpsat22"))
    args = ap.parse_args()
    inst_dir, out_dir = Path(args.instances), Path(args.out_dir)
    if args.step == "instances":
        for case in args.cases:
            print(instance(case, inst_dir))
    elif args.step == "ponte":
        run_ponte(args, inst_dir, out_dir)
    elif args.step == "cpsat":
        args.seconds = args.seconds or 300
        run_cpsat(args, inst_dir, out_dir)
    elif args.step == "own":
        args.seconds = args.seconds or 300
        run_own(args, inst_dir, out_dir)
    elif args.step == "routing":
        args.seconds = args.seconds or 10
        run_routing(args, inst_dir, out_dir)
    else:
        tables(out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

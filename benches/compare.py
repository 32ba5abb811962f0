#!/usr/bin/env python3
"""Compare Ponte's solver with the CP-SAT model (benches/cpsat/ponte_cpsat.py).

For each generated instance (ponte-gen, into benches/instances/, gitignored)
and each time budget, run Ponte's `solve` subcommand and CP-SAT (2 search
workers, CP-SAT's default parameters: --workers, --cpsat-params) at the same
budget, check both plans with ponte-check, and print a markdown table.
Results also go to benches/out/results.json.

The matrix of issue 15 (--matrix): Ponte at several budgets and thread
counts, CP-SAT at several budgets, on instances named SIZE-SEED or
SIZE-SEED-YYYY-MM-DD (a start date: the Immacolata week 2026-12-07, the
DST week 2026-10-19), one table per instance with the best plan known:

    .venv/bin/python benches/compare.py --matrix --cases m-3-2026-12-07 m-1 l-1 \
        --ponte-budgets 1 2 10 60 --threads 1 2 --cpsat-budgets 1 10 60 300 --cpsat-timeline

With --cpsat-timeline CP-SAT runs once, at the largest budget, and its
plans at the smaller budgets are read from that run's improvement timeline
(the objective of the last solution found by then, which is the plan's
cost in exact travel mode; marked "(timeline)").

    .venv/bin/python benches/compare.py                       # s, m x seeds 1, 2 x budgets 1 s, 10 s
    .venv/bin/python benches/compare.py --sizes s m l --seeds 1 2 --budgets 1 10
    .venv/bin/python benches/compare.py --best-known          # also CP-SAT 300 s and Ponte 60 s
    .venv/bin/python benches/compare.py --skip-ponte          # CP-SAT side only
    .venv/bin/python benches/compare.py --skip-cpsat          # Ponte side only

A skipped side keeps its figures from the previous run (benches/out/results.json),
so the two sides can be run at different times.

Ponte runs as `target/release/examples/ponte solve PROBLEM --out SOL
--time-limit-ms N --seed 1` (built once with `cargo build --release
--example ponte`; --ponte-cmd overrides the command, with {problem}, {out},
{ms} and {seed} placeholders).  When that subcommand is not available the
table says so in Ponte's columns.

CP-SAT's budget is its search time (max_time_in_seconds, presolve included);
building the model in Python is reported separately (`build s`).  Ponte's
budget is its --time-limit-ms; its wall time includes reading the problem.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
SHARED = Path(os.environ.get("PONTE_SHARED", REPO.parent / "shared"))
CHECKER = SHARED / "tools" / "ponte-check"
GENERATOR = SHARED / "tools" / "gen" / "ponte-gen"
CPSAT = BENCHES / "cpsat" / "ponte_cpsat.py"
VENV_PY = REPO / ".venv" / "bin" / "python"
DEFAULT_PONTE = "{bin} solve {problem} --out {out} --time-limit-ms {ms} --seed {seed} --threads {threads}"
DEFAULT_CPSAT_PARAMS = ""


def generate(size: str, seed: int, inst_dir: Path) -> Path:
    path = inst_dir / f"{size}-{seed}.json"
    if not path.exists():
        inst_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(GENERATOR), "--size", size, "--seed", str(seed), "-o", str(path)],
                       check=True)
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(problem: Path, solution: Path) -> dict:
    if not solution.exists():
        return {"ok": False, "cost": None, "error": "no solution file"}
    out = subprocess.run([sys.executable, str(CHECKER), str(problem), str(solution), "--json"],
                         capture_output=True, text=True)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        return {"ok": False, "cost": None, "error": (out.stderr or out.stdout)[-300:]}
    cost = report.get("cost") or {}
    total = (cost.get("recomputed") or {}).get("total")
    return {"ok": out.returncode == 0, "exit": out.returncode, "cost": total,
            "violations": len(report.get("violations", []))}


def build_ponte(args) -> tuple[str | None, str]:
    """Build the example once; returns (binary path or None, message)."""
    if args.ponte_cmd:
        return "custom", "custom command"
    out = subprocess.run(["cargo", "build", "--release", "--example", "ponte"], cwd=REPO,
                         capture_output=True, text=True)
    binary = REPO / "target" / "release" / "examples" / "ponte"
    if out.returncode != 0 or not binary.exists():
        return None, "cargo build --release --example ponte failed: " + out.stderr.strip()[-300:]
    return str(binary), "built"


def run_ponte(args, binary: str | None, problem: Path, out: Path, ms: int, threads: int = 1) -> dict:
    if binary is None:
        return {"available": False, "note": "Ponte example does not build"}
    template = args.ponte_cmd or DEFAULT_PONTE
    cmd = template.format(bin=binary, problem=problem, out=out, ms=ms, seed=args.ponte_seed, threads=threads)
    if out.exists():
        out.unlink()
    t0, cpu0 = time.perf_counter(), _children_cpu()
    proc = subprocess.run(shlex.split(cmd), cwd=REPO, capture_output=True, text=True,
                          timeout=ms / 1000 * 5 + 120)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if proc.returncode != 0 or not out.exists():
        return {"available": False, "wall": round(wall, 3), "exit": proc.returncode,
                "note": "Ponte's solve is unavailable: " + (proc.stderr.strip() or proc.stdout.strip()
                                                             or "no output")[-200:]}
    result = {"available": True, "wall": round(wall, 3), "cpu": round(cpu, 3), "stderr_tail": proc.stderr.strip()[-300:],
              "threads": threads, "load": os.getloadavg()[0]}
    result.update(check=check(problem, out))
    return result


def run_cpsat(args, problem: Path, out: Path, seconds: float) -> dict:
    stats_path = out.with_suffix(".stats.json")
    for p in (out, stats_path):
        if p.exists():
            p.unlink()
    py = str(VENV_PY) if VENV_PY.exists() else sys.executable
    cmd = [py, str(CPSAT), str(problem), "--out", str(out), "--time-limit", str(seconds),
           "--workers", str(args.workers), "--stats", str(stats_path), "--travel", args.cpsat_travel]
    if args.cpsat_params:
        cmd += ["--params", args.cpsat_params]
    t0, cpu0 = time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds * 3 + 600)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {"error": proc.stderr[-500:]}
    stats["wall"] = round(wall, 3)
    stats["cpu"] = round(cpu, 3)  # whole process: loading, building, solving, writing
    stats["check"] = check(problem, out) if out.exists() else {"ok": False, "cost": None}
    return stats


def fmt_int(x) -> str:
    return "—" if x is None else f"{x:,}".replace(",", " ")


def ratio(a, b) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{a / b:.3f}"


def table(rows: list[dict]) -> str:
    head = ("| instance | budget | Ponte cost | CP-SAT cost | CP-SAT bound | Ponte / CP-SAT | Ponte / bound "
            "| CP-SAT gap | CP-SAT first feasible | CP-SAT status | CP-SAT build | CP-SAT CPU / wall |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        p, c = row.get("ponte") or {}, row.get("cpsat") or {}
        if not p:
            pc = "not run"
        elif not p.get("available"):
            pc = "unavailable"
        else:
            pcheck = p["check"]
            pc = fmt_int(pcheck["cost"]) + ("" if pcheck["ok"] else " (REFUSED)")
        pcost = p.get("check", {}).get("cost") if p.get("available") and p["check"]["ok"] else None
        if c:
            ccheck = c.get("check", {})
            ccost = ccheck.get("cost") if ccheck.get("ok") else None
            cc = fmt_int(ccheck.get("cost")) + ("" if ccheck.get("ok") or ccheck.get("cost") is None
                                                else " (REFUSED)")
            if ccheck.get("cost") is None:
                cc = "none"
            bound = c.get("bound")
            gap = f"{(ccost - bound) / ccost:.1%}" if ccost and bound is not None else "—"
            first = "—" if c.get("first_solution_seconds") is None else f"{c['first_solution_seconds']:.2f} s"
            status = c.get("status", "error")
            build = f"{c.get('build_seconds', 0):.1f} s"
            cpu = f"{c['cpu']:.1f} / {c['wall']:.1f} s" if c.get("cpu") is not None else "—"
        else:
            cc, ccost, bound, gap, first, status, build, cpu = "not run", None, None, "—", "—", "—", "—", "—"
        budget = row["budget"] if str(row["budget"]).startswith("best") else f"{row['budget']} s"
        lines.append(f"| {row['instance']} | {budget} | {pc} | {cc} | {fmt_int(bound)} | "
                     f"{ratio(pcost, ccost)} | {ratio(pcost, bound)} | {gap} | {first} | {status} | {build} | {cpu} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", nargs="+", default=["s", "m"])
    ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--budgets", nargs="*", type=float, default=[1, 10], help="seconds")
    ap.add_argument("--best-known", action="store_true", help="also run CP-SAT 300 s and Ponte 60 s")
    ap.add_argument("--best-cpsat-seconds", type=float, default=300)
    ap.add_argument("--best-ponte-seconds", type=float, default=60)
    ap.add_argument("--skip-ponte", action="store_true")
    ap.add_argument("--skip-cpsat", action="store_true")
    ap.add_argument("--ponte-cmd", help=f"Ponte command template (default: '{DEFAULT_PONTE}')")
    ap.add_argument("--ponte-seed", type=int, default=1)
    ap.add_argument("--cpsat-params", default=DEFAULT_CPSAT_PARAMS,
                    help="CP-SAT parameters 'name:value,...' (default: CP-SAT's own; the earlier runs used "
                         "'cp_model_probing_level:0' with 1 worker)")
    ap.add_argument("--workers", type=int, default=2, help="CP-SAT search workers (default 2)")
    ap.add_argument("--matrix", action="store_true", help="the matrix of issue 15 (see the docstring)")
    ap.add_argument("--cases", nargs="+", default=["m-3-2026-12-07", "m-1"],
                    help="instances SIZE-SEED[-YYYY-MM-DD] for --matrix")
    ap.add_argument("--ponte-budgets", nargs="+", type=float, default=[1, 2, 10, 60])
    ap.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--cpsat-budgets", nargs="+", type=float, default=[1, 10, 60, 300])
    ap.add_argument("--cpsat-timeline", action="store_true",
                    help="one CP-SAT run at the largest budget; smaller budgets from its timeline")
    ap.add_argument("--cpsat-travel", default="auto", choices=("auto", "exact", "office"))
    ap.add_argument("--instances", default=str(BENCHES / "instances"))
    ap.add_argument("--out-dir", default=str(BENCHES / "out"))
    args = ap.parse_args()

    inst_dir, out_dir = Path(args.instances), Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.matrix:
        return matrix(args, inst_dir, out_dir)
    binary, note = (None, "skipped")
    if not args.skip_ponte:
        binary, note = build_ponte(args)
        print(f"Ponte: {note}", file=sys.stderr)
    budgets = [(b, b) for b in args.budgets]
    if args.best_known:
        budgets.append(("best", None))
    results_path = out_dir / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    rows = []
    for size in args.sizes:
        for seed in args.seeds:
            problem = generate(size, seed, inst_dir)
            name = f"{size}-{seed}"
            for label, budget in budgets:
                label = f"{label:g}" if isinstance(label, float) else label
                key = f"{name}/{label}"
                row = {"instance": name, "budget": label}
                # a skipped side keeps its figures from an earlier run (results.json)
                for side in ("ponte", "cpsat"):
                    if key in results and side in results[key]:
                        row[side] = results[key][side]
                p_secs = args.best_ponte_seconds if budget is None else budget
                c_secs = args.best_cpsat_seconds if budget is None else budget
                if budget is None:
                    row["budget"] = f"best (Ponte {p_secs:g} / CP-SAT {c_secs:g})"
                if not args.skip_ponte:
                    row["ponte"] = run_ponte(args, binary, problem, out_dir / f"{name}-{label}-ponte.json",
                                             int(p_secs * 1000))
                    if not row["ponte"].get("available"):
                        print(f"{name} {label}: {row['ponte'].get('note')}", file=sys.stderr)
                if not args.skip_cpsat:
                    row["cpsat"] = run_cpsat(args, problem, out_dir / f"{name}-{label}-cpsat.json", c_secs)
                print(f"{name} budget {row['budget']}: ponte={(row.get('ponte') or {}).get('check')} "
                      f"cpsat={(row.get('cpsat') or {}).get('check')} bound={(row.get('cpsat') or {}).get('bound')}",
                      file=sys.stderr, flush=True)
                rows.append(row)
                results[key] = row
                results_path.write_text(json.dumps(results, indent=1) + "\n")
    print(table(rows))
    if binary is None and not args.skip_ponte:
        print(f"\nPonte's solve is unavailable: {note}")
    return 0


def generate_case(case: str, inst_dir: Path) -> Path:
    """SIZE-SEED or SIZE-SEED-YYYY-MM-DD (start date) into inst_dir."""
    parts = case.split("-", 2)
    size, seed = parts[0], int(parts[1])
    path = inst_dir / f"{case}.json"
    if not path.exists():
        inst_dir.mkdir(parents=True, exist_ok=True)
        extra = ["--start", parts[2]] if len(parts) > 2 else []
        subprocess.run([sys.executable, str(GENERATOR), "--size", size, "--seed", str(seed), "-o", str(path), *extra],
                       check=True)
    return path


def at_time(timeline: list, seconds: float):
    """The objective of the last solution found within `seconds` of a CP-SAT run."""
    found = [objective for t, objective, _bound in timeline if t <= seconds]
    return found[-1] if found else None


def matrix(args, inst_dir: Path, out_dir: Path) -> int:
    binary, note = (None, "skipped")
    if not args.skip_ponte:
        binary, note = build_ponte(args)
        print(f"Ponte: {note}", file=sys.stderr)
    results_path = out_dir / "matrix.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    for case in args.cases:
        problem = generate_case(case, inst_dir)
        entry = results.setdefault(case, {"ponte": {}, "cpsat": {}})
        if not args.skip_ponte:
            for threads in args.threads:
                for budget in args.ponte_budgets:
                    key = f"{budget:g}s/{threads}t"
                    entry["ponte"][key] = run_ponte(args, binary, problem, out_dir / f"{case}-ponte-{key.replace('/', '-')}.json",
                                                    int(budget * 1000), threads)
                    print(f"{case} Ponte {key}: {entry['ponte'][key].get('check')} load {os.getloadavg()[0]:.1f}",
                          file=sys.stderr, flush=True)
                    results_path.write_text(json.dumps(results, indent=1) + "\n")
        if not args.skip_cpsat:
            budgets = [max(args.cpsat_budgets)] if args.cpsat_timeline else args.cpsat_budgets
            for budget in budgets:
                run = run_cpsat(args, problem, out_dir / f"{case}-cpsat-{budget:g}.json", budget)
                run["load"] = os.getloadavg()[0]
                entry["cpsat"][f"{budget:g}s"] = run
                print(f"{case} CP-SAT {budget:g} s: {run.get('check')} bound {run.get('bound')}", file=sys.stderr, flush=True)
                if args.cpsat_timeline:
                    for smaller in args.cpsat_budgets:
                        if smaller < budget:
                            entry["cpsat"][f"{smaller:g}s"] = {"from_timeline": True,
                                                                "objective": at_time(run.get("timeline") or [], smaller)}
                results_path.write_text(json.dumps(results, indent=1) + "\n")
    print(matrix_tables(results, args.cases))
    return 0


def matrix_tables(results: dict, cases: list[str]) -> str:
    out = []
    for case in cases:
        entry = results.get(case)
        if not entry:
            continue
        costs = []
        for run in entry["ponte"].values():
            if run.get("available") and run["check"]["ok"]:
                costs.append(run["check"]["cost"])
        cpsat_costs = {}
        for key, run in entry["cpsat"].items():
            if run.get("from_timeline"):
                cpsat_costs[key] = run.get("objective")
            else:
                c = run.get("check", {})
                cpsat_costs[key] = c.get("cost") if c.get("ok") else None
                if cpsat_costs[key] is not None:
                    costs.append(cpsat_costs[key])
        best = min(costs) if costs else None
        cpsat_best = min((c for c in cpsat_costs.values() if c is not None), default=None)
        out.append(f"#### {case} (best known {fmt_int(best)}; CP-SAT best {fmt_int(cpsat_best)})\n")
        out.append("| solver | budget | threads | cost | vs CP-SAT best | vs best known | checked | CPU / wall s | load |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for key, run in sorted(entry["ponte"].items(), key=lambda kv: (float(kv[0].split("s/")[0]), kv[0])):
            budget, threads = key.split("/")
            cost = run["check"]["cost"] if run.get("available") else None
            ok = run.get("available") and run["check"]["ok"]
            cpu = f"{run['cpu']:.1f} / {run['wall']:.1f}" if run.get("cpu") is not None else "—"
            out.append(f"| Ponte | {budget} | {threads[:-1]} | {fmt_int(cost)} | {pct(cost, cpsat_best)} | {pct(cost, best)} "
                       f"| {'ok' if ok else 'REFUSED'} | {cpu} | {run.get('load', 0):.1f} |")
        for key, cost in sorted(cpsat_costs.items(), key=lambda kv: float(kv[0][:-1])):
            run = entry["cpsat"][key]
            if run.get("from_timeline"):
                checked, cpu, load, workers = "from the longest run's timeline", "—", "—", "2"
            else:
                checked = "ok" if run.get("check", {}).get("ok") else ("none" if cost is None else "REFUSED")
                cpu = f"{run['cpu']:.1f} / {run['wall']:.1f}" if run.get("cpu") is not None else "—"
                load, workers = f"{run.get('load', 0):.1f}", str(run.get("workers", "?"))
            out.append(f"| CP-SAT ({workers} workers) | {key} | — | {fmt_int(cost)} | {pct(cost, cpsat_best)} "
                       f"| {pct(cost, best)} | {checked} | {cpu} | {load} |")
        out.append("")
    return "\n".join(out)


def pct(a, b) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{(a - b) / b:+.2%}"


if __name__ == "__main__":
    sys.exit(main())

"""Many networks on a real Dask cluster (``ponte.distributed``): a
``LocalCluster`` with worker processes solves several generated networks
from JSON values; every plan passes ponte-check and is the plan a local
solve gives for the same seed, iterations and threads.

Needs the optional extra ``ponte[dask]``; skipped with a notice without
it, except under CI=true (scripts/ci/python installs it), where its
absence is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import ponte
from conftest import check_plan

if os.environ.get("CI") == "true":
    import dask.distributed as distributed
else:
    distributed = pytest.importorskip("dask.distributed", reason="the optional extra ponte[dask] is not installed")

from ponte.distributed import solve_json, solve_many  # noqa: E402


def test_networks_solved_on_a_local_cluster_pass_the_checker(
    checker: Path, generate: Any, tmp_path: Path
) -> None:
    paths = [generate("xs", 1), generate("s", 2), generate("s", 3, "--start", "2026-12-07"), generate("xs", 4)]
    problems = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 2, workers
        pids = set(client.run(os.getpid).values())
        assert os.getpid() not in pids, "the workers are processes of their own"
        plans = solve_many(client, problems, iterations=300, seed=2, threads=1)
        # The same again with two islands per solve: still deterministic.
        twice = solve_many(client, problems[:2], iterations=200, seed=2, threads=2)
        again = solve_many(client, problems[:2], iterations=200, seed=2, threads=2)
    assert twice == again
    assert len(plans) == len(problems)
    for path, problem, plan in zip(paths, problems, plans):
        assert plan["format"] == "ponte-solution/1"
        check_plan(checker, path, plan, tmp_path)
        local = ponte.solve(path, iterations=300, seed=2, threads=1).to_dict()
        assert plan == local, f"{path.name}: the cluster's plan differs from the local one"
        listed = len(plan["assignments"]) + len(plan["unassigned"])
        assert listed == len(problem["requests"])
    for path, plan in zip(paths[:2], twice):
        check_plan(checker, path, plan, tmp_path)


def test_an_invalid_problem_raises_the_typed_error_from_the_worker() -> None:
    with pytest.raises(ponte.PonteError) as raised:
        solve_json({"format": "ponte-problem/1"}, iterations=1)
    assert raised.value.code == "INVALID_PROBLEM"

"""Many networks solved on a Dask cluster (``pip install ponte[dask]``).

Problems and plans travel as JSON values (a problem as a dict or JSON
text, a plan as its ``ponte-solution/1`` dict), never as native objects,
so any worker with the ``ponte`` wheel can take any task. Inside a worker
the core releases the GIL while it solves, so a worker's threads are
usable too; ``threads`` sets the islands of each solve (default 1: one
core per task, the cluster's workers giving the parallelism).

    from dask.distributed import Client, LocalCluster
    from ponte.distributed import solve_many

    with LocalCluster(n_workers=4, processes=True) as cluster, Client(cluster) as client:
        plans = solve_many(client, [problem_a, problem_b], iterations=20_000, seed=1)

With ``iterations`` (and the same ``seed`` and ``threads``) every plan is
the one a local ``ponte.solve`` gives: the result does not depend on the
worker that ran it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from ._api import solve

JsonProblem = Union[str, Mapping[str, Any]]


def solve_json(
    problem: JsonProblem,
    *,
    time_limit: Optional[float] = None,
    iterations: Optional[int] = None,
    seed: int = 1,
    threads: int = 1,
) -> dict[str, Any]:
    """Solves one problem given as a JSON value; returns the plan as a dict.

    This is the task each worker runs (a plain function of JSON values, so
    it pickles by reference and needs only ``ponte`` on the worker).
    """
    source = json.dumps(problem) if isinstance(problem, Mapping) else problem
    plan = solve(source, time_limit=time_limit, iterations=iterations, seed=seed, threads=threads)
    return plan.to_dict()


def solve_many(
    client: Any,
    problems: Sequence[JsonProblem],
    *,
    time_limit: Optional[float] = None,
    iterations: Optional[int] = None,
    seed: int = 1,
    threads: int = 1,
) -> list[dict[str, Any]]:
    """Solves every problem on the cluster behind ``client`` (a
    ``dask.distributed.Client``); returns the plans in the problems' order.

    An error in one solve (an invalid problem: ``ponte.PonteError``) is
    raised here, as Dask re-raises a task's exception.
    """
    futures = [
        client.submit(
            solve_json,
            problem,
            time_limit=time_limit,
            iterations=iterations,
            seed=seed,
            threads=threads,
            pure=False,
        )
        for problem in problems
    ]
    plans: list[dict[str, Any]] = client.gather(futures)
    return plans

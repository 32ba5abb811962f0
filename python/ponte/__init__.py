"""Ponte: scheduling of linguistic-cultural mediation services shared by
municipalities.

>>> import ponte
>>> problem = ponte.load_problem("visconteo-week.json")     # doctest: +SKIP
>>> problem.validate()                                      # doctest: +SKIP
[]
>>> plan = problem.solve(time_limit=10, seed=1)             # doctest: +SKIP
>>> plan.to_excel("plan.xlsx"); plan.to_ics("calendars/")   # doctest: +SKIP

The heavy lifting is done by the native module ``ponte._ponte`` (Rust),
which releases the GIL while it solves. Everything here speaks the JSON
contract ``ponte-problem/1`` / ``ponte-solution/1``: problems and plans are
plain JSON values, easy to ship to other processes or machines.

Errors are :class:`PonteError` subclasses with a stable ``.code`` and a list
``.errors`` of ``{code, path, message}`` dicts: :class:`InvalidProblem`,
:class:`InvalidSolution`, :class:`InvalidJson`, :class:`InvalidArgument` and
:class:`Refused`.

Between solves, plans are changed by booking: :meth:`Plan.free_slots`,
:meth:`Plan.book`, :meth:`Plan.cancel`, :meth:`Plan.lock`,
:meth:`Problem.replan` (after an absence or a closure), :meth:`Plan.explain`
and :meth:`Plan.public_snapshot` with :func:`free_slots_in_snapshot`.

Privacy: nothing in this package logs names. Outputs that could be published
(Excel, calendars, data frames, ``explain``) take ``anonymize=True``.
"""

from __future__ import annotations

from ._booking import (
    Booked,
    Coverage,
    Explanation,
    Locked,
    MediatorLoad,
    ReplanResult,
    RequestExplanation,
    SlotOption,
    free_slots_in_snapshot,
    load_snapshot,
    replan,
)
from ._plan import (
    Assignment,
    Cost,
    Plan,
    ProgressReport,
    Reason,
    SessionMediator,
    SessionStaffing,
    SolveStats,
    Unassigned,
    evaluate,
    load_plan,
    solve,
)
from ._ponte import (
    PROBLEM_FORMAT,
    SNAPSHOT_FORMAT,
    SOLUTION_FORMAT,
    InvalidArgument,
    InvalidJson,
    InvalidProblem,
    InvalidSolution,
    PonteError,
    Refused,
    __version__,
)
from ._problem import DEFAULT_LIMITS, LIMIT_NAMES, InputError, Problem, load_problem

__all__ = [
    "DEFAULT_LIMITS",
    "LIMIT_NAMES",
    "PROBLEM_FORMAT",
    "SNAPSHOT_FORMAT",
    "SOLUTION_FORMAT",
    "Assignment",
    "Booked",
    "Cost",
    "Coverage",
    "Explanation",
    "InputError",
    "InvalidArgument",
    "InvalidJson",
    "InvalidProblem",
    "InvalidSolution",
    "Locked",
    "MediatorLoad",
    "Plan",
    "PonteError",
    "Problem",
    "ProgressReport",
    "Reason",
    "Refused",
    "ReplanResult",
    "RequestExplanation",
    "SessionMediator",
    "SessionStaffing",
    "SlotOption",
    "SolveStats",
    "Unassigned",
    "__version__",
    "evaluate",
    "free_slots_in_snapshot",
    "load_plan",
    "load_problem",
    "load_snapshot",
    "replan",
    "solve",
]

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

Layers
------
The modules form layers, lowest first; a module imports only modules of
lower layers, at import time and inside functions alike, so there is no
import cycle and no import hidden in a function (``python/tests/
test_packaging.py`` checks it on the installed package). Functions import
nothing but the optional extras (pandas, openpyxl), so that a missing extra
fails only the feature that needs it.

1. ``_ponte``: the native core (Rust).
2. ``_errors``, ``_time``, ``_cells``: raising typed errors, local times,
   table cells.
3. ``_records``: the values returned (``Assignment``, ``Cost``,
   ``SlotOption``, ``Explanation``, ...), plain frozen dataclasses.
4. ``_problem``: ``ProblemData``, a problem's document, native problem,
   lookups and validation; reading JSON sources.
5. ``_plan``, ``_booking``, ``_privacy``: ``PlanData``, a solution with its
   problem's data, as records; booking as functions of a problem's data and
   a solution document (they return records and new solution documents);
   pseudonyms.
6. ``_rows``: a plan as rows of plain values.
7. ``excel``, ``ical``: the workbook and the calendars.
8. ``_api``: the public ``Problem`` and ``Plan``, subclasses of
   ``ProblemData`` and ``PlanData`` that add the operations needing the
   layers above those: ``Problem.solve``/``replan``, booking,
   ``Plan.to_dataframe``/``to_excel``/``to_ics``; ``load_problem``,
   ``solve``, ``load_plan``, ``evaluate``, ``replan``.
9. ``tables``: problems from tables (they return a ``Problem``), and
   ``plan_rows``.
10. ``cli``, ``distributed``; then this package module, then ``__main__``.

The split of each object into a data class and the public class is what
breaks the cycles the object API has by nature: ``Problem.solve`` makes a
``Plan``, ``Plan.to_excel`` calls ``ponte.excel``, which reads a plan, and
``Plan.book`` calls the booking layer. The outputs and the booking
functions take the data classes, so they sit below ``_api`` and the public
classes, defined above them, call down. Every public object is still a
``Problem`` or a ``Plan``: nothing below ``_api`` creates one (a changed
plan comes back from ``_booking`` as a solution document, which
``Plan.book`` wraps). No ``if TYPE_CHECKING`` import points upward either.
"""

from __future__ import annotations

from ._api import (
    Booked,
    Locked,
    Plan,
    Problem,
    ReplanResult,
    evaluate,
    load_plan,
    load_problem,
    replan,
    solve,
)
from ._booking import free_slots_in_snapshot, load_snapshot
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
from ._problem import DEFAULT_LIMITS, LIMIT_NAMES, InputError
from ._records import (
    Assignment,
    Cost,
    Coverage,
    Explanation,
    FairShare,
    Fairness,
    MediatorLoad,
    ProgressReport,
    Reason,
    RequestExplanation,
    SessionMediator,
    SessionStaffing,
    SlotOption,
    SolveStats,
    Unassigned,
)

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
    "FairShare",
    "Fairness",
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

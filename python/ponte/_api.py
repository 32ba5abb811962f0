"""The object API: :class:`Problem`, :class:`Plan` and what makes or
changes plans (``load_problem``, ``solve``, ``load_plan``, ``evaluate``,
``replan``; booking as methods of :class:`Plan`).

:class:`Problem` and :class:`Plan` extend the data classes of the layers
below (``_problem.ProblemData``, ``_plan.PlanData``) with the operations
that need those layers: solving and re-planning (the native core), booking
(``_booking``), and the exports written in Python (``_rows``, ``excel``,
``ical``). Every dependency here points down; nothing below imports this
module.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, NamedTuple, Optional, Union

from . import _booking, _ponte
from ._booking import Duration, Moment, Names
from ._errors import invalid_argument
from ._plan import PlanData, check_shape
from ._problem import ProblemData, _decode, _parse, _read_file
from ._records import Explanation, ProgressReport, SlotOption, SolveStats
from ._rows import plan_rows
from .excel import write_plan
from .ical import write_calendars

if TYPE_CHECKING:
    import pandas

ProblemSource = Union[str, "os.PathLike[str]", bytes, Mapping[str, Any], "Problem"]


class Problem(ProblemData):
    """A ``ponte-problem/1`` document, validated on demand by the native core.

    Build one with :func:`load_problem` (a file, JSON text or a dict) or
    :func:`ponte.tables.problem_from_tables`. The document is kept as given;
    treat it as read-only (copy it to change it, then load the copy).
    """

    def solve(
        self,
        time_limit: Optional[float] = None,
        seed: Optional[int] = None,
        iterations: Optional[int] = None,
        progress: Optional[Callable[[ProgressReport], Optional[bool]]] = None,
        *,
        progress_interval: float = 0.5,
        threads: Optional[int] = None,
    ) -> Plan:
        """Solves the problem with the GIL released; see :func:`ponte.solve`."""
        return solve(
            self,
            time_limit=time_limit,
            seed=seed,
            iterations=iterations,
            progress=progress,
            progress_interval=progress_interval,
            threads=threads,
        )

    def replan(
        self,
        old_plan: PlanSource,
        time_limit: Optional[float] = None,
        iterations: Optional[int] = None,
        seed: Optional[int] = 1,
        progress: Optional[Callable[[ProgressReport], Optional[bool]]] = None,
        *,
        progress_interval: float = 0.5,
    ) -> ReplanResult:
        """Repairs ``old_plan`` (a plan of an earlier version of this problem:
        a :class:`Plan`, path, JSON text or dict) after a change such as a
        mediator's absence, keeping what still holds and moving as few
        assignments as possible; see :func:`ponte.replan`."""
        return replan(self, old_plan, time_limit=time_limit, iterations=iterations, seed=seed,
                      progress=progress, progress_interval=progress_interval)


@dataclass(repr=False)
class Plan(PlanData):
    """A solution of a problem."""

    problem: Problem

    # -- evaluation -------------------------------------------------------
    def evaluate(self) -> dict[str, Any]:
        """Hard-rule violations and the recomputed cost (see :func:`ponte.evaluate`)."""
        return evaluate(self.problem, self)

    # -- booking ------------------------------------------------------------
    def free_slots(
        self,
        office: str,
        languages: Names,
        duration: Duration,
        earliest: Moment,
        latest: Moment,
        *,
        modalities: Optional[Names] = None,
        min_level: Optional[str] = None,
        skills: Optional[Names] = None,
        mediator_gender: Optional[str] = None,
        case: Optional[str] = None,
        preferred_mediator: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> list[SlotOption]:
        """Where a new request could go in this plan without moving anyone,
        cheapest first (at most ``limit``, default 20).

        ``languages`` most preferred first; ``duration`` in minutes (or a
        ``timedelta``); the request may start at ``earliest`` and must end
        by ``latest`` (aware datetimes, naive ones read in the network's
        zone, or local times ``YYYY-MM-DDTHH:MM``). ``modalities`` default
        to in person. Each :class:`SlotOption` has the mediator, aware
        ``start``/``end``, language, modality and ``cost_increase`` (what
        serving the request there adds to the plan's cost).

        Raises ``InvalidArgument`` for wrong types and ``Refused`` for what
        the core refuses: ``UNKNOWN_REFERENCE`` (office, preferred
        mediator), ``BAD_LANGUAGE_TAG``, ``BAD_VALUE``, ``BAD_DATETIME``,
        ``WINDOW_TOO_SHORT``, ``PLAN_INVALID`` (this plan breaks a hard rule).
        """
        return _booking.free_slots(
            self.problem, self.solution, office, languages, duration, earliest, latest,
            modalities=modalities, min_level=min_level, skills=skills, mediator_gender=mediator_gender,
            case=case, preferred_mediator=preferred_mediator, limit=limit,
        )

    def book(
        self,
        request_id: str,
        mediator: str,
        start: Moment,
        language: Optional[str] = None,
        modality: Optional[str] = None,
    ) -> Booked:
        """Books request ``request_id`` (of this plan's problem) with
        ``mediator`` at ``start``; a request already assigned is moved. By
        default the most preferred language and modality that fit are used.
        Returns ``(plan, cost_delta)`` (a :class:`Booked` named tuple); this
        plan is unchanged. Raises ``Refused`` with the hard rule's code
        (``OVERLAP``, ``TRAVEL_TIME``, ``OUTSIDE_AVAILABILITY``,
        ``LANGUAGE_NOT_SERVED``, ``CAPACITY_EXCEEDED``, ``LOCKED``, ...).
        """
        solution, delta = _booking.book(self.problem, self.solution, request_id, mediator, start,
                                        language=language, modality=modality)
        return Booked(Plan(self.problem, solution), delta)

    def cancel(self, request_id: str) -> Booked:
        """Cancels the assignment of ``request_id``: ``(plan, cost_delta)``.
        Raises ``Refused`` (``NOT_ASSIGNED``, ``LOCKED``, ``UNKNOWN_REFERENCE``)."""
        solution, delta = _booking.cancel(self.problem, self.solution, request_id)
        return Booked(Plan(self.problem, solution), delta)

    def lock(self, request_id: str) -> Locked:
        """Locks ``request_id`` where this plan has it: ``(problem, plan)``,
        the problem with the request's ``previous`` set to its assignment and
        ``locked: true`` (a new, validated :class:`Problem`), and this plan
        for it. Raises ``Refused`` (``NOT_ASSIGNED``, ``UNKNOWN_REFERENCE``)."""
        document, native, solution = _booking.lock(self.problem, self.solution, request_id)
        problem = Problem._validated(document, native)
        return Locked(problem, Plan(problem, solution))

    def explain(self, *, anonymize: bool = False) -> Explanation:
        """The core's explanation: per request its place or reason and its own
        cost terms, per mediator the load (minutes per day and week, travel),
        per language and municipality the demand served. With
        ``anonymize=True`` mediators are ``M001``, ... and reasons keep only
        their code."""
        return _booking.explain(self.problem, self.solution, anonymize)

    def public_snapshot(self) -> dict[str, Any]:
        """The public availability snapshot (``ponte-availability/1``) of this
        plan: offices' opening and load, mediators by pseudonym with
        languages, availability and busy times; no names, genders, request or
        case ids. Query it with :func:`ponte.free_slots_in_snapshot`."""
        return _booking.public_snapshot(self.problem, self.solution)

    # -- exports written in Python ---------------------------------------------
    def to_dataframe(self, kind: str = "assignments", *, anonymize: bool = False) -> "pandas.DataFrame":
        """A pandas DataFrame of ``assignments``, ``sessions``, ``unassigned``
        or ``fairness`` (see :func:`ponte.tables.plan_rows`; needs the
        ``pandas`` extra). With ``anonymize=True`` mediator and case
        ids are replaced by stable pseudonyms."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install 'ponte[pandas]'") from err
        return pd.DataFrame(plan_rows(self, kind, anonymize=anonymize))

    def to_excel(self, path: Union[str, "os.PathLike[str]"], *, anonymize: bool = False) -> Path:
        """Writes an Excel workbook (see :func:`ponte.excel.write_plan`)."""
        return write_plan(self, path, anonymize=anonymize)

    def to_ics(self, directory: Union[str, "os.PathLike[str]"], *, anonymize: bool = False) -> list[Path]:
        """Writes one iCalendar file per mediator (see :func:`ponte.ical.write_calendars`)."""
        return write_calendars(self, directory, anonymize=anonymize)


class Booked(NamedTuple):
    """The plan after :meth:`Plan.book` or :meth:`Plan.cancel`, and its cost change."""

    plan: Plan
    cost_delta: int


class Locked(NamedTuple):
    """The problem with a request locked where the plan has it, and the plan."""

    problem: Problem
    plan: Plan


@dataclass(frozen=True)
class ReplanResult:
    """What a repair did: the new plan, and which old assignments it kept,
    moved or dropped, and which requests it newly assigned."""

    plan: Plan
    kept: int
    moved: tuple[str, ...]
    dropped: tuple[str, ...]
    added: tuple[str, ...]
    iterations: int

    def summary(self) -> dict[str, Any]:
        """Counts only (request ids are not personal but lists can be long)."""
        return {
            "kept": self.kept,
            "moved": len(self.moved),
            "dropped": len(self.dropped),
            "added": len(self.added),
            "iterations": self.iterations,
            "cost": self.plan.cost.total,
        }


def load_problem(
    source: ProblemSource,
    *,
    validate: bool = True,
    limits: Optional[Mapping[str, int]] = None,
) -> Problem:
    """Loads a problem from a path, JSON text, UTF-8 bytes or a dict.

    A ``str`` that starts with ``{`` (after blanks) is JSON text, any other
    ``str`` a path. With ``validate=True`` (the default) the problem is
    validated at once and ``InvalidProblem`` lists every error; with
    ``validate=False`` call :meth:`Problem.validate` yourself.

    ``limits`` sets size limits (``{"max_requests": 500, "max_string_chars":
    200}``; the names are :data:`LIMIT_NAMES`, the defaults
    :data:`DEFAULT_LIMITS`, far above a real network); a document beyond
    one gets ``TOO_LARGE`` errors.

    Raises ``InvalidArgument`` (wrong type, missing file), ``InvalidJson``
    or ``InvalidProblem``.
    """
    if isinstance(source, Problem):
        if limits is not None:
            raise invalid_argument("limits", "give limits when the problem is first loaded")
        problem = source
    elif isinstance(source, Mapping):
        problem = Problem(source, limits=limits)
    elif isinstance(source, bytes):
        text = _decode(source)
        problem = Problem(_parse(text), text=text, limits=limits)
    elif isinstance(source, str):
        stripped = source.lstrip("\ufeff \t\r\n")
        if stripped.startswith(("{", "[")):
            problem = Problem(_parse(stripped), text=stripped, limits=limits)
        elif not stripped:
            raise invalid_argument("source", "empty string: expected a path or JSON text")
        else:
            text = _read_file(Path(source))
            problem = Problem(_parse(text), text=text, limits=limits)
    elif isinstance(source, os.PathLike):
        text = _read_file(Path(source))
        problem = Problem(_parse(text), text=text, limits=limits)
    else:
        raise invalid_argument(
            "source", f"expected a path, JSON text, bytes or a dict, got {type(source).__name__}"
        )
    if validate:
        problem.native  # noqa: B018 -- raises InvalidProblem with every error
    return problem


def solve(
    problem: ProblemSource,
    time_limit: Optional[float] = None,
    seed: Optional[int] = None,
    iterations: Optional[int] = None,
    progress: Optional[Callable[[ProgressReport], Optional[bool]]] = None,
    *,
    progress_interval: float = 0.5,
    threads: Optional[int] = None,
) -> Plan:
    """Solves a problem (a :class:`Problem`, path, JSON text or dict).

    ``time_limit`` is in seconds; ``seed`` makes runs repeatable;
    ``iterations`` caps the local search (deterministic for a seed and a
    number of threads). ``threads`` islands search in parallel and exchange
    their best plans (default: the cores available); ``iterations`` is each
    island's budget.
    ``progress`` is called with a :class:`ProgressReport` at most every
    ``progress_interval`` seconds and once at the end; returning ``False``
    stops early with the best plan so far. The GIL is released while the
    core works, so threads can solve several problems at once. Ctrl-C stops
    the search and raises ``KeyboardInterrupt``.
    """
    loaded = load_problem(problem)
    result = _ponte.solve(
        loaded.native,
        time_limit=time_limit,
        seed=seed,
        iterations=iterations,
        progress=progress,
        progress_interval=progress_interval,
        threads=threads,
    )
    stats = SolveStats(
        iterations=result["iterations"],
        stop=result["stop"],
        elapsed=result["elapsed"],
        threads=result["threads"],
        operators=tuple(dict(o) for o in result["operators"]),
    )
    return Plan(loaded, result["solution"], stats)


PlanSource = Union[Plan, str, "os.PathLike[str]", bytes, Mapping[str, Any]]


def load_plan(problem: ProblemSource, source: PlanSource) -> Plan:
    """A plan from a solution file, JSON text, bytes or dict, for its problem."""
    loaded = load_problem(problem, validate=False)
    if isinstance(source, Plan):
        return Plan(loaded, source.solution, source.stats)
    if isinstance(source, Mapping):
        document = dict(source)
    elif isinstance(source, bytes):
        document = _parse(_decode(source))
    elif isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        document = _parse(source.lstrip("\ufeff \t\r\n"))
    elif isinstance(source, (str, os.PathLike)):
        if isinstance(source, str) and not source.strip():
            raise invalid_argument("plan", "empty string: expected a path or JSON text")
        document = _parse(_read_file(Path(source)))
    else:
        raise invalid_argument("plan", f"expected a path, JSON text, bytes or a dict, got {type(source).__name__}")
    check_shape(document)
    return Plan(loaded, document)


def evaluate(problem: ProblemSource, plan: PlanSource) -> dict[str, Any]:
    """Evaluates a plan against its problem: hard-rule violations and the
    recomputed cost, term by term (the core's evaluation, as a dict)."""
    loaded = load_problem(problem)
    solution = plan.solution if isinstance(plan, Plan) else load_plan(loaded, plan).solution
    result: dict[str, Any] = _ponte.evaluate(loaded.native, solution)
    return result


def replan(
    problem: ProblemSource,
    old_plan: PlanSource,
    time_limit: Optional[float] = None,
    iterations: Optional[int] = None,
    seed: Optional[int] = 1,
    progress: Optional[Callable[[ProgressReport], Optional[bool]]] = None,
    *,
    progress_interval: float = 0.5,
) -> ReplanResult:
    """Repairs ``old_plan`` (a plan of an earlier version of ``problem``)
    after a change: keeps every assignment that still holds, places the
    rest and new requests, and moves as few as possible.

    The budget is ``time_limit`` seconds and/or ``iterations``; with
    neither, the core's default (a few hundred iterations, deterministic
    for a ``seed``). ``progress``, ``progress_interval``, Ctrl-C and the
    released GIL work as for :func:`ponte.solve`.
    """

    loaded = load_problem(problem)
    old = old_plan.solution if isinstance(old_plan, Plan) else load_plan(loaded, old_plan).solution
    result = _ponte.replan(
        loaded.native,
        old,
        time_limit=time_limit,
        seed=seed,
        iterations=iterations,
        progress=progress,
        progress_interval=progress_interval,
    )
    stats = SolveStats(iterations=result["iterations"], stop=result["stop"], elapsed=result["elapsed"])
    return ReplanResult(
        plan=Plan(loaded, result["solution"], stats),
        kept=int(result["kept"]),
        moved=tuple(result["moved"]),
        dropped=tuple(result["dropped"]),
        added=tuple(result["added"]),
        iterations=int(result["iterations"]),
    )

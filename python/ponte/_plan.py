"""Plans: the solver's output as records with real datetimes.

A :class:`Plan` wraps a ``ponte-solution/1`` document together with its
problem. Its records (:class:`Assignment`, :class:`SessionStaffing`,
:class:`Unassigned`) carry timezone-aware ``datetime`` values in the
problem's zone, and it exports to dicts, JSON, pandas, Excel and
iCalendar.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, TypedDict, Union

from . import _ponte
from ._errors import invalid_argument, writing
from ._problem import Problem, ProblemSource, _decode, _parse, _read_file, load_problem
from ._time import parse_local, plus_minutes

if TYPE_CHECKING:
    import pandas

    from ._booking import Booked, Duration, Explanation, Locked, Moment, Names, SlotOption



class ProgressReport(TypedDict):
    """What a ``progress`` callback receives."""

    iteration: int
    best_cost: int
    assigned: int
    unassigned: int
    elapsed: float
    done: bool


@dataclass(frozen=True)
class Assignment:
    """A request served: who, when (aware datetimes), how, where."""

    request: str
    mediator: str
    start: _dt.datetime
    end: _dt.datetime
    language: str
    modality: str
    office: str
    municipality: str
    service: Optional[str] = None
    priority: str = "normal"
    case: Optional[str] = None

    @property
    def duration_minutes(self) -> int:
        """Real elapsed minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class SessionMediator:
    """A mediator present at a workshop session and the languages covered."""

    mediator: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class SessionStaffing:
    """Who staffs one workshop session, and which languages stay uncovered."""

    workshop: str
    session: str
    start: _dt.datetime
    end: _dt.datetime
    office: str
    municipality: str
    mediators: tuple[SessionMediator, ...]
    uncovered: tuple[str, ...]
    title: Optional[str] = None


@dataclass(frozen=True)
class Reason:
    """Why a request is unassigned (codes of format section 5)."""

    code: str
    message: str
    blocking: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unassigned:
    """A request left unserved, with its reasons."""

    request: str
    office: str
    municipality: str
    priority: str
    reasons: tuple[Reason, ...]
    service: Optional[str] = None


@dataclass(frozen=True)
class Cost:
    """The cost of a plan, term by term (integers)."""

    total: int = 0
    unassigned: int = 0
    travel: int = 0
    language_rank: int = 0
    modality_rank: int = 0
    continuity: int = 0
    preferred_mediator: int = 0
    delay: int = 0
    change: int = 0

    def to_dict(self) -> dict[str, int]:
        """The terms as a dict (format order)."""
        return asdict(self)


@dataclass(frozen=True)
class SolveStats:
    """How a solve went."""

    iterations: int = 0
    stop: str = "complete"
    elapsed: float = 0.0
    #: Islands (threads) that searched.
    threads: int = 1
    #: Per ruin operator: ``{name, iterations, accepted, improving,
    #: new_best, time_share}`` (empty when the search did not run).
    operators: tuple[dict[str, Any], ...] = ()


@dataclass
class Plan:
    """A solution of a problem."""

    problem: Problem
    solution: dict[str, Any]
    stats: SolveStats = field(default_factory=SolveStats)

    # -- raw forms --------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The ``ponte-solution/1`` document (a deep copy)."""
        copy: dict[str, Any] = json.loads(json.dumps(self.solution))
        return copy

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The ``ponte-solution/1`` document as JSON text."""
        return json.dumps(self.solution, ensure_ascii=False, indent=indent)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> Path:
        """Writes the solution document as UTF-8 JSON."""
        target = Path(path)
        with writing(target):
            target.write_text(self.to_json() + "\n", encoding="utf-8")
        return target

    # -- records ------------------------------------------------------------
    @property
    def cost(self) -> Cost:
        """The claimed cost, term by term."""
        raw = self.solution.get("cost") or {}
        return Cost(**{k: int(v) for k, v in raw.items() if k in Cost.__dataclass_fields__})

    @cached_property
    def assignments(self) -> list[Assignment]:
        """Assigned requests, sorted by start then request id."""
        p, tz = self.problem, self.problem.tz
        out = []
        for a in self.solution.get("assignments", []):
            req = p.request(a["request"])
            office = p.office(req["office"])
            start = parse_local(a["start"], tz)
            out.append(
                Assignment(
                    request=a["request"],
                    mediator=a["mediator"],
                    start=start,
                    end=plus_minutes(start, int(req["duration_minutes"])),
                    language=a["language"],
                    modality=a["modality"],
                    office=req["office"],
                    municipality=office["municipality"],
                    service=req.get("service"),
                    priority=req.get("priority", "normal"),
                    case=req.get("case"),
                )
            )
        out.sort(key=lambda x: (x.start, x.request))
        return out

    @cached_property
    def sessions(self) -> list[SessionStaffing]:
        """Workshop sessions with their mediators, sorted by start."""
        p, tz = self.problem, self.problem.tz
        out = []
        for s in self.solution.get("sessions", []):
            workshop = p.workshop(s["workshop"])
            session = next(x for x in workshop["sessions"] if x["id"] == s["session"])
            start = parse_local(session["start"], tz)
            out.append(
                SessionStaffing(
                    workshop=s["workshop"],
                    session=s["session"],
                    start=start,
                    end=plus_minutes(start, int(session["duration_minutes"])),
                    office=workshop["office"],
                    municipality=p.office(workshop["office"])["municipality"],
                    mediators=tuple(
                        SessionMediator(m["mediator"], tuple(m["languages"])) for m in s["mediators"]
                    ),
                    uncovered=tuple(s["uncovered"]),
                    title=workshop.get("title"),
                )
            )
        out.sort(key=lambda x: (x.start, x.workshop, x.session))
        return out

    @cached_property
    def unassigned(self) -> list[Unassigned]:
        """Requests left unserved with their reasons, in the solution's order."""
        p = self.problem
        out = []
        for u in self.solution.get("unassigned", []):
            req = p.request(u["request"])
            out.append(
                Unassigned(
                    request=u["request"],
                    office=req["office"],
                    municipality=p.office(req["office"])["municipality"],
                    priority=req.get("priority", "normal"),
                    reasons=tuple(
                        Reason(r["code"], r["message"], tuple(r.get("blocking", ()))) for r in u["reasons"]
                    ),
                    service=req.get("service"),
                )
            )
        return out

    def summary(self) -> dict[str, Any]:
        """Counts per municipality and overall, and the cost (no personal data)."""
        per: dict[str, dict[str, int]] = {}
        for m in self.problem.document.get("municipalities", []):
            per[m["id"]] = {"assigned": 0, "unassigned": 0, "minutes": 0, "sessions": 0}
        for a in self.assignments:
            row = per.setdefault(a.municipality, {"assigned": 0, "unassigned": 0, "minutes": 0, "sessions": 0})
            row["assigned"] += 1
            row["minutes"] += a.duration_minutes
        for u in self.unassigned:
            row = per.setdefault(u.municipality, {"assigned": 0, "unassigned": 0, "minutes": 0, "sessions": 0})
            row["unassigned"] += 1
        for s in self.sessions:
            per[s.municipality]["sessions"] += 1
        reasons: dict[str, int] = {}
        for u in self.unassigned:
            for r in u.reasons[:1]:
                reasons[r.code] = reasons.get(r.code, 0) + 1
        assigned = len(self.solution.get("assignments", []))
        total = len(self.problem.request_ids)
        return {
            "network": self.problem.name,
            "horizon": [d.isoformat() for d in self.problem.horizon],
            "requests": total,
            "assigned": assigned,
            "unassigned": len(self.solution.get("unassigned", [])),
            "missing": total - assigned - len(self.solution.get("unassigned", [])),
            "unassigned_reasons": dict(sorted(reasons.items())),
            "sessions": len(self.solution.get("sessions", [])),
            "cost": self.cost.to_dict(),
            "municipalities": {k: v for k, v in per.items() if any(v.values())},
            "stats": asdict(self.stats),
        }

    # -- evaluation -------------------------------------------------------
    def evaluate(self) -> dict[str, Any]:
        """Hard-rule violations and the recomputed cost (see :func:`ponte.evaluate`)."""
        return evaluate(self.problem, self)

    # -- booking ------------------------------------------------------------
    def free_slots(
        self,
        office: str,
        languages: "Names",
        duration: "Duration",
        earliest: "Moment",
        latest: "Moment",
        *,
        modalities: Optional["Names"] = None,
        min_level: Optional[str] = None,
        skills: Optional["Names"] = None,
        mediator_gender: Optional[str] = None,
        case: Optional[str] = None,
        preferred_mediator: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> list["SlotOption"]:
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
        from ._booking import free_slots

        return free_slots(
            self, office, languages, duration, earliest, latest,
            modalities=modalities, min_level=min_level, skills=skills, mediator_gender=mediator_gender,
            case=case, preferred_mediator=preferred_mediator, limit=limit,
        )

    def book(
        self,
        request_id: str,
        mediator: str,
        start: "Moment",
        language: Optional[str] = None,
        modality: Optional[str] = None,
    ) -> "Booked":
        """Books request ``request_id`` (of this plan's problem) with
        ``mediator`` at ``start``; a request already assigned is moved. By
        default the most preferred language and modality that fit are used.
        Returns ``(plan, cost_delta)`` (a :class:`Booked` named tuple); this
        plan is unchanged. Raises ``Refused`` with the hard rule's code
        (``OVERLAP``, ``TRAVEL_TIME``, ``OUTSIDE_AVAILABILITY``,
        ``LANGUAGE_NOT_SERVED``, ``CAPACITY_EXCEEDED``, ``LOCKED``, ...).
        """
        from ._booking import book

        return book(self, request_id, mediator, start, language=language, modality=modality)

    def cancel(self, request_id: str) -> "Booked":
        """Cancels the assignment of ``request_id``: ``(plan, cost_delta)``.
        Raises ``Refused`` (``NOT_ASSIGNED``, ``LOCKED``, ``UNKNOWN_REFERENCE``)."""
        from ._booking import cancel

        return cancel(self, request_id)

    def lock(self, request_id: str) -> "Locked":
        """Locks ``request_id`` where this plan has it: ``(problem, plan)``,
        the problem with the request's ``previous`` set to its assignment and
        ``locked: true`` (a new, validated :class:`Problem`), and this plan
        for it. Raises ``Refused`` (``NOT_ASSIGNED``, ``UNKNOWN_REFERENCE``)."""
        from ._booking import lock

        return lock(self, request_id)

    def explain(self, *, anonymize: bool = False) -> "Explanation":
        """The core's explanation: per request its place or reason and its own
        cost terms, per mediator the load (minutes per day and week, travel),
        per language and municipality the demand served. With
        ``anonymize=True`` mediators are ``M001``, ... and reasons keep only
        their code."""
        from ._booking import explain

        return explain(self, anonymize)

    def public_snapshot(self) -> dict[str, Any]:
        """The public availability snapshot (``ponte-availability/1``) of this
        plan: offices' opening and load, mediators by pseudonym with
        languages, availability and busy times; no names, genders, request or
        case ids. Query it with :func:`ponte.free_slots_in_snapshot`."""
        from ._booking import public_snapshot

        return public_snapshot(self)

    # -- exports --------------------------------------------------------------
    def report_html(
        self,
        path: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        anonymize: bool = False,
        title: Optional[str] = None,
        lang: str = "it",
    ) -> str:
        """The plan as one self-contained HTML page (no script, no external
        asset: it opens offline): summary and cost, a timeline per day and
        mediator, coverage by language and municipality, workshops,
        unassigned requests with reasons, load and travel per mediator.
        ``anonymize=True`` shows mediators as ``M001``, ... and leaves out the
        reasons' messages (for publishing); ``lang`` is ``"it"`` or ``"en"``.
        Returns the HTML text, also written to ``path`` when given."""
        if not isinstance(anonymize, bool):
            raise invalid_argument("anonymize", f"expected a bool, got {type(anonymize).__name__}")
        page = _ponte.report_html(self.problem.native, self.solution, anonymize=anonymize, title=title, lang=lang)
        if path is not None:
            target = Path(path)
            with writing(target):
                target.write_text(page, encoding="utf-8")
        return page

    def monitoring_csv(
        self, path: Optional[Union[str, "os.PathLike[str]"]] = None, *, by: str = "municipality"
    ) -> str:
        """The monitoring summary for the network's funders as CSV text
        (Italian spreadsheet conventions: ``;``, decimal comma, UTF-8 with a
        byte-order mark, CRLF): minutes delivered, requests served and
        unserved per municipality, service and language (``by="municipality"``)
        or per mediator (``by="mediator"``). Also written to ``path`` when
        given (byte for byte, so Excel reads it as UTF-8)."""
        text = _ponte.monitoring_csv(self.problem.native, self.solution, by=by)
        if path is not None:
            target = Path(path)
            with writing(target):
                target.write_bytes(text.encode("utf-8"))
        return text

    def to_dataframe(self, kind: str = "assignments", *, anonymize: bool = False) -> "pandas.DataFrame":
        """A pandas DataFrame of ``assignments``, ``sessions`` or ``unassigned``
        (needs the ``pandas`` extra). With ``anonymize=True`` mediator and case
        ids are replaced by stable pseudonyms."""
        from .tables import plan_rows

        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install 'ponte[pandas]'") from err
        return pd.DataFrame(plan_rows(self, kind, anonymize=anonymize))

    def to_excel(self, path: Union[str, "os.PathLike[str]"], *, anonymize: bool = False) -> Path:
        """Writes an Excel workbook (see :func:`ponte.excel.write_plan`)."""
        from .excel import write_plan

        return write_plan(self, path, anonymize=anonymize)

    def to_ics(self, directory: Union[str, "os.PathLike[str]"], *, anonymize: bool = False) -> list[Path]:
        """Writes one iCalendar file per mediator (see :func:`ponte.ical.write_calendars`)."""
        from .ical import write_calendars

        return write_calendars(self, directory, anonymize=anonymize)

    def __repr__(self) -> str:
        s = self.solution
        return (
            f"<ponte.Plan {len(s.get('assignments', []))} assigned, "
            f"{len(s.get('unassigned', []))} unassigned, cost {self.cost.total}>"
        )


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
    _check_shape(document)
    return Plan(loaded, document)


def _check_shape(document: Mapping[str, Any]) -> None:
    from ._errors import make

    errors = []
    if document.get("format") != _ponte.SOLUTION_FORMAT:
        errors.append({"code": "WRONG_FORMAT", "path": "format", "message": f"expected {_ponte.SOLUTION_FORMAT!r}"})
    for key in ("assignments", "sessions", "unassigned"):
        if not isinstance(document.get(key), list):
            errors.append({"code": "MISSING_FIELD", "path": key, "message": "expected a list"})
    if not isinstance(document.get("cost"), dict):
        errors.append({"code": "MISSING_FIELD", "path": "cost", "message": "expected an object"})
    if errors:
        first = errors[0]
        raise make(
            _ponte.InvalidSolution,
            "INVALID_SOLUTION",
            f"invalid solution: {first['path']}: {first['message']}",
            errors,
        )


def evaluate(problem: ProblemSource, plan: PlanSource) -> dict[str, Any]:
    """Evaluates a plan against its problem: hard-rule violations and the
    recomputed cost, term by term (the core's evaluation, as a dict)."""
    loaded = load_problem(problem)
    solution = plan.solution if isinstance(plan, Plan) else load_plan(loaded, plan).solution
    result: dict[str, Any] = _ponte.evaluate(loaded.native, solution)
    return result


"""Records: the values the API returns, as frozen dataclasses.

Plain values with timezone-aware ``datetime`` fields and no reference to a
problem or a plan: an assignment, a workshop session's staffing, an
unassigned request and its reasons, the cost term by term, how a solve
went, a free slot, the explanation of a plan. The modules above build them
from the core's JSON values.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Optional, TypedDict


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
    #: Format 1.1: the 0-based index of the role this entry fills, for a
    #: request with ``roles`` (one assignment per role); ``None`` otherwise.
    role: Optional[int] = None
    #: Format 1.1: the request's ``series`` (a recurring appointment).
    series: Optional[str] = None

    @property
    def duration_minutes(self) -> int:
        """Real elapsed minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class FairShare:
    """One mediator's part in the cost term ``fairness`` (format section 4):
    their ``fair_share``, engaged minutes in the plan (requests, each role
    entry, workshop sessions; travel and ``worked`` excluded), the
    proportional share ``E * share / S`` of all participants' engaged
    minutes ``E`` (``S`` the sum of the shares) and the deviation from it,
    both exact fractions of a minute."""

    mediator: str
    share: int
    engaged_minutes: int
    proportional_minutes: Fraction
    deviation_minutes: Fraction


@dataclass(frozen=True)
class Fairness:
    """The mediators with a ``fair_share`` and the term they make:
    ``floor(w * sum X_i^2 / (3600 * S^2))`` with ``X_i = engaged_i * S - E *
    share_i`` (0 with fewer than two participants), in exact integers."""

    mediators: tuple[FairShare, ...]
    weight: int
    term: int


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
    #: Format 1.1: present in a plan's cost when some mediator has a ``fair_share``.
    fairness: int = 0
    #: Format 1.1: present in a plan's cost when some request has a ``series``.
    series: int = 0

    def to_dict(self) -> dict[str, int]:
        """The terms as a dict (format order); the terms of 1.1 only when not 0
        (a solution may leave them out then)."""
        terms = asdict(self)
        for optional in ("fairness", "series"):
            if not terms[optional]:
                del terms[optional]
        return terms


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


@dataclass(frozen=True)
class SlotOption:
    """A place where a new request could go without moving anyone."""

    mediator: str
    start: _dt.datetime
    end: _dt.datetime
    language: str
    modality: str
    cost_increase: int

    @property
    def duration_minutes(self) -> int:
        """Real elapsed minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class RequestExplanation:
    """Where a request is (or why it is nowhere) and the cost terms it adds by
    itself (travel belongs to a mediator's day and is not split)."""

    request: str
    assigned: bool
    terms: Cost
    mediator: Optional[str] = None
    start: Optional[_dt.datetime] = None
    end: Optional[_dt.datetime] = None
    reason: Optional[Reason] = None


@dataclass(frozen=True)
class MediatorLoad:
    """A mediator's engagements in a plan."""

    mediator: str
    engagements: int
    minutes_per_day: Mapping[_dt.date, int]
    minutes_per_week: Mapping[str, int]
    travel_minutes: int
    in_person_minutes: int
    remote_minutes: int

    @property
    def minutes(self) -> int:
        """Engaged minutes over the horizon."""
        return self.in_person_minutes + self.remote_minutes


@dataclass(frozen=True)
class Coverage:
    """Demand in one language and municipality, served and not."""

    language: str
    municipality: str
    served: int
    unserved: int
    minutes_served: int
    minutes_unserved: int


@dataclass(frozen=True)
class Explanation:
    """The core's explanation of a plan (see :meth:`Plan.explain`)."""

    requests: tuple[RequestExplanation, ...]
    mediators: tuple[MediatorLoad, ...]
    coverage: tuple[Coverage, ...]
    cost: Cost
    anonymized: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def request(self, id: str) -> RequestExplanation:
        """The entry of one request (``KeyError`` if none)."""
        for r in self.requests:
            if r.request == id:
                return r
        raise KeyError(id)

    def to_dict(self) -> dict[str, Any]:
        """The explanation as the core gives it (JSON values, a deep copy)."""
        copy: dict[str, Any] = json.loads(json.dumps(self.raw))
        return copy

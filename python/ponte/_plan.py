"""A plan's data: the solver's output as records with real datetimes.

A :class:`PlanData` holds a ``ponte-solution/1`` document together with
its problem's data. Its records (:class:`Assignment`,
:class:`SessionStaffing`, :class:`Unassigned`) carry timezone-aware
``datetime`` values in the problem's zone; it gives a summary, its raw
forms (dict, JSON) and the reports the core writes (HTML, CSV).

:class:`ponte.Plan` (in ``_api``) is this class with the operations on a
plan (booking, evaluation) and the exports written in Python
(pandas, Excel, iCalendar); the outputs (``_rows``, ``excel``, ``ical``)
take a :class:`PlanData`, so they sit below ``_api`` and need nothing of it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from . import _ponte
from ._errors import invalid_argument, make, writing
from ._problem import ProblemData
from ._records import (
    Assignment,
    Cost,
    FairShare,
    Fairness,
    Reason,
    SessionMediator,
    SessionStaffing,
    SolveStats,
    Unassigned,
)
from ._time import parse_local, plus_minutes


@dataclass(repr=False)
class PlanData:
    """A solution of a problem: the part of :class:`ponte.Plan` that reads it."""

    problem: ProblemData
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
                    role=a.get("role"),
                    series=req.get("series"),
                )
            )
        out.sort(key=lambda x: (x.start, x.request, -1 if x.role is None else x.role))
        return out

    def fairness(self) -> Fairness:
        """The mediators with a ``fair_share``, their engaged minutes against
        their proportional share, and the cost term ``fairness`` exactly as
        format section 4 defines it (Python integers and fractions, so no
        rounding and no overflow). Engaged minutes are each assignment entry's
        (a request's, or a role's of a request with roles) and each workshop
        session's duration for each mediator present."""
        p = self.problem
        shares = {
            m["id"]: int(m["fair_share"]) for m in p.document.get("mediators", []) if m.get("fair_share") is not None
        }
        engaged = dict.fromkeys(shares, 0)
        for a in self.solution.get("assignments", []):
            if a["mediator"] in engaged:
                engaged[a["mediator"]] += int(p.request(a["request"])["duration_minutes"])
        for s in self.solution.get("sessions", []):
            session = next(x for x in p.workshop(s["workshop"])["sessions"] if x["id"] == s["session"])
            for m in s["mediators"]:
                if m["mediator"] in engaged:
                    engaged[m["mediator"]] += int(session["duration_minutes"])
        weights = p.document.get("weights") or {}
        weight = int(weights.get("fairness", 10))
        total_share, total_engaged = sum(shares.values()), sum(engaged.values())
        rows, squares = [], 0
        for mediator, share in shares.items():
            x = engaged[mediator] * total_share - total_engaged * share
            squares += x * x
            proportional = Fraction(total_engaged * share, total_share)
            rows.append(FairShare(mediator, share, engaged[mediator], proportional, engaged[mediator] - proportional))
        term = weight * squares // (3600 * total_share * total_share) if len(shares) >= 2 else 0
        return Fairness(tuple(rows), weight, term)

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
        """Counts per municipality and overall, and the cost (no personal data).
        A request with roles counts as one assigned request; its minutes are
        each role's (mediators' minutes)."""
        per: dict[str, dict[str, int]] = {}
        for m in self.problem.document.get("municipalities", []):
            per[m["id"]] = {"assigned": 0, "unassigned": 0, "minutes": 0, "sessions": 0}
        for a in self.assignments:
            row = per.setdefault(a.municipality, {"assigned": 0, "unassigned": 0, "minutes": 0, "sessions": 0})
            row["assigned"] += 0 if a.role else 1  # a request with roles counts once (its role 0)
            row["minutes"] += a.duration_minutes  # mediators' minutes: each role's entry
        for u in self.unassigned:
            row = per.setdefault(u.municipality, {"assigned": 0, "unassigned": 0, "minutes": 0, "sessions": 0})
            row["unassigned"] += 1
        for s in self.sessions:
            per[s.municipality]["sessions"] += 1
        reasons: dict[str, int] = {}
        for u in self.unassigned:
            for r in u.reasons[:1]:
                reasons[r.code] = reasons.get(r.code, 0) + 1
        assigned = len({a["request"] for a in self.solution.get("assignments", [])})
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

    def __repr__(self) -> str:
        s = self.solution
        return (
            f"<ponte.Plan {len(s.get('assignments', []))} assigned, "
            f"{len(s.get('unassigned', []))} unassigned, cost {self.cost.total}>"
        )


def check_shape(document: Mapping[str, Any]) -> None:
    """Raises ``InvalidSolution`` unless ``document`` has the shape of a
    ``ponte-solution/1`` document (the core checks the rest when used)."""
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


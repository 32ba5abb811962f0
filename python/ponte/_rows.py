"""Plans as rows of plain values, for data frames and workbooks.

:func:`plan_rows` is public as :func:`ponte.tables.plan_rows`; it lives here,
below :class:`ponte.Plan`, because ``Plan.to_dataframe`` and
:func:`ponte.excel.write_plan` use it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Optional

from ._cells import Row
from ._errors import invalid_argument
from ._plan import PlanData
from ._privacy import Pseudonyms


def plan_rows(plan: PlanData, kind: str = "assignments", *, anonymize: bool = False, naive: bool = False) -> list[Row]:
    """Rows of a plan: ``assignments``, ``sessions``, ``unassigned`` or
    ``fairness``.

    Times are aware datetimes in the problem's zone (``naive=True``: the
    same wall-clock times without zone, for Excel). With ``anonymize=True``
    no name appears and mediator and case ids are pseudonyms. An assignment
    row has ``role`` (the 0-based role index of a request with roles, else
    ``None``) and ``series``. A ``fairness`` row is one mediator with a
    ``fair_share``: ``share``, ``engaged_minutes``, ``proportional_minutes``
    and ``deviation_minutes`` (these two rounded to 0.01 minute here; exact
    fractions in :meth:`Plan.fairness`).
    """
    names = Pseudonyms(plan.problem, anonymize)
    p = plan.problem

    def when(moment: _dt.datetime) -> _dt.datetime:
        return moment.replace(tzinfo=None) if naive else moment

    def office_name(office: str) -> Optional[str]:
        return p.office(office).get("name")

    def town(municipality: str) -> str:
        return str(p.municipality(municipality).get("name") or municipality)

    if kind == "assignments":
        return [
            {
                "date": a.start.date(), "start": when(a.start), "end": when(a.end),
                "municipality": town(a.municipality), "office": a.office, "office_name": office_name(a.office),
                "service": a.service, "request": a.request, "priority": a.priority, "case": names.case(a.case),
                "language": a.language, "modality": a.modality, "mediator": names.mediator(a.mediator),
                "mediator_name": names.mediator_name(a.mediator), "minutes": a.duration_minutes,
                "role": a.role, "series": a.series,
            }
            for a in plan.assignments
        ]
    if kind == "fairness":
        return [
            {
                "mediator": names.mediator(f.mediator), "mediator_name": names.mediator_name(f.mediator),
                "share": f.share, "engaged_minutes": f.engaged_minutes,
                "proportional_minutes": round(float(f.proportional_minutes), 2),
                "deviation_minutes": round(float(f.deviation_minutes), 2),
            }
            for f in plan.fairness().mediators
        ]
    if kind == "sessions":
        return [
            {
                "date": s.start.date(), "start": when(s.start), "end": when(s.end),
                "municipality": town(s.municipality), "office": s.office, "office_name": office_name(s.office),
                "workshop": s.workshop, "title": s.title, "session": s.session,
                "mediators": ", ".join(f"{names.mediator(m.mediator)} ({'/'.join(m.languages)})" for m in s.mediators),
                "uncovered": ", ".join(s.uncovered),
            }
            for s in plan.sessions
        ]
    if kind == "unassigned":
        return [
            {
                "request": u.request, "municipality": town(u.municipality), "office": u.office,
                "office_name": office_name(u.office), "service": u.service, "priority": u.priority,
                "reason": u.reasons[0].code if u.reasons else None,
                "explanation": " / ".join(names.scrub(r.message) for r in u.reasons),
                "blocking": ", ".join(b for r in u.reasons for b in r.blocking),
            }
            for u in plan.unassigned
        ]
    raise invalid_argument("kind", f"expected 'assignments', 'sessions', 'unassigned' or 'fairness', got {kind!r}")

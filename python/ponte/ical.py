"""iCalendar (RFC 5545) files, one per mediator, written by hand.

Each event is written in the network's zone (``DTSTART;TZID=Europe/Rome``)
and each file carries a ``VTIMEZONE`` built from the system's tz database
for the years the plan covers, with every DST transition listed, so a
calendar program shows the right times on both sides of a DST change. An
end that falls in the second pass of the autumn repeated hour cannot be
named in local time (RFC 5545 reads an ambiguous local time as its first
occurrence), so such an end is written in UTC. With ``anonymize=True`` file
names, calendar names and descriptions carry pseudonyms and no names. A request with roles
(format 1.1) gives each role's mediator their own event, in their own
calendar, naming the meeting, the role and its language.
No dependency: the ``icalendar`` package is only used by the tests to read
the files back.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union
from zoneinfo import ZoneInfo

from ._errors import writing
from ._plan import PlanData
from ._privacy import Pseudonyms

_UTC = _dt.timezone.utc
_MODALITY = {"in_person": "in presenza", "phone": "telefono", "video": "video"}


def escape(text: str) -> str:
    """Escapes a TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Folds a content line at 75 octets without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # continuation byte: back off
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # later lines start with a space
    return "\r\n ".join(parts)


def _offset(delta: Optional[_dt.timedelta]) -> str:
    seconds = int((delta or _dt.timedelta()).total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hh, mm, ss = seconds // 3600, seconds % 3600 // 60, seconds % 60
    return f"{sign}{hh:02d}{mm:02d}" + (f"{ss:02d}" if ss else "")


def _transitions(tz: ZoneInfo, first: _dt.datetime, last: _dt.datetime) -> list[_dt.datetime]:
    """UTC instants in [first, last) where the zone's offset or name changes (to the minute)."""

    def key(t: _dt.datetime) -> tuple[Optional[_dt.timedelta], Optional[str]]:
        local = t.astimezone(tz)
        return local.utcoffset(), local.tzname()

    out = []
    step = _dt.timedelta(hours=6)
    t = first
    while t < last:
        u = min(t + step, last)
        if key(t) != key(u):
            lo, hi = t, u
            while hi - lo > _dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= lo:
                    break
                if key(mid) == key(lo):
                    lo = mid
                else:
                    hi = mid
            out.append(hi)
        t = u
    return out


@lru_cache(maxsize=16)
def _vtimezone(name: str, first_year: int, last_year: int) -> tuple[str, ...]:
    return tuple(vtimezone(name, first_year, last_year))


def vtimezone(name: str, first_year: int, last_year: int) -> list[str]:
    """The ``VTIMEZONE`` lines of a zone covering ``first_year``..``last_year``."""
    tz = ZoneInfo(name)
    first = _dt.datetime(first_year, 1, 1, tzinfo=_UTC)
    last = _dt.datetime(last_year + 1, 1, 1, tzinfo=_UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]

    def observance(at_utc: _dt.datetime, before: _dt.datetime) -> None:
        after_local = at_utc.astimezone(tz)
        before_local = before.astimezone(tz)
        kind = "DAYLIGHT" if (after_local.dst() or _dt.timedelta()) > _dt.timedelta() else "STANDARD"
        start = (at_utc + (before_local.utcoffset() or _dt.timedelta())).replace(tzinfo=None)
        lines.extend([
            f"BEGIN:{kind}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset(before_local.utcoffset())}",
            f"TZOFFSETTO:{_offset(after_local.utcoffset())}",
            f"TZNAME:{escape(after_local.tzname() or name)}",
            f"END:{kind}",
        ])

    observance(first, first)
    for t in _transitions(tz, first, last):
        observance(t, t - _dt.timedelta(minutes=1))
    lines.append("END:VTIMEZONE")
    return lines


def _moment(prop: str, moment: _dt.datetime, tzid: str) -> str:
    local = moment
    ambiguous = local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()
    if ambiguous and local.fold == 1:
        return f"{prop}:{moment.astimezone(_UTC):%Y%m%dT%H%M%SZ}"
    return f"{prop};TZID={tzid}:{local:%Y%m%dT%H%M%S}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or "calendar"


def calendar_text(plan: PlanData, mediator: str, *, anonymize: bool = False, stamp: Optional[_dt.datetime] = None) -> str:
    """The iCalendar text of one mediator's engagements in ``plan``."""
    problem = plan.problem
    names = Pseudonyms(problem, anonymize)
    tzid = problem.timezone
    stamp = (stamp or _dt.datetime.now(_UTC)).astimezone(_UTC)
    network = _slug(problem.name or "ponte").lower()
    start_year, end_year = (d.year for d in problem.horizon)
    shown = names.mediator(mediator)
    calname = names.mediator_name(mediator) or shown
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ponte//Ponte planner//IT", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(f'Mediazione – {calname}')}", f"X-WR-TIMEZONE:{tzid}",
    ]
    lines += _vtimezone(tzid, start_year - 1, end_year + 1)

    def place(office: str) -> str:
        o = problem.office(office)
        town = problem.municipality(o["municipality"]).get("name") or o["municipality"]
        return f"{o.get('name') or office}, {town}"

    def event(uid: str, start: _dt.datetime, end: _dt.datetime, summary: str, location: str, description: str) -> None:
        lines.extend([
            "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}", _moment("DTSTART", start, tzid),
            _moment("DTEND", end, tzid), f"SUMMARY:{escape(summary)}", f"LOCATION:{escape(location)}",
            f"DESCRIPTION:{escape(description)}", "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT",
        ])

    for a in plan.assignments:
        if a.mediator != mediator:
            continue
        modality = _MODALITY.get(a.modality, a.modality)
        where = place(a.office) if a.modality == "in_person" else f"{modality} ({place(a.office)})"
        details = [f"Richiesta {a.request}", f"Lingua {a.language}", f"Modalità {modality}"]
        summary = f"Mediazione {a.language} – {a.service or a.office}"
        uid = f"{_slug(a.request)}@{network}.ponte"
        if a.role is not None:
            roles = problem.request(a.request).get("roles") or []
            role = f"ruolo {a.role + 1} di {len(roles)}"
            summary += f" ({role})"
            uid = f"{_slug(a.request)}-role{a.role}@{network}.ponte"
            details.insert(1, role[0].upper() + role[1:])
            others = [
                f"{names.mediator(b.mediator)} ({b.language})"
                for b in plan.assignments
                if b.request == a.request and b.role != a.role
            ]
            if others:
                details.append(f"Insieme a {', '.join(others)}")
        if a.service:
            details.append(f"Servizio {a.service}")
        if a.case:
            details.append(f"Caso {names.case(a.case)}")
        if a.series:
            details.append(f"Serie {a.series}")
        event(uid, a.start, a.end, summary, where, "\n".join(details))
    for s in plan.sessions:
        for m in s.mediators:
            if m.mediator != mediator:
                continue
            event(f"{_slug(s.workshop)}-{_slug(s.session)}-{_slug(shown)}@{network}.ponte", s.start, s.end,
                  f"Laboratorio {s.title or s.workshop} ({', '.join(m.languages)})", place(s.office),
                  f"Laboratorio {s.workshop}, sessione {s.session}\nLingue {', '.join(m.languages)}")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_calendars(
    plan: PlanData,
    directory: Union[str, "os.PathLike[str]"],
    *,
    anonymize: bool = False,
    stamp: Optional[_dt.datetime] = None,
) -> list[Path]:
    """Writes ``<mediator>.ics`` for every mediator of the problem into
    ``directory`` (created if needed) and returns the paths."""
    folder = Path(directory)
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
    names = Pseudonyms(plan.problem, anonymize)
    paths = []
    for mediator in plan.problem.mediator_ids:
        path = folder / f"{_slug(names.mediator(mediator))}.ics"
        with writing(path):
            path.write_bytes(calendar_text(plan, mediator, anonymize=anonymize, stamp=stamp).encode("utf-8"))
        paths.append(path)
    return paths

"""Booking between full solves, as functions of a problem's data and a
solution document: free slots, book, cancel, lock, explanation and the
public availability snapshot.

Everything here calls the core's ``ponte::booking`` through the native
module and turns its JSON values into records with aware datetimes; a
changed plan comes back as its new solution document, which
:class:`ponte.Plan` (in ``_api``, above) wraps. The public entry points are
methods (:meth:`Plan.free_slots`, :meth:`Plan.book`, :meth:`Plan.cancel`,
:meth:`Plan.lock`, :meth:`Plan.explain`, :meth:`Plan.public_snapshot`,
:meth:`Problem.replan`) and :func:`free_slots_in_snapshot`.

Refusals of the core raise :class:`ponte.Refused` with the rule's code
(``OVERLAP``, ``UNKNOWN_REFERENCE``, ``BAD_DATETIME``, ...) and the JSON path
in ``.errors[0]["path"]``; arguments of the wrong type raise
:class:`ponte.InvalidArgument` naming the argument.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union
from zoneinfo import ZoneInfo

from . import _ponte
from ._errors import invalid_argument, make
from ._problem import ProblemData, _decode, _parse, _read_file
from ._records import Cost, Coverage, Explanation, MediatorLoad, Reason, RequestExplanation, SlotOption
from ._time import parse_local, plus_minutes, zone

LEVELS = ("working", "fluent", "native")
MODALITIES = ("in_person", "phone", "video")

#: A moment given to the booking API: an aware datetime (converted to the
#: network's zone), a naive one (read as wall-clock time in that zone) or a
#: local time ``YYYY-MM-DDTHH:MM`` (other ISO 8601 forms are parsed too).
Moment = Union[_dt.datetime, str]
#: Minutes (``int``) or a ``timedelta`` of whole minutes.
Duration = Union[int, _dt.timedelta]
Names = Union[str, Sequence[str]]
SnapshotSource = Union[Mapping[str, Any], str, "os.PathLike[str]", bytes]

_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\Z")


# -- arguments ------------------------------------------------------------------
def local_time(value: Any, tz: ZoneInfo, name: str, rounding: str = "exact") -> str:
    """A moment as the format's local time ``YYYY-MM-DDTHH:MM`` in ``tz``.

    Seconds are refused (``rounding="exact"``) or rounded to the minute
    (``"up"``, ``"down"``). A ``str`` the format cannot read is passed on, so
    that the core refuses it with ``BAD_DATETIME`` and its path.
    """
    if isinstance(value, str):
        text: str = value
        if _LOCAL.match(text):
            return text
        try:
            value = _dt.datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    if not isinstance(value, _dt.datetime):
        kind = "a date" if isinstance(value, _dt.date) else type(value).__name__
        raise invalid_argument(name, f"expected a datetime or a local time 'YYYY-MM-DDTHH:MM', got {kind}")
    local = value
    if value.tzinfo is not None and value.utcoffset() is not None:
        local = value.astimezone(tz)
        if local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset():
            raise invalid_argument(
                name,
                f"{local:%Y-%m-%d %H:%M} is the second occurrence of a repeated local hour, which the format "
                "cannot write (a local time means its first occurrence)",
            )
    if local.second or local.microsecond:
        if rounding == "exact":
            raise invalid_argument(name, f"{local:%Y-%m-%d %H:%M:%S} is not on a whole minute")
        local = local.replace(second=0, microsecond=0)
        if rounding == "up":
            local += _dt.timedelta(minutes=1)
    return local.strftime("%Y-%m-%dT%H:%M")


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise invalid_argument(name, f"expected a str, got {type(value).__name__}")
    return value


def _names(value: Any, name: str, allowed: Optional[Sequence[str]] = None) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise invalid_argument(name, f"expected a str or a list of str, got {type(value).__name__}")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise invalid_argument(f"{name}[{i}]", f"expected a str, got {type(item).__name__}")
        if allowed is not None and item not in allowed:
            raise invalid_argument(f"{name}[{i}]", f"{item!r} is not one of {', '.join(allowed)}")
        out.append(item)
    return out


def _minutes(value: Any, name: str) -> int:
    if isinstance(value, _dt.timedelta):
        seconds = value.total_seconds()
        if seconds % 60:
            raise invalid_argument(name, "expected whole minutes")
        return int(seconds // 60)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_argument(name, f"expected minutes (int) or a timedelta, got {type(value).__name__}")
    return value


def slot_query(
    tz: ZoneInfo,
    office: Any,
    languages: Any,
    duration: Any,
    earliest: Any,
    latest: Any,
    *,
    modalities: Any = None,
    min_level: Any = None,
    skills: Any = None,
    mediator_gender: Any = None,
    case: Any = None,
    preferred_mediator: Any = None,
    limit: Any = None,
) -> dict[str, Any]:
    """The core's ``SlotQuery`` from Python arguments (types checked here,
    values by the core)."""
    query: dict[str, Any] = {
        "office": _text(office, "office"),
        "languages": _names(languages, "languages"),
        "duration_minutes": _minutes(duration, "duration"),
        "earliest": local_time(earliest, tz, "earliest", rounding="up"),
        "latest": local_time(latest, tz, "latest", rounding="down"),
    }
    if modalities is not None:
        query["modalities"] = _names(modalities, "modalities", MODALITIES)
    if min_level is not None:
        if min_level not in LEVELS:
            raise invalid_argument("min_level", f"expected one of {', '.join(LEVELS)}, got {min_level!r}")
        query["min_level"] = min_level
    if skills is not None:
        query["skills"] = _names(skills, "skills")
    for key, value in (("mediator_gender", mediator_gender), ("case", case), ("preferred_mediator", preferred_mediator)):
        if value is not None:
            query[key] = _text(value, key)
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise invalid_argument("limit", f"expected an int >= 0, got {limit!r}")
        query["limit"] = limit
    return query


def _options(raw: Sequence[Mapping[str, Any]], tz: ZoneInfo, duration: int) -> list[SlotOption]:
    out = []
    for o in raw:
        start = parse_local(o["start"], tz)
        out.append(
            SlotOption(
                mediator=o["mediator"],
                start=start,
                end=plus_minutes(start, duration),
                language=o["language"],
                modality=o["modality"],
                cost_increase=int(o["cost_increase"]),
            )
        )
    return out


# -- operations on a plan -------------------------------------------------------------
#: A solution document and its cost change (what ``book`` and ``cancel`` give).
Change = tuple[dict[str, Any], int]
#: The locked problem's document, its validated native problem, and the
#: solution for it (what ``lock`` gives).
Lock = tuple[dict[str, Any], _ponte.Problem, dict[str, Any]]


def free_slots(problem: ProblemData, solution: dict[str, Any], office: Any, languages: Any, duration: Any,
               earliest: Any, latest: Any, **options: Any) -> list[SlotOption]:
    """See :meth:`Plan.free_slots`."""
    tz = problem.tz
    query = slot_query(tz, office, languages, duration, earliest, latest, **options)
    raw = _ponte.free_slots(problem.native, solution, query)
    return _options(raw, tz, query["duration_minutes"])


def book(problem: ProblemData, solution: dict[str, Any], request_id: Any, mediator: Any, start: Any,
         language: Any = None, modality: Any = None) -> Change:
    """See :meth:`Plan.book`: the new solution and its cost change."""

    choice: dict[str, Any] = {
        "mediator": _text(mediator, "mediator"),
        "start": local_time(start, problem.tz, "start"),
    }
    if language is not None:
        choice["language"] = _text(language, "language")
    if modality is not None:
        if modality not in MODALITIES:
            raise invalid_argument("modality", f"expected one of {', '.join(MODALITIES)}, got {modality!r}")
        choice["modality"] = modality
    request = _text(request_id, "request_id")
    result = _ponte.book(problem.native, solution, request, choice)
    return result["solution"], int(result["cost_delta"])


def cancel(problem: ProblemData, solution: dict[str, Any], request_id: Any) -> Change:
    """See :meth:`Plan.cancel`: the new solution and its cost change."""

    request = _text(request_id, "request_id")
    result = _ponte.cancel(problem.native, solution, request)
    return result["solution"], int(result["cost_delta"])


def lock(problem: ProblemData, solution: dict[str, Any], request_id: Any) -> Lock:
    """See :meth:`Plan.lock`: the locked problem's document, its validated
    native problem, and the solution for it."""

    request = _text(request_id, "request_id")
    result = _ponte.lock(problem.native, solution, request)
    return result["problem"], result["native"], result["solution"]


def explain(problem: ProblemData, solution: dict[str, Any], anonymize: bool = False) -> Explanation:
    """See :meth:`Plan.explain`."""

    if not isinstance(anonymize, bool):
        raise invalid_argument("anonymize", f"expected a bool, got {type(anonymize).__name__}")
    raw = _ponte.explain(problem.native, solution, anonymize=anonymize)
    tz = problem.tz
    requests = []
    for r in raw["requests"]:
        start = parse_local(r["start"], tz) if r.get("start") else None
        end = plus_minutes(start, int(problem.request(r["request"])["duration_minutes"])) if start else None
        reason = r.get("reason")
        requests.append(
            RequestExplanation(
                request=r["request"],
                assigned=bool(r["assigned"]),
                terms=Cost(**r["terms"]),
                mediator=r.get("mediator"),
                start=start,
                end=end,
                reason=Reason(reason["code"], reason["message"], tuple(reason.get("blocking", ())))
                if reason
                else None,
            )
        )
    mediators = tuple(
        MediatorLoad(
            mediator=m["mediator"],
            engagements=int(m["engagements"]),
            minutes_per_day={_dt.date.fromisoformat(d): int(v) for d, v in m["minutes_per_day"].items()},
            minutes_per_week=dict(m["minutes_per_week"]),
            travel_minutes=int(m["travel_minutes"]),
            in_person_minutes=int(m["in_person_minutes"]),
            remote_minutes=int(m["remote_minutes"]),
        )
        for m in raw["mediators"]
    )
    coverage = tuple(Coverage(**c) for c in raw["coverage"])
    return Explanation(tuple(requests), mediators, coverage, Cost(**raw["cost"]), anonymize, raw)


def public_snapshot(problem: ProblemData, solution: dict[str, Any]) -> dict[str, Any]:
    """See :meth:`Plan.public_snapshot`."""
    snapshot: dict[str, Any] = _ponte.snapshot(problem.native, solution)
    return snapshot


# -- public snapshots ----------------------------------------------------------------------
def load_snapshot(source: SnapshotSource) -> dict[str, Any]:
    """A public snapshot (``ponte-availability/1``) from a dict, a path,
    JSON text or bytes, as a dict (checked by the core when used)."""
    if isinstance(source, Mapping):
        return dict(source)
    if isinstance(source, bytes):
        return _parse(_decode(source))
    if isinstance(source, str):
        stripped = source.lstrip("\ufeff \t\r\n")
        if stripped.startswith(("{", "[")):
            return _parse(stripped)
        if not stripped:
            raise invalid_argument("snapshot", "empty string: expected a path or JSON text")
        return _parse(_read_file(Path(source)))
    if isinstance(source, os.PathLike):
        return _parse(_read_file(Path(source)))
    raise invalid_argument("snapshot", f"expected a dict, a path, JSON text or bytes, got {type(source).__name__}")


def _snapshot_zone(snapshot: Mapping[str, Any]) -> ZoneInfo:
    name = snapshot.get("timezone")
    try:
        if not isinstance(name, str):
            raise ValueError
        return zone(name)
    except (ValueError, _ponte.PonteError) as err:
        detail = {"code": "INVALID_SNAPSHOT", "path": "timezone", "message": f"not a known time zone: {name!r}"}
        raise make(_ponte.Refused, "INVALID_SNAPSHOT", f"timezone: not a known time zone: {name!r}",
                   [detail]) from err


def free_slots_in_snapshot(
    snapshot: SnapshotSource,
    office: str,
    languages: Names,
    duration: Duration,
    earliest: Moment,
    latest: Moment,
    *,
    modalities: Optional[Names] = None,
    min_level: Optional[str] = None,
    skills: Optional[Names] = None,
    preferred_mediator: Optional[str] = None,
    limit: Optional[int] = None,
) -> list[SlotOption]:
    """Free slots for a new request found on a public snapshot (a dict, a
    path, JSON text or bytes): the same options as :meth:`Plan.free_slots`
    on the full plan, mediators by pseudonym (``M001``, ... in the problem's
    mediator order). Times are in the snapshot's zone. A snapshot knows no
    genders nor cases, so there is no ``mediator_gender`` nor ``case``."""
    document = load_snapshot(snapshot)
    tz = _snapshot_zone(document)
    query = slot_query(
        tz, office, languages, duration, earliest, latest,
        modalities=modalities, min_level=min_level, skills=skills,
        preferred_mediator=preferred_mediator, limit=limit,
    )
    raw = _ponte.free_slots_in_snapshot(document, query)
    return _options(raw, tz, query["duration_minutes"])

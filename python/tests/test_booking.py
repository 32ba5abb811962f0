"""Booking from Python: free slots, book, cancel, lock, re-plan, explain and
the public snapshot. Every plan an operation returns goes through the
independent checker (with the problem it belongs to); every function
refuses bad input with a typed exception and a code; the snapshot holds
nothing personal and answers free-slot queries as the full plan does.
"""

from __future__ import annotations

import _thread
import datetime as dt
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Optional
from zoneinfo import ZoneInfo

import pytest

import ponte
from conftest import check_plan
from ponte import _ponte

ROME = ZoneInfo("Europe/Rome")
RULE_CODES = {
    "OVERLAP", "TRAVEL_TIME", "DAILY_LIMIT", "WEEKLY_LIMIT", "CAPACITY_EXCEEDED", "OUTSIDE_AVAILABILITY",
    "LANGUAGE_NOT_SERVED", "MODALITY_NOT_OFFERED", "MISSING_SKILL", "GENDER_MISMATCH", "WRONG_FIXED_START",
    "OFF_GRID", "LOCKED",
}


@pytest.fixture(scope="module")
def week(example: Path) -> ponte.Plan:
    """The bundled week, solved with a fixed budget."""
    return ponte.load_problem(example).solve(iterations=300, seed=1)


def refused(err: pytest.ExceptionInfo[ponte.PonteError], code: str, path: Optional[str] = None) -> None:
    assert isinstance(err.value, ponte.Refused), type(err.value)
    assert err.value.code == code, (err.value.code, err.value.errors)
    assert err.value.errors and err.value.errors[0]["code"] == code
    if path is not None:
        assert err.value.errors[0]["path"] == path, err.value.errors


def invalid(err: pytest.ExceptionInfo[ponte.PonteError], path: str) -> None:
    assert isinstance(err.value, ponte.InvalidArgument), type(err.value)
    assert err.value.code == "INVALID_ARGUMENT"
    assert err.value.errors[0]["path"] == path, err.value.errors


def query_for(problem: ponte.Problem, request_id: str, limit: int = 15) -> dict[str, Any]:
    """A free-slot query asking for what a request of the problem asks for."""
    r = problem.request(request_id)
    start, end = problem.horizon
    if "earliest" in r:
        earliest, latest = r["earliest"], r["latest"]
    else:
        earliest, latest = f"{start}T08:00", f"{end}T18:00"
    return {
        "office": r["office"],
        "languages": r["languages"],
        "duration": r["duration_minutes"],
        "earliest": earliest,
        "latest": latest,
        "modalities": r.get("modalities"),
        "min_level": r.get("min_level"),
        "skills": r.get("skills"),
        "limit": limit,
    }


def key_order(value: Any) -> Any:
    """The keys of every object, in order (the travel matrix's order matters to the format)."""
    if isinstance(value, dict):
        return [(k, key_order(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [key_order(v) for v in value]
    return None


def save_problem(problem: ponte.Problem, folder: Path, name: str) -> Path:
    return problem.save(folder / f"{name}.json")


# -- free slots ------------------------------------------------------------------------
def test_free_slots_are_ranked_options_with_aware_datetimes(week: ponte.Plan) -> None:
    query = query_for(week.problem, "r-0002", limit=8)
    options = week.free_slots(**query)
    assert options and len(options) <= 8
    assert [o.cost_increase for o in options] == sorted(o.cost_increase for o in options)
    earliest = dt.datetime.fromisoformat(query["earliest"]).replace(tzinfo=ROME)
    latest = dt.datetime.fromisoformat(query["latest"]).replace(tzinfo=ROME)
    for o in options:
        assert isinstance(o, ponte.SlotOption)
        assert o.start.tzinfo is not None and o.duration_minutes == query["duration"]
        assert earliest <= o.start and o.end <= latest
        assert o.mediator in week.problem.mediator_ids
        assert o.language in query["languages"] and o.modality in query["modalities"]
    # The same window as aware datetimes in another zone, as naive wall-clock
    # times and with a timedelta gives the same options.
    utc = {**query, "earliest": earliest.astimezone(dt.timezone.utc), "latest": latest.astimezone(dt.timezone.utc),
           "duration": dt.timedelta(minutes=query["duration"])}
    assert week.free_slots(**utc) == options
    naive = {**query, "earliest": earliest.replace(tzinfo=None), "latest": latest.replace(tzinfo=None)}
    assert week.free_slots(**naive) == options
    # Seconds are rounded inwards for a window.
    inside = {**query, "earliest": earliest - dt.timedelta(seconds=30)}
    assert week.free_slots(**inside) == options
    assert week.free_slots(**{**query, "limit": 0}) == []


def test_free_slots_refuse_bad_input(week: ponte.Plan) -> None:
    good = query_for(week.problem, "r-0002")
    wrong_types: list[tuple[str, Any]] = [
        ("office", None), ("office", 5), ("languages", None), ("languages", 5), ("duration", None),
        ("duration", "60"), ("duration", True), ("duration", 1.5), ("duration", dt.timedelta(seconds=90)),
        ("earliest", None), ("earliest", 5), ("earliest", dt.date(2026, 4, 27)), ("latest", None),
        ("modalities", "fax"), ("modalities", 3), ("min_level", "expert"), ("skills", 4), ("limit", -1),
        ("limit", "5"), ("limit", True), ("preferred_mediator", 7), ("case", 1), ("mediator_gender", 0),
    ]
    for name, value in wrong_types:
        with pytest.raises(ponte.InvalidArgument) as info:
            week.free_slots(**{**good, name: value})
        path = info.value.errors[0]["path"]
        assert path == name or path.startswith(f"{name}["), (name, value, path)
    with pytest.raises(ponte.InvalidArgument) as info:
        week.free_slots(**{**good, "languages": ["ar", 1]})
    invalid(info, "languages[1]")
    refusals: list[tuple[str, Any, str, str]] = [
        ("office", "nowhere", "UNKNOWN_REFERENCE", "office"),
        ("languages", ["AR"], "BAD_LANGUAGE_TAG", "languages[0]"),
        ("languages", [], "BAD_VALUE", "languages"),
        ("duration", 0, "BAD_VALUE", "duration_minutes"),
        ("duration", -30, "BAD_VALUE", "duration_minutes"),
        ("earliest", "2026-13-01T09:00", "BAD_DATETIME", "earliest"),
        ("earliest", "tomorrow", "BAD_DATETIME", "earliest"),
        ("latest", "2026-03-29T02:30", "BAD_DATETIME", "latest"),  # in the spring DST gap
        ("latest", good["earliest"], "WINDOW_TOO_SHORT", "latest"),
        ("modalities", [], "BAD_VALUE", "modalities"),
        ("preferred_mediator", "nobody", "UNKNOWN_REFERENCE", "preferred_mediator"),
    ]
    for name, value, code, path in refusals:
        with pytest.raises(ponte.Refused) as info:
            week.free_slots(**{**good, name: value})
        refused(info, code, path)
    # The second of the repeated autumn hour has no local time in the format.
    second = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.timezone.utc)  # 02:30 CET, after 02:30 CEST
    with pytest.raises(ponte.InvalidArgument, match="second occurrence") as info:
        week.free_slots(**{**good, "earliest": second})
    invalid(info, "earliest")


def test_native_functions_refuse_what_is_not_a_problem_a_plan_or_a_query(week: ponte.Plan) -> None:
    native, solution = week.problem.native, week.solution
    query = {"office": "x", "languages": ["ar"], "duration_minutes": 60,
             "earliest": "2026-04-27T09:00", "latest": "2026-04-27T12:00"}
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.free_slots(object(), solution, query)  # type: ignore[arg-type]
    invalid(info, "problem")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.free_slots(native, None, query)  # type: ignore[arg-type]
    invalid(info, "solution")
    with pytest.raises(ponte.InvalidJson):
        _ponte.free_slots(native, "{bad", query)
    with pytest.raises(ponte.InvalidSolution):
        _ponte.free_slots(native, {"format": "ponte-solution/1"}, query)
    with pytest.raises(ponte.InvalidSolution):
        _ponte.book(native, json.dumps({**solution, "extra": 1}), "r-0001", {"mediator": "m", "start": "x"})
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.free_slots(native, solution, [query])  # type: ignore[arg-type]
    invalid(info, "query")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.free_slots(native, solution, {**query, "colour": "red"})
    invalid(info, "query")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.free_slots(native, solution, {**query, "duration_minutes": "60"})
    invalid(info, "query")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.book(native, solution, 5, {"mediator": "m", "start": "x"})  # type: ignore[arg-type]
    invalid(info, "request")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.book(native, solution, "r-0001", {"start": "2026-04-27T09:00"})
    invalid(info, "choice")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.explain(native, solution, anonymize="yes")  # type: ignore[arg-type]
    invalid(info, "anonymize")
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.snapshot(None, solution)  # type: ignore[arg-type]
    invalid(info, "problem")


# -- book, cancel, lock ---------------------------------------------------------------------
def test_a_free_slot_found_for_a_new_request_can_be_booked(checker: Path, example: Path, tmp_path: Path) -> None:
    full = ponte.load_problem(example)
    doc = full.to_dict()
    index = next(i for i, r in enumerate(doc["requests"]) if "earliest" in r and "mediator_gender" not in r)
    new = doc["requests"].pop(index)
    without = ponte.load_problem(doc)
    plan = without.solve(iterations=300, seed=3)
    check_plan(checker, save_problem(without, tmp_path, "without"), plan, tmp_path)
    # The front desk asks where the new request could go, then registers and books it.
    options = plan.free_slots(**query_for(full, new["id"], limit=10))
    assert options
    best = options[0]
    on_full = ponte.load_plan(full, plan.solution)
    before = ponte.evaluate(full, on_full)["cost"]["recomputed"]["total"]
    booked, delta = on_full.book(new["id"], best.mediator, best.start, language=best.language, modality=best.modality)
    check_plan(checker, example, booked, tmp_path)
    assert delta == booked.cost.total - before
    placed = next(a for a in booked.assignments if a.request == new["id"])
    assert (placed.mediator, placed.start, placed.end, placed.language, placed.modality) == (
        best.mediator, best.start, best.end, best.language, best.modality)
    assert on_full.solution == ponte.load_plan(full, plan.solution).solution, "the original plan is unchanged"
    # The same place for another request of that mediator is refused with a rule's code.
    other = next(a for a in booked.assignments if a.request != new["id"] and a.mediator != best.mediator)
    with pytest.raises(ponte.Refused) as info:
        booked.book(other.request, best.mediator, best.start)
    assert info.value.code in RULE_CODES, info.value.errors


def test_cancel_book_back_move_and_lock_keep_plans_checked(week: ponte.Plan, checker: Path, example: Path,
                                                           tmp_path: Path) -> None:
    first = week.assignments[0]
    cancelled, delta = week.cancel(first.request)
    check_plan(checker, example, cancelled, tmp_path)
    assert delta > 0 and cancelled.cost.total == week.cost.total + delta
    assert first.request in {u.request for u in cancelled.unassigned}
    again, back = cancelled.book(first.request, first.mediator, first.start, language=first.language,
                                 modality=first.modality)
    check_plan(checker, example, again, tmp_path)
    assert back == -delta and again.cost == week.cost
    # Move a request to another free place (found with its own query, on the plan without it).
    moved = None
    for a in week.assignments:
        request = week.problem.request(a.request)
        if "earliest" not in request or request.get("mediator_gender") or request.get("locked"):
            continue
        places = week.cancel(a.request).plan.free_slots(**query_for(week.problem, a.request, limit=30))
        other = [o for o in places if (o.mediator, o.start) != (a.mediator, a.start)]
        if other:
            moved = (a, other[0])
            break
    assert moved is not None, "some request of the week has another free place"
    a, option = moved
    shifted, delta = week.book(a.request, option.mediator, option.start, language=option.language,
                               modality=option.modality)
    check_plan(checker, example, shifted, tmp_path)
    assert shifted.cost.total == week.cost.total + delta
    now = next(x for x in shifted.assignments if x.request == a.request)
    assert (now.mediator, now.start) == (option.mediator, option.start)
    # Lock: a new problem with the request fixed where it is, and the plan for it.
    locked_problem, locked_plan = shifted.lock(a.request)
    assert isinstance(locked_problem, ponte.Problem) and locked_problem is not shifted.problem
    request = locked_problem.request(a.request)
    assert request["locked"] is True
    assert request["previous"] == {"mediator": option.mediator, "start": option.start.strftime("%Y-%m-%dT%H:%M")}
    assert list(locked_problem.document) == list(week.problem.document), "keys keep the document's order"
    unlocked = locked_problem.to_dict()
    restored = unlocked["requests"][week.problem.request_ids.index(a.request)]
    del restored["locked"], restored["previous"]
    original = week.problem.to_dict()
    assert unlocked == original and key_order(unlocked) == key_order(original), "nothing else changes"
    assert "locked" not in week.problem.request(a.request), "the original problem is unchanged"
    check_plan(checker, save_problem(locked_problem, tmp_path, "locked"), locked_plan, tmp_path)
    assert locked_problem.validate() == []
    # A locked request cannot be moved nor cancelled.
    with pytest.raises(ponte.Refused) as info:
        locked_plan.book(a.request, a.mediator, a.start)
    refused(info, "LOCKED", "request")
    with pytest.raises(ponte.Refused) as info:
        locked_plan.cancel(a.request)
    refused(info, "LOCKED", "request")


def test_book_cancel_and_lock_refuse_bad_input(week: ponte.Plan) -> None:
    a = week.assignments[0]
    unassigned = week.unassigned[0].request if week.unassigned else None
    for call, name in [
        (lambda v: week.book(v, a.mediator, a.start), "request_id"),
        (lambda v: week.book(a.request, v, a.start), "mediator"),
        (lambda v: week.book(a.request, a.mediator, v), "start"),
        (lambda v: week.book(a.request, a.mediator, a.start, language=v), "language"),
        (lambda v: week.book(a.request, a.mediator, a.start, modality=v), "modality"),
        (lambda v: week.cancel(v), "request_id"),
        (lambda v: week.lock(v), "request_id"),
    ]:
        for value in (5, ["r-0001"], object()):
            with pytest.raises(ponte.InvalidArgument) as info:
                call(value)
            invalid(info, name)
    with pytest.raises(ponte.InvalidArgument) as info:
        week.book(None, a.mediator, a.start)  # type: ignore[arg-type]
    invalid(info, "request_id")
    with pytest.raises(ponte.InvalidArgument) as info:
        week.book(a.request, a.mediator, a.start, modality="fax")
    invalid(info, "modality")
    with pytest.raises(ponte.InvalidArgument, match="whole minute") as info:
        week.book(a.request, a.mediator, a.start + dt.timedelta(seconds=20))
    invalid(info, "start")
    with pytest.raises(ponte.Refused) as info:
        week.book("no-such-request", a.mediator, a.start)
    refused(info, "UNKNOWN_REFERENCE", "request")
    with pytest.raises(ponte.Refused) as info:
        week.book(a.request, "nobody", a.start)
    refused(info, "UNKNOWN_REFERENCE", "mediator")
    for bad in ("2026-02-30T09:00", "27/04/2026 09:00", "2026-03-29T02:30", "", "09:00"):
        with pytest.raises(ponte.Refused) as info:
            week.book(a.request, a.mediator, bad)
        refused(info, "BAD_DATETIME", "start")
    for outside in (a.start.replace(hour=3), "2030-01-01T09:00"):
        with pytest.raises(ponte.Refused) as info:
            week.book(a.request, a.mediator, outside)
        assert info.value.code in RULE_CODES, info.value.errors
    with pytest.raises(ponte.Refused) as info:
        week.book(a.request, a.mediator, a.start, language="xx")
    refused(info, "LANGUAGE_NOT_SERVED")
    for call in (week.cancel, week.lock):
        with pytest.raises(ponte.Refused) as info:
            call("no-such-request")
        refused(info, "UNKNOWN_REFERENCE", "request")
    if unassigned is not None:
        for call in (week.cancel, week.lock):
            with pytest.raises(ponte.Refused) as info:
                call(unassigned)
            refused(info, "NOT_ASSIGNED", "request")
    # A plan that breaks a hard rule is refused by every operation.
    broken_doc = week.to_dict()
    broken_doc["assignments"][0]["start"] = a.start.strftime("%Y-%m-%dT03:00")
    broken = ponte.load_plan(week.problem, broken_doc)
    for operation in (lambda: broken.cancel(a.request), lambda: broken.lock(a.request),
                      lambda: broken.book(a.request, a.mediator, a.start), lambda: broken.explain(),
                      lambda: broken.public_snapshot(),
                      lambda: broken.free_slots(**query_for(week.problem, a.request))):
        with pytest.raises(ponte.Refused) as info:
            operation()
        refused(info, "PLAN_INVALID")
    with pytest.raises(ponte.InvalidArgument) as info:
        week.explain(anonymize="yes")  # type: ignore[arg-type]
    invalid(info, "anonymize")


# -- re-planning ----------------------------------------------------------------------------
def unlocked(problem: ponte.Problem) -> list[str]:
    """Mediators no locked request is fixed to (an absence of theirs keeps the problem valid)."""
    fixed = {r["previous"]["mediator"] for r in problem.document["requests"] if r.get("locked") and r.get("previous")}
    return [m for m in problem.mediator_ids if m not in fixed]


def _absent(problem: ponte.Problem, mediator: str, days: int) -> ponte.Problem:
    doc = problem.to_dict()
    start = problem.horizon[0]
    m = next(x for x in doc["mediators"] if x["id"] == mediator)
    m.setdefault("absences", []).append(
        {"from": f"{start}T00:00", "to": f"{start + dt.timedelta(days=days)}T00:00"})
    return ponte.load_problem(doc)


def test_replan_after_an_absence_moves_few_and_passes_the_checker(week: ponte.Plan, checker: Path,
                                                                  tmp_path: Path) -> None:
    counts: dict[str, int] = {}
    for a in week.assignments:
        counts[a.mediator] = counts.get(a.mediator, 0) + 1
    ill = max(unlocked(week.problem), key=lambda m: counts.get(m, 0))
    changed = _absent(week.problem, ill, 2)
    result = changed.replan(week, iterations=200, seed=1)
    assert isinstance(result, ponte.ReplanResult)
    check_plan(checker, save_problem(changed, tmp_path, "absent"), result.plan, tmp_path)
    first_days = {week.problem.horizon[0] + dt.timedelta(days=d) for d in range(2)}
    assert not [a for a in result.plan.assignments if a.mediator == ill and a.start.date() in first_days]
    hit = {a.request for a in week.assignments if a.mediator == ill and a.start.date() in first_days}
    assert hit, "the absence should hit some assignment"
    assert result.kept + len(result.moved) + len(result.dropped) == len({a.request for a in week.assignments})
    assert hit <= set(result.moved) | set(result.dropped)
    others = [a for a in week.assignments if a.mediator != ill]
    changed_others = (set(result.moved) | set(result.dropped)) & {a.request for a in others}
    assert len(changed_others) * 100 <= len(others) * 5, changed_others
    assert result.iterations == 200 and result.plan.stats.stop == "iterations"
    assert result.plan.problem is changed
    assert result.summary()["kept"] == result.kept
    # Same seed and budget, same repair; the default budget is a fixed number of iterations.
    assert changed.replan(week.solution, iterations=200, seed=1).plan.solution == result.plan.solution
    default = ponte.replan(changed, week.to_json())
    assert default.plan.stats.stop == "iterations" and default.iterations > 0
    check_plan(checker, save_problem(changed, tmp_path, "absent"), default.plan, tmp_path)


def test_replan_refuses_bad_input(week: ponte.Plan, tmp_path: Path) -> None:
    problem = week.problem
    with pytest.raises(ponte.InvalidArgument):
        problem.replan(None)  # type: ignore[arg-type]
    with pytest.raises(ponte.InvalidArgument):
        problem.replan(tmp_path / "missing.json")
    with pytest.raises(ponte.InvalidJson):
        problem.replan("{bad")
    with pytest.raises(ponte.InvalidSolution):
        problem.replan({"format": "nope"})
    with pytest.raises(ponte.InvalidSolution):
        _ponte.replan(problem.native, {"format": "ponte-solution/1"})
    for options in ({"time_limit": -1}, {"time_limit": "1"}, {"iterations": -1}, {"iterations": 2.5},
                    {"seed": -1}, {"seed": "1"}, {"progress": "nope"}, {"progress_interval": -1.0}):
        with pytest.raises(ponte.InvalidArgument) as info:
            problem.replan(week, **options)
        invalid(info, next(iter(options)))
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.replan(object(), week.solution)  # type: ignore[arg-type]
    invalid(info, "problem")
    # Unknown ids in the old plan are not an error: the repair places what it can.
    doc = week.to_dict()
    doc["assignments"][0]["mediator"] = "somebody-gone"
    doc["assignments"][1]["request"] = "a-request-withdrawn"
    repaired = problem.replan(doc, iterations=20)
    assert repaired.plan.evaluate()["ok"]
    assert doc["assignments"][0]["request"] not in repaired.added, "it was assigned before: kept, moved or dropped"


def test_replan_when_a_mediator_leaves_accounts_for_every_old_assignment(week: ponte.Plan, checker: Path,
                                                                        tmp_path: Path) -> None:
    counts: dict[str, int] = {}
    for a in week.assignments:
        counts[a.mediator] = counts.get(a.mediator, 0) + 1
    gone = max(unlocked(week.problem), key=lambda m: counts.get(m, 0))
    doc = week.problem.to_dict()
    doc["mediators"] = [m for m in doc["mediators"] if m["id"] != gone]
    for r in doc["requests"]:
        if r.get("preferred_mediator") == gone:
            del r["preferred_mediator"]
        if r.get("previous", {}).get("mediator") == gone:
            del r["previous"]
    changed = ponte.load_problem(doc)
    result = changed.replan(week, iterations=100)
    check_plan(checker, save_problem(changed, tmp_path, "without-mediator"), result.plan, tmp_path)
    hit = {a.request for a in week.assignments if a.mediator == gone}
    assert hit and hit <= set(result.moved) | set(result.dropped)
    assert not hit & set(result.added)
    assert result.kept + len(result.moved) + len(result.dropped) == len({a.request for a in week.assignments})
    assert all(a.mediator != gone for a in result.plan.assignments)


def test_replan_releases_the_gil_reports_progress_and_stops(generate: Any, checker: Path, tmp_path: Path) -> None:
    path = generate("l", 2)
    problem = ponte.load_problem(path)
    old = problem.solve(iterations=30, seed=1)
    changed = _absent(problem, unlocked(problem)[0], 3)
    changed_path = save_problem(changed, tmp_path, "l-absent")
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    reports: list[dict[str, Any]] = []
    counter = threading.Thread(target=count)
    counter.start()
    try:
        result = changed.replan(old, time_limit=1.0, progress=reports.append, progress_interval=0.1)
    finally:
        stop.set()
        counter.join()
    assert ticks > 100, "a Python thread should run while the core repairs"
    assert reports and reports[-1]["done"] is True and reports[-1]["best_cost"] == result.plan.cost.total
    assert result.plan.stats.stop in {"time_limit", "complete"}
    if result.plan.stats.stop == "time_limit":
        assert result.plan.stats.elapsed >= 0.9
    check_plan(checker, changed_path, result.plan, tmp_path)
    # Returning False stops early with a plan.
    started = time.monotonic()
    stopped = changed.replan(old, time_limit=30, progress=lambda r: r["elapsed"] < 0.2, progress_interval=0.05)
    assert time.monotonic() - started < 10
    assert stopped.plan.stats.stop == "cancelled"
    check_plan(checker, changed_path, stopped.plan, tmp_path)

    # An exception of the callback, and Ctrl-C, are raised.
    def broken(report: Any) -> None:
        raise ValueError("callback broke")

    with pytest.raises(ValueError, match="callback broke"):
        changed.replan(old, time_limit=30, progress=broken)
    timer = threading.Timer(0.5, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            changed.replan(old, time_limit=60)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5


# -- explanation --------------------------------------------------------------------------
def test_explain_comes_from_the_core_and_anonymizes(week: ponte.Plan) -> None:
    e = week.explain()
    assert isinstance(e, ponte.Explanation) and not e.anonymized
    assert e.cost == week.cost
    # A request with roles (r-0071) is explained by its role 0.
    by_request = {a.request: a for a in week.assignments if a.role in (None, 0)}
    for r in e.requests:
        assert r.terms.total == sum(v for k, v in r.terms.to_dict().items() if k != "total")
        if r.assigned:
            a = by_request[r.request]
            assert (r.mediator, r.start, r.end, r.reason) == (a.mediator, a.start, a.end, None)
        else:
            u = next(x for x in week.unassigned if x.request == r.request)
            assert r.reason == u.reasons[0] and r.terms.unassigned > 0
    minutes: dict[str, int] = {}
    for a in week.assignments:
        minutes[a.mediator] = minutes.get(a.mediator, 0) + a.duration_minutes
    for s in week.sessions:
        for m in s.mediators:
            minutes[m.mediator] = minutes.get(m.mediator, 0) + int((s.end - s.start).total_seconds() // 60)
    for load in e.mediators:
        assert load.minutes == minutes.get(load.mediator, 0) == sum(load.minutes_per_day.values())
        assert sum(load.minutes_per_week.values()) == load.minutes
        assert all(isinstance(d, dt.date) for d in load.minutes_per_day)
    assert sum(c.served for c in e.coverage) == len({a.request for a in week.assignments})
    assert sum(c.unserved for c in e.coverage) == len(week.unassigned)
    assert e.request(week.assignments[0].request).assigned
    with pytest.raises(KeyError):
        e.request("no-such-request")
    assert json.loads(json.dumps(e.to_dict())) == e.to_dict()
    # Anonymized: mediators by the core's pseudonyms, reasons by code only.
    anon = week.explain(anonymize=True)
    assert anon.anonymized
    ids = week.problem.mediator_ids
    pseudonym = {m: f"M{i:03d}" for i, m in enumerate(ids, 1)}
    assert [m.mediator for m in anon.mediators] == [pseudonym[m] for m in ids]
    for plain, hidden in zip(e.requests, anon.requests):
        assert hidden.mediator == (pseudonym[plain.mediator] if plain.mediator else None)
        if hidden.reason:
            assert hidden.reason.message == hidden.reason.code and not hidden.reason.blocking
    text = json.dumps(anon.to_dict())
    for m in week.problem.document["mediators"]:
        assert f'"{m["id"]}"' not in text
        assert not m.get("name") or m["name"] not in text


# -- public snapshot ----------------------------------------------------------------------
def test_the_snapshot_holds_nothing_personal(week: ponte.Plan) -> None:
    snapshot = week.public_snapshot()
    assert snapshot["format"] == ponte.SNAPSHOT_FORMAT
    text = json.dumps(snapshot, ensure_ascii=False)
    doc = week.problem.document
    for m in doc["mediators"]:
        assert f'"{m["id"]}"' not in text, "a mediator id is published"
        if m.get("name"):
            assert m["name"] not in text, "a mediator name is published"
        if m.get("gender"):
            assert f'"{m["gender"]}"' not in text, "a gender is published"
    for r in doc["requests"]:
        assert f'"{r["id"]}"' not in text, "a request id is published"
        if r.get("case"):
            assert f'"{r["case"]}"' not in text, "a case id is published"
    for key in ("gender", "case", "request", "service", "previous", "locked"):
        assert f'"{key}"' not in text
    assert [m["id"] for m in snapshot["mediators"]] == [f"M{i:03d}" for i in range(1, len(doc["mediators"]) + 1)]


def test_free_slots_on_the_snapshot_equal_those_on_the_plan(week: ponte.Plan, tmp_path: Path) -> None:
    snapshot = week.public_snapshot()
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    pseudonym = {m: f"M{i:03d}" for i, m in enumerate(week.problem.mediator_ids, 1)}
    compared = 0
    for rid in week.problem.request_ids:
        if "roles" in week.problem.request(rid):
            continue  # a query describes a request for one mediator
        query = query_for(week.problem, rid)
        full = [
            ponte.SlotOption(pseudonym[o.mediator], o.start, o.end, o.language, o.modality, o.cost_increase)
            for o in week.free_slots(**query)
        ]
        published = ponte.free_slots_in_snapshot(snapshot, **query)
        assert published == full, rid
        compared += bool(published)
    assert compared > 10, f"most queries have options ({compared})"
    # The snapshot read back from a file, text or bytes answers the same.
    query = query_for(week.problem, "r-0002")
    expected = ponte.free_slots_in_snapshot(snapshot, **query)
    for source in (path, str(path), path.read_text(encoding="utf-8"), path.read_bytes()):
        assert ponte.free_slots_in_snapshot(source, **query) == expected
    # A preferred mediator is named by pseudonym on a snapshot.
    if expected:
        favourite = expected[-1].mediator
        ranked = ponte.free_slots_in_snapshot(snapshot, **{**query, "preferred_mediator": favourite})
        real = next(m for m, p in pseudonym.items() if p == favourite)
        on_plan = week.free_slots(**{**query, "preferred_mediator": real})
        assert [o.mediator for o in ranked] == [pseudonym[o.mediator] for o in on_plan]


def test_free_slots_in_snapshot_refuse_bad_input(week: ponte.Plan, tmp_path: Path) -> None:
    snapshot = week.public_snapshot()
    query = query_for(week.problem, "r-0002")
    with pytest.raises(ponte.InvalidArgument) as info:
        ponte.free_slots_in_snapshot(None, **query)  # type: ignore[arg-type]
    invalid(info, "snapshot")
    with pytest.raises(ponte.InvalidArgument, match="no such file"):
        ponte.free_slots_in_snapshot(tmp_path / "missing.json", **query)
    with pytest.raises(ponte.InvalidJson):
        ponte.free_slots_in_snapshot("{bad", **query)
    with pytest.raises(ponte.Refused) as info:
        ponte.free_slots_in_snapshot({**snapshot, "format": "ponte-solution/1"}, **query)
    refused(info, "INVALID_SNAPSHOT", "format")
    with pytest.raises(ponte.Refused) as info:
        ponte.free_slots_in_snapshot({**snapshot, "timezone": "Mars/Olympus"}, **query)
    refused(info, "INVALID_SNAPSHOT", "timezone")
    with pytest.raises(ponte.Refused) as info:
        ponte.free_slots_in_snapshot({**snapshot, "mediators": "everyone"}, **query)
    refused(info, "INVALID_SNAPSHOT")
    with pytest.raises(ponte.Refused) as info:
        ponte.free_slots_in_snapshot({**snapshot, "extra": True}, **query)
    refused(info, "INVALID_SNAPSHOT")
    with pytest.raises(ponte.Refused) as info:
        ponte.free_slots_in_snapshot(snapshot, **{**query, "office": "nowhere"})
    refused(info, "UNKNOWN_REFERENCE", "office")
    with pytest.raises(ponte.Refused) as info:
        ponte.free_slots_in_snapshot(snapshot, **{**query, "earliest": "someday"})
    refused(info, "BAD_DATETIME", "earliest")
    with pytest.raises(ponte.InvalidArgument) as info:
        ponte.free_slots_in_snapshot(snapshot, **{**query, "duration": "1h"})
    invalid(info, "duration")
    # A snapshot cannot answer for genders nor cases (the native query says so).
    native_query = {"office": query["office"], "languages": query["languages"], "duration_minutes": 60,
                    "earliest": query["earliest"], "latest": query["latest"]}
    for key, value in (("mediator_gender", "f"), ("case", "c-1")):
        with pytest.raises(ponte.Refused) as info:
            _ponte.free_slots_in_snapshot(snapshot, {**native_query, key: value})
        refused(info, "UNSUPPORTED_ON_SNAPSHOT", key)


# -- command line ---------------------------------------------------------------------------
def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ponte", *args], capture_output=True, text=True, timeout=300)


def test_cli_slots_replan_and_snapshot(week: ponte.Plan, checker: Path, example: Path, tmp_path: Path) -> None:
    plan = week.save(tmp_path / "plan.json")
    query = query_for(week.problem, "r-0002", limit=5)
    what = ["--office", query["office"], *sum((["--language", lang] for lang in query["languages"]), []),
            "--duration", str(query["duration"]), *sum((["--modality", m] for m in query["modalities"]), []),
            "--limit", "5"]
    args = [*what, "--from", query["earliest"], "--to", query["latest"]]
    out = run("slots", str(example), str(plan), *args, "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    options = week.free_slots(**query)
    assert [(r["mediator"], r["start"], r["cost_increase"]) for r in rows] == [
        (o.mediator, o.start.isoformat(), o.cost_increase) for o in options]
    out = run("slots", str(example), str(plan), *args, "--anonymize")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == len(options)
    for m in week.problem.document["mediators"]:
        assert m["id"] not in out.stdout and (not m.get("name") or m["name"] not in out.stdout)
    # The snapshot, then the same query on it.
    snapshot = tmp_path / "snapshot.json"
    out = run("snapshot", str(example), str(plan), "-o", str(snapshot))
    assert out.returncode == 0, out.stderr
    assert json.loads(snapshot.read_text(encoding="utf-8")) == week.public_snapshot()
    out = run("slots", str(snapshot), *args, "--json")
    assert out.returncode == 0, out.stderr
    pseudonym = {m: f"M{i:03d}" for i, m in enumerate(week.problem.mediator_ids, 1)}
    assert [r["mediator"] for r in json.loads(out.stdout)] == [pseudonym[o.mediator] for o in options]
    # Bad queries are refused with the code and the path; a problem is not a snapshot.
    out = run("slots", str(example), str(plan), *what, "--from", "nonsense", "--to", query["latest"])
    assert out.returncode == 2 and "BAD_DATETIME" in out.stderr and "earliest" in out.stderr
    out = run("slots", str(example), *args)
    assert out.returncode == 2 and "snapshot" in out.stderr
    # Re-plan after an absence.
    ill = next(a.mediator for a in week.assignments if a.mediator in unlocked(week.problem))
    changed = save_problem(_absent(week.problem, ill, 1), tmp_path, "changed")
    new = tmp_path / "new.json"
    out = run("replan", str(changed), str(plan), "-o", str(new), "--iterations", "100", "--quiet")
    assert out.returncode == 0, out.stderr
    assert "kept " in out.stdout and "moved " in out.stdout and "dropped " in out.stdout
    check_plan(checker, changed, json.loads(new.read_text(encoding="utf-8")), tmp_path)
    for m in week.problem.document["mediators"]:
        assert not m.get("name") or m["name"] not in out.stdout + out.stderr
    out = run("replan", str(changed), str(tmp_path / "missing.json"), "-o", str(new))
    assert out.returncode == 2 and "INVALID_ARGUMENT" in out.stderr

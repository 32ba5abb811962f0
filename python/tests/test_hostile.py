"""Hostile input for every function of the native module: wrong types,
None, huge integers, NaN, non-UTF-8 bytes, lone surrogates, recursive
structures, huge strings and non-str keys, in every argument. Each call
either gives a typed ``ponte.PonteError`` (a code, and errors with a path
and a message) or an answer; never another exception, a crash or a hang,
and the module keeps working afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

import ponte
from ponte import _ponte


def _recursive_dict() -> dict[str, Any]:
    d: dict[str, Any] = {}
    d["self"] = d
    return d


def _recursive_list() -> dict[str, Any]:
    items: list[Any] = []
    items.append(items)
    return {"requests": items}


HOSTILE: list[tuple[str, Any]] = [
    ("None", None),
    ("an int", 42),
    ("a huge int", 2**70),
    ("a huge negative int", -(2**200)),
    ("a bool", True),
    ("NaN", float("nan")),
    ("infinity", float("inf")),
    ("bytes, not UTF-8", b"\xff\xfe\x00"),
    ("a bytearray", bytearray(b"{}")),
    ("a lone surrogate", "\ud800"),
    ("JSON text with a lone surrogate", '{"format": "\ud800"}'),
    ("a surrogate key", {"\ud800": 1}),
    ("a non-str key", {1: "one"}),
    ("a set inside", {"requests": [{"id": {1, 2}}]}),
    ("NaN inside", {"travel": {"speed_kmh": float("nan")}}),
    ("a huge int inside", {"requests": [{"duration_minutes": 2**100}]}),
    ("a recursive dict", _recursive_dict()),
    ("a recursive list", _recursive_list()),
    ("a list", [1, 2]),
    ("a tuple", ("a",)),
    ("an object", object()),
    ("a function", lambda: 1),
    ("ten million spaces", " " * 10_000_000),
    ("deep JSON text", "[" * 100_000 + "]" * 100_000),
    ("empty text", ""),
    ("an empty dict", {}),
]


@pytest.fixture(scope="module")
def world(example: Path) -> dict[str, Any]:
    """A valid problem, its plan, a query and a snapshot to put hostile values beside."""
    problem = _ponte.Problem(example.read_text(encoding="utf-8"))
    plan = _ponte.solve(problem, iterations=50, seed=1)["solution"]
    request = plan["assignments"][0]["request"]
    query = {"office": "rozzano-sportello", "languages": ["ar"], "duration_minutes": 60,
             "earliest": "2026-04-28T09:00", "latest": "2026-04-29T18:00"}
    return {"problem": problem, "plan": plan, "request": request, "query": query,
            "snapshot": _ponte.snapshot(problem, plan)}


def _calls(w: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    """Every entry point, each with one argument left for the hostile value."""
    p, s, r, q, snap = w["problem"], w["plan"], w["request"], w["query"], w["snapshot"]
    choice = {"mediator": s["assignments"][0]["mediator"], "start": s["assignments"][0]["start"]}
    return {
        "Problem(source)": lambda x: _ponte.Problem(x),
        "Problem(limits)": lambda x: _ponte.Problem("{}", x),
        "validate(source)": lambda x: _ponte.validate(x),
        "solve(problem)": lambda x: _ponte.solve(x, iterations=1),
        "solve(seed)": lambda x: _ponte.solve(p, iterations=1, seed=x),
        "solve(iterations)": lambda x: _ponte.solve(p, iterations=x),
        "solve(time_limit)": lambda x: _ponte.solve(p, iterations=1, time_limit=x),
        "solve(progress)": lambda x: _ponte.solve(p, iterations=1, progress=x),
        "evaluate(problem)": lambda x: _ponte.evaluate(x, s),
        "evaluate(solution)": lambda x: _ponte.evaluate(p, x),
        "free_slots(solution)": lambda x: _ponte.free_slots(p, x, q),
        "free_slots(query)": lambda x: _ponte.free_slots(p, s, x),
        "book(request)": lambda x: _ponte.book(p, s, x, choice),
        "book(choice)": lambda x: _ponte.book(p, s, r, x),
        "cancel(request)": lambda x: _ponte.cancel(p, s, x),
        "lock(request)": lambda x: _ponte.lock(p, s, x),
        "replan(old)": lambda x: _ponte.replan(p, x, iterations=1),
        "explain(solution)": lambda x: _ponte.explain(p, x),
        "explain(anonymize)": lambda x: _ponte.explain(p, s, anonymize=x),
        "snapshot(solution)": lambda x: _ponte.snapshot(p, x),
        "free_slots_in_snapshot(snapshot)": lambda x: _ponte.free_slots_in_snapshot(x, q),
        "free_slots_in_snapshot(query)": lambda x: _ponte.free_slots_in_snapshot(snap, x),
        "report_html(solution)": lambda x: _ponte.report_html(p, x),
        "report_html(lang)": lambda x: _ponte.report_html(p, s, lang=x),
        "report_html(title)": lambda x: _ponte.report_html(p, s, title=x),
        "monitoring_csv(by)": lambda x: _ponte.monitoring_csv(p, s, by=x),
    }


def test_every_entry_point_answers_every_hostile_value_with_a_typed_error(world: dict[str, Any]) -> None:
    untyped: list[str] = []
    for call_name, call in _calls(world).items():
        for value_name, value in HOSTILE:
            if call_name == "solve(progress)" and callable(value):
                continue  # the caller's own callback: what it raises propagates unchanged, as documented
            try:
                call(value)
            except ponte.PonteError as error:
                assert isinstance(error.code, str) and error.code, (call_name, value_name)
                assert error.errors and all({"code", "path", "message"} <= set(e) for e in error.errors), (
                    call_name, value_name, error.errors)
            except Exception as error:  # noqa: BLE001 -- the point: nothing else may escape
                untyped.append(f"{call_name} with {value_name}: {type(error).__name__}: {str(error)[:120]}")
    assert not untyped, "\n".join(untyped)


def test_the_module_still_works_after_the_onslaught(world: dict[str, Any]) -> None:
    test_every_entry_point_answers_every_hostile_value_with_a_typed_error(world)
    again = _ponte.solve(world["problem"], iterations=50, seed=1)["solution"]
    assert json.dumps(again) == json.dumps(world["plan"])


@pytest.mark.parametrize("value", ["\ud800", {"name": "\udfff"}, {"\ud800": 1}])
def test_lone_surrogates_are_invalid_arguments_with_their_path(value: Any) -> None:
    with pytest.raises(ponte.InvalidArgument) as raised:
        _ponte.validate(value if isinstance(value, dict) else {"network": {"name": value}})
    assert raised.value.errors[0]["path"] in {"network.name", "name", "$"}
    assert "surrogate" in raised.value.errors[0]["message"]

"""Size limits from Python: each holds at the document's own size, one below
gives ``TOO_LARGE`` at the list's path, and bad limit arguments are typed
errors with a path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ponte
from ponte import _ponte


def test_default_limits_name_every_limit() -> None:
    assert ponte.LIMIT_NAMES == tuple(ponte.DEFAULT_LIMITS)
    assert "max_requests" in ponte.LIMIT_NAMES and "max_string_chars" in ponte.LIMIT_NAMES
    assert all(isinstance(v, int) and v > 0 for v in ponte.DEFAULT_LIMITS.values())
    with pytest.raises(TypeError):
        ponte.DEFAULT_LIMITS["max_requests"] = 1  # type: ignore[index]


@pytest.mark.parametrize("key", ["mediators", "requests", "offices"])
def test_entity_limits_hold_exactly(example: Path, key: str) -> None:
    document = json.loads(example.read_text(encoding="utf-8"))
    count = len(document[key])
    name = f"max_{key}"
    assert ponte.load_problem(example, limits={name: count}).is_valid
    with pytest.raises(ponte.InvalidProblem) as raised:
        ponte.load_problem(example, limits={name: count - 1})
    assert [(e["code"], e["path"]) for e in raised.value.errors] == [("TOO_LARGE", key)]
    # The same from a dict, and through validate() without raising.
    errors = ponte.load_problem(document, validate=False, limits={name: count - 1}).validate()
    assert [(e.code, e.path) for e in errors] == [("TOO_LARGE", key)]


def test_input_bytes_and_strings(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    size = len(text.encode("utf-8"))
    assert not _ponte.validate(text, {"max_input_bytes": size})
    assert [e["path"] for e in _ponte.validate(text, {"max_input_bytes": size - 1})] == ["$"]
    errors = _ponte.validate(text, {"max_string_chars": 3})
    assert errors and all(e["code"] == "TOO_LARGE" for e in errors)


@pytest.mark.parametrize(
    ("limits", "path"),
    [
        ({"max_colours": 1}, "limits.max_colours"),
        ({"max_requests": -1}, "limits.max_requests"),
        ({"max_requests": True}, "limits.max_requests"),
        ({"max_requests": "10"}, "limits.max_requests"),
        ({"max_requests": 2**70}, "limits.max_requests"),
        ({1: 1}, "limits"),
        ([("max_requests", 1)], "limits"),
    ],
)
def test_bad_limits_are_invalid_arguments(example: Path, limits: Any, path: str) -> None:
    with pytest.raises(ponte.InvalidArgument) as raised:
        _ponte.Problem(example.read_text(encoding="utf-8"), limits)
    assert raised.value.errors[0]["path"] == path

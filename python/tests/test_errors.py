"""Every public function refuses bad input with the right Ponte exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ponte
from ponte import _ponte
from ponte.tables import problem_from_tables, read_csv


def details(err: ponte.PonteError) -> list[dict[str, str]]:
    assert isinstance(err.errors, list) and err.errors
    for e in err.errors:
        assert set(e) >= {"code", "path", "message"}
    return err.errors


def test_hierarchy_has_a_base_with_codes() -> None:
    for cls, code in [
        (ponte.InvalidProblem, "INVALID_PROBLEM"),
        (ponte.InvalidSolution, "INVALID_SOLUTION"),
        (ponte.InvalidJson, "INVALID_JSON"),
        (ponte.InvalidArgument, "INVALID_ARGUMENT"),
        (ponte.Refused, "REFUSED"),
    ]:
        assert issubclass(cls, ponte.PonteError) and issubclass(cls, Exception)
        assert cls.code == code
        assert cls("x").errors == []
    assert ponte.PonteError.code == "PONTE_ERROR"


@pytest.mark.parametrize("source", [None, 42, 3.5, ["a"], object(), {"a"}])
def test_load_problem_refuses_wrong_types(source: Any) -> None:
    with pytest.raises(ponte.InvalidArgument) as info:
        ponte.load_problem(source)
    assert info.value.code == "INVALID_ARGUMENT"
    assert details(info.value)[0]["path"] == "source"


def test_load_problem_refuses_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(ponte.InvalidArgument, match="no such file"):
        ponte.load_problem(tmp_path / "missing.json")
    with pytest.raises(ponte.InvalidArgument, match="no such file"):
        ponte.load_problem(str(tmp_path / "missing.json"))
    with pytest.raises(ponte.InvalidArgument, match="directory"):
        ponte.load_problem(tmp_path)
    with pytest.raises(ponte.InvalidArgument):
        ponte.load_problem("")


@pytest.mark.parametrize("text", ["{bad", '{"a": NaN}', "{\"a\": 1", "[1, 2]"])
def test_load_problem_refuses_invalid_json(text: str) -> None:
    with pytest.raises(ponte.InvalidJson) as info:
        ponte.load_problem(text)
    assert info.value.code == "INVALID_JSON"
    assert details(info.value)[0]["code"] == "INVALID_JSON"


def test_load_problem_refuses_invalid_json_files_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ponte.InvalidJson):
        ponte.load_problem(path)
    with pytest.raises(ponte.InvalidJson):
        ponte.load_problem(b"{oops")
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ponte.InvalidJson):
        ponte.load_problem(path)


def test_native_validate_refuses_non_json_values_with_their_path() -> None:
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.validate({"requests": [{"id": "r", "start": {1, 2}}]})
    assert details(info.value)[0]["path"] == "requests[0].start"
    with pytest.raises(ponte.InvalidArgument):
        _ponte.validate({"x": float("nan")})
    with pytest.raises(ponte.InvalidArgument):
        _ponte.validate({1: "non-str key"})
    with pytest.raises(ponte.InvalidArgument):
        _ponte.validate(None)  # type: ignore[arg-type]
    with pytest.raises(ponte.InvalidArgument):
        _ponte.Problem(12)  # type: ignore[arg-type]
    deep: Any = []
    for _ in range(300):
        deep = [deep]
    with pytest.raises(ponte.InvalidArgument, match="nested"):
        _ponte.validate({"deep": deep})


def test_native_validate_reports_bad_json_text_as_an_error() -> None:
    errors = _ponte.validate("{not json")
    assert errors and errors[0]["code"] == "INVALID_JSON"
    errors = _ponte.validate('{"format": "ponte-problem/1", "format": "x"}')
    assert errors  # duplicate keys are refused


def test_invalid_problem_lists_every_error(example: Path) -> None:
    doc = json.loads(example.read_text(encoding="utf-8"))
    doc["requests"][0]["office"] = "no-such-office"
    doc["requests"][1]["duration_minutes"] = 15.0
    with pytest.raises(ponte.InvalidProblem) as info:
        ponte.load_problem(doc)
    errors = details(info.value)
    assert info.value.code == "INVALID_PROBLEM"
    paths = {e["path"] for e in errors}
    assert "requests[0].office" in paths and "requests[1].duration_minutes" in paths
    problem = ponte.load_problem(doc, validate=False)
    found = problem.validate()
    assert {e.path for e in found} >= {"requests[0].office", "requests[1].duration_minutes"}
    assert not problem.is_valid


@pytest.mark.parametrize(
    "options",
    [
        {"time_limit": -1},
        {"time_limit": float("nan")},
        {"time_limit": "10"},
        {"time_limit": True},
        {"seed": -1},
        {"seed": 1.5},
        {"seed": "1"},
        {"iterations": -5},
        {"iterations": 2.0},
        {"progress": "not callable"},
        {"progress_interval": -1.0},
    ],
)
def test_solve_refuses_bad_options(options: dict[str, Any]) -> None:
    with pytest.raises(ponte.InvalidArgument) as info:
        _ponte.solve(object(), **options)  # type: ignore[arg-type]
    name = next(iter(options))
    assert details(info.value)[0]["path"] == name


def test_solve_refuses_what_is_not_a_problem() -> None:
    with pytest.raises(ponte.InvalidArgument):
        _ponte.solve({"format": "ponte-problem/1"})  # type: ignore[arg-type]
    with pytest.raises(ponte.InvalidArgument):
        ponte.solve(None)  # type: ignore[arg-type]
    with pytest.raises(ponte.InvalidJson):
        ponte.solve("{nope")


def test_load_plan_and_evaluate_refuse_bad_input(tmp_path: Path, example: Path) -> None:
    problem = ponte.load_problem(example, validate=False)
    with pytest.raises(ponte.InvalidArgument):
        ponte.load_plan(problem, None)  # type: ignore[arg-type]
    with pytest.raises(ponte.InvalidArgument):
        ponte.load_plan(problem, tmp_path / "missing.json")
    with pytest.raises(ponte.InvalidJson):
        ponte.load_plan(problem, "{bad")
    with pytest.raises(ponte.InvalidSolution) as info:
        ponte.load_plan(problem, {"format": "nope"})
    assert {e["path"] for e in details(info.value)} >= {"format", "assignments", "cost"}
    with pytest.raises(ponte.InvalidArgument):
        ponte.evaluate(None, {})  # type: ignore[arg-type]


def test_evaluate_refuses_non_json(example: Path) -> None:
    problem = ponte.load_problem(example)
    with pytest.raises(ponte.InvalidJson):
        _ponte.evaluate(problem.native, "{bad")
    with pytest.raises(ponte.InvalidArgument):
        _ponte.evaluate(problem.native, 5)  # type: ignore[arg-type]
    report = _ponte.evaluate(problem.native, {"format": "ponte-solution/1"})
    assert report["ok"] is False and report["violations"]


def test_tables_refuse_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ponte.InvalidArgument, match="no such file"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(ponte.InvalidArgument):
        problem_from_tables(5, [], [])
    with pytest.raises(ponte.InvalidArgument):
        problem_from_tables([1], [], [], horizon=("2026-12-07", "2026-12-13"))
    with pytest.raises(ponte.InvalidArgument):
        problem_from_tables([], [], [])  # no horizon to derive
    with pytest.raises(ponte.InvalidProblem) as info:
        problem_from_tables(
            [{"id": "o1", "municipality": "rozzano", "opening": "someday 9-12", "capacity": "two"}],
            [{"id": "m1", "home": "rozzano", "languages": "ar", "availability": "mon 09:00-12:00"}],
            [{"id": "r1", "office": "o1", "languages": "ar", "duration_minutes": "sixty", "start": "tomorrow"}],
            horizon=("2026-12-07", "2026-12-13"),
        )
    errors = details(info.value)
    assert all(e["code"] == "TABLE_VALUE" for e in errors)
    paths = {e["path"] for e in errors}
    assert paths >= {
        "offices[0].opening", "offices[0].capacity", "mediators[0].languages",
        "requests[0].duration_minutes", "requests[0].start",
    }
    assert any("row 2" in e["message"] for e in errors)


def test_outputs_refuse_paths_they_cannot_write(generate: Any, tmp_path: Path) -> None:
    problem_path, witness = generate("xs", 1, witness=True)
    plan = ponte.load_plan(ponte.load_problem(problem_path, validate=False), witness)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ponte.InvalidArgument, match="cannot write"):
        plan.to_ics(blocker / "calendars")
    with pytest.raises(ponte.InvalidArgument, match="cannot write"):
        plan.save(tmp_path / "missing-folder" / "plan.json")
    with pytest.raises(ponte.InvalidArgument, match="cannot write"):
        plan.problem.save(tmp_path / "missing-folder" / "problem.json")
    pytest.importorskip("openpyxl")
    with pytest.raises(ponte.InvalidArgument, match="cannot write"):
        plan.to_excel(tmp_path / "missing-folder" / "plan.xlsx")


def test_excel_tables_refuse_what_is_not_a_workbook(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from ponte.tables import problem_from_excel

    with pytest.raises(ponte.InvalidArgument, match="no such file"):
        problem_from_excel(tmp_path / "missing.xlsx")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ponte.InvalidArgument, match="not an Excel workbook"):
        problem_from_excel(fake)


def test_anonymized_reasons_are_scrubbed(example: Path) -> None:
    from ponte._privacy import Pseudonyms

    problem = ponte.load_problem(example, validate=False)
    names = Pseudonyms(problem, anonymize=True)
    first = problem.document["mediators"][0]
    text = f"{first['id']} is busy; {first.get('name', first['id'])} too; r-0001 stays"
    scrubbed = names.scrub(text)
    assert first["id"] not in scrubbed and "r-0001 stays" in scrubbed
    assert scrubbed.startswith("M001 is busy")
    assert Pseudonyms(problem, anonymize=False).scrub(text) == text

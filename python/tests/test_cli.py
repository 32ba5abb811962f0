"""The command line, in-process and as ``python -m ponte``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import check_plan
from ponte.cli import ProgressBar, main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ponte", *args], capture_output=True, text=True, timeout=300)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run().returncode == 2
    assert run("solve").returncode == 2
    out = run("validate", str(tmp_path / "missing.json"))
    assert out.returncode == 2 and "INVALID_ARGUMENT" in out.stderr
    (tmp_path / "bad.json").write_text("{bad", encoding="utf-8")
    out = run("solve", str(tmp_path / "bad.json"), "--quiet")
    assert out.returncode == 2 and "INVALID_JSON" in out.stderr


def test_validate_reports_every_error(example: Path, tmp_path: Path) -> None:
    assert main(["validate", str(example)]) == 0
    doc = json.loads(example.read_text(encoding="utf-8"))
    doc["requests"][0]["office"] = "nowhere"
    doc["mediators"][0]["home"] = "nowhere"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    out = run("validate", str(bad), "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["valid"] is False
    assert {"requests[0].office", "mediators[0].home"} <= {e["path"] for e in report["errors"]}


def test_solve_writes_plan_excel_and_calendars(checker: Path, example: Path,
                                               tmp_path: Path) -> None:
    plan, xlsx, ics = tmp_path / "plan.json", tmp_path / "plan.xlsx", tmp_path / "calendars"
    out = run("solve", str(example), "-o", str(plan), "--excel", str(xlsx), "--ics-dir", str(ics),
              "--time-limit", "2", "--seed", "1")
    assert out.returncode == 0, out.stderr
    assert plan.is_file() and xlsx.is_file() and list(ics.glob("*.ics"))
    check_plan(checker, example, json.loads(plan.read_text(encoding="utf-8")), tmp_path)
    names = [m["name"] for m in json.loads(example.read_text(encoding="utf-8"))["mediators"] if m.get("name")]
    for name in names:
        assert name not in out.stdout and name not in out.stderr
    explained = run("explain", str(example), str(plan), "--json", "--anonymize")
    assert explained.returncode == 0, explained.stderr
    document = json.loads(explained.stdout)
    rows = document["requests"]
    assert len(rows) == len(json.loads(example.read_text(encoding="utf-8"))["requests"])
    assert all(isinstance(r["assigned"], bool) for r in rows)
    assert all("reason" in r for r in rows if not r["assigned"])
    assert [m["mediator"] for m in document["mediators"]] == [f"M{i:03d}" for i in range(1, len(document["mediators"]) + 1)]
    for name in names:
        assert name not in explained.stdout
    for mediator in json.loads(example.read_text(encoding="utf-8"))["mediators"]:
        assert f'"{mediator["id"]}"' not in explained.stdout


def test_explain_and_export_work_on_a_planted_plan(generate: Any, tmp_path: Path) -> None:
    problem, witness = generate("xs", 2, witness=True)
    out = run("explain", str(problem), str(witness))
    assert out.returncode == 0, out.stderr
    assert "assigned to" in out.stdout and "mediators:" in out.stdout and "coverage:" in out.stdout
    first = json.loads(Path(witness).read_text(encoding="utf-8"))["assignments"][0]
    out = run("explain", str(problem), str(witness), "--request", first["request"])
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"{first['request']}: assigned to {first['mediator']}")
    assert "mediators:" not in out.stdout
    out = run("export", str(problem), str(witness), "--excel", str(tmp_path / "x.xlsx"),
              "--ics-dir", str(tmp_path / "ics"), "--anonymize")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "x.xlsx").is_file()
    out = run("explain", str(problem), str(witness), "--request", "no-such-request")
    assert out.returncode == 2


def test_progress_bar_waits_then_draws(capsys: pytest.CaptureFixture[str]) -> None:
    import io

    stream = io.StringIO()
    bar = ProgressBar(stream, time_limit=10, delay=1.0, every=0.0)
    report = {"iteration": 5, "best_cost": 100, "assigned": 3, "unassigned": 2, "elapsed": 0.2, "done": False}
    bar(report)  # type: ignore[arg-type]
    assert stream.getvalue() == ""
    bar({**report, "elapsed": 5.0})  # type: ignore[arg-type]
    bar({**report, "elapsed": 10.0, "done": True})  # type: ignore[arg-type]
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[############............]") and "assigned 3/5" in lines[0]
    assert lines[-1].startswith("[########################]")

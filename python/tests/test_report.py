"""The plan report and the monitoring CSV from Python, on the bundled week
solved with a small iteration budget (no shared tools needed)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import ponte
from conftest import check_plan


@pytest.fixture(scope="module")
def plan(example: Path) -> ponte.Plan:
    return ponte.load_problem(example).solve(iterations=300, seed=1)


def test_the_reported_plan_passes_the_checker(checker: Path, example: Path, plan: ponte.Plan, tmp_path: Path) -> None:
    check_plan(checker, example, plan, tmp_path)


def test_report_is_one_self_contained_page(plan: ponte.Plan, tmp_path: Path) -> None:
    page = plan.report_html(tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<svg" in page
    # Nothing to fetch: no script, no external link or source.
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    # Every unassigned request is listed, and every mediator with work appears.
    for item in plan.unassigned:
        assert item.request in page
    for mediator in {a.mediator for a in plan.assignments}:
        assert mediator in page


def test_anonymized_report_names_no_mediator(plan: ponte.Plan) -> None:
    page = plan.report_html(anonymize=True)
    for mediator_id in plan.problem.mediator_ids:
        assert f">{mediator_id}<" not in page and f"'{mediator_id}'" not in page
        name = plan.problem.mediator(mediator_id).get("name")
        if name:
            assert name not in page
    assert "M001" in page


def test_report_language_and_bad_arguments(plan: ponte.Plan) -> None:
    assert plan.report_html(lang="en") != plan.report_html(lang="it")
    assert "My title" in plan.report_html(title="My title")
    with pytest.raises(ponte.InvalidArgument) as raised:
        plan.report_html(lang="fr")
    assert raised.value.errors[0]["path"] == "lang"
    with pytest.raises(ponte.InvalidArgument):
        plan.report_html(anonymize="yes")  # type: ignore[arg-type]


def test_monitoring_csv_adds_up_to_the_plan(plan: ponte.Plan, tmp_path: Path) -> None:
    text = plan.monitoring_csv(tmp_path / "monitoring.csv")
    raw = (tmp_path / "monitoring.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.decode("utf-8") == text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    header, body = rows[0], [r for r in rows[1:] if r]
    assert header[:4] == ["Tipo", "Comune", "Servizio", "Lingua"]
    requests = [r for r in body if r[0] == "richiesta"]
    served = sum(int(r[4]) for r in requests)
    unserved = sum(int(r[5]) for r in requests)
    minutes = sum(int(r[6]) for r in requests)
    # A request with roles is one appointment, however many mediators it takes.
    appointments = [a for a in plan.assignments if a.role in (None, 0)]
    assert served == len(appointments)
    assert unserved == len(plan.unassigned)
    assert minutes == sum(a.duration_minutes for a in appointments)


def test_monitoring_by_mediator_and_bad_by(plan: ponte.Plan) -> None:
    text = plan.monitoring_csv(by="mediator")
    working = {a.mediator for a in plan.assignments}
    assert all(m in text for m in working)
    with pytest.raises(ponte.InvalidArgument) as raised:
        plan.monitoring_csv(by="province")
    assert raised.value.errors[0]["path"] == "by"


def test_report_refuses_a_plan_of_another_problem(plan: ponte.Plan) -> None:
    other = plan.to_dict()
    other["assignments"][0]["request"] = "no-such-request"
    with pytest.raises(ponte.PonteError):
        ponte.load_plan(plan.problem, other).report_html()

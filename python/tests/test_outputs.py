"""Plans as records, data frames, Excel workbooks and iCalendar files.

These use the generator's planted plans (``ponte-gen --witness``), which the
checker accepts, so they run whatever state the solver is in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import ponte
from conftest import check_plan, spec_example
from ponte.ical import calendar_text, escape, fold, vtimezone
from ponte.tables import plan_rows

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture(scope="module")
def dst_plan(generate: Any) -> ponte.Plan:
    """Two weeks across the spring DST change (Sunday 29 March 2026) and the planted plan."""
    problem, witness = generate("s", 1, "--start", "2026-03-23", "--weeks", "2", witness=True)
    return ponte.load_plan(ponte.load_problem(problem, validate=False), witness)


@pytest.fixture(scope="module")
def week_plan(generate: Any) -> ponte.Plan:
    problem, witness = generate("s", 3, witness=True)
    return ponte.load_plan(ponte.load_problem(problem, validate=False), witness)


def test_witness_plans_pass_the_checker(checker: Path, dst_plan: ponte.Plan, generate: Any, tmp_path: Path) -> None:
    problem, _ = generate("s", 1, "--start", "2026-03-23", "--weeks", "2", witness=True)
    check_plan(checker, problem, dst_plan, tmp_path)


def test_records_carry_aware_datetimes_across_dst(dst_plan: ponte.Plan) -> None:
    assignments = dst_plan.assignments
    assert assignments
    before = [a for a in assignments if a.start.date() < dt.date(2026, 3, 29)]
    after = [a for a in assignments if a.start.date() > dt.date(2026, 3, 29)]
    assert before and after, "the instance should have engagements on both sides of the DST change"
    for a in assignments:
        assert a.start.tzinfo is not None and a.end > a.start
        raw = next(x for x in dst_plan.solution["assignments"] if x["request"] == a.request)
        assert a.start.strftime("%Y-%m-%dT%H:%M") == raw["start"]
        duration = dst_plan.problem.request(a.request)["duration_minutes"]
        assert a.duration_minutes == duration
    assert all(a.start.utcoffset() == dt.timedelta(hours=1) for a in before)
    assert all(a.start.utcoffset() == dt.timedelta(hours=2) for a in after)


def test_to_dict_and_to_json_round_trip(week_plan: ponte.Plan, tmp_path: Path) -> None:
    again = ponte.load_plan(week_plan.problem, week_plan.to_json())
    assert again.solution == week_plan.to_dict()
    path = week_plan.save(tmp_path / "plan.json")
    assert ponte.load_plan(week_plan.problem, path).solution == week_plan.solution
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "ponte-solution/1"


def test_summary_counts_every_request(week_plan: ponte.Plan) -> None:
    s = week_plan.summary()
    assert s["assigned"] + s["unassigned"] == s["requests"] and s["missing"] == 0
    assert sum(m["assigned"] for m in s["municipalities"].values()) == s["assigned"]
    assert s["cost"]["total"] == week_plan.cost.total
    assert "name" not in json.dumps(s)


def test_dataframes_have_one_row_per_record(week_plan: ponte.Plan) -> None:
    pytest.importorskip("pandas")
    frame = week_plan.to_dataframe()
    assert len(frame) == len(week_plan.assignments)
    assert str(frame["start"].dt.tz) == "Europe/Rome"
    assert len(week_plan.to_dataframe("unassigned")) == len(week_plan.unassigned)
    assert len(week_plan.to_dataframe("sessions")) == len(week_plan.sessions)
    anonymous = week_plan.to_dataframe(anonymize=True)
    assert anonymous["mediator_name"].isna().all()
    assert set(anonymous["mediator"]).isdisjoint(week_plan.problem.mediator_ids)
    with pytest.raises(ponte.InvalidArgument):
        week_plan.to_dataframe("people")


def _names(plan: ponte.Plan) -> list[str]:
    return [m["name"] for m in plan.problem.document["mediators"] if m.get("name")]


def _assignment_rows(book: Any) -> list[tuple[Any, ...]]:
    """The assignment rows of every municipality's sheet (between the header and the workshops)."""
    towns = book.sheetnames[1:-1]
    assert towns, "a workbook of a plan with assignments has a sheet per municipality"
    rows = []
    for title in towns:
        values = list(book[title].iter_rows(values_only=True))
        assert values[0][0] == "Data"
        for row in values[1:]:
            if row[0] is None or row[0] == "Laboratori" or row[0] == "Data":
                break
            rows.append(row)
    return rows


def test_excel_reads_back(week_plan: ponte.Plan, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = week_plan.to_excel(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Riepilogo" and book.sheetnames[-1] == "Non assegnate"
    rows = _assignment_rows(book)
    assert len(rows) == len(week_plan.assignments)
    for row in rows:
        assert isinstance(row[1], dt.datetime) and row[1].tzinfo is None
    unassigned = list(book["Non assegnate"].iter_rows(values_only=True))
    assert len(unassigned) - 1 == len(week_plan.unassigned)
    codes = {r[6] for r in unassigned[1:]}
    assert codes <= {"NO_LANGUAGE", "NO_SKILL", "NO_TIME", "CAPACITY", "CONFLICT"}
    summary = {r[0]: r[1] for r in book["Riepilogo"].iter_rows(values_only=True) if r[0]}
    assert summary["Assegnate"] == len(week_plan.assignments)
    assert summary["Costo totale"] == week_plan.cost.total


def test_excel_times_are_local_wall_clock(dst_plan: ponte.Plan, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(dst_plan.to_excel(tmp_path / "dst.xlsx"))
    written = set()
    for title in book.sheetnames[1:-1]:
        for row in book[title].iter_rows(min_row=2, values_only=True):
            if isinstance(row[1], dt.datetime):
                written.add((row[6], row[1].strftime("%Y-%m-%dT%H:%M")))
    expected = {(a["request"], a["start"]) for a in dst_plan.solution["assignments"]}
    assert expected and expected <= written


def test_anonymized_excel_has_no_names_nor_mediator_ids(week_plan: ponte.Plan, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(week_plan.to_excel(tmp_path / "anon.xlsx", anonymize=True))
    # Not an empty workbook: every assignment is there, under a pseudonym.
    rows = _assignment_rows(book)
    assert rows and len(rows) == len(week_plan.assignments)
    assert sorted(str(r[6]) for r in rows) == sorted(a.request for a in week_plan.assignments)
    assert all(r[11] for r in rows), "every row names its mediator by a pseudonym"
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    text = "\n".join(cells)
    for name in _names(week_plan):
        assert name not in text
    for mid in week_plan.problem.mediator_ids:
        assert mid not in cells


def test_calendars_read_back_with_right_times_across_dst(dst_plan: ponte.Plan, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    paths = dst_plan.to_ics(tmp_path / "ics")
    assert len(paths) == len(dst_plan.problem.mediator_ids)
    expected: dict[str, tuple[dt.datetime, dt.datetime]] = {a.request: (a.start, a.end) for a in dst_plan.assignments}
    for s in dst_plan.sessions:
        for m in s.mediators:
            expected[f"{s.workshop}-{s.session}-{m.mediator}"] = (s.start, s.end)
    seen = 0
    for path in paths:
        data = path.read_bytes()
        assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
        cal = icalendar.Calendar.from_ical(data)
        assert [tz.get("TZID") for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]
        for event in cal.walk("VEVENT"):
            uid = str(event.get("UID")).split("@")[0]
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert start.tzinfo is not None
            want_start, want_end = expected[uid]
            assert start == want_start and end == want_end  # same instants
            assert start.utcoffset() == want_start.utcoffset()
            assert start.astimezone(ROME).strftime("%H:%M") == want_start.strftime("%H:%M")
            seen += 1
    assert seen == len(dst_plan.assignments) + sum(len(s.mediators) for s in dst_plan.sessions)


def test_vtimezone_lists_the_rome_transitions() -> None:
    lines = vtimezone("Europe/Rome", 2026, 2026)
    text = "\n".join(lines)
    assert "BEGIN:DAYLIGHT\nDTSTART:20260329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST" in text
    assert "BEGIN:STANDARD\nDTSTART:20261025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET" in text
    flat = vtimezone("UTC", 2026, 2026)
    assert sum(1 for x in flat if x.startswith("BEGIN:STANDARD")) == 1


def test_an_end_in_the_repeated_autumn_hour_is_written_in_utc() -> None:
    from ponte.ical import _moment

    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=ROME, fold=0)
    second = (first.astimezone(dt.timezone.utc) + dt.timedelta(hours=1)).astimezone(ROME)
    assert second.fold == 1
    assert _moment("DTEND", first, "Europe/Rome") == "DTEND;TZID=Europe/Rome:20261025T023000"
    assert _moment("DTEND", second, "Europe/Rome") == "DTEND:20261025T013000Z"


def test_text_is_escaped_and_folded_on_characters() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "àè" * 60
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_anonymized_calendars_have_no_names(week_plan: ponte.Plan, tmp_path: Path) -> None:
    paths = week_plan.to_ics(tmp_path / "anon", anonymize=True)
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    for name in _names(week_plan):
        assert name not in text
    for mid in week_plan.problem.mediator_ids:
        assert f"{mid}." not in {p.name for p in paths}
    one = calendar_text(week_plan, week_plan.problem.mediator_ids[0], anonymize=True)
    assert "X-WR-CALNAME:Mediazione – M" in one


# -- format 1.1: roles, series, fairness ----------------------------------------
@pytest.fixture(scope="module")
def plan11() -> ponte.Plan:
    """The format's 1.1 example and its solution (which the checker accepts,
    fairness 5): a team meeting with an Arabic and a Tigrinya role, a series,
    fair shares."""
    problem = ponte.load_problem(spec_example("example-1.1-problem.json"), validate=False)
    return ponte.load_plan(problem, spec_example("example-1.1-solution.json"))


def test_fairness_is_the_term_of_the_example_solution(plan11: ponte.Plan) -> None:
    fairness = plan11.fairness()
    assert isinstance(fairness, ponte.Fairness) and fairness.term == plan11.cost.fairness == 5
    got = {f.mediator: (f.share, f.engaged_minutes, f.proportional_minutes, f.deviation_minutes)
           for f in fairness.mediators}
    # Amina 90 (role 0 of r-101) + 60, Tesfay 90 (role 1 of r-101), Li 45 + 45; E = 330, S = 60.
    assert got == {"m-amina": (30, 150, 165, -15), "m-tesfay": (20, 90, 110, -20), "m-li": (10, 90, 55, 35)}


def test_fairness_of_the_format_text_and_exact_fractions(plan11: ponte.Plan) -> None:
    """Section 4's example (shares 20 and 10, 300 and 60 minutes: 20), then
    thirds of a minute that a float would round."""
    doc = spec_example("example-1.1-problem.json")
    for m in doc["mediators"]:
        m.pop("fair_share")
    doc["mediators"][0]["fair_share"], doc["mediators"][2]["fair_share"] = 20, 10
    solution = {"format": "ponte-solution/1", "sessions": [], "unassigned": [], "cost": {"total": 0},
                "assignments": [
                    {"request": "r-101", "role": 0, "mediator": "m-amina", "start": "2026-12-09T10:00",
                     "language": "ar", "modality": "in_person"},
                    {"request": "r-102", "mediator": "m-amina", "start": "2026-12-11T10:00",
                     "language": "ar", "modality": "in_person"},
                    {"request": "r-103", "mediator": "m-li", "start": "2026-12-09T11:00",
                     "language": "zh", "modality": "phone"}]}
    doc["requests"][0]["duration_minutes"], doc["requests"][1]["duration_minutes"] = 200, 100
    doc["requests"][2]["duration_minutes"] = 60
    plan = ponte.load_plan(ponte.load_problem(doc, validate=False), solution)
    f = plan.fairness()
    assert f.term == 20 and [(x.engaged_minutes, x.deviation_minutes) for x in f.mediators] == [(300, 60), (60, -60)]
    doc["mediators"][2]["fair_share"] = 11  # S = 31: proportional shares 360 * 20/31 and 360 * 11/31
    plan = ponte.load_plan(ponte.load_problem(doc, validate=False), solution)
    f = plan.fairness()
    assert [x.proportional_minutes for x in f.mediators] == [Fraction(7200, 31), Fraction(3960, 31)]
    assert sum(x.deviation_minutes for x in f.mediators) == 0
    # X = (300*31 - 360*20, 60*31 - 360*11) = (2100, -2100); 10 * 2 * 2100^2 / (3600 * 31^2) = 88200000 / 3459600 = 25.49
    assert f.term == 25
    doc["mediators"][2].pop("fair_share")
    assert ponte.load_plan(ponte.load_problem(doc, validate=False), solution).fairness().term == 0


def test_rows_and_dataframes_carry_roles_series_and_fairness(plan11: ponte.Plan) -> None:
    rows = plan_rows(plan11)
    meeting = [(r["role"], r["mediator"], r["language"]) for r in rows if r["request"] == "r-101"]
    assert meeting == [(0, "m-amina", "ar"), (1, "m-tesfay", "ti")]
    assert [r["series"] for r in rows if r["request"] in ("r-103", "r-104")] == ["zhang-school-weekly"] * 2
    assert all(r["role"] is None for r in rows if r["request"] != "r-101")
    s = plan11.summary()
    assert (s["requests"], s["assigned"], s["unassigned"], s["missing"]) == (5, 4, 1, 0)
    assert s["municipalities"]["rozzano"]["minutes"] == 90 * 2 + 60 + 45 * 2
    pd = pytest.importorskip("pandas")
    frame = plan11.to_dataframe("fairness")
    assert list(frame["mediator"]) == ["m-amina", "m-tesfay", "m-li"]
    assert list(frame["deviation_minutes"]) == [-15.0, -20.0, 35.0] and isinstance(frame, pd.DataFrame)


def test_excel_has_the_fairness_sheet_and_role_columns(plan11: ponte.Plan, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(plan11.to_excel(tmp_path / "plan.xlsx"))
    fair = [row for row in book["Equità"].iter_rows(values_only=True) if any(v is not None for v in row)]
    assert fair[0][:4] == ("Mediatore", "Nome mediatore", "Quota", "Minuti impegnati")
    assert fair[1:4] == [("m-amina", "Amina", 30, 150, 165, -15), ("m-tesfay", "Tesfay", 20, 90, 110, -20),
                         ("m-li", "Li", 10, 90, 55, 35)]
    assert fair[4][:2] == ("Costo: fairness", 5)
    town = list(book["Rozzano"].iter_rows(values_only=True))
    header = list(town[0])
    role, series = header.index("Ruolo"), header.index("Serie")
    assert sorted((r[6], r[role]) for r in town[1:] if r[6] == "r-101") == [("r-101", 0), ("r-101", 1)]
    assert {r[series] for r in town[1:] if r[6] == "r-104"} == {"zhang-school-weekly"}
    doc = spec_example("example-1.1-problem.json")
    for m in doc["mediators"]:
        m.pop("fair_share")
    plain = ponte.load_plan(ponte.load_problem(doc, validate=False), plan11.solution)
    assert "Equità" not in openpyxl.load_workbook(plain.to_excel(tmp_path / "plain.xlsx")).sheetnames


def test_each_role_is_an_event_in_its_mediators_calendar(plan11: ponte.Plan, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    events = {}
    for path in plan11.to_ics(tmp_path / "ics"):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            events[(path.stem, str(event.get("UID")).split("@")[0])] = event
    amina, tesfay = events[("m-amina", "r-101-role0")], events[("m-tesfay", "r-101-role1")]
    assert str(amina.get("SUMMARY")) == "Mediazione ar – psycho-social-team (ruolo 1 di 2)"
    assert str(tesfay.get("SUMMARY")) == "Mediazione ti – psycho-social-team (ruolo 2 di 2)"
    assert "Insieme a m-tesfay (ti)" in str(amina.get("DESCRIPTION"))
    assert amina.decoded("DTSTART") == tesfay.decoded("DTSTART") == dt.datetime(2026, 12, 9, 10, 0, tzinfo=ROME)
    assert sum(1 for (_, uid) in events if uid.startswith("r-101")) == 2
    assert "Serie zhang-school-weekly" in str(events[("m-li", "r-104")].get("DESCRIPTION"))


def test_anonymized_outputs_of_roles_and_fairness_name_nobody(tmp_path: Path) -> None:
    doc = spec_example("example-1.1-problem.json")
    plan = ponte.load_plan(ponte.load_problem(doc), spec_example("example-1.1-solution.json"))
    secrets = ["Amina", "Tesfay", "Li", "m-amina", "m-tesfay", "m-li", "case-3", "case-8"]
    calendars = {p.stem: p.read_text(encoding="utf-8") for p in plan.to_ics(tmp_path / "ics", anonymize=True)}
    text = "\n".join(calendars.values())
    assert text.count("psycho-social-team (ruolo") == 2 and "Insieme a M" in text
    for secret in secrets:
        assert re.search(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", text) is None, secret
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "anon.xlsx", anonymize=True))
    fair = [row for row in book["Equità"].iter_rows(values_only=True) if row[0] and str(row[0]).startswith("M")]
    assert len(fair) == 4 and fair[0][0] == "Mediatore"  # header and three pseudonyms
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert not cells & set(secrets)


def test_fairness_and_role_events_on_a_generated_1_1_plan(
    generate: Any, checker: Path, tmp_path: Path
) -> None:
    """The generator's planted plan of a problem with every 1.1 feature: the
    independent checker's recomputed ``fairness`` is the Python one, and
    each role entry is one event in its own mediator's calendar."""
    problem, witness = generate("s", 4, "--breaks", "--roles", "0.2", "--fair-shares", "--series", "0.3", "--worked",
                                "--windows", "0.3", "--replan", "0.3", witness=True)
    report = check_plan(checker, problem, json.loads(Path(witness).read_text(encoding="utf-8")), tmp_path)
    plan = ponte.load_plan(ponte.load_problem(problem, validate=False), witness)
    assert report["cost"]["recomputed"]["fairness"] > 0
    assert plan.fairness().term == report["cost"]["recomputed"]["fairness"]
    assert sum(f.engaged_minutes for f in plan.fairness().mediators) > 0
    entries = [a for a in plan.solution["assignments"] if "role" in a]
    assert entries, "the instance should have requests with roles assigned"
    calendars = {p.stem: p.read_text(encoding="utf-8") for p in plan.to_ics(tmp_path / "ics")}
    for a in entries:
        uid = f"UID:{a['request']}-role{a['role']}@"
        assert calendars[a["mediator"]].count(uid) == 1
        assert sum(text.count(uid) for text in calendars.values()) == 1
    rows = plan_rows(plan)
    assert sorted((r["request"], r["role"]) for r in rows if r["role"] is not None) == sorted(
        (a["request"], a["role"]) for a in entries)

"""Problems from tables: a generated problem and the format's 1.1 example
written as Italian-style CSV files (``;``, UTF-8 with BOM) and as an Excel
workbook read back to the same document; the cells of format 1.1 and their
errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import ponte
from conftest import spec_example
from ponte.tables import problem_from_csv_dir, problem_from_excel, problem_from_tables, read_csv

DAY_IT = {"mon": "lun", "tue": "mar", "wed": "mer", "thu": "gio", "fri": "ven", "sat": "sab", "sun": "dom"}


def rules_cell(rules: list[dict[str, Any]], italian: bool = False) -> str:
    parts = []
    for r in rules:
        head = r["date"] if "date" in r else ",".join(DAY_IT[d] if italian else d for d in r["days"])
        parts.append(f"{head} {r['from']}-{r['to']}")
    return " | ".join(parts)


def role_cell(roles: list[dict[str, Any]]) -> str:
    parts = []
    for role in roles:
        text = "/".join(role["languages"]) + (f":{role['min_level']}" if "min_level" in role else "")
        if role.get("skills"):
            text += " skills=" + ",".join(role["skills"])
        if "mediator_gender" in role:
            text += f" gender={role['mediator_gender']}"
        parts.append(text)
    return "; ".join(parts)


def windows_cell(windows: list[dict[str, str]]) -> str:
    parts = []
    for w in windows:
        day, end_day = w["earliest"][:10], w["latest"][:10]
        end = w["latest"][11:] if day == end_day else w["latest"].replace("T", " ")
        parts.append(f"{w['earliest'].replace('T', ' ')}..{end}")
    return "; ".join(parts)


def tables_of(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The inverse of ponte.tables, written independently for the test."""
    offices = [
        {"id": o["id"], "nome": o.get("name", ""), "comune": o["municipality"],
         "orari": rules_cell(o["opening"], italian=True), "chiusure": ", ".join(o.get("closed", [])),
         "capienza": o.get("capacity", "")}
        for o in doc["offices"]
    ]
    mediators = [
        {"id": m["id"], "name": m.get("name", ""), "home": m["home"],
         "languages": ", ".join(f"{x['code']}:{x['level']}" for x in m["languages"]),
         "modalities": ", ".join(m.get("modalities", [])), "skills": ", ".join(m.get("skills", [])),
         "gender": m.get("gender", ""), "availability": rules_cell(m["availability"]),
         "absences": " | ".join(f"{a['from']}..{a['to']}" for a in m.get("absences", [])),
         "max_minutes_per_day": m.get("max_minutes_per_day", ""),
         "max_minutes_per_week": m.get("max_minutes_per_week", ""),
         "quota": m.get("fair_share", ""),
         "lavorato": ", ".join(f"{w['date']}:{w['minutes']}" for w in m.get("worked", [])),
         "pausa_dopo": m.get("breaks", {}).get("after_minutes", ""),
         "pausa_minuti": m.get("breaks", {}).get("break_minutes", "")}
        for m in doc["mediators"]
    ]
    requests = []
    for r in doc["requests"]:
        prev = r.get("previous") or {}
        requests.append({
            "id": r["id"], "office": r["office"], "service": r.get("service", ""),
            "languages": ", ".join(r.get("languages", [])), "min_level": r.get("min_level", ""),
            "duration_minutes": r["duration_minutes"], "start": r.get("start", "").replace("T", " "),
            "earliest": r.get("earliest", ""), "latest": r.get("latest", ""),
            "modalities": ", ".join(r.get("modalities", [])), "priority": r.get("priority", ""),
            "skills": ", ".join(r.get("skills", [])), "mediator_gender": r.get("mediator_gender", ""),
            "case": r.get("case", ""), "preferred_mediator": r.get("preferred_mediator", ""),
            "previous_mediator": prev.get("mediator") or "; ".join(prev.get("mediators", [])),
            "previous_start": prev.get("start", ""), "locked": "sì" if r.get("locked") else "",
            "finestre": windows_cell(r.get("windows", [])), "serie": r.get("series", ""),
            "ruoli": role_cell(r.get("roles", [])),
        })
    municipalities = [
        {"id": m["id"], "name": m.get("name", ""),
         "lat": str(m["location"]["lat"]).replace(".", ",") if "location" in m else "",
         "lon": str(m["location"]["lon"]).replace(".", ",") if "location" in m else ""}
        for m in doc["municipalities"]
    ]
    workshops = [
        {"id": w["id"], "title": w.get("title", ""), "office": w["office"], "priority": w.get("priority", ""),
         "languages": ", ".join(w["languages"]), "min_level": w.get("min_level", ""), "session": s["id"],
         "start": s["start"], "duration_minutes": s["duration_minutes"]}
        for w in doc.get("workshops", []) for s in w["sessions"]
    ]
    net = doc.get("network", {})
    settings = [{"key": k, "value": v if not isinstance(v, list) else ", ".join(v)} for k, v in net.items()
                if k != "breaks"]
    if "breaks" in net:
        settings += [{"key": "pausa_dopo", "value": net["breaks"]["after_minutes"]},
                     {"key": "pausa_minuti", "value": net["breaks"]["break_minutes"]}]
    settings += [{"key": "horizon_start", "value": doc["horizon"]["start"]},
                 {"key": "horizon_end", "value": doc["horizon"]["end"]}]
    return {"uffici": offices, "mediators": mediators, "requests": requests, "municipalities": municipalities,
            "workshops": workshops, "settings": settings}


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """The document without what tables leave implicit (travel matrix, weights)."""
    doc = json.loads(json.dumps(doc))
    doc.pop("travel", None)
    doc.pop("weights", None)
    return doc


@pytest.fixture(scope="module")
def generated(generate: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(Path(generate("s", 4, "--replan", "0.2")).read_text(encoding="utf-8"))
    return doc


def test_csv_tables_give_back_the_document(generated: dict[str, Any], tmp_path: Path) -> None:
    for name, rows in tables_of(generated).items():
        write_csv(tmp_path / f"{name}.csv", rows)
    assert (tmp_path / "uffici.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    problem = problem_from_csv_dir(tmp_path, travel=generated.get("travel"), validate=False)
    assert comparable(problem.document) == comparable(generated)


def test_excel_tables_give_back_the_document(generated: dict[str, Any], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in tables_of(generated).items():
        sheet = book.create_sheet(name)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([row[k] if row[k] != "" else None for k in rows[0]])
    book.save(tmp_path / "tables.xlsx")
    problem = problem_from_excel(tmp_path / "tables.xlsx", validate=False)
    assert comparable(problem.document) == comparable(generated)


def test_tables_build_a_valid_problem(generated: dict[str, Any], tmp_path: Path) -> None:
    tables = tables_of(generated)
    problem = problem_from_tables(
        tables["uffici"], tables["mediators"], tables["requests"], municipalities=tables["municipalities"],
        workshops=tables["workshops"], settings=tables["settings"], travel=generated.get("travel"),
    )
    assert problem.validate() == []


def test_table_errors_of_the_format_name_the_row(generated: dict[str, Any]) -> None:
    tables = tables_of(generated)
    tables["requests"][2]["office"] = "nowhere"
    with pytest.raises(ponte.InvalidProblem) as info:
        problem_from_tables(tables["uffici"], tables["mediators"], tables["requests"],
                            municipalities=tables["municipalities"], settings=tables["settings"])
    assert any(e["path"] == "requests[2].office" and "row 4" in e["message"] for e in info.value.errors)


def test_cells_accept_italian_conventions(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_bytes(
        "\ufeffid;comune;orari;capienza;lat;lon\n"
        "o1;rozzano;lun-ven 9.00-12.30 | 07/12/2026 14:00-16:00;2;45,3817;9,1553\n".encode("utf-8")
    )
    rows = read_csv(tmp_path / "o.csv")
    assert rows[0]["municipality"] == "rozzano" and rows[0]["capacity"] == "2"
    problem = problem_from_tables(
        tmp_path / "o.csv",
        [{"ID": "m1", "Residenza": "rozzano", "Lingue": "ar madrelingua, fr fluente",
          "Modalità": "presenza, telefono", "Disponibilità": "lun,mer 08:30-13:00", "Assenze": "09/12/2026"}],
        [{"id": "r1", "ufficio": "o1", "lingue": "ar", "durata": 60.0, "dal": "07/12/2026 09:00",
          "entro": "2026-12-11T12:30", "priorità": "urgente", "bloccata": "no"}],
        validate=False,
    )
    doc = problem.document
    assert doc["horizon"] == {"start": "2026-12-07", "end": "2026-12-11"}
    assert doc["municipalities"] == [{"id": "rozzano", "location": {"lat": 45.3817, "lon": 9.1553}}]
    assert doc["offices"][0]["opening"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "12:30"},
        {"date": "2026-12-07", "from": "14:00", "to": "16:00"},
    ]
    m = doc["mediators"][0]
    assert m["languages"] == [{"code": "ar", "level": "native"}, {"code": "fr", "level": "fluent"}]
    assert m["modalities"] == ["in_person", "phone"]
    assert m["absences"] == [{"from": "2026-12-09T00:00", "to": "2026-12-10T00:00"}]
    r = doc["requests"][0]
    assert (r["earliest"], r["latest"], r["priority"], r["duration_minutes"]) == (
        "2026-12-07T09:00", "2026-12-11T12:30", "urgent", 60)
    assert "locked" not in r


# -- format 1.1 ---------------------------------------------------------------
@pytest.fixture(scope="module")
def example11() -> dict[str, Any]:
    """The format's 1.1 example problem (all six features)."""
    return spec_example("example-1.1-problem.json")


def test_the_1_1_example_as_csv_tables_gives_back_the_document(example11: dict[str, Any], tmp_path: Path) -> None:
    tables = tables_of(example11)
    assert any(r["ruoli"] for r in tables["requests"]) and any(r["finestre"] for r in tables["requests"])
    for name, rows in tables.items():
        if rows:
            write_csv(tmp_path / f"{name}.csv", rows)
    problem = problem_from_csv_dir(tmp_path, validate=False)
    assert comparable(problem.document) == comparable(example11)


def test_the_1_1_example_as_a_workbook_gives_back_the_document(example11: dict[str, Any], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in tables_of(example11).items():
        if not rows:
            continue
        sheet = book.create_sheet(name)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([row[k] if row[k] != "" else None for k in rows[0]])
    book.save(tmp_path / "tables.xlsx")
    problem = problem_from_excel(tmp_path / "tables.xlsx", validate=False)
    assert comparable(problem.document) == comparable(example11)


def test_the_1_1_example_tables_build_a_valid_problem(example11: dict[str, Any]) -> None:
    t = tables_of(example11)
    problem = problem_from_tables(t["uffici"], t["mediators"], t["requests"], municipalities=t["municipalities"],
                                  settings=t["settings"], travel=example11["travel"])
    assert problem.validate() == []


OFFICE = [{"id": "o1", "comune": "rozzano", "orari": "lun-ven 09:00-13:00"}]
MEDIATOR = {"id": "m1", "residenza": "rozzano", "lingue": "ar madrelingua", "disponibilita": "lun-ven 09:00-13:00"}
REQUEST = {"id": "r1", "ufficio": "o1", "lingue": "ar", "durata": 60, "inizio": "2026-12-09 10:00"}


def build(mediators: list[dict[str, Any]], requests: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    doc: dict[str, Any] = problem_from_tables(OFFICE, mediators, requests, validate=False, **options).document
    return doc


def errors_of(mediators: list[dict[str, Any]], requests: list[dict[str, Any]], **options: Any) -> list[dict[str, str]]:
    with pytest.raises(ponte.InvalidProblem) as info:
        problem_from_tables(OFFICE, mediators, requests, validate=False, horizon=("2026-12-07", "2026-12-13"), **options)
    assert all(e["code"] == "TABLE_VALUE" for e in info.value.errors)
    return list(info.value.errors)


def test_italian_cells_of_format_1_1() -> None:
    doc = build(
        [{**MEDIATOR, "Quota": "30", "Lavorato": "04/12/2026 180; 2026-12-07=240", "Pausa dopo": 240,
          "Pausa minuti": "15"},
         {**MEDIATOR, "id": "m2", "Minuti lavorati": "2026-12-07:0"}],
        [{**REQUEST, "lingue": "", "Ruoli": "ar : fluente competenze=psycho-social,health genere=f\nti/AM",
          "mediatori precedenti": "m1, m2", "inizio precedente": "2026-12-09 10:00", "serie": "zhang-weekly"},
         {**REQUEST, "id": "r2", "inizio": "", "Finestre": "10/12/2026 14:00-17:00 | 2026-12-08 09:00..12:30;"
          "2026-12-11 18:00..2026-12-12T09:00"}],
        settings=[{"chiave": "pausa_dopo", "valore": "360"}, {"chiave": "pausa_minuti", "valore": 30},
                  {"chiave": "horizon_start", "valore": "2026-12-08"}, {"chiave": "horizon_end", "valore": "2026-12-12"}],
    )
    assert doc["network"] == {"breaks": {"after_minutes": 360, "break_minutes": 30}}
    m1, m2 = doc["mediators"]
    assert (m1["fair_share"], m1["breaks"]) == (30, {"after_minutes": 240, "break_minutes": 15})
    assert m1["worked"] == [{"date": "2026-12-04", "minutes": 180}, {"date": "2026-12-07", "minutes": 240}]
    assert m2["worked"] == [{"date": "2026-12-07", "minutes": 0}] and "breaks" not in m2 and "fair_share" not in m2
    r1, r2 = doc["requests"]
    assert r1["roles"] == [
        {"languages": ["ar"], "min_level": "fluent", "skills": ["psycho-social", "health"], "mediator_gender": "f"},
        {"languages": ["ti", "am"]},
    ]
    assert "languages" not in r1 and r1["series"] == "zhang-weekly"
    assert r1["previous"] == {"start": "2026-12-09T10:00", "mediators": ["m1", "m2"]}
    assert r2["windows"] == [
        {"earliest": "2026-12-10T14:00", "latest": "2026-12-10T17:00"},
        {"earliest": "2026-12-08T09:00", "latest": "2026-12-08T12:30"},
        {"earliest": "2026-12-11T18:00", "latest": "2026-12-12T09:00"},
    ]
    assert not {"start", "earliest", "latest"} & set(r2)


def test_the_horizon_is_derived_from_windows_too() -> None:
    doc = build([MEDIATOR], [{**REQUEST, "inizio": "", "finestre": "2026-12-14 09:00..12:00; 2026-12-08 09:00..10:00"}])
    assert doc["horizon"] == {"start": "2026-12-08", "end": "2026-12-14"}


@pytest.mark.parametrize(
    ("med", "req", "path", "words"),
    [
        ({"quota": "0"}, {}, "mediators[0].fair_share", "above 0"),
        ({"quota": "1,5"}, {}, "mediators[0].fair_share", "whole number"),
        ({"lavorato": "2026-12-07"}, {}, "mediators[0].worked", "date:minutes"),
        ({"lavorato": "2026-13-07:60"}, {}, "mediators[0].worked", "expected a date"),
        ({"pausa_dopo": "360"}, {}, "mediators[0].break_minutes", "give both"),
        ({"pausa_minuti": "30"}, {}, "mediators[0].break_after_minutes", "give both"),
        ({"pausa_dopo": "360", "pausa_minuti": "0"}, {}, "mediators[0].break_minutes", "above 0"),
        ({}, {"inizio": "", "finestre": "2026-12-08 09:00"}, "requests[0].windows", "2026-12-08 09:00..12:00"),
        ({}, {"finestre": "2026-12-08 09:00..12:00"}, "requests[0].windows", "not windows and start"),
        ({}, {"dal": "2026-12-08 09:00"}, "requests[0].start", "not both"),
        ({}, {"lingue": "", "ruoli": "ar:fluent"}, "requests[0].roles", "at least 2"),
        ({}, {"ruoli": "ar; ti"}, "requests[0].languages", "not with roles"),
        ({}, {"lingue": "", "ruoli": "ar; ti", "genere_mediatore": "", "livello_minimo": "fluent"},
         "requests[0].min_level", "not with roles"),
        ({}, {"lingue": "", "ruoli": "ar:expert; ti"}, "requests[0].roles", "one level per role"),
        ({}, {"lingue": "", "ruoli": "ar colour=red; ti"}, "requests[0].roles", "'colour=red'"),
        ({}, {"lingue": "", "ruoli": "ar fr; ti"}, "requests[0].roles", "separated by '/'"),
        ({}, {"lingue": "", "ruoli": "ar skills=legal competenze=health; ti"}, "requests[0].roles", "given twice"),
        ({}, {"lingue": "", "ruoli": "ar:fluent native; ti"}, "requests[0].roles", "one level per role"),
        ({}, {"lingue": "", "ruoli": "ar; ti", "previous_mediator": "m1", "previous_start": "2026-12-09 10:00"},
         "requests[0].previous_mediator", "one mediator per role"),
        ({}, {"previous_mediator": "m1, m2", "previous_start": "2026-12-09 10:00"},
         "requests[0].previous_mediator", "several only for a request with roles"),
    ],
)
def test_bad_cells_of_format_1_1_name_row_and_column(
    med: dict[str, Any], req: dict[str, Any], path: str, words: str
) -> None:
    errors = errors_of([{**MEDIATOR, **med}], [{**REQUEST, **req}])
    assert [e["path"] for e in errors] == [path], errors
    assert words in errors[0]["message"] and "row 2" in errors[0]["message"]


def test_a_misspelt_setting_is_an_error_not_ignored() -> None:
    errors = errors_of([MEDIATOR], [REQUEST], settings=[{"key": "name", "value": "x"}, {"key": "pausa_dop", "value": 30}])
    assert [e["path"] for e in errors] == ["settings[1].key"] and "pausa_dop" in errors[0]["message"]


GEN_11 = ("--breaks", "--roles", "0.2", "--fair-shares", "--series", "0.3", "--worked", "--windows", "0.3", "--replan", "0.3")


def test_a_generated_1_1_problem_as_tables_gives_back_the_document(generate: Any, tmp_path: Path) -> None:
    """Every feature of 1.1 on 70 requests (roles with skills and several
    languages, roles with windows, previous mediators per role, locked ones)."""
    doc: dict[str, Any] = json.loads(Path(generate("s", 4, *GEN_11)).read_text(encoding="utf-8"))
    requests = doc["requests"]
    assert any("roles" in r and "previous" in r for r in requests) and any("windows" in r for r in requests)
    assert any("worked" in m for m in doc["mediators"]) and any("breaks" in m for m in doc["mediators"])
    for name, rows in tables_of(doc).items():
        if rows:
            write_csv(tmp_path / f"{name}.csv", rows)
    problem = problem_from_csv_dir(tmp_path, travel=doc.get("travel"), validate=False)
    assert comparable(problem.document) == comparable(doc)


def test_a_generated_1_1_problem_from_tables_is_valid(generate: Any, tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(Path(generate("s", 4, *GEN_11)).read_text(encoding="utf-8"))
    t = tables_of(doc)
    problem = problem_from_tables(t["uffici"], t["mediators"], t["requests"], municipalities=t["municipalities"],
                                  workshops=t["workshops"], settings=t["settings"], travel=doc.get("travel"))
    assert problem.validate() == []

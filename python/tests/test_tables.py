"""Problems from tables: a generated problem written as Italian-style CSV
files (``;``, UTF-8 with BOM) and as an Excel workbook reads back to the
same document."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import ponte
from ponte.tables import problem_from_csv_dir, problem_from_excel, problem_from_tables, read_csv

DAY_IT = {"mon": "lun", "tue": "mar", "wed": "mer", "thu": "gio", "fri": "ven", "sat": "sab", "sun": "dom"}


def rules_cell(rules: list[dict[str, Any]], italian: bool = False) -> str:
    parts = []
    for r in rules:
        head = r["date"] if "date" in r else ",".join(DAY_IT[d] if italian else d for d in r["days"])
        parts.append(f"{head} {r['from']}-{r['to']}")
    return " | ".join(parts)


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
         "max_minutes_per_week": m.get("max_minutes_per_week", "")}
        for m in doc["mediators"]
    ]
    requests = []
    for r in doc["requests"]:
        prev = r.get("previous") or {}
        requests.append({
            "id": r["id"], "office": r["office"], "service": r.get("service", ""),
            "languages": ", ".join(r["languages"]), "min_level": r.get("min_level", ""),
            "duration_minutes": r["duration_minutes"], "start": r.get("start", "").replace("T", " "),
            "earliest": r.get("earliest", ""), "latest": r.get("latest", ""),
            "modalities": ", ".join(r.get("modalities", [])), "priority": r.get("priority", ""),
            "skills": ", ".join(r.get("skills", [])), "mediator_gender": r.get("mediator_gender", ""),
            "case": r.get("case", ""), "preferred_mediator": r.get("preferred_mediator", ""),
            "previous_mediator": prev.get("mediator", ""), "previous_start": prev.get("start", ""),
            "locked": "sì" if r.get("locked") else "",
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
    settings = [{"key": k, "value": v if not isinstance(v, list) else ", ".join(v)} for k, v in net.items()]
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

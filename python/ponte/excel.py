"""Excel output: a workbook for the planners of the network.

Sheets: ``Riepilogo`` (summary: network, horizon, counts per municipality,
cost terms), one sheet per municipality (its appointments and workshop
sessions, by time; a request with roles has one row per role, with its
0-based ``Ruolo``, and a recurring one its ``Serie``), ``Non assegnate``
(unassigned requests with their reasons) and, when some mediator has a
``fair_share``, ``Equità`` (each such mediator's share, engaged minutes,
proportional share and deviation, and the cost term ``fairness``). Times are the wall-clock times of the network's zone (Excel has no
time zones; the summary names the zone). Needs the ``excel`` extra
(openpyxl). With ``anonymize=True`` no mediator name appears and mediator
and case ids are pseudonyms, so the workbook can be published.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Union

from ._errors import writing
from ._plan import PlanData
from ._rows import plan_rows

SUMMARY = "Riepilogo"
UNASSIGNED = "Non assegnate"
FAIRNESS = "Equità"
_ASSIGNMENT_COLUMNS = [
    ("date", "Data"), ("start", "Inizio"), ("end", "Fine"), ("office", "Ufficio"), ("office_name", "Nome ufficio"),
    ("service", "Servizio"), ("request", "Richiesta"), ("priority", "Priorità"), ("case", "Caso"),
    ("language", "Lingua"), ("modality", "Modalità"), ("mediator", "Mediatore"), ("mediator_name", "Nome mediatore"),
    ("minutes", "Minuti"), ("role", "Ruolo"), ("series", "Serie"),
]
_FAIRNESS_COLUMNS = [
    ("mediator", "Mediatore"), ("mediator_name", "Nome mediatore"), ("share", "Quota"),
    ("engaged_minutes", "Minuti impegnati"), ("proportional_minutes", "Minuti in proporzione alla quota"),
    ("deviation_minutes", "Scarto (minuti)"),
]
_SESSION_COLUMNS = [
    ("date", "Data"), ("start", "Inizio"), ("end", "Fine"), ("office", "Ufficio"), ("workshop", "Laboratorio"),
    ("title", "Titolo"), ("session", "Sessione"), ("mediators", "Mediatori"), ("uncovered", "Lingue scoperte"),
]
_UNASSIGNED_COLUMNS = [
    ("request", "Richiesta"), ("municipality", "Comune"), ("office", "Ufficio"), ("office_name", "Nome ufficio"),
    ("service", "Servizio"), ("priority", "Priorità"), ("reason", "Motivo"), ("explanation", "Spiegazione"),
    ("blocking", "Bloccata da"),
]


def _sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Comune"
    base, n = title, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def write_plan(plan: PlanData, path: Union[str, "os.PathLike[str]"], *, anonymize: bool = False) -> Path:
    """Writes the plan's workbook to ``path`` and returns it."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("Excel output needs openpyxl: pip install 'ponte[excel]'") from err

    bold = Font(bold=True)
    book = Workbook()
    summary_sheet = book.active
    assert summary_sheet is not None
    summary_sheet.title = SUMMARY
    taken = {SUMMARY.lower(), UNASSIGNED.lower(), FAIRNESS.lower()}

    def table(sheet: Any, columns: list[tuple[str, str]], rows: list[dict[str, Any]], first_row: int = 1) -> int:
        for j, (_, header) in enumerate(columns, 1):
            sheet.cell(row=first_row, column=j, value=header).font = bold
        for i, row in enumerate(rows, first_row + 1):
            for j, (key, _) in enumerate(columns, 1):
                cell = sheet.cell(row=i, column=j, value=row.get(key))
                if key in ("start", "end"):
                    cell.number_format = "hh:mm"
                elif key == "date":
                    cell.number_format = "dd/mm/yyyy"
        for j, (key, header) in enumerate(columns, 1):
            width = max([len(header)] + [len(str(r.get(key) or "")) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
        return first_row + len(rows) + 1

    s = plan.summary()
    lines: list[tuple[str, Any]] = [
        ("Rete", s["network"] or ""), ("Periodo", f"{s['horizon'][0]} – {s['horizon'][1]}"),
        ("Fuso orario", plan.problem.timezone), ("Richieste", s["requests"]), ("Assegnate", s["assigned"]),
        ("Non assegnate", s["unassigned"]), ("Sessioni di laboratorio", s["sessions"]),
        ("Costo totale", s["cost"]["total"]),
    ]
    lines += [(f"Costo: {k}", v) for k, v in s["cost"].items() if k != "total"]
    lines += [(f"Motivo {k}", v) for k, v in s["unassigned_reasons"].items()]
    for i, (label, value) in enumerate(lines, 1):
        summary_sheet.cell(row=i, column=1, value=label).font = bold
        summary_sheet.cell(row=i, column=2, value=value)
    start = len(lines) + 2
    header = ["Comune", "Assegnate", "Non assegnate", "Minuti", "Sessioni"]
    for j, h in enumerate(header, 1):
        summary_sheet.cell(row=start, column=j, value=h).font = bold
    for i, (mid, counts) in enumerate(sorted(s["municipalities"].items()), start + 1):
        name = plan.problem.municipality(mid).get("name") or mid
        for j, value in enumerate(
            [name, counts["assigned"], counts["unassigned"], counts["minutes"], counts["sessions"]], 1
        ):
            summary_sheet.cell(row=i, column=j, value=value)
    summary_sheet.column_dimensions["A"].width = 28
    summary_sheet.column_dimensions["B"].width = 24

    assignments = plan_rows(plan, "assignments", anonymize=anonymize, naive=True)
    sessions = plan_rows(plan, "sessions", anonymize=anonymize, naive=True)
    towns = sorted({r["municipality"] for r in assignments} | {r["municipality"] for r in sessions})
    columns = [c for c in _ASSIGNMENT_COLUMNS if not (anonymize and c[0] == "mediator_name")]
    for town in towns:
        sheet = book.create_sheet(_sheet_title(town, taken))
        next_row = table(sheet, columns, [r for r in assignments if r["municipality"] == town])
        town_sessions = [r for r in sessions if r["municipality"] == town]
        if town_sessions:
            sheet.cell(row=next_row + 1, column=1, value="Laboratori").font = bold
            table(sheet, _SESSION_COLUMNS, town_sessions, first_row=next_row + 2)
        sheet.freeze_panes = "A2"
    unassigned_sheet = book.create_sheet(UNASSIGNED)
    table(unassigned_sheet, _UNASSIGNED_COLUMNS, plan_rows(plan, "unassigned", anonymize=anonymize))
    unassigned_sheet.freeze_panes = "A2"
    fairness = plan_rows(plan, "fairness", anonymize=anonymize)
    if fairness:
        sheet = book.create_sheet(FAIRNESS)
        fair_columns = [c for c in _FAIRNESS_COLUMNS if not (anonymize and c[0] == "mediator_name")]
        next_row = table(sheet, fair_columns, fairness)
        sheet.cell(row=next_row + 1, column=1, value="Costo: fairness").font = bold
        sheet.cell(row=next_row + 1, column=2, value=plan.fairness().term)
        sheet.freeze_panes = "A2"
    target = Path(path)
    with writing(target):
        book.save(target)
    return target

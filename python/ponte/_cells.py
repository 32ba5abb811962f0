"""Cell parsing for :mod:`ponte.tables`: the vocabularies (English and
Italian headers, days, levels, modalities, priorities) and a parser that
reads one table's cells into format values, collecting every error with the
table, row and column."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Mapping, Optional

Row = dict[str, Any]

ALIASES = {
    "nome": "name", "comune": "municipality", "orari": "opening", "apertura": "opening",
    "chiusure": "closed", "chiuso": "closed", "capienza": "capacity", "residenza": "home",
    "lingue": "languages", "modalita": "modalities", "modalità": "modalities",
    "competenze": "skills", "genere": "gender", "disponibilita": "availability",
    "disponibilità": "availability", "assenze": "absences", "ufficio": "office",
    "servizio": "service", "durata": "duration_minutes", "durata_minuti": "duration_minutes",
    "inizio": "start", "dal": "earliest", "entro": "latest", "priorita": "priority",
    "priorità": "priority", "caso": "case", "bloccata": "locked", "titolo": "title",
    "livello_minimo": "min_level", "sessione": "session", "chiave": "key", "valore": "value",
    # format 1.1
    "quota": "fair_share", "lavorato": "worked", "minuti_lavorati": "worked",
    "pausa_dopo": "break_after_minutes", "pausa_dopo_minuti": "break_after_minutes",
    "pausa_minuti": "break_minutes", "pausa": "break_minutes", "finestre": "windows", "serie": "series",
    "ruoli": "roles", "mediatore_precedente": "previous_mediator", "mediatori_precedenti": "previous_mediator",
    "previous_mediators": "previous_mediator", "inizio_precedente": "previous_start",
}
#: Keys inside a role of the ``roles`` cell (English and Italian).
ROLE_KEYS = {"level": "min_level", "min_level": "min_level", "livello": "min_level", "skills": "skills",
             "competenze": "skills", "gender": "mediator_gender", "genere": "mediator_gender"}
TABLE_ALIASES = {
    "uffici": "offices", "mediatori": "mediators", "richieste": "requests", "comuni": "municipalities",
    "laboratori": "workshops", "impostazioni": "settings",
}
DAYS = {
    "mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri", "sat": "sat", "sun": "sun",
    "lun": "mon", "mar": "tue", "mer": "wed", "gio": "thu", "ven": "fri", "sab": "sat", "dom": "sun",
}
WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LEVELS = {"working": "working", "fluent": "fluent", "native": "native", "base": "working",
          "fluente": "fluent", "madrelingua": "native"}
MODALITIES = {"in_person": "in_person", "phone": "phone", "video": "video", "presenza": "in_person",
              "in_presenza": "in_person", "telefono": "phone", "videochiamata": "video"}
PRIORITIES = {"urgent": "urgent", "high": "high", "normal": "normal", "low": "low", "urgente": "urgent",
              "alta": "high", "normale": "normal", "bassa": "low"}
TRUE = {"si", "sì", "yes", "true", "1", "x", "vero"}
FALSE = {"no", "false", "0", "", "falso"}


# -- cell parsing -----------------------------------------------------------
class _Cells:
    """Parses the cells of one table, collecting every error."""

    def __init__(self, table: str, errors: list[dict[str, str]]) -> None:
        self.table = table
        self.errors = errors
        self.row = 0

    def fail(self, column: str, message: str) -> None:
        self.errors.append({
            "code": "TABLE_VALUE",
            "path": f"{self.table}[{self.row}].{column}",
            "message": f"{self.table} table, row {self.row + 2}, column {column}: {message}",
        })

    @staticmethod
    def blank(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def text(self, row: Row, column: str, required: bool = False) -> Optional[str]:
        value = row.get(column)
        if self.blank(value):
            if required:
                self.fail(column, "required")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def items(self, row: Row, column: str, separators: str = r"[,\n]") -> list[str]:
        value = self.text(row, column)
        return [p.strip() for p in re.split(separators, value) if p.strip()] if value else []

    def integer(self, row: Row, column: str, required: bool = False) -> Optional[int]:
        value = row.get(column)
        if self.blank(value):
            if required:
                self.fail(column, "required")
            return None
        if isinstance(value, bool):
            self.fail(column, "expected a whole number")
            return None
        if isinstance(value, (int, float)) and float(value).is_integer():
            return int(value)
        text = str(value).strip()
        if re.fullmatch(r"\d+", text):
            return int(text)
        self.fail(column, f"expected a whole number, got {text!r}")
        return None

    def number(self, row: Row, column: str) -> Optional[float]:
        value = row.get(column)
        if self.blank(value):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        try:
            return float(str(value).strip().replace(",", "."))
        except ValueError:
            self.fail(column, f"expected a number, got {value!r}")
            return None

    def boolean(self, row: Row, column: str) -> Optional[bool]:
        value = row.get(column)
        if isinstance(value, bool):
            return value
        if self.blank(value):
            return None
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.fail(column, f"expected si/no, got {value!r}")
        return None

    def choice(self, row: Row, column: str, table: Mapping[str, str]) -> Optional[str]:
        value = self.text(row, column)
        if value is None:
            return None
        key = value.lower().replace(" ", "_")
        if key not in table:
            self.fail(column, f"{value!r} is not one of {', '.join(sorted(set(table.values())))}")
            return None
        return table[key]

    def choices(self, row: Row, column: str, table: Mapping[str, str]) -> list[str]:
        out = []
        for item in self.items(row, column):
            key = item.lower().replace(" ", "_")
            if key in table:
                out.append(table[key])
            else:
                self.fail(column, f"{item!r} is not one of {', '.join(sorted(set(table.values())))}")
        return out

    def date(self, value: Any, column: str) -> Optional[str]:
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        text = str(value).strip()
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or None
        if m:
            try:
                return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                pass
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if m:
            try:
                return _dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
            except ValueError:
                pass
        self.fail(column, f"expected a date (2026-12-07 or 07/12/2026), got {text!r}")
        return None

    def dates(self, row: Row, column: str) -> list[str]:
        value = row.get(column)
        if self.blank(value):
            return []
        if isinstance(value, (_dt.date, _dt.datetime)):
            return [d for d in [self.date(value, column)] if d]
        return [d for d in (self.date(v, column) for v in self.items(row, column)) if d]

    def datetime(self, value: Any, column: str) -> Optional[str]:
        if isinstance(value, _dt.datetime):
            return value.strftime("%Y-%m-%dT%H:%M")
        text = str(value).strip()
        m = re.fullmatch(r"(\S+)[T ](\d{1,2}):(\d{2})", text)
        if m:
            day = self.date(m[1], column)
            if day:
                return f"{day}T{int(m[2]):02d}:{m[3]}"
            return None
        self.fail(column, f"expected a date and time (2026-12-07 09:00), got {text!r}")
        return None

    def optional_datetime(self, row: Row, column: str) -> Optional[str]:
        value = row.get(column)
        return None if self.blank(value) else self.datetime(value, column)

    def rules(self, row: Row, column: str) -> list[dict[str, Any]]:
        value = self.text(row, column)
        if not value:
            return []
        out: list[dict[str, Any]] = []
        for part in (p.strip() for p in re.split(r"[|\n]", value)):
            if not part:
                continue
            m = re.fullmatch(r"(.+?)\s+(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})", part)
            if not m:
                self.fail(column, f"expected 'mon,wed 09:00-12:30' or '2026-12-07 09:00-12:00', got {part!r}")
                continue
            span = {"from": _clock(m[2]), "to": _clock(m[3])}
            head = m[1].strip()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", head):
                day = self.date(head, column)
                if day:
                    out.append({"date": day, **span})
                continue
            days = self._days(head, column)
            if days:
                out.append({"days": days, **span})
        return out

    def _days(self, text: str, column: str) -> list[str]:
        days: list[str] = []
        for item in re.split(r"[,\s]+", text.lower()):
            if not item:
                continue
            if "-" in item:
                a, _, b = item.partition("-")
                if a[:3] in DAYS and b[:3] in DAYS:
                    i, j = WEEK.index(DAYS[a[:3]]), WEEK.index(DAYS[b[:3]])
                    days.extend(WEEK[i : j + 1] if i <= j else WEEK[i:] + WEEK[: j + 1])
                    continue
            elif item[:3] in DAYS:
                days.append(DAYS[item[:3]])
                continue
            self.fail(column, f"{item!r} is not a day (mon..sun, lun..dom)")
            return []
        return list(dict.fromkeys(days))

    def positive(self, row: Row, column: str) -> Optional[int]:
        """A whole number > 0 (format 1.1's shares and break minutes)."""
        value = self.integer(row, column)
        if value is not None and value < 1:
            self.fail(column, f"expected a whole number above 0, got {value}")
            return None
        return value

    def worked(self, row: Row, column: str) -> list[dict[str, Any]]:
        """Minutes worked before the horizon: ``2026-12-04:180, 2026-12-07:240``
        (a date, then ``:``, ``=`` or a space, then minutes; entries separated
        by ``,``, ``;``, ``|`` or new lines)."""
        value = self.text(row, column)
        if not value:
            return []
        out: list[dict[str, Any]] = []
        for part in (p.strip() for p in re.split(r"[,;|\n]", value)):
            if not part:
                continue
            m = re.fullmatch(r"(\S+?)\s*(?:[:=]|\s)\s*(\d+)", part)
            if not m:
                self.fail(column, f"expected 'date:minutes' such as '2026-12-07:240', got {part!r}")
                continue
            day = self.date(m[1], column)
            if day:
                out.append({"date": day, "minutes": int(m[2])})
        return out

    def windows(self, row: Row, column: str) -> list[dict[str, str]]:
        """Several windows: ``2026-12-08 09:00..12:00; 2026-12-10 14:00..17:00``
        (a date and two clock times, ``..`` or ``-`` between them, or two
        date-times ``2026-12-08 18:00..2026-12-09 10:00``; windows separated by
        ``;``, ``|`` or new lines)."""
        value = row.get(column)
        if self.blank(value):
            return []
        out: list[dict[str, str]] = []
        for part in (p.strip() for p in re.split(r"[;|\n]", str(value))):
            if not part:
                continue
            m = re.fullmatch(r"(\S+)[T ]\s*(\d{1,2}[:.]\d{2})\s*(?:\.\.|-)\s*(\d{1,2}[:.]\d{2})", part)
            if m:
                day = self.date(m[1], column)
                if day:
                    out.append({"earliest": f"{day}T{_clock(m[2])}", "latest": f"{day}T{_clock(m[3])}"})
                continue
            if ".." in part:
                a, _, b = part.partition("..")
                earliest, latest = self.datetime(a, column), self.datetime(b, column)
                if earliest and latest:
                    out.append({"earliest": earliest, "latest": latest})
                continue
            self.fail(column, f"expected '2026-12-08 09:00..12:00' or '2026-12-08 18:00..2026-12-09 10:00', got {part!r}")
        return out

    def roles(self, row: Row, column: str, levels: Mapping[str, str]) -> list[dict[str, Any]]:
        """The roles of a request that needs several mediators at once, one
        per part separated by ``;``, ``|`` or new lines: languages (most
        preferred first, ``/`` or ``,`` between them), optionally ``:level``,
        then optionally ``skills=a,b`` (``competenze=``) and ``gender=f``
        (``genere=``): ``ar:fluent skills=psycho-social gender=f; ti/am``."""
        value = self.text(row, column)
        if not value:
            return []
        out: list[dict[str, Any]] = []
        for part in (p.strip() for p in re.split(r"[;|\n]", value)):
            if not part:
                continue
            tokens = re.sub(r"\s*([,=:/])\s*", r"\1", part).split()
            head, _, level = tokens[0].partition(":")
            role: dict[str, Any] = {"languages": [x.lower() for x in re.split(r"[/,]", head) if x]}
            if not role["languages"] or ":" in level:
                self.fail(column, f"{part!r}: a role starts with its languages, e.g. 'ar:fluent' or 'ti/am'")
                continue
            ok = True
            if level:
                ok = self._role_level(role, level, part, column, levels)
            for token in tokens[1:]:
                key, eq, val = token.partition("=")
                name = ROLE_KEYS.get(key.lower()) if eq else None
                if not eq and key.lower() in levels:
                    name, val = "min_level", key
                if name is None or not val:
                    self.fail(column, f"{part!r}: {token!r} is not 'skills=...', 'gender=...' or a level "
                              "(a role's languages go together, separated by '/')")
                    ok = False
                elif name in role and name != "min_level":
                    self.fail(column, f"{part!r}: {key} given twice")
                    ok = False
                elif name == "min_level":
                    ok = self._role_level(role, val, part, column, levels) and ok
                elif name == "skills":
                    role["skills"] = [x for x in val.split(",") if x]
                else:
                    role[name] = val
            if ok:
                out.append(role)
        return out

    def _role_level(self, role: dict[str, Any], level: str, part: str, column: str, levels: Mapping[str, str]) -> bool:
        if "min_level" in role or level.lower() not in levels:
            self.fail(column, f"{part!r}: one level per role (working, fluent, native), got {level!r}")
            return False
        role["min_level"] = levels[level.lower()]
        return True

    def absences(self, row: Row, column: str) -> list[dict[str, str]]:
        value = row.get(column)
        if self.blank(value):
            return []
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = self.date(value, column)
        out = []
        for part in (p.strip() for p in re.split(r"[|\n,]", str(value))):
            if not part:
                continue
            if ".." in part:
                a, _, b = part.partition("..")
                start, end = self.datetime(a, column), self.datetime(b, column)
                if start and end:
                    out.append({"from": start, "to": end})
                continue
            day = self.date(part, column)
            if day:
                following = _dt.date.fromisoformat(day) + _dt.timedelta(days=1)
                out.append({"from": f"{day}T00:00", "to": f"{following.isoformat()}T00:00"})
        return out


def _clock(text: str) -> str:
    h, m = re.split(r"[:.]", text)
    return f"{int(h):02d}:{m}"



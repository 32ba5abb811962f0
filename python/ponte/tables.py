"""Problems from tables (CSV or Excel), and plans as rows.

A planner keeps offices, mediators and requests in spreadsheets. This module
turns them into a ``ponte-problem/1`` document: one row per office, mediator,
request (and optionally municipality and workshop session), one column per
field. CSV files may use ``;`` (the Italian Excel default) or ``,`` as the
separator and may start with a UTF-8 BOM; Excel workbooks need the ``excel``
extra (openpyxl). Headers are case-insensitive; spaces become ``_``; the
Italian names in brackets are accepted too.

Columns
-------

**offices** (``uffici``): ``id``, ``name`` (nome), ``municipality`` (comune),
``opening`` (orari; weekly rules, below), ``closed`` (chiusure; dates),
``capacity`` (capienza; empty = unlimited), and optionally
``municipality_name``, ``lat``, ``lon`` for the municipality.

**mediators** (``mediatori``): ``id``, ``name``, ``home`` (residenza;
municipality id), ``languages`` (lingue; ``ar:native, fr:fluent``; levels
``working``/``fluent``/``native`` or ``base``/``fluente``/``madrelingua``),
``modalities`` (modalita; ``in_person, phone, video`` or ``presenza,
telefono``; empty = in person), ``skills`` (competenze), ``gender`` (genere),
``availability`` (disponibilita; weekly rules), ``absences`` (assenze; dates
for whole days, or ``2026-12-09 08:00..2026-12-09 13:00``),
``max_minutes_per_day``, ``max_minutes_per_week``, and optionally
``home_lat``, ``home_lon``. Format 1.1: ``fair_share`` (quota; a whole
number > 0, e.g. contracted weekly hours), ``worked`` (lavorato; minutes
worked before the horizon, ``2026-12-04:180, 2026-12-07:240``) and the
mediator's own break rule ``break_after_minutes`` (pausa_dopo) with
``break_minutes`` (pausa_minuti), both or neither.

**requests** (``richieste``): ``id``, ``office`` (ufficio), ``service``
(servizio), ``languages`` (lingue; most preferred first), ``min_level``,
``duration_minutes`` (durata), either ``start`` (inizio; fixed) or
``earliest`` and ``latest`` (dal, entro), ``modalities``, ``priority``
(priorita; ``urgent``/``high``/``normal``/``low`` or
``urgente``/``alta``/``normale``/``bassa``), ``skills``,
``mediator_gender``, ``case`` (caso), ``preferred_mediator``,
``previous_mediator`` (mediatore_precedente), ``previous_start``
(inizio_precedente), ``locked`` (bloccata; ``si``/``no``). Format 1.1:
``windows`` (finestre) instead of start or earliest/latest,
``2026-12-08 09:00..12:00; 2026-12-10 14:00..17:00``; ``series`` (serie);
``roles`` (ruoli) for a request that needs several mediators at once, one
role per part separated by ``;``: its languages (``/`` between them, most
preferred first), optionally ``:level``, then ``skills=a,b``
(competenze=) and ``gender=f`` (genere=), e.g.
``ar:fluent skills=psycho-social gender=f; ti/am``. Such a request leaves
``languages``, ``min_level``, ``skills`` and ``mediator_gender`` empty, and
its ``previous_mediator`` (mediatori_precedenti) lists one mediator per
role in role order (``m-amina; m-tesfay``).

**municipalities** (``comuni``, optional): ``id``, ``name``, ``lat``, ``lon``.
Without it, municipalities are taken from the offices' and mediators'
columns.

**workshops** (``laboratori``, optional): one row per session: ``id``,
``title``, ``office``, ``priority``, ``languages``, ``min_level``,
``session`` (session id), ``start``, ``duration_minutes``.

**settings** (``impostazioni``, optional; two columns ``key``, ``value``):
``name``, ``timezone``, ``slot_minutes``, ``holidays`` (``IT`` or ``none``),
``closed`` (dates), ``horizon_start``, ``horizon_end``, ``speed_kmh``,
``road_factor``, ``intra_municipality_minutes``, and the network's break
rule ``break_after_minutes`` (pausa_dopo) with ``break_minutes``
(pausa_minuti). An unknown key is an error. Arguments of
:func:`problem_from_tables` override it.

Values
------

- Lists are separated by ``,`` (or new lines); a list of rules by ``|`` or
  new lines.
- Weekly rule: days then a time span, ``mon,wed,fri 09:00-12:30``; day
  ranges ``mon-fri``; Italian days ``lun mar mer gio ven sab dom``. A one-off
  rule has a date instead of days: ``2026-12-07 09:00-12:00``.
- Dates ``2026-12-07`` or ``07/12/2026``; date-times ``2026-12-07 09:00``,
  ``2026-12-07T09:00`` or ``07/12/2026 09:00``, local to the network's zone;
  Excel date cells work too.
- Numbers may use a decimal comma (``45,3817``).

Errors in cells are reported all at once as ``InvalidProblem`` with code
``TABLE_VALUE`` and a path such as ``mediators[4].languages`` (row 4 of the
data, the header not counted, 0-based like the JSON) and the table's row
number in the message.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from ._api import Problem
from ._cells import ALIASES, LEVELS, MODALITIES, PRIORITIES, TABLE_ALIASES, Row, _Cells
from ._errors import invalid_argument, invalid_problem
from ._ponte import InvalidProblem
from ._rows import plan_rows as plan_rows  # public here as ponte.tables.plan_rows

TableSource = Union[str, "os.PathLike[str]", Sequence[Mapping[str, Any]], Any]

# -- reading tables ---------------------------------------------------------
def _header(name: Any) -> str:
    key = str(name).strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def read_csv(path: Union[str, "os.PathLike[str]"]) -> list[Row]:
    """Rows of a CSV file: ``;`` or ``,`` separated, UTF-8 with or without BOM
    (Windows-1252 accepted as a fallback)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as err:
        raise invalid_argument("path", f"no such file: {path}") from err
    except OSError as err:
        raise invalid_argument("path", f"cannot read {path}: {err.strerror}") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for raw in reader:
        row = {_header(k): (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k is not None}
        if any(v not in (None, "") for v in row.values()):
            rows.append(row)
    return rows


def read_workbook(path: Union[str, "os.PathLike[str]"]) -> dict[str, list[Row]]:
    """Every sheet of an Excel workbook as rows (needs openpyxl), keyed by the
    table name (``offices``, ``mediators``, ...; Italian sheet names accepted)."""
    try:
        import openpyxl
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("reading Excel needs openpyxl: pip install 'ponte[excel]'") from err
    if not Path(path).is_file():
        raise invalid_argument("path", f"no such file: {path}")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a bad file
        raise invalid_argument("path", f"not an Excel workbook: {path} ({err})") from err
    tables: dict[str, list[Row]] = {}
    for sheet in book.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            continue
        header = [_header(h) if h is not None else "" for h in values[0]]
        rows = []
        for line in values[1:]:
            row = {h: (v.strip() if isinstance(v, str) else v) for h, v in zip(header, line) if h}
            if any(v not in (None, "") for v in row.values()):
                rows.append(row)
        name = sheet.title.strip().lower()
        tables[TABLE_ALIASES.get(name, name)] = rows
    book.close()
    return tables


def _rows(source: TableSource, what: str) -> list[Row]:
    if source is None:
        return []
    if isinstance(source, (str, os.PathLike)):
        return read_csv(source)
    if hasattr(source, "to_dict") and hasattr(source, "columns"):  # a pandas DataFrame
        records = source.to_dict("records")
        return [{_header(k): _blank_nan(v) for k, v in r.items()} for r in records]
    if isinstance(source, Iterable) and not isinstance(source, (bytes, Mapping)):
        rows = []
        for i, r in enumerate(source):
            if not isinstance(r, Mapping):
                raise invalid_argument(f"{what}[{i}]", f"expected a dict per row, got {type(r).__name__}")
            rows.append({_header(k): v for k, v in r.items()})
        return rows
    raise invalid_argument(what, f"expected a CSV path, a list of dicts or a DataFrame, got {type(source).__name__}")


def _blank_nan(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


# -- building the problem ---------------------------------------------------
_SETTINGS = (
    "name", "timezone", "slot_minutes", "holidays", "closed", "horizon_start", "horizon_end", "speed_kmh",
    "road_factor", "intra_municipality_minutes", "break_after_minutes", "break_minutes",
)


def problem_from_tables(
    offices: TableSource,
    mediators: TableSource,
    requests: TableSource,
    *,
    municipalities: TableSource = None,
    workshops: TableSource = None,
    settings: TableSource = None,
    horizon: Optional[tuple[Union[str, _dt.date], Union[str, _dt.date]]] = None,
    network: Optional[Mapping[str, Any]] = None,
    travel: Optional[Mapping[str, Any]] = None,
    weights: Optional[Mapping[str, Any]] = None,
    validate: bool = True,
) -> Problem:
    """Builds a problem from tables: each a CSV path, a list of dicts (one
    per row) or a pandas DataFrame; columns as in this module's docstring.

    ``horizon`` is ``(first day, last day)``; without it the settings table's
    ``horizon_start``/``horizon_end`` are used, else the span of the
    requests' dates. ``network``, ``travel`` and ``weights`` are merged over
    the settings table. Raises ``InvalidProblem`` with every error (cells
    first; then, if ``validate``, the format's rules, with the table row in
    each message).
    """
    errors: list[dict[str, str]] = []
    settings_rows = _rows(settings, "settings")
    config = {_header(r.get("key") or ""): r.get("value") for r in settings_rows}
    office_rows = _rows(offices, "offices")
    mediator_rows = _rows(mediators, "mediators")
    request_rows = _rows(requests, "requests")
    doc: dict[str, Any] = {"format": "ponte-problem/1"}

    net: dict[str, Any] = {}
    cells = _Cells("settings", errors)
    for i, r in enumerate(settings_rows):
        key = _header(r.get("key") or "")
        if key and key not in _SETTINGS:
            cells.row = i
            cells.fail("key", f"unknown setting {r.get('key')!r} (one of {', '.join(_SETTINGS)})")
    for key in ("name", "timezone", "holidays"):
        if not _Cells.blank(config.get(key)):
            net[key] = str(config[key]).strip()
    if not _Cells.blank(config.get("slot_minutes")):
        net["slot_minutes"] = cells.integer(config, "slot_minutes")
    if not _Cells.blank(config.get("closed")):
        net["closed"] = cells.dates(config, "closed")
    _put(net, "breaks", _breaks(config, cells))
    net.update(network or {})
    if net:
        doc["network"] = net

    doc["horizon"] = _horizon(horizon, config, request_rows, errors)
    doc["municipalities"] = _municipalities(_rows(municipalities, "municipalities"), office_rows, mediator_rows, errors)

    trav: dict[str, Any] = {}
    for key in ("speed_kmh", "road_factor"):
        if not _Cells.blank(config.get(key)):
            trav[key] = cells.number(config, key)
    if not _Cells.blank(config.get("intra_municipality_minutes")):
        trav["intra_municipality_minutes"] = cells.integer(config, "intra_municipality_minutes")
    trav.update(travel or {})
    if trav:
        doc["travel"] = trav

    doc["offices"] = [_office(r, i, _Cells("offices", errors)) for i, r in enumerate(office_rows)]
    doc["mediators"] = [_mediator(r, i, _Cells("mediators", errors)) for i, r in enumerate(mediator_rows)]
    doc["requests"] = [_request(r, i, _Cells("requests", errors)) for i, r in enumerate(request_rows)]
    workshop_rows = _rows(workshops, "workshops")
    if workshop_rows:
        doc["workshops"] = _workshops(workshop_rows, _Cells("workshops", errors))
    if weights:
        doc["weights"] = dict(weights)
    if errors:
        raise invalid_problem(errors)
    problem = Problem(doc)
    if validate:
        try:
            problem.native  # noqa: B018
        except InvalidProblem as err:
            raise invalid_problem([_with_row(e) for e in err.errors]) from None
    return problem


def _with_row(error: Mapping[str, Any]) -> dict[str, Any]:
    m = re.match(r"(offices|mediators|requests)\[(\d+)\]", error.get("path", ""))
    out = dict(error)
    if m:
        out["message"] = f"{error['message']} ({m[1]} table, row {int(m[2]) + 2})"
    return out


def _horizon(horizon: Any, config: Mapping[str, Any], requests: list[Row], errors: list[dict[str, str]]) -> dict[str, str]:
    cells = _Cells("settings", errors)
    if horizon is not None:
        if not (isinstance(horizon, (tuple, list)) and len(horizon) == 2):
            raise invalid_argument("horizon", "expected (first day, last day)")
        start, end = (cells.date(d, "horizon") for d in horizon)
        return {"start": start or "", "end": end or ""}
    if not _Cells.blank(config.get("horizon_start")) and not _Cells.blank(config.get("horizon_end")):
        start, end = cells.date(config["horizon_start"], "horizon_start"), cells.date(config["horizon_end"], "horizon_end")
        return {"start": start or "", "end": end or ""}
    days = []
    probe = _Cells("requests", [])
    for r in requests:
        for column in ("start", "earliest", "latest"):
            value = probe.optional_datetime(r, column)
            if value:
                days.append(value[:10])
        for window in probe.windows(r, "windows"):
            days += [window["earliest"][:10], window["latest"][:10]]
    if not days:
        raise invalid_argument("horizon", "give horizon=(first, last): no request dates to derive it from")
    return {"start": min(days), "end": max(days)}


def _municipalities(rows: list[Row], offices: list[Row], mediators: list[Row], errors: list[dict[str, str]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    cells = _Cells("municipalities", errors)
    for i, r in enumerate(rows):
        cells.row = i
        mid = cells.text(r, "id", required=True)
        if mid:
            out[mid] = _place(mid, cells.text(r, "name"), cells.number(r, "lat"), cells.number(r, "lon"))
    cells = _Cells("offices", errors)
    for i, r in enumerate(offices):
        cells.row = i
        mid = cells.text(r, "municipality")
        if mid and mid not in out:
            out[mid] = _place(mid, cells.text(r, "municipality_name"), cells.number(r, "lat"), cells.number(r, "lon"))
    cells = _Cells("mediators", errors)
    for i, r in enumerate(mediators):
        cells.row = i
        mid = cells.text(r, "home")
        if mid and mid not in out:
            out[mid] = _place(mid, None, cells.number(r, "home_lat"), cells.number(r, "home_lon"))
    return list(out.values())


def _place(id: str, name: Optional[str], lat: Optional[float], lon: Optional[float]) -> dict[str, Any]:
    place: dict[str, Any] = {"id": id}
    if name:
        place["name"] = name
    if lat is not None and lon is not None:
        place["location"] = {"lat": lat, "lon": lon}
    return place


def _put(item: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != []:
        item[key] = value


def _office(r: Row, i: int, c: _Cells) -> dict[str, Any]:
    c.row = i
    item: dict[str, Any] = {"id": c.text(r, "id", required=True) or ""}
    _put(item, "name", c.text(r, "name"))
    item["municipality"] = c.text(r, "municipality", required=True) or ""
    item["opening"] = c.rules(r, "opening")
    _put(item, "closed", c.dates(r, "closed"))
    _put(item, "capacity", c.integer(r, "capacity"))
    return item


def _mediator(r: Row, i: int, c: _Cells) -> dict[str, Any]:
    c.row = i
    item: dict[str, Any] = {"id": c.text(r, "id", required=True) or ""}
    _put(item, "name", c.text(r, "name"))
    item["home"] = c.text(r, "home", required=True) or ""
    languages = []
    for entry in c.items(r, "languages"):
        code, _, level = entry.replace(":", " ").partition(" ")
        key = level.strip().lower()
        if key not in LEVELS:
            c.fail("languages", f"{entry!r}: give a level, e.g. 'ar:native' (working, fluent, native)")
            continue
        languages.append({"code": code.strip().lower(), "level": LEVELS[key]})
    if not languages:
        c.fail("languages", "required (e.g. 'ar:native, fr:fluent')")
    item["languages"] = languages
    _put(item, "modalities", c.choices(r, "modalities", MODALITIES))
    _put(item, "skills", c.items(r, "skills"))
    _put(item, "gender", c.text(r, "gender"))
    item["availability"] = c.rules(r, "availability")
    _put(item, "absences", c.absences(r, "absences"))
    _put(item, "max_minutes_per_day", c.integer(r, "max_minutes_per_day"))
    _put(item, "max_minutes_per_week", c.integer(r, "max_minutes_per_week"))
    _put(item, "breaks", _breaks(r, c))
    _put(item, "fair_share", c.positive(r, "fair_share"))
    _put(item, "worked", c.worked(r, "worked"))
    return item


def _breaks(r: Row, c: _Cells) -> Optional[dict[str, int]]:
    """``breaks`` from the columns (or settings keys) ``break_after_minutes``
    and ``break_minutes``: both or neither."""
    after, length = c.positive(r, "break_after_minutes"), c.positive(r, "break_minutes")
    if after is not None and length is not None:
        return {"after_minutes": after, "break_minutes": length}
    for column, value in (("break_after_minutes", after), ("break_minutes", length)):
        if value is None and _Cells.blank(r.get(column)) and (after, length) != (None, None):
            c.fail(column, "give both break_after_minutes and break_minutes (pausa_dopo, pausa_minuti)")
    return None


def _request(r: Row, i: int, c: _Cells) -> dict[str, Any]:
    c.row = i
    item: dict[str, Any] = {"id": c.text(r, "id", required=True) or ""}
    item["office"] = c.text(r, "office", required=True) or ""
    _put(item, "service", c.text(r, "service"))
    before_roles = len(c.errors)
    roles = c.roles(r, "roles", LEVELS)
    if roles or not _Cells.blank(r.get("roles")):
        if len(roles) == 1 and len(c.errors) == before_roles:
            c.fail("roles", "a request with roles needs at least 2 (separate them with ';')")
        for column in ("languages", "min_level", "skills", "mediator_gender"):
            if not _Cells.blank(r.get(column)):
                c.fail(column, "not with roles: give it in each role of the roles column")
        item["roles"] = roles
    else:
        languages = [x.lower() for x in c.items(r, "languages")]
        if not languages:
            c.fail("languages", "required (or roles, for a request that needs several mediators)")
        item["languages"] = languages
        _put(item, "min_level", c.choice(r, "min_level", LEVELS))
    item["duration_minutes"] = c.integer(r, "duration_minutes", required=True) or 0
    before = len(c.errors)
    start = c.optional_datetime(r, "start")
    earliest, latest = c.optional_datetime(r, "earliest"), c.optional_datetime(r, "latest")
    windows = c.windows(r, "windows")
    if len(c.errors) == before:
        given = [name for name, v in (("start", start), ("earliest", earliest), ("latest", latest)) if v]
        if windows and given:
            c.fail("windows", f"give start, earliest and latest, or windows, not windows and {' and '.join(given)}")
        elif windows:
            item["windows"] = windows
        elif start and (earliest or latest):
            c.fail("start", "give a start, or earliest and latest, not both")
        elif start:
            item["start"] = start
        elif earliest and latest:
            item["earliest"], item["latest"] = earliest, latest
        else:
            c.fail("start", "give a start, both earliest and latest, or windows")
    _put(item, "modalities", c.choices(r, "modalities", MODALITIES))
    _put(item, "priority", c.choice(r, "priority", PRIORITIES))
    if "roles" not in item:
        _put(item, "skills", c.items(r, "skills"))
        _put(item, "mediator_gender", c.text(r, "mediator_gender"))
    _put(item, "case", c.text(r, "case"))
    _put(item, "preferred_mediator", c.text(r, "preferred_mediator"))
    _put(item, "series", c.text(r, "series"))
    previous = c.items(r, "previous_mediator", separators=r"[,;|\n]")
    previous_start = c.optional_datetime(r, "previous_start")
    if previous and previous_start:
        if "roles" in item:
            if len(previous) != len(item["roles"]):
                c.fail("previous_mediator", f"give one mediator per role in role order: {len(item['roles'])} "
                       f"roles, {len(previous)} mediators")
            item["previous"] = {"start": previous_start, "mediators": previous}
        elif len(previous) > 1:
            c.fail("previous_mediator", "one mediator (several only for a request with roles, one per role)")
        else:
            item["previous"] = {"mediator": previous[0], "start": previous_start}
    elif previous or previous_start:
        c.fail("previous_start", "give both previous_mediator and previous_start")
    if c.boolean(r, "locked"):
        item["locked"] = True
    return item


def _workshops(rows: list[Row], c: _Cells) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, r in enumerate(rows):
        c.row = i
        wid = c.text(r, "id", required=True)
        if not wid:
            continue
        if wid not in out:
            w: dict[str, Any] = {"id": wid}
            _put(w, "title", c.text(r, "title"))
            w["office"] = c.text(r, "office", required=True) or ""
            _put(w, "priority", c.choice(r, "priority", PRIORITIES))
            w["languages"] = [x.lower() for x in c.items(r, "languages")]
            _put(w, "min_level", c.choice(r, "min_level", LEVELS))
            w["sessions"] = []
            out[wid] = w
        session = {
            "id": c.text(r, "session", required=True) or "",
            "start": c.optional_datetime(r, "start") or "",
            "duration_minutes": c.integer(r, "duration_minutes", required=True) or 0,
        }
        if not session["start"]:
            c.fail("start", "required")
        out[wid]["sessions"].append(session)
    return list(out.values())


def problem_from_csv_dir(directory: Union[str, "os.PathLike[str]"], **options: Any) -> Problem:
    """A problem from a folder of CSV files named after the tables
    (``offices.csv``, ``mediators.csv``, ``requests.csv`` and optionally
    ``municipalities.csv``, ``workshops.csv``, ``settings.csv``; Italian
    names accepted)."""
    folder = Path(directory)
    if not folder.is_dir():
        raise invalid_argument("directory", f"no such folder: {folder}")
    found: dict[str, Path] = {}
    for path in folder.glob("*.csv"):
        name = path.stem.strip().lower()
        found[TABLE_ALIASES.get(name, name)] = path
    missing = [t for t in ("offices", "mediators", "requests") if t not in found]
    if missing:
        raise invalid_argument("directory", f"missing {', '.join(t + '.csv' for t in missing)} in {folder}")
    return problem_from_tables(
        found["offices"], found["mediators"], found["requests"], municipalities=found.get("municipalities"),
        workshops=found.get("workshops"), settings=found.get("settings"), **options,
    )


def problem_from_excel(path: Union[str, "os.PathLike[str]"], **options: Any) -> Problem:
    """A problem from a workbook with sheets ``offices``, ``mediators``,
    ``requests`` and optionally ``municipalities``, ``workshops``,
    ``settings`` (Italian names accepted). Needs the ``excel`` extra."""
    tables = read_workbook(path)
    missing = [t for t in ("offices", "mediators", "requests") if t not in tables]
    if missing:
        raise invalid_argument("path", f"missing sheet(s) {', '.join(missing)} in {path}")
    return problem_from_tables(
        tables["offices"], tables["mediators"], tables["requests"],
        municipalities=tables.get("municipalities"), workshops=tables.get("workshops"),
        settings=tables.get("settings"), **options,
    )

"""The planner's side of ``ponte-server``: push the week, pull the plan and
the residents' bookings, report an absence, lock, solve in the background.

>>> from ponte.service import Client
>>> client = Client("https://ponte.comune.example", token="pt_...")      # doctest: +SKIP
>>> client.push("visconteo", ponte.tables.problem_from_excel("week.xlsx"))  # doctest: +SKIP
>>> week = client.pull("visconteo")                                       # doctest: +SKIP
>>> week.plan.to_excel("plan.xlsx"); week.bookings_csv("bookings.csv")    # doctest: +SKIP

Errors of the service are the package's exceptions: ``InvalidProblem``
(with every error and its path), ``Refused`` (409: a slot taken, a request
that cannot be locked; 412 ``BASE_CHANGED``: another push came first), ``InvalidArgument`` (400/422), and the
:class:`ServiceError` family for the rest: :class:`Unauthorized` (401/403),
:class:`NotFound` (404) and :class:`ServiceUnavailable` (5xx, 503, the
service not answering). Each has ``.code`` (the service's code),
``.errors`` and ``.status``.

The bookings carry residents' names and contacts: they are for the planner
only. Nothing here prints or logs them.
"""

from __future__ import annotations

import csv
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Union

from ._api import Plan, Problem, load_plan, load_problem
from ._errors import invalid_argument, make, writing
from ._ponte import InvalidArgument, InvalidProblem, PonteError, Refused
from ._records import ProgressReport

BOOKING_PREFIX = "bk-"

#: The columns of the bookings table (Excel sheet ``bookings``, ``bookings.csv``).
BOOKING_COLUMNS = (
    "booking", "status", "start", "end", "office", "language", "modality", "duration_minutes",
    "name", "contact", "topic", "details", "locale", "personal_data_purged",
)


class ServiceError(PonteError):
    """An answer of ``ponte-server`` that is no input error or refusal; ``.status`` is the HTTP status (0: no answer)."""

    status: int


class Unauthorized(ServiceError):
    """401/403: no token, a wrong token, or a token of another network."""


class NotFound(ServiceError):
    """404: no such network, job or resource."""


class ServiceUnavailable(ServiceError):
    """The service did not answer, or answered 5xx (``INTERNAL``: nothing was changed; 503: not ready)."""


def _error(status: int, body: Any, fallback: str) -> PonteError:
    err = body.get("error") if isinstance(body, dict) else None
    code = str(err.get("code")) if isinstance(err, dict) and err.get("code") else f"HTTP_{status}"
    message = str(err.get("message")) if isinstance(err, dict) and err.get("message") else fallback
    path = str(err.get("path", "")) if isinstance(err, dict) else ""
    details = body.get("errors") if isinstance(body, dict) and isinstance(body.get("errors"), list) else None
    errors = details or [{"code": code, "path": path, "message": message}]
    kind: type[PonteError]
    if status in (401, 403):
        kind = Unauthorized
    elif status == 404:
        kind = NotFound
    elif status in (409, 412):
        kind = Refused
    elif status in (400, 413, 422) and (code.startswith("INVALID_PROBLEM") or details):
        kind = InvalidProblem
    elif status in (400, 413, 422):
        kind = InvalidArgument
    else:
        kind = ServiceUnavailable
    error = make(kind, code, f"{code}: {message}" + (f" ({path})" if path else ""), errors)
    setattr(error, "status", status)
    return error


@dataclass(frozen=True)
class Week:
    """A network's week as the service holds it: the current problem (the
    planner's requests plus one ``bk-CODE`` request per live hold and booking),
    its plan and version, and the residents' bookings with their personal data."""

    version: int
    plan: Plan
    bookings: list[dict[str, Any]]

    def bookings_csv(self, path: Union[str, "os.PathLike[str]"]) -> Path:
        """The bookings as CSV (UTF-8 with BOM, for Excel), one row each."""
        out = Path(path)
        with writing(out), open(out, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(BOOKING_COLUMNS)
            for b in self.bookings:
                w.writerow(["" if b.get(c) is None else b.get(c) for c in BOOKING_COLUMNS])
        return out

    def to_excel(self, path: Union[str, "os.PathLike[str]"], *, anonymize: bool = False) -> Path:
        """The plan's workbook (:meth:`Plan.to_excel`) with a ``bookings`` sheet
        (residents' data; left out with ``anonymize=True``). Needs the ``excel`` extra."""
        out = self.plan.to_excel(path, anonymize=anonymize)
        if anonymize:
            return out
        import openpyxl

        book = openpyxl.load_workbook(out)
        sheet = book.create_sheet("bookings")
        sheet.append(list(BOOKING_COLUMNS))
        for b in self.bookings:
            sheet.append(["" if b.get(c) is None else b.get(c) for c in BOOKING_COLUMNS])
        with writing(out):
            book.save(out)
        return out


class Client:
    """A planner's connection to ``ponte-server`` at ``url`` with a planner
    token (``ponte-server token``; also ``PONTE_TOKEN``)."""

    def __init__(self, url: str, token: Optional[str] = None, *, timeout: float = 60.0) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise invalid_argument("url", "an http:// or https:// address of ponte-server")
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("PONTE_TOKEN")
        self.timeout = timeout

    def __repr__(self) -> str:  # never the token
        return f"Client({self.url!r})"

    def request(self, method: str, path: str, body: Any = None, headers: Optional[Mapping[str, str]] = None) -> Any:
        """One call: the decoded JSON answer, or the typed exception of its error."""
        return self._call(method, path, body, headers)[0]

    def _call(
        self, method: str, path: str, body: Any = None, headers: Optional[Mapping[str, str]] = None
    ) -> tuple[Any, Mapping[str, str]]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                text = r.read()
                answer_headers = {k.lower(): v for k, v in r.headers.items()}
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            raise _error(e.code, parsed, f"HTTP {e.code} from {method} {path}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            error = make(ServiceUnavailable, "UNREACHABLE", f"UNREACHABLE: {self.url}: {reason}",
                         [{"code": "UNREACHABLE", "path": "", "message": str(reason)}])
            setattr(error, "status", 0)
            raise error from None
        try:
            return (json.loads(text) if text else None), answer_headers
        except ValueError:
            raise _error(502, None, f"not JSON from {method} {path}") from None

    def _net(self, network: str) -> str:
        if not isinstance(network, str) or not network:
            raise invalid_argument("network", "a network id")
        return "/v1/networks/" + urllib.parse.quote(network, safe="")

    # ---------------------------------------------------------------- reading

    def health(self) -> dict[str, Any]:
        """``/readyz``: ``{"status": "ready", "networks": [...]}`` or :class:`ServiceUnavailable` with the reason."""
        answer: dict[str, Any] = self.request("GET", "/readyz")
        return answer

    def problem(self, network: str) -> Problem:
        """The current problem, bookings included as ``bk-`` requests (no personal data)."""
        return load_problem(self.request("GET", self._net(network) + "/planner/problem"))

    def base_problem(self, network: str) -> Problem:
        """The planner's own problem: the current one without the bookings' requests."""
        return self._base(network)[0]

    def _base(self, network: str) -> tuple[Problem, Optional[str]]:
        doc, headers = self._call("GET", self._net(network) + "/planner/problem")
        doc["requests"] = [r for r in doc["requests"] if not str(r.get("id", "")).startswith(BOOKING_PREFIX)]
        return load_problem(doc), headers.get("etag")

    def bookings(self, network: str) -> list[dict[str, Any]]:
        """Every confirmed and cancelled booking with the resident's data (until purged)."""
        answer = self.request("GET", self._net(network) + "/planner/bookings")
        rows: list[dict[str, Any]] = answer["bookings"]
        return rows

    def pull(self, network: str) -> Week:
        """The current problem, plan (with its version) and bookings.

        Residents book meanwhile: the problem is read between two reads of the
        plan that show the same version (so they belong together), retried a
        few times; :class:`ServiceUnavailable` (``BUSY``) if the plan never
        stood still."""
        base = self._net(network) + "/planner/"
        for _ in range(10):
            first = self.request("GET", base + "plan")
            problem = self.request("GET", base + "problem")
            bookings = self.bookings(network)
            doc = self.request("GET", base + "plan")
            if first.get("version") == doc.get("version"):
                version = int(doc.pop("version"))
                return Week(version=version, plan=load_plan(load_problem(problem), doc), bookings=bookings)
            time.sleep(0.2)
        error = make(ServiceUnavailable, "BUSY", "BUSY: the plan kept changing while it was read; try again",
                     [{"code": "BUSY", "path": "", "message": "the plan kept changing while it was read"}])
        setattr(error, "status", 0)
        raise error

    # ---------------------------------------------------------------- changing

    def push(
        self,
        network: str,
        problem: Union[Problem, Mapping[str, Any], str, "os.PathLike[str]"],
        *,
        if_match: Optional[str] = None,
    ) -> dict[str, Any]:
        """Replaces the planner's problem (a ``Problem``, a dict, JSON text or a
        path) and re-plans with few moves, keeping the bookings:
        ``{"version", "kept", "moved", "dropped", "added", "unassigned"}``.
        With ``if_match`` (the tag of a read, see :meth:`report_absence`) it is
        :class:`~ponte.Refused` ``BASE_CHANGED`` when another push came first."""
        loaded = problem if isinstance(problem, Problem) else load_problem(problem)
        doc = loaded.to_dict()
        headers = {"If-Match": if_match} if if_match else None
        answer: dict[str, Any] = self.request("PUT", self._net(network) + "/planner/problem", doc, headers)
        return answer

    def report_absence(self, network: str, mediator: str, start: str, end: str) -> dict[str, Any]:
        """Adds an absence ``[start, end)`` (local ``YYYY-MM-DDTHH:MM``) to a
        mediator and re-plans with few moves (the bookings stay or move with the plan).

        A read, a change and a write: the write carries the read's tag, and
        when another planner's push came in between it reads again (up to 3
        times) instead of undoing that push."""
        for attempt in range(3):
            base, tag = self._base(network)
            doc = base.to_dict()
            found = [m for m in doc["mediators"] if m.get("id") == mediator]
            if not found:
                raise invalid_argument("mediator", f"no mediator '{mediator}' in network '{network}'")
            found[0].setdefault("absences", []).append({"from": start, "to": end})
            try:
                return self.push(network, doc, if_match=tag)
            except Refused as err:
                if err.code != "BASE_CHANGED" or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def replan(self, network: str, iterations: Optional[int] = None) -> dict[str, Any]:
        """Re-plans the current problem with few moves."""
        body = {} if iterations is None else {"iterations": iterations}
        answer: dict[str, Any] = self.request("POST", self._net(network) + "/planner/replan", body)
        return answer

    def lock(self, network: str, request: str) -> dict[str, Any]:
        """Locks a request where the plan has it: ``{"request", "locked", "cost_delta"}``;
        :class:`~ponte.Refused` when it has no place."""
        answer: dict[str, Any] = self.request("POST", self._net(network) + "/planner/lock", {"request": request})
        return answer

    def solve(
        self,
        network: str,
        time_limit: float = 5.0,
        seed: int = 1,
        *,
        progress: Optional[Callable[[ProgressReport], None]] = None,
        poll: float = 0.5,
        wait: bool = True,
    ) -> dict[str, Any]:
        """Starts a full solve in the background and (``wait=True``) follows it
        to its end, calling ``progress`` with each report; returns the job
        (``status`` ``done``, ``stale`` when the plan changed meanwhile, or ``failed``)."""
        body = {"time_limit_ms": int(time_limit * 1000), "seed": seed}
        job: dict[str, Any] = self.request("POST", self._net(network) + "/planner/solve", body)
        return self.follow(network, job["id"], progress=progress, poll=poll) if wait else job

    def follow(
        self,
        network: str,
        job: str,
        *,
        progress: Optional[Callable[[ProgressReport], None]] = None,
        poll: float = 0.5,
    ) -> dict[str, Any]:
        """Polls a solve job until it ends."""
        started = time.monotonic()
        path = self._net(network) + "/planner/solve/" + urllib.parse.quote(job, safe="")
        while True:
            state: dict[str, Any] = self.request("GET", path)
            done = state["status"] != "running"
            if progress is not None:
                progress({"iteration": int(state.get("iterations") or 0), "best_cost": int(state.get("best_cost") or 0),
                          "assigned": 0, "unassigned": 0, "elapsed": time.monotonic() - started, "done": done})
            if done:
                return state
            time.sleep(poll)


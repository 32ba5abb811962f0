"""The planner's week from Python against the real ``ponte-server`` binary
(``PONTE_SERVER_BIN``, else built here with ``cargo build --release -p
ponte-server``), on SQLite or, with ``PONTE_TEST_DATABASE_URL``, on a fresh
PostgreSQL database: push, pull into Excel and CSV, absence, lock, solve
jobs, typed errors, the command line, and ``/metrics`` after a short load,
parsed with ``prometheus_client``'s OpenMetrics parser."""

from __future__ import annotations

import csv
import datetime
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

import ponte
from ponte.service import Client, NotFound, ServiceError, ServiceUnavailable, Unauthorized
from ponte.tables import problem_from_excel

REPO = Path(__file__).resolve().parents[2]
NET = "visconteo"
WEEK = REPO / "examples" / "data" / "visconteo-week.json"
RESIDENT = {"name": "Amina Testresidente", "contact": "amina.test@example.org"}
# The service's clock in these tests (``--now`` through PONTE_NOW): the
# Friday morning before the bundled week, running on from the moment this
# module loads, so the week is served with its own dates as the coming one
# whatever day the tests run on (no test reads the real date).
CLOCK_START = datetime.datetime(2026, 4, 24, 6, 0, tzinfo=datetime.timezone.utc)
_LOADED = time.monotonic()


def service_now() -> str:
    """The tests' clock now, as ``--now`` takes it."""
    t = CLOCK_START + datetime.timedelta(seconds=int(time.monotonic() - _LOADED))
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="session")
def server_bin() -> Path:
    given = os.environ.get("PONTE_SERVER_BIN")
    if given:
        return Path(given)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "ponte-server"], cwd=REPO, check=True)
    return REPO / "target" / "release" / "ponte-server"


def _store(tmp: Path) -> list[str]:
    url = os.environ.get("PONTE_TEST_DATABASE_URL")
    if not url:
        return ["--data", str(tmp / "data")]
    name = f"ponte_py_{uuid.uuid4().hex[:12]}"
    psql = str(Path(os.environ["PONTE_PG_BIN"]) / "psql") if os.environ.get("PONTE_PG_BIN") else "psql"
    subprocess.run([psql, "-q", url, "-c", f"CREATE DATABASE {name}"], check=True)
    secret = tmp / "secret.key"  # with PostgreSQL the secret file is the operator's
    secret.write_text(uuid.uuid4().hex + uuid.uuid4().hex + "\n")
    return ["--database", url.rsplit("/", 1)[0] + "/" + name, "--secret-file", str(secret)]


class Service:
    """A running ponte-server with the Visconteo week, its clock at :func:`service_now`."""

    def __init__(self, binary: Path, tmp: Path, *extra: str) -> None:
        self.binary = binary
        self.store = _store(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PONTE_")}
        env["PONTE_NOW"] = service_now()
        self.env = env
        self.run("import", *self.store, "--network", NET, str(WEEK), "--iterations", "300")
        self.token = self.run("token", *self.store, "--network", NET, "--role", "planner").strip()
        args = [str(binary), "serve", *self.store, "--listen", "127.0.0.1:0", "--sweep-seconds", "1"]
        if "--rate-per-second" not in extra:
            args += ["--rate-per-second", "0"]
        self.log = open(tmp / f"server-{uuid.uuid4().hex[:6]}.log", "w")
        self.proc = subprocess.Popen([*args, *extra], stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line.startswith("ponte-server listening on "), line
        self.url = line.removeprefix("ponte-server listening on ")

    def run(self, *args: str) -> str:
        out = subprocess.run([str(self.binary), *args], capture_output=True, text=True, env=self.env)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def call(self, method: str, path: str, body: Any = None, token: Optional[str] = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                text = r.read()
                return r.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            text = e.read()
            return e.code, (json.loads(text) if text else None)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()


@pytest.fixture()
def service(server_bin: Path, tmp_path: Path) -> Iterator[Service]:
    s = Service(server_bin, tmp_path)
    yield s
    s.stop()


def _free(s: Service, duration: int = 60, language: str = "ar") -> list[dict[str, Any]]:
    """Free slots of the whole coming horizon at the first office with the language."""
    _, offices = s.call("GET", f"/v1/networks/{NET}/offices")
    office = next(o["id"] for o in offices["offices"] if language in o["languages"])
    problem = Client(s.url, s.token).problem(NET)
    first, last = problem.horizon
    _, body = s.call("GET", f"/v1/networks/{NET}/slots?office={office}&language={language}&duration={duration}"
                            f"&from={first.isoformat()}T00:00&to={last.isoformat()}T23:59")
    slots: list[dict[str, Any]] = body["slots"]
    assert slots, body
    return slots


def _hold(s: Service, slot: dict[str, Any]) -> tuple[int, Any]:
    body = {k: slot[k] for k in ("office", "language", "duration_minutes", "start", "modality")}
    return s.call("POST", f"/v1/networks/{NET}/holds", body)


def _book(s: Service, slot: dict[str, Any]) -> dict[str, Any]:
    status, hold = _hold(s, slot)
    assert status == 201, hold
    status, booking = s.call("POST", f"/v1/holds/{hold['hold']}/confirm", RESIDENT)
    assert status == 201, booking
    return booking


def _spread(slots: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    days: dict[str, dict[str, Any]] = {}
    for slot in slots:
        days.setdefault(slot["start"][:10], slot)
    picked = list(days.values())[:n]
    assert len(picked) == n, "not enough distinct days with free slots"
    return picked


def test_pull_brings_the_plan_and_the_bookings_into_excel_and_csv(service: Service, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    booked = [_book(service, slot) for slot in _spread(_free(service), 2)]
    client = Client(service.url, service.token)
    week = client.pull(NET)
    assert week.version >= 3
    codes = {b["booking"] for b in week.bookings}
    assert codes == {b["code"] for b in booked}
    assert all(b["name"] == RESIDENT["name"] for b in week.bookings)
    in_plan = {a.request for a in week.plan.assignments}
    assert {f"bk-{b['code']}" for b in booked} <= in_plan
    assert week.plan.evaluate()["ok"] is True
    path = week.to_excel(tmp_path / "week.xlsx")
    book = openpyxl.load_workbook(path)
    assert "bookings" in book.sheetnames
    rows = list(book["bookings"].values)
    assert rows[0][:2] == ("booking", "status")
    assert {r[0] for r in rows[1:]} == codes
    assert {r[8] for r in rows[1:]} == {RESIDENT["name"]}
    anonymous = openpyxl.load_workbook(week.to_excel(tmp_path / "anon.xlsx", anonymize=True))
    assert "bookings" not in anonymous.sheetnames
    with open(week.bookings_csv(tmp_path / "bookings.csv"), encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert {r["booking"] for r in table} == codes
    assert {r["contact"] for r in table} == {RESIDENT["contact"]}


def test_pull_is_consistent_while_residents_book(service: Service) -> None:
    slots = _spread(_free(service, 30, "en"), 3) + _spread(_free(service, 30, "ar"), 3)
    booked: list[str] = []
    errors: list[BaseException] = []

    def residents() -> None:
        try:
            for slot in slots:
                status, hold = _hold(service, slot)
                if status == 201:
                    status, b = service.call("POST", f"/v1/holds/{hold['hold']}/confirm", RESIDENT)
                    assert status == 201, b
                    booked.append(b["code"])
        except BaseException as err:  # reported below
            errors.append(err)

    worker = threading.Thread(target=residents)
    worker.start()
    client = Client(service.url, service.token)
    weeks = []
    while worker.is_alive() or not weeks:
        weeks.append(client.pull(NET))  # never an InvalidSolution from a plan and a problem of two versions
    worker.join()
    assert not errors, errors
    assert booked
    for week in weeks:
        in_plan = {a.request for a in week.plan.assignments}
        confirmed = {b["booking"] for b in week.bookings if b["status"] == "confirmed"}
        assert {f"bk-{c}" for c in confirmed} <= in_plan
    last = client.pull(NET)
    assert {b["booking"] for b in last.bookings} == set(booked)


def test_push_from_an_excel_workbook_replans_and_keeps_the_bookings(service: Service, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    sys.path.insert(0, str(Path(__file__).parent))
    from test_tables import tables_of

    booked = _book(service, _free(service)[0])
    client = Client(service.url, service.token)
    base = client.base_problem(NET)
    assert not any(r.startswith("bk-") for r in base.request_ids)
    doc = base.to_dict()
    doc["requests"] = doc["requests"][:-3]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in tables_of(doc).items():
        sheet = book.create_sheet(name)
        if rows:
            sheet.append(list(rows[0]))
            for row in rows:
                sheet.append([row[k] if row[k] != "" else None for k in rows[0]])
    book.save(tmp_path / "week.xlsx")
    problem = problem_from_excel(tmp_path / "week.xlsx", travel=doc.get("travel"),
                                              horizon=(doc["horizon"]["start"], doc["horizon"]["end"]))
    before = client.pull(NET).version
    answer = client.push(NET, problem)
    assert answer["version"] == before + 1
    week = client.pull(NET)
    assert len(week.plan.problem.request_ids) == len(doc["requests"]) + 1
    assert f"bk-{booked['code']}" in {a.request for a in week.plan.assignments}
    status, mine = service.call("GET", f"/v1/bookings/{booked['code']}", token=booked["cancel_token"])
    assert status == 200 and mine["status"] == "confirmed"


def test_an_absence_replans_with_few_moves(service: Service) -> None:
    client = Client(service.url, service.token)
    week = client.pull(NET)
    problem = week.plan.problem
    # The mediator and day with the most appointments, none of them locked (a locked one cannot move).
    days: dict[tuple[str, Any], list[Any]] = {}
    for a in week.plan.assignments:
        days.setdefault((a.mediator, a.start.date()), []).append(a)
    free = {k: v for k, v in days.items() if not any(problem.request(a.request).get("locked") for a in v)}
    (busiest, day), on_day = max(free.items(), key=lambda kv: len(kv[1]))
    assert on_day
    answer = client.report_absence(NET, busiest, f"{day.isoformat()}T00:00", f"{day.isoformat()}T23:59")
    assert answer["version"] == week.version + 1
    # Few moves: everything the absence does not touch stays where it was.
    # (Counted in requests: a request with roles has one assignment per role.)
    served = {a.request for a in week.plan.assignments}
    assert answer["kept"] >= len(served) - len({a.request for a in on_day}), answer
    after = client.pull(NET)
    assert not [a for a in after.plan.assignments if a.mediator == busiest and a.start.date() == day]
    absences = after.plan.problem.mediator(busiest)["absences"]
    assert {"from": f"{day.isoformat()}T00:00", "to": f"{day.isoformat()}T23:59"} in absences
    with pytest.raises(ponte.InvalidArgument):
        client.report_absence(NET, "nobody-such", "2026-01-01T00:00", "2026-01-02T00:00")


def test_lock_and_a_refused_lock(service: Service) -> None:
    client = Client(service.url, service.token)
    week = client.pull(NET)
    request = week.plan.assignments[0].request
    answer = client.lock(NET, request)
    assert answer["request"] == request and answer["locked"] is True
    assert client.problem(NET).request(request).get("locked") is True
    unassigned = [u.request for u in week.plan.unassigned]
    target = unassigned[0] if unassigned else "no-such-request"
    with pytest.raises((ponte.Refused, ponte.InvalidArgument, NotFound)) as info:
        client.lock(NET, target)
    assert info.value.code and info.value.errors


def test_a_solve_job_is_followed_to_its_end(service: Service) -> None:
    client = Client(service.url, service.token)
    reports: list[dict[str, Any]] = []
    job = client.solve(NET, time_limit=1.0, seed=3, progress=reports.append, poll=0.2)
    assert job["status"] == "done", job
    assert reports and reports[-1]["done"] is True
    assert client.pull(NET).version == job["version"]


def test_errors_of_the_service_are_typed_exceptions(service: Service, server_bin: Path) -> None:
    with pytest.raises(Unauthorized) as info:
        Client(service.url, None).pull(NET)
    assert info.value.code == "UNAUTHORIZED" and info.value.status == 401
    with pytest.raises(Unauthorized) as info:
        Client(service.url, "pt_wrong").pull(NET)
    assert info.value.code == "FORBIDDEN"
    with pytest.raises(ServiceError):
        Client(service.url, service.token).pull("nowhere")
    client = Client(service.url, service.token)
    doc = client.base_problem(NET).to_dict()
    doc["requests"][0]["office"] = "no-such-office"
    with pytest.raises(ponte.InvalidProblem) as problem_error:
        client.push(NET, doc)  # refused locally, before it is sent
    assert any(e["path"].endswith(".office") for e in problem_error.value.errors)
    doc = client.base_problem(NET).to_dict()
    doc["requests"][0]["id"] = "bk-MINE"
    with pytest.raises(ponte.PonteError) as reserved:
        client.push(NET, doc)
    assert reserved.value.code == "RESERVED_ID"
    assert isinstance(reserved.value, ponte.InvalidArgument)
    with pytest.raises(NotFound) as missing:
        client.follow(NET, "job_nothing")
    assert missing.value.code == "UNKNOWN_JOB"
    with pytest.raises(ServiceUnavailable) as down:
        Client("http://127.0.0.1:9", "t").pull(NET)
    assert down.value.code == "UNREACHABLE" and down.value.status == 0
    with pytest.raises(ponte.InvalidArgument):
        Client("ftp://example.org")
    assert "pt_" not in repr(client)


def test_the_command_line_pushes_pulls_locks_and_solves(service: Service, tmp_path: Path) -> None:
    booking = _book(service, _free(service)[0])
    env = {**os.environ, "PONTE_TOKEN": service.token, "PONTE_URL": service.url}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ponte", "service", *args], capture_output=True, text=True,
                              env=env, cwd=tmp_path)

    out = cli("status")
    assert out.returncode == 0, out.stderr
    assert "ready" in out.stdout
    out = cli("pull", NET, "-o", "plan.json", "--problem", "problem.json", "--excel", "week.xlsx",
              "--bookings-csv", "bookings.csv", "--monitoring", "monitoring.csv")
    assert out.returncode == 0, out.stderr
    assert "1 confirmed" in out.stdout
    for name in ("plan.json", "problem.json", "week.xlsx", "bookings.csv", "monitoring.csv"):
        assert (tmp_path / name).is_file(), name
    assert RESIDENT["name"] in (tmp_path / "bookings.csv").read_text(encoding="utf-8-sig")
    # Nothing personal on the terminal.
    assert RESIDENT["name"] not in out.stdout + out.stderr and RESIDENT["contact"] not in out.stdout + out.stderr
    plan = ponte.load_plan(ponte.load_problem(tmp_path / "problem.json"), tmp_path / "plan.json")
    assert f"bk-{booking['code']}" in {a.request for a in plan.assignments}
    base = Client(service.url, service.token).base_problem(NET)
    base.save(tmp_path / "base.json")
    out = cli("push", NET, "base.json")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("plan version ")
    # The same week as CSV tables (a folder, Italian names), pushed from the command line.
    sys.path.insert(0, str(Path(__file__).parent))
    from test_tables import tables_of, write_csv

    (tmp_path / "tables").mkdir()
    for name, rows in tables_of(base.to_dict()).items():
        if rows:
            write_csv(tmp_path / "tables" / f"{name}.csv", rows)
    first, last = base.horizon
    out = cli("push", NET, "tables", "--start", first.isoformat(), "--end", last.isoformat())
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("plan version ")
    now = Client(service.url, service.token).pull(NET)
    out = cli("lock", NET, next(a.request for a in now.plan.assignments if not a.request.startswith("bk-")))
    assert out.returncode == 0, out.stderr
    out = cli("solve", NET, "--time-limit", "1", "--quiet")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("solve done")
    out = subprocess.run([sys.executable, "-m", "ponte", "service", "--token", "pt_wrong", "pull", NET],
                         capture_output=True, text=True, env={**env, "PONTE_TOKEN": ""}, cwd=tmp_path)
    assert out.returncode == 2
    assert "FORBIDDEN" in out.stderr and "Traceback" not in out.stderr


def test_metrics_count_what_a_short_load_did(server_bin: Path, tmp_path: Path) -> None:
    parser = pytest.importorskip("prometheus_client.openmetrics.parser")
    s = Service(server_bin, tmp_path, "--rate-per-second", "1", "--rate-burst", "20")
    try:
        # zh: one mediator speaks it, so a booked start has no second place.
        slots = _spread(_free(s, 30, "zh"), 3)
        # 3 holds; 2 confirmed; 1 released; 1 of the 2 bookings cancelled; then the
        # other booking's start asked again until it is refused (SLOT_TAKEN).
        holds = []
        for slot in slots:
            status, hold = _hold(s, slot)
            assert status == 201, hold
            holds.append(hold)
        bookings = []
        for hold in holds[:2]:
            status, b = s.call("POST", f"/v1/holds/{hold['hold']}/confirm", RESIDENT)
            assert status == 201, b
            bookings.append(b)
        status, _ = s.call("DELETE", f"/v1/holds/{holds[2]['hold']}")
        assert status == 204
        status, _ = s.call("DELETE", f"/v1/bookings/{bookings[0]['code']}", token=bookings[0]["cancel_token"])
        assert status == 200
        extra_holds = 0
        for _ in range(5):
            status, taken = _hold(s, slots[1])
            if status == 409:
                break
            assert status == 201, taken
            extra_holds += 1
        assert status == 409 and taken["error"]["code"] == "SLOT_TAKEN", taken
        # At most 13 public writes so far, burst 20: 30 more pass the limit; each answer is a 422 or a 429.
        answers = [s.call("POST", f"/v1/networks/{NET}/holds", {})[0] for _ in range(30)]
        assert set(answers) <= {422, 429} and 429 in answers
        status, plan = s.call("GET", f"/v1/networks/{NET}/planner/plan", token=s.token)
        assert status == 200
        with urllib.request.urlopen(s.url + "/metrics", timeout=30) as r:
            kind = r.headers["Content-Type"]
            text = r.read().decode("utf-8")
    finally:
        s.stop()
    assert kind.startswith("application/openmetrics-text")
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in parser.text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value

    def value(name: str, **labels: str) -> float:
        return samples.get((name, tuple(sorted(labels.items()))), 0.0)

    net = {"network": NET}
    assert value("ponte_holds_total", **net) == 3 + extra_holds
    assert value("ponte_confirmations_total", **net) == 2
    assert value("ponte_releases_total", **net) == 1
    assert value("ponte_cancellations_total", **net) == 1
    assert value("ponte_conflicts_total", **net) == 1
    assert value("ponte_rate_limited_total") == answers.count(429)
    assert value("ponte_error_answers_total", code="RATE_LIMITED") == answers.count(429)
    assert value("ponte_error_answers_total", code="MISSING_FIELD") == answers.count(422)
    assert value("ponte_error_answers_total", code="SLOT_TAKEN") == 1
    assert value("ponte_plan_version", **net) == plan["version"]
    assert value("ponte_database_errors_total") == 0
    route = "/v1/networks/{net}/holds"
    assert value("ponte_http_request_duration_seconds_count", method="POST", route=route, status="201") == 3 + extra_holds
    assert value("ponte_http_request_duration_seconds_count", method="POST", route=route, status="409") == 1
    assert value("ponte_http_request_duration_seconds_count", method="POST", route="/v1/holds/{hold}/confirm",
                 status="201") == 2
    assert value("ponte_http_request_duration_seconds_bucket", method="POST", route=route, status="201",
                 le="+Inf") == 3 + extra_holds
    # Nothing of a resident: no name, contact, booking code, hold id or token.
    secrets = [RESIDENT["name"], RESIDENT["contact"], s.token]
    secrets += [b["code"] for b in bookings] + [b["cancel_token"] for b in bookings] + [h["hold"] for h in holds]
    assert not [x for x in secrets if x in text]


def test_metrics_count_expired_holds(server_bin: Path, tmp_path: Path) -> None:
    parser = pytest.importorskip("prometheus_client.openmetrics.parser")
    s = Service(server_bin, tmp_path, "--hold-seconds", "1")
    try:
        for slot in _spread(_free(s), 2):
            status, hold = _hold(s, slot)
            assert status == 201, hold
        # The sweep (every second here) releases both; wait for it, with a bound.
        expired = 0.0
        for _ in range(300):
            with urllib.request.urlopen(s.url + "/metrics", timeout=30) as r:
                text = r.read().decode("utf-8")
            expired = sum(sample.value for family in parser.text_string_to_metric_families(text)
                          for sample in family.samples
                          if sample.name == "ponte_hold_expiries_total" and sample.labels == {"network": NET})
            if expired >= 2:
                break
            time.sleep(0.1)
        assert expired == 2
    finally:
        s.stop()


def test_a_push_from_a_stale_read_is_refused_and_an_absence_reads_again(service: Service) -> None:
    client = Client(service.url, service.token)
    stale, tag = client._base(NET)
    assert tag and tag.startswith('"base-')
    doc = stale.to_dict()
    doc["requests"] = doc["requests"][:-1]
    client.push(NET, doc, if_match=tag)              # the first writer wins
    with pytest.raises(ponte.Refused) as info:
        client.push(NET, stale, if_match=tag)        # the second, from the same read, is refused
    assert info.value.code == "BASE_CHANGED" and info.value.status == 412
    assert len(client.base_problem(NET).request_ids) == len(doc["requests"])

    class Racing(Client):
        """Another planner pushes right after this one's first read."""

        reads = 0

        def _base(self, network: str) -> tuple[ponte.Problem, Optional[str]]:
            read = super()._base(network)
            self.reads += 1
            if self.reads == 1:
                other = read[0].to_dict()
                other["requests"] = other["requests"][:-1]
                Client(self.url, self.token).push(network, other)
            return read

    mediator = client.base_problem(NET).mediator_ids[0]
    _, last = client.base_problem(NET).horizon
    racing = Racing(service.url, service.token)
    answer = racing.report_absence(NET, mediator, f"{last.isoformat()}T00:00", f"{last.isoformat()}T23:59")
    assert racing.reads == 2, "the absence was written over the other planner's push"
    after = client.base_problem(NET)
    assert len(after.request_ids) == len(doc["requests"]) - 1, "the other planner's push was undone"
    assert {"from": f"{last.isoformat()}T00:00", "to": f"{last.isoformat()}T23:59"} in after.mediator(mediator)["absences"]
    assert answer["version"] >= 1

"""Shared fixtures: the independent tools of ../shared and generated instances.

Tests that need the shared tools fail when they are absent and the
environment variable ``CI`` is set (a CI run must check, not skip); elsewhere
they skip with a printed notice (set PONTE_SHARED), and the summary line
counts them ("N skipped for missing shared tools").
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

import ponte

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return Path(os.environ.get("PONTE_SHARED") or (REPO.parent / "shared"))


def tool(*parts: str) -> Optional[Path]:
    path = shared_dir().joinpath("tools", *parts)
    return path if path.is_file() else None


CHECKER = tool("ponte-check")
GENERATOR = tool("gen", "ponte-gen")


def in_ci() -> bool:
    """Whether this is a CI run: ``CI`` set to anything but empty, ``0`` or ``false``."""
    value = os.environ.get("CI", "")
    return value not in ("", "0") and value.lower() != "false"


def _missing(what: str) -> None:
    """Fails under CI, else skips with a printed notice counted in the summary."""
    message = f"SKIPPED {what}: the shared tools are not at {shared_dir()} (set PONTE_SHARED)"
    if in_ci():
        pytest.fail(f"CI is set, so a missing shared tool is a failure: {message}", pytrace=False)
    print(message, file=sys.stderr)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Counts the tests skipped for missing shared tools (a fixture that
    skips once skips every test that uses it)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "the shared tools are not at" in str(r.longrepr)]
    terminalreporter.write_line(f"{len(skipped)} skipped for missing shared tools")


@pytest.fixture(scope="session")
def checker() -> Path:
    if CHECKER is None:
        _missing("checker")
    return CHECKER


@pytest.fixture(scope="session")
def generate(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """generate(size, seed, *extra, witness=False) -> problem path (and witness path)."""
    if GENERATOR is None:
        _missing("generator")
    folder = tmp_path_factory.mktemp("generated")
    cache: dict[tuple[Any, ...], Any] = {}

    def run(size: str, seed: int = 1, *extra: str, witness: bool = False) -> Any:
        key = (size, seed, extra, witness)
        if key not in cache:
            name = f"{size}-{seed}-{'-'.join(extra).replace('/', '_')}".strip("-")
            problem = folder / f"{name}.json"
            args = [sys.executable, str(GENERATOR), "--size", size, "--seed", str(seed), "-o", str(problem), *extra]
            plan = folder / f"{name}-witness.json"
            if witness:
                args += ["--witness", str(plan)]
            subprocess.run(args, check=True, capture_output=True)
            cache[key] = (problem, plan) if witness else problem
        return cache[key]

    return run


def example_path() -> Path:
    """The bundled example week (the project's copy, else the generator's)."""
    own = REPO / "examples" / "data" / "visconteo-week.json"
    if own.is_file():
        return own
    shared = tool("gen", "examples", "visconteo-week.json")
    if shared is None:
        _missing("example week")
    assert shared is not None
    return shared


def spec_example(name: str) -> dict[str, Any]:
    """A document of the format's ``spec/examples`` in ../shared (such as
    ``example-1.1-problem.json``)."""
    path = shared_dir() / "spec" / "examples" / name
    if not path.is_file():
        _missing(f"spec example {name}")
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="session")
def example() -> Path:
    return example_path()


def check_plan(checker: Path, problem: Path, plan: "ponte.Plan | dict[str, Any]", folder: Path) -> dict[str, Any]:
    """Runs ponte-check on a plan; asserts it accepts (exit 0), returns the report."""
    solution = plan.solution if isinstance(plan, ponte.Plan) else plan
    path = folder / f"plan-{abs(hash(json.dumps(solution, sort_keys=True)))}.json"
    path.write_text(json.dumps(solution), encoding="utf-8")
    out = subprocess.run([sys.executable, str(checker), str(problem), str(path), "--json"], capture_output=True, text=True)
    report: dict[str, Any] = json.loads(out.stdout) if out.stdout.strip() else {}
    assert out.returncode == 0, f"ponte-check refused the plan:\n{json.dumps(report, indent=2)[:4000]}"
    return report


@pytest.fixture(autouse=True)
def _sigint_raises_keyboard_interrupt() -> Any:
    """A process started in the background by a non-interactive shell
    inherits SIGINT as ignored, and then ``_thread.interrupt_main`` does
    nothing; the Ctrl-C tests need Python's own handler."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)

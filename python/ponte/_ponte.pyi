"""Native core of Ponte (Rust, via pyo3). Use the ``ponte`` package instead."""

from typing import Any, Callable, Optional, TypedDict, Union, final

__all__ = [
    "InvalidArgument",
    "InvalidJson",
    "InvalidProblem",
    "InvalidSolution",
    "PROBLEM_FORMAT",
    "PonteError",
    "Problem",
    "Refused",
    "SNAPSHOT_FORMAT",
    "SOLUTION_FORMAT",
    "__version__",
    "book",
    "cancel",
    "default_limits",
    "evaluate",
    "explain",
    "free_slots",
    "free_slots_in_snapshot",
    "lock",
    "monitoring_csv",
    "pseudonyms",
    "replan",
    "report_html",
    "snapshot",
    "solve",
    "validate",
]
__version__: str
PROBLEM_FORMAT: str
SOLUTION_FORMAT: str
SNAPSHOT_FORMAT: str

class _ErrorDetail(TypedDict):
    code: str
    path: str
    message: str

class _Progress(TypedDict):
    iteration: int
    best_cost: int
    assigned: int
    unassigned: int
    elapsed: float
    done: bool

class _OperatorStats(TypedDict):
    name: str
    iterations: int
    accepted: int
    improving: int
    new_best: int
    time_share: float

class _Outcome(TypedDict):
    solution: dict[str, Any]
    iterations: int
    stop: str
    elapsed: float
    threads: int
    operators: list[_OperatorStats]

class _SlotOption(TypedDict):
    mediator: str
    start: str
    end: str
    language: str
    modality: str
    cost_increase: int

class _Booked(TypedDict):
    solution: dict[str, Any]
    cost_delta: int

class _Locked(TypedDict):
    problem: dict[str, Any]
    native: Problem
    solution: dict[str, Any]
    cost_delta: int

class _Replanned(TypedDict):
    solution: dict[str, Any]
    kept: int
    moved: list[str]
    dropped: list[str]
    added: list[str]
    iterations: int
    stop: str
    elapsed: float

class PonteError(Exception):
    code: str
    errors: list[_ErrorDetail]

class InvalidProblem(PonteError): ...
class InvalidSolution(PonteError): ...
class InvalidJson(PonteError): ...
class InvalidArgument(PonteError): ...
class Refused(PonteError): ...

@final
class Problem:
    def __new__(
        cls, source: Union[str, dict[str, Any]], limits: Optional[dict[str, int]] = None
    ) -> "Problem": ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def timezone(self) -> str: ...
    @property
    def horizon_start(self) -> str: ...
    @property
    def horizon_end(self) -> str: ...
    @property
    def slot_minutes(self) -> int: ...
    @property
    def counts(self) -> tuple[int, int, int, int, int]: ...

def default_limits() -> dict[str, int]: ...
def validate(
    source: Union[str, dict[str, Any]], limits: Optional[dict[str, int]] = None
) -> list[_ErrorDetail]: ...
def solve(
    problem: Problem,
    *,
    time_limit: Optional[float] = None,
    seed: Optional[int] = None,
    iterations: Optional[int] = None,
    progress: Optional[Callable[[_Progress], Optional[bool]]] = None,
    progress_interval: Optional[float] = None,
    threads: Optional[int] = None,
) -> _Outcome: ...
def evaluate(problem: Problem, solution: Union[str, dict[str, Any]]) -> dict[str, Any]: ...
def free_slots(
    problem: Problem, solution: Union[str, dict[str, Any]], query: dict[str, Any]
) -> list[_SlotOption]: ...
def book(
    problem: Problem, solution: Union[str, dict[str, Any]], request: str, choice: dict[str, Any]
) -> _Booked: ...
def cancel(problem: Problem, solution: Union[str, dict[str, Any]], request: str) -> _Booked: ...
def lock(problem: Problem, solution: Union[str, dict[str, Any]], request: str) -> _Locked: ...
def replan(
    problem: Problem,
    old: Union[str, dict[str, Any]],
    *,
    time_limit: Optional[float] = None,
    seed: Optional[int] = None,
    iterations: Optional[int] = None,
    progress: Optional[Callable[[_Progress], Optional[bool]]] = None,
    progress_interval: Optional[float] = None,
) -> _Replanned: ...
def explain(
    problem: Problem, solution: Union[str, dict[str, Any]], *, anonymize: Optional[bool] = None
) -> dict[str, Any]: ...
def snapshot(problem: Problem, solution: Union[str, dict[str, Any]]) -> dict[str, Any]: ...
def free_slots_in_snapshot(snapshot: Union[str, dict[str, Any]], query: dict[str, Any]) -> list[_SlotOption]: ...
def pseudonyms(problem: Problem) -> dict[str, dict[str, str]]: ...
def report_html(
    problem: Problem,
    solution: Union[str, dict[str, Any]],
    *,
    anonymize: Optional[bool] = None,
    title: Optional[str] = None,
    lang: Optional[str] = None,
) -> str: ...
def monitoring_csv(
    problem: Problem, solution: Union[str, dict[str, Any]], *, by: Optional[str] = None
) -> str: ...

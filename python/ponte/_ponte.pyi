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
    "SOLUTION_FORMAT",
    "__version__",
    "evaluate",
    "request_terms",
    "solve",
    "validate",
]
__version__: str
PROBLEM_FORMAT: str
SOLUTION_FORMAT: str

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

class _Outcome(TypedDict):
    solution: dict[str, Any]
    iterations: int
    stop: str
    elapsed: float

class _RequestTerms(TypedDict):
    request: str
    assigned: bool
    terms: dict[str, int]

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
    def __new__(cls, source: Union[str, dict[str, Any]]) -> "Problem": ...
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

def validate(source: Union[str, dict[str, Any]]) -> list[_ErrorDetail]: ...
def solve(
    problem: Problem,
    *,
    time_limit: Optional[float] = None,
    seed: Optional[int] = None,
    iterations: Optional[int] = None,
    progress: Optional[Callable[[_Progress], Optional[bool]]] = None,
    progress_interval: Optional[float] = None,
) -> _Outcome: ...
def evaluate(problem: Problem, solution: Union[str, dict[str, Any]]) -> dict[str, Any]: ...
def request_terms(problem: Problem, solution: Union[str, dict[str, Any]]) -> list[_RequestTerms]: ...

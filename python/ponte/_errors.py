"""Raising Ponte's exceptions from Python code with ``.code`` and ``.errors`` set."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Mapping, Sequence, TypeVar

from ._ponte import InvalidArgument, InvalidJson, InvalidProblem, PonteError

E = TypeVar("E", bound=PonteError)


def make(kind: type[E], code: str, message: str, errors: Iterable[Mapping[str, Any]]) -> E:
    """An exception of ``kind`` with ``.code`` and ``.errors`` set."""
    error = kind(message)
    error.code = code
    details: Any = [dict(e) for e in errors]
    error.errors = details
    return error


def invalid_argument(path: str, message: str) -> InvalidArgument:
    """``InvalidArgument`` naming the argument (or the path inside it)."""
    detail = {"code": "INVALID_ARGUMENT", "path": path, "message": message}
    return make(InvalidArgument, "INVALID_ARGUMENT", f"{path}: {message}", [detail])


def invalid_json(message: str) -> InvalidJson:
    """``InvalidJson`` with the parser's message."""
    detail = {"code": "INVALID_JSON", "path": "$", "message": message}
    return make(InvalidJson, "INVALID_JSON", f"not valid JSON: {message}", [detail])


def invalid_problem(errors: Sequence[Mapping[str, str]]) -> InvalidProblem:
    """``InvalidProblem`` with every error."""
    first = errors[0] if errors else {"path": "$", "code": "INVALID_PROBLEM", "message": "no details"}
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    message = f"invalid problem: {first['path']}: {first['code']}: {first['message']}{more}"
    return make(InvalidProblem, "INVALID_PROBLEM", message, errors)


@contextmanager
def writing(path: object) -> Iterator[None]:
    """Turns an ``OSError`` while writing ``path`` into ``InvalidArgument``."""
    try:
        yield
    except OSError as err:
        raise invalid_argument("path", f"cannot write {path}: {err.strerror or err}") from err

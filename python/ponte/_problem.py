"""A problem's data: the ``ponte-problem/1`` document, its native core
problem, lookups and validation (:class:`ProblemData`), and reading JSON
sources.

:class:`ponte.Problem` (in ``_api``) is this class with the operations that
make plans (``solve``, ``replan``); the outputs and the booking functions
below ``_api`` need only what is here.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Optional, TypeVar, Union
from zoneinfo import ZoneInfo

from . import _ponte
from ._errors import invalid_argument, invalid_json, writing
from ._time import DEFAULT_TIMEZONE, zone

#: The names of the size limits ``load_problem`` takes, with their defaults.
DEFAULT_LIMITS: Mapping[str, int] = MappingProxyType(_ponte.default_limits())
LIMIT_NAMES: tuple[str, ...] = tuple(DEFAULT_LIMITS)

P = TypeVar("P", bound="ProblemData")


@dataclass(frozen=True)
class InputError:
    """One input error: stable code, JSON path of the offending value, message."""

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.code}: {self.message}"


class ProblemData:
    """A ``ponte-problem/1`` document, validated on demand by the native core:
    the part of :class:`ponte.Problem` that reads, looks up and validates."""

    def __init__(
        self,
        document: Mapping[str, Any],
        *,
        text: Optional[str] = None,
        limits: Optional[Mapping[str, int]] = None,
    ) -> None:
        if not isinstance(document, Mapping):
            raise invalid_argument("problem", f"expected a dict, got {type(document).__name__}")
        self._document: dict[str, Any] = dict(document)
        self._text = text
        self._limits: Optional[dict[str, int]] = None if limits is None else _limits(limits)
        self._native: Optional[_ponte.Problem] = None
        self._index: Optional[dict[str, dict[str, dict[str, Any]]]] = None

    @classmethod
    def _validated(cls: type[P], document: Mapping[str, Any], native: _ponte.Problem) -> P:
        """A problem the core has just built and validated (after ``lock``)."""
        problem = cls(document)
        problem._native = native
        return problem

    # -- the document -----------------------------------------------------
    @property
    def document(self) -> dict[str, Any]:
        """The problem as a dict (JSON values only)."""
        return self._document

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the document."""
        copy: dict[str, Any] = json.loads(self.to_json())
        return copy

    def to_json(self, indent: Optional[int] = None) -> str:
        """The document as JSON text (the original text when loaded from one)."""
        if self._text is not None and indent is None:
            return self._text
        return json.dumps(self._document, ensure_ascii=False, indent=indent)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> Path:
        """Writes the document as UTF-8 JSON."""
        target = Path(path)
        with writing(target):
            target.write_text(self.to_json(indent=2) + "\n", encoding="utf-8")
        return target

    @property
    def name(self) -> Optional[str]:
        """Network name."""
        network = self._document.get("network") or {}
        name = network.get("name") if isinstance(network, dict) else None
        return name if isinstance(name, str) else None

    @property
    def timezone(self) -> str:
        """IANA zone of every local time (default ``Europe/Rome``)."""
        network = self._document.get("network") or {}
        tz = network.get("timezone") if isinstance(network, dict) else None
        return tz if isinstance(tz, str) else DEFAULT_TIMEZONE

    @property
    def tz(self) -> ZoneInfo:
        """The zone as a ``ZoneInfo``."""
        return zone(self.timezone)

    @property
    def horizon(self) -> tuple[_dt.date, _dt.date]:
        """First and last day (included)."""
        h = self._document.get("horizon") or {}
        try:
            return (_dt.date.fromisoformat(h["start"]), _dt.date.fromisoformat(h["end"]))
        except (KeyError, TypeError, ValueError) as err:
            raise invalid_argument("horizon", "the problem has no valid horizon") from err

    # -- lookups ------------------------------------------------------------
    def _lists(self) -> dict[str, dict[str, dict[str, Any]]]:
        if self._index is None:
            index: dict[str, dict[str, dict[str, Any]]] = {}
            for key in ("municipalities", "offices", "mediators", "requests", "workshops"):
                items = self._document.get(key) or []
                index[key] = {
                    item["id"]: item
                    for item in items
                    if isinstance(item, dict) and isinstance(item.get("id"), str)
                }
            self._index = index
        return self._index

    def municipality(self, id: str) -> dict[str, Any]:
        """The municipality with this id (``KeyError`` if none)."""
        return self._lists()["municipalities"][id]

    def office(self, id: str) -> dict[str, Any]:
        """The office with this id (``KeyError`` if none)."""
        return self._lists()["offices"][id]

    def mediator(self, id: str) -> dict[str, Any]:
        """The mediator with this id (``KeyError`` if none)."""
        return self._lists()["mediators"][id]

    def request(self, id: str) -> dict[str, Any]:
        """The request with this id (``KeyError`` if none)."""
        return self._lists()["requests"][id]

    def workshop(self, id: str) -> dict[str, Any]:
        """The workshop with this id (``KeyError`` if none)."""
        return self._lists()["workshops"][id]

    @property
    def mediator_ids(self) -> list[str]:
        """Mediator ids in the document's order."""
        return list(self._lists()["mediators"])

    @property
    def request_ids(self) -> list[str]:
        """Request ids in the document's order."""
        return list(self._lists()["requests"])

    # -- validation ---------------------------------------------------------
    def validate(self) -> list[InputError]:
        """Every input error (empty when the problem is valid)."""
        if self._native is not None:
            return []
        source: Union[str, dict[str, Any]] = self._text if self._text is not None else self._document
        return [InputError(**e) for e in _ponte.validate(source, self._limits)]

    @property
    def is_valid(self) -> bool:
        """Whether :meth:`validate` finds no error."""
        return not self.validate()

    @property
    def native(self) -> _ponte.Problem:
        """The validated native problem (built once; raises ``InvalidProblem``)."""
        if self._native is None:
            source: Union[str, dict[str, Any]] = self._text if self._text is not None else self._document
            self._native = _ponte.Problem(source, self._limits)
        return self._native

    def __repr__(self) -> str:
        lists = self._lists()
        try:
            start, end = self.horizon
            span = f"{start} to {end}"
        except _ponte.PonteError:
            span = "no horizon"
        return (
            f"<ponte.Problem {span}: {len(lists['offices'])} offices, "
            f"{len(lists['mediators'])} mediators, {len(lists['requests'])} requests>"
        )


def _read_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise invalid_argument("path", f"no such file: {path}") from err
    except IsADirectoryError as err:
        raise invalid_argument("path", f"is a directory: {path}") from err
    except OSError as err:
        raise invalid_argument("path", f"cannot read {path}: {err.strerror}") from err
    return _decode(data)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise invalid_json(f"not UTF-8: {err.reason} at byte {err.start}") from err


def _parse(text: str) -> dict[str, Any]:
    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        value = json.loads(text, parse_constant=refuse_constant)
    except (json.JSONDecodeError, ValueError, RecursionError) as err:
        raise invalid_json(str(err)) from err
    if not isinstance(value, dict):
        raise invalid_json(f"expected a JSON object, got {type(value).__name__}")
    return value


def _limits(limits: Mapping[str, int]) -> dict[str, int]:
    if not isinstance(limits, Mapping):
        raise invalid_argument("limits", f"expected a dict, got {type(limits).__name__}")
    return dict(limits)

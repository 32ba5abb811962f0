"""Pseudonyms for outputs that could be published (``anonymize=True``).

Mediators have names, and their ids often contain them (``m-amina``); a
case id may identify a family. An anonymized output replaces mediator ids
by ``M001``, ``M002``, ... and case ids by ``C01``, ... (stable for a
problem: numbered in the document's order) and drops every name. The
pseudonyms are made by the core only (``ponte::booking::pseudonyms``), so a
mediator is the same ``M0..`` in Excel, calendars, ``explain`` and the
public snapshot. Request, office and municipality ids are not personal and
stay.
"""

from __future__ import annotations

import re
from typing import Optional

from . import _ponte
from ._problem import ProblemData


class Pseudonyms:
    """Maps mediator and case ids to pseudonyms, or to themselves."""

    def __init__(self, problem: ProblemData, anonymize: bool) -> None:
        self.anonymize = anonymize
        # Only an anonymized output needs the core's pseudonyms (and so a
        # problem the core accepts); the others show the ids themselves.
        names = _ponte.pseudonyms(problem.native) if anonymize else {"mediators": {}, "cases": {}}
        self._mediators: dict[str, str] = dict(names["mediators"])
        self._cases: dict[str, str] = dict(names["cases"])
        self._names: dict[str, Optional[str]] = {m["id"]: m.get("name") for m in problem.document.get("mediators", [])}
        self._table: dict[str, str] = {}
        self._pattern: Optional[re.Pattern[str]] = None
        self._built = False

    def mediator(self, id: str) -> str:
        """The id shown for a mediator."""
        return self._mediators.get(id, "M???") if self.anonymize else id

    def mediator_name(self, id: str) -> Optional[str]:
        """The name shown for a mediator (``None`` when anonymized)."""
        return None if self.anonymize else self._names.get(id)

    def case(self, id: Optional[str]) -> Optional[str]:
        """The id shown for a case."""
        if id is None or not self.anonymize:
            return id
        return self._cases.get(id, "C??")

    def scrub(self, text: str) -> str:
        """Free text (a reason's message) with mediator ids, names and case
        ids replaced by pseudonyms when anonymizing."""
        if not self.anonymize or not text:
            return text
        if not self._built:
            self._built = True
            table: dict[str, str] = {}
            for id, pseudo in self._mediators.items():
                table[id] = pseudo
                name = self._names.get(id)
                if name:
                    table[name] = pseudo
            for case, pseudo in self._cases.items():
                table[case] = pseudo
            keys = sorted(table, key=len, reverse=True)
            self._table = table
            self._pattern = (
                re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])") if keys else None
            )
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._table[m.group(1)], text)

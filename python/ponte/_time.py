"""Local wall-clock times of the format as timezone-aware datetimes.

The format writes local times ``YYYY-MM-DDTHH:MM`` in the network's zone
(default ``Europe/Rome``). An ambiguous time (the autumn repeated hour) means
its first occurrence, so ``fold=0``. Durations are real elapsed minutes, so
an end is computed in UTC and converted back: on the spring DST day,
01:30 + 60 minutes is 03:30.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._ponte import InvalidArgument

DEFAULT_TIMEZONE = "Europe/Rome"


@lru_cache(maxsize=32)
def zone(name: str) -> ZoneInfo:
    """The zone of an IANA name (cached)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise InvalidArgument(f"timezone: unknown IANA zone {name!r}") from err


def parse_local(text: str, tz: ZoneInfo) -> _dt.datetime:
    """``YYYY-MM-DDTHH:MM`` local time in ``tz`` -> aware datetime (first occurrence)."""
    naive = _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    return naive.replace(tzinfo=tz, fold=0)


def plus_minutes(start: _dt.datetime, minutes: int) -> _dt.datetime:
    """``start`` plus real elapsed minutes, in ``start``'s zone."""
    tz = start.tzinfo
    utc = start.astimezone(_dt.timezone.utc) + _dt.timedelta(minutes=minutes)
    return utc.astimezone(tz)


def format_local(moment: _dt.datetime) -> str:
    """An aware or naive datetime -> ``YYYY-MM-DDTHH:MM`` (its own wall clock)."""
    return moment.strftime("%Y-%m-%dT%H:%M")

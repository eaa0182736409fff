"""``workload.profile_file``: an arrival history (an ACD export) read as CSV.

The file has a header ``timestamp,contacts`` and one row per interval of 15, 30 or 60
minutes, in order, with no gap and no repeat. A timestamp is ``YYYY-MM-DD HH:MM`` (or with a
``T``, seconds ``:00``, and an optional UTC offset such as ``-05:00`` or ``Z``). Without an
offset it is the local time of ``profile.timezone``: the hour a fall-back day repeats may then
appear twice (the second is the later one), and the hour a spring-forward day skips is not
a gap. Every problem is one diagnostic with the file's line and column.

A load reads it twice (the criteria file's rules, then the project), so ``history_of`` keeps
what the last few files gave, keyed on the resolved path and the sha256 of the bytes just
read: the file is read and hashed each time, parsed once, and an edited file is parsed again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

from vendorscore.criteria.arrivals import zone_of
from vendorscore.criteria.settings import History, Workload
from vendorscore.errors import InputError, Issue, byte_position
from vendorscore.models.common import load_zone
from vendorscore.models.limits import MAX_MAGNITUDE

MAX_HISTORY_BYTES = 16 * 2**20  # 16 MiB
MAX_HISTORY_ROWS = 110_000  # three years of 15-minute intervals
STEPS = (15, 30, 60)
KEPT = 4  # parsed histories kept (a load needs one; a diff two)


def _fail(shown: str, line: int, column: int, code: str, message: str) -> InputError:
    return InputError([Issue(shown, line, column, code, message)])


def _text(path: Path, shown: str) -> tuple[str, str]:
    try:
        size = path.stat().st_size
        if size > MAX_HISTORY_BYTES:
            raise _fail(
                shown,
                1,
                1,
                "file-too-large",
                f"the arrival history is {size / 2**20:,.1f} MiB, more than the 16 MiB read",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(
            shown, 1, 1, "unreadable", f"cannot read the arrival history: {exc.strerror}"
        ) from None
    try:
        return raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as exc:
        line, column = byte_position(raw, exc.start)
        raise _fail(
            shown, line, column, "bad-encoding", "the arrival history is not valid UTF-8"
        ) from None


def _instant(text: str, zone: str, seen: set[datetime]) -> datetime | None:
    """The UTC instant of a timestamp (None when it is not one)."""
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    if len(cleaned) < 16 or cleaned[4] != "-" or cleaned[10] not in " T":
        return None
    try:
        when = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    if when.second or when.microsecond or when.minute % 15:
        return None
    if when.tzinfo is None:
        local = when.replace(tzinfo=load_zone(zone))
        if when in seen:  # the repeated hour of a fall-back day: the later one
            local = local.replace(fold=1)
        seen.add(when)
        return local.astimezone(timezone.utc)
    return when.astimezone(timezone.utc)


def _count(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value < MAX_MAGNITUDE else None


def _row(
    fields: list[str], line: int, shown: str, zone: str, seen: set[datetime]
) -> tuple[datetime, float]:
    """One line's instant and count."""
    if len(fields) != 2:
        raise _fail(shown, line, 1, "bad-row", "each line is: timestamp,contacts")
    when = _instant(fields[0], zone, seen)
    if when is None:
        raise _fail(
            shown,
            line,
            1,
            "bad-timestamp",
            f"'{fields[0].strip()[:40]}' is not a timestamp such as 2026-11-27 10:00 "
            "(minutes on a quarter hour)",
        )
    count = _count(fields[1])
    if count is None:
        raise _fail(
            shown,
            line,
            len(fields[0]) + 2,
            "bad-count",
            f"'{fields[1].strip()[:40]}' is not a number of contacts from 0 to below 1e15",
        )
    return when, count


def _step(gap: timedelta, step: timedelta | None, line: int, shown: str) -> timedelta:
    """The history's interval, checked against the gap between this line and the last."""
    if step is None:
        if gap not in {timedelta(minutes=m) for m in STEPS}:
            raise _fail(
                shown,
                line,
                1,
                "history-step",
                "the first two intervals must be 15, 30 or 60 minutes apart",
            )
        return gap
    if gap != step:
        what = "repeats or goes back" if gap <= timedelta(0) else "leaves a gap"
        raise _fail(
            shown,
            line,
            1,
            "history-gap",
            f"this interval {what}: every line must follow the one before by "
            f"{int(step.total_seconds() // 60)} minutes",
        )
    return step


def _records(text: str, shown: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _fail(
            shown, reader.line_num or 1, 1, "bad-csv", f"cannot read the CSV: {exc}"
        ) from None
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header != ["timestamp", "contacts"]:
        raise _fail(shown, 1, 1, "bad-header", "the first line must be: timestamp,contacts")
    if len(rows) - 1 > MAX_HISTORY_ROWS:
        raise _fail(
            shown,
            MAX_HISTORY_ROWS + 2,
            1,
            "too-many-rows",
            f"more than {MAX_HISTORY_ROWS:,} intervals (three years of 15-minute intervals)",
        )
    return rows


Key = tuple[str, str, str, str]  # resolved path, sha256, shown, zone
_parsed: dict[Key, History | tuple[Issue, ...]] = {}


def history_of(workload: Workload, criteria: Path, shown: str) -> History:
    """The arrival history of ``workload.profile_file``, beside the criteria file at
    ``criteria`` (``shown``: how the user names that file), read in the profile's time zone;
    InputError naming the line. Parsed once per file content (see the module's docstring)."""
    assert workload.profile_file is not None
    path = criteria.parent / workload.profile_file
    named = str(Path(shown).parent / workload.profile_file)
    zone = zone_of(workload)
    text, digest = _text(path, named)
    key = (str(path.resolve()), digest, named, zone)
    found = _parsed.get(key)
    if found is None:
        try:
            found = _parse(text, digest, named, zone)
        except InputError as exc:
            found = exc.issues
        if len(_parsed) >= KEPT:
            del _parsed[next(iter(_parsed))]  # the oldest
        _parsed[key] = found
    if isinstance(found, tuple):
        raise InputError(found)
    return found


def read_history(path: Path, shown: str, zone: str) -> History:
    """The history's counts and local start times, or InputError naming the line."""
    text, digest = _text(path, shown)
    return _parse(text, digest, shown, zone)


def _parse(text: str, digest: str, shown: str, zone: str) -> History:
    starts: list[datetime] = []
    counts: list[float] = []
    step: timedelta | None = None
    seen: set[datetime] = set()
    for line, fields in enumerate(_records(text, shown)[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        when, count = _row(fields, line, shown, zone, seen)
        if starts:
            step = _step(when - starts[-1], step, line, shown)
        starts.append(when)
        counts.append(count)
    if len(starts) < 2 or step is None or starts[-1] - starts[0] < timedelta(days=7) - step:
        raise _fail(
            shown,
            1,
            1,
            "history-short",
            "the arrival history must cover at least one whole week (each weekday once)",
        )
    if not sum(counts) > 0:
        raise _fail(shown, 2, 1, "profile-closed", "every count of the arrival history is 0")
    local_zone = load_zone(zone)
    local = tuple(s.astimezone(local_zone).replace(tzinfo=None) for s in starts)
    return History(local, tuple(counts), int(step.total_seconds() // 60), shown, digest)

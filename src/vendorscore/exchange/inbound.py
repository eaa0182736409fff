"""Reading response files a vendor filled: the limits, checked before anything is parsed.

Vendor files are hostile by design: a 2 MB workbook can hold a 2 GB zip bomb, a CSV a field
of a billion characters, a sheet a million rows or a header row repeated. Every limit here is
a named constant (documented in the README, "What vendorscore refuses, and why") and every
refusal is a diagnostic naming the file and the cell or line, with the number.

No openpyxl here (``xlsx.py`` opens workbooks, after ``check_zip`` has looked inside them):
the members of an xlsx are listed with ``zipfile`` before openpyxl inflates any of them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vendorscore.errors import InputError, Issue, byte_position

MAX_IMPORT_FILE_BYTES = 64 * 2**20
"""The largest response file (xlsx or CSV) read, as stored on disk."""
MAX_UNCOMPRESSED_BYTES = 128 * 2**20
"""What the members of an xlsx may inflate to, together."""
MAX_COMPRESSION_RATIO = 100
"""How many times its stored size one xlsx member may inflate to (above RATIO_FLOOR):
spreadsheets compress 5 to 30 times, zip bombs a thousand."""
RATIO_FLOOR = 2**20
"""Members smaller than this (inflated) are not held to the ratio: a tiny file can compress
well and does no harm."""
MAX_ZIP_MEMBERS = 10_000
"""Files inside one xlsx (a workbook has a dozen or two)."""
MAX_IMPORT_ROWS = 20_000
"""Vendor rows one import reads (each becomes a file)."""
MAX_IMPORT_COLUMNS = 1_000
"""Columns of the header row (a response sheet has about fifty)."""
MAX_CELL_CHARS = 32_767
"""The longest text of one cell or CSV field: the most a spreadsheet cell holds."""
SHEET_ROWS = 1_048_576
"""The rows a spreadsheet has; a workbook claiming a row beyond is damaged or hostile."""

Row = tuple[int, dict[str, Any], dict[str, str]]
"""(row number, value by header, cell by header) of one filled row."""

# C0 and C1 controls, DEL, bidi overrides and isolates, line and paragraph separators:
# characters that act on a terminal, reorder what a reader sees, or break a line.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMES = {
    0x09: "a tab",
    0x0A: "a line break",
    0x0D: "a carriage return",
    0x1B: "ESC",
    0x7F: "DEL",
    0x2028: "a line separator",
    0x2029: "a paragraph separator",
}


def control_character(text: str) -> str | None:
    """How to name the first control character in ``text`` (None when there is none)."""
    found = CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code) or (
        "a bidirectional control" if code >= 0x202A else "a control character"
    )
    return f"{name} (U+{code:04X})"


def _refuse(shown: str, code: str, message: str, cell: str = "", line: int = 1) -> InputError:
    return InputError([Issue(shown, line, 1, code, message, cell=cell)])


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def check_file(path: Path, shown: str) -> None:
    """Refuse a response file larger than MAX_IMPORT_FILE_BYTES before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(shown, "unreadable", f"cannot read the file: {exc.strerror}") from None
    if size > MAX_IMPORT_FILE_BYTES:
        raise _refuse(
            shown,
            "file-too-large",
            f"file is {_mib(size)}, more than the {_mib(MAX_IMPORT_FILE_BYTES)} an import reads",
        )


def check_zip(path: Path, shown: str) -> None:
    """Look inside an xlsx before openpyxl inflates it: the members' inflated sizes together
    and each one's compression ratio (the sizes the archive declares bound what zipfile will
    ever inflate: it stops there and checks the CRC)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile raises many kinds (BadZipFile, NotImplementedError, …)
        raise _refuse(
            shown, "bad-workbook", f"not an xlsx workbook (not a readable zip archive: {exc})"
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refuse(
            shown,
            "zip-bomb",
            f"refused: the workbook holds {len(members):,} files; "
            f"a workbook may hold at most {MAX_ZIP_MEMBERS:,}",
        )
    total = 0
    for member in members:
        total += member.file_size
        stored = max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_COMPRESSION_RATIO * stored:
            raise _refuse(
                shown,
                "zip-bomb",
                f"refused: {member.filename} inflates {member.file_size // stored:,} times "
                f"({_mib(stored)} to {_mib(member.file_size)}); a workbook member may inflate "
                f"at most {MAX_COMPRESSION_RATIO} times",
            )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(
                shown,
                "zip-bomb",
                f"refused: the workbook inflates to more than {MAX_UNCOMPRESSED_BYTES:,} bytes "
                f"({_mib(MAX_UNCOMPRESSED_BYTES)}) by {member.filename}",
            )


def column_letter(index: int) -> str:
    """A column's letters, as a spreadsheet names it: 1 is A, 27 is AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_header(header: Sequence[str], cell: Callable[[int], str], shown: str) -> None:
    """A header row vendorscore can read: not too wide, no column named twice."""
    named = [(i, h) for i, h in enumerate(header, start=1) if h]
    beyond = [i for i, _ in named if i > MAX_IMPORT_COLUMNS]
    if beyond:
        raise _refuse(
            shown,
            "too-many-columns",
            f"the header row has {named[-1][0]:,} columns: an import reads at most "
            f"{MAX_IMPORT_COLUMNS:,}",
            cell(beyond[0]),
        )
    first: dict[str, int] = {}
    issues = []
    for index, name in named:
        if name in first:
            issues.append(
                Issue(
                    shown,
                    1,
                    index,
                    "duplicate-column",
                    f"column '{name}' appears twice (first in {cell(first[name])}): "
                    "keep one of them",
                    cell=cell(index),
                )
            )
        first.setdefault(name, index)
    if issues:
        raise InputError(issues)


def check_row(number: int, shown: str, cell: str) -> None:
    """Refuse a filled row past the last one an import reads."""
    if number > MAX_IMPORT_ROWS + 1:
        raise _refuse(
            shown,
            "too-many-rows",
            f"row {number:,}: an import reads at most {MAX_IMPORT_ROWS:,} vendor rows "
            f"(rows 2 to {MAX_IMPORT_ROWS + 1:,}); split the responses into several files",
            cell,
            number,
        )


def long_cell(value: Any, shown: str, cell: str, number: int) -> Issue | None:
    """An Issue when a text cell is longer than a spreadsheet cell holds."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return Issue(
            shown,
            number,
            1,
            "cell-too-long",
            f"{len(value):,} characters in one cell: a cell holds at most {MAX_CELL_CHARS:,}",
            cell=cell,
        )
    return None


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(shown, "bad-encoding", "the CSV is UTF-16: save it as CSV UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(raw, exc.start)
        raise InputError(
            [
                Issue(
                    shown,
                    line,
                    column,
                    "bad-encoding",
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save the CSV as UTF-8",
                )
            ]
        ) from None


def _csv_records(text: str, shown: str) -> list[tuple[int, list[str]]]:
    """(line, fields) of each record; csv's own errors become positioned diagnostics."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for fields in reader:
            records.append((line, fields))
            line = reader.line_num + 1
            if len(records) > MAX_IMPORT_ROWS + 1 and any(f.strip() for f in fields):
                check_row(len(records), shown, f"A{len(records)}")
    except csv.Error as exc:
        reason = str(exc)
        if "field limit" in reason:
            reason = f"a field longer than {MAX_CELL_CHARS:,} characters (the most a cell holds)"
        raise InputError(
            [Issue(shown, line, 1, "bad-csv", f"cannot read the CSV: {reason}")]
        ) from None
    return records


def csv_rows(path: Path, shown: str) -> list[Row]:
    """Every filled row of a CSV response file (read whole: it is at most
    MAX_IMPORT_FILE_BYTES), checked like a workbook's."""
    check_file(path, shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _refuse(shown, "unreadable", f"cannot read the CSV file: {exc.strerror}") from None
    records = _csv_records(_decode(raw, shown), shown)
    if not records:
        return []
    header = [h.strip() for h in records[0][1]]
    check_header(header, lambda i: f"{column_letter(i)}1", shown)
    rows: list[Row] = []
    issues: list[Issue] = []
    for number, (line, values) in enumerate(records[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {h: f"{column_letter(i)}{number}" for i, h in enumerate(header, start=1) if h}
        row = {h: v for h, v in zip(header, values, strict=False) if h}
        issues += [
            i for h, v in row.items() if (i := long_cell(v, shown, cells[h], line)) is not None
        ]
        rows.append((number, row, cells))
    if issues:
        raise InputError(issues)
    return rows

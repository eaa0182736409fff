"""Workbooks (openpyxl) and CSV: the response sheet, reading responses, the ranking export.

Every text cell written goes through ``safe_cell``, the rule CSV applies too: control
characters and the other code points a workbook refuses are shown escaped (openpyxl raises on
them), and a leading ``= + - @`` gets a ``'`` (openpyxl stores any string starting with ``=``
as a live formula). Text read back goes through ``unsafe_cell``, so a filled sheet imports to
the same vendor files.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from vendorscore.errors import InputError, Issue
from vendorscore.exchange.inbound import (
    SHEET_ROWS,
    check_file,
    check_header,
    check_row,
    check_zip,
    csv_rows,
    long_cell,
)
from vendorscore.exchange.ranking_sheet import breakdown, cost_rows, shown_width, unit_format
from vendorscore.exchange.rows import (
    DAY_CHOICES,
    LEVEL_CHOICES,
    STATUS_CHOICES,
    UNITS,
    Layout,
)
from vendorscore.formatting import column_unit, safe_cell, unsafe_cell
from vendorscore.models.codes import COUNTRIES, CURRENCIES
from vendorscore.models.results import Ranking

INSTRUCTIONS = """\
How to fill this workbook

One row per vendor on the Vendors sheet, starting on row 2. Leave a cell empty when you have
no value: an empty cell is missing data, never zero. Percentages are numbers from 0 to 100.
Money is a plain number in the currency of the row. Times are 24-hour HH:MM ("24:00" may end
a window). Time zones are IANA names such as America/New_York or Asia/Manila.

Coverage: up to three weekly windows. "days" is daily, weekdays, weekends, or a list such as
mon,tue,wed; a window whose end is not after its start runs past midnight.

Compact columns:
- languages (other):  en C1 380; tl native      (code, level, optional agents; ";" between)
- certifications:     ISO 27001 | active | 2028-03-01; PCI DSS | in_progress; SOC 2 Type II
- sites:              Cebu | PH | Asia/Manila | 400; Davao | PH
- channels, platforms, closed dates: comma-separated

Return the file to the buyer, who runs:  vendorscore import responses.xlsx -o vendors/
"""


def require_openpyxl() -> None:
    """A clear usage error when the optional spreadsheet support is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        from vendorscore.errors import UsageError

        raise UsageError(
            f"spreadsheets need openpyxl: {_install_hint()} (or pip install openpyxl)"
        ) from None


def _install_hint() -> str:
    """``pip install '.[xlsx]'`` in a source checkout (the current folder, or the one the
    package runs from, holding a pyproject.toml that names vendorscore), else the package from
    the index."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[3]):
        try:
            checkout = 'name = "vendorscore"' in (root / "pyproject.toml").read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            checkout = False
        if checkout:
            return f"pip install '.[xlsx]' (in {root})"
    return "pip install 'vendorscore[xlsx]'"


def _safe(value: Any) -> Any:
    """A value for a cell: text made safe (no formula, no character XML refuses), numbers and
    dates as they are."""
    return safe_cell(value) if isinstance(value, str) else value


def _read(value: Any) -> Any:
    return unsafe_cell(value) if isinstance(value, str) else value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _lists_sheet(book: Any) -> dict[str, str]:
    """The hidden sheet of dropdown values; the cell range of each list, by name."""
    lists = book.create_sheet("Lists")
    choices = {
        "units": UNITS,
        "currencies": sorted(CURRENCIES),
        "countries": sorted(COUNTRIES),
        "levels": LEVEL_CHOICES,
        "days": DAY_CHOICES,
        "status": STATUS_CHOICES,
    }
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(choices.items(), start=1):
        lists.cell(row=1, column=index, value=name)
        for r, value in enumerate(values, start=2):
            lists.cell(row=r, column=index, value=value)
        ranges[name] = f"Lists!${_letter(index)}$2:${_letter(index)}${len(values) + 1}"
    lists.sheet_state = "hidden"
    return ranges


def response_workbook(columns: Layout, rows: list[dict[str, Any]], title: str) -> bytes:
    """The workbook a buyer sends to vendors (optionally pre-filled with ``rows``)."""
    require_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Vendors"
    ranges = _lists_sheet(book)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F2")
    for index, column in enumerate(columns.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=_safe(column.header))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[_letter(index)].width = max(12, min(40, len(column.header) + 2))
        if column.choices:
            strict = column.choices != "days"
            check = DataValidation(
                type="list",
                formula1=f"={ranges[column.choices]}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop" if strict else "information",
                error="Pick a value from the list"
                if strict
                else "Not a list value: use mon,tue,… for several days",
            )
            sheet.add_data_validation(check)
            check.add(f"{_letter(index)}2:{_letter(index)}1000")
    for r, row in enumerate(rows, start=2):
        for index, column in enumerate(columns.columns, start=1):
            if column.header in row:
                sheet.cell(row=r, column=index, value=_safe(row[column.header]))
    sheet.freeze_panes = "C2"
    notes = book.create_sheet("Instructions", 0)
    notes["A1"] = _safe(title)
    notes["A1"].font = Font(bold=True, size=14)
    for r, line in enumerate(INSTRUCTIONS.splitlines(), start=3):
        notes.cell(row=r, column=1, value=line)
    notes.column_dimensions["A"].width = 100
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(path: Path, shown: str) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    """(row number, values by header, cell reference by header) for every filled row.

    The file's size and the zip's members are checked before openpyxl opens it, and every
    limit of ``inbound`` holds; whatever openpyxl raises on a damaged row becomes a
    diagnostic at that row.
    """
    if path.suffix.lower() == ".csv":
        yield from _csv_rows(path, shown)
        return
    require_openpyxl()
    check_file(path, shown)
    check_zip(path, shown)
    book = _open_book(path, shown)
    try:
        rows = _vendor_rows(book, shown)
        first = _next_row(rows, 1, shown) or ()
        header = [str(h).strip() if h is not None else "" for h in first]
        check_header(header, lambda i: f"Vendors!{_letter(i)}1", shown)
        yield from _sheet_rows(rows, header, shown)
    finally:
        book.close()


def _open_book(path: Path, shown: str) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise InputError(
            [
                Issue(
                    shown,
                    1,
                    1,
                    "bad-workbook",
                    f"cannot read the workbook: {type(exc).__name__}: {exc}",
                )
            ]
        ) from None


def _vendor_rows(book: Any, shown: str) -> Iterator[Sequence[Any]]:
    """The rows of the Vendors sheet, as values (its stated size is not trusted: rows past a
    wrong one would be lost)."""
    if "Vendors" not in book.sheetnames:
        raise InputError([Issue(shown, 1, 1, "bad-workbook", "no sheet named Vendors")])
    try:
        sheet = book["Vendors"]
        sheet.reset_dimensions()
        return iter(sheet.iter_rows(values_only=True))
    except Exception as exc:  # the sheet's part is missing or damaged
        message = f"cannot read the sheet Vendors: {type(exc).__name__}: {exc}"
        raise InputError([Issue(shown, 1, 1, "bad-workbook", message)]) from None


def _next_row(rows: Iterator[Sequence[Any]], number: int, shown: str) -> Sequence[Any] | None:
    """The next row (None at the end); a row openpyxl cannot read is a diagnostic there."""
    try:
        return next(rows, None)
    except Exception as exc:  # a bad number, date or reference in the sheet's XML
        raise InputError(
            [
                Issue(
                    shown,
                    number,
                    1,
                    "bad-workbook",
                    f"cannot read row {number}: {type(exc).__name__}: {exc}",
                    cell=f"Vendors!A{number}",
                )
            ]
        ) from None


def _sheet_rows(
    rows: Iterator[Sequence[Any]], header: list[str], shown: str
) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    """The filled rows below the header, each checked against the limits."""
    number = 1
    while (values := _next_row(rows, number + 1, shown)) is not None:
        number += 1
        if number > SHEET_ROWS:
            raise InputError(
                [
                    Issue(
                        shown,
                        number,
                        1,
                        "bad-workbook",
                        f"the sheet goes past row {SHEET_ROWS:,}, the last a spreadsheet has",
                        cell=f"Vendors!A{SHEET_ROWS}",
                    )
                ]
            )
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        check_row(number, shown, f"Vendors!A{number}")
        cells = {h: f"Vendors!{_letter(i)}{number}" for i, h in enumerate(header, start=1) if h}
        row = {h: _read(v) for h, v in zip(header, values, strict=False) if h}
        long = [i for h, v in row.items() if (i := long_cell(v, shown, cells[h], number))]
        if long:
            raise InputError(long)
        yield number, row, cells


def _csv_rows(path: Path, shown: str) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    for number, row, cells in csv_rows(path, shown):
        yield number, {h: _read(v) for h, v in row.items()}, cells


Format = Callable[[int, int], "str | None"]  # (row index, column index) -> number format


def _table(
    book: Any,
    title: str,
    header: list[str],
    rows: list[list[Any]],
    first: bool,
    formats: Format | None = None,
) -> None:
    """One sheet: a bold, frozen header row, then the rows (every text cell made safe), each
    number in its format, columns as wide as what they show (10 to 60 characters)."""
    from openpyxl.styles import Font

    sheet = book.active if first else book.create_sheet(title)
    assert sheet is not None
    sheet.title = title
    sheet.append([_safe(name) for name in header])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    widths = [len(str(name)) for name in header]
    for i, row in enumerate(rows):
        sheet.append([_safe(value) for value in row])
        for j, value in enumerate(row):
            shape = formats(i, j) if formats is not None else None
            if shape and isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.cell(row=i + 2, column=j + 1).number_format = shape
            widths[j] = max(widths[j], shown_width(value, shape))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(index)].width = max(10, min(60, width + 2))


def _breakdown_sheet(book: Any, r: Ranking) -> None:
    """A row per vendor and criterion: weights as percentages, raw values in their unit."""
    header, rows = breakdown(r)
    units = [row[header.index("unit")] for row in rows]
    columns = {name: k for k, name in enumerate(header)}
    raw = {columns[k] for k in ("raw", "raw low", "raw high") if k in columns}

    def breakdown_format(i: int, j: int) -> str | None:
        if j == columns["weight"]:
            return "0.0%"
        if j in raw:
            return unit_format(str(units[i]))
        if j in (columns["utility"], columns["contribution"]):
            return "0.00"
        return None

    _table(book, "Breakdown", header, rows, first=False, formats=breakdown_format)


def _costs_sheet(book: Any, r: Ranking) -> None:
    """Every priced vendor's cost, excluded ones too: quote, volume, fx, run-rate, setup, total."""
    if not r.costs:
        return
    header, rows, formats = cost_rows(r)
    _table(book, "Costs", header, rows, first=False, formats=lambda _, j: formats[j])


def ranking_workbook(r: Ranking) -> bytes:
    """The ranking as a workbook: Ranking, Weights, Breakdown, Excluded and Warnings sheets;
    numbers stored as numbers and shown in their format (scores to two decimals, weights as
    percentages, money in whole units of its currency), header rows frozen, columns as wide as
    what they show."""
    require_openpyxl()
    from openpyxl import Workbook

    book = Workbook()
    contribution = r.method == "weighted_sum"
    scored = list(r.criteria)  # every criterion, weight 0 included, as in every ranking view
    what = column_unit(contribution)
    points = "0.0" if contribution else "0.00"
    _table(
        book,
        "Ranking",
        ["rank", "id", "name", "score", *(f"{c.id} ({what})" for c in scored)],
        [
            [
                v.rank,
                v.id,
                v.name,
                v.score,
                *(
                    (v.criteria[c.id].contribution if contribution else v.criteria[c.id].utility)
                    for c in scored
                ),
            ]
            for v in r.ranking
        ],
        first=True,
        formats=lambda _, j: "0.00" if j == 3 else (points if j > 3 else None),
    )
    weights = [[c.id, c.label, c.weight, c.nominal_weight] for c in scored]
    _table(
        book,
        "Weights",
        ["criterion", "label", "weight", "nominal weight"],
        weights,
        first=False,
        formats=lambda _, j: "0.0%" if j == 2 else None,
    )
    _breakdown_sheet(book, r)
    _costs_sheet(book, r)
    excluded = [[x.id, x.name, reason] for x in r.excluded for reason in x.reasons]
    _table(book, "Excluded", ["id", "name", "reason"], excluded, first=False)
    warnings = [[w.code, w.message] for w in r.warnings]
    _table(book, "Warnings", ["code", "message"], warnings, first=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Importing filled response sheets (xlsx or CSV) into vendor YAML files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vendorscore.errors import Issue
from vendorscore.exchange.inbound import control_character
from vendorscore.exchange.rows import Column, Layout, layout, row_to_vendor
from vendorscore.exchange.xlsx import read_rows
from vendorscore.loading.convert import describe_error
from vendorscore.loading.yamlout import vendor_yaml
from vendorscore.models.vendor import Vendor

MAX_ID_CHARS = 250
"""The longest vendor id import writes: the id names the file (``ID.yaml``), and a file name
holds at most 255 bytes."""

_LANGUAGE = re.compile(r"^language (\S+) level$")
_METRIC = re.compile(r"^metric (\S+)$")


@dataclass
class Imported:
    """Vendors read from a sheet, as YAML texts by id, and every problem found."""

    files: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def layout_of(headers: list[str]) -> Layout:
    """The layout a sheet was made with, recovered from its header row."""
    out = layout(None)
    out.languages = [m.group(1) for h in headers if (m := _LANGUAGE.match(h))]
    out.metrics = [m.group(1) for h in headers if (m := _METRIC.match(h))]
    for tag in out.languages:
        out.columns += [
            Column(f"language {tag} level", "level"),
            Column(f"language {tag} agents", "integer"),
        ]
    out.columns += [Column(f"metric {name}", "number", ("metrics", name)) for name in out.metrics]
    return out


def import_rows(path: Path, shown: str) -> Imported:
    """Read every row; valid rows become vendor YAML texts, invalid ones Issues at their cells."""
    result = Imported()
    rows = list(read_rows(path, shown))
    headers = sorted({h for _, row, _ in rows for h in row})
    columns = layout_of(headers)
    known = {c.header for c in columns.columns}
    for header in headers:
        cell = _row1(next((cells[header] for _, _, cells in rows if header in cells), ""))
        if (what := control_character(header)) is not None:
            message = f"{what} in a column name: retype the name without it"
            result.issues.append(Issue(shown, 1, 1, "control-character", message, cell=cell))
        elif header not in known:
            message = f"unknown column '{header}'"
            result.issues.append(Issue(shown, 1, 1, "unknown-column", message, cell=cell))
    seen: dict[str, int] = {}
    for number, row, cells in rows:
        refused = _refused_cells(shown, number, row, cells)
        if refused:
            result.issues += refused
            continue
        vendor = _vendor(shown, number, row, cells, columns, result)
        if vendor is None:
            continue
        if vendor.id in seen:
            result.issues.append(
                Issue(
                    shown,
                    number,
                    1,
                    "duplicate-id",
                    f"vendor id '{vendor.id}' is also on row {seen[vendor.id]}",
                    cell=cells.get("id", ""),
                )
            )
            continue
        seen[vendor.id] = number
        result.files[vendor.id] = vendor_yaml(vendor, f"{Path(shown).name} row {number}")
    if not rows:
        result.issues.append(Issue(shown, 1, 1, "empty-sheet", "no vendor rows"))
    return result


def _refused_cells(
    shown: str, number: int, row: Mapping[str, Any], cells: Mapping[str, str]
) -> list[Issue]:
    """Cells no vendor file may hold: control characters (which act on a terminal or reorder
    text), an id too long to name a file."""
    issues = []
    for header, value in row.items():
        if isinstance(value, str) and (what := control_character(value)) is not None:
            message = f"{what} in '{header}': retype the value without it"
            issues.append(Issue(shown, number, 1, "control-character", message, cell=cells[header]))
    vid = row.get("id")
    if isinstance(vid, str) and len(vid.strip()) > MAX_ID_CHARS:
        issues.append(
            Issue(
                shown,
                number,
                1,
                "id-too-long",
                f"the id is {len(vid.strip()):,} characters: it names the vendor's file, "
                f"so at most {MAX_ID_CHARS}",
                cell=cells["id"],
            )
        )
    return issues


def _vendor(
    shown: str,
    number: int,
    row: Mapping[str, Any],
    cells: Mapping[str, str],
    columns: Layout,
    result: Imported,
) -> Vendor | None:
    """The row as a Vendor, or None with its problems added to ``result``."""
    vendor_data, source = row_to_vendor(row, columns)
    try:
        return Vendor.model_validate(vendor_data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = _column_for(tuple(error["loc"]), source)
            names = [p for p in error["loc"] if isinstance(p, str)]
            code, message = describe_error(error, names[-1] if names else "value")
            if column and message == describe_error(error)[1]:  # no field name put in front
                message = f"{column}: {message}"
            cell = cells.get(column or "id", f"row {number}")
            result.issues.append(Issue(shown, number, 1, code, message, cell=cell))
    return None


def _row1(cell: str) -> str:
    return re.sub(r"\d+$", "1", cell) if cell else ""


def _column_for(loc: tuple[Any, ...], source: Mapping[tuple[Any, ...], str]) -> str | None:
    """The column a pydantic error location came from (the longest known prefix)."""
    parts = tuple(
        p for p in loc if not (isinstance(p, str) and p in {"full", "short", "list", "word"})
    )
    for cut in range(len(parts), 0, -1):
        if parts[:cut] in source:
            return source[parts[:cut]]
    top = {("id",): "id", ("name",): "name"}
    return top.get(parts[:1])

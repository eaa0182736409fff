"""`vendorscore sheet` and `import`: the response workbook out, filled responses back in."""

from __future__ import annotations

from pathlib import Path

from vendorscore.errors import InputError, Issue, UsageError
from vendorscore.services.project import Selection, load


def response_sheet(selection: Selection, output: str, fill: bool = False) -> Path:
    """Write the response workbook for the project's (or a criteria file's) criteria,
    optionally filled with the project's vendors."""
    from vendorscore.criteria.file import CriteriaFile
    from vendorscore.exchange.rows import layout, vendor_to_row
    from vendorscore.exchange.xlsx import response_workbook
    from vendorscore.loading.project import FileSet, load_file
    from vendorscore.views.atomic import write_atomic

    rows: list[dict[str, object]] = []
    if fill or selection.project or selection.example or not selection.criteria:
        inputs = load(selection).inputs  # no project given: the current folder
        criteria = inputs.criteria
        if fill:
            columns = layout(criteria)
            rows = [
                vendor_to_row(v.model_dump(mode="json", exclude_none=True), columns)
                for v in inputs.vendors
            ]
    else:
        into = FileSet()
        loaded = load_file(Path(selection.criteria), selection.criteria, into, ("criteria",))
        if into.issues or loaded is None or not isinstance(loaded.model, CriteriaFile):
            raise InputError(into.issues)
        criteria = loaded.model
    target = Path(output)
    write_atomic(target, response_workbook(layout(criteria), rows, criteria.name))
    return target


def import_responses(
    source: str, output: str, partial: bool = False
) -> tuple[list[Path], list[Issue]]:
    """Turn a filled response sheet into vendor files in ``output``; nothing is written unless
    every row is valid (or ``partial``)."""
    from vendorscore.exchange.responses import import_rows
    from vendorscore.views.atomic import write_atomic

    path = Path(source)
    if not path.is_file():
        raise UsageError(f"{source}: no such file")
    if path.suffix.lower() not in {".xlsx", ".csv"}:
        raise UsageError(f"{source}: expected an .xlsx or .csv file")
    result = import_rows(path, source)
    errors = [i for i in result.issues if i.severity == "error"]
    if errors and not (partial and result.files):
        raise InputError(result.issues)
    folder = Path(output)
    if not folder.is_dir():
        raise UsageError(f"{output}: no such folder")
    written = []
    for vid, text in sorted(result.files.items()):
        target = folder / f"{vid}.yaml"
        write_atomic(target, text)
        written.append(target)
    return written, result.issues

"""`vendorscore sheet` and `import`: the response workbook out, filled responses back in."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vendorscore.errors import InputError, Issue, OutputError, UsageError
from vendorscore.models.measured import has_spread
from vendorscore.services.project import Selection, load

if TYPE_CHECKING:
    from vendorscore.criteria.file import CriteriaFile

SHEET_COLUMNS = 16_384
"""The columns a spreadsheet holds (XFD): a response sheet needing more cannot be written."""
SHEET_ROWS = 1_048_576
"""The rows a spreadsheet holds: one header row, then one row per vendor."""


@dataclass(frozen=True)
class Written:
    """The workbook written, and how many vendors' ranged figures it holds as points."""

    path: Path
    ranged: int = 0  # vendors with a figure written as a range: the sheet holds its point

    def notes(self) -> list[str]:
        """What the buyer should know about the filled workbook."""
        if not self.ranged:
            return []
        return [
            f"{self.ranged} vendor(s) have figures written as ranges: a workbook cell holds one "
            "number, so they are filled with their point values, and `import` brings back "
            "numbers (keep the ranges in the vendor files)"
        ]


def response_sheet(selection: Selection, output: str, fill: bool = False) -> Written:
    """Write the response workbook for the project's (or a criteria file's) criteria,
    optionally filled with the project's vendors."""
    from vendorscore.exchange.rows import layout, vendor_to_row
    from vendorscore.exchange.xlsx import response_workbook
    from vendorscore.views.atomic import write_atomic

    rows: list[dict[str, object]] = []
    ranged = 0
    refuse: Callable[[str, str], InputError]
    if fill or selection.project or selection.example or not selection.criteria:
        loaded = load(selection)  # no project given: the current folder
        criteria, sources = loaded.inputs.criteria, loaded.sources

        def refuse(code: str, message: str) -> InputError:
            return InputError([sources.issue(("criteria",), code, message)])

        if fill:
            columns = layout(criteria)
            rows = [
                vendor_to_row(v.model_dump(mode="json", exclude_none=True), columns)
                for v in loaded.inputs.vendors
            ]
            ranged = sum(has_spread(v) for v in loaded.inputs.vendors)
    else:
        criteria, refuse = _criteria_only(selection.criteria)
    columns = layout(criteria)
    if len(columns.columns) > SHEET_COLUMNS:
        raise refuse(
            "too-many-columns",
            f"the response sheet would need {len(columns.columns):,} columns "
            f"({len(columns.languages):,} demanded languages take two each, "
            f"{len(columns.metrics):,} metrics one each): a spreadsheet holds {SHEET_COLUMNS:,}",
        )
    if len(rows) + 1 > SHEET_ROWS:
        raise refuse(
            "too-many-rows", f"{len(rows):,} vendors do not fit a sheet of {SHEET_ROWS:,} rows"
        )
    target = Path(output)
    write_atomic(target, response_workbook(columns, rows, criteria.name))
    return Written(target, ranged)


def _criteria_only(name: str) -> tuple[CriteriaFile, Callable[[str, str], InputError]]:
    """A criteria file given alone, and how to refuse it (at its ``criteria`` key)."""
    from vendorscore.criteria.file import CriteriaFile
    from vendorscore.loading.project import FileSet, file_problem, load_file

    path = Path(name)
    problem = file_problem(path)
    if problem is not None:
        raise UsageError(f"{name}: {problem}")
    into = FileSet()
    loaded = load_file(path, name, into, ("criteria",))
    if into.issues or loaded is None or not isinstance(loaded.model, CriteriaFile):
        raise InputError(into.issues)
    doc = loaded.doc

    def refuse(code: str, message: str) -> InputError:
        return InputError([Issue(name, *doc.locate(("criteria",)), code, message)])

    return loaded.model, refuse


def import_responses(
    source: str, output: str, partial: bool = False, force: bool = False
) -> tuple[list[Path], list[Issue]]:
    """Turn a filled response sheet into vendor files in ``output``, all or nothing: nothing
    is written unless every row is valid (or ``partial``), existing vendor files are kept
    unless ``force``, and a failure half-way leaves the folder as it was."""
    from vendorscore.exchange.responses import import_rows
    from vendorscore.loading.project import file_problem

    path = Path(source)
    problem = file_problem(path)
    if problem is not None:
        raise UsageError(f"{source}: {problem}")
    if path.suffix.lower() not in {".xlsx", ".csv"}:
        raise UsageError(f"{source}: expected an .xlsx or .csv file")
    folder = Path(output)
    _check_folder(folder, output)
    result = import_rows(path, source)
    errors = [i for i in result.issues if i.severity == "error"]
    if errors and not (partial and result.files):
        raise InputError(result.issues)
    files = {f"{vid}.yaml": text for vid, text in sorted(result.files.items())}
    clashes = [name for name in files if os.path.lexists(folder / name)]
    for name in clashes:
        if (folder / name).is_dir() and not (folder / name).is_symlink():
            raise UsageError(f"{folder / name} is a folder: vendorscore will not replace it")
    if clashes and not force:
        more = f" and {len(clashes) - 1:,} other files exist" if len(clashes) > 1 else " exists"
        raise UsageError(f"{folder / clashes[0]}{more} already (use --force to overwrite)")
    return install(folder, files), result.issues


def _check_folder(folder: Path, shown: str) -> None:
    """The output folder exists, or can be made: checked before a sheet is read."""
    if folder.is_dir():
        return
    if folder.exists() or folder.is_symlink():
        raise UsageError(f"{shown}: not a folder")
    parent = folder.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"{shown}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{shown}: cannot create it ({parent} is not writable)")


def install(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` into ``folder`` (made, with its parents, when missing) all or nothing.

    Every file is written and synced into a temporary folder inside ``folder`` first, then
    moved into place (a rename on one file system); a file it replaces is moved aside
    first. If anything fails, or Ctrl-C arrives, the moves are undone, the replaced files
    come back, and the folders made are removed.
    """
    made = _make_folders(folder)
    moved: list[tuple[Path, Path | None]] = []
    stage: Path | None = None
    try:
        stage = Path(tempfile.mkdtemp(dir=folder, prefix=".vendorscore-import-"))
        (stage / "replaced").mkdir()
        for name, text in files.items():
            with (stage / name).open("w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        for name in files:
            target = folder / name
            old = stage / "replaced" / name if os.path.lexists(target) else None
            moved.append((target, old))  # first: an interruption between the two is undone
            if old is not None:
                target.replace(old)
            (stage / name).replace(target)
    except BaseException as exc:
        _undo(moved, made)
        if isinstance(exc, OSError):
            reason = exc.strerror or type(exc).__name__
            raise OutputError(f"cannot write the vendor files to {folder}: {reason}") from None
        raise
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
    return [folder / name for name in files]


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents (like mkdir -p); the ones made, outermost first."""
    missing = []
    probe = folder
    while not probe.exists() and not probe.is_symlink():
        missing.append(probe)
        probe = probe.parent
    made: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir()
            made.append(path)
    except OSError as exc:
        _undo([], made)
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    return made


def _undo(moved: list[tuple[Path, Path | None]], made: list[Path]) -> None:
    """Put back what an interrupted install changed (best effort: each step on its own)."""
    for target, old in reversed(moved):
        with contextlib.suppress(OSError):
            if old is not None:
                old.replace(target)
            else:
                target.unlink()
    for path in reversed(made):
        with contextlib.suppress(OSError):
            shutil.rmtree(path)

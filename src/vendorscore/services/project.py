"""Finding and loading the evaluation a command works on; the example project; ``init``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vendorscore.errors import InputError, ScoringError, UsageError

if TYPE_CHECKING:
    from vendorscore.loading.project import Loaded
    from vendorscore.loading.sourcemap import SourceMap


@dataclass(frozen=True)
class Selection:
    """Which files make up the evaluation, as given on the command line."""

    project: str | None = None
    criteria: str | None = None
    vendors: tuple[str, ...] = ()
    scores: tuple[str, ...] = ()
    example: bool = False


def example_dir() -> Path:
    """The example project bundled inside the package."""
    return Path(__file__).parent.parent / "example"


def load(selection: Selection, strict: bool = False, shown_as: str | None = None) -> Loaded:
    """Find and load an evaluation; raises InputError with every problem. The files of the
    project folder are named under ``shown_as`` when given (``HEAD~1:rfp/vendors/x.yaml``
    for a copy of a git revision), not under the folder's own path."""
    from vendorscore.loading.project import find_project, require_project

    if selection.example and (selection.project or selection.criteria or selection.vendors):
        raise UsageError("give either --example or a project, not both")
    root = str(example_dir()) if selection.example else selection.project
    shown = "example" if selection.example else shown_as
    paths = find_project(root, selection.criteria, selection.vendors, selection.scores, shown)
    return require_project(paths, strict)


@contextlib.contextmanager
def placed(sources: SourceMap) -> Iterator[None]:
    """Turn a scoring error's model path into a positioned InputError."""
    try:
        yield
    except ScoringError as error:
        raise InputError([sources.issue(error.path, error.code, error.message)]) from None


PROJECT_FOLDERS = ("criteria", "vendors", "scores")


def init_project(target: str, force: bool = False) -> list[str]:
    """Copy the example project into ``target``. A folder that already holds a project's
    ``criteria/``, ``vendors/`` or ``scores/`` is refused unless ``force`` (the example would be
    merged into the user's files). Nothing is ever written through a symbolic link: a linked
    folder is refused, a linked file is replaced by the file (with ``force``)."""
    import os

    from vendorscore.errors import OutputError
    from vendorscore.views.atomic import write_atomic

    dest = Path(target)
    source = example_dir()
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    present = [f"{name}/" for name in PROJECT_FOLDERS if os.path.lexists(dest / name)]
    if present and not force:
        raise UsageError(
            f"{target} already holds {', '.join(present)} (use --force to write the example "
            "into it, overwriting files of the same name)"
        )
    for folder in sorted({(dest / f.relative_to(source)).parent for f in files}):
        _refuse_links(dest, folder)  # before anything is written
    written: list[str] = []
    for file in files:
        out = dest / file.relative_to(source)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {out.parent}: {exc.strerror or exc}") from None
        if out.is_symlink():
            out.unlink()  # replace the link itself, never what it points to
        try:
            write_atomic(out, file.read_bytes())
        except OutputError as exc:
            raise OutputError(f"{target}: cannot write the example project: {exc}") from None
        written.append(str(out))
    return written


def _refuse_links(dest: Path, folder: Path) -> None:
    """OutputError if ``folder`` or a folder between it and ``dest`` is a symbolic link."""
    from vendorscore.errors import OutputError

    for part in [folder, *folder.parents]:
        if part == dest or dest not in part.parents:
            break
        if part.is_symlink():
            raise OutputError(f"{part} is a symbolic link: not followed (remove it first)")

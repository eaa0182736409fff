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


def load(selection: Selection, strict: bool = False) -> Loaded:
    """Find and load an evaluation; raises InputError with every problem."""
    from vendorscore.loading.project import find_project, require_project

    if selection.example and (selection.project or selection.criteria or selection.vendors):
        raise UsageError("give either --example or a project, not both")
    root = str(example_dir()) if selection.example else selection.project
    shown = "example" if selection.example else None
    paths = find_project(root, selection.criteria, selection.vendors, selection.scores, shown)
    return require_project(paths, strict)


@contextlib.contextmanager
def placed(sources: SourceMap) -> Iterator[None]:
    """Turn a scoring error's model path into a positioned InputError."""
    try:
        yield
    except ScoringError as error:
        raise InputError([sources.issue(error.path, error.code, error.message)]) from None


def init_project(target: str, force: bool = False) -> list[str]:
    """Copy the example project into ``target``; refuses to overwrite unless ``force``."""
    import shutil

    from vendorscore.errors import OutputError

    dest = Path(target)
    source = example_dir()
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    clashes = [
        dest / p.relative_to(source) for p in files if (dest / p.relative_to(source)).exists()
    ]
    if clashes and not force:
        raise UsageError(f"{clashes[0]} already exists (use --force to overwrite)")
    written: list[str] = []
    try:
        for file in files:
            out = dest / file.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, out)
            written.append(str(out))
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write the example project: {exc.strerror or exc}"
        ) from None
    return written

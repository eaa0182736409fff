"""Use cases: what each command does, as functions that take plain values and return results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vendorscore.errors import Issue, UsageError


@dataclass
class ValidationReport:
    """Every problem found in the files validated, and how many files were read."""

    files: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Problems that make the input invalid."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Problems worth knowing that do not invalidate the input."""
        return [i for i in self.issues if i.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        """No errors (and, when strict, no warnings either)."""
        return not self.errors and not (strict and self.warnings)


def validate_paths(paths: Sequence[str]) -> ValidationReport:
    """Validate files and folders: project folders get the cross-file rules too (SPEC §6)."""
    from vendorscore.loading.project import (
        FileSet,
        check_project_folder,
        display_join,
        load_file,
        yaml_files,
    )

    report = ValidationReport()
    for shown in paths or ["."]:
        path = Path(shown)
        if path.is_dir() and (path / "criteria").is_dir():
            into = check_project_folder(path, shown)
            report.files += into.count
            report.issues.extend(into.issues)
        elif path.is_dir():
            into = FileSet()
            for file in yaml_files(path):
                load_file(file, display_join(shown, file, path), into)
            report.files += into.count
            report.issues.extend(into.issues)
        elif path.exists() or path.is_symlink():
            into = FileSet()
            load_file(path, shown, into)
            report.files += into.count
            report.issues.extend(into.issues)
        else:
            raise UsageError(f"{shown}: no such file or folder")
    report.issues = sorted(set(report.issues))
    return report


def example_dir() -> Path:
    """The example project bundled inside the package."""
    return Path(__file__).parent / "example"


def schema(kind: str) -> dict[str, object]:
    """The JSON Schema of one file kind (vendor, criteria, scores)."""
    from vendorscore.models.schema import json_schema

    return json_schema(kind)


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

"""`vendorscore validate` and `schema`: every problem in the files, and the JSON Schemas."""

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
        input_files,
        load_file,
    )

    report = ValidationReport()
    for shown in paths or ["."]:
        path = Path(shown)
        if not (path.exists() or path.is_symlink()):
            raise UsageError(f"{shown}: no such file or folder")
        if path.is_dir() and (path / "criteria").is_dir():
            into = check_project_folder(path, shown)
        else:
            into = FileSet()
            files = (
                [(f, display_join(shown, f, path)) for f in input_files(path)]
                if path.is_dir()
                else [(path, shown)]
            )
            for file, display in files:
                load_file(file, display, into)
        report.files += into.count
        report.issues.extend(into.issues)
    report.issues = sorted(set(report.issues))
    return report


def schema(kind: str) -> dict[str, object]:
    """The JSON Schema of one file kind (vendor, criteria, scores)."""
    from vendorscore.loading.schema import json_schema

    return json_schema(kind)


def schema_names() -> tuple[str, ...]:
    """What `schema` can print: vendor, criteria, scores, and each criterion kind."""
    from vendorscore.loading.schema import names

    return names()

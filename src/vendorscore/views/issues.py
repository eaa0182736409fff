"""Views of diagnostics: text lines, JSON (SPEC §6.3) and GitHub Actions annotations.

Machine formats are written with plain writes, never through rich (which wraps at 80 columns
when stdout is not a terminal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol, TextIO

from vendorscore.errors import Issue
from vendorscore.formatting import json_visible, visible


class Report(Protocol):
    """What the validation views read (``services.ValidationReport`` is one)."""

    @property
    def files(self) -> int: ...

    @property
    def issues(self) -> list[Issue]: ...

    def ok(self, strict: bool = False) -> bool: ...


def issue_line(issue: Issue) -> str:
    """``file:line:col: severity: message [code]``, control characters shown escaped."""
    return visible(issue.format())


def issues_text(issues: Iterable[Issue]) -> str:
    """One line per issue: ``file:line:col: severity: message [code]``."""
    return "".join(issue_line(issue) + "\n" for issue in issues)


def write_issues(issues: Iterable[Issue], stream: TextIO) -> None:
    """The text lines written to ``stream`` (diagnostics on stderr)."""
    stream.write(issues_text(issues))


def issue_dict(issue: Issue) -> dict[str, Any]:
    """The JSON form of one issue."""
    return {
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "path": issue.path,
        "code": issue.code,
        "message": issue.message,
        **({"cell": issue.cell} if issue.cell else {}),
    }


def issues_json(files: int, issues: list[Issue], ok: bool) -> str:
    """The document of ``validate --format json``."""
    doc = {
        "ok": ok,
        "files": files,
        "errors": [issue_dict(i) for i in issues if i.severity == "error"],
        "warnings": [issue_dict(i) for i in issues if i.severity == "warning"],
    }
    return json_visible(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def escape_data(text: str) -> str:
    """Escape an annotation message as @actions/core's escapeData does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape an annotation property value as @actions/core's escapeProperty does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(issue: Issue) -> str:
    """One ``::error``/``::warning`` workflow command for an issue (control characters shown
    escaped first: the Actions log renders ANSI sequences)."""
    props = [f"file={escape_property(visible(issue.file))}"]
    if issue.line:
        props += [f"line={issue.line}", f"col={issue.column}"]
    props.append(f"title={escape_property(visible('vendorscore ' + issue.code))}")
    return f"::{issue.severity} {','.join(props)}::{escape_data(visible(issue.message))}"


def github_text(issues: Iterable[Issue]) -> str:
    """Annotations GitHub Actions shows on the pull request's files."""
    return "".join(github_annotation(issue) + "\n" for issue in issues)


def report_text(report: Report) -> str:
    """``validate --format text``."""
    return issues_text(report.issues)


def report_json(report: Report, strict: bool = False) -> str:
    """``validate --format json``."""
    return issues_json(report.files, report.issues, report.ok(strict))


def report_github(report: Report) -> str:
    """``validate --format github``."""
    return github_text(report.issues)

"""The bodies of the commands the fast path runs (``cli/fastpath.py``), as plain functions of
plain values: typer's commands in ``cli/app.py`` read their options from signatures and call
these; the fast path parses the same options without typer and calls them directly. Nothing
here imports typer or rich."""

from __future__ import annotations

import os
import sys

from vendorscore.cli.choices import (
    Method,
    Misuse,
    RankFormat,
    ValidateFormat,
    method_of,
    parse_weights,
    selection_of,
    weight_flag,
)


def validate(
    paths: list[str] | None,
    output_format: ValidateFormat | None,
    strict: bool,
    quiet: bool,
    example: bool,
) -> int:
    """``vendorscore validate``: exit 1 when any file is invalid (or warns, under --strict)."""
    from vendorscore.cli.emit import emit
    from vendorscore.services.project import example_dir
    from vendorscore.services.validate import validate_paths

    if example and paths:
        raise Misuse("give either --example or PATHS, not both")
    report = validate_paths([str(example_dir())] if example else paths or ["."])
    ok = report.ok(strict)
    fmt = output_format.value if output_format else None
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    emit(report, fmt, None, strict=strict)
    if not quiet and fmt == "text":
        errors, warnings = len(report.errors), len(report.warnings)
        files = f"{report.files} file{'s' * (report.files != 1)}"
        if errors or warnings:
            summary = (
                f"{errors} error{'s' * (errors != 1)}, "
                f"{warnings} warning{'s' * (warnings != 1)} in {files}"
            )
        else:
            summary = f"{files} valid"
        sys.stderr.write(summary + ("" if ok else " (failed)") + "\n")
    return 0 if ok else 1


def rank(
    project: str | None,
    criteria: str | None,
    vendors: list[str] | None,
    scores: list[str] | None,
    example: bool,
    method: Method | None,
    weight: list[str] | None,
    top: int | None,
    output_format: RankFormat,
    output: str | None,
    strict: bool,
    quiet: bool,
) -> int:
    """``vendorscore rank``: the ranking in the chosen format; exit 1 on warnings under
    --strict."""
    from vendorscore.cli.emit import emit
    from vendorscore.services.evaluate import rank_project
    from vendorscore.views.atomic import check_destination

    if output_format is RankFormat.xlsx and output in (None, "-"):
        raise Misuse("--format xlsx needs --output FILE.xlsx")
    check_destination(output)
    selection = selection_of(project, criteria, vendors, scores, example)
    with weight_flag():
        result = rank_project(selection, method_of(method), parse_weights(weight), strict)
    ranking = result.ranking
    emit(ranking, output_format.value, output, top=top, quiet=quiet)
    return 1 if strict and ranking.warnings else 0

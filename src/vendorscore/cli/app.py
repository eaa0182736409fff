"""The commands: one thin function per command (parse, call one service, hand to a view).

The root group (``cli/root.py``) imports this module only when one of its commands runs
(``cli/lazy.py`` lists them); heavy modules (numpy, jinja2, yaml, the models) are imported
inside the commands, so each command imports only what it needs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from vendorscore.cli import actions
from vendorscore.cli.choices import (
    AnalysisFormat,
    DiffFormat,
    Misuse,
    RankFormat,
    ReportFormat,
    Uncertainty,
    ValidateFormat,
    WeightModel,
    method_of,
    parse_weights,
    selection_of,
    smaa_options,
    weight_flag,
)
from vendorscore.cli.options import (
    CriteriaOpt,
    ExampleOpt,
    FixedWeightsOpt,
    JitterOpt,
    MethodOpt,
    PaperOpt,
    ProjectArg,
    QuietOpt,
    ReportFormatOpt,
    ReportOutputOpt,
    SamplesOpt,
    SchemaKindArg,
    ScoresOpt,
    SeedOpt,
    StrictOpt,
    TemplateOpt,
    TimestampOpt,
    UncertaintyOpt,
    VendorsOpt,
    WeightOpt,
    WeightsOpt,
)


def shown_as_click(body: Callable[..., int], *args: Any) -> int:
    """Run a body of ``cli/actions.py``; its usage errors as click shows them."""
    try:
        return body(*args)
    except Misuse as error:
        raise typer.BadParameter(str(error)) from None


def validate(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help="Files or folders (a folder with criteria/ is a project). Default: ."),
    ] = None,
    output_format: Annotated[
        Optional[ValidateFormat],  # noqa: UP045
        typer.Option(
            "--format", "-f", help="text, json or github (github when GITHUB_ACTIONS=true)."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
    example: Annotated[
        bool, typer.Option("--example", help="Validate the bundled example project.")
    ] = False,
) -> int:
    """Validate criteria, vendor and score files; exit 1 when any is invalid."""
    return shown_as_click(actions.validate, paths, output_format, strict, quiet, example)


def schema(
    kind: SchemaKindArg,
) -> int:
    """Print the JSON Schema of a file kind or a criterion kind (for editors and CI)."""
    import json

    from vendorscore.services.validate import schema as build
    from vendorscore.views.atomic import write_stdout

    write_stdout(json.dumps(build(kind), indent=2, ensure_ascii=False) + "\n")
    return 0


def init(
    directory: Annotated[str, typer.Argument(help="Folder to write the example project into.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> int:
    """Write the bundled example project (a realistic retail CX RFP) into DIRECTORY."""
    from vendorscore.services.project import init_project

    written = init_project(directory, force)
    if not quiet:
        sys.stderr.write(
            f"wrote {len(written)} files to {directory}; next: vendorscore validate {directory}\n"
        )
    return 0


def rank(
    project: ProjectArg = None,
    criteria: CriteriaOpt = None,
    vendors: VendorsOpt = None,
    scores: ScoresOpt = None,
    example: ExampleOpt = False,
    method: MethodOpt = None,
    weight: WeightOpt = None,
    top: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--top", "-n", min=1, help="Show only the first N vendors."),
    ] = None,
    output_format: Annotated[
        RankFormat, typer.Option("--format", "-f", help="table, json, csv, md or xlsx.")
    ] = RankFormat.table,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to this file (required for xlsx)."),
    ] = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
) -> int:
    """Score and rank the vendors: ranking, excluded vendors with reasons, warnings."""
    return shown_as_click(
        actions.rank,
        project, criteria, vendors, scores, example, method, weight,
        top, output_format, output, strict, quiet,
    )  # fmt: skip


def explain(
    a: Annotated[str, typer.Argument(help="Vendor id.")],
    b: Annotated[str, typer.Argument(help="Another vendor id.")],
    project: ProjectArg = None,
    criteria: CriteriaOpt = None,
    vendors: VendorsOpt = None,
    scores: ScoresOpt = None,
    example: ExampleOpt = False,
    method: MethodOpt = None,
    weight: WeightOpt = None,
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table or json.")
    ] = AnalysisFormat.table,
) -> int:
    """Why A and B are ranked as they are, and the smallest weight change that swaps them."""
    from vendorscore.cli.emit import emit
    from vendorscore.services.evaluate import explain_pair

    selection = selection_of(project, criteria, vendors, scores, example)
    with weight_flag():
        result = explain_pair(selection, a, b, method_of(method), parse_weights(weight))
    emit(result, output_format.value)
    return 0


def report(
    project: ProjectArg = None,
    output: ReportOutputOpt = "report.html",
    output_format: ReportFormatOpt = None,
    paper: PaperOpt = None,
    template: TemplateOpt = None,
    criteria: CriteriaOpt = None,
    vendors: VendorsOpt = None,
    scores: ScoresOpt = None,
    example: ExampleOpt = False,
    method: MethodOpt = None,
    weight: WeightOpt = None,
    samples: SamplesOpt = 10_000,
    seed: SeedOpt = 0,
    weights: WeightsOpt = WeightModel.uniform,
    jitter: JitterOpt = None,
    uncertainty: UncertaintyOpt = Uncertainty.on,
    fixed_weights: FixedWeightsOpt = False,
    timestamp: TimestampOpt = False,
    quiet: QuietOpt = False,
) -> int:
    """Write a Markdown, self-contained HTML or PDF report: recommendation, evidence, audit.

    With --format workshop: a what-if page whose weight sliders re-rank the vendors live.
    """
    from vendorscore.cli.progress import progress_bar
    from vendorscore.errors import UsageError
    from vendorscore.services.report import ReportRequest, render_report
    from vendorscore.views.atomic import STDOUT, check_destination

    check_destination(output)
    if output == STDOUT and output_format is ReportFormat.pdf and sys.stdout.isatty():
        raise UsageError("a PDF is not for a terminal: give -o report.pdf, or pipe -o - elsewhere")
    selection = selection_of(project, criteria, vendors, scores, example)
    request = ReportRequest(
        output,
        output_format.value if output_format else None,
        template,
        smaa_options(samples, seed, weights, jitter, uncertainty, fixed_weights),
        timestamp,
        paper.value if paper else None,
    )
    with progress_bar() as progress, weight_flag():
        written = render_report(
            selection, request, method_of(method), parse_weights(weight), progress
        )
    if not quiet and written is not None:
        sys.stderr.write(f"wrote {written}\n")
    return 0


def sheet(
    project: ProjectArg = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Workbook to write (.xlsx).")
    ] = "responses.xlsx",
    criteria: CriteriaOpt = None,
    example: ExampleOpt = False,
    fill: Annotated[
        bool, typer.Option("--fill", help="Pre-fill a row per vendor of the project.")
    ] = False,
    quiet: QuietOpt = False,
) -> int:
    """Write the response workbook a buyer sends to vendors (dropdowns, units, instructions)."""
    from vendorscore.services.project import Selection
    from vendorscore.services.sheets import response_sheet
    from vendorscore.views.atomic import check_destination

    check_destination(output, binary=True)
    written = response_sheet(Selection(project, criteria, (), (), example), output, fill)
    if not quiet:
        sys.stderr.write(f"wrote {written.path}\n")
        for note in written.notes():
            sys.stderr.write(f"note: {note}\n")
    return 0


def import_(
    source: Annotated[str, typer.Argument(help="Filled response workbook (.xlsx) or CSV.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Folder for the vendor files.")
    ] = "vendors",
    partial: Annotated[
        bool, typer.Option("--partial", help="Write the valid rows even if others fail.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite vendor files that already exist.")
    ] = False,
    quiet: QuietOpt = False,
) -> int:
    """Turn filled response sheets into vendor YAML files (nothing written unless all rows pass)."""
    from vendorscore.services.sheets import import_responses
    from vendorscore.views.issues import write_issues

    written, issues = import_responses(source, output, partial, force)
    write_issues(issues, sys.stderr)
    if not quiet:
        sys.stderr.write(
            f"wrote {len(written)} vendor file{'s' * (len(written) != 1)} to {output}\n"
        )
    return 1 if any(i.severity == "error" for i in issues) else 0


def diff(
    before: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="Project folder before (with --git: the folder to compare with itself)."
        ),
    ] = None,
    after: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Project folder after."),
    ] = None,
    git: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--git",
            help="Compare the folder now with the folder at this git revision "
            "(REV, or REV:path for another folder).",
        ),
    ] = None,
    method: MethodOpt = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="table, json or md.")
    ] = DiffFormat.table,
) -> int:
    """What changed between two evaluations, and how it moved each vendor."""
    from vendorscore.cli.emit import emit
    from vendorscore.services.diff import diff_projects
    from vendorscore.views.issues import write_issues

    result, not_read = diff_projects(before, after, git, method_of(method))
    write_issues(not_read, sys.stderr)
    emit(result, output_format.value)
    return 0

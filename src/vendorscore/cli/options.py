"""Options and arguments shared by the commands, as typer reads them from signatures (the
choices themselves and the parsing of their values are in ``cli/choices.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Optional

import typer

from vendorscore.cli.choices import Method, Paper, ReportFormat, Uncertainty, WeightModel
from vendorscore.models.choices import MAX_SAMPLES, MAX_SEED, MAX_SERVICE_LEVELS


def _schema_names() -> Sequence[str]:
    # Looked up only when `schema` runs, so that the registries behind the names (and
    # pydantic) are not imported for every `--help`.
    from vendorscore.services.validate import schema_names

    return schema_names()


def _schema_kind(value: str) -> str:
    names = _schema_names()
    if value not in names:
        raise typer.BadParameter(f"'{value}' is not one of {', '.join(names)}")
    return value


SchemaKindArg = Annotated[
    str,
    typer.Argument(
        help="vendor, criteria or scores (a file), or a criterion kind: numeric, cost, …",
        callback=_schema_kind,
        autocompletion=_schema_names,
        show_default=False,
    ),
]


# --- options shared by the commands that score a project -----------------------------------

ProjectArg = Annotated[
    Optional[str],  # noqa: UP045
    typer.Argument(
        help="Project folder (with criteria/, vendors/, scores/). Default: .", show_default=False
    ),
]
CriteriaOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--criteria", help="Criteria file (needed when criteria/ holds several)."),
]
VendorsOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--vendors", help="Vendor file or folder (repeatable; default vendors/)."),
]
ScoresOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--scores", help="Score file or folder (repeatable; default scores/)."),
]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the bundled example project.")]
WeightOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--weight", "-w", help="Override a criterion or group weight: ID=VALUE (repeatable)."
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings in human output.")]


MethodOpt = Annotated[
    Optional[Method],  # noqa: UP045
    typer.Option("--method", "-m", help="Override the criteria file's method."),
]


UncertaintyOpt = Annotated[
    Uncertainty,
    typer.Option(
        "--uncertainty",
        help="on: SMAA also draws the vendors' uncertain figures (ranges, the criteria "
        "file's defaults, fx, volume, evaluators); off: weights only.",
    ),
]
FixedWeightsOpt = Annotated[
    bool,
    typer.Option(
        "--fixed-weights", help="Keep the stated weights in every sample (data-only analysis)."
    ),
]


SamplesOpt = Annotated[
    int,
    typer.Option("--samples", min=1, max=MAX_SAMPLES, help="SMAA weight samples, 1 to 1,000,000."),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed", min=0, max=MAX_SEED, help="Random seed, 0 to 2**32-1 (same seed, same bytes)."
    ),
]
WeightsOpt = Annotated[WeightModel, typer.Option("--weights", help="uniform (simplex) or jitter.")]
JitterOpt = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option(
        "--jitter", help="± percent for --weights jitter (default 20).", show_default=False
    ),
]
PaperOpt = Annotated[
    Optional[Paper],  # noqa: UP045
    typer.Option("--paper", help="Page size of a PDF: a4 or letter (default a4)."),
]


ServiceLevelOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--service-level",
        help=f"Also price the year staffed to PERCENT/SECONDS, e.g. 90/20 (repeatable, at most "
        f"{MAX_SERVICE_LEVELS}).",
    ),
]
ReportOutputOpt = Annotated[
    str, typer.Option("--output", "-o", help="File to write (.md, .html or .pdf; - for stdout).")
]
ReportFormatOpt = Annotated[
    Optional[ReportFormat],  # noqa: UP045
    typer.Option(
        "--format",
        "-f",
        help="md, html, pdf, or workshop: the live what-if page (default: from the file suffix).",
    ),
]
TemplateOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--template", help="Your own Jinja template (rendered in a sandbox)."),
]
TimestampOpt = Annotated[
    bool, typer.Option("--timestamp", help="Print when it was generated (SOURCE_DATE_EPOCH wins).")
]

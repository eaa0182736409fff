"""Options, arguments and choices shared by the commands (typer reads them from signatures)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from vendorscore.services import Selection


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class SchemaKind(str, Enum):
    vendor = "vendor"
    criteria = "criteria"
    scores = "scores"


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


class Method(str, Enum):
    weighted_sum = "weighted_sum"
    weighted_product = "weighted_product"
    topsis = "topsis"


MethodOpt = Annotated[
    Optional[Method],  # noqa: UP045
    typer.Option("--method", "-m", help="Override the criteria file's method."),
]


class RankFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"


def selection_of(
    project: str | None,
    criteria: str | None,
    vendors: list[str] | None,
    scores: list[str] | None,
    example: bool,
) -> Selection:
    from vendorscore.services import Selection

    return Selection(project, criteria, tuple(vendors or ()), tuple(scores or ()), example)


class AnalysisFormat(str, Enum):
    table = "table"
    json = "json"


class WeightModel(str, Enum):
    uniform = "uniform"
    jitter = "jitter"


SamplesOpt = Annotated[int, typer.Option("--samples", min=1, help="SMAA weight samples.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")]
WeightsOpt = Annotated[WeightModel, typer.Option("--weights", help="uniform (simplex) or jitter.")]
JitterOpt = Annotated[float, typer.Option("--jitter", help="± percent for --weights jitter.")]


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"

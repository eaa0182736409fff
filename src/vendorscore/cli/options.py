"""Options, arguments and choices shared by the commands (typer reads them from signatures)."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional, cast

import typer

from vendorscore.errors import UnknownWeight, UsageError
from vendorscore.models.choices import MAX_SAMPLES, MAX_SEED, MAX_SERVICE_LEVELS, METHODS
from vendorscore.models.choices import Method as ChosenMethod

if TYPE_CHECKING:
    from vendorscore.analysis.smaa import SmaaOptions
    from vendorscore.services.project import Selection


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


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


# The aggregation methods as CLI choices, derived from the one list of methods.
Method = Enum("Method", {m: m for m in METHODS}, type=str)  # type: ignore[misc]


def method_of(option: Enum | None) -> ChosenMethod | None:
    """The chosen method's name, typed as one of the methods."""
    return None if option is None else cast("ChosenMethod", option.value)


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
    from vendorscore.services.project import Selection

    return Selection(project, criteria, tuple(vendors or ()), tuple(scores or ()), example)


class AnalysisFormat(str, Enum):
    table = "table"
    json = "json"


class WeightModel(str, Enum):
    uniform = "uniform"
    jitter = "jitter"


class Uncertainty(str, Enum):
    on = "on"
    off = "off"


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
DEFAULT_JITTER = 20.0


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    workshop = "workshop"
    pdf = "pdf"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


PaperOpt = Annotated[
    Optional[Paper],  # noqa: UP045
    typer.Option("--paper", help="Page size of a PDF: a4 or letter (default a4)."),
]


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


def parse_weights(items: Sequence[str] | None) -> dict[str, float]:
    """``--weight cost=40 --weight quality=10`` as a mapping; usage errors for anything else
    (whether the ids exist is checked against the criteria, see ``weight_flag``)."""
    out: dict[str, float] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not key or not math.isfinite(number) or number < 0:
            raise UsageError(f"--weight {item}: expected ID=NUMBER with a number >= 0")
        out[key.strip()] = number
    return out


@contextlib.contextmanager
def weight_flag() -> Iterator[None]:
    """Name the flag when a weight override names no criterion or group."""
    try:
        yield
    except UnknownWeight as error:
        raise UsageError(f"--weight {error.key}=…: {error}") from None


def smaa_options(
    samples: int,
    seed: int,
    model: WeightModel,
    jitter: float | None,
    uncertainty: Uncertainty = Uncertainty.on,
    fixed_weights: bool = False,
) -> SmaaOptions:
    """The SMAA settings of the command line, checked (``--jitter`` only with ``--weights
    jitter``: alone it would be silently ignored; ``--fixed-weights`` draws no weights, so
    it takes neither, and with ``--uncertainty off`` nothing would be drawn at all)."""
    from vendorscore.analysis.smaa import SmaaOptions

    if jitter is not None and model is not WeightModel.jitter:
        raise UsageError("--jitter applies only to --weights jitter (add --weights jitter)")
    if fixed_weights and model is WeightModel.jitter:
        raise UsageError("--fixed-weights draws no weights: drop --weights jitter")
    if fixed_weights and uncertainty is Uncertainty.off:
        raise UsageError(
            "--fixed-weights with --uncertainty off leaves nothing to draw: drop one of them"
        )
    if jitter is None:
        jitter = DEFAULT_JITTER
    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"--samples must be from 1 to {MAX_SAMPLES:,}")
    if not 0 <= jitter < 100:
        raise UsageError("--jitter must be a percentage from 0 to below 100")
    return SmaaOptions(
        samples, seed, model.value, jitter, uncertainty is Uncertainty.on, fixed_weights
    )


class StaffingFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


ServiceLevelOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--service-level",
        help=f"Also price the year staffed to PERCENT/SECONDS, e.g. 90/20 (repeatable, at most "
        f"{MAX_SERVICE_LEVELS}).",
    ),
]
_LEVEL = re.compile(r"([0-9]+(?:\.[0-9]+)?)/([0-9]+(?:\.[0-9]+)?)")


def parse_service_levels(items: Sequence[str] | None) -> list[tuple[float, float]]:
    """``--service-level 80/20`` as (percent, seconds): a percentage above 0 and below 100,
    0 to 3600 seconds, digits only (no sign, exponent or spaces); usage errors otherwise."""
    if len(items or ()) > MAX_SERVICE_LEVELS:
        raise UsageError(
            f"--service-level: at most {MAX_SERVICE_LEVELS} targets (each re-staffs the year)"
        )
    out: list[tuple[float, float]] = []
    for item in items or ():
        match = _LEVEL.fullmatch(item)
        percent, seconds = (float(g) for g in match.groups()) if match else (math.nan, math.nan)
        if not (0 < percent < 100 and 0 <= seconds <= 3600):
            raise UsageError(
                f"--service-level {item}: expected PERCENT/SECONDS such as 80/20, with a "
                "percentage above 0 and below 100 and 0 to 3600 seconds"
            )
        out.append((percent, seconds))
    return out


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

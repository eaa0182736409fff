"""The command line's choices and the parsing of its values, without typer: the commands'
bodies (``cli/actions.py``) and the fast path (``cli/fastpath.py``) use them without loading
typer; ``cli/options.py`` wraps them in typer's options."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, cast

from vendorscore.errors import UnknownWeight, UsageError
from vendorscore.models.choices import MAX_SAMPLES, MAX_SERVICE_LEVELS, METHODS
from vendorscore.models.choices import Method as ChosenMethod

if TYPE_CHECKING:
    from vendorscore.analysis.smaa import SmaaOptions
    from vendorscore.services.project import Selection


class Misuse(Exception):
    """A usage error a command's body finds in its arguments (``--example`` with paths):
    typer's wrapper shows it as click's BadParameter; the fast path leaves the run to typer,
    which does the same. Raised before the command does anything."""


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


# The aggregation methods as CLI choices, derived from the one list of methods.
Method = Enum("Method", {m: m for m in METHODS}, type=str)  # type: ignore[misc]


def method_of(option: Enum | None) -> ChosenMethod | None:
    """The chosen method's name, typed as one of the methods."""
    return None if option is None else cast("ChosenMethod", option.value)


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


DEFAULT_JITTER = 20.0


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    workshop = "workshop"
    pdf = "pdf"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


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


_LEVEL = r"([0-9]+(?:\.[0-9]+)?)/([0-9]+(?:\.[0-9]+)?)"  # compiled when used (not by rank)


def parse_service_levels(items: Sequence[str] | None) -> list[tuple[float, float]]:
    """``--service-level 80/20`` as (percent, seconds): a percentage above 0 and below 100,
    0 to 3600 seconds, digits only (no sign, exponent or spaces); usage errors otherwise."""
    if len(items or ()) > MAX_SERVICE_LEVELS:
        raise UsageError(
            f"--service-level: at most {MAX_SERVICE_LEVELS} targets (each re-staffs the year)"
        )
    out: list[tuple[float, float]] = []
    for item in items or ():
        match = re.fullmatch(_LEVEL, item)
        percent, seconds = (float(g) for g in match.groups()) if match else (math.nan, math.nan)
        if not (0 < percent < 100 and 0 <= seconds <= 3600):
            raise UsageError(
                f"--service-level {item}: expected PERCENT/SECONDS such as 80/20, with a "
                "percentage above 0 and below 100 and 0 to 3600 seconds"
            )
        out.append((percent, seconds))
    return out

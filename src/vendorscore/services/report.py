"""`vendorscore report`: rank, analyse, build the view-model, render, write atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vendorscore.analysis.smaa import SmaaOptions
from vendorscore.errors import UsageError
from vendorscore.services.evaluate import Weights, evaluate_loaded
from vendorscore.services.project import Selection, example_dir, load, placed

REPORT_TOP = 3  # alternatives in the report's award section

if TYPE_CHECKING:
    from vendorscore.analysis.award_result import AwardReport
    from vendorscore.analysis.smaa import Progress
    from vendorscore.criteria.inputs import EvaluationInput
    from vendorscore.models.choices import Method
    from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class ReportRequest:
    """What `vendorscore report` was asked for."""

    output: str
    fmt: str | None = None
    template: str | None = None
    smaa: SmaaOptions = field(default_factory=SmaaOptions)
    timestamp: bool = False
    paper: str | None = None  # a4 or letter, for a PDF (default a4)


def report_format(request: ReportRequest) -> str:
    """md, html, pdf or workshop: from --format, else md, html or pdf from the output file's
    suffix."""
    fmt = request.fmt
    if not fmt:
        suffix = Path(request.output).suffix.lower()
        formats = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
        if suffix not in formats:
            raise UsageError(
                f"cannot tell the format from '{request.output}': use .md, .html or .pdf, "
                "or --format"
            )
        fmt = formats[suffix]
    if request.paper is not None and fmt != "pdf":
        raise UsageError(f"--paper sets the page size of a PDF, not of a {fmt} report")
    return fmt


def _timestamp(requested: bool) -> str | None:
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}"
            ) from None
    if requested:
        return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return None


def _award(evaluation: Evaluation) -> AwardReport:
    """The award section's result: the award, its findings and its three best alternatives
    (the frontier is `vendorscore award`'s: eleven more solves for a table)."""
    from vendorscore.services.award import award_of

    return award_of(evaluation, top=REPORT_TOP, frontier=False)


def render_report(
    selection: Selection,
    request: ReportRequest,
    method: Method | None = None,
    weights: Weights | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Rank, analyse, render and write the report atomically (``-``: to stdout); returns the
    path written, if any."""
    from vendorscore.analysis.summary import analyse as run_analysis
    from vendorscore.loading.project import file_problem
    from vendorscore.reporting.context import ReportOptions, build_context
    from vendorscore.reporting.render import render
    from vendorscore.views.atomic import write_output

    fmt = report_format(request)
    if fmt == "pdf":
        from vendorscore.reporting.pdf import require_pdf

        require_pdf()  # before the work: a missing extra is said at once
    template = Path(request.template) if request.template else None
    if template is not None and (problem := file_problem(template)) is not None:
        raise UsageError(f"{request.template}: {problem} (--template needs a template file)")
    stamp = _timestamp(request.timestamp)
    loaded = load(selection)
    evaluation = evaluate_loaded(loaded, method, weights)
    root = example_dir() if selection.example else Path(selection.project or ".")
    if fmt == "workshop":  # the page re-scores in the browser: no SMAA, no award to run
        return _write_workshop(loaded.inputs, evaluation, request, weights, stamp, template, root)
    with placed(loaded.sources):
        sensitivity = run_analysis(evaluation, request.smaa, progress)
        awarded = _award(evaluation) if loaded.inputs.criteria.award is not None else None
    context = build_context(loaded.inputs, evaluation, sensitivity, ReportOptions(stamp), awarded)
    text = render(context, "html" if fmt == "pdf" else fmt, template, root / "templates")
    if fmt != "pdf":
        return write_output(request.output, text)
    from vendorscore.reporting.pdf import render_pdf

    pdf = render_pdf(text, request.paper or "a4")
    return write_output(request.output, pdf.data, binary_stdout=True)


def _write_workshop(
    inputs: EvaluationInput,
    evaluation: Evaluation,
    request: ReportRequest,
    weights: Weights | None,
    stamp: str | None,
    template: Path | None,
    root: Path,
) -> Path | None:
    """The what-if page (``--format workshop``), written like a report."""
    from vendorscore.reporting.render import default_templates, render
    from vendorscore.reporting.workshop import workshop_context
    from vendorscore.views.atomic import write_output

    context = workshop_context(
        inputs.criteria, evaluation, weights or {}, default_templates(), stamp
    )
    return write_output(request.output, render(context, "workshop", template, root / "templates"))

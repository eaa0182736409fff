"""The one output registry: which view shows which result in which format, and where it goes.

Every command hands its result to ``emit``. The registry maps (result type, format) to a
view, named as ``module:function`` so that nothing heavier than the view asked for is
imported (``validate`` never loads numpy, ``rank`` never loads jinja2 or openpyxl). A view
is one of three kinds:

- ``text``: ``view(result, **options) -> str``, the machine and text formats (``views/``);
- ``bytes``: ``view(result, **options) -> bytes``, a binary file (the xlsx workbook);
- ``print``: ``view(result, file, **options)``, a rich table printed to ``file`` (stdout
  when None).

``emit`` writes to stdout (destination None or ``-``) or atomically to a file
(``views/atomic.py``): a reader never sees half an output, a failure leaves no file. Every
command with ``-o`` checks its destination with ``check_destination`` before the work (a
FIFO, a device, a folder or a link is refused at once, not after a long SMAA run).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from vendorscore.errors import UsageError

RANKING = "vendorscore.models.results.Ranking"
EXPLANATION = "vendorscore.analysis.explain.Explanation"
SENSITIVITY = "vendorscore.analysis.summary.Sensitivity"
COMPARISON = "vendorscore.analysis.diff.Comparison"
VALIDATION = "vendorscore.services.validate.ValidationReport"
STAFFING = "vendorscore.analysis.staffing_report.StaffingReport"
AWARD = "vendorscore.analysis.award_result.AwardReport"


@dataclass(frozen=True)
class View:
    """One way to show one result type: the function, its kind, the options it takes."""

    target: str
    kind: Literal["text", "bytes", "print"] = "text"
    options: tuple[str, ...] = ()

    def load(self) -> Callable[..., Any]:
        """The view function, imported on first use."""
        import importlib

        module, _, name = self.target.partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function


VIEWS: dict[tuple[str, str], View] = {
    (RANKING, "table"): View("vendorscore.cli.tables:print_ranking", "print", ("top", "quiet")),
    (RANKING, "json"): View("vendorscore.views.ranking:to_json", options=("top",)),
    (RANKING, "csv"): View("vendorscore.views.ranking:to_csv", options=("top",)),
    (RANKING, "md"): View("vendorscore.views.ranking:to_markdown", options=("top",)),
    (RANKING, "xlsx"): View("vendorscore.exchange.xlsx:ranking_workbook", "bytes"),
    (EXPLANATION, "table"): View("vendorscore.cli.tables:print_explanation", "print"),
    (EXPLANATION, "json"): View("vendorscore.views.analysis:explanation_json"),
    (SENSITIVITY, "table"): View("vendorscore.cli.tables:print_sensitivity", "print"),
    (SENSITIVITY, "json"): View("vendorscore.views.analysis:sensitivity_json"),
    (COMPARISON, "table"): View("vendorscore.views.diff:diff_text"),
    (COMPARISON, "json"): View("vendorscore.views.diff:diff_json"),
    (COMPARISON, "md"): View("vendorscore.views.diff:diff_markdown"),
    (VALIDATION, "text"): View("vendorscore.views.issues:report_text"),
    (VALIDATION, "json"): View("vendorscore.views.issues:report_json", options=("strict",)),
    (VALIDATION, "github"): View("vendorscore.views.issues:report_github"),
    (STAFFING, "table"): View("vendorscore.cli.staffing_table:print_staffing", "print"),
    (STAFFING, "json"): View("vendorscore.views.staffing:to_json"),
    (STAFFING, "csv"): View("vendorscore.views.staffing:to_csv"),
    (STAFFING, "md"): View("vendorscore.views.staffing:to_markdown"),
    (AWARD, "table"): View("vendorscore.cli.award_table:print_award", "print"),
    (AWARD, "json"): View("vendorscore.views.award:to_json"),
    (AWARD, "md"): View("vendorscore.views.award:to_markdown"),
}


def type_name(result: object) -> str:
    """The registry's name for the type of ``result``."""
    kind = type(result)
    return f"{kind.__module__}.{kind.__qualname__}"


def formats(result_type: str) -> list[str]:
    """The formats registered for a result type (``RANKING`` and so on)."""
    return [fmt for kind, fmt in VIEWS if kind == result_type]


def view_for(result: object, fmt: str) -> View:
    """The registered view; a usage error when there is none."""
    name = type_name(result)
    view = VIEWS.get((name, fmt))
    if view is None:
        known = ", ".join(formats(name)) or "none"
        raise UsageError(f"no {fmt} view of a {type(result).__name__} (formats: {known})")
    return view


def emit(result: object, fmt: str, destination: str | None = None, **options: Any) -> Path | None:
    """Show ``result`` in format ``fmt`` on stdout (``destination`` None or ``-``) or write
    it atomically to the file ``destination``; returns the path written, if any.

    Options a view does not take are ignored (the workbook has no ``top``)."""
    from vendorscore.views.atomic import STDOUT, write_output

    view = view_for(result, fmt)
    function = view.load()
    chosen = {k: v for k, v in options.items() if k in view.options}
    to_stdout = destination is None or destination == STDOUT
    if to_stdout and view.kind == "bytes":
        raise UsageError(f"--format {fmt} writes a file: give --output FILE")
    data: str | bytes
    if view.kind == "print":
        if to_stdout:
            _print_to_stdout(function, result, chosen)
            return None
        buffer = io.StringIO()
        function(result, buffer, **chosen)
        data = buffer.getvalue()
    else:
        data = function(result, **chosen)
    try:
        return write_output(destination, data)
    except BrokenPipeError:
        from vendorscore.cli.main import ReaderGone

        raise ReaderGone from None


def _print_to_stdout(function: Callable[..., Any], result: object, options: dict[str, Any]) -> None:
    """A rich view printed to stdout: a full or closed stdout is an OutputError, a reader that
    went away ReaderGone (which `cli/main.py` turns into exit 0)."""
    from vendorscore.cli.main import ReaderGone
    from vendorscore.views.atomic import StdoutError

    try:
        function(result, None, **options)
        sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StdoutError(f"cannot write to standard output: {reason}") from None

"""The commands of the command line as data: name, module, function, help panel and one-line
help. Nothing here imports typer or rich: ``vendorscore --help`` is drawn from this table
(``cli/quickhelp.py``) and the root group loads a command from it only when it runs
(``cli/lazy.py``)."""

from __future__ import annotations

from dataclasses import dataclass

ROOT_HELP = "Rank customer-service outsourcing (BPO) vendors from YAML evaluation files."


@dataclass(frozen=True)
class Entry:
    """A command as ``--help`` lists it, and where its function lives."""

    name: str
    module: str
    function: str
    panel: str
    summary: str  # the first line of the function's docstring (checked by a test)


_APP = "vendorscore.cli.app"
COMMANDS = (
    Entry("validate", _APP, "validate", "Check",
          "Validate criteria, vendor and score files; exit 1 when any is invalid."),
    Entry("schema", _APP, "schema", "Check",
          "Print the JSON Schema of a file kind or a criterion kind (for editors and CI)."),
    Entry("init", _APP, "init", "Start",
          "Write the bundled example project (a realistic retail CX RFP) into DIRECTORY."),
    Entry("rank", _APP, "rank", "Decide",
          "Score and rank the vendors: ranking, excluded vendors with reasons, warnings."),
    Entry("explain", _APP, "explain", "Decide",
          "Why A and B are ranked as they are, and the smallest weight change that swaps them."),
    Entry("sensitivity", "vendorscore.cli.sensitivity_command", "sensitivity", "Decide",
          "How robust the ranking is: stability, SMAA (weights and uncertain figures), reversal."),
    Entry("staffing", "vendorscore.cli.staffing_command", "staffing", "Decide",
          "Each vendor's staffing: hours, FTEs, peak headcount, annual cost beside the flat "
          "formula."),
    Entry("award", "vendorscore.cli.award_command", "award", "Decide",
          "The best split of the contacts between vendors (the criteria file's award: section)."),
    Entry("report", _APP, "report", "Decide",
          "Write a Markdown, self-contained HTML or PDF report: recommendation, evidence, audit."),
    Entry("sheet", _APP, "sheet", "Exchange",
          "Write the response workbook a buyer sends to vendors (dropdowns, units, instructions)."),
    Entry("import", _APP, "import_", "Exchange",
          "Turn filled response sheets into vendor YAML files (nothing written unless all rows "
          "pass)."),
    Entry("diff", _APP, "diff", "Exchange",
          "What changed between two evaluations, and how it moved each vendor."),
)  # fmt: skip
BY_NAME = {entry.name: entry for entry in COMMANDS}

HELP_ARGS: tuple[list[str], ...] = ([], ["--help"], ["-h"])
"""The argument lists that ask for the root's help (the fast path of ``quickhelp.py``)."""
FAST_COMMANDS = frozenset({"validate", "rank"})
"""The commands ``cli/fastpath.py`` can run without typer (its ``SPECS``; a test checks)."""

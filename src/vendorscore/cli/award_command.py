"""The `award` command: parse, call one service, emit. Listed in
``cli/lazy.py``; the solver (highspy) is imported only when this command runs."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from vendorscore.cli.choices import selection_of
from vendorscore.cli.options import CriteriaOpt, ExampleOpt, ProjectArg, VendorsOpt


class AwardFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


def award(
    project: ProjectArg = None,
    criteria: CriteriaOpt = None,
    vendors: VendorsOpt = None,
    example: ExampleOpt = False,
    top: Annotated[
        int,
        typer.Option("--top", "-k", help="Show the K best awards with different vendors (1-20)."),
    ] = 1,
    frontier: Annotated[
        bool,
        typer.Option(
            "--frontier/--no-frontier",
            help="The cheapest award at 1-5 vendors and at rising score floors.",
        ),
    ] = True,
    output_format: Annotated[
        AwardFormat, typer.Option("--format", "-f", help="table, json or md.")
    ] = AwardFormat.table,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to this file."),
    ] = None,
) -> int:
    """The best split of the contacts between vendors (the criteria file's award: section).

    Solved exactly (HiGHS), with each share staffed on its own when the workload uses a
    staffing model: the price of splitting, what each rule costs, the k best awards, a
    frontier, and which rules conflict when no award is possible.
    """
    from vendorscore.cli.emit import emit
    from vendorscore.services.award import award_project
    from vendorscore.views.atomic import check_destination

    check_destination(output)
    selection = selection_of(project, criteria, vendors, None, example)
    emit(award_project(selection, top=top, frontier=frontier), output_format.value, output)
    return 0

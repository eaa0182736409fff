"""The `staffing` command: parse, call one service, emit. Listed in
``cli/lazy.py`` like the others; its own module only because app.py is at the 400-line limit."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from vendorscore.cli.choices import StaffingFormat, parse_service_levels, selection_of
from vendorscore.cli.options import CriteriaOpt, ExampleOpt, ProjectArg, ServiceLevelOpt, VendorsOpt


def staffing(
    project: ProjectArg = None,
    criteria: CriteriaOpt = None,
    vendors: VendorsOpt = None,
    example: ExampleOpt = False,
    service_level: ServiceLevelOpt = None,
    output_format: Annotated[
        StaffingFormat, typer.Option("--format", "-f", help="table, json, md or csv.")
    ] = StaffingFormat.table,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to this file."),
    ] = None,
) -> int:
    """Each vendor's staffing: hours, FTEs, peak headcount, annual cost beside the flat formula.

    --service-level prices the year at other service-level targets (the trade-off).
    """
    from vendorscore.cli.emit import emit
    from vendorscore.services.staffing import staffing_project
    from vendorscore.views.atomic import check_destination

    check_destination(output)
    levels = parse_service_levels(service_level)
    selection = selection_of(project, criteria, vendors, None, example)
    emit(staffing_project(selection, levels), output_format.value, output)
    return 0

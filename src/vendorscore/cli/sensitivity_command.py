"""The `sensitivity` command: parse, call one service, emit. Listed in
``cli/lazy.py`` like the others; its own module because app.py is at the 400-line limit."""

from __future__ import annotations

from typing import Annotated

import typer

from vendorscore.cli.choices import (
    AnalysisFormat,
    Uncertainty,
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
    ProjectArg,
    SamplesOpt,
    ScoresOpt,
    SeedOpt,
    UncertaintyOpt,
    VendorsOpt,
    WeightOpt,
    WeightsOpt,
)


def sensitivity(
    project: ProjectArg = None,
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
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table or json.")
    ] = AnalysisFormat.table,
) -> int:
    """How robust the ranking is: stability, SMAA (weights and uncertain figures), reversal.

    Weight stability, SMAA-2 over the weights and the vendors' uncertain figures,
    leave-one-out and method agreement.
    """
    from vendorscore.cli.emit import emit
    from vendorscore.cli.progress import progress_bar
    from vendorscore.services.analyse import analyse

    selection = selection_of(project, criteria, vendors, scores, example)
    with progress_bar(enabled=output_format is AnalysisFormat.table) as progress:
        options = smaa_options(samples, seed, weights, jitter, uncertainty, fixed_weights)
        with weight_flag():
            _, result = analyse(
                selection, options, method_of(method), parse_weights(weight), progress
            )
    emit(result, output_format.value)
    return 0

"""Writing a command's result to a file (to be replaced by the output layer's emit)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendorscore.scoring.evaluation import Evaluation


def export_ranking(evaluation: Evaluation, output: str) -> Path:
    """The ranking as an .xlsx workbook."""
    from vendorscore.exchange.xlsx import ranking_workbook
    from vendorscore.reporting.write import write_atomic

    target = Path(output)
    write_atomic(target, ranking_workbook(evaluation.ranking))
    return target


def write_text(output: str, text: str) -> Path:
    """Write a command's output to a file atomically instead of to stdout."""
    from vendorscore.reporting.write import write_atomic

    target = Path(output)
    write_atomic(target, text)
    return target

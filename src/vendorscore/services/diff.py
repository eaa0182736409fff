"""`vendorscore diff`: two evaluations (two folders, or one folder now and at a git revision)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendorscore.errors import Issue, UsageError
from vendorscore.services.evaluate import evaluate_loaded
from vendorscore.services.project import Selection, load

if TYPE_CHECKING:
    from vendorscore.analysis.award_result import AwardReport
    from vendorscore.analysis.diff import Comparison
    from vendorscore.criteria.inputs import EvaluationInput
    from vendorscore.models.choices import Method
    from vendorscore.scoring.evaluation import Evaluation


def _evaluate(
    folder: str, method: Method | None, shown_as: str | None = None
) -> tuple[EvaluationInput, Evaluation, AwardReport | None]:
    """One side: its inputs, its ranking, and its award when its criteria file has one."""
    from vendorscore.services.project import placed

    loaded = load(Selection(folder), shown_as=shown_as)
    evaluation = evaluate_loaded(loaded, method)
    awarded = None
    if loaded.inputs.criteria.award is not None:
        from vendorscore.services.award import award_of

        with placed(loaded.sources):
            awarded = award_of(evaluation, frontier=False, explain=False)
    return loaded.inputs, evaluation, awarded


def _compare(
    before: str,
    after: str,
    a: tuple[EvaluationInput, Evaluation, AwardReport | None],
    b: tuple[EvaluationInput, Evaluation, AwardReport | None],
) -> Comparison:
    from vendorscore.analysis.diff import compare

    return compare(before, after, (a[0], a[1]), (b[0], b[1]), (a[2], b[2]))


def diff_projects(
    before: str | None, after: str | None, git_rev: str | None = None, method: Method | None = None
) -> tuple[Comparison, tuple[Issue, ...]]:
    """Compare two evaluations: two project folders, or one folder now and at a git revision.

    Returns the comparison and the warnings about what was not read at the revision
    (submodules, symbolic links)."""
    if git_rev is not None:
        from vendorscore.loading.gitrev import checkout

        if after is not None:
            raise UsageError("with --git give one project folder (compared with itself at REV)")
        folder = before or "."
        with checkout(folder, git_rev) as old:
            a = _evaluate(str(old.folder), method, shown_as=old.shown)
        b = _evaluate(folder, method)
        return _compare(f"{folder} at {git_rev}", folder, a, b), old.skipped
    if before is None or after is None:
        raise UsageError("give two project folders, or one and --git REV")
    return _compare(before, after, _evaluate(before, method), _evaluate(after, method)), ()

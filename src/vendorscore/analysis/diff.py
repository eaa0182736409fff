"""Comparing two evaluations: which inputs changed, and how each vendor's rank and score moved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vendorscore.analysis.award_result import AwardReport
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.models.measured import RANGES
from vendorscore.models.scores import NotedScore, ScoresFile, score_value
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class InputChange:
    """One input value that differs: where, and its value before and after (None: absent)."""

    kind: str  # criteria | weight | vendor | scores
    subject: str  # criterion id, vendor id, evaluator, or "settings"
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Move:
    """How one vendor's place changed, and the criteria that moved its score most."""

    id: str
    name: str
    rank_before: int | None  # None: not ranked (excluded or absent)
    rank_after: int | None
    score_before: float | None
    score_after: float | None
    drivers: tuple[tuple[str, float], ...]  # (criterion, change in points), largest first


@dataclass(frozen=True)
class AwardChange:
    """How the recommended award changed (criteria files with an ``award:`` section)."""

    before: str  # the award in a few words ("Table Bay Contact en 58 %; ..."), or why none
    after: str
    cost_before: float | None  # annual, base currency
    cost_after: float | None
    currency: str
    shares: tuple[tuple[str, str, float, float], ...]  # vendor, segment, % before, % after


@dataclass(frozen=True)
class Comparison:
    """The outcome of `vendorscore diff`."""

    before: str
    after: str
    changes: tuple[InputChange, ...]
    moves: tuple[Move, ...]
    award: AwardChange | None = None


def award_change(a: AwardReport | None, b: AwardReport | None) -> AwardChange | None:
    """The awards of both sides compared (None when neither side has an award section)."""
    if a is None and b is None:
        return None

    def words(r: AwardReport | None) -> str:
        if r is None:
            return "no award section"
        return r.best.summary() if r.best is not None else "no award satisfies the rules"

    def shares(r: AwardReport | None) -> dict[tuple[str, str], float]:
        return {} if r is None or r.best is None else r.best.shares()

    before, after = shares(a), shares(b)
    moved = tuple(
        (vendor, segment, before.get((vendor, segment), 0.0), after.get((vendor, segment), 0.0))
        for vendor, segment in sorted(set(before) | set(after))
        if abs(before.get((vendor, segment), 0.0) - after.get((vendor, segment), 0.0)) > 1e-9
    )
    return AwardChange(
        before=words(a),
        after=words(b),
        cost_before=None if a is None or a.best is None else a.best.cost,
        cost_after=None if b is None or b.best is None else b.best.cost,
        currency=(b or a).currency,  # type: ignore[union-attr]
        shares=moved,
    )


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested data as dotted paths; lists of mappings with an ``id`` are keyed by it."""
    out: dict[str, Any] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif (
        isinstance(value, list)
        and value
        and all(isinstance(v, Mapping) and "id" in v for v in value)
    ):
        for item in value:
            out.update(
                flatten({k: v for k, v in item.items() if k != "id"}, f"{prefix}[{item['id']}]")
            )
    else:
        out[prefix] = value
    return out


def _flat(vendor: Vendor) -> dict[str, Any]:
    """A vendor's fields by dotted path; a figure with a range as its parts (``pricing.rate.
    value``, ``pricing.rate.plus_percent``), so a changed range is a change."""
    return flatten(vendor.model_dump(mode="json", exclude_none=True, context=RANGES))


def _changes(
    kind: str, subject: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[InputChange]:
    out = []
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            out.append(InputChange(kind, subject, path, before.get(path), after.get(path)))
    return out


def input_changes(a: EvaluationInput, b: EvaluationInput) -> list[InputChange]:
    """Differences in criteria (weights singled out), vendor fields and evaluator scores."""
    changes: list[InputChange] = []
    crit_a = flatten(a.criteria.model_dump(mode="json", exclude_none=True))
    crit_b = flatten(b.criteria.model_dump(mode="json", exclude_none=True))
    for change in _changes("criteria", "settings", crit_a, crit_b):
        field = change.field
        if field.startswith("criteria[") and field.endswith("].weight"):
            cid = field[len("criteria[") : -len("].weight")]
            changes.append(InputChange("weight", cid, "weight", change.before, change.after))
        elif field.startswith("groups."):
            changes.append(
                InputChange("weight", f"group {field[7:]}", "weight", change.before, change.after)
            )
        elif field.startswith("criteria["):
            cid, _, rest = field[len("criteria[") :].partition("]")
            changes.append(
                InputChange(
                    "criteria", cid, rest.lstrip(".") or "(criterion)", change.before, change.after
                )
            )
        else:
            changes.append(change)
    vendors_a = {v.id: _flat(v) for v in a.vendors}
    vendors_b = {v.id: _flat(v) for v in b.vendors}
    for vid in sorted(set(vendors_a) | set(vendors_b)):
        if vid not in vendors_a or vid not in vendors_b:
            changes.append(
                InputChange(
                    "vendor",
                    vid,
                    "(vendor)",
                    "present" if vid in vendors_a else None,
                    "present" if vid in vendors_b else None,
                )
            )
            continue
        changes += _changes("vendor", vid, vendors_a[vid], vendors_b[vid])
    scores_a = {s.evaluator: _sheet(s) for s in a.scores}
    scores_b = {s.evaluator: _sheet(s) for s in b.scores}
    for who in sorted(set(scores_a) | set(scores_b)):
        changes += _changes("scores", who, scores_a.get(who, {}), scores_b.get(who, {}))
    return changes


def _sheet(sheet: ScoresFile) -> dict[str, Any]:
    flat: dict[str, Any] = {"consensus": sheet.consensus}
    for vid, row in sheet.scores.items():
        for cid, entry in row.items():
            flat[f"{vid}.{cid}"] = score_value(entry)
            if isinstance(entry, NotedScore) and entry.note:
                flat[f"{vid}.{cid}.note"] = entry.note
    return flat


def moves(a: Evaluation, b: Evaluation) -> list[Move]:
    """Every vendor's rank and score before and after, with the criteria that moved it."""
    before = {v.id: v for v in a.ranking.ranking}
    after = {v.id: v for v in b.ranking.ranking}
    names = {
        **{x.id: x.name for x in a.ranking.excluded},
        **{x.id: x.name for x in b.ranking.excluded},
    }
    names.update({v.id: v.name for v in [*before.values(), *after.values()]})
    out = []
    for vid in sorted(names):
        x, y = before.get(vid), after.get(vid)
        drivers: list[tuple[str, float]] = []
        if x is not None and y is not None:
            for cid in y.criteria:
                old = _points(x.criteria.get(cid), a, cid)
                new = _points(y.criteria[cid], b, cid)
                if abs(new - old) > 1e-9:
                    drivers.append((cid, new - old))
            drivers.sort(key=lambda d: (-abs(d[1]), d[0]))
        out.append(
            Move(
                vid,
                names[vid],
                x.rank if x else None,
                y.rank if y else None,
                x.score if x else None,
                y.score if y else None,
                tuple(drivers),
            )
        )
    out.sort(key=lambda m: (m.rank_after if m.rank_after is not None else 10**9, m.id))
    return out


def _points(cell: Any, evaluation: Evaluation, cid: str) -> float:
    """A criterion's part of the score: its contribution (weighted_sum), else 100 x w x u."""
    if cell is None:
        return 0.0
    if cell.contribution is not None:
        return float(cell.contribution)
    return 100.0 * float(evaluation.ranking.weights.get(cid, 0.0)) * float(cell.utility or 0.0)


def compare(
    before: str,
    after: str,
    a: tuple[EvaluationInput, Evaluation],
    b: tuple[EvaluationInput, Evaluation],
    awards: tuple[AwardReport | None, AwardReport | None] = (None, None),
) -> Comparison:
    """The whole comparison."""
    return Comparison(
        before,
        after,
        tuple(input_changes(a[0], b[0])),
        tuple(moves(a[1], b[1])),
        award_change(*awards),
    )

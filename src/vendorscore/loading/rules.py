"""Rules beyond one field: within a criteria file, and across the files of a project (SPEC §3)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from vendorscore.criteria.base import Absolute
from vendorscore.criteria.cost import CostCriterion
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.registry import kind_of
from vendorscore.criteria.rubric import RubricCriterion
from vendorscore.criteria.settings import Gate
from vendorscore.criteria.uncertainty import high_end
from vendorscore.errors import Issue, Severity, dotted
from vendorscore.formatting import fmt_num
from vendorscore.loading import award_rules, language_rules, ranges, workload
from vendorscore.loading.hints import Suggestions, id_hint, shorten_numbers
from vendorscore.loading.yamlio import Document
from vendorscore.models.fields import vendor_field_kind
from vendorscore.models.scores import ScoresFile, score_value
from vendorscore.models.vendor import Vendor

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A problem at a path of a document, before its line and column are looked up."""

    doc: Document
    loc: Loc
    code: str
    message: str
    severity: Severity = "error"


@dataclass(frozen=True)
class Located:
    """A model together with the document (and the place in it) it was read from."""

    doc: Document
    loc: Loc = ()

    def issue(self, loc: Loc, code: str, message: str, severity: Severity = "error") -> Finding:
        """A finding at ``loc`` (relative to this model) in this document."""
        return Finding(self.doc, self.loc + loc, code, message, severity)


def to_issues(findings: Iterable[Finding]) -> list[Issue]:
    """Look up every finding's position, one pass per document."""
    by_doc: dict[int, list[Finding]] = {}
    for finding in findings:
        by_doc.setdefault(id(finding.doc), []).append(finding)
    issues: list[Issue] = []
    for group in by_doc.values():
        doc = group[0].doc
        where = doc.positions(f.loc for f in group)
        for f in group:
            line, column = where[f.loc]
            message = shorten_numbers(f.message)
            issues.append(
                Issue(doc.display, line, column, f.code, message, f.severity, dotted(f.loc))
            )
    return sorted(issues)


def top_level_weights(criteria: CriteriaFile) -> list[tuple[str, float]]:
    """Weights at the top of the hierarchy: each group, and each criterion outside a group."""
    top = list((criteria.groups or {}).items())
    top += [(c.id, c.weight) for c in criteria.criteria if c.group is None]
    return top


def criteria_rules(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    """Rules inside one criteria file."""
    ids = [c.id for c in crit.criteria]
    seen: set[str] = set()
    for index, criterion in enumerate(crit.criteria):
        if criterion.id in seen:
            yield at.issue(
                ("criteria", index, "id"),
                "duplicate-id",
                f"criterion id '{criterion.id}' is used twice",
            )
        seen.add(criterion.id)
        yield from _criterion_rules(crit, index, at)
    groups = crit.groups or {}
    for name, weight in groups.items():
        members = [c for c in crit.criteria if c.group == name]
        if weight > 0 and not any(c.weight > 0 for c in members):
            yield at.issue(
                ("groups", name),
                "empty-group",
                f"group '{name}' has weight {fmt_num(weight)} but no criterion with weight > 0 "
                "in it: its weight would be wasted",
            )
    for index, tie in enumerate(crit.tie_breakers):
        if tie not in ids:
            yield at.issue(
                ("tie_breakers", index),
                "unknown-criterion",
                f"tie breaker '{tie}' is not a criterion id",
            )
        elif crit.tie_breakers.index(tie) != index:
            yield at.issue(
                ("tie_breakers", index), "duplicate-id", f"tie breaker '{tie}' is listed twice"
            )
    yield from _weight_rules(crit, at)
    if any(isinstance(c, CostCriterion) for c in crit.criteria) and crit.workload is None:
        cost = next(i for i, c in enumerate(crit.criteria) if isinstance(c, CostCriterion))
        yield at.issue(
            ("criteria", cost, "kind"),
            "workload-missing",
            "a cost criterion needs a 'workload' section "
            "(contacts_per_year, aht_seconds, occupancy)",
        )
    if crit.currency in crit.fx and not math.isclose(crit.fx[crit.currency], 1.0):
        message = f"the fx rate of the base currency {crit.currency} must be 1"
        yield at.issue(("fx", crit.currency), "fx-base", message)
    if crit.topsis is not None and crit.method != "topsis":
        yield at.issue(
            ("topsis",),
            "unused-option",
            f"topsis options have no effect with method {crit.method}",
            "warning",
        )
    for index, gate in enumerate(crit.gates):
        yield from _gate_rules(gate, ("gates", index), at)
    yield from ranges.criteria_fraction_rules(crit, at)
    yield from workload.workload_rules(crit, at)
    yield from award_rules.award_rules(crit, at)


def _weight_rules(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    for index, criterion in enumerate(crit.criteria):
        if criterion.group is not None and criterion.group not in (crit.groups or {}):
            yield at.issue(
                ("criteria", index, "group"),
                "unknown-group",
                f"group '{criterion.group}' is not named in 'groups'",
            )
    top = top_level_weights(crit)
    total = sum(weight for _, weight in top)
    if total <= 0 or not any(c.weight > 0 for c in crit.criteria):
        yield at.issue(("criteria",), "weights-zero", "every weight is 0: nothing would be scored")
    elif not math.isclose(total, 100.0, rel_tol=0, abs_tol=1e-9):
        where = (
            "group weights and ungrouped criterion weights" if crit.groups else "criterion weights"
        )
        yield at.issue(
            ("groups",) if crit.groups else ("criteria",),
            "weights-sum",
            f"{where} sum to {fmt_num(round(total, 9) or total)}, not 100; they are normalised",
            "warning",
        )


def _criterion_rules(crit: CriteriaFile, index: int, at: Located) -> Iterator[Finding]:
    criterion = crit.criteria[index]
    here: Loc = ("criteria", index)
    scoring = criterion.scoring
    if isinstance(scoring, Absolute):
        needs_bounds = kind_of(criterion).scale is None
        if needs_bounds and (scoring.best is None or scoring.worst is None):
            yield at.issue(
                (*here, "scoring"),
                "absolute-bounds",
                f"absolute scoring of a {criterion.kind} criterion needs both best and worst",
            )
        elif scoring.best is not None and scoring.worst is not None:
            lower = criterion.better() == "lower"
            if lower != (scoring.best < scoring.worst):
                want = "below" if lower else "above"
                yield at.issue(
                    (*here, "scoring", "best"),
                    "absolute-direction",
                    f"'{criterion.id}' is {criterion.better()}-is-better, "
                    f"so best must be {want} worst",
                )
    if (
        criterion.minimum is not None
        and criterion.maximum is not None
        and criterion.minimum > criterion.maximum
    ):
        yield at.issue(
            (*here, "minimum"), "gate-range", "minimum is above maximum: no vendor could pass"
        )
    points = getattr(criterion, "points", None)
    if isinstance(points, dict) and criterion.weight > 0 and sum(points.values()) <= 0:
        yield at.issue(
            (*here, "points"),
            "no-points",
            f"'{criterion.id}' has weight but no points: give points to the items that count",
        )


def _gate_rules(gate: Gate, loc: Loc, at: Located) -> Iterator[Finding]:
    kind = vendor_field_kind(gate.field)
    if kind is None:
        yield at.issue(
            (*loc, "field"), "bad-field", f"'{gate.field}' is not a field of the vendor file"
        )
        return
    value = gate.value
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if gate.op in {">=", ">", "<=", "<"}:
        if kind != "number" or not numeric:
            yield at.issue(
                (*loc, "op"),
                "gate-type",
                f"'{gate.op}' compares numbers: '{gate.field}' is a {kind}",
            )
    elif gate.op in {"in", "not_in"}:
        if not isinstance(value, list):
            yield at.issue((*loc, "value"), "gate-type", f"'{gate.op}' needs a list value")
        elif kind in {"list", "object"}:
            yield at.issue((*loc, "op"), "gate-type", f"'{gate.field}' is a {kind}: use 'contains'")
    elif gate.op == "contains":
        if kind != "list":
            yield at.issue(
                (*loc, "op"),
                "gate-type",
                f"'contains' needs a list field; '{gate.field}' is a {kind}",
            )
        elif isinstance(value, list):
            yield at.issue((*loc, "value"), "gate-type", "'contains' needs a single value")
    elif isinstance(value, list) or kind in {"list", "object"}:
        yield at.issue((*loc, "op"), "gate-type", f"'{gate.op}' compares single values")


@dataclass(frozen=True)
class VendorAt:
    """A vendor with where it was read."""

    vendor: Vendor
    at: Located


@dataclass(frozen=True)
class ScoresAt:
    """A score file with where it was read."""

    scores: ScoresFile
    at: Located


def project_rules(
    crit: CriteriaFile,
    crit_at: Located,
    vendors: Sequence[VendorAt],
    scores: Sequence[ScoresAt],
    all_vendors_loaded: bool = True,
) -> Iterator[Finding]:
    """Rules across the files of a project.

    When a vendor file failed to load, score entries naming unknown vendors are not reported:
    the vendor is probably in the broken file, and its own error says what to fix.
    """
    first: dict[str, VendorAt] = {}
    for item in vendors:
        vid = item.vendor.id
        if vid in first:
            other = first[vid].at
            yield item.at.issue(
                ("id",), "duplicate-id", f"vendor id '{vid}' is also used in {other.doc.display}"
            )
        else:
            first[vid] = item
    yield from _pricing_rules(crit, crit_at, vendors)
    yield from ranges.cost_range_rules(crit, vendors)
    yield from ranges.vendor_fraction_rules(vendors)
    yield from ranges.unread_spread_rules(crit, vendors)
    yield from ranges.ratio_range_rules(crit, vendors)
    yield from ranges.unused_default_rules(crit, crit_at, vendors)
    yield from _score_rules(crit, vendors, scores, all_vendors_loaded)
    if all_vendors_loaded:
        yield from language_rules.language_tag_rules(crit, crit_at, vendors)
    yield from award_rules.award_vendor_rules(crit, crit_at, vendors, all_vendors_loaded)


def _pricing_rules(
    crit: CriteriaFile, crit_at: Located, vendors: Sequence[VendorAt]
) -> Iterator[Finding]:
    has_cost = any(isinstance(c, CostCriterion) for c in crit.criteria)
    for item in vendors:
        pricing = item.vendor.pricing
        if pricing is None:
            continue
        if pricing.currency != crit.currency and pricing.currency not in crit.fx:
            yield item.at.issue(
                ("pricing", "currency"),
                "fx-missing",
                f"no fx rate for {pricing.currency}: add it to 'fx' in {crit_at.doc.display}",
            )
        if not has_cost or crit.workload is None:
            continue
        if pricing.unit == "per_fte_month" and crit.workload.hours_per_fte_month is None:
            yield item.at.issue(
                ("pricing", "unit"),
                "workload-missing",
                f"per_fte_month needs workload.hours_per_fte_month in {crit_at.doc.display}",
            )
        top_fee = high_end(pricing.setup_fee, crit.uncertainty, "pricing.setup_fee")
        if (pricing.setup_fee > 0 or top_fee > 0) and crit.workload.contract_years is None:
            yield item.at.issue(
                ("pricing", "setup_fee"),
                "workload-missing",
                f"a setup fee needs workload.contract_years in {crit_at.doc.display}",
            )


def _score_rules(
    crit: CriteriaFile,
    vendors: Sequence[VendorAt],
    scores: Sequence[ScoresAt],
    all_vendors_loaded: bool,
) -> Iterator[Finding]:
    vendor_ids = {item.vendor.id for item in vendors}
    known_vendors = Suggestions(vendor_ids)
    rubrics = {c.id: c for c in crit.criteria if isinstance(c, RubricCriterion)}
    known_rubrics = Suggestions(rubrics)
    others = {c.id for c in crit.criteria} - set(rubrics)
    evaluators: dict[str, ScoresAt] = {}
    for item in scores:
        sheet = item.scores
        if sheet.evaluator in evaluators:
            yield item.at.issue(
                ("evaluator",),
                "duplicate-evaluator",
                f"evaluator '{sheet.evaluator}' also has "
                f"{evaluators[sheet.evaluator].at.doc.display}",
            )
        evaluators.setdefault(sheet.evaluator, item)
        for vid, row in sheet.scores.items():
            if vid not in vendor_ids and all_vendors_loaded:
                hint = id_hint(vid, known_vendors, "vendors")
                yield item.at.issue(
                    ("scores", vid), "unknown-vendor", f"no vendor with id '{vid}'{hint}"
                )
            for cid, entry in row.items():
                where: Loc = ("scores", vid, cid)
                if cid in others:
                    yield item.at.issue(
                        where,
                        "not-rubric",
                        f"'{cid}' is not a rubric criterion: it cannot be scored by hand",
                    )
                elif cid not in rubrics:
                    hint = (
                        id_hint(cid, known_rubrics, "rubric criteria")
                        if rubrics
                        else " (no criterion is a rubric)"
                    )
                    yield item.at.issue(
                        where, "unknown-criterion", f"no rubric criterion with id '{cid}'{hint}"
                    )
                else:
                    low, high = rubrics[cid].scale
                    value = score_value(entry)
                    if not low <= value <= high:
                        yield item.at.issue(
                            where,
                            "score-range",
                            f"score {fmt_num(value)} is off the scale "
                            f"{fmt_num(low)}..{fmt_num(high)} of '{cid}'",
                        )

"""The risk register's rules on evidence (``risks.py`` has the others): languages against
demand, evaluators who disagree and their notes, data missing and scored as the worst, and
percentages written as fractions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Set
from dataclasses import dataclass

from vendorscore.analysis.risk_model import Make, Risk
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.criteria.languages import languages_criterion, serves_at
from vendorscore.criteria.names import tag_matches
from vendorscore.criteria.numeric import NumericCriterion
from vendorscore.criteria.rubric import RubricCriterion
from vendorscore.formatting import fmt_num
from vendorscore.models.fields import VENDOR_PERCENTS, looks_like_fraction
from vendorscore.models.results import Ranking
from vendorscore.models.scores import NotedScore
from vendorscore.models.vendor import LEVELS, Level, Vendor
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class LanguageEvidence:
    """One vendor on one demanded language: its best level, its agents, and what the peak
    interval needs of them (the language's share of the peak's rostered headcount)."""

    vendor: str
    tag: str
    share: float  # % of the contact demand
    required: bool  # a gate of the languages criterion
    min_level: Level
    level: Level | None  # the best level offered (None: not offered)
    agents: int | None  # agents serving it at min_level or better (None: not declared)
    served: bool  # at min_level or better, with agents
    need: int | None  # agents the peak interval needs for it (staffing models)
    peak: str = ""  # "2027-11-29 10:00 Europe/Berlin, 52 agents rostered"

    @property
    def short(self) -> int:
        """Agents missing against the peak's need (0 when none or unknown)."""
        if self.need is None or self.agents is None or not self.served:
            return 0
        return max(0, self.need - self.agents)


def language_evidence(
    inputs: EvaluationInput, r: Ranking, vendor: Vendor
) -> list[LanguageEvidence]:
    """Each language of the languages criterion's demand, for one vendor (none when the
    evaluation has no such criterion or the vendor lists no languages)."""
    criterion = languages_criterion(inputs.criteria.criteria)
    if criterion is None or vendor.languages is None:
        return []
    total = sum(criterion.demand.values())
    figures = r.staffing.of(vendor.id) if r.staffing is not None else None
    out = []
    for tag, demand in criterion.demand.items():
        share = 100.0 * demand / total
        offers = [s for s in vendor.languages if tag_matches(tag, s.code)]
        level = max((s.level for s in offers), key=LEVELS.index, default=None)
        served, agents = serves_at(vendor, tag, criterion.min_level)
        need, peak = None, ""
        if figures is not None and r.staffing is not None:
            need = math.ceil(figures.peak_rostered * share / 100 - 1e-9)
            peak = (
                f"{figures.peak_at} {r.staffing.timezone}, {figures.peak_rostered} agents rostered"
            )
        if not served:  # what it offers below the level (or with 0 agents), for the evidence
            counts = [s.agents for s in offers if s.agents is not None]
            agents = sum(counts) if counts else None
        out.append(
            LanguageEvidence(
                vendor.id,
                tag,
                share,
                tag in criterion.required,
                criterion.min_level,
                level,
                agents,
                served,
                need,
                peak,
            )
        )
    return out


def language_risks(
    inputs: EvaluationInput, r: Ranking, vendor: Vendor, make: Make
) -> Iterable[Risk]:
    """A demanded language not served at the minimum level (high when a gate requires it,
    medium otherwise), or served by fewer agents than its share of the peak needs (medium)."""
    criterion = languages_criterion(inputs.criteria.criteria)
    for e in language_evidence(inputs, r, vendor):
        demand = f"{e.tag} is {fmt_num(round(e.share, 1))} % of the contact demand"
        if not e.served:
            offered = (
                "not offered"
                if e.level is None
                else f"offered at {_level(e.level)}{_agents(e.agents)}"
                + (f", below the minimum {e.min_level}" if _below(e.level, e.min_level) else "")
            )
            yield make(
                "high" if e.required else "medium",
                "language-shortfall",
                f"{e.tag} not served at {e.min_level} or better",
                f"{demand}{' (required)' if e.required else ''}; {offered}",
                criterion and criterion.id,
            )
        elif e.short:
            yield make(
                "medium",
                "language-agents",
                f"{e.tag}: {e.agents} agents for a peak need of {e.need}",
                f"{demand}; offered at {_level(e.level)}{_agents(e.agents)}; the peak interval "
                f"({e.peak}) needs {e.need} of them for {e.tag}, {e.short} more than offered",
                criterion and criterion.id,
            )


def _agents(agents: int | None) -> str:
    if agents is None:
        return " (no agent count)"
    return f" with {agents} agent{'s' if agents != 1 else ''}"


def _level(level: Level | None) -> str:
    return "native level" if level == "native" else level or "no level"


def _below(level: Level, floor: Level) -> bool:
    return LEVELS.index(level) < LEVELS.index(floor)


def disagreement_risks(
    inputs: EvaluationInput, r: Ranking, vendor: Vendor, make: Make, consensus: Set[str]
) -> Iterable[Risk]:
    """Evaluators whose scores spread past the rubric's threshold, with their notes: medium,
    low once a consensus sheet has moderated the score. ``consensus``: the evaluators of the
    consensus sheets (``consensus_evaluators``, built once per register)."""
    rubrics = {c.id: c for c in inputs.criteria.criteria if isinstance(c, RubricCriterion)}
    for detail in r.rubrics:
        if detail.vendor != vendor.id or not detail.disagreement:
            continue
        criterion = rubrics[detail.criterion]
        notes = _notes(inputs, vendor.id, detail.criterion)
        scores = ", ".join(
            f"{who} {fmt_num(score)}{_quoted(notes.get(who))}" for who, score in detail.scores
        )
        values = [s for _, s in detail.scores]
        low, high = criterion.scale
        text = (
            f"On {criterion.title}: {scores}; a spread of {fmt_num(max(values) - min(values))} "
            f"on the {fmt_num(low)}-{fmt_num(high)} scale"
        )
        if detail.consensus and detail.value is not None:
            agreed = [f"{who}{_said(note)}" for who, note in notes.items() if who in consensus]
            text += f"; moderated to {fmt_num(detail.value)}" + (
                f" by {'; '.join(agreed)}" if agreed else ""
            )
        yield make(
            "low" if detail.consensus else "medium",
            "evaluator-disagreement",
            f"Evaluators disagree on {criterion.title}",
            text,
            criterion.id,
        )


def _notes(inputs: EvaluationInput, vendor: str, criterion: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for sheet in inputs.scores:
        entry = sheet.scores.get(vendor, {}).get(criterion)
        if entry is not None:
            out[sheet.evaluator] = entry.note if isinstance(entry, NotedScore) else None
    return out


def consensus_evaluators(inputs: EvaluationInput) -> frozenset[str]:
    """The evaluators whose sheets are consensus sheets."""
    return frozenset(s.evaluator for s in inputs.scores if s.consensus)


def _quoted(note: str | None) -> str:
    return f' ("{note}")' if note else ""


def _said(note: str | None) -> str:
    return f': "{note}"' if note else ""


def missing_risks(
    inputs: EvaluationInput, evaluation: Evaluation, row: int | None, vendor: Vendor, make: Make
) -> Iterable[Risk]:
    """A weighted criterion the vendor has no value for, under the `worst` policy: it scores
    as the worst (medium). ``row``: the vendor's row of the evaluation's raw values
    (``risk_model.vendor_rows``; None when it has none)."""
    context = evaluation.context
    if context is None or row is None:
        return
    weights = evaluation.ranking.weights
    for j, criterion in enumerate(inputs.criteria.criteria):
        weight = weights.get(criterion.id, 0.0)
        if criterion.missing != "worst" or weight <= 0 or math.isfinite(context.values[row, j]):
            continue
        yield make(
            "medium",
            "missing-worst",
            f"No value for {criterion.title}",
            f"{vendor.name} gives no value for {criterion.title} ({_source(criterion)}); the "
            f"missing policy `worst` scores it as the worst, on a criterion weighing "
            f"{weight * 100:.1f} %",
            criterion.id,
        )


def _source(criterion: object) -> str:
    if isinstance(criterion, NumericCriterion):
        return criterion.field
    if isinstance(criterion, RubricCriterion):
        return "no evaluator scored it"
    return f"its {getattr(criterion, 'kind', 'data')} data"


def fraction_risks(inputs: EvaluationInput, vendor: Vendor, make: Make) -> Iterable[Risk]:
    """A percentage written as a fraction (the validator's `fraction-percent` rule): medium
    when a weighted criterion reads it, low otherwise."""
    for section, key in VENDOR_PERCENTS:
        value = getattr(getattr(vendor, section), key, None)
        if not looks_like_fraction(value):
            continue
        path = f"{section}.{key}"
        readers = [
            c
            for c in inputs.criteria.criteria
            if isinstance(c, NumericCriterion) and c.field == path and c.weight > 0
        ]
        others = [
            v
            for o in inputs.vendors
            if o.id != vendor.id
            and isinstance(v := getattr(getattr(o, section), key, None), (int, float))
            and v > 1
        ]
        seen = (
            f" while the other vendors give {fmt_num(min(others))}-{fmt_num(max(others))}"
            if others
            else ""
        )
        read = f"; {readers[0].title} reads it as {fmt_num(value)} %" if readers else ""
        yield make(
            "medium" if readers else "low",
            "fraction-percent",
            f"{path} {fmt_num(value)} looks like a fraction",
            f"{path} is {fmt_num(value)}{seen}: percentages are 0-100, so "
            f"{fmt_num(round(float(value or 0) * 100, 9))} % was probably meant{read}",
            readers[0].id if readers else None,
        )

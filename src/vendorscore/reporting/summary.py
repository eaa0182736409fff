"""The executive summary (issue 15, item 1): the decision in money and risk, first in both
report formats. One short paragraph and a few bullets a CFO reads in a minute: the
recommended vendor (and the split award, when one is modelled), its annual and contract
cost, the difference to the runner-up and to the cheapest eligible bid, the top risks, and
how robust the choice is, in words. Every money figure is a ``Figure`` whose value is the
engine's (``Ranking.costs``, ``AwardReport.best``)."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.analysis.award_result import AwardReport
from vendorscore.analysis.summary import Sensitivity, nearest
from vendorscore.formatting import amount, shown_diff
from vendorscore.models.results import CostLine, Ranking
from vendorscore.reporting.figure import Figure, money, none
from vendorscore.reporting.risks import RiskSection, top_risks
from vendorscore.scoring.costlines import cheapest_eligible


@dataclass(frozen=True)
class ExecutiveSummary:
    """The decision in money, risk and robustness."""

    winner: str | None
    """The recommended vendor's name (None: no vendor passed the gates)."""
    headline: str
    """The decision in one sentence: whom we recommend (or that nobody passed the gates)."""
    paragraph: str
    """What it costs and how robust it is, in two or three sentences ("" without a winner)."""
    bullets: tuple[str, ...]
    """Cost, award, exclusions, risks, robustness."""
    currency: str
    """The base currency of the money figures."""
    annual: Figure
    """The recommended vendor's annual cost (value None when nothing is priced)."""
    contract_total: Figure
    """And over the contract."""
    versus_runner_up: Figure
    """Annual, recommended minus runner-up (None: no runner-up/price)."""
    versus_cheapest: Figure
    """Annual, recommended minus the cheapest eligible bid."""
    award_annual: Figure
    """The split award's annual cost (None without an award)."""
    level: str
    """Robust | moderate | fragile | none."""
    risks: tuple[str, ...]
    """The top risks of the recommended vendor(s), in words."""


def _money(value: float | None, currency: str) -> Figure:
    return none() if value is None else money(value, currency)


def _more_or_less(diff: float, currency: str) -> str:
    if diff == 0:
        return "the same a year"
    return f"{amount(abs(diff), currency)} a year {'more' if diff > 0 else 'less'}"


def _cost_sentences(
    r: Ranking, line: CostLine
) -> tuple[str, list[str], float | None, float | None]:
    """The cost sentence of the paragraph, cost bullets, and the differences to the runner-up
    and to the cheapest eligible bid (between the whole units printed)."""
    cur = r.currency
    costs = {c.id: c for c in r.costs}
    text = (
        f"It costs {amount(line.annual, cur)} a year, {amount(line.contract_total, cur)} over "
        f"the {line.contract_years:g}-year contract"
    )
    bullets = []
    runner = r.ranking[1] if len(r.ranking) > 1 else None
    diff = None
    if runner is not None and runner.id in costs:
        diff = shown_diff(line.annual, costs[runner.id].annual)
        over = shown_diff(line.contract_total, costs[runner.id].contract_total)
        bullets.append(
            f"Against the runner-up, {runner.name} ({amount(costs[runner.id].annual, cur)} a "
            f"year): {_more_or_less(diff, cur)}"
            + ("." if diff == 0 else f", {amount(abs(over), cur)} over the contract.")
        )  # fmt: skip
    cheapest = cheapest_eligible(r)
    versus = None
    if cheapest is not None:
        versus = shown_diff(line.annual, cheapest.annual)
        if cheapest.id == line.id:
            text += "; it is also the cheapest eligible bid"
        else:
            bullets.append(
                f"Against the cheapest eligible bid, {cheapest.name} "
                f"({amount(cheapest.annual, cur)} a year): {_more_or_less(versus, cur)} for "
                "a higher score."
            )
    return text + ".", bullets, diff, versus


def _robustness(s: Sensitivity, winner: str, labels: dict[str, str]) -> tuple[str, list[str]]:
    """The robustness sentence of the paragraph (in words), and the closest threshold."""
    rob = s.robustness
    words = {"robust": "robust", "moderate": "moderately robust", "fragile": "fragile"}
    share = float(s.smaa.acceptability[0, 0]) if s.smaa.vendors else 0.0
    if rob.level not in words:
        return rob.summary, []
    what = "the weights" if s.smaa.data is None else "the weights and the uncertain figures"
    text = (
        f"The choice is {words[rob.level]}: {winner} ranks first in {share * 100:.0f} % of "
        f"{s.smaa.samples:,} simulations that vary {what}."
    )
    closest = nearest(s.stability)
    if closest is None:
        return text, ["No change to any single weight takes first place from it."]
    interval, bound = closest
    verb = "fell below" if bound < interval.weight else "rose above"
    return text, [
        f"It would lose first place only if the weight of {labels[interval.criterion]} "
        f"{verb} {bound * 100:.1f} % (now {interval.weight * 100:.1f} %), other weights "
        "rescaled in proportion; no smaller change to a single weight does it."
    ]


def _award_bullet(award: AwardReport | None) -> tuple[str | None, float | None]:
    if award is None or award.best is None:
        return (
            None if award is None else "Split award: no award satisfies the rules (see Award).",
            None,
        )
    best = award.best
    cur = award.currency
    text = (
        f"Split award modelled: {best.summary()}, {amount(best.cost, cur)} a year "
        f"({amount(best.cost * award.contract_years, cur)} over the contract)"
    )
    if award.splitting is not None and award.splitting.comparator is not None:
        diff = award.splitting.difference
        against = (
            "the best single vendor"
            if award.splitting.against == "single vendor"
            else "the best award that splits no segment"
        )
        text += f", {amount(abs(diff), cur)} a year {'more' if diff > 0 else 'less'} than {against}"
    if award.unserved:
        text += "; unserved: " + ", ".join(f"{seg} ({pct:g} %)" for seg, pct, _ in award.unserved)
    return text + ".", best.cost


def _headline(winner: str, eligible: int) -> str:
    if eligible > 1:
        return f"We recommend {winner}, first of {eligible} eligible vendors."
    return f"We recommend {winner}, the only vendor that passed the gates."


def executive_summary(
    r: Ranking,
    s: Sensitivity,
    award: AwardReport | None = None,
    risks: RiskSection | None = None,
    exclusions: str | None = None,
) -> ExecutiveSummary:
    """The summary of a ranking, its analysis, its award and its risk register;
    ``exclusions`` is what excluding the cheapest bid costs (``excluded.exclusion_cost``)."""
    cur = r.currency
    winner = r.winner
    award_text, award_cost = _award_bullet(award)
    dash = none()
    if winner is None:
        return ExecutiveSummary(
            None, "No vendor passed the gates: there is no recommendation.", "",
            tuple(b for b in (exclusions, award_text) if b), cur,
            dash, dash, dash, dash, _money(award_cost, cur), "none", (),
        )  # fmt: skip
    line = next((c for c in r.costs if c.id == winner.id), None)
    headline = _headline(winner.name, len(r.ranking))
    paragraph: list[str] = []
    bullets: list[str] = []
    runner_diff = versus = None
    if line is not None:
        sentence, figures, runner_diff, versus = _cost_sentences(r, line)
        paragraph.append(sentence)
        bullets += figures
    labels = {c.id: c.label for c in r.criteria}
    robust, threshold = _robustness(s, winner.name, labels)
    paragraph.append(robust)
    bullets += [b for b in (award_text, exclusions) if b]
    ids = {winner.id} | (set(award.best.vendors) if award and award.best else set())
    top = tuple(
        f"{k.vendor_name}: {k.title} ({k.severity})"
        for k in (top_risks(risks.rows, ids) if risks is not None else ())
    )
    if top:
        bullets.append("Top risks: " + "; ".join(top) + ".")
    bullets += threshold
    return ExecutiveSummary(
        winner=winner.name,
        headline=headline,
        paragraph=" ".join(paragraph),
        bullets=tuple(bullets),
        currency=cur,
        annual=_money(line.annual if line else None, cur),
        contract_total=_money(line.contract_total if line else None, cur),
        versus_runner_up=_money(runner_diff, cur),
        versus_cheapest=_money(versus, cur),
        award_annual=_money(award_cost, cur),
        level=s.robustness.level,
        risks=top,
    )

"""The award in words: the headline, the settings, the findings and the conflict as plain
sentences, shared by `vendorscore award`'s views and the report (each escapes them for its
format)."""

from __future__ import annotations

from vendorscore.analysis.award_result import AwardReport
from vendorscore.formatting import MISSING, amount, fmt_num


def share_cell(value: float) -> str:
    """A share of a segment: ``57.8 %``."""
    return f"{value:.1f} %"


def money(value: float | None, currency: str) -> str:
    return MISSING if value is None else amount(value, currency)


def headline(r: AwardReport) -> str:
    """The recommendation in one sentence."""
    if r.best is None:
        return "No award satisfies the rules."
    years = fmt_num(r.contract_years)
    total = amount(r.best.cost * r.contract_years, r.currency)
    proven = "" if r.best.optimal else " (best found in the time limit, not proven optimal)"
    return (
        f"Recommended award{proven}: {r.best.summary()}; {amount(r.best.cost, r.currency)} a "
        f"year ({total} over {years} years), volume-weighted score {r.best.score:.2f}."
    )


def settings_lines(r: AwardReport) -> list[str]:
    """Objective, cost model, rules, segments and who is out, as short lines."""
    lines = [
        f"Objective: {r.objective} · cost model: {r.cost_model} ({r.grid})",
        "Rules: " + ("; ".join(r.rules) if r.rules else "none"),
        "Segments: "
        + ", ".join(
            f"{sid} {fmt_num(round(p, 2))} % ({c:,.0f} contacts)" for sid, p, c in r.segments
        )
        + f"; a language served at {r.level} or better",
    ]
    lines += [
        f"Not awarded: {sid} ({fmt_num(round(p, 2))} % of contacts): {why}"
        for sid, p, why in r.unserved
    ]
    lines += [f"Cannot be awarded: {vid}: {why}" for vid, why in r.excluded]
    return lines


def finding_lines(r: AwardReport) -> list[str]:
    """The sentences under the portfolio: resilience, splitting, binding rules, linear view."""
    out = []
    if r.best is not None:
        years = fmt_num(r.contract_years)
        out.append(
            f"The annual cost includes the awarded vendors' setup fees spread over {years} "
            f"years: {amount(r.best.setup, r.currency)} a year."
        )
        if r.best.staffed_cost is not None:
            exact = amount(r.best.staffed_cost, r.currency)
            out.append(f"Staffed exactly at its shares, this award costs {exact} a year.")
        out.append(f"Resilience: {r.resilience}.")
    if r.splitting is not None:
        out.append(f"Price of splitting: {r.splitting.sentence}")
    out += [e.sentence for e in r.effects if e.without is not None]
    if r.linear is not None and r.linear_claim is not None and r.best is not None:
        out.append(linear_sentence(r))
    out += list(r.notes)
    return out


def linear_sentence(r: AwardReport) -> str:
    assert r.linear is not None
    assert r.linear_claim is not None
    assert r.best is not None
    if r.linear.vendors == r.best.vendors and all(
        abs(r.linear.shares().get(k, 0.0) - v) < 1e-4 for k, v in r.best.shares().items()
    ):
        return "A per-unit (linear) optimiser would pick the same award."
    mine = r.best.staffed_cost if r.best.staffed_cost is not None else r.best.cost
    extra = round(r.linear.cost - mine)
    sign = "+" if extra >= 0 else "-"
    text = (
        f"A per-unit (linear) optimiser would pick {r.linear.summary()}, believing it costs "
        f"{amount(r.linear_claim, r.currency)} a year; staffed exactly, it costs "
        f"{amount(r.linear.cost, r.currency)} ({sign}{amount(abs(extra), r.currency)} against "
        "this award staffed exactly)"
    )
    if r.linear_breaches:
        cheaper = " it is cheaper only because" if extra < 0 else ""
        text += f", and{cheaper} it breaks the vendors' limits once staffed: " + "; ".join(
            r.linear_breaches
        )
    return text + "."


def conflict_lines(r: AwardReport) -> list[str]:
    c = r.conflict
    if c is None:
        return []
    out = []
    if len(c.rules) == 1:
        out.append("This rule cannot hold: " + c.rules[0] + ".")
    elif c.rules:
        out.append("These rules cannot hold together: " + "; ".join(c.rules) + ".")
    if c.relaxers:
        out.append(
            "Relaxing any one of these makes an award possible: " + "; ".join(c.relaxers) + "."
        )
    out += [f"Why: {reason}." for reason in c.reasons]
    return out

"""Every vendor's cost breakdown as the report and `explain` show it (issue 15, item 2): the
quote, the exchange rate and its date, the volume the unit is applied to, the run-rate, the
setup fee and its share a year, the annual cost and the contract total, and under a staffing
model the implied occupancy and peak. Each number is a ``Figure``: the raw value for a custom
template, the text the packaged ones print. The lines come from ``Ranking.costs``
(``scoring/costlines.py``), so they add up to the cost criterion's raw value."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.formatting import MISSING, amount, shown_diff
from vendorscore.models.results import CostLine, Ranking
from vendorscore.reporting.figure import Figure, money
from vendorscore.scoring.costlines import report_order


@dataclass(frozen=True)
class CostRow:
    """One vendor's cost, line by line (money in the base currency unless it says otherwise)."""

    id: str
    """The vendor's id."""
    name: str
    """The vendor's name."""
    excluded: bool
    """The vendor fails a gate (its cost is shown all the same)."""
    quote: str
    """The rate as quoted: "11.50 GBP per productive hour"."""
    rate: Figure
    """In ``quote_currency`` per ``unit``."""
    unit: str
    """The pricing unit, e.g. per_productive_hour."""
    quote_currency: str
    """The currency of the quote (ISO 4217)."""
    fx: Figure
    """Base-currency units per one ``quote_currency`` ("none" in the base currency)."""
    fx_as_of: str
    """The date of the rate ("" when nothing is converted or no date is stated)."""
    volume: Figure
    """What the rate is applied to, a year: "84,024 staffed hours"."""
    run_rate: Figure
    """Rate x volume x fx, a year."""
    setup_fee: Figure
    """As quoted, in ``quote_currency``."""
    setup_per_year: Figure
    """The setup fee spread over the contract, base currency."""
    annual: Figure
    """Run-rate + setup a year: the cost criterion's raw value."""
    contract_total: Figure
    """Annual x contract years."""
    contract_years: Figure
    """The contract's length in years (``3 years``)."""
    occupancy: Figure
    """Implied occupancy under a staffing model, % (value None otherwise)."""
    peak_rostered: Figure
    """The peak interval's rostered agents (value None otherwise)."""


@dataclass(frozen=True)
class CostSection:
    """The report's cost breakdown: ranked vendors in ranking order, then the excluded."""

    currency: str
    """The base currency every total is in."""
    contract_years: Figure
    """The contract's length in years."""
    rows: tuple[CostRow, ...]
    """Every priced vendor: ranked ones in ranking order, then the excluded."""
    staffed: bool
    """Occupancy and peak columns have values (a staffing model)."""


def rate_text(rate: float) -> str:
    """A quoted rate: two decimals, up to four when the quote has them (0.3625)."""
    text = f"{rate:,.4f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


UNIT_WORDS = {"per_fte_month": "per FTE-month", "per_minute": "per handled minute"}


def unit_words(unit: str) -> str:
    """``per_productive_hour`` as words: ``per productive hour``, ``per FTE-month``."""
    return UNIT_WORDS.get(unit, unit.replace("_", " "))


def fx_text(line: CostLine, currency: str) -> str:
    """``1.27 USD per GBP (as of 2026-11-01)``, or ``none (quoted in USD)``."""
    if line.quote_currency == currency:
        return f"none (quoted in {currency})"
    dated = f" (as of {line.fx_as_of.isoformat()})" if line.fx_as_of else " (date not stated)"
    return f"{line.fx:g} {currency} per {line.quote_currency}{dated}"


def _quantity(value: float) -> str:
    """Whole units, one decimal below 10,000 (853.2 FTE-months)."""
    return f"{value:,.0f}" if value >= 10_000 or value == int(value) else f"{value:,.1f}"


def cost_row(line: CostLine, currency: str) -> CostRow:
    """One line of ``Ranking.costs`` as figures."""
    years = f"{line.contract_years:g}"
    return CostRow(
        id=line.id,
        name=line.name,
        excluded=line.excluded,
        quote=f"{rate_text(line.rate)} {line.quote_currency} {unit_words(line.unit)}",
        rate=Figure(line.rate, rate_text(line.rate)),
        unit=line.unit,
        quote_currency=line.quote_currency,
        fx=Figure(line.fx, fx_text(line, currency)),
        fx_as_of=line.fx_as_of.isoformat() if line.fx_as_of else "",
        volume=Figure(line.quantity, f"{_quantity(line.quantity)} {line.quantity_unit}"),
        # printed as the annual cost less the setup share, each in whole units, so the row adds
        # up as printed (1,009,090 + 8,333 = 1,017,423 would read one short of 1,017,424)
        run_rate=Figure(
            line.run_rate, amount(shown_diff(line.annual, line.setup_per_year), currency)
        ),
        setup_fee=Figure(line.setup_fee, f"{line.setup_fee:,.0f} {line.quote_currency}"),
        setup_per_year=money(line.setup_per_year, currency),
        annual=money(line.annual, currency),
        contract_total=money(line.contract_total, currency),
        contract_years=Figure(line.contract_years, f"{years} year{'' if years == '1' else 's'}"),
        occupancy=Figure(
            line.occupancy, MISSING if line.occupancy is None else f"{line.occupancy:.1f} %"
        ),
        peak_rostered=Figure(
            line.peak_rostered,
            MISSING if line.peak_rostered is None else f"{line.peak_rostered:,}",
        ),
    )


def cost_section(r: Ranking) -> CostSection | None:
    """The breakdown of every priced vendor (None when the evaluation prices nothing)."""
    if not r.costs:
        return None
    lines = report_order(r)
    years = lines[0].contract_years
    return CostSection(
        currency=r.currency,
        contract_years=Figure(years, f"{years:g}"),
        rows=tuple(cost_row(c, r.currency) for c in lines),
        staffed=any(c.occupancy is not None for c in lines),
    )

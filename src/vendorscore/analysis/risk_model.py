"""What the risk register is made of: a risk, its severity, the contract term it reads."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from vendorscore.criteria.file import CriteriaFile

if TYPE_CHECKING:
    from vendorscore.scoring.evaluation import Evaluation

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Risk:
    """One computed risk of one vendor: how bad, what, and the evidence behind it.

    Text from the input files (names, notes, certificate names) stays plain text here; every
    view escapes it for its own format."""

    severity: Severity
    code: str  # certificate-expires, coverage-gap, language-shortfall, ... (README)
    vendor: str  # the vendor's id
    vendor_name: str
    title: str  # one short line
    evidence: str  # the facts and figures behind it, in a sentence or two
    criterion: str | None  # the criterion it bears on, by id
    rank: int | None  # the vendor's rank; None when it is excluded

    @property
    def excluded(self) -> bool:
        """The vendor failed a gate (its risks are listed all the same)."""
        return self.rank is None


# One vendor's risk from (severity, code, title, evidence, criterion=None): the register binds
# the vendor and its rank.
Make = Callable[..., Risk]


def vendor_rows(evaluation: Evaluation) -> dict[str, int]:
    """Each vendor's row of the evaluation's raw values (ranked and excluded), built once per
    register rather than searched for each vendor."""
    rows: dict[str, int] = {}
    if evaluation.context is not None:
        for i, vendor in enumerate(evaluation.context.vendors):
            rows.setdefault(vendor.id, i)  # the first, as a search would find
    return rows


@dataclass(frozen=True)
class Term:
    """The contract term the register reads dates over: from the evaluation date, for the
    workload's contract years (one year when it names none, as the costs read it); coverage
    is read over its first year."""

    start: date
    end: date  # the last day of the term
    months: int
    first_year_end: date  # the last day of the term's first year

    def months_in(self, day: date) -> str:
        """How far into the term a day falls: ``4 months into``, ``12 days into``, ``on the
        first day of``."""
        days = (day - self.start).days
        months = round(days / 30.4375)
        if months >= 1:
            return f"{months} month{'s' if months != 1 else ''} into"
        if days == 0:
            return "on the first day of"
        return f"{days} day{'s' if days != 1 else ''} into"

    @property
    def text(self) -> str:
        """``the 36-month term from 2027-02-01 to 2030-01-31``."""
        return f"the {self.months}-month term from {self.start} to {self.end}"


def contract_term(criteria: CriteriaFile, start: date) -> Term:
    """The term that starts on ``start`` (the evaluation date)."""
    workload = criteria.workload
    years = workload.term_years if workload else 1.0
    months = max(1, round(years * 12))
    end = add_months(start, months) - timedelta(days=1)
    first = min(end, add_months(start, 12) - timedelta(days=1))
    return Term(start, end, months, first)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

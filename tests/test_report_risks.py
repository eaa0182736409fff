"""The risk register in the rendered report (issue 15, item 4), on the bundled example and the
fashion project: a certificate expiring mid-contract is a risk, a coverage gap is said in
hours on the customer's clock, language evidence and each vendor's risks are on its card."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import CliRunner

FASHION = Path(__file__).parent / "data" / "fashion"


def _report(cli: CliRunner, project: str, out: Path) -> str:
    result = cli("report", project, "-o", str(out), "--samples", "200")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    if out.suffix == ".md":
        return html.unescape(re.sub(r"\\(.)", r"\1", text))
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


@pytest.mark.parametrize("suffix", ["md", "html"])
@pytest.mark.parametrize(
    ("project", "certificate", "gap"),
    [
        # Mabuhay's PCI DSS (required) expires 2027-05-31, 4 months into the term from
        # 2027-01-15; Andes covers 07:00-23:00 Bogotá (UTC-5, no DST): New York 07-23 on EST,
        # 08-24 on EDT; against 06-24 New York it misses 06-07 every day, 07-08 in summer
        # (EDT) and 23-24 in winter (EST)
        (
            "--example",
            "PCI DSS expires 4 months into the contract",
            "Misses 06:00–07:00 every day; 07:00–08:00 in summer only; 23:00–24:00 in winter only",
        ),
        # Vistula's PCI DSS v4.0.1 expires 2027-05-31, 4 months into the term from 2027-02-01;
        # Atlas serves 08:00-22:00 Tunis (UTC+1, no DST): Berlin 08-22 on CET, 09-23 on CEST;
        # against 07-22 Berlin it misses 07-08 every day and 08-09 in summer
        (
            str(FASHION),
            "PCI DSS v4.0.1 expires 4 months into the contract",
            "Misses 07:00–08:00 every day; 08:00–09:00 in summer only (Europe/Berlin)",
        ),
    ],
)
def test_the_register_names_expiries_and_gaps_in_hours(
    cli: CliRunner, tmp_path: Path, suffix: str, project: str, certificate: str, gap: str
) -> None:
    text = _report(cli, project, tmp_path / f"r.{suffix}")
    register = _section(text, "Risk register", "Vendor scorecards")
    assert certificate in register
    assert gap in register
    assert re.search(r"\d+ high, \d+ medium and \d+ low risks", register)


def test_the_summary_names_the_winners_top_risk(cli: CliRunner, tmp_path: Path) -> None:
    text = _report(cli, str(FASHION), tmp_path / "r.md")
    summary = _section(text, "## Summary", "## Recommendation")
    assert "Top risks: Vistula Multilingual Customer Experience Centres Sp. z o.o.: " in summary
    assert "PCI DSS v4.0.1 expires 4 months into the contract (high)" in summary


def test_each_card_has_its_language_evidence_and_risks(cli: CliRunner, tmp_path: Path) -> None:
    text = _report(cli, str(FASHION), tmp_path / "r.md")
    atlas = _section(text, "### Atlas Nearshore Relation Client SARL", "### Port Louis")
    # German is 45 % of demand; Atlas declares 14 agents at B2; the peak needs 24
    assert "| de (required) | 45 % | B2 | 14 | 24 | short of 10 agents at peak |" in atlas
    assert "| nl | 10 % | — | — | 6 | not served at B2 |" in atlas
    assert "Risk (medium): No value for First-contact resolution" in atlas
    assert "Vistula" not in atlas  # another vendor's risks stay on its own card

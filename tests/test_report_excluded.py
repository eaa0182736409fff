"""Excluded vendors keep their numbers in the report (issue 15, item 3), and the report says
what the exclusions cost when the cheapest bid is among them."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import CliRunner


def _report(cli: CliRunner, project: str, out: Path) -> str:
    assert cli("report", project, "-o", str(out), "--samples", "200").code == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_every_excluded_vendor_has_its_cost_and_values(
    cli: CliRunner, tmp_path: Path, suffix: str
) -> None:
    text = _report(cli, "--example", tmp_path / f"r.{suffix}")
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    section = text[text.index("Excluded vendors") :]
    for x in doc["excluded"]:
        line = next(c for c in doc["costs"] if c["id"] == x["id"])
        assert f"{line['annual']:,.0f} USD" in section, x["id"]
    assert "First-contact resolution 70" in section  # Kaveri's FCR, though it is excluded
    assert "The cheapest bid" not in text  # the example's cheapest bid is eligible


def test_an_excluded_cheapest_bid_is_priced_against_the_cheapest_eligible(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    path = project / "vendors" / "kaveri.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rate: 1550", "rate: 500"), encoding="utf-8")
    doc = json.loads(cli("rank", str(project), "--format", "json").out)
    costs = {c["id"]: c for c in doc["costs"]}
    assert min(costs.values(), key=lambda c: c["annual"])["id"] == "kaveri"
    eligible = min((c for c in costs.values() if not c["excluded"]), key=lambda c: c["annual"])
    more = round(eligible["annual"]) - round(costs["kaveri"]["annual"])  # as printed
    report = _report(cli, str(project), tmp_path / "r.md")
    assert (
        f"The cheapest bid, Kaveri Support Services at {costs['kaveri']['annual']:,.0f} USD a "
        "year, is excluded (Certifications: lacks required PCI DSS)."
    ) in report
    assert f"the exclusions cost {more:,.0f} USD a year" in report


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_the_fashion_projects_excluded_cheapest_bid_keeps_its_numbers(
    cli: CliRunner, tmp_path: Path, suffix: str
) -> None:
    """The second test project: Coral Bay, the cheapest bid, is out on the language gate."""
    project = str(Path(__file__).parent / "data" / "fashion")
    text = html.unescape(re.sub(r"\\(.)", r"\1", _report(cli, project, tmp_path / f"r.{suffix}")))
    doc = json.loads(cli("rank", project, "--format", "json").out)
    costs = {c["id"]: c for c in doc["costs"]}
    assert min(costs.values(), key=lambda c: c["annual"])["id"] == "coral-bay"
    section = text[text.index("Excluded vendors") :]
    for x in doc["excluded"]:
        assert f"{costs[x['id']]['annual']:,.0f} EUR" in section, x["id"]
    eligible = min((c for c in costs.values() if not c["excluded"]), key=lambda c: c["annual"])
    more = round(eligible["annual"]) - round(costs["coral-bay"]["annual"])  # as printed
    assert f"the exclusions cost {more:,.0f} EUR a year" in section

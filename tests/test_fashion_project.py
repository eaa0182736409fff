"""The second test project (issue 15): an online fashion retailer expanding to Germany and
France, six vendors quoting in EUR, PLN, GBP and USD, long names, and the cheapest bid
excluded by the language gate. It validates with only its intended warning and ranks as
designed; other tests (the report, the risk register) build on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, CliRunner
from vendorscore.services.project import Selection, load

FASHION = DATA / "fashion"


def test_it_validates_with_only_the_intended_fraction_warning(cli: CliRunner) -> None:
    result = cli("validate", str(FASHION))
    assert result.code == 0
    (line,) = result.out.splitlines()  # diagnostics on stdout, the summary on stderr
    assert line.endswith(
        "vendors/thames-severn.yaml:28:17: warning: csat is 0.86 %, which looks like a fraction: "
        "percentages are 0-100 in vendorscore (if you meant 86 %, write 86) [fraction-percent]"
    )
    assert result.err.strip() == "0 errors, 1 warning in 10 files"


def test_it_ranks_as_designed(cli: CliRunner) -> None:
    result = cli("rank", str(FASHION), "--format", "json")
    assert result.code == 0
    doc = json.loads(result.out)
    assert doc["currency"] == "EUR"
    ranked = [v["id"] for v in doc["ranking"]]
    assert ranked[0] == "vistula-polska"
    assert sorted(ranked) == ["atlas-tunis", "port-louis", "rhein-ruhr", "thames-severn",
                              "vistula-polska"]  # fmt: skip
    # the cheapest bid of all is excluded, by the language gate only
    costs = {c["id"]: c for c in doc["costs"]}
    assert min(costs.values(), key=lambda c: c["annual"])["id"] == "coral-bay"
    assert [x["id"] for x in doc["excluded"]] == ["coral-bay"]
    (reason,) = doc["excluded"][0]["reasons"]
    assert "lacks required de at B2 or better (offered at A2)" in reason
    # four quote currencies, converted at the criteria file's rates
    assert {c["quote_currency"] for c in costs.values()} == {"EUR", "PLN", "GBP", "USD"}
    assert costs["vistula-polska"]["fx"] == 0.232
    codes = [w["code"] for w in doc["warnings"]]
    assert codes.count("evaluator-disagreement") == 1
    assert codes.count("missing-worst") == 1  # Atlas reports no FCR
    assert codes.count("fraction-percent") == 1


def test_names_and_labels_are_long() -> None:
    """Charts and tables are tested against names of ordinary length (45-70 characters)."""
    inputs = load(Selection(str(FASHION))).inputs
    long_names = [v.name for v in inputs.vendors if 45 <= len(v.name) <= 70]
    long_labels = [c.title for c in inputs.criteria.criteria if 45 <= len(c.title) <= 70]
    assert len(long_names) >= 4
    assert len(long_labels) >= 4


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_it_reports_without_error(cli: CliRunner, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report.{suffix}"
    assert cli("report", str(FASHION), "-o", str(out), "--samples", "200").code == 0
    text = out.read_text(encoding="utf-8")
    assert "Vistula Multilingual Customer Experience Centres Sp. z o.o." in text
    assert "The cheapest bid, Coral Bay Omnichannel Support Services Philippines Inc." in text

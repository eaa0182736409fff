"""Registries: every criterion kind and method walks through schema, sheet, import, rank,
explain and report; a toy kind registered in a test gets its schema tag, CLI choice, sheet
column and README row without touching any other file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field

from tests.builders import write_project
from tests.conftest import EXAMPLE, CliRunner
from vendorscore.cli.reference import kinds_table
from vendorscore.criteria import registry
from vendorscore.criteria.base import CriterionBase, Kind, RawContext, RawValue, per_vendor
from vendorscore.criteria.file import CriteriaFile
from vendorscore.exchange.rows import layout
from vendorscore.loading.schema import json_schema
from vendorscore.loading.yamlio import read_document
from vendorscore.models.choices import METHODS
from vendorscore.models.fields import vendor_value
from vendorscore.models.vendor import Vendor


def _kinds_in_schema() -> set[str]:
    schema = json_schema("criteria")
    mapping = schema["properties"]["criteria"]["items"]["discriminator"]["mapping"]
    return set(mapping)


def test_every_kind_is_in_the_schema_and_the_example() -> None:
    names = [k.name for k in registry.KINDS]
    assert set(names) == _kinds_in_schema()
    used = {
        c["kind"] for c in read_document(next(EXAMPLE.glob("criteria/*.yaml"))).data["criteria"]
    }
    assert set(names) <= used, "the example project must use every kind so the walk covers it"


@pytest.mark.parametrize("method", METHODS)
def test_every_kind_and_method_walks_through_rank_explain_and_report(
    cli: CliRunner, tmp_path: Path, method: str
) -> None:
    ranked = json.loads(cli("rank", "--example", "--method", method, "-f", "json").out)
    assert ranked["method"] == method
    kinds = {
        c["id"]: c["kind"]
        for c in read_document(next(EXAMPLE.glob("criteria/*.yaml"))).data["criteria"]
    }
    first = ranked["ranking"][0]
    assert set(first["criteria"]) == set(kinds)
    assert {kinds[c] for c, cell in first["criteria"].items() if cell["raw"] is not None} == set(
        kinds.values()
    )
    a, b = ranked["ranking"][0]["id"], ranked["ranking"][1]["id"]
    explained = json.loads(cli("explain", a, b, "--example", "--method", method, "-f", "json").out)
    assert {row["id"] for row in explained["criteria"]} == set(kinds)
    out = tmp_path / "report.md"
    result = cli("report", "--example", "--method", method, "--samples", "200", "-o", str(out))
    assert result.code == 0, result.err
    text = out.read_text()
    assert all(f"` · {kind} · " in text for kind in set(kinds.values()))


def test_every_kind_names_its_sheet_columns() -> None:
    criteria = CriteriaFile.model_validate(
        read_document(next(EXAMPLE.glob("criteria/*.yaml"))).data, strict=False
    )
    columns = {c.header for c in layout(criteria).columns}
    demanded = {t for c in criteria.criteria for t in registry.kind_of(c).sheet_languages(c)}
    assert demanded  # the example's languages criterion asks for language columns
    assert all(f"language {t} level" in columns for t in demanded)
    assert all(f"language {t} agents" in columns for t in demanded)


# --- a toy kind, declared in this file only ------------------------------------------------


class ToyCriterion(CriterionBase):
    """Stars a vendor gave itself (a toy): the number at metrics.<name>, 0..5."""

    kind: Literal["toy"]
    metric: str = Field(description="Which metric holds the stars.")


def _stars(criterion: ToyCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    value = vendor_value(vendor, f"metrics.{criterion.metric}")
    return RawValue(None if value is None else float(value))


def _fields(criterion: ToyCriterion) -> Sequence[str]:
    return (f"metrics.{criterion.metric}",)


TOY = Kind(
    name="toy",
    model=ToyCriterion,
    summary="stars a vendor gave itself (a test's toy kind)",
    raw=per_vendor(_stars),
    unit=lambda criterion, currency: "stars",
    scale=lambda criterion: (0.0, 5.0),
    sheet_fields=_fields,
)


@pytest.fixture
def toy() -> Iterator[Kind]:
    registry.register(TOY)
    try:
        yield TOY
    finally:
        registry.unregister("toy")
    assert "toy" not in _kinds_in_schema()


def _toy_project(root: Path) -> Path:
    return write_project(
        root,
        """\
        criteria:
          - {id: stars, kind: toy, metric: stars, weight: 60}
          - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 40}
        """,
        [
            "id: a\nname: A\nmetrics: {stars: 5}\nkpis: {fcr: 70}\n",
            "id: b\nname: B\nmetrics: {stars: 2.5}\nkpis: {fcr: 80}\n",
        ],
    )


def test_a_toy_kind_gets_its_derived_parts(toy: Kind, cli: CliRunner, tmp_path: Path) -> None:
    assert "toy" in _kinds_in_schema()  # the discriminated union's tag
    schema = json.loads(cli("schema", "toy").out)  # the CLI choice
    assert schema["properties"]["kind"]["const"] == "toy"
    assert "metric" in schema["required"]
    assert "| `toy` | stars a vendor gave itself" in kinds_table()  # the README's row
    project = _toy_project(tmp_path / "p")
    ranked = json.loads(cli("rank", str(project), "-f", "json").out)
    # absolute over the declared 0..5 scale: a = 60*1 + 40*0 = 60; b = 60*0.5 + 40*1 = 70
    assert [(v["id"], v["score"]) for v in ranked["ranking"]] == [("b", 70.0), ("a", 60.0)]
    assert ranked["ranking"][0]["criteria"]["stars"]["raw"] == 2.5
    # the response sheet asks for the metric, and importing it back ranks the same
    sheet = tmp_path / "sheet.xlsx"
    assert cli("sheet", str(project), "--fill", "-o", str(sheet)).code == 0
    import openpyxl

    headers = [c.value for c in openpyxl.load_workbook(sheet)["Vendors"][1]]
    assert "metric stars" in headers
    again = tmp_path / "again"
    shutil.copytree(project / "criteria", again / "criteria")
    (again / "vendors").mkdir()
    assert cli("import", str(sheet), "-o", str(again / "vendors")).code == 0
    assert json.loads(cli("rank", str(again), "-f", "json").out)["ranking"] == ranked["ranking"]


def test_an_unregistered_kind_is_an_error_naming_the_kinds(cli: CliRunner, tmp_path: Path) -> None:
    project = _toy_project(tmp_path / "p")
    result = cli("validate", str(project))
    assert result.code == 1
    assert "unknown criterion kind 'toy'" in result.out
    assert "rubric" in result.out


def test_list_and_mapping_defaults_are_fresh_for_every_file() -> None:
    """The default factories (``empty_list``/``empty_dict``, functions so that pydantic need
    not parse a builtin's signature) give each model its own container."""
    from vendorscore.criteria.points import SetCriterion

    data = {"kind": "set", "weight": 1, "field": "channels"}
    first = SetCriterion.model_validate({"id": "a", **data})
    second = SetCriterion.model_validate({"id": "b", **data})
    assert first.points == {}
    assert first.required == []
    assert first.aliases == {}
    assert first.points is not second.points
    assert first.required is not second.required

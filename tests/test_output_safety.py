"""One cell-safety rule for every output: hostile vendor names are neutral in CSV, xlsx,
Markdown and HTML alike (and every view the output registry names exists)."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRunner

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tTab first",
    "\rCarriage return first",
    "a|b",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "first line\nsecond line",
]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = re.compile(r"^(rank|score|.+\.(raw|utility|contribution))$")


def _set(text: str, key: str, value: str) -> str:
    """``text`` with its top-level ``key:`` line set to ``value`` (YAML double-quoted)."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}: "))
    lines[at] = f"{key}: {json.dumps(value)}\n"  # a JSON string is a YAML double-quoted scalar
    return "".join(lines)


def hostile_project(cli: CliRunner, root: Path) -> Path:
    """The bundled example, its vendors renamed (and copied) until every name is used."""
    assert cli("init", str(root), "-q").code == 0
    vendors = root / "vendors"
    template = (vendors / "andes.yaml").read_text()
    for n in range(len(HOSTILE) - len(list(vendors.glob("*.yaml")))):
        (vendors / f"extra-{n}.yaml").write_text(_set(template, "id", f"extra-{n}"))
    for path, name in zip(sorted(vendors.glob("*.yaml")), HOSTILE, strict=True):
        path.write_text(_set(path.read_text(), "name", name))
    return root


def check_csv(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    result = cli("rank", str(project), "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == len(HOSTILE)
    for row in rows:
        for column, cell in row.items():
            if not NUMERIC.match(column):  # numbers are written as numbers
                assert not cell.startswith(FORMULA), (column, cell)


def check_xlsx(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "f.xlsx"
    result = cli("rank", str(project), "--format", "xlsx", "-o", str(out))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    names = [c.value for c in book["Ranking"]["C"][1:]] + [
        c.value for c in book["Excluded"]["B"][1:]
    ]
    assert len(set(names)) == len(HOSTILE)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA[:4]), (sheet.title, cell.value)


def check_md(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    result = cli("rank", str(project), "--format", "md")
    assert result.code == 0, result.err
    rows = [line for line in result.out.splitlines() if line.startswith("|")]
    ranked = json.loads(cli("rank", str(project), "--format", "json").out)["ranking"]
    assert len(rows) == 2 + len(ranked)  # header, separator, one row per ranked vendor
    pipes = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
    assert len(pipes) == 1, rows  # no name splits a row
    assert re.search(r"(?<!\\)<", result.out) is None
    for line in [rows[0], *rows[2:]]:
        for cell in re.split(r"(?<!\\)\|", line)[1:-1]:
            assert not cell.strip().startswith(FORMULA), line


def check_html(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    html5lib = pytest.importorskip("html5lib")
    out = tmp_path / "r.html"
    result = cli("report", str(project), "-o", str(out), "--samples", "200")
    assert result.code == 0, result.err
    text = out.read_text()
    assert "<script" not in text  # the template has no script; the names are escaped
    assert "<img" not in text
    tree = html5lib.parse(text, namespaceHTMLElements=False)
    for element in tree.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        payload = " ".join([element.text or "", *element.attrib.values()])
        if tag in {"script", "img"}:
            assert "alert(1)" not in payload, (tag, payload)
        assert "onerror" not in element.attrib
    shown = " ".join(tree.itertext())
    assert "<script>alert(1)</script>" in shown  # the names are there, as text
    assert "<img src=x onerror=alert(1)>" in shown


@pytest.mark.parametrize("check", [check_csv, check_xlsx, check_md, check_html])
def test_hostile_vendor_names_are_neutral_in_every_format(
    check: Callable[[CliRunner, Path, Path], None], cli: CliRunner, tmp_path: Path
) -> None:
    check(cli, hostile_project(cli, tmp_path / "hostile"), tmp_path)


def test_every_registered_view_exists() -> None:
    from vendorscore.cli.emit import VIEWS

    for (result_type, fmt), view in VIEWS.items():
        module, _, name = result_type.rpartition(".")
        assert isinstance(getattr(importlib.import_module(module), name), type), result_type
        assert callable(view.load()), (result_type, fmt)

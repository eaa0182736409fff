"""Generated things are checked: committed schemas, the example project, `init`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLE, ROOT, CliRunner
from vendorscore.loading.schema import KINDS, json_schema
from vendorscore.loading.yamlio import read_document

FOLDERS = {"vendor": "vendors", "criteria": "criteria", "scores": "scores"}


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_current(kind: str, cli: CliRunner) -> None:
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    assert committed == json_schema(kind), "run: vendorscore schema KIND > schemas/KIND.schema.json"
    printed = cli("schema", kind)
    assert printed.code == 0
    assert json.loads(printed.out) == committed


@pytest.mark.parametrize("kind", KINDS)
def test_example_files_satisfy_the_schema(kind: str) -> None:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((EXAMPLE / FOLDERS[kind]).glob("*.yaml"))
    assert files
    for file in files:
        assert list(validator.iter_errors(read_document(file).data)) == [], file.name


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("vendor"))
    assert list(validator.iter_errors({"id": "a", "name": "A", "pricng": {}}))
    assert list(validator.iter_errors({"id": "Bad Id", "name": "A"}))


def test_schema_has_field_docs() -> None:
    schema = json_schema("criteria")
    assert schema["$schema"].endswith("2020-12/schema")
    workload = schema["$defs"]["Workload"]["properties"]
    assert "Contacts handled per year" in workload["contacts_per_year"]["description"]


def test_repository_criteria_match_the_bundled_example() -> None:
    for path in (ROOT / "criteria").glob("*.yaml"):
        assert path.read_bytes() == (EXAMPLE / "criteria" / path.name).read_bytes()


def test_init_writes_a_valid_project(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "rfp"
    result = cli("init", str(target))
    assert result.code == 0
    assert sorted(p.name for p in (target / "vendors").iterdir()) == sorted(
        p.name for p in (EXAMPLE / "vendors").iterdir()
    )
    assert cli("validate", "--strict", str(target)).code == 0
    again = cli("init", str(target))
    assert again.code == 2
    assert "already holds criteria/, vendors/, scores/ (use --force" in again.err
    assert cli("init", "--force", str(target)).code == 0


def test_init_into_an_unwritable_place_is_a_clean_error(cli: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = cli("init", str(blocker / "sub"))
    assert result.code == 1
    assert result.err.startswith("vendorscore: error:")
    assert "Traceback" not in result.err

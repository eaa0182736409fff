"""`vendorscore validate`: formats, exit codes, folders and projects, errors that are bugs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, EXAMPLE, CliRunner
from vendorscore import __version__

GOOD = DATA / "badinputs" / "vendor_norwegian.yaml"
BAD = DATA / "cases" / "vendor_rate_zero.yaml"
WARN = DATA / "badinputs" / "criteria_weights_not_100.yaml"


def test_exit_codes(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("validate", str(GOOD)).code == 0
    assert cli("validate", str(BAD)).code == 1
    assert cli("validate", str(WARN)).code == 0
    assert cli("validate", "--strict", str(WARN)).code == 1
    missing = cli("validate", str(tmp_path / "nope.yaml"))
    assert missing.code == 2
    assert "no such file or folder" in missing.err
    assert cli("validate", "--format", "xml", str(GOOD)).code == 2
    assert cli("frobnicate").code == 2


def test_every_problem_in_every_file_in_one_run(cli: CliRunner) -> None:
    second = DATA / "cases" / "criteria_min_above_max.yaml"
    result = cli("validate", str(BAD), str(second), str(GOOD))
    lines = result.out.splitlines()
    assert [line.split(":")[0] for line in lines] == sorted([str(BAD), str(second)])
    assert result.err.strip() == "2 errors, 0 warnings in 3 files (failed)"


def test_json_format_matches_spec(cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", str(BAD), str(WARN))
    doc = json.loads(result.out)
    assert set(doc) == {"ok", "files", "errors", "warnings"}
    assert doc["ok"] is False
    assert doc["files"] == 2
    assert doc["errors"] == [
        {
            "file": str(BAD),
            "line": 3,
            "column": 45,
            "path": "pricing.rate",
            "code": "not-positive",
            "message": "rate must be > 0, got 0",
        }
    ]
    assert [w["code"] for w in doc["warnings"]] == ["weights-sum"]
    assert result.err == ""


def test_json_ok_when_valid(cli: CliRunner) -> None:
    doc = json.loads(cli("validate", "-f", "json", str(EXAMPLE)).out)
    assert doc == {"ok": True, "files": 12, "errors": [], "warnings": []}


def test_github_annotations_escape_like_the_actions_toolkit(cli: CliRunner, tmp_path: Path) -> None:
    weird = tmp_path / "a,b:c%.yaml"
    weird.write_text("id: acme\nname: Acme\nmetrics: {'x%y': .nan}\n")
    result = cli("validate", "--format", "github", str(weird))
    assert result.code == 1
    escaped = str(weird).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert result.out == (
        f"::error file={escaped},line=3,col=11,title=vendorscore not-finite::"
        "x%25y must be a finite number, got nan\n"
    )


def test_github_format_is_chosen_on_actions(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("validate", str(BAD))
    assert result.out.startswith("::error file=")
    assert cli("validate", "--format", "text", str(BAD)).out.startswith(str(BAD))


def test_newlines_in_messages_are_escaped() -> None:
    from vendorscore.views.issues import escape_data, escape_property

    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x:y,z%\n") == "x%3Ay%2Cz%25%0A"


def test_plain_folder_validates_every_yaml_file(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text("id: a\nname: A\n")
    (tmp_path / "b.yml").write_text("id: b\nname: B\nhq_country: ZZ\n")
    (tmp_path / "notes.txt").write_text("not yaml")
    result = cli("validate", str(tmp_path))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{tmp_path}/b.yml:3:1: error: 'ZZ' is not an ISO 3166-1 alpha-2 country code [bad-country]"
    ]
    assert "in 2 files" in result.err


def test_default_path_is_the_current_folder(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = cli("validate")
    assert result.code == 0
    assert result.err == "12 files valid\n"


def test_quiet_drops_the_summary(cli: CliRunner) -> None:
    assert cli("validate", "-q", str(GOOD)).err == ""


def test_version(cli: CliRunner) -> None:
    result = cli("--version")
    assert (result.code, result.out) == (0, f"vendorscore {__version__}\n")


def test_python_dash_m_and_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vendorscore", "validate", str(BAD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "not-positive" in result.stdout
    assert "Traceback" not in result.stderr


def test_internal_error_is_one_line_without_locals(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vendorscore.services.validate as services

    def broken(paths: object) -> object:
        secret = "s3cr3t-token"  # a local a traceback with locals would leak
        raise RuntimeError("boom " + secret[:0])

    monkeypatch.setattr(services, "validate_paths", broken)
    result = cli("validate", str(GOOD))
    assert result.code == 3
    assert result.err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in result.err
    assert "report it" in result.err
    assert "Traceback" not in result.err
    debug = cli("--debug", "validate", str(GOOD))
    assert debug.code == 3
    assert "Traceback" in debug.err
    assert "s3cr3t" not in debug.err


def test_interrupt_exits_130(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import vendorscore.services.validate as services

    def interrupted(paths: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(services, "validate_paths", interrupted)
    result = cli("validate", str(GOOD))
    assert result.code == 130
    assert result.err == "vendorscore: interrupted\n"


def test_a_diagnostic_is_always_one_line(cli: CliRunner, tmp_path: Path) -> None:
    """Regression (found by the property test): a key holding a newline or NEL split the line."""
    path = tmp_path / "v.yaml"
    path.write_text('id: "a\\nb"\nname: A\n"x\\u0085y": 1\n', encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert "'a\\nb' is not a valid id" in lines[0]
    assert "unknown key 'x\\x85y'" in lines[1]

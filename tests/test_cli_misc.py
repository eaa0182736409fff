"""The generated command reference, shell completion, colour and quiet output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, CliRunner
from vendorscore.cli.reference import replace_in


def test_readme_command_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme == replace_in(readme), "run: python -m vendorscore.cli.reference --write"
    for command in (
        "diff",
        "explain",
        "import",
        "init",
        "rank",
        "report",
        "schema",
        "sensitivity",
        "sheet",
        "validate",
    ):
        assert f"### `vendorscore {command}" in readme


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts(shell: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vendorscore", "--show-completion", shell],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "complete" in result.stdout.lower()


def test_no_color_is_respected() -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    coloured = subprocess.run(
        [sys.executable, "-m", "vendorscore", "rank", "--example"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert "\x1b[" in coloured
    plain = subprocess.run(
        [sys.executable, "-m", "vendorscore", "rank", "--example"],
        capture_output=True,
        text=True,
        env={**env, "NO_COLOR": "1"},
        check=True,
    ).stdout
    import re

    colour = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8])(?:;|m)")
    assert colour.search(coloured)
    assert not colour.search(plain)  # bold or italic may stay; colours go


def test_not_a_terminal_means_no_escape_codes(cli: CliRunner) -> None:
    assert "\x1b[" not in cli("rank", "--example").out
    assert "\x1b[" not in cli("sensitivity", "--example", "--samples", "500").out


def test_quiet(cli: CliRunner, tmp_path: object) -> None:
    assert cli("init", "--quiet", str(tmp_path) + "/q").err == ""
    assert cli("validate", "-q", str(tmp_path) + "/q").err == ""
    assert (
        cli("report", "--example", "-q", "-o", str(tmp_path) + "/r.md", "--samples", "200").err
        == ""
    )

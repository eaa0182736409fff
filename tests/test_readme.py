"""The README starts with the two set-up commands, and CI runs the README's test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_readme_starts_with_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.DOTALL)
    first_text = README.split("```bash", 1)[0]
    title, where = first_text.strip().split("\n\n")
    assert title == "# vendorscore"
    assert where.startswith("Both commands run in an activated virtual environment")
    install, tests = blocks[0].strip(), blocks[1].strip()
    assert install.startswith("pip install . && vendorscore ")
    assert "--example" in install
    assert tests == "pip install '.[test]' && pytest"
    between = README.split(blocks[0], 1)[1].split(blocks[1], 1)[0]
    assert between.strip() == "```\n\n```bash"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -q '.[test]'" in ci
    assert re.search(r'^pytest -m "slow or not slow"$', ci, re.MULTILINE)  # the slow ones too
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111

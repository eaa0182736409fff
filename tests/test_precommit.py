"""The published pre-commit hook, run by pre-commit itself against a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, EXAMPLE, ROOT


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "vendorscore-validate")
    assert hook["language"] == "python"
    assert hook["entry"] == "vendorscore validate"
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("criteria/retail.yaml")
    assert pattern.search("rfp/vendors/a.yml")
    assert pattern.search("scores/alice.yaml")
    assert not pattern.search("docs/notes.yaml")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(user: Path) -> subprocess.CompletedProcess[str]:
    """pre-commit's own check of a hook repository: this checkout, against ``user``."""
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "vendorscore-validate"]
    return subprocess.run(
        [*command, "--all-files"],
        cwd=user,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    user = tmp_path / "user"
    (user / "criteria").mkdir(parents=True)
    (user / "vendors").mkdir()
    shutil.copy(EXAMPLE / "criteria" / "retail-cx.yaml", user / "criteria" / "good.yaml")
    shutil.copy(DATA / "cases" / "vendor_rate_zero.yaml", user / "vendors" / "bad.yaml")
    (user / "notes.yaml").write_text("not: a vendorscore file\n")
    git(user, "init", "-q")
    git(user, "add", ".")
    result = try_repo(user)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "vendors/bad.yaml:3:45: error: rate must be > 0, got 0 [not-positive]" in output
    assert "good.yaml" not in output.replace("bad.yaml", "")
    assert "notes.yaml" not in output  # outside criteria/, vendors/, scores/: not checked
    (user / "vendors" / "bad.yaml").unlink()
    git(user, "add", "-A")
    fixed = try_repo(user)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_the_repository_dogfoods_the_hook() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    published = next(h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()))
    local = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "vendorscore-validate"} <= set(local)
    assert local["vendorscore-validate"]["entry"] == published["entry"]
    assert local["vendorscore-validate"]["files"] == published["files"]
    if not (ROOT / ".git").exists():
        return  # an unpacked sdist: nothing for pre-commit to run on
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "vendorscore-validate", "--all-files"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout

"""Behaviour a user expects (issue 11, items 9 and 12): `sheet` defaults to `.`, `init` never
merges into a project nor writes through a link, `--jitter` alone is an error, shell
completion refuses unknown shells and reports an unwritable home in one line, and the xlsx
hint fits a source checkout."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, CliRunner

FAST = ("--samples", "200")


def test_sheet_without_a_project_uses_the_current_folder(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = cli("sheet")
    assert (result.code, result.err) == (0, "wrote responses.xlsx\n")
    assert (project / "responses.xlsx").stat().st_size > 0
    elsewhere = project / "vendors"
    monkeypatch.chdir(elsewhere)
    result = cli("sheet")
    assert result.code == 2
    assert result.err == (
        "vendorscore: error: .: not a project folder (no criteria/ inside); give a project "
        "folder or --criteria FILE\n"
    )


@pytest.mark.parametrize("existing", ["criteria", "vendors", "scores"])
def test_init_refuses_a_folder_holding_a_project(
    cli: CliRunner, tmp_path: Path, existing: str
) -> None:
    target = tmp_path / "mine"
    (target / existing).mkdir(parents=True)
    own = target / existing / "own.yaml"
    own.write_text("id: mine\n")
    result = cli("init", str(target))
    assert result.code == 2
    assert result.err == (
        f"vendorscore: error: {target} already holds {existing}/ (use --force to write the "
        "example into it, overwriting files of the same name)\n"
    )
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        existing,
        f"{existing}/own.yaml",
    ]
    assert cli("init", "--force", str(target)).code == 0
    assert own.read_text() == "id: mine\n"  # --force writes the example beside it


def test_init_force_replaces_a_linked_file_never_writes_through_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "rfp"
    assert cli("init", str(target)).code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    andes = target / "vendors" / "andes.yaml"
    andes.unlink()
    andes.symlink_to(victim)
    assert cli("init", "--force", str(target)).code == 0
    assert victim.read_text() == "precious"
    assert not andes.is_symlink()
    assert andes.read_bytes() == (EXAMPLE / "vendors" / "andes.yaml").read_bytes()


@pytest.mark.parametrize("linked", ["criteria", "vendors", "scores"])
def test_init_refuses_a_linked_folder_and_writes_nothing(
    cli: CliRunner, tmp_path: Path, linked: str
) -> None:
    target = tmp_path / "rfp"
    assert cli("init", str(target)).code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = target / linked
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    folder.symlink_to(elsewhere)
    before = {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()}
    result = cli("init", "--force", str(target))
    assert (result.code, result.err) == (
        1,
        f"vendorscore: error: {folder} is a symbolic link: not followed (remove it first)\n",
    )
    assert list(elsewhere.iterdir()) == []
    assert {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("command", ["sensitivity", "report"])
def test_jitter_without_the_jitter_model_is_an_error(
    cli: CliRunner, tmp_path: Path, command: str
) -> None:
    out = ("-o", str(tmp_path / "r.md")) if command == "report" else ()
    result = cli(command, "--example", "--jitter", "5", *FAST, *out)
    assert (result.code, result.err) == (
        2,
        "vendorscore: error: --jitter applies only to --weights jitter (add --weights jitter)\n",
    )
    ok = cli(command, "--example", "--weights", "jitter", "--jitter", "5", *FAST, *out)
    assert ok.code == 0, ok.err
    assert cli(command, "--example", "--weights", "jitter", *FAST, *out).code == 0
    assert cli(command, "--example", *FAST, *out).code == 0


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of our own: completion never touches the real one."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", raising=False)
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def parent_shell(monkeypatch: pytest.MonkeyPatch, name: str | None) -> None:
    import shellingham

    def detect_shell(*args: object, **kwargs: object) -> tuple[str, str]:
        if name is None:
            raise shellingham.ShellDetectionFailure()
        return name, f"/bin/{name}"

    monkeypatch.setattr(shellingham, "detect_shell", detect_shell)
    if name is None:
        monkeypatch.delenv("SHELL", raising=False)


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
@pytest.mark.parametrize("shell", ["tcsh", "dash", "ksh", "nu", None])
def test_unknown_shells_are_a_usage_error(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch, option: str, shell: str | None
) -> None:
    parent_shell(monkeypatch, shell)
    result = cli(option)
    found = f"{shell!r} is not a supported shell" if shell else "no shell was detected"
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"vendorscore: error: {option}: {found} (supported: bash, zsh, fish, powershell, pwsh)\n",
    )
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
@pytest.mark.parametrize("shell", ["tcsh", "dash", "cmd", "bash;rm", "ZSH"])
def test_an_unknown_shell_named_is_a_usage_error(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch, option: str, shell: str
) -> None:
    parent_shell(monkeypatch, "bash")  # a supported shell detected must not win over the name
    result = cli(option, shell)
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"vendorscore: error: {option}: {shell!r} is not a supported shell "
        "(supported: bash, zsh, fish, powershell, pwsh)\n",
    )
    assert list(home.iterdir()) == []


def test_a_home_that_cannot_be_written_is_one_line(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parent_shell(monkeypatch, "bash")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("HOME", str(blocker))  # even root cannot make folders inside a file
    result = cli("--install-completion")
    assert result.code == 1
    assert re.fullmatch(
        rf"vendorscore: error: cannot install bash completion: {re.escape(str(blocker))}\S*: "
        r"(Not a directory|File exists)\n",
        result.err,
    ), result.err


def test_completion_for_a_known_shell(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent_shell(monkeypatch, "zsh")
    shown = cli("--show-completion")
    assert shown.code == 0
    assert "compdef" in shown.out
    installed = cli("--install-completion")
    assert installed.code == 0
    assert "zsh completion installed in" in installed.err
    assert (home / ".zshrc").is_file()
    fish = cli("--show-completion", "fish")  # a name wins over the detected shell
    assert fish.code == 0
    assert fish.out.startswith("complete --command vendorscore")
    assert cli("--install-completion", "bash").code == 0
    assert "vendorscore.sh" in (home / ".bashrc").read_text()


def test_the_xlsx_hint_fits_a_source_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    from vendorscore.errors import UsageError
    from vendorscore.exchange.xlsx import require_openpyxl

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl fails
    monkeypatch.chdir(ROOT)  # in the clone, whether the package is installed editable or not
    with pytest.raises(UsageError) as caught:
        require_openpyxl()
    assert str(caught.value) == (
        f"spreadsheets need openpyxl: pip install '.[xlsx]' (in {ROOT}) (or pip install openpyxl)"
    )


def test_the_readme_says_where_its_two_commands_run_and_how_long() -> None:
    readme = (ROOT / "README.md").read_text()
    before = readme.split("```bash", 1)[0]
    assert "virtual environment" in before
    assert ". .venv/bin/activate" in before
    assert re.search(r"\d+ (seconds|minutes?)", before)
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize("samples", ["0", "1000001", "99999999999"])
def test_samples_have_a_documented_maximum(cli: CliRunner, samples: str) -> None:
    result = cli("sensitivity", "--example", "--samples", samples)
    assert result.code == 2
    assert "--samples" in result.err
    assert "Traceback" not in result.err


def test_the_samples_limit_is_in_the_readme() -> None:
    from vendorscore.models.choices import MAX_SAMPLES

    assert f"{MAX_SAMPLES:,}" in (ROOT / "README.md").read_text()

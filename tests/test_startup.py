"""Startup: `--help` and `validate` import only what they need (measured with -X importtime)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import DATA, CliRunner


def imported(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vendorscore", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert modules, result.stderr
    return modules


def loaded(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules in ``sys.modules`` after ``vendorscore ARGS`` (-X importtime does not log
    the modules importlib.import_module loads, as the lazy commands are)."""
    code = (
        "import sys; from vendorscore.cli import run; run(sys.argv[1:]); "
        "sys.stderr.write('MODULES ' + ' '.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )
    return set(result.stderr.rpartition("MODULES ")[2].split())


def test_help_imports_no_heavy_module() -> None:
    modules = imported("--help")
    for heavy in ("numpy", "jinja2", "yaml", "vendorscore.models.vendor"):
        assert heavy not in modules


def test_rank_imports_no_jinja() -> None:
    modules = imported("rank", "--example", "--format", "json")
    assert "numpy" in modules
    assert "jinja2" not in modules


def test_validate_imports_no_numpy_or_jinja() -> None:
    modules = imported("validate", str(DATA / "badinputs" / "vendor_norwegian.yaml"))
    assert "yaml" in modules
    assert "numpy" not in modules
    assert "jinja2" not in modules


def test_only_award_imports_the_solver() -> None:
    """highspy (the award solver) loads for `award` alone."""
    assert "highspy" not in imported("--help")
    assert "highspy" not in imported("validate", "--example")
    assert "highspy" not in imported("rank", "--example", "--format", "json")
    assert "highspy" in imported("award", "--example", "--format", "json", "--no-frontier")


def test_help_imports_no_markdown_parser_no_traceback_renderer_and_no_command() -> None:
    """typer's `--help` (taken where cli/quickhelp.py does not draw it, as on a console of 19
    columns) lists the commands from cli/lazy.py: no command module, no signature read, no
    Markdown parser (markdown-it), no pygments (rich's traceback), no pydantic."""
    modules = loaded("--help", env={"COLUMNS": "19"})
    assert "vendorscore.cli.lazy" in modules
    for module in ("markdown_it", "rich.markdown", "pygments", "rich.traceback", "pydantic"):
        assert module not in modules
    for module in ("vendorscore.cli.app", "vendorscore.cli.award_command", "typer._adapters"):
        assert module not in modules


def test_a_command_imports_only_its_own_module() -> None:
    modules = loaded("schema", "vendor")
    assert "vendorscore.cli.app" in modules
    for other in ("award_command", "sensitivity_command", "staffing_command"):
        assert f"vendorscore.cli.{other}" not in modules
    # the root help's renderer is for the root help only
    assert "vendorscore.cli.quickhelp" not in modules
    assert "vendorscore.cli.textlayout" not in modules
    modules = loaded("award", "--help")
    assert "vendorscore.cli.award_command" in modules
    assert "vendorscore.cli.app" not in modules


def test_the_table_of_commands_matches_the_commands() -> None:
    """Each entry's one-line help is its function's first docstring line; each command loads
    with the entry's name and panel."""
    import importlib
    import inspect

    from vendorscore.cli.lazy import COMMANDS, load

    assert len({entry.name for entry in COMMANDS}) == len(COMMANDS)
    for entry in COMMANDS:
        function = getattr(importlib.import_module(entry.module), entry.function)
        first = (inspect.getdoc(function) or "").split("\n\n")[0].replace("\n", " ")
        assert entry.summary == first, entry.name
        command = load(entry)
        assert command.name == entry.name
        assert command.rich_help_panel == entry.panel  # type: ignore[attr-defined]


def test_help_lists_every_command_under_its_panel(cli: CliRunner) -> None:
    from vendorscore.cli.lazy import COMMANDS

    result = cli("--help")
    assert result.code == 0
    for panel in ("Check", "Start", "Decide", "Exchange"):
        assert f"─ {panel} ─" in result.out
    for entry in COMMANDS:
        assert entry.name in result.out


def test_a_mistyped_command_still_gets_a_suggestion(cli: CliRunner) -> None:
    result = cli("rnak")
    assert result.code == 2
    assert "Did you mean 'rank'?" in result.err


COMPLETE = (  # completion exits: the modules are listed on stderr at exit
    "import atexit, sys; atexit.register(lambda: sys.stderr.write(' '.join(sys.modules))); "
    "from vendorscore.cli import main; main()"
)


def test_command_names_complete_without_loading_the_commands() -> None:
    env = {**os.environ, "_VENDORSCORE_COMPLETE": "complete_bash", "COMP_CWORD": "1"}
    names = subprocess.run(
        [sys.executable, "-c", COMPLETE],
        env={**env, "COMP_WORDS": "vendorscore s"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert names.stdout.split() == ["schema", "sensitivity", "staffing", "sheet"]
    assert "vendorscore.cli.app" not in names.stderr.split()
    options = subprocess.run(
        [sys.executable, "-m", "vendorscore"],
        env={**env, "COMP_WORDS": "vendorscore rank --for", "COMP_CWORD": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert options.stdout.split() == ["--format"]


def test_the_markdown_placeholder_leaves_the_real_module_to_everyone_else() -> None:
    """After typer's help module is imported with placeholders, `rich.markdown` imported by
    anyone is the real module, and typer's own Markdown name builds a real Markdown."""
    code = (
        "import sys; from vendorscore.cli.lazy import light_rich_help; light_rich_help(); "
        "assert 'markdown_it' not in sys.modules; "
        "import typer.rich_utils as u; import rich.markdown as m; "
        "assert not getattr(m, 'placeholder', False); "
        "assert isinstance(u.Markdown('# x'), m.Markdown); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_no_entry_point_scan() -> None:
    """Neither the version nor pydantic's plugins are looked up among the installed packages."""
    code = (
        "import sys, importlib.metadata as m; calls = []; real = m.entry_points; "
        "m.entry_points = lambda **kw: calls.append(kw) or real(**kw); "
        "from vendorscore.cli import run; run(sys.argv[1:]); sys.stderr.write(f'SCANS {len(calls)}')"
    )
    for args in (["--version"], ["validate", "--example"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
        )
        assert result.stderr.rpartition("SCANS ")[2] == "0", args


def test_rank_imports_neither_numpy_ma_nor_statistics_nor_package_metadata() -> None:
    """``np.unique`` imports numpy.ma on first use (~17 ms), ``statistics`` costs ~7 ms and
    pydantic's plugin loader imports importlib.metadata (~13 ms): none is needed to rank."""
    modules = loaded("rank", "--example")
    assert "vendorscore.scoring.engine" in modules  # it ranked
    for needless in ("numpy.ma", "statistics", "importlib.metadata", "email", "zipfile"):
        assert needless not in modules, needless


def test_validate_imports_no_package_metadata() -> None:
    modules = loaded("validate", "--example")
    assert "vendorscore.loading.project" in modules
    assert "importlib.metadata" not in modules


def test_the_plugin_loader_stand_in_leaves_after_the_run() -> None:
    """After a run, pydantic's own plugin loader is what a later import gets (a library
    user's plugins keep working), and the environment is as it was."""
    code = (
        "import os, sys; from vendorscore.cli import run; run(['validate', '--example']); "
        "assert 'PYDANTIC_DISABLE_PLUGINS' not in os.environ; "
        "assert 'pydantic.plugin._loader' not in sys.modules; "
        "import pydantic.plugin._loader as l; assert not getattr(l, 'placeholder', False); "
        "assert callable(l.get_plugins) and hasattr(l, 'entry_points'); print('ok')"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_a_loader_already_imported_is_left_in_place() -> None:
    """When the real loader is loaded before the run (a library user built a model), the run
    keeps it: no stand-in replaces a module somebody holds."""
    code = (
        "import sys, pydantic.plugin._loader as l; from vendorscore.cli import run; "
        "run(['validate', '--example']); assert sys.modules['pydantic.plugin._loader'] is l; "
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr

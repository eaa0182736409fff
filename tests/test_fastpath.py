"""The fast path (``cli/fastpath.py``): ``validate`` and ``rank`` without typer, with exactly
what typer would pass, or not at all."""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_startup import loaded
from vendorscore.cli import actions, fastpath
from vendorscore.cli.commands import FAST_COMMANDS
from vendorscore.cli.lazy import BY_NAME, load


class Called(Exception):
    """The recorder's way out once typer has called the body."""


def typer_keywords(command: str, args: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The keywords typer hands the command's body for ``args``, or the usage error's class."""
    real = getattr(actions, command)
    seen: dict[str, Any] = {}

    def record(*values: Any) -> int:
        seen.update(inspect.signature(real).bind(*values).arguments)
        raise Called

    with monkeypatch.context() as patch:
        patch.setattr(actions, command, record)
        try:
            load(BY_NAME[command]).main(args, "vendorscore", standalone_mode=False)
        except Called:
            return seen
        except Exception as error:  # click's usage errors
            return type(error)
    raise AssertionError("typer neither called the body nor refused the arguments")


def test_the_fast_commands_are_the_specs() -> None:
    assert set(fastpath.SPECS) == FAST_COMMANDS
    for name, spec in fastpath.SPECS.items():
        assert callable(getattr(actions, spec.body)), name


def _kind(param: Any) -> str:
    if not param.opts[0].startswith("-"):
        return "arguments" if param.nargs == -1 else "argument"
    if getattr(param, "is_flag", False):
        return "flag"
    return "values" if param.multiple else "value"


@pytest.mark.parametrize("command", sorted(FAST_COMMANDS))
def test_each_spec_is_what_typer_reads_from_the_signature(command: str) -> None:
    """Names, option spellings, arity, defaults and conversions, against typer's own
    parameters; no callback or environment variable that the fast path would skip."""
    params = load(BY_NAME[command]).params
    spec = fastpath.SPECS[command].params
    assert [p.name for p in spec] == [p.name for p in params]
    assert list(inspect.signature(getattr(actions, command)).parameters) == [p.name for p in spec]
    for mine, theirs in zip(spec, params, strict=True):
        opts = tuple(theirs.opts) if theirs.opts[0].startswith("-") else ()
        assert mine.opts == opts, mine.name
        assert not theirs.secondary_opts, mine.name
        assert mine.kind == _kind(theirs), mine.name
        assert mine.default == theirs.default, mine.name
        assert theirs.callback is None, mine.name
        assert theirs.envvar is None, mine.name
        annotation = theirs.type_descriptor.annotation
        _check_conversion(mine.convert, annotation, theirs)


def _check_conversion(convert: Callable[[str], Any] | None, annotation: Any, param: Any) -> None:
    if annotation in (str, bool, list[str]):
        assert convert is None, param.name
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        assert convert is not None
        for member in annotation:
            assert convert(member.value) is member
        assert convert("nope") is fastpath.DECLINE
    else:
        assert annotation is int, param.name
        assert (param.min, param.max) == (1, None)
        assert convert is fastpath.positive


WORDS = ["a", "b c", "-", "", "é", "\udcff", "0", "1", "7", "+3", "1_0", "-1", "007", " 2",
         "٣", "²", "1234567890"]  # fmt: skip
VALUES = ["json", "table", "text", "github", "md", "csv", "xlsx", "JSON", "borda", "topsis",
          "weighted_sum", "cost=40", "x.xlsx", "out.md"]  # fmt: skip
OPTIONS = ["--format", "-f", "--strict", "--quiet", "-q", "--example", "--criteria", "--vendors",
           "--scores", "--method", "-m", "--weight", "-w", "--top", "-n", "--output", "-o",
           "--help", "-h", "--", "--nope", "-x", "-qf", "-fjson", "--format=json", "--strict=1",
           "--top=2", "--forma", "--debug"]  # fmt: skip
TOKENS = st.lists(st.sampled_from(WORDS + VALUES + OPTIONS), max_size=7)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(FAST_COMMANDS)), TOKENS)
def test_the_fast_path_reads_arguments_as_typer_does_or_leaves_them(
    command: str, args: list[str]
) -> None:
    mine = fastpath.parse(fastpath.SPECS[command], args)
    if mine is None:
        return  # typer's to read: nothing to compare
    with pytest.MonkeyPatch.context() as patch:
        theirs = typer_keywords(command, args, patch)
    assert mine == theirs, args


def test_the_fast_path_reads_the_everyday_invocations() -> None:
    """The invocations of pre-commit, CI and the terminal do not go to typer."""
    for args in (
        ["validate"], ["validate", "--example"], ["validate", "a.yaml", "b.yaml", "-q"],
        ["validate", "--format", "github", "--strict", "."], ["validate", "--format=json", "x"],
        ["rank", "--example"], ["rank", "proj", "--format", "json", "-o", "-"],
        ["rank", "--example", "-n", "3", "-w", "cost=40", "-w", "quality=10", "--method", "topsis"],
        ["rank", "--criteria", "c.yaml", "--vendors", "v", "--scores", "s", "--strict", "-q"],
    ):  # fmt: skip
        assert fastpath.parse(fastpath.SPECS[args[0]], args[1:]) is not None, args


def test_validate_and_rank_import_no_typer_click_or_its_completion() -> None:
    for args in (["validate", "--example"], ["rank", "--example", "--format", "json"]):
        modules = loaded(*args)
        assert "vendorscore.cli.actions" in modules, args
        assert not {m for m in modules if m.split(".")[0] in ("typer", "click")}, args
        assert "vendorscore.cli.app" not in modules, args


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vendorscore", *args], capture_output=True, text=True, check=False
    )


def test_a_usage_error_the_body_finds_is_shown_by_typer() -> None:
    result = _run("validate", "--example", "somewhere")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value: give either --example or PATHS, not both"
    )
    assert result.stderr.startswith("Usage: vendorscore validate [OPTIONS] [paths]...")
    xlsx = _run("rank", "--example", "--format", "xlsx")
    assert xlsx.returncode == 2
    assert xlsx.stderr.splitlines()[-1].endswith("--format xlsx needs --output FILE.xlsx")


def test_arguments_the_fast_path_leaves_get_typers_errors() -> None:
    top = _run("rank", "--example", "--top", "0")
    assert top.returncode == 2
    assert "Invalid value for '--top' / '-n'" in top.stderr
    unknown = _run("validate", "--exampel")
    assert unknown.returncode == 2
    assert "No such option: --exampel" in unknown.stderr
    assert "Show this message and exit." in _run("rank", "--example", "--help").stdout


def _interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], signal: type
) -> Any:
    from vendorscore.cli import run

    def stop(*_: Any, **__: Any) -> int:
        raise signal

    monkeypatch.setattr(actions, "validate", stop)
    code = run(["validate", "--example"])
    return code, capsys.readouterr().err


def test_ctrl_c_and_end_of_input_in_the_fast_path_end_as_under_typer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fast = [_interrupted(monkeypatch, capsys, s) for s in (KeyboardInterrupt, EOFError)]
    monkeypatch.setattr(fastpath, "SPECS", {})  # every run to typer
    slow = [_interrupted(monkeypatch, capsys, s) for s in (KeyboardInterrupt, EOFError)]
    assert fast == slow
    assert fast[0] == (130, "vendorscore: interrupted\n")


def test_shell_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fastpath.COMPLETION, "bash_complete")
    assert fastpath.run_fast(["validate", "--example"]) is None


ANY_TOKENS = st.lists(st.one_of(st.sampled_from(OPTIONS + VALUES), st.text(max_size=6)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(FAST_COMMANDS)), ANY_TOKENS)
def test_any_text_is_read_as_typer_reads_it_or_left_to_typer(command: str, args: list[str]) -> None:
    """Arbitrary text among the options (control characters, ``=`` inside values, lone
    dashes, empty strings, other scripts): the same rule as above."""
    mine = fastpath.parse(fastpath.SPECS[command], args)
    if mine is None:
        return
    with pytest.MonkeyPatch.context() as patch:
        theirs = typer_keywords(command, args, patch)
    assert mine == theirs, args

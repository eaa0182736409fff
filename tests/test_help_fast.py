"""The root help drawn without typer and rich (cli/quickhelp.py) is byte for byte typer+rich's:
every width from 40 to 200 (and down to 34), plain, styled and styled under NO_COLOR; the
console decided from the environment as typer and rich decide it; rich's path where the port
does not reach."""

from __future__ import annotations

import contextlib
import importlib
import io
import itertools
import os
import pty
import random
import struct
import subprocess
import sys
from collections.abc import Iterator

import pytest

from vendorscore.cli import quickhelp
from vendorscore.cli.quickhelp import Console, detect, render
from vendorscore.cli.textlayout import Unsupported

RICH = (  # typer's own path for the root help, whatever the fast path would do
    "from vendorscore.cli.completion import command; "
    "command().main(['--help'], prog_name='vendorscore', standalone_mode=False)"
)
ENV_NAMES = (
    "TERMINAL_WIDTH", "COLUMNS", "LINES", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS",
    "_TYPER_FORCE_DISABLE_TERMINAL", "TTY_COMPATIBLE", "NO_COLOR", "TERM", "COLORTERM",
    "TYPER_USE_RICH", "TTY_INTERACTIVE",
)  # fmt: skip


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@contextlib.contextmanager
def environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Iterator[None]:
    """``env`` alone among the variables typer and rich read, typer's module reloaded."""
    with monkeypatch.context() as patch:
        for name in ENV_NAMES:
            patch.delenv(name, raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        import typer.rich_utils

        importlib.reload(typer.rich_utils)  # MAX_WIDTH and FORCE_TERMINAL are read at import
        yield
    importlib.reload(typer.rich_utils)


def rich_help(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool = False) -> str:
    from vendorscore.cli.completion import command

    stream = Stream(tty)
    with environment(monkeypatch, env), monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", stream)
        command().main(["--help"], prog_name="vendorscore", standalone_mode=False)
    return stream.getvalue()


MODES = {  # console -> the environment under which rich draws the same
    "plain": (False, False, {}),
    "styled": (True, False, {"FORCE_COLOR": "1"}),
    "no-color": (True, True, {"FORCE_COLOR": "1", "NO_COLOR": "1"}),
}


@pytest.mark.parametrize("mode", MODES)
def test_the_help_is_rich_s_at_every_width(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    """Every width from 20 to 200 is drawn as rich draws it, or (only under 40 columns, where
    rich folds words) left to rich."""
    styled, no_color, env = MODES[mode]
    widths = range(20, 201) if mode != "no-color" else range(20, 201, 7)
    for width in widths:
        expected = rich_help(monkeypatch, {**env, "COLUMNS": str(width)})
        try:
            drawn = render(Console(width, styled, no_color))
        except Unsupported:
            assert width < 40, width
            continue
        assert drawn == expected, width


def test_styles_are_rich_s_escape_sequences() -> None:
    drawn = render(Console(80, styled=True, no_color=False))
    assert "\x1b[1;33mUsage: \x1b[0m" in drawn
    assert "\x1b[1;36m-\x1b[0m\x1b[1;36m-version\x1b[0m" in drawn
    assert "\x1b[1;2;33m<\x1b[0m\x1b[1;33mbool\x1b[0m\x1b[1;2;33m>\x1b[0m" in drawn
    assert "\x1b[2m Options \x1b[0m" in drawn
    no_color = render(Console(80, styled=True, no_color=True))
    assert "\x1b[1m-version\x1b[0m" in no_color
    assert "33m" not in no_color


def combinations() -> list[tuple[dict[str, str], bool]]:
    values = {
        "TERMINAL_WIDTH": ["", "90"],
        "COLUMNS": ["", "100", "abc"],
        "LINES": ["", "30"],
        "FORCE_COLOR": [None, "", "1"],
        "PY_COLORS": [None, "1"],
        "GITHUB_ACTIONS": [None, "true"],
        "_TYPER_FORCE_DISABLE_TERMINAL": [None, "1"],
        "TTY_COMPATIBLE": [None, "0", "1"],
        "NO_COLOR": [None, "", "1"],
        "TERM": [None, "dumb", "xterm-256color", "UNKNOWN"],
        "COLORTERM": [None, "truecolor"],
    }
    every = list(itertools.product(*values.values(), (False, True)))
    chosen = random.Random(16).sample(every, 300)
    return [
        ({k: v for k, v in zip(values, row[:-1], strict=True) if v is not None}, row[-1])
        for row in chosen
    ]


def test_the_console_is_decided_as_typer_and_rich_decide_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import typer.rich_utils

    for env, tty in combinations():
        stream = Stream(tty)
        with environment(monkeypatch, env), monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", stream)
            rich = typer.rich_utils._get_rich_console()
            ours = detect(os.environ, stream)
            expected = Console(rich.width, rich.color_system is not None, rich.no_color)
        if env.get("COLUMNS") == "abc":
            assert ours is None, env  # not a number: left to rich
        else:
            assert ours == expected, (env, tty)


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({"COLUMNS": "19"}, "narrower than MIN_WIDTH"),
        ({"TERMINAL_WIDTH": "12"}, "narrower than MIN_WIDTH"),
        ({"TYPER_USE_RICH": "1"}, "typer told how to draw"),
        ({"COLUMNS": "１２０"}, "digits rich reads and int() does not"),
    ],
)
def test_the_fallback_is_taken_where_it_must(env: dict[str, str], why: str) -> None:
    assert detect(env, Stream(False)) is None, why


def test_an_encoding_other_than_utf8_is_left_to_rich() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    assert detect({}, stream) is None


def test_markup_in_a_help_text_is_left_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in ("Use [bold]this[/]", "A :smile: face", "Run --debug", "tab\there", "é"):
        monkeypatch.setattr(quickhelp, "ROOT_HELP", text)
        with pytest.raises(Unsupported):
            render(Console(80, False, False))
        monkeypatch.setattr(sys, "stdout", Stream(False))
        assert quickhelp.show(["--help"]) is None


def test_narrow_consoles_that_fold_words_are_left_to_rich() -> None:
    with pytest.raises(Unsupported):
        render(Console(25, False, False))


def test_only_the_root_help_is_drawn_here(monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["rank", "--help"], ["--help", "rank"], ["--version"], ["-h", "-h"]):
        assert quickhelp.show(args) is None
    monkeypatch.setenv("_VENDORSCORE_COMPLETE", "complete_bash")  # a shell completing
    assert quickhelp.show([]) is None


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from vendorscore.cli import run; code = run(sys.argv[1:]); "
        "sys.stderr.write('MODULES ' + ' '.join(sys.modules)); sys.exit(code)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**{k: v for k, v in os.environ.items() if k not in ENV_NAMES}, **env},
    )


def test_help_imports_neither_rich_nor_typer_nor_click() -> None:
    expected = subprocess.run(
        [sys.executable, "-c", RICH], capture_output=True, text=True, check=True
    ).stdout
    for args, code in (([], 2), (["--help"], 0), (["-h"], 0)):
        result = run(args, {})
        assert result.returncode == code
        assert result.stdout == expected
        modules = set(result.stderr.rpartition("MODULES ")[2].split())
        heavy = {m.split(".")[0] for m in modules} & {"rich", "typer", "click", "numpy", "yaml"}
        assert not heavy, heavy


def test_the_fallback_prints_the_same_help_through_rich() -> None:
    result = run(["--help"], {"COLUMNS": "30"})
    assert result.returncode == 0
    assert "rich.console" in result.stderr.rpartition("MODULES ")[2].split()
    assert "Usage:" in result.stdout
    assert "╭─ Options" in result.stdout


def in_terminal(code: str, columns: int) -> bytes:
    """What ``python -c code`` writes to a pseudo-terminal ``columns`` wide."""
    import fcntl
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return b"".join(chunks)


def test_on_a_terminal_the_escape_sequences_are_rich_s() -> None:
    ours = "from vendorscore.cli import run; run(['--help'])"
    for columns in (73, 120):
        drawn = in_terminal(ours, columns)
        assert b"\x1b[1;36m" in drawn
        assert drawn == in_terminal(RICH, columns)

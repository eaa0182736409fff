"""``vendorscore``, ``vendorscore --help`` and ``-h`` without importing typer or rich: the same
bytes as typer's rich help (panels, colours, widths), drawn from the command table
(``cli/commands.py``) and the root's options with the layout rules of ``cli/textlayout.py``.

The console is decided as typer and rich decide it (TERMINAL_WIDTH, FORCE_COLOR, PY_COLORS,
GITHUB_ACTIONS, _TYPER_FORCE_DISABLE_TERMINAL, TTY_COMPATIBLE, NO_COLOR, TERM, COLUMNS,
LINES, the terminal's size). Whatever this module does not reproduce exactly (Windows, Jupyter
or IDLE, an encoding other than UTF-8, TYPER_USE_RICH, odd numbers in the environment, a
width under ``MIN_WIDTH``, text with markup) returns None, and the caller takes typer's path.
``tests/test_help_fast.py`` holds the comparison with typer and rich."""

from __future__ import annotations

import builtins
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from vendorscore.cli.commands import COMMANDS, HELP_ARGS, ROOT_HELP
from vendorscore.cli.textlayout import (
    PLAIN,
    Column,
    Columns,
    Line,
    Style,
    Text,
    Unsupported,
    add,
    column_widths,
    sgr,
    wrap,
)

USAGE = "Usage: vendorscore [OPTIONS] COMMAND [ARGS]..."
# The root's options as typer lists them: long name, short name, type, help.
OPTIONS = (
    ("--version", "", "<bool>", "Print the version."),
    ("--install-completion", "", "<bool>", "Install completion for the current shell."),
    (
        "--show-completion",
        "",
        "<bool>",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    ("--help", "-h", "<bool>", "Show this message and exit."),
)
COMPLETE_VAR = "_VENDORSCORE_COMPLETE"  # click's variable for prog_name "vendorscore"
MIN_WIDTH = 20  # narrower consoles fold words: rich's own path draws them

BOLD: Style = (True, False, 0)
DIM: Style = (False, True, 0)
BOLD_CYAN: Style = (True, False, 36)
BOLD_YELLOW: Style = (True, False, 33)
THEME: dict[str, Style] = {  # typer.rich_utils' theme
    "option": BOLD_CYAN,
    "switch": (True, False, 32),
    "types": BOLD_YELLOW,
    "types_sep": DIM,
    "usage": (False, False, 33),
}
HIGHLIGHTS = [  # typer.rich_utils.OptionHighlighter
    re.compile(r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])"),
    re.compile(r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])"),
    re.compile(r"(?P<types>\<[^\>]+\>)"),
    re.compile(r"(?P<usage>Usage: )"),
]
TYPES_HIGHLIGHTS = [  # typer.rich_utils.TypesHighlighter
    re.compile(r"^(?P<types_sep>(\[|<))"),
    re.compile(r"(?P<types_sep>\|)"),
    re.compile(r"(?P<types_sep>(\]|>))(\.\.\.)?$"),
]
_PROSE = re.compile(r"[ -Z\]-~]*")  # printable ASCII without '[' or '\' (rich markup)
_EMOJI = re.compile(r":\S*:")


@dataclass(frozen=True)
class Console:
    """What rich's console would be for the help: its width and whether it writes styles."""

    width: int
    styled: bool
    no_color: bool


def show(args: list[str]) -> int | None:
    """Print the root help if ``args`` ask only for it and it can be drawn here; the exit code
    (2 without arguments, as click's ``no_args_is_help``), or None for typer's path."""
    if args not in HELP_ARGS or COMPLETE_VAR in os.environ:  # a shell asking for completions
        return None
    console = detect(os.environ, sys.stdout)
    if console is None:
        return None
    try:
        text = render(console)
    except Unsupported:
        return None
    sys.stdout.write(text)
    return 0 if args else 2


def detect(environ: Mapping[str, str], stdout: IO[str] | None) -> Console | None:
    """typer's ``_get_rich_console`` and rich's ``Console`` settings, or None where they
    depend on something not ported (see the module's docstring)."""
    if os.name == "nt" or "TYPER_USE_RICH" in environ or hasattr(builtins, "get_ipython"):
        return None
    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    encoding = (getattr(stdout, "encoding", None) or "utf-8").lower()
    numbers = [environ.get(name, "") for name in ("TERMINAL_WIDTH", "COLUMNS", "LINES")]
    if not encoding.startswith("utf") or any(n and not _decimal(n) for n in numbers):
        return None
    terminal_width, columns, lines = numbers
    width = int(terminal_width) if terminal_width else None  # typer's MAX_WIDTH
    forced = any(environ.get(n) for n in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"))
    force: bool | None = True if forced else None
    if environ.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        force = False
    if width is None and columns:
        width = int(columns)
    terminal = _is_terminal(force, environ, stdout)
    dumb = terminal and environ.get("TERM", "").lower() in ("dumb", "unknown")
    if width is None or not lines:
        if dumb:
            width = 80
        elif width is None:
            width = int(columns) if columns else _terminal_columns() or 80
    if width < MIN_WIDTH:
        return None
    return Console(width, terminal and not dumb, environ.get("NO_COLOR", "") != "")


def _decimal(value: str) -> bool:
    """A number as rich reads it (``str.isdigit``); other digits than ASCII are not ported."""
    return value.isdigit() and value.isascii()


def _is_terminal(force: bool | None, environ: Mapping[str, str], stdout: IO[str] | None) -> bool:
    if force is not None:
        return force
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    if "FORCE_COLOR" in environ:
        return environ["FORCE_COLOR"] != ""
    try:
        return bool(stdout is not None and stdout.isatty())
    except ValueError:
        return False


def _terminal_columns() -> int:
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
    return 0


def render(console: Console) -> str:
    """The whole help as rich writes it on ``console``."""
    width = console.width
    lines = _usage(width) + _description(width) + _panel("Options", _options(), width)
    panels: dict[str, list[tuple[str, str]]] = {}
    for entry in COMMANDS:
        panels.setdefault(entry.panel, []).append((entry.name, entry.summary))
    longest = max(len(entry.name) for entry in COMMANDS)
    for name, rows in panels.items():
        lines += _panel(name, _commands(rows, longest), width)
    colour = console.styled and not console.no_color
    if not console.styled:
        drawn = "".join("".join(text for text, _ in line) + "\n" for line in lines)
    else:
        drawn = "".join("".join(sgr(t, s, colour) for t, s in line) + "\n" for line in lines)
    return drawn + "\n"  # click echoes its own (empty) help text after rich's


def _prose(text: str, highlight: bool = True) -> Text:
    """Text as typer passes it through rich markup, when markup would leave it as it is."""
    if not _PROSE.fullmatch(text) or _EMOJI.search(text) or text != text.strip():
        raise Unsupported(f"markup or control characters in {text!r}")
    plain = Text(text)
    if highlight and plain.highlight(HIGHLIGHTS, THEME).spans:
        raise Unsupported(f"highlighted words in {text!r}")
    return plain


def _usage(width: int) -> list[Line]:
    """``Padding(highlighter(usage), 1)`` printed in bold."""
    text = Text(USAGE).highlight(HIGHLIGHTS, THEME)
    body = [_pad(line.segments(), width - 2) for line in wrap(text, width - 2, "default", "fold")]
    blank: Line = [(" " * width, PLAIN)]
    lines = [blank, *([(" ", PLAIN), *line, (" ", PLAIN)] for line in body), blank]
    return [[(t, add(BOLD, s)) for t, s in line] for line in lines]


def _description(width: int) -> list[Line]:
    """The root's help under ``Padding(Align(...), (0, 1, 1, 1))``."""
    text = _prose(ROOT_HELP)
    inner = min(len(text.plain), width - 2)
    lines = [
        [(" ", PLAIN), *_pad(line.segments(), width - 2), (" ", PLAIN)]
        for line in wrap(text, inner, "default", "fold")
    ]
    return [*lines, [(" " * width, PLAIN)]]


def _pad(line: Line, width: int) -> Line:
    length = sum(len(text) for text, _ in line)
    return [*line, (" " * (width - length), PLAIN)] if length < width else line


def _options() -> list[tuple[Column, Style]]:
    """The six columns of typer's options table (no required column: none is required)."""
    names = [Text(long).highlight(HIGHLIGHTS, THEME) for long, _, _, _ in OPTIONS]
    shorts = [Text(short).highlight(HIGHLIGHTS, THEME) for _, short, _, _ in OPTIONS]
    types = [
        Text(kind, BOLD_YELLOW, overflow="fold").highlight(TYPES_HIGHLIGHTS, THEME)
        for _, _, kind, _ in OPTIONS
    ]
    helps = [Columns(_prose(help_)) for _, _, _, help_ in OPTIONS]
    empty = [Text("") for _ in OPTIONS]
    return [
        (Column(names, (0, 1)), PLAIN),
        (Column(shorts, (1, 1)), PLAIN),
        (Column(empty, (1, 1)), PLAIN),
        (Column(empty, (1, 1)), PLAIN),
        (Column(types, (1, 1)), PLAIN),
        (Column(helps, (1, 0)), PLAIN),
    ]


def _commands(rows: list[tuple[str, str]], longest: int) -> list[tuple[Column, Style]]:
    """typer's commands table: the names in bold cyan at the longest name's width, the
    one-line help taking the rest (``ratio=10``)."""
    names = [_prose(name, highlight=False) for name, _ in rows]
    summaries = [_prose(summary) for _, summary in rows]
    return [
        (Column(names, (0, 1), width=longest, no_wrap=True), BOLD_CYAN),
        (Column(summaries, (1, 0), ratio=10), PLAIN),
    ]


def _panel(title: str, columns: list[tuple[Column, Style]], width: int) -> list[Line]:
    """``Panel(table, border_style="dim", title=title)`` on the whole width."""
    inner = width - 4
    name = _prose(title, highlight=False).plain
    if len(name) + 2 > inner:
        raise Unsupported("a title wider than its panel")
    top: Line = [("╭─", DIM), (f" {name} ", DIM)]
    if inner - len(name) - 2:
        top.append(("─" * (inner - len(name) - 2), DIM))
    top.append(("─╮", DIM))
    body = [
        [("│", DIM), (" ", PLAIN), *_pad(line, inner), (" ", PLAIN), ("│", DIM)]
        for line in _table(columns, inner)
    ]
    return [top, *body, [("╰" + "─" * (width - 2) + "╯", DIM)]]


def _table(columns: list[tuple[Column, Style]], width: int) -> list[Line]:
    """``Table(show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1))``."""
    widths = column_widths([column for column, _ in columns], width)
    out: list[Line] = []
    for row in range(len(columns[0][0].cells)):
        cells = [
            _cell(column, row, w, style) for (column, style), w in zip(columns, widths, strict=True)
        ]
        height = max(len(cell) for cell in cells)
        for number in range(height):
            line: Line = []
            for cell, w, (_, style) in zip(cells, widths, columns, strict=True):
                line += cell[number] if number < len(cell) else [(" " * w, style)]
            out.append(line)
    return out


def _cell(column: Column, row: int, width: int, style: Style) -> list[Line]:
    """One padded cell, each line ``width`` wide, under the column's style."""
    left, right = column.pad
    inner = width - left - right
    cell = column.cells[row]
    if inner < (0 if cell == Text("") else 1):
        raise Unsupported("a column narrower than its padding")
    if isinstance(cell, Columns):  # a grid as wide as the text allows, inside the cell
        grid = Column([cell.text], (0, 0)).measure(inner)[1] or 1
        lines = [line.segments() for line in wrap(cell.text, grid, "left", "ellipsis")]
    else:
        lines = [line.segments() for line in wrap(cell, inner, "left", "ellipsis", column.no_wrap)]
    padded = [[(" " * left, PLAIN), *_pad(line, inner), (" " * right, PLAIN)] for line in lines]
    return [[(t, add(style, s)) for t, s in line if t] for line in padded]

"""The rank table a person reads (issue 11, item 12): readable at 80 columns (fewer columns and
a line saying so, never "Krak…" or "35.…"), and a weight-0 criterion shown in every format.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import CliRunner

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def in_terminal(columns: int, *args: str) -> str:
    """What ``vendorscore ARGS`` shows in a terminal ``columns`` wide (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    env.update(NO_COLOR="1", TERM="xterm")
    with subprocess.Popen(
        [sys.executable, "-m", "vendorscore", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert proc.wait() == 0
    return ANSI.sub("", b"".join(chunks).decode()).replace("\r\n", "\n")


def _table_rows(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in text.splitlines()
        if line.startswith("│")
    ]


@pytest.mark.parametrize("columns", [80, 100])
def test_the_rank_table_fits_the_terminal_without_cutting_anything(columns: int) -> None:
    from rich.cells import cell_len

    text = in_terminal(columns, "rank", "--example")
    table = [line for line in text.splitlines() if line[:1] in "┏┃┡│└"]
    assert table
    assert all(cell_len(line) <= columns for line in table), table
    assert "…" not in text  # no name, header or number cut short
    header = next(line for line in table if line.startswith("┃") and "cost" in line)
    shown = [cell.strip() for cell in header.split("┃")[4:-1]]
    hidden = re.search(r"(\d+) criterion columns? not shown at \d+ columns \(([^)]*)\)", text)
    assert hidden, text
    assert int(hidden.group(1)) == 12 - len(shown)
    assert "--format md" in text
    assert set(shown) | set(hidden.group(2).split(", ")) == {
        "cost", "coverage", "languages", "quality", "csat", "attrition", "ramp", "channels",
        "platforms", "compliance", "references", "peak_plan",
    }  # fmt: skip
    rows = _table_rows(text)
    assert [row[1] for row in rows] == [
        "Table Bay Contact",
        "Andes Nearshore CX",
        "Bayani CX",
        "Mabuhay Digital Care",
    ]  # each name whole, on one line
    assert all(re.fullmatch(r"\d+\.\d{2}", row[2]) for row in rows)
    assert all(re.fullmatch(r"\d+\.\d", cell) for row in rows for cell in row[3:])


def test_a_wide_output_keeps_every_column(cli: CliRunner) -> None:
    out = cli("rank", "--example").out  # not a terminal: 160 columns
    assert "not shown" not in out
    header = next(line for line in out.splitlines() if line.startswith("┃") and "cost" in line)
    assert len(header.split("┃")) - 5 == 12


def test_fit_columns_keeps_the_heaviest_that_fit() -> None:
    from vendorscore.cli.tables import fit_columns

    wanted = [(6, 0.3), (8, 0.1), (9, 0.4), (6, 0.2)]
    assert fit_columns(200, [1, 10, 5], wanted) == [0, 1, 2, 3]
    # 1 + (4 + 13 + 8) = 26 for the fixed columns; 9 + 12 + 9 = 30 more for 2, 0 and 3
    assert fit_columns(56, [1, 10, 5], wanted) == [0, 2, 3]
    assert fit_columns(47, [1, 10, 5], wanted) == [0, 2]
    assert fit_columns(20, [1, 10, 5], wanted) == []


# --- a criterion weighted 0 is shown in every format -------------------------------------------

ZERO = ("--example", "--weight", "platforms=0")


def test_a_weight_zero_criterion_is_in_every_format(cli: CliRunner, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    table = cli("rank", *ZERO).out
    assert re.search(r"platforms\s*┃", table)
    assert "0.0 %" in table
    md = cli("rank", *ZERO, "--format", "md").out
    assert "| platforms (0.0 %) |" in md
    rows = list(csv.DictReader(io.StringIO(cli("rank", *ZERO, "--format", "csv").out)))
    assert rows[0]["platforms.contribution"] == "0.0"
    doc = json.loads(cli("rank", *ZERO, "--format", "json").out)
    assert doc["weights"]["platforms"] == 0
    assert "platforms" in doc["ranking"][0]["criteria"]
    assert cli("rank", *ZERO, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")).code == 0
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "r.xlsx")["Ranking"][1]]
    assert "platforms (points)" in header
    for suffix in ("html", "md"):
        out = tmp_path / f"r.{suffix}"
        assert cli("report", *ZERO, "-o", str(out), "--samples", "100").code == 0
        text = out.read_text(encoding="utf-8")
        ranking = text[text.index("Ranking") : text.index("Criteria and how")]
        assert "Platform fit (0.0 %)" in ranking or ">platforms</abbr>" in ranking, suffix

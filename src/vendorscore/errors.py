"""The single exception root and the diagnostic record every layer reports with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Issue:
    """One diagnostic: where it is (1-based line and column) and what is wrong."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"
    path: str = ""
    cell: str = ""  # a spreadsheet cell such as "Vendors!C7", for rows read from a workbook

    def format(self) -> str:
        """The text form: ``file:line:col: severity: message [code]``, as raw as the file
        name and the message are. Every view prints it through ``formatting.visible`` (in
        ``views/issues.py``), which shows control characters escaped: one diagnostic is
        always exactly one line, and nothing in it acts on a terminal.
        """
        where = (
            f"{self.file}!{self.cell}" if self.cell else f"{self.file}:{self.line}:{self.column}"
        )
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


def dotted(loc: tuple[str | int, ...]) -> str:
    """A model path as ``Issue.path`` shows it: ``("criteria", 0, "weight")`` is
    ``criteria[0].weight``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of the byte at ``offset`` (a column counts bytes)."""
    before = raw[:offset]
    return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1


class VendorscoreError(Exception):
    """Root of every error vendorscore raises on purpose (bad input, bad usage, IO)."""

    exit_code = 1


class InputError(VendorscoreError):
    """Invalid input files: carries every problem found, not just the first."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        first = self.issues[0].format() if self.issues else "invalid input"
        super().__init__(first)


class UsageError(VendorscoreError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = 2


class UnknownWeight(UsageError):
    """A weight override names no criterion or group (the caller says which flag it came from)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"no criterion or group with id '{key}'")


class OutputError(VendorscoreError):
    """An output file could not be written; nothing partial was left behind."""


class ScoringError(VendorscoreError):
    """Inputs valid one by one that cannot be scored together (a zero under ratio scoring).

    Scoring sees no file: it names the model path (``("criteria", 3, "scoring")``), and the
    service layer turns it into an ``InputError`` at file:line:column with the source map.
    """

    def __init__(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        self.path = path
        self.code = code
        self.message = message
        super().__init__(message)

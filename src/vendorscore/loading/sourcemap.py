"""The source map: the only thing that turns a model path into ``file:line:column``.

Scoring, analysis and reporting never see a file; what they cannot score they report with
a model path such as ``("vendors", "bayani-cx", "pricing", "rate")`` or
``("criteria", 3, "scoring")``. The service layer hands that path to the source map, which
knows which file (and which place in it) each criterion, vendor and score sheet came from.
Positions are found by reading the file again, only when a diagnostic needs one: an
evaluation keeps no file text or bytes in memory, only their digests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vendorscore.errors import Issue, Severity, dotted
from vendorscore.loading.yamlio import LoadFailure, read_document

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceFile:
    """A file an evaluation was read from: its path, the name the user knows, its digest."""

    path: Path
    display: str
    sha256: str

    def positions(self, locs: Iterable[Loc]) -> dict[Loc, tuple[int, int]]:
        """1-based (line, column) of each path; 1:1 when the file changed since it was read."""
        asked = list(locs)
        try:
            doc = read_document(self.path, self.display)
        except LoadFailure:
            doc = None
        if doc is None or doc.sha256 != self.sha256:
            return dict.fromkeys(asked, (1, 1))
        return doc.positions(asked)


@dataclass(frozen=True)
class Place:
    """Where a model was read: a file, and the path of the model inside it."""

    file: SourceFile
    loc: Loc = ()


@dataclass(frozen=True)
class SourceMap:
    """Where the criteria, each vendor (by id) and each score sheet (by index) came from."""

    criteria: Place
    vendors: Mapping[str, Place] = field(default_factory=dict)
    scores: tuple[Place, ...] = ()

    def where(self, path: Loc) -> tuple[Place, Loc]:
        """The place of the model the path starts with, and the rest of the path: paths in
        the criteria file are its own (``("workload", "occupancy")``); vendor paths start with
        ``("vendors", id)`` and score-sheet paths with ``("scores", index)``."""
        head, rest = (path[0], path[1:]) if path else ("", ())
        if head == "vendors" and rest and str(rest[0]) in self.vendors:
            return self.vendors[str(rest[0])], rest[1:]
        if head == "scores" and rest and isinstance(rest[0], int) and rest[0] < len(self.scores):
            return self.scores[rest[0]], rest[1:]
        return self.criteria, path

    def issue(self, path: Loc, code: str, message: str, severity: Severity = "error") -> Issue:
        """A positioned diagnostic for a problem found at a model path."""
        place, rest = self.where(path)
        loc = place.loc + rest
        line, column = place.file.positions([loc])[loc]
        return Issue(place.file.display, line, column, code, message, severity, dotted(loc))

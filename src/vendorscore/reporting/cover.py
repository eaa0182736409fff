"""The report's document fields (client, author, version): the header's line and the PDF cover."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.criteria.file import CriteriaFile


@dataclass(frozen=True)
class Cover:
    """The criteria file's optional document fields."""

    client: str
    """Who the evaluation is for ("" when the criteria file names none)."""
    author: str
    """Who wrote it ("" when not given)."""
    version: str
    """The document's version ("" when not given)."""
    line: str
    """Those given, in one line for the header: ``Client X · author Y · version 2``."""


def cover_fields(criteria: CriteriaFile) -> Cover:
    """The criteria file's ``client``, ``author`` and ``version``, and the header's line."""
    client, author, version = criteria.client or "", criteria.author or "", criteria.version or ""
    shown = [
        f"{label} {value}"
        for label, value in (("Client", client), ("author", author), ("version", version))
        if value
    ]
    return Cover(client, author, version, " · ".join(shown))

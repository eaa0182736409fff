"""The report's document fields (client, author, version): the header's line and the PDF cover."""

from __future__ import annotations

from vendorscore.criteria.file import CriteriaFile

_SHOWN = (("client", "Client"), ("author", "author"), ("version", "version"))


def cover_fields(criteria: CriteriaFile) -> dict[str, str]:
    """The criteria file's optional ``client``, ``author`` and ``version`` ("" when absent),
    and ``line``: those given, in one line for the header ("Client X · author Y · version 2")."""
    fields = {
        "client": criteria.client or "",
        "author": criteria.author or "",
        "version": criteria.version or "",
    }
    shown = [f"{label} {fields[key]}" for key, label in _SHOWN if fields[key]]
    return {**fields, "line": " · ".join(shown)}

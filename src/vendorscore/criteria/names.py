"""How names and language tags compare (SPEC §4.1): shared by kinds and gates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

_SEPARATORS = re.compile(r"[\s\-_.]+")


def normalise_name(name: str) -> str:
    """Names compare case-insensitively, ignoring spaces, '-', '_' and '.' (SPEC §4.1)."""
    return _SEPARATORS.sub("", name).casefold()


def alias_table(listed: Iterable[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised spelling -> the listed name it stands for."""
    table = {normalise_name(name): name for name in listed}
    for name, others in aliases.items():
        for other in others:
            table.setdefault(normalise_name(other), name)
        table.setdefault(normalise_name(name), name)
    return table


def tag_matches(demand: str, offered: str) -> bool:
    """``es`` matches ``es-MX`` (prefix at a subtag boundary); ``es-MX`` does not match ``es``."""
    want, have = demand.casefold(), offered.casefold()
    return have == want or have.startswith(want + "-")

"""Ranking with the tie tolerance, tie breakers and competition ranks (SPEC §4.5)."""

from __future__ import annotations

from collections.abc import Sequence

TIE = 1e-9


def _tied(a: Sequence[float], b: Sequence[float]) -> bool:
    return all(abs(x - y) <= TIE for x, y in zip(a, b, strict=True))


def rank(
    ids: Sequence[str], scores: Sequence[float], breakers: Sequence[Sequence[float]]
) -> list[tuple[int, int]]:
    """Order of vendors and their competition ranks: ``[(index, rank), ...]`` best first.

    Scores within 1e-9 of the best of a tie group are tied; tie breakers (utilities, higher
    first) then order the group; vendors still tied share a rank and are listed by id.
    """
    order = sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))
    groups: list[list[int]] = []
    for index in order:
        if groups and scores[groups[-1][0]] - scores[index] <= TIE:
            groups[-1].append(index)
        else:
            groups.append([index])
    result: list[tuple[int, int]] = []
    for group in groups:
        group.sort(key=lambda i: (tuple(-b for b in breakers[i]), ids[i]))
        position = len(result) + 1
        previous: int | None = None
        for index in group:
            if previous is None or not _tied(breakers[previous], breakers[index]):
                position = len(result) + 1
            result.append((index, position))
            previous = index
    return result

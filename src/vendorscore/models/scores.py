"""The evaluator score file (SPEC §4.1, rubric): one evaluator's scores per vendor and criterion."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from vendorscore.models.common import FiniteFloat, FreeText, Slug, StrictModel, Text


class NotedScore(StrictModel):
    """A score with the evaluator's reason."""

    score: FiniteFloat = Field(description="The score, on the criterion's scale.")
    note: FreeText | None = Field(None, description="Why this score.")


def _score_form(value: Any) -> str:
    # a mapping when validating, a NotedScore when serialising (a digest of in-memory input)
    return "noted" if isinstance(value, (dict, NotedScore)) else "plain"


ScoreEntry = Annotated[
    Annotated[FiniteFloat, Tag("plain")] | Annotated[NotedScore, Tag("noted")],
    Discriminator(_score_form),
]


def score_value(entry: float | NotedScore) -> float:
    """The number of a plain or noted score."""
    return entry.score if isinstance(entry, NotedScore) else float(entry)


class ScoresFile(StrictModel):
    """One evaluator's rubric scores."""

    evaluator: Text = Field(description="Evaluator name, unique per file.")
    consensus: bool = Field(
        False, description="true: these scores replace the aggregate for what they score."
    )
    scores: dict[Slug, dict[Slug, ScoreEntry]] = Field(
        description="vendor id -> criterion id -> score (or {score, note})."
    )

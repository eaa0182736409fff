"""One evaluation's input as plain, immutable models: no file, document or YAML node.

Loading builds it from files (with the digests of their bytes); a test, a spreadsheet or a
sampled scenario can build it in memory. Scoring, analysis and reporting take only this.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.settings import History
from vendorscore.models.measured import RANGES
from vendorscore.models.results import Inputs, Notice
from vendorscore.models.scores import ScoresFile
from vendorscore.models.vendor import Vendor

MEMORY = "<memory>"


@dataclass(frozen=True)
class InputFile:
    """An input file as the user named it, and the sha256 of its bytes."""

    path: str
    sha256: str


@dataclass(frozen=True)
class EvaluationInput:
    """Criteria, vendors and evaluators' score sheets, with where they came from."""

    criteria: CriteriaFile
    vendors: tuple[Vendor, ...]
    scores: tuple[ScoresFile, ...] = ()
    sources: Inputs = field(default_factory=lambda: Inputs(MEMORY, (), (), ""))
    files: tuple[InputFile, ...] = ()  # each distinct file once: criteria, vendors, scores
    warnings: tuple[Notice, ...] = ()  # the loader's warnings, shown with the ranking
    history: History | None = None  # the arrival history of workload.profile_file

    @classmethod
    def in_memory(
        cls,
        criteria: CriteriaFile,
        vendors: Sequence[Vendor],
        scores: Sequence[ScoresFile] = (),
    ) -> EvaluationInput:
        """An evaluation that never was a file; its digest is taken over the models."""
        parts = [_digest(criteria)]
        parts += sorted(_digest(v) for v in vendors)
        parts += sorted(_digest(s) for s in scores)
        sources = Inputs(MEMORY, (), (), combined_digest(parts))
        return cls(criteria, tuple(vendors), tuple(scores), sources)


def _digest(model: CriteriaFile | Vendor | ScoresFile) -> str:
    text = json.dumps(
        model.model_dump(mode="json", context=RANGES), sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


def combined_digest(parts: Sequence[str]) -> str:
    """One sha256 over the given digests (criteria first, then the sorted others)."""
    return hashlib.sha256("".join(p + "\n" for p in parts).encode()).hexdigest()

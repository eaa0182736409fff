"""The criteria file's `award:` section (SPEC §3.7): how volume may be split between vendors.

Segments are derived from what the project models (the languages criterion's demand, and
channel shares given here), or listed explicitly. The rules: how many vendors, how much of a
segment one vendor may hold, n-1 resilience, volume-weighted floors and ceilings, incumbent
locks, and the objective. ``analysis/award*.py`` turns them into a mixed-integer model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    Strict,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.common import (
    LanguageTag,
    PositiveFloat,
    PositivePercent,
    Slug,
    StrictModel,
    Text,
)
from vendorscore.models.limits import check_magnitude
from vendorscore.models.vendor import Level

MAX_SEGMENTS = 24  # segments of one award problem (README: limits)
MAX_LOCKS = 200
STEPS = (1, 2, 4, 5, 10, 20, 25, 50, 100)  # share steps that divide 100 %
SCORE = "score"  # the floor key for the ranking's 0-100 score

_LOCK = re.compile(r"^\s*(>=|<=|=|==)?\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$")


@dataclass(frozen=True)
class Lock:
    """A reserved allocation: a vendor's share of a segment, at least / at most / exactly."""

    op: Literal[">=", "<=", "="]
    percent: float

    def text(self) -> str:
        return f"{self.op} {fmt_num(self.percent)} %"


def parse_lock(value: Any) -> Lock:
    """``">= 50"``, ``"<= 30"``, ``"= 40"``, ``40`` (exactly): a percentage of the segment."""
    if isinstance(value, bool):
        raise PydanticCustomError("lock-form", "must be a share like '>= 50', '<= 30' or 40")
    if isinstance(value, (int, float)):
        op, number = "=", float(value)
    elif isinstance(value, str) and (match := _LOCK.match(value)):
        op = "=" if match.group(1) in (None, "==") else match.group(1)
        number = float(match.group(2))
    else:
        raise PydanticCustomError("lock-form", "must be a share like '>= 50', '<= 30' or 40")
    if not 0 <= number <= 100:
        raise PydanticCustomError(
            "percent-range",
            "must be a percentage from 0 to 100, got {value}",
            {"value": fmt_num(number)},
        )
    return Lock(op, number)  # type: ignore[arg-type]


LockValue = Annotated[
    Lock,
    BeforeValidator(parse_lock),
    PlainSerializer(lambda lock: lock.text(), return_type=str),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": _LOCK.pattern}, {"type": "number"}]}),
]
Bound = Annotated[float, Strict(), BeforeValidator(check_magnitude)]


class SegmentSpec(StrictModel):
    """One explicit segment: its share of the contacts and what serving it takes."""

    id: Slug = Field(description="Segment id, used in locks and in the output.")
    share: PositiveFloat = Field(description="Relative share of contact volume.")
    language: LanguageTag | None = Field(None, description="Language its contacts are in.")
    channel: Text | None = Field(None, description="Channel its contacts come by.")


class DerivedSegments(StrictModel):
    """Segments derived from the project: by language (the languages criterion's demand),
    by channel (the shares given here), or both (their product)."""

    by: list[Literal["language", "channel"]] = Field(
        min_length=1, max_length=2, description="language, channel, or both."
    )
    channels: dict[Text, PositiveFloat] | None = Field(
        None, description="Relative contact shares by channel (needed when by includes channel)."
    )

    @model_validator(mode="after")
    def _channels_given(self) -> DerivedSegments:
        if len(set(self.by)) != len(self.by):
            raise PydanticCustomError("duplicate-id", "'by' lists the same key twice")
        if "channel" in self.by and not self.channels:
            raise PydanticCustomError(
                "award-channels", "segments by channel need 'channels': {voice: 70, chat: 30}"
            )
        return self


class VendorCount(StrictModel):
    """How many vendors the award may use."""

    min: int = Field(1, ge=1, le=1000, description="At least this many vendors.")
    max: int | None = Field(None, ge=1, le=1000, description="At most this many vendors.")

    @model_validator(mode="after")
    def _ordered(self) -> VendorCount:
        if self.max is not None and self.max < self.min:
            raise PydanticCustomError(
                "award-range",
                "vendors.max ({high}) is below vendors.min ({low})",
                {"high": self.max, "low": self.min},
            )
        return self


class ShareRules(StrictModel):
    """How much of one segment one vendor may hold (percent of the segment)."""

    max: PositivePercent = Field(100, description="At most this share of a segment.")
    min_if_used: PositivePercent | None = Field(
        None, description="A vendor given a segment holds at least this share of it."
    )
    step: int | None = Field(
        None, description="Shares in whole steps of this many % (1, 2, 4, 5, 10, 20, 25, 50)."
    )

    @field_validator("step")
    @classmethod
    def _divides(cls, value: int | None) -> int | None:
        if value is not None and value not in STEPS:
            raise PydanticCustomError(
                "award-step",
                "must divide 100: one of {steps}, got {value}",
                {"steps": ", ".join(map(str, STEPS)), "value": value},
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> ShareRules:
        if self.min_if_used is not None and self.min_if_used > self.max:
            raise PydanticCustomError(
                "award-range",
                "share.min_if_used ({low} %) is above share.max ({high} %)",
                {"low": fmt_num(self.min_if_used), "high": fmt_num(self.max)},
            )
        return self


class AwardSettings(StrictModel):
    """The award problem: segments, rules and objective (README: Split awards)."""

    segments: DerivedSegments | list[SegmentSpec] = Field(
        description="{by: [language]}, {by: [language, channel], channels: {...}}, or a list."
    )
    vendors: VendorCount = Field(default_factory=VendorCount, description="{min, max}.")
    share: ShareRules = Field(default_factory=ShareRules, description="{max, min_if_used, step}.")
    resilience: Literal["none", "n-1"] = Field(
        "none",
        description="n-1: if any one awarded vendor fails, the others' declared peak "
        "capacity covers the whole peak of every segment (needs a staffing model).",
    )
    floors: dict[str, Bound] = Field(
        default_factory=dict,
        description="Volume-weighted floors: score (0-100) or a numeric vendor field.",
    )
    ceilings: dict[str, Bound] = Field(
        default_factory=dict, description="Volume-weighted ceilings on numeric vendor fields."
    )
    objective: Literal["cost", "score", "value"] = Field(
        "cost", description="cost (minimum), score (maximum), value (score per cost)."
    )
    cost_model: Literal["staffing", "linear"] | None = Field(
        None,
        description="staffing: each share staffed on its own (pooling-aware; the default "
        "under a staffing model); linear: a share costs its fraction of the whole.",
    )
    min_level: Level | None = Field(
        None,
        description="Lowest language level that serves a segment (default: the "
        "languages criterion's min_level, else B2).",
    )
    locks: dict[Slug, dict[Slug, LockValue]] = Field(
        default_factory=dict, description="Reserved shares: {vendor: {segment: '>= 50'}}."
    )

    @field_validator("segments")
    @classmethod
    def _segment_count(cls, value: Any) -> Any:
        if isinstance(value, list):
            if not value:
                raise PydanticCustomError("award-segments", "needs at least one segment")
            if len(value) > MAX_SEGMENTS:
                raise PydanticCustomError(
                    "too-many",
                    "at most {n} segments, got {m}",
                    {"n": MAX_SEGMENTS, "m": len(value)},
                )
            ids = [s.id for s in value]
            if len(set(ids)) != len(ids):
                raise PydanticCustomError("duplicate-id", "two segments share an id")
        return value

    @field_validator("locks")
    @classmethod
    def _locks(cls, value: dict[str, dict[str, Lock]]) -> dict[str, dict[str, Lock]]:
        count = sum(len(v) for v in value.values())
        if count > MAX_LOCKS:
            raise PydanticCustomError(
                "too-many", "at most {n} locks, got {m}", {"n": MAX_LOCKS, "m": count}
            )
        return value

    def lock(self, vendor: str, segment: str) -> Lock | None:
        return self.locks.get(vendor, {}).get(segment)

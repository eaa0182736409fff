"""The criteria file's `award:` section (SPEC §3.7): how volume may be split between vendors.

Segments are derived from what the project models (the languages criterion's demand, and
channel shares given here), or listed explicitly. The rules: how many vendors, how much of a
segment one vendor may hold, n-1 resilience, volume-weighted floors and ceilings, incumbent
locks, and the objective. ``analysis/award*.py`` turns them into a mixed-integer model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    PlainSerializer,
    Strict,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vendorscore.criteria.languages import LanguagesCriterion
from vendorscore.formatting import fmt_num
from vendorscore.models.common import (
    LanguageTag,
    PositiveFloat,
    PositivePercent,
    Slug,
    StrictModel,
    Text,
    empty_dict,
)
from vendorscore.models.limits import check_magnitude, show_number
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
    text: Any
    if isinstance(value, (int, float)):
        op, text = "=", value
    elif isinstance(value, str) and (match := _LOCK.match(value)):
        op = "=" if match.group(1) in (None, "==") else match.group(1)
        text = match.group(2)
    else:
        raise PydanticCustomError("lock-form", "must be a share like '>= 50', '<= 30' or 40")
    try:
        number = float(text)
    except OverflowError:  # an integer of hundreds of digits
        number = math.inf
    if not 0 <= number <= 100:
        shown = show_number(value) if isinstance(value, (int, float)) else str(text)
        raise PydanticCustomError(
            "percent-range", "must be a percentage from 0 to 100, got {value}", {"value": shown}
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


class AwardSettings(StrictModel):
    """The award problem: segments, rules and objective (README: Split awards)."""

    segments: Annotated[
        Annotated[DerivedSegments, Tag("derived")] | Annotated[list[SegmentSpec], Tag("list")],
        Discriminator(lambda v: "list" if isinstance(v, list) else "derived"),
    ] = Field(
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
        default_factory=empty_dict,
        description="Volume-weighted floors: score (0-100) or a numeric vendor field.",
    )
    ceilings: dict[str, Bound] = Field(
        default_factory=empty_dict, description="Volume-weighted ceilings on numeric vendor fields."
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
        default_factory=empty_dict, description="Reserved shares: {vendor: {segment: '>= 50'}}."
    )

    @field_validator("segments")
    @classmethod
    def _segment_count(cls, value: Any) -> Any:
        if isinstance(value, list) and not value:
            raise PydanticCustomError("award-segments", "needs at least one segment")
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


# (id, share of all contacts, language, channel)
PlannedSegment = tuple[str, float, "str | None", "str | None"]


def plan_segments(
    settings: AwardSettings, demand: Mapping[str, float] | None
) -> list[PlannedSegment] | None:
    """The award's segments with their shares of all contacts (None when they are by
    language and there is no languages criterion's ``demand``). Derived ids are the language
    tag and the channel, lower case, joined by '-' (``es-mx-chat``)."""
    spec = settings.segments
    if not isinstance(spec, DerivedSegments):
        total = sum(s.share for s in spec)
        return [(s.id, s.share / total, s.language, s.channel) for s in spec]
    lang: list[tuple[str | None, float]] = [(None, 1.0)]
    if "language" in spec.by:
        if not demand:
            return None
        total = sum(demand.values())
        lang = [(tag, share / total) for tag, share in demand.items()]
    chan: list[tuple[str | None, float]] = [(None, 1.0)]
    if "channel" in spec.by and spec.channels:
        total = sum(spec.channels.values())
        chan = [(c, share / total) for c, share in spec.channels.items()]
    return [
        ("-".join(p for p in (tag, channel) if p).casefold(), a * b, tag, channel)
        for tag, a in lang
        for channel, b in chan
    ]


def segment_problem(planned: list[PlannedSegment]) -> str | None:
    """Why these segments cannot be awarded as they are: too many, or two share an id."""
    if len(planned) > MAX_SEGMENTS:
        return (
            f"the award has {len(planned):,} segments, more than the {MAX_SEGMENTS} it allows: "
            "group languages or channels into explicit segments"
        )
    seen: set[str] = set()
    for sid, *_ in planned:
        if sid in seen:
            return f"two segments are both named '{sid}' (ids ignore case): rename one"
        seen.add(sid)
    return None


def rule_problems(settings: AwardSettings) -> list[tuple[tuple[str, ...], str]]:
    """The award's rules that cannot hold whatever the vendors: (where, why). Checked by the
    loader with every other rule, so one run reports them all."""
    out: list[tuple[tuple[str, ...], str]] = []
    count, share = settings.vendors, settings.share
    if count.max is not None and count.max < count.min:
        out.append(
            (("vendors", "max"), f"vendors.max ({count.max}) is below vendors.min ({count.min})")
        )
    if share.max < 1:
        out.append(
            (
                ("share", "max"),
                f"share.max must be at least 1 % (a vendor given a segment holds at least 1 % "
                f"of it), got {share.max!r} %",
            )
        )
    if share.step is not None and share.step > share.max:
        out.append(
            (
                ("share", "step"),
                f"share.step ({share.step} %) is above share.max ({fmt_num(share.max)} %): no "
                "share but 0 could be awarded",
            )
        )
    if share.min_if_used is not None and share.min_if_used > share.max:
        out.append(
            (
                ("share", "min_if_used"),
                f"share.min_if_used ({fmt_num(share.min_if_used)} %) is above share.max "
                f"({fmt_num(share.max)} %)",
            )
        )
    score = settings.floors.get(SCORE)
    if score is not None and not 0 <= score <= 100:
        out.append(
            (("floors", SCORE), f"a score floor must be from 0 to 100, got {fmt_num(score)}")
        )
    return out


def award_level(settings: AwardSettings, languages: LanguagesCriterion | None) -> Level:
    """The lowest language level that serves a segment: the award's ``min_level``, else the
    languages criterion's, else B2."""
    if settings.min_level is not None:
        return settings.min_level
    return languages.min_level if languages is not None else "B2"

"""The award's segments (from the languages criterion's demand, channel shares, or an explicit
list), and who may serve them: a vendor holds the segment's language at the level, with agents,
and serves its channel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vendorscore.criteria.award import AwardSettings, plan_segments, segment_problem
from vendorscore.criteria.languages import LanguagesCriterion, serves_at
from vendorscore.errors import ScoringError
from vendorscore.models.vendor import Level, Vendor


@dataclass(frozen=True)
class Segment:
    """A slice of the contacts: its id, its share of all contacts, what serving it takes."""

    id: str
    share: float  # fraction of all contacts of the workload (0..1]
    language: str | None = None
    channel: str | None = None


def segments_of(settings: AwardSettings, languages: LanguagesCriterion | None) -> list[Segment]:
    """The award's segments (``criteria.award.plan_segments``), checked."""
    planned = plan_segments(settings, languages.demand if languages is not None else None)
    if planned is None:
        raise ScoringError(
            ("award", "segments", "by"),
            "award-segments",
            "segments by language need a languages criterion with a demand",
        )
    if (problem := segment_problem(planned)) is not None:
        raise ScoringError(("award", "segments"), "award-segments", problem)
    return [Segment(sid, share, tag, channel) for sid, share, tag, channel in planned]


def why_not(
    vendor: Vendor, segment: Segment, level: Level, demanded: Sequence[str] = ()
) -> str | None:
    """Why a vendor may not serve a segment (None when it may). A segment without a language
    takes contacts in every ``demanded`` language, so the vendor must hold them all."""
    tags = [segment.language] if segment.language is not None else list(demanded)
    for tag in tags:
        if not serves_at(vendor, tag, level)[0]:
            return f"does not serve {tag} at {level} or better"
    if segment.channel is not None and segment.channel.casefold() not in {
        c.casefold() for c in vendor.channels or ()
    }:
        return f"does not serve the {segment.channel} channel"
    return None


def language_caps(
    vendors: Sequence[Vendor], segments: Sequence[Segment], level: Level
) -> tuple[tuple[int, tuple[int, ...], int, str], ...]:
    out = []
    tags = dict.fromkeys(s.language for s in segments if s.language)
    for i, vendor in enumerate(vendors):
        for tag in tags:
            serves, agents = serves_at(vendor, tag, level)
            if serves and agents is not None:
                group = tuple(j for j, s in enumerate(segments) if s.language == tag)
                out.append((i, group, agents, tag))
    return tuple(out)

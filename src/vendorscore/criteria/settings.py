"""The parts of a criteria file that are not criteria: gates, the workload, method options."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.common import (
    Day,
    FiniteFloat,
    IsoDate,
    NonNegativeFloat,
    PositiveFloat,
    PositivePercent,
    ShortStr,
    StrictModel,
    Text,
    TimeZone,
    empty_list,
    percent_check,
)
from vendorscore.models.limits import check_magnitude

GateOp = Literal[">=", ">", "<=", "<", "==", "!=", "in", "not_in", "contains"]
Scalar = FiniteFloat | bool | ShortStr


def _gate_value(value: Any) -> Any:
    """A number out of range is one error here, not one per member of the union below."""
    for item in value if isinstance(value, list) else [value]:
        check_magnitude(item)
    return value


class Gate(StrictModel):
    """A must-have on any vendor field; vendors failing it are excluded."""

    field: ShortStr = Field(description="Dotted path in the vendor file, e.g. capacity.agents.")
    op: GateOp = Field(description="Comparison: >= > <= < == != in not_in contains.")
    value: Annotated[Scalar | list[Scalar], BeforeValidator(_gate_value)] = Field(
        description="What the field is compared with."
    )
    label: Text | None = Field(None, description="How the gate is named in reasons.")


StaffingModel = Literal["flat", "erlang_c", "erlang_a"]
Month = Literal["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTHS: tuple[Month, ...] = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
)  # fmt: skip
MAX_PATIENCE = 3600.0  # seconds: an hour of mean patience is already Erlang C
MAX_CONTRACT_YEARS = 50.0  # a contract term's dates stay real calendar days (to 2200 + 50)


def _below_hundred(value: Any) -> Any:
    """A percentage from 0 up to, not including, 100."""
    percent_check(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 100:
        raise PydanticCustomError(
            "percent-range",
            "must be a percentage from 0 to below 100, got {value}",
            {"value": fmt_num(value)},
        )
    return value


BelowHundred = Annotated[
    float,
    BeforeValidator(_below_hundred),
    WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": 100}),
]


def _open_percent(value: Any) -> Any:
    """Above 0 and below 100 (a service-level target of 100 % needs infinite agents)."""
    _below_hundred(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
        raise PydanticCustomError(
            "percent-range",
            "must be a percentage above 0 and below 100, got {value}",
            {"value": fmt_num(value)},
        )
    return value


OpenPercent = Annotated[
    float,
    BeforeValidator(_open_percent),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100}),
]


def _seconds(value: Any, low: float, high: float, what: str) -> Any:
    check_magnitude(value)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and not low <= value <= high:
        raise PydanticCustomError(
            "out-of-range",
            "{what} must be from {low} to {high} seconds, got {value}",
            {"what": what, "low": fmt_num(low), "high": fmt_num(high), "value": fmt_num(value)},
        )
    return value


AnswerSeconds = Annotated[float, BeforeValidator(lambda v: _seconds(v, 0, 3600, "the answer time"))]
PatienceSeconds = Annotated[
    float, BeforeValidator(lambda v: _seconds(v, 1, MAX_PATIENCE, "patience"))
]


class ServiceLevel(StrictModel):
    """A service-level target: ``percent`` of the offered contacts answered within
    ``seconds``."""

    percent: OpenPercent = Field(description="% of offered contacts answered in time (0-100).")
    seconds: AnswerSeconds = Field(description="The answer-time target, in seconds (0-3600).")

    def text(self) -> str:
        """80/20, the way planners write it."""
        return f"{fmt_num(self.percent)}/{fmt_num(self.seconds)}"


class ProfileEvent(StrictModel):
    """Days whose arrivals are multiplied by ``factor`` (a sale, a returns wave)."""

    name: Text = Field(description="What the event is, e.g. BFCM.")
    start: IsoDate = Field(alias="from", description="First day, YYYY-MM-DD (local).")
    end: IsoDate = Field(alias="to", description="Last day, YYYY-MM-DD (local, inclusive).")
    factor: NonNegativeFloat = Field(description="Multiplier of those days' arrivals (>= 0).")

    @model_validator(mode="after")
    def _ordered(self) -> ProfileEvent:
        if self.end < self.start:
            raise PydanticCustomError(
                "event-order",
                "the event ends ({end}) before it starts ({start})",
                {"end": self.end.isoformat(), "start": self.start.isoformat()},
            )
        return self


class Profile(StrictModel):
    """When contacts arrive over the year, in the customer's time zone: relative weights
    multiplied together (interval of the day x weekday x month x events)."""

    timezone: TimeZone = Field(description="IANA time zone of the customers' clock.")
    intraday: list[NonNegativeFloat] | None = Field(
        None,
        max_length=96,
        description="One weight per interval of the day from 00:00 (24 for hourly, 48 for "
        "30-minute, 96 for 15-minute intervals; an hourly list is spread over shorter "
        "intervals); 0 = closed. Default: every interval alike.",
    )
    weekday: dict[Day, NonNegativeFloat] | None = Field(
        None, description="Weight of each weekday (a day left out weighs 1)."
    )
    month: dict[Month, NonNegativeFloat] | None = Field(
        None, description="Weight of each month (a month left out weighs 1)."
    )
    events: list[ProfileEvent] = Field(
        default_factory=empty_list, max_length=366, description="Dated multipliers."
    )


class Workload(StrictModel):
    """The buyer's volume model that turns every pricing unit into an annual cost."""

    contacts_per_year: PositiveFloat = Field(description="Contacts handled per year.")
    aht_seconds: PositiveFloat = Field(description="Average handle time per contact, seconds.")
    occupancy: PositivePercent = Field(
        description="% of productive time spent handling contacts (above 0, up to 100)."
    )
    hours_per_fte_month: PositiveFloat | None = Field(
        None,
        description="Paid (rostered) hours in one billed FTE-month: FTE-months = staffed hours "
        "/ (1 - shrinkage) / this (needed for per_fte_month).",
    )
    contract_years: PositiveFloat | None = Field(
        None,
        le=MAX_CONTRACT_YEARS,
        description="The contract's length in years, at most 50: setup fees are spread over it "
        "and the risk register reads certificates over it (needed when a setup fee is quoted; "
        "one year when not given).",
    )
    model: StaffingModel = Field(
        "flat",
        description="flat: hours = contacts x AHT / 3600 / occupancy; erlang_c or erlang_a: "
        "the agents each interval of the year needs to meet the service level.",
    )
    service_level: ServiceLevel | None = Field(
        None, description="erlang_c and erlang_a: the target, e.g. {percent: 80, seconds: 20}."
    )
    max_occupancy: PositivePercent = Field(
        100.0, description="erlang models: % cap on planned occupancy in any interval."
    )
    shrinkage: BelowHundred = Field(
        0.0, description="% of paid time not on queue (breaks, training, absence), below 100."
    )
    patience_seconds: PatienceSeconds | None = Field(
        None, description="erlang_a: customers' mean patience before abandoning, 1-3600 s."
    )
    aht: Literal["workload", "vendor"] = Field(
        "workload",
        description="workload: every vendor at aht_seconds; vendor: each vendor's "
        "kpis.aht_seconds (the workload's where a vendor gives none).",
    )
    interval_minutes: Literal[15, 30, 60] = Field(
        30, description="erlang models: length of a staffing interval, minutes."
    )
    profile: Profile | None = Field(
        None, description="erlang models: when contacts arrive (default: evenly, every hour)."
    )
    profile_file: ShortStr | None = Field(
        None,
        description="erlang models: a CSV of timestamp,contacts (an ACD export of hourly, "
        "30- or 15-minute history), relative to the criteria file, scaled to "
        "contacts_per_year; its time zone is profile.timezone.",
    )
    peak_gate: bool = Field(
        False,
        description="erlang models: exclude vendors whose declared capacity cannot field the "
        "rostered headcount of the peak interval.",
    )

    @property
    def staffed(self) -> bool:
        """True when the cost follows an interval-by-interval staffing model."""
        return self.model != "flat"

    @property
    def term_years(self) -> float:
        """The contract's length in years: ``contract_years``, one year when not given (the
        same for the setup fee's share a year, the contract total and the risk register)."""
        return self.contract_years or 1.0


class TopsisOptions(StrictModel):
    """Options of the TOPSIS method."""

    normalization: Literal["vector", "utility"] = Field(
        "vector", description="vector: textbook, on raw values; utility: on the utilities."
    )


@dataclass(frozen=True)
class StaffedHours:
    """A vendor's hours under a staffing model (computed by scoring, read by the cost kind)."""

    productive: float  # agent-hours on queue
    rostered: float  # productive hours grossed up by shrinkage


@dataclass(frozen=True)
class History:
    """An arrival history read from ``profile_file``: counts per interval, local start times."""

    starts: tuple[datetime, ...]  # naive local times in the profile's time zone
    counts: tuple[float, ...]
    minutes: int  # the history's interval length
    display: str = ""  # the file as the user names it
    sha256: str = ""  # of its bytes

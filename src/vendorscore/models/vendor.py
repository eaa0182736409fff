"""The vendor file (SPEC §2): one vendor per file, or a ``vendors:`` list of them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.common import (
    DAY_WORDS,
    Country,
    Currency,
    Day,
    DayWords,
    EndTime,
    FiniteFloat,
    IsoDate,
    LanguageTag,
    MetricName,
    NonNegativeFloat,
    NonNegativeInt,
    Percent,
    PositiveFloat,
    Slug,
    StartTime,
    StrictModel,
    Text,
    TimeZone,
)
from vendorscore.models.limits import check_magnitude
from vendorscore.models.measured import (
    ANY,
    COUNT,
    NON_NEGATIVE,
    NPS,
    PERCENT,
    POSITIVE,
    Measure,
)

# Numbers that may be written as a range or distribution (``measured.py``).
RatePrice = Annotated[float, Measure(PositiveFloat, POSITIVE)]
Fee = Annotated[float, Measure(NonNegativeFloat, NON_NEGATIVE)]
Share = Annotated[float, Measure(Percent, PERCENT)]
Count = Annotated[int, Measure(NonNegativeInt, COUNT)]
Amount = Annotated[float, Measure(NonNegativeFloat, NON_NEGATIVE)]


def _nps(value: Any) -> Any:
    check_magnitude(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not -100 <= value <= 100:
        raise PydanticCustomError(
            "out-of-range", "must be from -100 to 100, got {value}", {"value": fmt_num(value)}
        )
    return value


NpsFloat = Annotated[
    FiniteFloat,
    BeforeValidator(_nps),
    WithJsonSchema({"type": "number", "minimum": -100, "maximum": 100}),
]
Score = Annotated[float, Measure(NpsFloat, NPS)]
Figure = Annotated[float, Measure(FiniteFloat, ANY)]

PricingUnit = Literal[
    "per_productive_hour", "per_fte_month", "per_minute", "per_contact", "per_resolved_contact"
]
Level = Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"]
LEVELS: tuple[Level, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


class Site(StrictModel):
    """A delivery site."""

    name: Text = Field(description="Site name, e.g. the city.")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2 country code.")
    timezone: TimeZone | None = Field(None, description="IANA time zone of the site.")
    seats: NonNegativeInt | None = Field(None, description="Seats at the site.")


class Pricing(StrictModel):
    """The quoted price: one rate in one unit and currency."""

    currency: Currency = Field(description="ISO 4217 currency of the rate and setup fee.")
    unit: PricingUnit = Field(description="What one `rate` buys.")
    rate: RatePrice = Field(description="Price per unit, > 0, in `currency`.")
    setup_fee: Fee = Field(0.0, description="One-off transition fee in `currency`.")
    resolution_rate: Share | None = Field(
        None,
        description="% of contacts resolved (billed); only for per_resolved_contact (default 100).",
    )

    @model_validator(mode="after")
    def _resolution_rate_only_when_billed(self) -> Pricing:
        if self.resolution_rate is not None and self.unit != "per_resolved_contact":
            raise PydanticCustomError(
                "resolution-rate-unused",
                "resolution_rate only applies to unit per_resolved_contact, not {unit}",
                {"unit": self.unit},
            )
        return self


def expand_days(days: list[Day] | DayWords) -> tuple[Day, ...]:
    """Day words (`daily`, `weekdays`, `weekends`) or a list, as a tuple of weekday names."""
    return DAY_WORDS[days] if isinstance(days, str) else tuple(days)


def _days_form(value: Any) -> str:
    return "word" if isinstance(value, str) else "list"


Days = Annotated[
    Annotated[list[Day], Tag("list")] | Annotated[DayWords, Tag("word")],
    Discriminator(_days_form),
]


class WindowTimes(StrictModel):
    """A weekly window in a named time zone."""

    days: Days = Field(
        description="Local weekdays on which the window starts; or daily, weekdays, weekends."
    )
    start: StartTime = Field(description='Local start time "HH:MM".')
    end: EndTime = Field(
        description='Local end time "HH:MM" ("24:00" allowed); end <= start runs past midnight.'
    )
    timezone: TimeZone = Field(description="IANA time zone the times are in.")

    @field_validator("days")
    @classmethod
    def _days_unique(cls, value: list[Day] | DayWords) -> list[Day] | DayWords:
        if isinstance(value, list):
            if not value:
                raise PydanticCustomError("empty-days", "days must name at least one day")
            dupes = sorted({d for d in value if value.count(d) > 1})
            if dupes:
                raise PydanticCustomError(
                    "duplicate-day", "day listed twice: {days}", {"days": ", ".join(dupes)}
                )
        return value


class Window(WindowTimes):
    """A weekly window of service, optionally limited to some channels."""

    channels: list[Text] | None = Field(
        None, description="Channels served in this window; absent means every channel."
    )


class LanguageSkill(StrictModel):
    """A language the vendor serves, at a level, with an optional agent count."""

    code: LanguageTag = Field(description="BCP-47 language tag, e.g. es-MX.")
    level: Level = Field(description="native, or a CEFR level A1..C2.")
    agents: Count | None = Field(None, description="Agents working in this language.")


class Certification(StrictModel):
    """A certification or attestation held (or being obtained) by the vendor."""

    name: Text = Field(description="Certificate name, e.g. 'ISO 27001'.")
    status: Literal["active", "in_progress", "expired"] = Field(
        "active", description="active (default), in_progress or expired."
    )
    expires: IsoDate | None = Field(None, description="Expiry date, YYYY-MM-DD.")

    def valid_on(self, day: date) -> bool:
        """Active and not expired on that day (a certificate expiring on `day` still counts)."""
        return self.status == "active" and (self.expires is None or self.expires >= day)


def _certification_form(value: Any) -> str:
    return "short" if isinstance(value, str) else "full"


CertificationEntry = Annotated[
    Annotated[Certification, Tag("full")] | Annotated[Text, Tag("short")],
    Discriminator(_certification_form),
]


class Capacity(StrictModel):
    """Seats now and how fast the vendor can grow for peaks."""

    agents: Count | None = Field(None, description="Agents available now.")
    ramp_agents: Count | None = Field(None, description="Extra agents it can add.")
    ramp_days: Count | None = Field(None, description="Days to add ramp_agents.")
    peak_flex: Amount | None = Field(
        None, description="Peak capacity as % of baseline (200 = can double)."
    )


class Kpis(StrictModel):
    """Reported service KPIs (percentages 0-100 unless named otherwise)."""

    fcr: Share | None = Field(None, description="First-contact resolution, %.")
    csat: Share | None = Field(None, description="Customer satisfaction, %.")
    nps: Score | None = Field(None, description="Net promoter score.")
    aht_seconds: RatePrice | None = Field(None, description="Average handle time, seconds.")
    service_level: Share | None = Field(None, description="% of contacts answered in target.")
    attrition: Share | None = Field(None, description="Annual agent attrition, %.")
    qa_score: Share | None = Field(None, description="Internal QA score, %.")


class Vendor(StrictModel):
    """One candidate vendor. Every section except id and name is optional (missing data)."""

    id: Slug = Field(description="Unique id across the project (a slug).")
    name: Text = Field(description="Display name.")
    hq_country: Country | None = Field(None, description="Headquarters country, ISO 3166-1.")
    sites: list[Site] | None = Field(None, description="Delivery sites.")
    pricing: Pricing | None = Field(None, description="The quoted price.")
    coverage: list[Window] | None = Field(None, description="Weekly windows of service.")
    closed: list[IsoDate] | None = Field(
        None, description="Dates with no service, in each window's own time zone."
    )
    languages: list[LanguageSkill] | None = Field(None, description="Languages served.")
    certifications: list[CertificationEntry] | None = Field(
        None, description="Certificates, as mappings or plain names (active, no expiry)."
    )
    channels: list[Text] | None = Field(None, description="Channels served.")
    platforms: list[Text] | None = Field(None, description="Platforms the vendor works in.")
    capacity: Capacity | None = Field(None, description="Capacity and ramp-up.")
    kpis: Kpis | None = Field(None, description="Reported KPIs.")
    metrics: dict[MetricName, Figure] | None = Field(
        None, description="Free-form numbers for custom numeric criteria."
    )

    def certificates(self) -> list[Certification]:
        """Certifications with the short form expanded."""
        return [
            Certification(name=c) if isinstance(c, str) else c for c in self.certifications or ()
        ]


class VendorList(StrictModel):
    """A file holding several vendors (used for large catalogues)."""

    vendors: list[Vendor] = Field(min_length=1, description="The vendors.")

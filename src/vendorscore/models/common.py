"""Shared field types: slugs, times, time zones, ISO codes, dates, percentages, strict base model.

Every rule raises ``PydanticCustomError`` whose *type* is the diagnostic code users see, so
messages stay ours ("weight must be >= 0, got -5") instead of pydantic's defaults.
"""

from __future__ import annotations

import difflib
import math
import re
import zoneinfo
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.codes import COUNTRIES, CURRENCIES, LANGUAGES
from vendorscore.models.limits import (
    MAX_NAME,
    MAX_TEXT,
    check_date,
    check_length,
    check_magnitude,
    show_number,
)


class StrictModel(BaseModel):
    """Base of every input model: unknown keys are errors, numbers must be finite."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        hide_input_in_errors=False,
        defer_build=True,  # built on first use: validating a vendor file builds no criteria model
    )


def empty_dict() -> dict[Any, Any]:
    """A field's default ``{}``. A Python function, not ``dict``: pydantic reads a default
    factory's signature, and a builtin's is parsed from text with ``tokenize``, whose
    patterns compile on first use (~8 ms of every run)."""
    return {}


def empty_list() -> list[Any]:
    """A field's default ``[]`` (see ``empty_dict``)."""
    return []


def _fail(code: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, ctx or None)


# --- identifiers ---------------------------------------------------------------------------

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _slug(value: Any) -> Any:
    check_length(value)
    if isinstance(value, str) and not SLUG_RE.fullmatch(value):
        raise _fail(
            "bad-id",
            "'{value}' is not a valid id: use lowercase letters, digits, '-' and '_', "
            "starting with a letter or digit",
            value=value,
        )
    return value


Slug = Annotated[
    str,
    BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern, "maxLength": MAX_NAME}),
]


def _text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise _fail("empty-text", "must not be empty")
    return check_length(value)


Text = Annotated[
    str,
    BeforeValidator(_text),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_NAME}),
]
"""A name, a label or another short text: not blank, at most ``MAX_NAME`` characters."""
ShortStr = Annotated[
    str, BeforeValidator(check_length), WithJsonSchema({"type": "string", "maxLength": MAX_NAME})
]
"""A short text that may be empty (item names, field paths, gate values)."""
FreeText = Annotated[
    str,
    BeforeValidator(lambda v: check_length(v, MAX_TEXT)),
    WithJsonSchema({"type": "string", "maxLength": MAX_TEXT}),
]
"""Descriptions and notes: at most ``MAX_TEXT`` characters."""

# --- times ---------------------------------------------------------------------------------

TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def time_to_minutes(value: str) -> int:
    """``"HH:MM"`` (or ``"24:00"``) to minutes after midnight."""
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _time(value: Any, *, allow_24: bool) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        digits = f"{value:04d}"
        raise _fail(
            "bad-time",
            'time must be a quoted "HH:MM" string, got the number {value} (hint: write "{hint}")',
            value=value,
            hint=f"{digits[:-2]}:{digits[-2:]}" if value < 10000 else "HH:MM",
        )
    if isinstance(value, str):
        if value == "24:00":
            if not allow_24:
                raise _fail("bad-time", '"24:00" is only allowed as an end time')
            return value
        if not TIME_RE.fullmatch(value):
            hint = ""
            if re.fullmatch(r"\d:\d\d", value):
                hint = f' (hint: write "0{value}")'
            raise _fail(
                "bad-time",
                "'{value}' is not a valid time: use 24-hour \"HH:MM\" from 00:00 to 23:59" + hint,
                value=value,
            )
    return value


_TIME_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
StartTime = Annotated[
    str, BeforeValidator(lambda v: _time(v, allow_24=False)), WithJsonSchema(_TIME_SCHEMA)
]
EndTime = Annotated[
    str,
    BeforeValidator(lambda v: _time(v, allow_24=True)),
    WithJsonSchema({"type": "string", "pattern": r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"}),
]

# --- time zones ----------------------------------------------------------------------------

_TZ_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")


@lru_cache(maxsize=1)
def _all_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=4096)
def load_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA zone of that name, or None when there is none (cached: catalogues repeat zones)."""
    if not _TZ_SHAPE.fullmatch(name) or name in {"localtime", "posixrules", "Factory"}:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _timezone(value: Any) -> Any:
    check_length(value)  # before the fuzzy match, which is slow on long texts
    if isinstance(value, str) and load_zone(value) is None:
        folded = {zone.lower(): zone for zone in _all_zones()}
        close = [folded[value.lower()]] if value.lower() in folded else []
        close = close or difflib.get_close_matches(value, _all_zones(), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise _fail(
            "bad-timezone",
            "'{value}' is not an IANA time zone such as 'America/New_York'" + hint,
            value=value,
        )
    return value


TimeZone = Annotated[
    str,
    BeforeValidator(_timezone),
    WithJsonSchema({"type": "string", "description": "IANA time zone, e.g. America/New_York"}),
]

# --- ISO codes -----------------------------------------------------------------------------


def _country(value: Any) -> Any:
    if isinstance(value, bool):
        raise _fail(
            "bad-country", "got a boolean: quote the country code (YAML 1.1 reads NO as false)"
        )
    return _code(value, COUNTRIES, "bad-country", "an ISO 3166-1 alpha-2 country code")


def _code(value: Any, known: frozenset[str], code: str, what: str) -> Any:
    """Upper-case ISO codes from a fixed list, with a hint when only the case is wrong."""
    if isinstance(value, str) and value not in known:
        hint = " (use upper case)" if value.upper() in known else ""
        raise _fail(code, "'{value}' is not " + what + hint, value=value)
    return value


Country = Annotated[
    str,
    BeforeValidator(_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRIES)}),
]


def _currency(value: Any) -> Any:
    return _code(value, CURRENCIES, "bad-currency", "an ISO 4217 currency code")


Currency = Annotated[
    str,
    BeforeValidator(_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCIES)}),
]

BCP47_RE = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?"
    r"(-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(-x(-[A-Za-z\d]{1,8})+)?$"
)


def _language_tag(value: Any) -> Any:
    if isinstance(value, bool):
        raise _fail("bad-language", "got a boolean: quote the language tag")
    check_length(value)
    if isinstance(value, str):
        match = BCP47_RE.fullmatch(value)
        if not match or (len(match["lang"]) == 2 and match["lang"].lower() not in LANGUAGES):
            raise _fail(
                "bad-language",
                "'{value}' is not a BCP-47 language tag such as 'en', 'es-MX' or 'pt-BR'",
                value=value,
            )
    return value


LanguageTag = Annotated[
    str,
    BeforeValidator(_language_tag),
    WithJsonSchema({"type": "string", "description": "BCP-47 tag, e.g. es-MX"}),
]

# --- dates and numbers ---------------------------------------------------------------------

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value: Any) -> str:
    """A value as a date message quotes it: text in quotes, numbers as written, else its type."""
    if isinstance(value, str):
        return repr(value[:MAX_NAME])
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {show_number(value)}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return check_date(value)
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise _fail("bad-date", "'{value}' is not a real calendar date", value=value) from None
        return check_date(day)
    raise _fail("bad-date", "expected a date as YYYY-MM-DD, got {value}", value=_shown(value))


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _finite(value: Any) -> Any:
    """Finite, and below 10^15 in magnitude (``limits.check_magnitude``)."""
    return check_magnitude(value)


def percent_check(value: Any) -> Any:
    """0 to 100 inclusive (percentages are never 0-1 fractions in vendorscore). The range is
    checked first, so a huge number in a percentage field is named as a percentage problem."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and (isinstance(value, int) or math.isfinite(value)) and not 0 <= value <= 100:
        raise _fail(
            "percent-range", "must be a percentage from 0 to 100, got {value}", value=fmt_num(value)
        )
    _finite(value)
    if number and not 0 <= value <= 100:
        raise _fail(
            "percent-range", "must be a percentage from 0 to 100, got {value}", value=fmt_num(value)
        )
    return value


Percent = Annotated[
    float,
    BeforeValidator(percent_check),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]


def _positive_percent(value: Any) -> Any:
    percent_check(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
        raise _fail(
            "percent-range",
            "must be a percentage above 0 and up to 100, got {value}",
            value=fmt_num(value),
        )
    return value


PositivePercent = Annotated[
    float,
    BeforeValidator(_positive_percent),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100}),
]
"""A share that must not be 0 (occupancy divides the productive hours)."""


def _positive(value: Any) -> Any:
    _finite(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
        raise _fail("not-positive", "must be > 0, got {value}", value=fmt_num(value))
    return value


def _non_negative(value: Any) -> Any:
    _finite(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise _fail("negative", "must be >= 0, got {value}", value=fmt_num(value))
    return value


PositiveFloat = Annotated[
    float, BeforeValidator(_positive), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
NonNegativeFloat = Annotated[
    float, BeforeValidator(_non_negative), WithJsonSchema({"type": "number", "minimum": 0})
]
NonNegativeInt = Annotated[
    int, BeforeValidator(_non_negative), WithJsonSchema({"type": "integer", "minimum": 0})
]
FiniteFloat = Annotated[
    float, Strict(), BeforeValidator(_finite), WithJsonSchema({"type": "number"})
]

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DayWords = Literal["daily", "weekdays", "weekends"]
DAY_WORDS: dict[str, tuple[Day, ...]] = {
    "daily": DAYS,
    "weekdays": DAYS[:5],
    "weekends": DAYS[5:],
}


def _metric_key(value: Any) -> Any:
    check_length(value)
    if isinstance(value, str) and "." in value:
        raise _fail("bad-metric", "metric names cannot contain '.', got '{value}'", value=value)
    return value


MetricName = Annotated[str, BeforeValidator(_metric_key)]

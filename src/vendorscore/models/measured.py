"""Uncertain figures (README): a vendor's number written as a range or a distribution.

Any numeric vendor field that feeds a criterion may be written as a mapping instead of a
number::

    rate: {low: 11.0, high: 12.5}                       # uniform
    rate: {low: 11.0, mode: 11.5, high: 12.5}           # triangular (shape: pert for PERT)
    fcr: {mean: 80, sd: 2}                              # normal, truncated to the field's range
    csat: {value: 88, plus_minus: 3}                    # uniform on value ± 3
    rate: {value: 12, minus_percent: 5, plus_percent: 15, shape: triangular}
    fcr: {value: 80, audited: true}                     # exact, exempt from the defaults

The field then holds a ``MeasuredFloat`` (or ``MeasuredInt``): a number equal to the **point
value** that ranking uses (the stated ``value``; else the mode; else the mean), which also
carries the ``spread`` it came from. Everything that reads a number keeps reading one; the
uncertainty analysis looks for these (``spread_of``). Every end of a range is checked against
the field's own bounds (a negative rate is refused with the position of the key that made it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.limits import MAX_MAGNITUDE
from vendorscore.models.spread import RANGE_KEYS, SPREADS, Relative, Shape, Spread

__all__ = ["RANGE_KEYS", "Relative", "Shape", "Spread"]


@dataclass(frozen=True)
class Bounds:
    """A field's valid range, for checking a spread's ends and truncating a normal one."""

    low: float = -MAX_MAGNITUDE
    high: float = MAX_MAGNITUDE
    low_open: bool = True
    high_open: bool = True
    whole: bool = False  # an agent count: draws are rounded to whole numbers

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def text(self) -> str:
        low = f"{'>' if self.low_open else '>='} {fmt_num(self.low)}"
        high = f"{'<' if self.high_open else '<='} {fmt_num(self.high)}"
        if self.low <= -MAX_MAGNITUDE:
            return f"must be {high}"
        if self.high >= MAX_MAGNITUDE:
            return f"must be {low}"
        return f"must be {low} and {high}"


class MeasuredFloat(float):
    """A float equal to a spread's point value, carrying the spread and the field's bounds."""

    spread: Spread
    bounds: Bounds

    def __new__(cls, point: float, spread: Spread, bounds: Bounds) -> MeasuredFloat:
        out = super().__new__(cls, point)
        out.spread, out.bounds = spread, bounds
        return out

    def __reduce__(self) -> Any:
        return (MeasuredFloat, (float(self), self.spread, self.bounds))


class MeasuredInt(int):
    """An int equal to a spread's point value rounded to a whole number (agent counts)."""

    spread: Spread
    bounds: Bounds

    def __new__(cls, point: float, spread: Spread, bounds: Bounds) -> MeasuredInt:
        out = super().__new__(cls, round(point))
        out.spread, out.bounds = spread, bounds
        return out

    def __reduce__(self) -> Any:
        return (MeasuredInt, (int(self), self.spread, self.bounds))


def spread_of(value: Any) -> Spread | None:
    """The spread a vendor figure was written with (None for a plain number)."""
    return value.spread if isinstance(value, (MeasuredFloat, MeasuredInt)) else None


def _ends_by_key(spread: Spread) -> list[tuple[str, float]]:
    """Each end of the spread, named by the key that sets it (for a positioned error)."""
    if spread.low is not None and spread.high is not None:
        keys = [("low", spread.low), ("high", spread.high)]
        return keys + ([("mode", spread.mode)] if spread.mode is not None else [])
    if spread.mean is not None:
        return [("mean", spread.mean)]
    assert spread.value is not None
    low, high = spread.ends()
    named = [("value", spread.value)]
    if spread.sd is not None:
        return named
    names = [n for n in SPREADS if getattr(spread, n) is not None]
    low_key = next((n for n in names if not n.startswith("plus_") and n != "plus"), "value")
    high_key = next((n for n in names if n != "minus" and n != "minus_percent"), "value")
    if "plus_minus" in names or "plus_minus_percent" in names:
        low_key = high_key = names[0]
    return [*named, (low_key, low), (high_key, high)]


def _check(spread: Spread, bounds: Bounds, raw: dict[str, Any]) -> None:
    errors: list[InitErrorDetails] = []
    for key, number in _ends_by_key(spread):
        if not bounds.holds(number) and not any(e["loc"] == (key,) for e in errors):
            end = {"low": "low end", "high": "high end"}.get(key, key)
            shown = f"{number:.15g}"  # every digit that matters: 100.00005, not 100
            message = (
                f"the range's {end} {shown} is outside the field: {bounds.text()}"
                if key in ("low", "high", "mode", "value", "mean")
                else f"{key} takes the range to {shown}, outside the field: {bounds.text()}"
            )
            errors.append(
                InitErrorDetails(
                    type=PydanticCustomError("range-bounds", message),
                    loc=(key,),
                    input=raw.get(key),
                )
            )
    if bounds.whole and spread.mean is None:  # a count's range starts and ends on a whole number
        for key, number in _ends_by_key(spread):
            if number != round(number) and not any(e["loc"] == (key,) for e in errors):
                errors.append(
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "not-whole",
                            f"an agent count's range is in whole numbers, got {fmt_num(number)}",
                        ),
                        loc=(key,),
                        input=raw.get(key),
                    )
                )
    if errors:
        raise ValidationError.from_exception_data("Spread", errors)


def _spread(value: dict[str, Any]) -> Spread:
    """The mapping as a ``Spread``; an error about one key's value (``low`` above ``high``, a
    mode outside the range) is placed at that key."""
    try:
        return Spread.model_validate(value)
    except ValidationError as error:
        errors = error.errors()
        keys = [(e.get("ctx") or {}).get("key") if not e["loc"] else None for e in errors]
        if not any(keys):
            raise
        placed = [
            InitErrorDetails(
                type=PydanticCustomError(e["type"], e["msg"], e.get("ctx")),
                loc=(*e["loc"], key) if key else e["loc"],
                input=e.get("input"),
            )
            for e, key in zip(errors, keys, strict=True)
        ]
        raise ValidationError.from_exception_data("Spread", placed) from None


class Measure:
    """Annotated metadata making a number field accept a spread: ``Annotated[float,
    Measure(PositiveFloat, POSITIVE)]`` validates a plain number as ``PositiveFloat`` would,
    and a mapping as a ``Spread`` whose every end lies within ``bounds``. Its JSON Schema
    is either."""

    def __init__(self, base: Any, bounds: Bounds) -> None:
        self.base, self.bounds = base, bounds

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        inner = handler.generate_schema(self.base)
        return core_schema.no_info_wrap_validator_function(
            self._validate,
            inner,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialise, info_arg=True
            ),
        )

    def _validate(self, value: Any, handler: Any) -> Any:
        if not isinstance(value, dict):
            return handler(value)
        spread = _spread(value)
        _check(spread, self.bounds, value)
        if spread.exact and spread.value is not None and not spread.audited and len(value) == 1:
            return handler(spread.value)
        kind = MeasuredInt if self.bounds.whole else MeasuredFloat
        return kind(spread.point, spread, self.bounds)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        from pydantic import TypeAdapter

        plain = handler(schema)
        spread = handler(TypeAdapter(Spread).core_schema)
        return {"anyOf": [plain, spread]}


PERCENT = Bounds(0.0, 100.0, False, False)
POSITIVE = Bounds(0.0, MAX_MAGNITUDE, True, True)
NON_NEGATIVE = Bounds(0.0, MAX_MAGNITUDE, False, True)
COUNT = Bounds(0.0, MAX_MAGNITUDE, False, True, whole=True)
NPS = Bounds(-100.0, 100.0, False, False)
ANY = Bounds()


_MEASURED = (MeasuredFloat, MeasuredInt)


def measured_figures(vendor: Any) -> Iterator[tuple[tuple[str | int, ...], str, Any]]:
    """Every number of a vendor that may carry a spread: (location in the file, field path,
    value), a language's agents at ``languages.agents``."""
    for section in ("pricing", "capacity", "kpis"):
        block = getattr(vendor, section)
        for name, value in block.__dict__.items() if block is not None else ():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                yield (section, name), f"{section}.{name}", value
    for name, value in (vendor.metrics or {}).items():
        yield ("metrics", name), f"metrics.{name}", value
    for i, skill in enumerate(vendor.languages or ()):
        yield ("languages", i, "agents"), "languages.agents", skill.agents


def has_spread(vendor: Any) -> bool:
    """Whether any figure of a vendor was written with a spread (a vendor model; ``Any``
    keeps this module free of the vendor model it serves). The same walk as
    ``measured_figures``, written flat: every ``rank`` asks it of every vendor."""
    for section in (vendor.pricing, vendor.capacity, vendor.kpis):
        if section is not None and any(type(v) in _MEASURED for v in section.__dict__.values()):
            return True
    if vendor.metrics and any(type(v) in _MEASURED for v in vendor.metrics.values()):
        return True
    return any(type(s.agents) in _MEASURED for s in vendor.languages or ())


RANGES = {"ranges": True}
"""``model_dump(context=RANGES)`` writes a figure with a spread as its mapping (what the file
said); without it, as its point value (a number, for sheets and anything that wants one)."""


def _serialise(value: Any, info: Any) -> Any:
    spread = spread_of(value)
    if spread is None:
        return value
    if info.context and info.context.get("ranges"):
        return spread.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return int(value) if isinstance(value, MeasuredInt) else float(value)

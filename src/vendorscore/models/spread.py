"""How a vendor figure's spread is written (README): ``Relative`` (a spread around a stated
value, also the form of the criteria file's defaults) and ``Spread`` (one of three forms:
value with a spread, low/high with an optional mode, mean/sd). ``measured.py`` attaches them
to the vendor's numbers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.common import FiniteFloat, FreeText, NonNegativeFloat, StrictModel

Shape = Literal["uniform", "triangular", "pert", "normal"]
NORMAL_REACH = 8.3  # sd: the farthest a drawn normal value goes (u is at most 1 - 2**-53)
NORMAL_SHOWN = 2.0  # a normal figure is shown as mean ± 2 sd (clipped to the field's bounds)

SPREADS = ("plus_minus", "plus_minus_percent", "minus", "plus", "minus_percent", "plus_percent")
"""The keys that spread a stated value (the ``Relative`` forms other than ``sd``)."""
RANGE_KEYS = frozenset(
    ("value", "low", "mode", "high", "mean", "sd", *SPREADS, "shape", "audited", "source")
)
"""Every key a range may have: a mapping of only these, where no range is allowed, is
reported as a range in the wrong place."""


def _fail(code: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, ctx or None)


class Relative(StrictModel):
    """A spread around a stated value: symmetric, asymmetric, absolute or in percent of it."""

    plus_minus: NonNegativeFloat | None = Field(
        None, description="Value ± this (same unit as the value)."
    )
    plus_minus_percent: Annotated[NonNegativeFloat, Field(lt=100)] | None = Field(
        None, description="Value ± this % of the value."
    )
    minus: NonNegativeFloat | None = Field(None, description="Value − this.")
    plus: NonNegativeFloat | None = Field(None, description="Value + this.")
    minus_percent: Annotated[NonNegativeFloat, Field(lt=100)] | None = Field(
        None, description="Value − this % of the value."
    )
    plus_percent: Annotated[NonNegativeFloat, Field(le=1000)] | None = Field(
        None, description="Value + this % of the value."
    )
    sd: NonNegativeFloat | None = Field(
        None, description="Normal around the value, with this standard deviation."
    )
    shape: Shape | None = Field(
        None, description="uniform (default), triangular or pert (peak at the value), normal."
    )

    @model_validator(mode="after")
    def _one_spread(self) -> Relative:
        given = [
            name
            for name, group in (
                ("plus_minus", (self.plus_minus,)),
                ("plus_minus_percent", (self.plus_minus_percent,)),
                ("minus/plus", (self.minus, self.plus)),
                ("minus_percent/plus_percent", (self.minus_percent, self.plus_percent)),
                ("sd", (self.sd,)),
            )
            if any(v is not None for v in group)
        ]
        if len(given) > 1:
            raise _fail(
                "range-form",
                "give one spread, not {both}: plus_minus, plus_minus_percent, minus/plus, "
                "minus_percent/plus_percent or sd",
                both=" and ".join(given),
            )
        if self.sd is not None and self.shape not in (None, "normal"):
            raise _fail(
                "range-shape", "sd describes a normal spread, not shape {shape}", shape=self.shape
            )
        if self.shape == "normal" and self.sd is None and given:
            raise _fail("range-shape", "shape normal needs sd (the standard deviation)")
        return self

    def text(self) -> str:
        """The spread in words: ``± 2``, ``−5 %/+15 % (triangular)``, ``sd 1.5``."""
        if self.plus_minus is not None:
            said = f"± {fmt_num(self.plus_minus)}"
        elif self.plus_minus_percent is not None:
            said = f"± {fmt_num(self.plus_minus_percent)} %"
        elif self.minus is not None or self.plus is not None:
            said = f"−{fmt_num(self.minus or 0)}/+{fmt_num(self.plus or 0)}"
        elif self.minus_percent is not None or self.plus_percent is not None:
            said = f"−{fmt_num(self.minus_percent or 0)} %/+{fmt_num(self.plus_percent or 0)} %"
        elif self.sd is not None:
            said = f"sd {fmt_num(self.sd)}"
        else:
            said = "no spread"
        return said + (f" ({self.shape})" if self.shape and self.sd is None else "")

    def ends(self, value: float) -> tuple[float, float]:
        """The range's ends around ``value`` (for sd: mean ± 2 sd, the part that is shown)."""
        size = abs(value) / 100.0
        if self.plus_minus is not None:
            return value - self.plus_minus, value + self.plus_minus
        if self.plus_minus_percent is not None:
            return value - size * self.plus_minus_percent, value + size * self.plus_minus_percent
        if self.minus is not None or self.plus is not None:
            return value - (self.minus or 0.0), value + (self.plus or 0.0)
        if self.minus_percent is not None or self.plus_percent is not None:
            return value - size * (self.minus_percent or 0.0), value + size * (
                self.plus_percent or 0.0
            )
        if self.sd is not None:
            return value - NORMAL_SHOWN * self.sd, value + NORMAL_SHOWN * self.sd
        return value, value


class Spread(Relative):
    """A vendor figure as a range or a distribution (one of three forms)."""

    value: FiniteFloat | None = Field(None, description="The stated figure (the point value).")
    low: FiniteFloat | None = Field(None, description="Lowest plausible value.")
    mode: FiniteFloat | None = Field(None, description="Most likely value (triangular, PERT).")
    high: FiniteFloat | None = Field(None, description="Highest plausible value.")
    mean: FiniteFloat | None = Field(None, description="Mean of a normal spread (with sd).")
    audited: Annotated[bool, Field(strict=True)] = Field(
        False, description="Audited figure: exempt from the criteria file's default spreads."
    )
    source: FreeText | None = Field(None, description="Where the figure comes from.")

    @model_validator(mode="after")
    def _form(self) -> Spread:
        relative = any(getattr(self, key) is not None for key in SPREADS)
        forms = [
            name
            for name, present in (
                ("value", self.value is not None),
                ("low/high", self.low is not None or self.high is not None),
                ("mean/sd", self.mean is not None),
            )
            if present
        ]
        if len(forms) != 1:
            raise _fail(
                "range-form",
                "write a range as value with a spread (plus_minus…), as low and high (with an "
                "optional mode) or as mean and sd{got}",
                got=f", not {' and '.join(forms)} together" if forms else "",
            )
        if self.value is None and relative:
            raise _fail(
                "range-form",
                "plus_minus, minus, plus and their _percent forms go "
                "with value (value: 80, plus_minus: 2)",
            )
        if forms[0] == "low/high":
            self._check_range()
        if forms[0] == "mean/sd":
            if self.sd is None:
                raise _fail("range-form", "a normal spread needs sd next to mean")
        elif self.sd is not None and self.value is None:
            raise _fail("range-form", "sd goes with mean (or value), not with low/high")
        if self.mode is not None and forms[0] != "low/high":
            raise _fail("range-form", "mode goes with low and high")
        return self

    def _check_range(self) -> None:
        if self.low is None or self.high is None:
            raise _fail("range-form", "a range needs both low and high")
        if self.low > self.high:
            raise _fail(
                "range-order",
                "low must not be above high, got low {low} and high {high}",
                low=fmt_num(self.low),
                high=fmt_num(self.high),
                key="low",
            )
        if self.mode is not None and not self.low <= self.mode <= self.high:
            raise _fail(
                "range-order",
                "mode must lie between low and high, got {mode} outside {low}–{high}",
                mode=fmt_num(self.mode),
                low=fmt_num(self.low),
                high=fmt_num(self.high),
                key="mode",
            )
        if self.shape == "normal":
            raise _fail("range-shape", "a normal spread is written as mean and sd")
        if self.shape in ("triangular", "pert") and self.mode is None:
            raise _fail("range-shape", "shape {shape} needs a mode", shape=self.shape)
        if self.shape == "uniform" and self.mode is not None:
            raise _fail("range-shape", "a uniform range has no mode; say shape: triangular")

    @property
    def point(self) -> float:
        """The value ranking uses: the stated value, else the mode, else the mean."""
        if self.value is not None:
            return self.value
        if self.mode is not None:
            return self.mode
        if self.mean is not None:
            return self.mean
        assert self.low is not None
        assert self.high is not None
        return self.low + (self.high - self.low) / 2

    @property
    def family(self) -> Shape:
        """The distribution drawn from."""
        if self.sd is not None:
            return "normal"
        if self.shape is not None:
            return self.shape
        return "triangular" if self.mode is not None else "uniform"

    def ends(self, value: float | None = None) -> tuple[float, float]:
        """The lowest and highest value shown (normal: mean ± 2 sd)."""
        if self.low is not None and self.high is not None:
            return self.low, self.high
        centre = self.mean if self.mean is not None else self.point
        return super().ends(centre)

    @property
    def exact(self) -> bool:
        """True when the spread has no width (an audited or plainly stated figure)."""
        low, high = self.ends()
        return low == high

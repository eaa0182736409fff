"""Names chosen from fixed lists, as literal types used by the models and the results alike
(so mypy sees a missing branch): the aggregation methods, the value functions and the
robustness levels. Imported by the CLI for its choices, so it imports nothing. The kernels
are registered under these names in ``scoring/`` and ``analysis/smaa.py``; a test checks
that every name has its kernels."""

from __future__ import annotations

from typing import Literal

Method = Literal["weighted_sum", "weighted_product", "topsis"]
METHODS: tuple[Method, ...] = ("weighted_sum", "weighted_product", "topsis")
ScoringMethod = Literal["min_max", "ratio", "absolute", "piecewise"]
RELATIVE: frozenset[ScoringMethod] = frozenset({"min_max", "ratio"})  # depend on the others
Level = Literal["robust", "moderate", "fragile", "none"]
MAX_SEED = 2**32 - 1  # SMAA seeds run from 0 to this (what every numpy generator accepts)
# SMAA samples are scored in chunks (memory stays bounded); this bounds the time a flag can ask.
MAX_SAMPLES = 1_000_000
# `staffing --service-level` re-staffs the whole year once per target (about 50 ms for the
# example's seven vendors): this bounds the time the flag can ask.
MAX_SERVICE_LEVELS = 10

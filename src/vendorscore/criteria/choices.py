"""The aggregation methods by name: imported by the CLI for its choices, so it imports nothing
(the kernels are registered under these names in ``scoring/evaluation.py`` and
``analysis/smaa.py``, and a test checks that every name has both)."""

from __future__ import annotations

from typing import Literal

Method = Literal["weighted_sum", "weighted_product", "topsis"]
METHODS: tuple[Method, ...] = ("weighted_sum", "weighted_product", "topsis")

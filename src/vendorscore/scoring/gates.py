"""Gates (SPEC §4.4): must-haves that exclude a vendor before any utility is computed."""

from __future__ import annotations

from typing import Any

from vendorscore.criteria.names import normalise_name
from vendorscore.criteria.settings import Gate
from vendorscore.formatting import amount, fmt_num
from vendorscore.models.fields import vendor_value
from vendorscore.models.vendor import Vendor


def criterion_gate(
    label: str,
    raw: float | None,
    lacking: tuple[str, ...],
    minimum: float | None,
    maximum: float | None,
    unit: str,
    required: bool,
) -> list[str]:
    """Why a vendor fails a criterion's own gates (empty when it passes)."""
    reasons: list[str] = []
    if raw is None and (minimum is not None or maximum is not None or required):
        gate = "a required item" if required and minimum is None and maximum is None else "a gate"
        reasons.append(f"{label}: no value, and the criterion has {gate}")
        return reasons
    if raw is not None and minimum is not None and raw < minimum:
        reasons.append(f"{label} {amount(raw, unit)} < minimum {amount(minimum, unit)}")
    if raw is not None and maximum is not None and raw > maximum:
        reasons.append(f"{label} {amount(raw, unit)} > maximum {amount(maximum, unit)}")
    if lacking:
        reasons.append(f"{label}: lacks required {', '.join(lacking)}")
    return reasons


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return normalise_name(a) == normalise_name(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def passes(gate: Gate, vendor: Vendor) -> tuple[bool, Any]:
    """Whether the vendor passes one `gates:` entry, and the value it was judged on."""
    value = vendor_value(vendor, gate.field)
    if value is None:
        return False, None
    target = gate.value
    op = gate.op
    if op == "contains":
        return any(_same(item, target) for item in value), value
    if op in {"in", "not_in"}:
        options = target if isinstance(target, list) else [target]
        found = any(_same(value, option) for option in options)
        return found == (op == "in"), value
    if op == "==":
        return _same(value, target), value
    if op == "!=":
        return not _same(value, target), value
    number = float(value)
    limit = float(target)  # type: ignore[arg-type]
    ok = {">=": number >= limit, ">": number > limit, "<=": number <= limit, "<": number < limit}[
        op
    ]
    return ok, value


def gate_reason(gate: Gate, value: Any) -> str:
    """Why a vendor failed a `gates:` entry."""
    name = gate.label or f"{gate.field} {gate.op.replace('_', ' ')} {_plain(gate.value)}"
    if value is None:
        return f"{name}: {gate.field} is missing"
    return f"{name}: {gate.field} is {_plain(value) or 'empty'}"


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value if isinstance(value, str) else fmt_num(value)

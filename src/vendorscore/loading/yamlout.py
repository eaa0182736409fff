"""Writing vendor files: the only place besides the reader that imports yaml."""

from __future__ import annotations

from typing import Any

import yaml

from vendorscore.loading.scalars import Refused, resolve_plain
from vendorscore.models.measured import RANGES
from vendorscore.models.vendor import Vendor


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every text the YAML 1.2 reader would not read back as
    text: PyYAML decides by YAML 1.1, so ``1e3`` or ``0o17`` would come back as numbers."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    try:
        plain = resolve_plain(value)
    except Refused:  # digits too many to be a number: still not text when read plain
        plain = None
    style = None if isinstance(plain, str) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def vendor_yaml(vendor: Vendor, origin: str) -> str:
    """A vendor file as vendorscore writes it: deterministic, flow style for small sections."""
    data = _whole(
        vendor.model_dump(mode="json", exclude_none=True, exclude_defaults=True, context=RANGES)
    )
    ordered = {key: data[key] for key in Vendor.model_fields if key in data}
    body = yaml.dump(
        ordered,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=110,
    )
    return f"# imported by vendorscore from {origin}\n{body}"


def _whole(value: Any) -> Any:
    """Integral floats as ints (``12000`` not ``12000.0``), all the way down."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return value

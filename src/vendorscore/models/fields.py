"""What a dotted vendor field path (``kpis.fcr``, ``sites.country``) points at."""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from vendorscore.models.vendor import Vendor

FieldKind = Literal["number", "text", "list", "date", "object"]

# The vendor's percentages (0-100) that a careless export writes as fractions (0.86 for 86 %).
VENDOR_PERCENTS: tuple[tuple[str, str], ...] = (
    ("pricing", "resolution_rate"),
    ("kpis", "fcr"),
    ("kpis", "csat"),
    ("kpis", "service_level"),
    ("kpis", "attrition"),
    ("kpis", "qa_score"),
)


def looks_like_fraction(value: object, upto_one: bool = False) -> bool:
    """A percentage in (0, 1), or (0, 1] when ``upto_one``: probably a fraction (0.82 for
    82 %). The validator warns on it; the risk register lists it."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return 0 < value < 1 or (upto_one and value == 1)


def _strip(annotation: Any) -> Any:
    """Peel Annotated and Optional wrappers off a type."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _kind_of(annotation: Any) -> FieldKind:
    annotation = _strip(annotation)
    if annotation in (int, float):
        return "number"
    if annotation is str or get_origin(annotation) is Literal:
        return "text"
    if get_origin(annotation) in (list, tuple):
        return "list"
    if getattr(annotation, "__name__", "") == "date":
        return "date"
    return "object"


@lru_cache(maxsize=256)
def vendor_field_kind(path: str) -> FieldKind | None:
    """The kind of value at ``path`` in a vendor, or None when the vendor model has no such field.

    A path through a list of mappings (``sites.country``) is a list of those values.
    ``metrics.<name>`` is always a number.
    """
    parts = path.split(".")
    model: type[BaseModel] = Vendor
    through_list = False
    for index, part in enumerate(parts):
        if model is Vendor and part == "metrics" and len(parts) == 2 and index == 0:
            return "number"
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = _strip(field.annotation)
        last = index == len(parts) - 1
        if get_origin(annotation) is list:
            item = _strip(get_args(annotation)[0])
            if isinstance(item, type) and issubclass(item, BaseModel) and not last:
                model, through_list = item, True
                continue
            return "list" if last else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if last:
                return "object"
            model = annotation
            continue
        if not last:
            return None
        return "list" if through_list else _kind_of(annotation)
    return None


def vendor_value(vendor: Vendor, path: str) -> Any:
    """The value at ``path`` (None when missing); lists of mappings yield lists of values."""
    current: Any = vendor
    for part in path.split("."):
        if current is None:
            return None
        if isinstance(current, list):
            values = [_get(item, part) for item in current]
            current = [v for v in values if v is not None]
        else:
            current = _get(current, part)
    return current


def _get(obj: Any, part: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(part)
    if isinstance(obj, str):
        return None
    return getattr(obj, part, None)

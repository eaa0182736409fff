"""Turning parsed documents into models; every pydantic error becomes a positioned Issue."""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from vendorscore.criteria.file import CriteriaFile
from vendorscore.errors import Issue
from vendorscore.formatting import fmt_num
from vendorscore.loading.hints import (
    key_places,
    models_in,
    number_hint,
    option_hint,
    shorten_numbers,
    value_hint,
)
from vendorscore.loading.yamlio import Document, LoadFailure
from vendorscore.models.measured import RANGE_KEYS
from vendorscore.models.scores import ScoresFile
from vendorscore.models.vendor import Vendor, VendorList

FileKind = Literal["criteria", "scores", "vendor", "vendors"]
MODELS: dict[FileKind, type[BaseModel]] = {
    "criteria": CriteriaFile,
    "scores": ScoresFile,
    "vendor": Vendor,
    "vendors": VendorList,
}
# Union tags pydantic inserts into error locations; they name no key in the file. The
# criterion kinds and value functions come from their registries; the rest are the tags of
# the vendor and score files' own unions.
_OTHER_TAGS = (
    *("full", "short", "plain", "noted"),
    *("list", "word", "list[str]", "list[Scalar]", "float", "bool", "str"),
    "derived",  # the award's segments: {by: [...]} or a list
)


def _union_tags() -> frozenset[str]:
    from vendorscore.criteria.registry import KINDS
    from vendorscore.models.choices import ScoringMethod

    return frozenset((*(k.name for k in KINDS), *get_args(ScoringMethod), *_OTHER_TAGS))


M = TypeVar("M", bound=BaseModel)


def detect_kind(doc: Document) -> FileKind:
    """criteria / scores / vendor / vendors, from the top-level keys (SPEC §6)."""
    data = doc.data
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise LoadFailure(
            Issue(doc.display, 1, 1, "not-a-mapping", f"expected a mapping of keys, got {what}")
        )
    if "criteria" in data:
        return "criteria"
    if "scores" in data:
        return "scores"
    if "vendors" in data:
        return "vendors"
    if "id" in data:
        return "vendor"
    raise LoadFailure(
        Issue(
            doc.display,
            1,
            1,
            "unknown-file-kind",
            "cannot tell what this file is: a criteria file has 'criteria:', a score file "
            "'scores:', a vendor file 'id:' (or a 'vendors:' list)",
        )
    )


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    names: set[str] = set()
    todo: list[type[BaseModel]] = list(MODELS.values())
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            names.add(field.alias or name)
            todo.extend(models_in(field.annotation))
    return tuple(sorted(names))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {fmt_num(value)}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def describe_error(error: Any, field: str = "") -> tuple[str, str]:
    """(code, message) for one pydantic error dict: our codes, hints for YAML habits, and
    ``field`` put in front of a bare "must ..." rule so the line says what it is about."""
    code, message = _message(error)
    if field and message.startswith("must"):
        message = f"{field} {message}"
    return code, shorten_numbers(message)


def _range_where_none(kind: str, value: Any) -> bool:
    """A type error on a mapping written like a range (``id: {low: 1, high: 2}``)."""
    return (
        kind.endswith("_type")
        and kind not in {"dict_type", "model_type", "model_attributes_type"}
        and isinstance(value, dict)
        and bool(value)
        and set(value) <= RANGE_KEYS
    )


def _message(error: Any) -> tuple[str, str]:
    """Our code and sentence for one pydantic error: one branch per pydantic error type, kept
    together (over 60 lines on purpose) so the wording of every message can be read at once."""
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if _range_where_none(kind, value):
        return "range-not-allowed", (
            "a range is only allowed on a number a criterion can read (pricing.rate, "
            "setup_fee, resolution_rate, kpis.*, metrics.*, capacity.*, languages' agents), "
            "not here"
        )
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        close = difflib.get_close_matches(key, _vocabulary(), n=1, cutoff=0.7)
        hint = f" (did you mean '{close[0]}'?)" if close and close[0] != key else ""
        return "unknown-key", f"unknown key '{key}'{hint}"
    if kind == "missing":
        return "missing-key", f"missing required key '{loc[-1]}'"
    if kind == "union_tag_invalid":
        field = str(ctx.get("discriminator", "")).strip("'")
        what = "criterion kind" if field == "kind" else f"{field}"
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        tag = ctx.get("tag")
        return f"unknown-{field}", f"unknown {what} '{tag}' (expected one of: {expected})"
    if kind == "union_tag_not_found":
        field = str(ctx.get("discriminator", "")).strip("'")
        return "missing-key", f"missing required key '{field}'"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        hint = option_hint(value, options)
        return "bad-value", f"expected one of {expected}, got {_describe(value)}{hint}"
    if kind == "string_type":
        hint = ""
        if isinstance(value, (bool, int, float)):
            text = fmt_num(value) if not isinstance(value, bool) else str(value).lower()
            hint = f' (hint: quote it, e.g. "{text}")' if len(text) < 40 else " (hint: quote it)"
        return "wrong-type", f"expected text, got {_describe(value)}{hint}"
    if kind == "bool_type":
        hint = ""
        if isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n"}:
            hint = " (YAML 1.2 reads yes/no/on/off as text: write true or false)"
        return "wrong-type", f"expected true or false, got {_describe(value)}{hint}"
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing"}:
        if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
            return "out-of-range", f"{_describe(value)} is too large to compute with"
        what = "a whole number" if kind.startswith("int") else "a number"
        return "wrong-type", f"expected {what}, got {_describe(value)}{number_hint(value)}"
    if kind == "int_from_float":
        return "wrong-type", f"expected a whole number, got {_describe(value)}"
    if kind in {"list_type", "tuple_type"}:
        return "wrong-type", f"expected a list, got {_describe(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "wrong-type", f"expected a mapping, got {_describe(value)}"
    if kind in {"too_short", "too_long"}:
        return "wrong-length", str(error["msg"]).replace("List", "list").replace("Tuple", "list")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return (
            "out-of-range",
            f"{str(error['msg']).lower().replace('input should', 'must')}, got {fmt_num(value)}",
        )
    if kind == "recursion_loop":
        return "alias-bomb", "the document refers to itself"
    message = str(error["msg"])
    if kind.startswith(("value_error", "assertion_error")):
        message = message.split(", ", 1)[-1]
    elif "did you mean" not in message:
        message += value_hint(kind, value)
    return kind.replace("_", "-"), message


def _walk(doc: Document, loc: tuple[str | int, ...], missing: bool = False) -> str:
    """The user-facing dotted path of ``loc``: union tags that name no key are dropped."""
    node: Any = doc.data
    out = ""
    tags = _union_tags()
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            continue
        keep_last = last and missing
        if not keep_last and part in tags and not (isinstance(node, dict) and part in node):
            continue
        if part.startswith("function-") or part == "[key]":
            continue
        out += f".{part}" if out else part
        node = node.get(part) if isinstance(node, dict) else None
    return out


def _misplaced(doc: Document, loc: tuple[str | int, ...], kind: FileKind) -> str | None:
    """``unknown key 'coverage' in pricing; 'coverage' belongs at the top level of a vendor
    file``, when the key is one of ours in another place (None otherwise)."""
    key = str(loc[-1])
    places = key_places(key, kind)
    if not places:
        return None
    parent = _walk(doc, loc[:-1])
    where = f"in {parent}" if parent else "at the top level"
    return f"unknown key '{key}' {where}; '{key}' belongs {' or '.join(places[:3])}"


def issues_from_validation(
    doc: Document, exc: ValidationError, kind: FileKind | None = None
) -> list[Issue]:
    """Every pydantic error as an Issue located in the document (one pass for all of them)."""
    pending: list[tuple[tuple[str | int, ...], str, str, str]] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        where = loc
        if error["type"] == "union_tag_invalid":
            where = (*loc, str((error.get("ctx") or {}).get("discriminator", "")).strip("'"))
        path = _walk(doc, loc, error["type"] == "missing")
        code, message = describe_error(error, path.rsplit(".", 1)[-1].split("[")[0])
        if error["type"] == "extra_forbidden" and kind is not None and loc:
            message = _misplaced(doc, loc, kind) or message
        pending.append((where, code, message, path))
    positions = doc.positions(where for where, _, _, _ in pending)
    issues = [
        Issue(doc.display, *positions[where], code, message, "error", path)
        for where, code, message, path in pending
    ]
    return sorted(issues)


def to_model(doc: Document, model: type[M]) -> tuple[M | None, list[Issue]]:
    """Validate the document's data as ``model``; (None, issues) when it does not fit."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        kind = next((k for k, m in MODELS.items() if m is model), None)
        return None, issues_from_validation(doc, exc, kind)
    except RecursionError:
        return None, [Issue(doc.display, 1, 1, "too-deep", "refused: nesting is too deep")]

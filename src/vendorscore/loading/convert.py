"""Turning parsed documents into models; every pydantic error becomes a positioned Issue."""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from vendorscore.criteria.file import CriteriaFile
from vendorscore.errors import Issue
from vendorscore.formatting import fmt_num
from vendorscore.loading.yamlio import Document, LoadFailure
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
            todo.extend(_models_in(field.annotation))
    return tuple(sorted(names))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found.extend(_models_in(meta))
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        found.extend(_models_in(origin))
    return found


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
    return code, message


def _message(error: Any) -> tuple[str, str]:
    """Our code and sentence for one pydantic error: one branch per pydantic error type, kept
    together (over 60 lines on purpose) so the wording of every message can be read at once."""
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        close = difflib.get_close_matches(key, _vocabulary(), n=1, cutoff=0.7)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
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
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close and isinstance(value, str) else ""
        return "bad-value", f"expected one of {expected}, got {_describe(value)}{hint}"
    if kind == "string_type":
        hint = ""
        if isinstance(value, (bool, int, float)):
            hint = ' (hint: quote it, e.g. "' + str(value).lower() + '")'
        return "wrong-type", f"expected text, got {_describe(value)}{hint}"
    if kind == "bool_type":
        hint = ""
        if isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n"}:
            hint = " (YAML 1.2 reads yes/no/on/off as text: write true or false)"
        return "wrong-type", f"expected true or false, got {_describe(value)}{hint}"
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing"}:
        hint = ""
        if isinstance(value, str) and value.replace(",", "").replace(".", "").strip().isdigit():
            hint = " (hint: write the number without quotes or thousands separators)"
        what = "a whole number" if kind.startswith("int") else "a number"
        return "wrong-type", f"expected {what}, got {_describe(value)}{hint}"
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


def issues_from_validation(doc: Document, exc: ValidationError) -> list[Issue]:
    """Every pydantic error as an Issue located in the document (one pass for all of them)."""
    pending: list[tuple[tuple[str | int, ...], str, str, str]] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        where = loc
        if error["type"] == "union_tag_invalid":
            where = (*loc, str((error.get("ctx") or {}).get("discriminator", "")).strip("'"))
        path = _walk(doc, loc, error["type"] == "missing")
        code, message = describe_error(error, path.rsplit(".", 1)[-1].split("[")[0])
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
        return None, issues_from_validation(doc, exc)
    except RecursionError:
        return None, [Issue(doc.display, 1, 1, "too-deep", "refused: nesting is too deep")]

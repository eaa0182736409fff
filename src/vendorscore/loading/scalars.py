"""Scalars by the YAML 1.2 core schema: what a plain or tagged value is read as."""

from __future__ import annotations

import re
from typing import Any

from vendorscore.loading.syntax import bare_value_hint

MAX_INT_DIGITS = 4_300
"""The longest integer read: Python's own limit for turning digits into an int and back."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_NUMBER_START = frozenset("-+.0123456789")
STR_TAGS = {"tag:yaml.org,2002:str", "!"}
_OPERATOR_CHARS = frozenset("=<>~")


class Refused(Exception):
    """A value the reader refuses, with the mark where it is (None: the current event's)."""

    def __init__(self, mark: Any, code: str, message: str) -> None:
        self.mark, self.code, self.message = mark, code, message
        super().__init__(message)


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema."""
    if (not text or text[0] in "~nN") and _NULL.match(text):
        return None
    elif text[0] in "tTfF" and text in _BOOL:
        return _BOOL[text]
    if text and text[0] in _NUMBER_START:
        if _INT.match(text):
            if len(text) > MAX_INT_DIGITS:
                raise Refused(None, "number-too-long", _too_long(len(text.lstrip("+-"))))
            return int(text, 10)
        if _FLOAT.match(text):
            return float(text)
        if _INF.match(text):
            return float("-inf") if text[0] == "-" else float("inf")
        if _NAN.match(text):
            return float("nan")
        if _INT_OCT.match(text):
            return _bounded(int(text[2:], 8))
        if _INT_HEX.match(text):
            return _bounded(int(text[2:], 16))
    return text


def _too_long(digits: int) -> str:
    return f"refused: a number of {digits:,} digits (at most {MAX_INT_DIGITS:,} are read)"


def _bounded(value: int) -> int:
    """An octal or hexadecimal integer no longer in decimal than MAX_INT_DIGITS digits."""
    if value.bit_length() > MAX_INT_DIGITS * 3.3219:  # log2(10): beyond 10**4300
        raise Refused(None, "number-too-long", _too_long(int(value.bit_length() / 3.3219)))
    return value


def tagged(tag: str, text: str, mark: Any) -> Any:
    if tag in STR_TAGS:
        return text
    value: Any = resolve_plain(text)
    types: dict[str, type | tuple[type, ...]] = {
        "tag:yaml.org,2002:int": int,
        "tag:yaml.org,2002:float": (int, float),
        "tag:yaml.org,2002:bool": bool,
        "tag:yaml.org,2002:null": type(None),
    }
    expected = types.get(tag)
    if expected is None:
        if tag.startswith("!") and tag[1:2] in _OPERATOR_CHARS:  # op: != is read as a tag
            raise Refused(mark, "yaml-tag", bare_value_hint(f"{tag} {text}".strip()))
        raise Refused(mark, "yaml-tag", f"unsupported tag '{tag}'")
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise Refused(mark, "yaml-tag", f"'{text}' is not a valid {tag.rsplit(':', 1)[-1]}")
    return float(resolve_plain(text)) if tag.endswith(":float") else value

"""Suggestions for what is almost right: where a misplaced key belongs, the spelling of a
value that would have been read, and numbers too long to print whole."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections import deque
from functools import lru_cache
from typing import Any, get_args

from pydantic import BaseModel

from vendorscore.models.codes import COUNTRIES, LANGUAGES
from vendorscore.models.common import BCP47_RE

# Codes people write for a country that ISO 3166-1 spells otherwise.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "EN": "GB"}
_FILE_NOUN = {"criteria": "criteria", "scores": "score", "vendor": "vendor", "vendors": "vendors"}
_LONG_DIGITS = re.compile(r"\d{25,}")
_NUMBERISH = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$")


def _folded(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


def closest(value: str, candidates: Any, cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``value`` (case, spaces and ``_``/``-`` aside), if any is
    close enough."""
    return Suggestions(candidates, cutoff).closest(value)


class Suggestions:
    """The closest of many candidates, for many values: the candidates are folded once, and
    spelling is compared only among a few thousand (difflib is quadratic per pair)."""

    SPELLING_LIMIT = 5_000

    def __init__(self, candidates: Any, cutoff: float = 0.6) -> None:
        self.by_folded = {_folded(str(c)): str(c) for c in candidates}
        self.cutoff = cutoff

    def closest(self, value: str) -> str | None:
        """The candidate ``value`` was probably meant to be."""
        folded = _folded(value)
        if folded in self.by_folded:
            return self.by_folded[folded]
        if len(self.by_folded) > self.SPELLING_LIMIT:
            return None
        found = difflib.get_close_matches(folded, list(self.by_folded), n=1, cutoff=self.cutoff)
        return self.by_folded[found[0]] if found else None

    def hint(self, value: str) -> str:
        """`` (did you mean 'x'?)`` or nothing."""
        close = self.closest(value)
        return f" (did you mean '{close}'?)" if close is not None and close != value else ""


def did_you_mean(value: str, candidates: Any, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` or nothing."""
    return Suggestions(candidates, cutoff).hint(value)


def _abbreviates(short: str, long: str) -> bool:
    """``refs`` abbreviates ``references``: same first letter, every letter in order."""
    if len(short) < 2 or len(short) >= len(long) or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(letter in rest for letter in short)


def id_hint(value: str, known: Suggestions, noun: str, shown: int = 8) -> str:
    """What an unknown id was meant to be: `` (did you mean 'references'?)`` by spelling or as
    an abbreviation of exactly one id; else the ids there are (`` (rubric criteria:
    'peak_plan', 'references')``, the first ``shown`` of a long list)."""
    hint = known.hint(value)
    if hint:
        return hint
    folded = _folded(value)
    ids = sorted(known.by_folded.values())
    if len(ids) <= Suggestions.SPELLING_LIMIT:
        short = [c for f, c in known.by_folded.items() if _abbreviates(folded, f)]
        if len(short) == 1:
            return f" (did you mean '{short[0]}'?)"
    if not ids:
        return ""
    listed = ", ".join(f"'{c}'" for c in ids[:shown])
    more = f" and {len(ids) - shown:,} more" if len(ids) > shown else ""
    return f" ({noun}: {listed}{more})"


def shorten_numbers(text: str) -> str:
    """Runs of 25 or more digits as ``1234567890…(5000 digits)``: a message stays readable."""
    return _LONG_DIGITS.sub(lambda m: f"{m.group()[:10]}…({len(m.group()):,} digits)", text)


# --- values --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, list[str]]:
    """IANA zones by their last component, folded: ``lisbon`` -> ``[Europe/Lisbon]``."""
    found: dict[str, list[str]] = {}
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" in zone and not zone.startswith(("Etc/", "posix/", "right/", "SystemV/")):
            found.setdefault(zone.rsplit("/", 1)[1].lower(), []).append(zone)
    return found


def _zone(value: str) -> str | None:
    city = value.strip().replace(" ", "_").lower()
    zones = _zones_by_city().get(city)
    if zones:
        return min(zones, key=lambda z: (z.count("/"), z))  # Europe/Lisbon, not Portugal/…
    close = difflib.get_close_matches(city, list(_zones_by_city()), n=1, cutoff=0.85)
    return min(_zones_by_city()[close[0]]) if close else None


def _language(value: str) -> str | None:
    parts = [p for p in re.split(r"[-_\s]+", value.strip()) if p]
    if not parts:
        return None
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            fixed.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            fixed.append(part.title())
        else:
            fixed.append(part)
    tag = "-".join(fixed)
    if BCP47_RE.fullmatch(tag) and (len(fixed[0]) != 2 or fixed[0] in LANGUAGES):
        return tag
    return None


def _country(value: str) -> str | None:
    code = value.strip().upper()
    alias = COUNTRY_ALIASES.get(code)
    if alias is not None:
        return alias
    return code if code in COUNTRIES and code != value else None


def value_hint(code: str, value: Any) -> str:
    """`` (did you mean 'Europe/Lisbon'?)`` for a value our own rules refused, or nothing."""
    return _text_hint(code, value) if isinstance(value, str) else ""


@lru_cache(maxsize=4096)  # a catalogue repeats its mistakes
def _text_hint(code: str, value: str) -> str:
    guess = {"bad-timezone": _zone, "bad-language": _language, "bad-country": _country}.get(code)
    found = guess(value) if guess is not None else None
    return f" (did you mean '{found}'?)" if found and found != value else ""


def option_hint(value: Any, options: list[str]) -> str:
    """A close option for a value that must be one of ``options``: by spelling, or the one
    option holding every word of it (``per_hour`` -> ``per_productive_hour``)."""
    if not isinstance(value, str):
        return ""
    close = closest(value, options)
    if close is None:
        words = set(re.split(r"[_\s-]+", value.lower())) - {""}
        holding = [o for o in options if words and words <= set(o.lower().split("_"))]
        close = holding[0] if len(holding) == 1 else None
    return f" (did you mean '{close}'?)" if close is not None and close != value else ""


def number_hint(value: Any) -> str:
    """How to write a number given as text: ``18%`` -> ``write 18``."""
    if not isinstance(value, str):
        return ""
    percent = _NUMBERISH.match(value)
    if percent:
        return f" (write {percent.group(1)}: a percentage is a plain number from 0 to 100)"
    if value.replace(",", "").replace(".", "").strip().isdigit():
        return " (hint: write the number without quotes or thousands separators)"
    return ""


# --- keys ----------------------------------------------------------------------------------


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation holds (in unions, lists, Annotated metadata)."""
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(models_in(arg))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found.extend(models_in(meta))
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        found.extend(models_in(origin))
    return found


def _tag(model: type[BaseModel], field: str) -> str | None:
    info = model.model_fields.get(field)
    args = get_args(info.annotation) if info is not None else ()
    return str(args[0]) if len(args) == 1 and isinstance(args[0], str) else None


def _place(kind: str, model: type[BaseModel], path: tuple[str, ...]) -> str:
    """Where a model's keys are written, in words."""
    criterion = _tag(model, "kind")
    if criterion is not None:
        return f"in a {criterion} criterion"
    method = _tag(model, "method")
    if method is not None and path[-1:] == ("scoring",):
        return f"under scoring (method: {method})"
    if kind == "vendors" and path[:1] == ("vendors",):  # a vendor of the list: as in its file
        path = path[1:]
        if not path:
            return "in each entry of vendors"
    if not path:
        return f"at the top level of a {_FILE_NOUN[kind]} file"
    return f"under {'.'.join(path)}"


@lru_cache(maxsize=8)
def _places(kind: str) -> dict[str, list[str]]:
    """Every key of one file kind, and the places it may be written."""
    from vendorscore.loading.convert import MODELS

    places: dict[str, list[str]] = {}
    todo: deque[tuple[type[BaseModel], tuple[str, ...]]] = deque([(MODELS[kind], ())])  # type: ignore[index]
    seen: set[type[BaseModel]] = set()
    while todo:
        model, path = todo.popleft()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            key = info.alias or name
            where = _place(kind, model, path)
            if where not in places.setdefault(key, []):
                places[key].append(where)
            todo.extend((sub, (*path, key)) for sub in models_in(info.annotation))
    return places


def key_places(key: str, kind: str) -> list[str]:
    """Where ``key`` may be written: in this kind of file, else in another kind."""
    own = _places(kind).get(key)
    if own:
        return own
    for other in ("vendor", "criteria", "scores"):
        if other != kind and key in _places(other):
            return _places(other)[key]
    return []

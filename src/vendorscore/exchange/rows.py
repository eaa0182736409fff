"""The flat row format of the response sheet: one vendor per row, one field per column.

Nested sections get columns of their own where buyers need dropdowns (pricing, up to three
coverage windows, one level/agents pair per demanded language) and a compact text form
elsewhere, documented on the sheet's Instructions tab:

- languages (other):  ``en C1 380; tl native``          (code level [agents]; ``;`` between)
- certifications:     ``ISO 27001 | active | 2028-03-01; PCI DSS | in_progress; SOC 2``
- sites:              ``Cebu | PH | Asia/Manila | 400; Davao | PH``
- channels, platforms, closed dates, window channels: comma-separated lists

Pure functions: no openpyxl here (``xlsx.py`` reads and writes workbooks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.registry import kind_of

WINDOWS = 3
SCALAR_COLUMNS: list[tuple[str, tuple[str, ...], str]] = [
    # (header, vendor path, kind: text | number | integer | percent)
    ("id", ("id",), "text"),
    ("name", ("name",), "text"),
    ("hq country (ISO 3166)", ("hq_country",), "text"),
    ("currency (ISO 4217)", ("pricing", "currency"), "text"),
    ("pricing unit", ("pricing", "unit"), "text"),
    ("rate (currency per unit)", ("pricing", "rate"), "number"),
    ("setup fee (currency)", ("pricing", "setup_fee"), "number"),
    ("resolution rate (%, per_resolved_contact)", ("pricing", "resolution_rate"), "number"),
]
TAIL_COLUMNS: list[tuple[str, tuple[str, ...], str]] = [
    ("closed dates (YYYY-MM-DD, comma-separated)", ("closed",), "list"),
    ("languages (other): code level [agents]; …", ("languages",), "languages"),
    ("certifications: name | status | expires; …", ("certifications",), "certifications"),
    ("channels (comma-separated)", ("channels",), "list"),
    ("platforms (comma-separated)", ("platforms",), "list"),
    ("sites: name | country | time zone | seats; …", ("sites",), "sites"),
    ("agents now", ("capacity", "agents"), "integer"),
    ("ramp agents", ("capacity", "ramp_agents"), "integer"),
    ("ramp days", ("capacity", "ramp_days"), "integer"),
    ("peak flex (% of baseline)", ("capacity", "peak_flex"), "number"),
    ("FCR (%)", ("kpis", "fcr"), "number"),
    ("CSAT (%)", ("kpis", "csat"), "number"),
    ("NPS (-100..100)", ("kpis", "nps"), "number"),
    ("AHT (seconds)", ("kpis", "aht_seconds"), "number"),
    ("service level (%)", ("kpis", "service_level"), "number"),
    ("attrition (%)", ("kpis", "attrition"), "number"),
    ("QA score (%)", ("kpis", "qa_score"), "number"),
]
UNITS = [
    "per_productive_hour",
    "per_fte_month",
    "per_minute",
    "per_contact",
    "per_resolved_contact",
]
LEVEL_CHOICES = ["native", "C2", "C1", "B2", "B1", "A2", "A1"]
DAY_CHOICES = ["daily", "weekdays", "weekends", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
STATUS_CHOICES = ["active", "in_progress", "expired"]


@dataclass(frozen=True)
class Column:
    """One column of the sheet."""

    header: str
    kind: str
    path: tuple[str, ...] = ()
    choices: str | None = None  # name of a dropdown list


@dataclass
class Layout:
    """The columns a criteria file needs, in sheet order."""

    columns: list[Column] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)


def layout(criteria: CriteriaFile | None) -> Layout:
    """Columns for the criteria: every vendor field, plus one language pair per demanded
    language and one column per custom metric the criteria or gates read."""
    out = Layout()
    choices = {
        "pricing unit": "units",
        "currency (ISO 4217)": "currencies",
        "hq country (ISO 3166)": "countries",
    }
    for header, path, kind in SCALAR_COLUMNS:
        out.columns.append(Column(header, kind, path, choices.get(header)))
    for n in range(1, WINDOWS + 1):
        out.columns += [
            Column(f"window {n} days", "days", choices="days"),
            Column(f"window {n} start (HH:MM)", "time"),
            Column(f"window {n} end (HH:MM, 24:00 ok)", "time"),
            Column(f"window {n} time zone (IANA)", "text"),
            Column(f"window {n} channels (blank = all)", "list"),
        ]
    if criteria is not None:
        for c in criteria.criteria:
            declared = kind_of(c)
            out.languages += [t for t in declared.sheet_languages(c) if t not in out.languages]
            out.metrics += [
                f.split(".", 1)[1] for f in declared.sheet_fields(c) if f.startswith("metrics.")
            ]
        out.metrics += [
            g.field.split(".", 1)[1] for g in criteria.gates if g.field.startswith("metrics.")
        ]
    for tag in out.languages:
        out.columns += [
            Column(f"language {tag} level", "level", choices="levels"),
            Column(f"language {tag} agents", "integer"),
        ]
    for header, path, kind in TAIL_COLUMNS:
        out.columns.append(Column(header, kind, path))
    for name in dict.fromkeys(out.metrics):
        out.columns.append(Column(f"metric {name}", "number", ("metrics", name)))
    return out


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


def _number(value: Any, integer: bool) -> Any:
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "")) if value.strip() else None
        except ValueError:
            return value  # the model says what is wrong with it
        if number is not None and integer and number.is_integer():
            return int(number)
        return number
    if integer and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _set(tree: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    tree[path[-1]] = value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def row_to_vendor(
    row: Mapping[str, Any], columns: Layout
) -> tuple[dict[str, Any], dict[tuple[Any, ...], str]]:
    """A vendor mapping from one row, and which column each part of it came from."""
    vendor: dict[str, Any] = {}
    source: dict[tuple[Any, ...], str] = {}
    value_of = {c.header: row.get(c.header) for c in columns.columns}
    other_languages: list[dict[str, Any]] = []
    for header, path, kind in [*SCALAR_COLUMNS, *TAIL_COLUMNS]:
        raw = value_of.get(header)
        if _blank(raw):
            continue
        if kind == "languages":
            other_languages = _parse(kind, raw)
            continue
        _set(vendor, path, _parse(kind, raw))
        source[path] = header
    windows = _windows(value_of, columns, source)
    if windows:
        vendor["coverage"] = windows
    languages: list[dict[str, Any]] = []
    for tag in columns.languages:
        level = value_of.get(f"language {tag} level")
        if _blank(level):
            continue
        entry: dict[str, Any] = {"code": tag, "level": str(level).strip()}
        agents = _number(value_of.get(f"language {tag} agents"), True)
        if not _blank(agents):
            entry["agents"] = agents
        source[("languages", len(languages))] = f"language {tag} level"
        languages.append(entry)
    for entry in other_languages:
        source[("languages", len(languages))] = TAIL_COLUMNS[1][0]
        languages.append(entry)
    if languages:
        vendor["languages"] = languages
    for name in dict.fromkeys(columns.metrics):
        raw = value_of.get(f"metric {name}")
        if not _blank(raw):
            vendor.setdefault("metrics", {})[name] = _number(raw, False)
            source[("metrics", name)] = f"metric {name}"
    return vendor, source


def _windows(
    value_of: Mapping[str, Any], columns: Layout, source: dict[tuple[Any, ...], str]
) -> list[dict[str, Any]]:
    """The coverage windows of one row (up to WINDOWS groups of five columns)."""
    windows: list[dict[str, Any]] = []
    for n in range(1, WINDOWS + 1):
        headers = [c.header for c in columns.columns if c.header.startswith(f"window {n} ")]
        days, start, end, zone, channels = (value_of.get(h) for h in headers)
        if all(_blank(v) for v in (days, start, end, zone, channels)):
            continue
        window: dict[str, Any] = {
            "days": _days(days),
            "start": _time(start),
            "end": _time(end),
            "timezone": zone,
        }
        if not _blank(channels):
            window["channels"] = _split(str(channels), ",")
        index = len(windows)
        source[("coverage", index)] = headers[0]
        for key, header in zip(
            ("days", "start", "end", "timezone", "channels"), headers, strict=True
        ):
            source[("coverage", index, key)] = header
        windows.append(window)
    return windows


def _days(value: Any) -> Any:
    text = str(value or "").strip()
    return (
        text if text in {"daily", "weekdays", "weekends"} else _split(text.replace(";", ","), ",")
    )


def _time(value: Any) -> Any:
    if hasattr(value, "hour") and hasattr(value, "minute"):  # a spreadsheet time cell
        return f"{value.hour:02d}:{value.minute:02d}"
    return str(value).strip() if value is not None else None


def _date_text(value: Any) -> Any:
    """A date typed in a spreadsheet (openpyxl reads a datetime, at midnight) as YYYY-MM-DD."""
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _parse(kind: str, raw: Any) -> Any:
    if kind in {"number", "integer"}:
        return _number(raw, kind == "integer")
    raw = _date_text(raw)
    if kind == "text":
        return str(raw).strip() if not isinstance(raw, (int, float)) else raw
    text = str(raw)
    if kind == "list":
        return _split(text, ",")
    if kind == "languages":
        out = []
        for item in _split(text, ";"):
            bits = item.split()
            entry: dict[str, Any] = {"code": bits[0], "level": bits[1] if len(bits) > 1 else ""}
            if len(bits) > 2:
                entry["agents"] = _number(bits[2], True)
            out.append(entry)
        return out
    if kind == "certifications":
        certs: list[Any] = []
        for item in _split(text, ";"):
            bits = [b.strip() for b in item.split("|")]
            if len(bits) == 1:
                certs.append(bits[0])
                continue
            cert: dict[str, Any] = {"name": bits[0]}
            if bits[1]:
                cert["status"] = bits[1]
            if len(bits) > 2 and bits[2]:
                cert["expires"] = bits[2]
            certs.append(cert)
        return certs
    sites = []
    for item in _split(text, ";"):
        bits = [b.strip() for b in item.split("|")]
        site: dict[str, Any] = {"name": bits[0]}
        for key, value in zip(("country", "timezone", "seats"), bits[1:], strict=False):
            if value:
                site[key] = _number(value, True) if key == "seats" else value
        sites.append(site)
    return sites


def vendor_to_row(vendor: Mapping[str, Any], columns: Layout) -> dict[str, Any]:
    """The row a vendor mapping fills (the inverse of ``row_to_vendor``)."""
    row: dict[str, Any] = {}
    for header, path, kind in [*SCALAR_COLUMNS, *TAIL_COLUMNS]:
        value: Any = vendor
        for part in path:
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            continue
        if kind == "languages":
            others = [x for x in value if x["code"] not in columns.languages]
            value = "; ".join(
                " ".join(str(b) for b in (x["code"], x["level"], x.get("agents")) if b is not None)
                for x in others
            )
            if not value:
                continue
        elif kind == "certifications":
            value = "; ".join(
                c
                if isinstance(c, str)
                else " | ".join(
                    str(b) for b in (c["name"], c.get("status", "active"), c.get("expires", ""))
                ).rstrip(" |")
                for c in value
            )
        elif kind == "sites":
            value = "; ".join(
                " | ".join(
                    str(s.get(k, "")) for k in ("name", "country", "timezone", "seats")
                ).rstrip(" |")
                for s in value
            )
        elif kind == "list":
            value = ", ".join(str(v) for v in value)
        row[header] = value
    for n, window in enumerate(vendor.get("coverage") or [], start=1):
        days = window["days"]
        row[f"window {n} days"] = days if isinstance(days, str) else ",".join(days)
        row[f"window {n} start (HH:MM)"] = window["start"]
        row[f"window {n} end (HH:MM, 24:00 ok)"] = window["end"]
        row[f"window {n} time zone (IANA)"] = window["timezone"]
        if window.get("channels"):
            row[f"window {n} channels (blank = all)"] = ", ".join(window["channels"])
    for item in vendor.get("languages") or []:
        if item["code"] in columns.languages:
            row[f"language {item['code']} level"] = item["level"]
            if item.get("agents") is not None:
                row[f"language {item['code']} agents"] = item["agents"]
    for name, value in (vendor.get("metrics") or {}).items():
        row[f"metric {name}"] = value
    return row

"""The what-if page for a weighting workshop: its view-model, its data block and its CSP.

The page (``templates/workshop.html.j2``, with ``workshop.js`` and ``workshop.css``) re-scores
the ranked vendors in the browser as weights move. Everything it needs does not depend on the
weights: the gates (who is excluded) and the utilities (relative value functions are taken
over the vendors that pass the gates) are computed once here, so the script only combines
them with weights, by the same formulas as ``scoring/setup.effective_weights``,
``scoring/methods.py`` and ``scoring/ranking.rank``.

Text from the input files is made ``visible`` here and reaches the page only inside a
``<script type="application/json">`` block (``<``, ``>``, ``&``, U+2028 and U+2029 written as
``\\uXXXX``), which the script writes into the DOM with ``textContent`` only. The inline script
and style are packaged files whose sha256 goes into a Content-Security-Policy that allows
nothing else: no other script, no style attribute, no network.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from vendorscore.criteria.file import CriteriaFile
from vendorscore.formatting import prose, visible
from vendorscore.reporting.charts import PALETTE
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.scoring.ranking import TIE
from vendorscore.scoring.setup import apply_overrides

SCRIPT = "workshop.js"
STYLE = "workshop.css"
METHODS = ("weighted_sum", "weighted_product", "topsis")


@dataclass(frozen=True)
class Slider:
    """One weight the page lets the user move: a criterion or a group (nominal weights, as
    the criteria file writes them)."""

    id: str
    label: str
    weight: float  # the nominal weight the page opens with (the file's, or --weight's)
    group: str | None = None  # for a criterion: its group; None at the top level


@dataclass(frozen=True)
class Vendor:
    """A ranked vendor: its utilities (0-1), the cells that count, and its raw values as
    TOPSIS on raw values reads them (missing ones filled with the column's worst)."""

    id: str
    name: str
    utilities: list[float]
    used: list[bool]
    raw: list[float]


@dataclass(frozen=True)
class Excluded:
    """A vendor the gates exclude, whatever the weights, and why."""

    id: str
    name: str
    reasons: list[str]


@dataclass(frozen=True)
class Workshop:
    """What the page's script reads (serialised into its JSON data block)."""

    title: str
    method: str
    methods: tuple[str, ...]
    topsis_on_utilities: bool
    criteria: list[Slider]
    groups: list[Slider]
    higher: list[bool]
    tie_breakers: list[int]  # criterion indices, compared in order
    vendors: list[Vendor]
    excluded: list[Excluded]
    palette: tuple[str, ...]
    tie: float = TIE


def nominal_weights(
    criteria: CriteriaFile, overrides: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """The criteria's and the groups' nominal weights with ``--weight`` overrides applied, as
    the engine applies them (``setup.apply_overrides``; the overrides were checked there)."""
    crit, groups = apply_overrides(criteria, overrides)
    return {k: float(w) for k, w in crit.items()}, {g: float(w) for g, w in groups.items()}


def workshop_data(
    criteria: CriteriaFile, evaluation: Evaluation, overrides: Mapping[str, float]
) -> Workshop:
    """The page's data: sliders, the ranked vendors' matrices, the excluded vendors."""
    r = evaluation.ranking
    crit_w, group_w = nominal_weights(criteria, overrides)
    sliders = [
        Slider(c.id, visible(c.title), crit_w[c.id], c.group if c.group in group_w else None)
        for c in criteria.criteria
    ]
    groups = [Slider(g, visible(g), w) for g, w in group_w.items()]
    names = {v.id: v.name for v in r.ranking}
    vendors = [
        Vendor(
            vendor_id,
            visible(names[vendor_id]),
            [float(x) for x in evaluation.utilities[row]],
            [bool(x) for x in evaluation.used[row]],
            [float(x) for x in evaluation.raw[row]],
        )
        for row, vendor_id in enumerate(evaluation.ranked_ids)
    ]
    excluded = [
        Excluded(x.id, visible(x.name), [visible(w) for w in x.reasons]) for x in r.excluded
    ]
    return Workshop(
        title=visible(r.name),
        method=r.method,
        methods=METHODS,
        topsis_on_utilities=evaluation.topsis_on_utilities,
        criteria=sliders,
        groups=groups,
        higher=[bool(h) for h in evaluation.higher],
        tie_breakers=list(evaluation.tie_breakers),
        vendors=vendors,
        excluded=excluded,
        palette=PALETTE,
    )


_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` block: no ``</script>``, no
    ``<!--``, no character entity, no raw line separator (the same value to ``JSON.parse``)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return "".join(_SCRIPT_UNSAFE.get(ch, ch) for ch in text)


def csp_hash(block: str) -> str:
    """The CSP source that allows exactly this inline block (``'sha256-…'``)."""
    digest = hashlib.sha256(block.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str, style: str) -> str:
    """Nothing but the page's own inline script and style: no network, no other script, no
    style attribute, no form, no base URL (``frame-ancestors`` is ignored in a meta tag)."""
    return (
        f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
        "base-uri 'none'; form-action 'none'"
    )


def workshop_context(
    criteria: CriteriaFile,
    evaluation: Evaluation,
    overrides: Mapping[str, float],
    assets: Path,
    timestamp: str | None = None,
) -> dict[str, Any]:
    """Everything ``workshop.html.j2`` lays out. ``assets`` is the folder of the packaged
    script and style (read as they are: their hashes must match the bytes on the page)."""
    data = workshop_data(criteria, evaluation, overrides)
    script = (assets / SCRIPT).read_text(encoding="utf-8")
    style = (assets / STYLE).read_text(encoding="utf-8")
    return {
        "title": data.title,
        "description": prose(criteria.description),
        "method": data.method,
        "tool_version": evaluation.ranking.tool_version,
        "evaluation_date": evaluation.ranking.evaluation_date.isoformat(),
        "generated": timestamp,
        "csp": content_security_policy(script, style),
        # built and escaped here; render.py writes them as they are (the hashes are in the CSP)
        "trusted": {"data": script_json(asdict(data)), "script": script, "style": style},
    }

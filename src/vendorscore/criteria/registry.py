"""The criterion kinds, listed once. The discriminated union of the criteria file, its JSON
Schema, the response sheet's columns, the loader's list of union tags and the README's table
of kinds are all derived from ``KINDS``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field

from vendorscore.criteria import cost, coverage, languages, numeric, points, rubric
from vendorscore.criteria.base import CriterionBase, Kind

KINDS: list[Kind] = [
    numeric.KIND,
    cost.KIND,
    coverage.KIND,
    languages.KIND,
    points.SET,
    points.CERTIFICATIONS,
    rubric.KIND,
]


def _union(kinds: list[Kind]) -> Any:
    members = tuple(k.model for k in kinds)
    return Annotated[Union[members], Field(discriminator="kind")]  # noqa: UP007


if TYPE_CHECKING:
    Criterion = CriterionBase
else:
    Criterion = _union(KINDS)


def kind_of(criterion: CriterionBase) -> Kind:
    """The registered kind of a criterion."""
    return BY_NAME[criterion.kind]


BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


def register(kind: Kind) -> None:
    """Add a kind (a plug-in, or a test's toy kind) and rebuild the criteria file model."""
    from vendorscore.criteria import file

    KINDS.append(kind)
    BY_NAME[kind.name] = kind
    _rebuild(file)


def unregister(name: str) -> None:
    """Remove a kind added with ``register``."""
    from vendorscore.criteria import file

    KINDS[:] = [k for k in KINDS if k.name != name]
    BY_NAME.pop(name, None)
    _rebuild(file)


def _rebuild(module: Any) -> None:
    union = _union(KINDS)
    module.Criterion = union
    # pydantic keeps the field's evaluated annotation: give it the new union, then rebuild.
    module.CriteriaFile.model_fields["criteria"].annotation = list[union]  # type: ignore[valid-type]
    module.CriteriaFile.model_rebuild(force=True)

"""Rendering report templates: packaged defaults, project overrides, or a user's file.

Every template runs in Jinja's ImmutableSandboxedEnvironment with StrictUndefined, so a
user's template can neither reach Python internals, mutate the data, nor silently print
nothing for a misspelt name. HTML templates autoescape (``.html``, ``.htm``, ``.xml`` and
``.html.j2``: ``select_autoescape`` alone would miss ``.html.j2``); Markdown templates escape
cells explicitly with the ``md`` filter. Jinja errors become Issues naming the template file
and line, and never leave this module.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from vendorscore.errors import InputError, Issue
from vendorscore.formatting import md_escape

NAMES = {"html": "report.html.j2", "md": "report.md.j2"}


def default_templates() -> Path:
    """The packaged templates (in a checkout or editable install: the repository's templates/)."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if (packaged / NAMES["html"]).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def _environment(search: list[Path]) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search]),
        autoescape=select_autoescape(["html", "htm", "xml", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    return env


def render(
    context: dict[str, Any],
    fmt: str,
    template: Path | None = None,
    project_templates: Path | None = None,
) -> str:
    """The report text. ``template`` (a user's file) wins over ``project_templates/`` (the
    project's overrides), which wins over the packaged defaults."""
    from markupsafe import Markup

    search: list[Path] = []
    if template is not None:
        search.append(template.parent)
        name = template.name
        shown = str(template)
    else:
        name = NAMES[fmt]
        if project_templates is not None and (project_templates / name).is_file():
            search.append(project_templates)
            shown = str(project_templates / name)
        else:
            shown = f"templates/{name} (packaged)"
    search.append(default_templates())
    data = dict(context)
    data["charts"] = {k: Markup(v) for k, v in context["charts"].items()}  # drawn and escaped by us
    try:
        env = _environment(search)
        return str(env.get_template(name).render(**data))
    except Exception as exc:  # every Jinja failure, and any error a template's code raises
        raise InputError([_issue(exc, shown, name)]) from None


def _issue(exc: Exception, shown: str, name: str) -> Issue:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(exc, TemplateNotFound):
        return Issue(shown, 1, 1, "template-missing", f"template not found: {exc.name}")
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or shown
        return Issue(
            where if exc.filename else shown,
            exc.lineno or 1,
            1,
            "template-syntax",
            exc.message or str(exc),
        )
    line = 1
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename.endswith(name):
            line = lineno
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Issue(shown, line, 1, "template-error", f"{type(exc).__name__}: {message}")

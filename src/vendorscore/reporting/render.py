"""Rendering report templates: packaged defaults, project overrides, or a user's file.

Every template runs in a bounded sandbox (``sandbox.py``: Jinja's ImmutableSandboxedEnvironment,
with every value it builds and its whole output bounded) with StrictUndefined, so a user's
template can neither reach Python internals, mutate the data, exhaust memory, nor silently
print nothing for a misspelt name.

Escaping follows the format the report is written in, never the template's file name: for
HTML every ``{{ }}`` is HTML-escaped (autoescape on, whatever the template is called); for
Markdown every ``{{ }}`` is escaped for Markdown (``md_inline``: no raw HTML, link, code span
or table pipe), and the ``md`` filter gives the full cell escaping. In both, control
characters are shown escaped (``formatting.visible``). What a template writes itself (its
text, its macros' and blocks' output), the charts (drawn and escaped by ``charts.py``), the
what-if page's data, script and style (``workshop.py``) and what it marks ``|safe`` are
written as they are.

Templates are read only from regular files: a symbolic link in a project's ``templates/``
(to ``/etc/passwd``, say) or in a template's folder is refused, and so is a file over
``MAX_TEMPLATE_BYTES``. Jinja errors become Issues naming the template file and line, and
never leave this module.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.loaders import split_template_path

from vendorscore.errors import InputError, Issue
from vendorscore.formatting import md_escape, md_inline, visible
from vendorscore.reporting import sandbox
from vendorscore.reporting.sandbox import (
    MAX_TEMPLATE_BYTES,
    BoundedSandbox,
    TemplateLimit,
    guard_filter,
    measured,
)

NAMES = {"html": "report.html.j2", "md": "report.md.j2", "workshop": "workshop.html.j2"}


class TemplateLink(Exception):
    """A template (or a folder on its way) is a symbolic link."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(path)


def default_templates() -> Path:
    """The packaged templates (in a checkout or editable install: the repository's templates/)."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if (packaged / NAMES["html"]).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


class _Loader(FileSystemLoader):
    """Jinja's file loader, refusing symbolic links and files over ``MAX_TEMPLATE_BYTES``."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for root in self.searchpath:
            path = Path(root)
            for piece in pieces:
                path = path / piece
                if path.is_symlink():
                    raise TemplateLink(str(path))
            if path.is_file():
                size = path.stat().st_size
                if size > MAX_TEMPLATE_BYTES:
                    raise TemplateLimit(
                        f"{path} holds {size:,} bytes, over the limit of "
                        f"{MAX_TEMPLATE_BYTES:,} (MAX_TEMPLATE_BYTES)"
                    )
                return super().get_source(environment, template)
        return super().get_source(environment, template)  # raises TemplateNotFound


def _finalize(fmt: str) -> Callable[[Any], Any]:
    """What every ``{{ }}`` passes through before it is written. Both formats run with
    autoescape on, so what a template writes itself (a macro's output, a ``{% set %}`` block)
    is trusted and what comes from the data is not: in HTML, text is made ``visible`` and then
    HTML-escaped; in Markdown it is escaped here with ``md_inline`` and marked done."""
    from markupsafe import Markup

    def text(value: Any) -> str:
        return value if isinstance(value, str) else str(measured(value, "a printed value"))

    def html(value: Any) -> Any:
        if isinstance(value, Markup):  # the charts, a macro's output, what a template marks safe
            return value
        return visible(text(value))

    def markdown(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        return Markup(md_inline(text(value)))

    return markdown if fmt == "md" else html


def _environment(search: list[Path], fmt: str) -> Any:
    from jinja2 import StrictUndefined
    from markupsafe import Markup

    env = BoundedSandbox(
        loader=_Loader([str(p) for p in search]),
        autoescape=True,  # whatever the template is called; _finalize escapes for the format
        finalize=_finalize(fmt),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    md_filter: Callable[[Any], Any] = md_escape
    if fmt == "md":  # escaped for Markdown already: neither HTML-escaped nor escaped again

        def md_filter(value: Any) -> Any:
            return Markup(md_escape(value))

    env.filters["md"] = guard_filter("md", md_filter)
    return env


def _generate(template: Any, data: dict[str, Any]) -> str:
    """The template's output, stopped with a ``TemplateLimit`` raised at the template's
    current line once it passes ``MAX_REPORT_BYTES``."""
    parts: list[str] = []
    size = 0
    stream = template.generate(**data)
    for chunk in stream:
        size += len(chunk.encode("utf-8", "surrogatepass"))
        if size > sandbox.MAX_REPORT_BYTES:
            stream.throw(
                TemplateLimit(
                    f"the report passes {sandbox.MAX_REPORT_BYTES:,} bytes (MAX_REPORT_BYTES): "
                    "a template that loops or repeats without end?"
                )
            )
        parts.append(chunk)
    return "".join(parts)


def _search(
    fmt: str, template: Path | None, project_templates: Path | None
) -> tuple[list[Path], str, str]:
    """Where templates are looked up, the name to render, and how diagnostics name it."""
    if project_templates is not None and project_templates.is_symlink():
        raise TemplateLink(str(project_templates))
    if template is not None:
        real = template.resolve()  # the file the user named, even through a link of theirs
        return [real.parent, default_templates()], real.name, str(template)
    name = NAMES[fmt]
    if project_templates is not None and (
        (project_templates / name).is_file() or (project_templates / name).is_symlink()
    ):
        return [project_templates, default_templates()], name, str(project_templates / name)
    return [default_templates()], name, f"templates/{name} (packaged)"


def render(
    context: dict[str, Any],
    fmt: str,
    template: Path | None = None,
    project_templates: Path | None = None,
) -> str:
    """The report text. ``template`` (a user's file) wins over ``project_templates/`` (the
    project's overrides), which wins over the packaged defaults."""
    from markupsafe import Markup

    data = dict(context)
    charts = context.get("charts", {})
    data["charts"] = {k: Markup(v) for k, v in charts.items()}  # drawn and escaped by us
    for key, value in context.get("trusted", {}).items():  # the what-if page's blocks, likewise
        data[key] = Markup(value)
    shown = str(template) if template is not None else f"templates/{NAMES[fmt]}"
    name = template.name if template is not None else NAMES[fmt]
    try:
        search, name, shown = _search(fmt, template, project_templates)
        env = _environment(search, fmt)
        return _generate(env.get_template(name), data)
    except Exception as exc:  # every Jinja failure, and any error a template's code raises
        real = str(template.resolve()) if template is not None else None
        raise InputError([_issue(exc, shown, name, real)]) from None


def _issue(exc: Exception, shown: str, name: str, real: str | None = None) -> Issue:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(exc, TemplateLink):
        return Issue(
            exc.path,
            1,
            1,
            "template-link",
            "a template or its folder is a symbolic link: vendorscore reads templates only "
            "from regular files (replace the link with a copy)",
        )
    if isinstance(exc, TemplateNotFound):
        return Issue(shown, 1, 1, "template-missing", f"template not found: {exc.name}")
    if isinstance(exc, TemplateSyntaxError):
        where = shown if exc.filename in (None, real) else exc.filename
        return Issue(where, exc.lineno or 1, 1, "template-syntax", exc.message or str(exc))
    line = 1
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename.endswith(name):
            line = lineno
    if isinstance(exc, TemplateLimit):
        return Issue(shown, line, 1, "template-limit", str(exc))
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Issue(shown, line, 1, "template-error", f"{type(exc).__name__}: {message}")

"""Rendering report templates: packaged defaults, project overrides, or a user's file.

Every template runs in a bounded sandbox (``sandbox.py``: Jinja's ImmutableSandboxedEnvironment,
with every value it builds and its whole output bounded) with StrictUndefined, so a user's
template can neither reach Python internals, mutate the data, exhaust memory, nor silently
print nothing for a misspelt name: a name that is not there is an error that lists the names
that are (``names_undefined``), bounded and made visible.

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

import dataclasses
import traceback
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.loaders import split_template_path

from vendorscore.errors import InputError, Issue
from vendorscore.formatting import md_escape, md_inline, visible
from vendorscore.reporting import escaping, sandbox
from vendorscore.reporting.sandbox import (
    MAX_TEMPLATE_BYTES,
    BoundedSandbox,
    TemplateLimit,
    guard_filter,
    measured,
)
from vendorscore.reporting.viewmodel import ReportContext

NAMES = {"html": "report.html.j2", "md": "report.md.j2", "workshop": "workshop.html.j2"}
LISTED_NAMES = 40
"""The most names an undefined-name error lists (the rest are counted)."""
LISTED_NAME_CHARS = 40
"""The longest a listed name is shown (a longer one is cut with an ellipsis)."""


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
        return Markup.escape(visible(text(value)))  # escaped here: `autoescape false` or not

    def markdown(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        return Markup(md_inline(text(value)))

    return markdown if fmt == "md" else html


def available(obj: Any) -> list[str] | None:
    """The names a template can use on ``obj``: a record's fields or a mapping's text keys;
    None for anything else (a list, a text, a number: Jinja's own message says enough)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [f.name for f in dataclasses.fields(obj)]
    if isinstance(obj, Mapping):
        return [k for k in obj if isinstance(k, str)]
    return None


def listing(names: Collection[str]) -> str:
    """Names for a one-line message: sorted, each made ``visible`` and cut to
    ``LISTED_NAME_CHARS``, at most ``LISTED_NAMES`` of them (a vendor id is vendor text)."""
    shown = []
    for name in sorted(names)[:LISTED_NAMES]:
        name = visible(name)
        cut = len(name) > LISTED_NAME_CHARS
        shown.append(name[: LISTED_NAME_CHARS - 1] + "…" if cut else name)
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")


def names_undefined(top: Collection[str]) -> type[Any]:
    """``StrictUndefined``, whose error lists the names available where the missing one was
    asked for: ``top`` (the context's fields) for a top-level name, the fields of a record or
    the keys of a mapping for an attribute or an item."""
    from jinja2 import StrictUndefined
    from jinja2.utils import missing

    class NamesUndefined(StrictUndefined):
        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            if self._undefined_hint is not None:
                return self._undefined_hint
            obj, name = self._undefined_obj, self._undefined_name
            names = list(top) if obj is missing else available(obj)
            if names is None or not isinstance(name, str):
                return str(super()._undefined_message)
            return f"{name!r} is undefined; available here: {listing(names) or 'nothing'}"

    return NamesUndefined


def _environment(search: list[Path], fmt: str, top: Collection[str] = ()) -> Any:
    from markupsafe import Markup

    env = BoundedSandbox(
        loader=_Loader([str(p) for p in search]),
        autoescape=True,  # whatever the template is called; _finalize escapes for the format
        finalize=_finalize(fmt),
        undefined=names_undefined(top),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    md_filter: Callable[[Any], Any] = md_escape
    if fmt == "md":  # escaped for Markdown already: neither HTML-escaped nor escaped again

        def md_filter(value: Any) -> Any:
            return Markup(md_escape(value))

    env.filters["md"] = guard_filter("md", md_filter)
    escaping.install(env, fmt)
    return env


def _generate(template: Any, data: dict[str, Any]) -> str:
    """The template's output, stopped with a ``TemplateLimit`` raised at the template's
    current line once it passes ``MAX_REPORT_BYTES``."""
    parts: list[str] = []
    size = 0
    stream = template.generate(**data)
    for chunk in stream:  # an ASCII text's length is its size (isascii() is a flag's read)
        size += len(chunk) if chunk.isascii() else len(chunk.encode("utf-8", "surrogatepass"))
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


def template_data(context: ReportContext) -> dict[str, Any]:
    """The context as Jinja takes it: one top-level name per field, the charts marked safe
    (drawn and escaped by ``charts.py``)."""
    from markupsafe import Markup

    data = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    charts = context.charts
    data["charts"] = dataclasses.replace(
        charts,
        **{
            f.name: Markup(value)
            for f in dataclasses.fields(charts)
            if (value := getattr(charts, f.name)) is not None
        },
    )
    return data


def _page(context: Mapping[str, Any]) -> dict[str, Any]:
    """The what-if page's context (``workshop.py``): its ``trusted`` blocks (data, script and
    style, built and escaped there, their hashes in the page's CSP) written as they are."""
    from markupsafe import Markup

    data = {k: v for k, v in context.items() if k != "trusted"}
    for key, value in context.get("trusted", {}).items():
        data[key] = Markup(value)
    return data


def render(
    context: ReportContext | Mapping[str, Any],
    fmt: str,
    template: Path | None = None,
    project_templates: Path | None = None,
) -> str:
    """The report text. ``template`` (a user's file) wins over ``project_templates/`` (the
    project's overrides), which wins over the packaged defaults."""
    data = template_data(context) if isinstance(context, ReportContext) else _page(context)
    shown = str(template) if template is not None else f"templates/{NAMES[fmt]}"
    name = template.name if template is not None else NAMES[fmt]
    try:
        search, name, shown = _search(fmt, template, project_templates)
        env = _environment(search, fmt, list(data))
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

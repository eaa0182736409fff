"""Jinja's own escaping filters, made to escape for the report's format.

Jinja's ``e``/``escape``/``forceescape``, ``urlize``, ``xmlattr`` and ``tojson`` return markup
that the renderer then writes as it is: HTML-escaped only, so a control or bidi character of
vendor text reached the page, and in a Markdown report a link or raw HTML went through
untouched. Here each one leaves escaping to the renderer's one rule (``render._finalize``:
``visible``, then HTML-escaped or ``md_inline``): ``e``, ``escape`` and ``forceescape`` give
the text back to be escaped once; ``urlize`` makes no link (vendor text never links
anywhere); ``xmlattr`` makes the values visible first (HTML) or is text (Markdown); ``tojson``
is Jinja's in HTML (its JSON escapes every control, bidi and markup character) and text in
Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from vendorscore.formatting import visible
from vendorscore.reporting.sandbox import guard_filter


def install(env: Any, fmt: str) -> None:
    """Replace the escaping filters of ``env`` (a report's environment in ``fmt``)."""
    from jinja2 import filters as jinja
    from jinja2 import pass_eval_context
    from markupsafe import Markup

    def plain(value: Any, *_: Any, **__: Any) -> Any:
        """The value as text, for the renderer to escape once (a macro's output, a chart or
        what a template marked safe stays as it is, as Jinja's ``e`` leaves it)."""
        return value if isinstance(value, Markup) else str(value)

    def force(value: Any) -> str:
        return str(value)

    def xmlattr(ctx: Any, d: Mapping[Any, Any], autospace: bool = True) -> Any:
        shown = {k: v if v is None else visible(str(v)) for k, v in d.items()}
        made = jinja.do_xmlattr(ctx, shown, autospace)
        return made if fmt == "html" else str(made)

    def tojson(ctx: Any, value: Any, indent: int | None = None) -> Any:
        made = jinja.do_tojson(ctx, value, indent)
        return made if fmt == "html" else str(made)

    replaced: dict[str, Callable[..., Any]] = {
        "e": plain,
        "escape": plain,
        "forceescape": force,
        "urlize": force,
        "xmlattr": pass_eval_context(xmlattr),
        "tojson": pass_eval_context(tojson),
    }
    for name, function in replaced.items():
        env.filters[name] = guard_filter(name, function)

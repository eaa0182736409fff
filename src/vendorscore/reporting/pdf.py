"""The PDF report: the rendered HTML report laid out on paper by WeasyPrint.

The only importer of weasyprint (an optional extra, ``vendorscore[pdf]``, which needs the
Pango libraries of the system). The HTML is the report ``render.py`` wrote, with its print
stylesheet (``@media print``: the cover, headings kept with what follows, table headers
repeated on each page, rows never split); this module adds the paper size and the page
numbers as a user stylesheet, so a template's own ``@page`` rules win.

WeasyPrint never fetches anything: every URL a template names (``http:``, ``file:``,
``data:``, and relative ones, resolved against a base that cannot exist) goes to a fetcher
that refuses it, and the first refusal stops the rendering with an error naming the URL. The
work is bounded by the size of the HTML: ``MAX_PDF_HTML_BYTES`` (the report's text is
bounded by ``sandbox.MAX_REPORT_BYTES`` already; laying out 100 MiB of HTML would take
WeasyPrint many minutes and gigabytes, so the PDF takes less). WeasyPrint's log messages
(unsupported CSS, say) are collected, never printed: the core does not print.

WeasyPrint draws an inline ``<svg>`` with the stylesheets inside it only, not the page's: the
charts' classes (``svg .label { font-size: 12px }``) would fall back to 16 px text, wider than
``charts.py`` measured. So the page's rules whose selector starts with ``svg`` (and the
body's font family, and the ``:root`` colours they use) are copied into each chart first
(``svg_styled``), as a browser would have applied them.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vendorscore.errors import OutputError

PAPERS = {"a4": "A4", "letter": "Letter"}
"""``--paper`` choices and their CSS page sizes."""

MAX_PDF_HTML_BYTES = 8 * 2**20
"""The largest HTML report laid out as a PDF (UTF-8 bytes): 8 MiB, some 30 times the bundled
example's (which takes about 1.5 s); past it, write the HTML report instead."""

BASE_URL = "https://report.invalid/"
"""What relative URLs resolve against: a host that cannot exist (RFC 2606), so a relative
``src`` reaches the refusing fetcher too instead of being skipped in silence."""

INSTALL = "pip install 'vendorscore[pdf]'"
SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def page_css(paper: str) -> str:
    """The paper size and the page numbers ("page 3 of 14", none on the cover)."""
    size = PAPERS[paper]
    return (
        f"@page {{ size: {size}; @bottom-right {{ content: 'page ' counter(page) ' of ' "
        "counter(pages); font: 8pt sans-serif; color: #5f6368; } }\n"
        "@page cover { @bottom-right { content: none; } }\n"
    )


def missing() -> str | None:
    """Why PDF output is unavailable (WeasyPrint or its system libraries missing), or None."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return f"PDF output needs WeasyPrint: {INSTALL}"
    except OSError as exc:  # the package is there, Pango is not
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return (
            f"PDF output needs WeasyPrint's system libraries ({first}): on Debian or Ubuntu, "
            f"apt-get install {SYSTEM_LIBRARIES}"
        )
    return None


def require_pdf() -> None:
    """An OutputError (exit 1) saying how to install PDF support, when it is missing."""
    problem = missing()
    if problem is not None:
        raise OutputError(problem)


class Refused(Exception):
    """A template asked WeasyPrint to fetch something."""


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF and WeasyPrint's messages while it was laid out."""

    data: bytes
    messages: tuple[str, ...]


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*\)")


def svg_styled(html: str) -> str:
    """``html`` with the page's ``svg …`` descendant rules copied into a ``<style>`` inside
    each ``<svg>`` (custom properties resolved, the body's font family given to the chart)."""
    import tinycss2

    found = _STYLE.search(html)
    if found is None:
        return html
    variables: dict[str, str] = {}
    rules: list[str] = []
    font = ""
    for rule in tinycss2.parse_stylesheet(found.group(1), skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue  # @media, @page: not for the charts
        selector = tinycss2.serialize(rule.prelude).strip()
        body = tinycss2.serialize(rule.content).strip()
        if selector == ":root":
            for decl in _declarations(rule):
                if decl.type == "declaration" and decl.name.startswith("--"):
                    variables[decl.name] = tinycss2.serialize(decl.value).strip()
        elif selector == "body":
            for decl in _declarations(rule):
                if decl.type == "declaration" and decl.name in ("font", "font-family"):
                    font = tinycss2.serialize(decl.value).strip()
        elif all(part.strip().startswith("svg ") for part in selector.split(",")):
            rules.append(f"{selector} {{ {body} }}")
    if not rules:
        return html
    family = _family(font)
    css = (f"svg {{ font-family: {family}; }}\n" if family else "") + "\n".join(rules)
    css = _VAR.sub(lambda m: variables.get(m.group(1), "initial"), css)
    style = f"<style>{css}</style>"
    return _SVG_OPEN.sub(lambda m: m.group(0) + style, html)


def _declarations(rule: Any) -> list[Any]:
    import tinycss2

    return list(
        tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
    )


def _family(font: str) -> str:
    """The family list of a ``font`` shorthand (``15px/1.5 Arial, sans-serif``) or of a
    ``font-family`` value."""
    head, _, rest = font.partition(",")
    first = head.split()[-1] if head.split() else ""
    quoted = re.search(r"(\"[^\"]*\"|'[^']*')\s*$", head)
    if quoted:
        first = quoted.group(1)
    return f"{first},{rest}" if rest else first


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):  # type: ignore[misc]
        """Refuses every URL; ``fail_on_errors`` makes the refusal stop the rendering."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), fail_on_errors=True)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.refused.append(url)
            raise Refused(url)

    return RefuseAll()


@contextlib.contextmanager
def _collected(messages: list[str]) -> Iterator[None]:
    """WeasyPrint's log records, gathered into ``messages`` instead of reaching stderr."""

    class Gather(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler, propagate, level = Gather(logging.WARNING), logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        logger.setLevel(level)


def render_pdf(html: str, paper: str = "a4") -> Pdf:
    """The HTML report as a PDF on ``paper`` (a key of ``PAPERS``). OutputError when the HTML
    is over ``MAX_PDF_HTML_BYTES``, when it names a URL (nothing is fetched), or when PDF
    support is missing."""
    require_pdf()
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_PDF_HTML_BYTES:
        raise OutputError(
            f"the report's HTML holds {size:,} bytes, over the PDF limit of "
            f"{MAX_PDF_HTML_BYTES:,} (MAX_PDF_HTML_BYTES): write it as .html instead"
        )
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher()
    messages: list[str] = []
    try:
        with _collected(messages):
            document = HTML(string=svg_styled(html), base_url=BASE_URL, url_fetcher=fetcher)
            style = CSS(string=page_css(paper), base_url=BASE_URL, url_fetcher=fetcher)
            data = document.write_pdf(stylesheets=[style])
    except FatalURLFetchingError:  # a BaseException: raised by the first refusal
        pass
    if fetcher.refused:
        raise OutputError(
            f"the report names {fetcher.refused[0]!r}: a PDF report fetches nothing (no image, "
            "stylesheet or font from a URL or a file); draw pictures as inline SVG"
        )
    return Pdf(bytes(data), tuple(messages))

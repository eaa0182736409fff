"""The PDF report (WeasyPrint): paper sizes, no blank page, nothing off the page, a cover, page
numbers, headings kept with what follows, vector charts, nothing fetched, atomic writes.

Pages are checked as poppler sees them: ``pdftotext -bbox-layout`` (every word inside the
page box), ``pdftoppm`` (each page rasterised: not blank, the outer margin bands blank) and
``pdfimages -list`` (no raster image: the charts stay vectors).
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
import sys
import time
from importlib.abc import MetaPathFinder
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, ROOT, CliRunner
from vendorscore.cli import run
from vendorscore.reporting.pdf import missing

POPPLER = all(shutil.which(t) for t in ("pdftoppm", "pdftotext", "pdfimages", "pdfinfo"))
needs_pdf = pytest.mark.skipif(
    missing() is not None or not POPPLER,
    reason=(missing() or "")
    + ("" if POPPLER else " poppler-utils (pdftoppm, pdftotext, pdfimages) is not installed")
    + " (.ci/run installs them with apt-get)",
)
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}  # points
FAST = ("--samples", "200")  # the PDF is what is tested here, not SMAA


def _pages(pdf: Path) -> list[dict[str, Any]]:
    """Each page's size and its words with their boxes (points, origin top left)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page (.*?)</page>", xml, re.DOTALL):
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', page)[:2])
        words = [
            (float(a), float(b), float(c), float(d), htmllib.unescape(text))
            for a, b, c, d, text in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
                r"(.*?)</word>",
                page,
            )
        ]
        pages.append({"width": width, "height": height, "words": words})
    return pages


def _outside(pdf: Path) -> list[str]:
    """Words drawn (even partly) outside their page, or inside its outer 6 mm."""
    edge = 6 / 25.4 * 72
    return [
        f"page {n}: {w[4]!r} at {w[:4]}"
        for n, page in enumerate(_pages(pdf), 1)
        for w in page["words"]
        if w[0] < edge or w[1] < edge or w[2] > page["width"] - edge or w[3] > page["height"]
    ]


def _raster(pdf: Path, folder: Path) -> list[Any]:
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf), str(folder / "p")], check=True)
    images = []
    for path in sorted(folder.glob("p-*.pgm")):
        with Image.open(path) as image:
            images.append(image.copy())
    return images


def _ink(image: Any, box: tuple[int, int, int, int]) -> bool:
    low, _ = image.crop(box).getextrema()
    return bool(low < 200)


def _margin_ink(image: Any) -> list[str]:
    """Which outer 7 mm bands (left, right, top; the bottom band holds the page number, so
    only its lowest 4 mm) hold any ink."""
    w, h = image.size
    band = round(7 / 25.4 * 50)
    low = round(4 / 25.4 * 50)
    boxes = {
        "left": (0, 0, band, h),
        "right": (w - band, 0, w, h),
        "top": (0, 0, w, band),
        "bottom": (0, h - low, w, h),
    }
    return [name for name, box in boxes.items() if _ink(image, box)]


def _render(args: list[str], out: Path) -> float:
    start = time.perf_counter()
    code = run(["report", *args, "-o", str(out), "-q", *FAST])
    assert code == 0, f"report exited {code}"
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """The bundled example as a PDF (A4) and as HTML, and how long the PDF run took."""
    if missing() is not None or not POPPLER:
        pytest.skip("PDF support or poppler-utils missing")
    folder = tmp_path_factory.mktemp("pdf")
    seconds = _render(["--example"], folder / "report.pdf")
    assert run(["report", "--example", "-o", str(folder / "report.html"), "-q", *FAST]) == 0
    return folder / "report.pdf", folder / "report.html", seconds


@needs_pdf
@pytest.mark.slow  # a full report laid out: several seconds on 2 busy cores
def test_example_pdf_pages(example_pdf: tuple[Path, Path, float], tmp_path: Path) -> None:
    pdf, _, seconds = example_pdf
    print(f"example report to PDF: {seconds:.2f} s")
    pages = _pages(pdf)
    assert len(pages) > 5
    for page in pages:
        assert (round(page["width"], 1), round(page["height"], 1)) == (595.3, 841.9)
    assert _outside(pdf) == []
    images = _raster(pdf, tmp_path)
    assert len(images) == len(pages)
    for n, image in enumerate(images, 1):
        w, h = image.size
        assert _ink(image, (0, 0, w, h)), f"page {n} is blank"
        assert _margin_ink(image) == [], f"page {n}: ink in the margin"
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert listed[2:] == [], "a raster image in the PDF: the charts must stay vectors"


@needs_pdf
@pytest.mark.slow  # a full report laid out: several seconds on 2 busy cores
def test_cover_page_numbers_and_headings(example_pdf: tuple[Path, Path, float]) -> None:
    pdf, html, _ = example_pdf
    pages = _pages(pdf)
    cover = " ".join(w[4] for w in pages[0]["words"])
    for field in ("Retail CX outsourcing 2027", "A US omnichannel retailer", "CX sourcing team"):
        assert field in cover
    assert "Version 1.0" in cover
    assert "page" not in cover
    total = len(pages)
    for n, page in enumerate(pages[1:], 2):
        text = " ".join(w[4] for w in page["words"])
        assert f"page {n} of {total}" in text
    headings = {
        htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip()
        for h in re.findall(r"<(?:h2|h3|summary)[^>]*>(.*?)</", html.read_text(), re.DOTALL)
    }
    for n in range(2, total + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        body = [ln for ln in lines if not re.fullmatch(r"page \d+ of \d+", ln)]
        assert body, f"page {n} has no text"
        assert body[-1] not in headings, f"page {n} ends with the heading {body[-1]!r}"


@needs_pdf
@pytest.mark.slow
def test_letter_paper(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    _render(["--example", "--paper", "letter"], out)
    pages = _pages(out)
    assert {(round(p["width"]), round(p["height"])) for p in pages} == {(612, 792)}
    assert _outside(out) == []
    for n, image in enumerate(_raster(out, tmp_path), 1):
        assert _margin_ink(image) == [], f"page {n}: ink in the margin"


def _long_names(root: Path) -> Path:
    """The example with a vendor named by one 60-character word, and one of 60 characters
    with spaces."""
    project = root / "long"
    shutil.copytree(EXAMPLE, project)
    for name, new in (
        ("andes.yaml", "Andes" + "Nearshore" * 6 + "Contactcenter"),
        ("bayani-cx.yaml", "Bayani Customer Experience Solutions and Omnichannel Care Inc."),
    ):
        path = project / "vendors" / name
        text = path.read_text()
        path.write_text(re.sub(r"(?m)^name: .*$", f"name: {new[:60]}", text, count=1))
    return project


@needs_pdf
@pytest.mark.slow  # a full report laid out: several seconds on 2 busy cores
def test_the_off_page_check_fails_then_long_names_wrap(cli: CliRunner, tmp_path: Path) -> None:
    project = _long_names(tmp_path)
    # a template that forbids wrapping: the checks see text off the page
    template = tmp_path / "nowrap.html.j2"
    packaged = (ROOT / "templates" / "report.html.j2").read_text()
    template.write_text(
        packaged.replace("</style>", "* { white-space: nowrap !important; }</style>")
    )
    bad = tmp_path / "bad.pdf"
    assert cli("report", str(project), "--template", str(template), "-o", str(bad), *FAST).code == 0
    assert _outside(bad) != []
    assert any(_margin_ink(image) for image in _raster(bad, tmp_path))
    # the packaged print stylesheet wraps the same names inside the page
    good = tmp_path / "good.pdf"
    assert cli("report", str(project), "-o", str(good), *FAST).code == 0
    assert _outside(good) == []
    (tmp_path / "ok").mkdir()
    for n, image in enumerate(_raster(good, tmp_path / "ok"), 1):
        assert _margin_ink(image) == [], f"page {n}: ink in the margin"


@needs_pdf
@pytest.mark.parametrize(
    "reference",
    [
        '<img src="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9/x.png">',
        '<img src="logo.png">',
        "<style>body { background: url('file:///etc/hostname'); }</style>",
        '<link rel="stylesheet" href="https://example.com/x.css">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_nothing_is_fetched(cli: CliRunner, tmp_path: Path, reference: str) -> None:
    template = tmp_path / "fetch.html.j2"
    template.write_text(f"<html><body><h1>{{{{ title }}}}</h1>{reference}</body></html>")
    out = tmp_path / "r.pdf"
    out.write_bytes(b"before")
    result = cli("report", "--example", "--template", str(template), "-o", str(out), *FAST)
    assert result.code == 1
    assert "a PDF report fetches nothing" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert out.read_bytes() == b"before"  # the old file untouched, no temporary file left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fetch.html.j2", "r.pdf"]


class _Broken(MetaPathFinder):
    """``import weasyprint`` fails as it does when Pango is missing."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': not found")
        return None


@needs_pdf
def test_render_pdf_small_page_numbers_and_paper(tmp_path: Path) -> None:
    from vendorscore.reporting.pdf import render_pdf

    html = "<html><body>" + "<p>line</p>" * 120 + "</body></html>"
    pdf = render_pdf(html, "letter")
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.messages == ()
    out = tmp_path / "small.pdf"
    out.write_bytes(pdf.data)
    pages = _pages(out)
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert (round(page["width"]), round(page["height"])) == (612, 792)
        assert f"page {n} of {len(pages)}" in " ".join(w[4] for w in page["words"])


@pytest.mark.parametrize("how", ["package", "system"])
def test_without_weasyprint_one_line_and_exit_1(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    if how == "package":
        monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
    else:
        monkeypatch.setattr(sys, "meta_path", [_Broken(), *sys.meta_path])
    out = tmp_path / "r.pdf"
    result = cli("report", "--example", "-o", str(out))
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    expected = "pip install 'vendorscore[pdf]'" if how == "package" else "apt-get install"
    assert expected in result.err
    assert not out.exists()


def test_paper_is_for_pdf_only(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("report", "--example", "-o", str(tmp_path / "r.html"), "--paper", "letter")
    assert result.code == 2
    assert "--paper" in result.err
    assert not (tmp_path / "r.html").exists()


def test_pdf_refuses_a_terminal(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = cli("report", "--example", "-f", "pdf", "-o", "-")
    assert result.code == 2
    assert "not for a terminal" in result.err


@needs_pdf
@pytest.mark.slow  # a full report laid out: several seconds on 2 busy cores
def test_pdf_into_a_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vendorscore",
            "report",
            "--example",
            "-f",
            "pdf",
            "-o",
            "-",
            *list(FAST),
        ],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-")
    assert done.stdout.rstrip().endswith(b"%%EOF")
    assert list(tmp_path.iterdir()) == []

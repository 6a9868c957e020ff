"""The whole wiki as one PDF (`make pdf`): teamwiki/pdf.py run once, the result read back with pypdf.

Checks: page count between a bound computed from the sources and a sane maximum; an outline
(bookmarks) and a table of contents naming every top-level section; Chinese prose from the index page
comes back out as text, set in a real CJK font; the diagram of the contributing page is in the PDF
(mermaid's labels stay text); Furo's screen furniture is not printed. If `pdftoppm` (poppler-utils)
is installed, the diagram's page is saved as PNG in _build/test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tests.helpers import ARTIFACTS

NAME = "team-wiki.pdf"
_WS = re.compile(r"\s+")


def _flat(text: str) -> str:
    """Whitespace removed: line breaks and the spaces PDF extraction puts around Latin words do not count."""
    return _WS.sub("", text)


def _manifest(out) -> dict:
    """What each page holds, as the build wrote it (teamwiki/ext/manifest.py)."""
    return json.loads((out / "singlehtml" / "manifest.json").read_text(encoding="utf-8"))


def _prose_sentences(html: str) -> list[str]:
    """Plain Chinese sentences of the root page's own paragraphs (before the first subsection), as built."""
    soup = BeautifulSoup(html, "html.parser")
    first = soup.select_one("article section")
    paragraphs = [p.get_text() for p in first.find_all("p", recursive=False)] if first else []
    sentences = []
    for paragraph in paragraphs:
        for sentence in re.split(r"[。！？：]", paragraph):
            if len(re.findall(r"[\u4e00-\u9fff]", sentence)) >= 8:
                sentences.append(sentence.strip())
    return sentences


@pytest.fixture(scope="module")
def printed(pdf_run):
    """(PDF path, what the tool printed, its folder): teamwiki/pdf.py run once (started early by conftest.py)."""
    out, result = pdf_run
    assert result.returncode == 0, f"teamwiki/pdf.py failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    pdf = out / NAME
    assert pdf.is_file(), f"teamwiki/pdf.py did not write {NAME}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, ARTIFACTS / NAME)  # for a person to open
    return pdf, result.stdout, out


@pytest.fixture(scope="module")
def manifest(printed) -> dict:
    return _manifest(printed[2])


@pytest.fixture(scope="module")
def toc(manifest) -> list[str]:
    """Titles of the root page's toctree, in order (the top-level sections of the wiki)."""
    pages = manifest["pages"]
    return [pages[doc]["title"] for doc in pages[manifest["root"]]["toctree"]]


@pytest.fixture(scope="module")
def reader(printed) -> PdfReader:
    return PdfReader(printed[0])


@pytest.fixture(scope="module")
def text(reader):
    """The text of page n (0-based), extracted once: extracting all pages of a big PDF is slow."""
    cache: dict[int, str] = {}

    def page_text(n: int) -> str:
        if n not in cache:
            cache[n] = reader.pages[n].extract_text() or ""
        return cache[n]

    return page_text


@pytest.fixture(scope="module")
def sections(reader, toc) -> dict[str, int]:
    """Top-level section title (whitespace removed) -> index of the page its bookmark points to."""
    titles = {_flat(title) for title in toc}
    found: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif _flat(item.title) in titles and _flat(item.title) not in found:
                found[_flat(item.title)] = reader.get_destination_page_number(item)

    walk(reader.outline or [])
    return found


def _front_pages(sections: dict[str, int]) -> range:
    """The title page and the table of contents: every page before the first section starts."""
    return range(min(sections.values()) if sections else 1)


def _section_pages(sections: dict[str, int], title: str, total: int) -> range:
    start = sections[_flat(title)]
    later = [p for p in sections.values() if p > start]
    return range(start, min(later) if later else total)


def _fonts(resources, seen: set[str]) -> set[str]:
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        seen.add(str(font.get_object().get("/BaseFont", "")))
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            _fonts(xobject["/Resources"], seen)
    return seen


def test_tool_reports_pages_and_size(printed, reader):
    pdf, stdout, _out = printed
    match = re.search(r"(\d+) pages, .*\((\d+) bytes\)", stdout)
    assert match, f"teamwiki/pdf.py must print the page count and size, printed: {stdout!r}"
    assert int(match.group(1)) == len(reader.pages)
    assert int(match.group(2)) == pdf.stat().st_size
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2), "not A4"
    assert reader.pages[0].mediabox.height == pytest.approx(842, abs=2), "not A4"


def test_page_count_is_sensible(reader, toc, manifest):
    """Title page, table of contents, then every top-level section on one page or more."""
    sections = toc
    pages_in_source = len(manifest["pages"])
    lower, upper = 2 + len(sections), 30 * pages_in_source
    assert len(sections) >= 2, f"the index has no real toctree: {sections}"
    assert lower <= len(reader.pages) <= upper, f"{len(reader.pages)} pages, expected {lower}..{upper}"


def test_outline_and_table_of_contents(reader, sections, text, toc):
    """Bookmarks name every top-level section; so does the table of contents before them, as links."""
    titles = toc
    assert reader.outline, "the PDF has no outline (bookmarks)"
    missing = [t for t in titles if _flat(t) not in sections]
    assert not missing, f"sections missing from the bookmarks: {missing} (have {sorted(sections)})"
    order = [sections[_flat(t)] for t in titles]
    assert order == sorted(order), f"sections out of toctree order: {dict(zip(titles, order, strict=True))}"
    front = _front_pages(sections)
    assert len(front) >= 1, "the first section starts on the first page: no title page"
    toc = _flat("".join(text(n) for n in front))
    assert "目录" in toc, "no table of contents before the first section"
    missing = [t for t in titles if _flat(t) not in toc]
    assert not missing, f"sections missing from the table of contents: {missing}"
    links = [a.get_object() for n in front for a in reader.pages[n].get("/Annots") or []]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    assert len(links) >= len(titles), f"the table of contents needs a link per section, found {len(links)}"


def test_chinese_text_is_real_text_in_a_cjk_font(reader, sections, text, printed):
    """The index page's prose is on the title page, as extractable text, in WenQuanYi Micro Hei."""
    sentences = _prose_sentences((printed[2] / "singlehtml" / "index.html").read_text(encoding="utf-8"))
    assert sentences, "no plain Chinese sentence on the root page to look for"
    front = _flat("".join(text(n) for n in _front_pages(sections)))
    missing = [s for s in sentences if _flat(s) not in front]
    assert not missing, f"sentences of docs/index.md not found in the PDF's text: {missing}"
    fonts = set()
    for page in reader.pages:
        _fonts(page.get("/Resources"), fonts)
    assert any("WenQuanYi" in f for f in fonts), f"Chinese not set in WenQuanYi Micro Hei: {sorted(fonts)}"


def test_diagram_is_in_the_pdf(reader, sections, text, manifest):
    """Every node label of the contributing page's diagram is text on one page of that section."""
    page = manifest["pages"]["contributing"]
    labels = re.findall(r"\[([^\]]+)\]", page["diagrams"][0]["code"])
    assert len(labels) >= 3, f"too few labels to recognise the diagram: {labels}"
    span = _section_pages(sections, page["title"], len(reader.pages))
    pages = [n for n in span if all(_flat(label) in _flat(text(n)) for label in labels)]
    assert pages, f"the diagram's labels {labels} are not on pages {span.start + 1}-{span.stop} (如何写一页)"
    _save_png(pages[0])


def test_screen_furniture_is_not_printed(reader, sections, text):
    """Title pages, the first page of every section and the last page: no sidebar, toggle, buttons, footer."""
    pages = sorted({*_front_pages(sections), *sections.values(), len(reader.pages) - 1})
    for n in pages:
        for furniture in ("Skip to content", "Back to top", "Toggle", "Made with", "Copy to clipboard"):
            assert furniture not in text(n), f"{furniture!r} printed on page {n + 1}"


def _save_png(index: int) -> None:
    """The page as PNG for a person (only when poppler's pdftoppm is installed; not required)."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        return
    out = ARTIFACTS / "team-wiki-pdf-diagram-page"
    subprocess.run(
        [pdftoppm, "-r", "80", "-png", "-singlefile", "-f", str(index + 1), "-l", str(index + 1),
         str(ARTIFACTS / NAME), str(out)],
        check=True,
    )  # fmt: skip
    assert out.with_suffix(".png").stat().st_size > 10_000

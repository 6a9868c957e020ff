#!/usr/bin/env python3
"""The whole wiki as one PDF, printed by headless Chromium.

Usage: python -m teamwiki.pdf OUTDIR      (`make pdf`: OUTDIR _build/pdf  ->  _build/pdf/team-wiki.pdf)

1. The strict, fresh build of the wiki (teamwiki.build) as one page (``-b singlehtml``)
   into OUTDIR/singlehtml, from a clean folder.
2. Debian's Chromium (Playwright, never a downloaded browser) opens it from disk in the light colour
   scheme; any request that is not file:// is refused and fails the run.
3. Before printing: a table of contents (the wiki's navigation tree, as links) on its own page after
   the title page, every top-level section on a new page, Furo's sidebars, theme toggle and copy
   buttons hidden, long code lines wrapped, Chinese set in WenQuanYi Micro Hei, and every diagram
   image switched from lazy to eager loading and awaited (a missing one fails the run).
4. ``page.pdf``: A4, margins, backgrounds, page numbers in the footer, a tagged PDF with an outline
   (bookmarks) built from the headings.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from teamwiki import build, chromium

NAME = "team-wiki.pdf"
CJK_FONT = '"WenQuanYi Micro Hei"'
MONO_FONT = '"WenQuanYi Micro Hei Mono"'

# Injected at print time (the site itself is unchanged).
PRINT_CSS = f"""
@page {{ size: A4; }}
body {{
  --font-stack: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, {CJK_FONT}, sans-serif;
  --font-stack--headings: var(--font-stack);
  --font-stack--monospace: "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", {MONO_FONT},
    monospace;
  font-family: var(--font-stack);
}}
/* Screen furniture a page of paper has no use for. */
.sidebar-drawer, .toc-drawer, .mobile-header, .theme-toggle-container, .content-icon-container,
.back-to-top, .toc-overlay, .sidebar-overlay, .skip-to-content, button.copybtn, .headerlink, .related-pages,
.bottom-of-page, #searchbox, .sidebar-search-container {{
  display: none !important;
}}
.page, .main, .content, .article-container {{ display: block !important; width: auto !important;
  max-width: none !important; padding: 0 !important; margin: 0 !important; }}
article[role=main] {{ padding: 0 !important; }}
/* Code: wrap long lines instead of cutting them off at the margin. */
pre {{ white-space: pre-wrap !important; overflow-wrap: anywhere; overflow: visible !important; }}
div.highlight, .table-wrapper {{ overflow: visible !important; }}
/* Each top-level section of the wiki starts on a new page. */
article[role=main] > section > .toctree-wrapper > span[id^="document-"] + section {{ break-before: page; }}
/* A snippet's caption stays with its code; short blocks and diagrams are never split. */
.literal-block-wrapper {{ break-inside: avoid; }}
.code-block-caption {{ break-after: avoid; }}
.mermaid-diagram {{ break-inside: avoid; }}  /* and never wider than the page: */
.mermaid-diagram img {{ max-width: 100% !important; height: auto !important; }}
/* The table of contents added by teamwiki/pdf.py. */
nav.pdf-toc {{ break-before: page; }}  /* a page of its own; the first section breaks the page after it */
nav.pdf-toc .pdf-toc-title {{ font-size: 1.5em; font-weight: 700; margin-bottom: .5rem; }}
nav.pdf-toc ul {{ list-style: none; padding-left: 1.2em; margin: .2em 0; }}
nav.pdf-toc > ul {{ padding-left: 0; }}
nav.pdf-toc li {{ margin: .25em 0; }}
nav.pdf-toc > ul > li > a {{ font-weight: 700; }}
nav.pdf-toc a {{ text-decoration: none; color: inherit; }}
"""

# Clone the navigation tree (every page of the wiki, in toctree order) into the article, after the
# title page's introduction; the singlehtml build inlines the root toctree, so there is none in the text.
TOC_JS = """
() => {
  const tree = document.querySelector('.sidebar-tree > ul');
  const article = document.querySelector('article[role=main]');
  const anchor = article && article.querySelector('.toctree-wrapper');
  if (!tree || !anchor) return 0;
  const nav = document.createElement('nav');
  nav.className = 'pdf-toc';
  nav.setAttribute('aria-label', '目录');
  const title = document.createElement('p');
  title.className = 'pdf-toc-title';
  const caption = document.querySelector('.sidebar-tree .caption-text');
  title.textContent = caption ? caption.textContent.trim() : '目录';
  const list = tree.cloneNode(true);
  list.querySelectorAll('input, label').forEach(e => e.remove());
  list.querySelectorAll('ul').forEach(ul => { if (!ul.querySelector('li')) ul.remove(); });
  list.querySelectorAll('[id]').forEach(e => e.removeAttribute('id'));
  nav.append(title, list);
  anchor.before(nav);
  return list.querySelectorAll('a').length;
}
"""

EAGER_JS = "() => document.querySelectorAll('img').forEach(img => { img.loading = 'eager'; })"
IMAGES_DONE_JS = "() => [...document.images].every(img => img.complete)"
BROKEN_IMAGES_JS = """
() => [...document.images]
  .filter(img => getComputedStyle(img).display !== 'none' && !(img.naturalWidth > 0))
  .map(img => img.getAttribute('src'))
"""

FOOTER = (
    '<div style="width:100%;font-size:8px;color:#666;padding:0 15mm;display:flex;'
    f'justify-content:space-between;font-family:{CJK_FONT},sans-serif">'
    '<span class="title"></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


def build_singlehtml(outdir: Path) -> Path:
    target = outdir / "singlehtml"
    shutil.rmtree(target, ignore_errors=True)
    result = build.run("singlehtml", target, extra=["-q"])
    if result.returncode != 0:
        raise SystemExit(f"error: the strict singlehtml build failed (exit {result.returncode})")
    index = target / "index.html"
    if not index.is_file():
        raise SystemExit(f"error: {index} was not written")
    return index


def print_pdf(index: Path, pdf: Path) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = chromium.launch(pw)
        try:
            context = browser.new_context(color_scheme="light", viewport={"width": 1000, "height": 1400})
            chromium.route_offline(context, outside, loopback=False)  # the PDF is printed from disk
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(index.as_uri(), wait_until="load")
            page.evaluate("() => { document.body.dataset.theme = 'light'; }")  # whatever Furo saved
            page.add_style_tag(content=PRINT_CSS)
            toc_links = page.evaluate(TOC_JS)
            if not toc_links:
                raise SystemExit("error: no navigation tree to make the table of contents from")
            page.evaluate(EAGER_JS)
            try:
                page.wait_for_function(IMAGES_DONE_JS, timeout=30_000)
            except PlaywrightTimeout:
                pending = page.evaluate("() => [...document.images].filter(i => !i.complete).map(i => i.src)")
                raise SystemExit(f"error: images still loading after 30 s: {pending}") from None
            page.emulate_media(media="print", color_scheme="light")
            broken = page.evaluate(BROKEN_IMAGES_JS)
            page.evaluate("() => document.fonts.ready.then(() => true)")
            if broken:
                raise SystemExit(f"error: images that did not load: {broken}")
            if outside:
                raise SystemExit(f"error: the page asked for other hosts: {sorted(set(outside))}")
            if errors:
                raise SystemExit(f"error: script errors on the page: {errors}")
            images = page.evaluate("() => document.querySelectorAll('div.mermaid-diagram img.only-light').length")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(pdf),
                format="A4",
                margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    return {"toc_links": toc_links, "diagrams": images}


def page_count(pdf: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(pdf).pages)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    outdir = Path(argv[1]).resolve()
    started = time.monotonic()
    index = build_singlehtml(outdir)
    pdf = outdir / NAME
    facts = print_pdf(index, pdf)
    size = pdf.stat().st_size
    pages = page_count(pdf)
    print(
        f"{pdf}: {pages if pages is not None else '?'} pages, {size / 1024:.0f} KiB ({size} bytes), "
        f"{facts['diagrams']} diagrams, {facts['toc_links']} table-of-contents entries, "
        f"{time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

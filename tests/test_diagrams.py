"""Diagrams are SVG files rendered at build time: light and dark, sized by their viewBox, no web font inside."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from xml.etree import ElementTree

from teamwiki import build
from tests.helpers import ROOT

IMG = re.compile(r'<img class="mermaid-svg only-(light|dark)" src="([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"')
VIEWBOX = re.compile(r'viewBox="[-\d.e]+ [-\d.e]+ ([\d.e]+) ([\d.e]+)"')


def _diagram_imgs(site):
    for page in site.rglob("*.html"):
        for match in IMG.finditer(page.read_text(encoding="utf-8")):
            yield page, match


def test_each_diagram_has_a_light_and_a_dark_svg(site):
    imgs = list(_diagram_imgs(site))
    assert imgs, "no diagram on the site"
    themes = {}
    for page, m in imgs:
        theme, src, alt, width, height = m.groups()
        svg_path = (page.parent / src).resolve()
        svg = svg_path.read_text(encoding="utf-8")
        assert svg.startswith("<svg"), svg_path
        vb = VIEWBOX.search(svg)
        assert vb and (round(float(vb.group(1))), round(float(vb.group(2)))) == (int(width), int(height)), svg_path
        assert "@font-face" not in svg and "data:font" not in svg, f"{svg_path} embeds a web font"
        assert len(svg) < 150_000, f"{svg_path} is {len(svg)} bytes"
        assert "WenQuanYi Micro Hei" in svg, "diagrams name the CJK font they were measured with"
        assert alt.strip(), f"{page}: a diagram without alt text"
        themes.setdefault((page, alt), set()).add(theme)
    assert all(t == {"light", "dark"} for t in themes.values()), themes


def test_every_page_shows_each_diagram_of_its_source_light_and_dark(site):
    """As many light and as many dark images on a page as its source has diagrams (from the build's manifest)."""
    pages = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["pages"]
    drawn = {name: len(page["diagrams"]) for name, page in pages.items() if page["diagrams"]}
    assert "tools/sql/joins" in drawn, "the join page's set diagrams are missing from the manifest"
    for name, count in drawn.items():
        html = (site / pages[name]["uri"]).read_text(encoding="utf-8")
        themes = [m.group(1) for m in IMG.finditer(html)]
        assert (themes.count("light"), themes.count("dark")) == (count, count), f"{name}: {count} diagrams, {themes}"


def test_chinese_labels_have_a_real_font():
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi Micro Hei" in fonts, "Chromium would draw Chinese labels as boxes"


def test_changing_the_renderer_options_re_renders(tmp_path):
    """The cache key covers the theme: a new dark theme gives new dark SVGs, not the cached ones."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-mistakes", site)  # a tiny site with one diagram
    cache = tmp_path / "cache"
    own_cache = ["-D", f"mermaid_svg_cache={cache}"]
    out = site / "_build" / "html"
    first = build.run("html", out, root=site, extra=own_cache, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p.name for p in cache.glob("*.svg")}
    assert before, "the first build rendered nothing into its cache"
    for svg in cache.glob("*.svg"):  # the label's <br> (mermaid's own line break) as XML: the image still shows
        text = "".join(ElementTree.parse(svg).getroot().itertext())
        assert "one line" in text and "and the next" in text, f"{svg.name}: the two-line label is lost"
    second_out = site / "_build" / "html2"
    extra = [*own_cache, "-D", "mermaid_dark_theme=forest"]
    result = build.run("html", second_out, root=site, extra=extra, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    after = {p.name for p in cache.glob("*.svg")}
    assert after - before, "changing mermaid_dark_theme rendered nothing new"
    new_dark = sorted((second_out / "_images").glob("mermaid-*-dark.svg"))
    old_dark = sorted(out.glob("_images/mermaid-*-dark.svg"))
    assert new_dark and {p.name for p in new_dark}.isdisjoint({p.name for p in old_dark})


def test_every_svg_is_well_formed_xml(site):
    """An <img> SVG that is not XML shows as a broken image: mermaid's HTML-style <br> must not leak through."""
    svgs = list((site / "_images").glob("mermaid-*.svg"))
    assert svgs
    for svg in svgs:
        ElementTree.parse(svg)  # raises with the file's name on the first bad tag

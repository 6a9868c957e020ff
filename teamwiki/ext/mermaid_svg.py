"""Render every ```{mermaid}``` diagram to SVG at build time, in one browser session.

sphinxcontrib-mermaid parses the directive; this module replaces how the diagram
reaches the reader:

* No mermaid JavaScript on any page. After all pages are read, the diagrams
  not yet in the cache are rendered by the mermaid of ``node_modules`` inside
  ONE headless Chromium (Playwright, Debian's browser), each in a light and a
  dark theme.
* The cache key hashes the diagram code *and* everything that changes the
  picture: themes, mermaid config, mermaid's version, this renderer's version.
* A diagram that mermaid rejects is a warning at the page's file and line (so
  ``-W`` fails the build), with mermaid's own message.
* Each diagram is two ``<img>`` elements, shown by Furo's ``only-light`` /
  ``only-dark`` classes, sized by the SVG's own viewBox.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.mermaid import Mermaid, mermaid

from teamwiki import chromium

logger = logging.getLogger(__name__)

RENDERER_VERSION = "3"  # bump when the rendering code below changes its output
THEMES = ("light", "dark")
FONT_FAMILY = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'


class LocatedMermaid(Mermaid):
    """The stock directive, with the page and line recorded on the node."""

    def run(self, **kwargs):
        result = super().run(**kwargs)
        env = self.state.document.settings.env
        source, line = env.docname, self.lineno  # Sphinx turns (docname, line) into "docs/page.md:line"
        for top in result:
            for node in top.findall(mermaid) if isinstance(top, nodes.Element) else []:
                node.source, node.line = source, line
        return result


# -- Configuration and cache keys ---------------------------------------------------------


def _mermaid_js(app: Sphinx) -> Path:
    return Path(app.config.mermaid_svg_js)


def _mermaid_version(app: Sphinx) -> str:
    """mermaid's version from its package.json, read once per build (every diagram's key has it)."""
    if getattr(app, "_mermaid_svg_version", None) is None:
        pkg = _mermaid_js(app).parent.parent / "package.json"
        try:
            app._mermaid_svg_version = json.loads(pkg.read_text())["version"]
        except (OSError, ValueError, KeyError):
            app._mermaid_svg_version = "unknown"
    return app._mermaid_svg_version


def _init_config(app: Sphinx, theme: str) -> dict:
    name = app.config.mermaid_light_theme if theme == "light" else app.config.mermaid_dark_theme
    config = {
        "startOnLoad": False,
        "theme": name,  # always explicit: without it mermaid embeds a web font in each SVG
        "securityLevel": "strict",
        "themeVariables": {"fontFamily": FONT_FAMILY},
        # Plain SVG text instead of HTML in <foreignObject>: works in <img>, print and PDF.
        "htmlLabels": False,
        "flowchart": {"htmlLabels": False, "wrappingWidth": 320},  # wrap long labels, not identifiers
    }
    config.update(app.config.mermaid_svg_config)
    return config


def _key(app: Sphinx, code: str) -> str:
    material = json.dumps(
        {
            "code": code,
            "configs": [_init_config(app, t) for t in THEMES],
            "mermaid": _mermaid_version(app),
            "renderer": RENDERER_VERSION,
        },
        sort_keys=True,
    )
    return hashlib.sha256(material.encode()).hexdigest()[:20]


def _cache_dir(app: Sphinx) -> Path:
    path = Path(app.config.mermaid_svg_cache)
    if not path.is_absolute():
        path = Path(app.confdir) / path
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- Collecting diagrams while pages are read -------------------------------------------


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "mermaid_svg"):
        env.mermaid_svg = {}
    found = []
    for node in doctree.findall(mermaid):
        # No key stored here: keys are computed when rendering and writing, so a change of the
        # renderer's options re-renders even pages that are not read again.
        found.append({"code": node["code"], "source": node.source, "line": node.line})
    if found:
        env.mermaid_svg[env.docname] = found
    else:
        env.mermaid_svg.pop(env.docname, None)


def _purge(app, env, docname):
    getattr(env, "mermaid_svg", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.mermaid_svg = getattr(env, "mermaid_svg", {})
    for docname in docnames:
        if docname in getattr(other, "mermaid_svg", {}):
            env.mermaid_svg[docname] = other.mermaid_svg[docname]


# -- Rendering: one browser for all missing diagrams -----------------------------------


_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([\d.e]+) ([\d.e]+)"')


def _fix_size(svg: str) -> str:
    """Give the root <svg> its viewBox size instead of mermaid's width=100% / max-width."""
    match = _VIEWBOX.search(svg)
    if not match:
        return svg
    width, height = (round(float(v)) for v in match.group(3, 4))
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    head = re.sub(r'\sstyle="[^"]*"', "", head)
    return f'{head} width="{width}" height="{height}">{rest}'


def svg_size(svg: str) -> tuple[int, int]:
    match = _VIEWBOX.search(svg)
    return (round(float(match.group(3))), round(float(match.group(4)))) if match else (0, 0)


_RENDER_JS = """
async ([id, code, config]) => {
  mermaid.initialize(config);
  try {
    await mermaid.parse(code);
  } catch (err) {
    return {error: String(err && err.message || err)};
  }
  const {svg} = await mermaid.render(id, code);
  // mermaid returns HTML-serialised markup (<br> in labels): re-serialise as XML, which an
  // <img> SVG must be.
  const holder = document.createElement('div');
  holder.innerHTML = svg;
  return {svg: new XMLSerializer().serializeToString(holder.querySelector('svg'))};
}
"""


def render_all(app: Sphinx, jobs: list[dict]) -> None:
    """Render ``jobs`` (dicts with key, code, source, line) into the cache, light and dark."""
    from playwright.sync_api import sync_playwright

    cache = _cache_dir(app)
    js = _mermaid_js(app)
    if not js.is_file():
        logger.warning("mermaid is not installed at %s (run `make html`, which runs npm ci)", js)
        return
    with sync_playwright() as pw:
        path = app.config.mermaid_svg_chromium
        # No such browser (e.g. Read the Docs): Playwright's own Chromium, installed there by its config.
        executable = path if path and Path(path).exists() else None
        browser = pw.chromium.launch(executable_path=executable, args=chromium.ARGS)
        try:
            page = browser.new_page()
            # mermaid (5.5 MB) loaded by the browser from disk: injecting it through the DevTools protocol
            # (add_script_tag) cost about 2 s more of every clean build.
            with tempfile.TemporaryDirectory() as folder:
                host = Path(folder) / "render.html"
                host.write_text(
                    f'<!doctype html><html><body><script src="{js.resolve().as_uri()}"></script></body></html>'
                )
                page.goto(host.as_uri())
            for n, job in enumerate(jobs):
                for theme in THEMES:
                    result = page.evaluate(_RENDER_JS, [f"d{n}{theme}", job["code"], _init_config(app, theme)])
                    if "error" in result:
                        logger.warning(
                            "mermaid diagram does not parse: %s",
                            result["error"].strip(),
                            location=(job["source"], job["line"]),
                            type="mermaid",
                            subtype="syntax",
                        )
                        break
                    svg = _fix_size(result["svg"])
                    try:
                        ElementTree.fromstring(svg)
                    except ElementTree.ParseError as err:
                        logger.warning(
                            "mermaid diagram rendered to invalid SVG (%s)",
                            err,
                            location=(job["source"], job["line"]),
                            type="mermaid",
                            subtype="svg",
                        )
                        break
                    (cache / f"{job['key']}-{theme}.svg").write_text(svg, encoding="utf-8")
        finally:
            browser.close()


def _render_missing(app: Sphinx, env) -> None:
    cache = _cache_dir(app)
    jobs, seen = [], set()
    for found in getattr(env, "mermaid_svg", {}).values():
        for job in found:
            key = _key(app, job["code"])
            done = all((cache / f"{key}-{t}.svg").exists() for t in THEMES)
            if not done and key not in seen:
                seen.add(key)
                jobs.append(dict(job, key=key))
    if jobs:
        logger.info("rendering %d mermaid diagram(s) in one browser", len(jobs))
        render_all(app, jobs)


# -- Writing HTML --------------------------------------------------------------------------


def html_visit_mermaid(self, node):
    app = self.builder.app
    key = _key(app, node["code"])
    cache = _cache_dir(app)
    outdir = Path(self.builder.outdir) / self.builder.imagedir
    outdir.mkdir(parents=True, exist_ok=True)
    alt = self.encode(node.get("alt", "diagram"))
    imgs = []
    for theme in THEMES:
        src = cache / f"{key}-{theme}.svg"
        if not src.exists():  # the render failed and was reported at the page's line
            raise nodes.SkipNode
        name = f"mermaid-{key}-{theme}.svg"
        if not (outdir / name).exists():
            shutil.copyfile(src, outdir / name)
        width, height = svg_size(src.read_text(encoding="utf-8"))
        uri = f"{self.builder.imgpath}/{name}"
        imgs.append(
            f'<img class="mermaid-svg only-{theme}" src="{uri}" alt="{alt}" '
            f'width="{width}" height="{height}" loading="lazy" decoding="async">'
        )
    align = node.get("align", "center")
    self.body.append(f'<div class="mermaid-diagram align-{align}">' + "".join(imgs) + "</div>\n")
    raise nodes.SkipNode


def _prune_cache(app: Sphinx, exc) -> None:
    """Drop SVGs no page uses any more (cache and output folder), so stale renders do not pile up."""
    if exc or not getattr(app.env, "mermaid_svg", None) or app.config.mermaid_svg_keep_stale:
        return
    live = {_key(app, job["code"]) for found in app.env.mermaid_svg.values() for job in found}
    for path in _cache_dir(app).glob("*.svg"):
        if path.name.rsplit("-", 1)[0] not in live:
            path.unlink()
    images = Path(app.builder.outdir) / app.builder.imagedir
    for path in images.glob("mermaid-*.svg"):
        if path.name.removeprefix("mermaid-").rsplit("-", 1)[0] not in live:
            path.unlink()


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_config_value("mermaid_svg_js", "node_modules/mermaid/dist/mermaid.min.js", "env")
    app.add_config_value("mermaid_svg_cache", "_build/.mermaid-cache", "env")
    app.add_config_value("mermaid_svg_config", {}, "env")
    app.add_config_value("mermaid_svg_keep_stale", False, "")
    app.add_config_value("mermaid_svg_chromium", chromium.executable(), "")
    app.add_directive("mermaid", LocatedMermaid, override=True)
    app.add_node(mermaid, override=True, html=(html_visit_mermaid, None))
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _render_missing)
    app.connect("build-finished", _prune_cache)
    return {"version": RENDERER_VERSION, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}

"""Browser glue shared by the browser tests (not a test module): axe-core, the copy button, and the sweep of
every page that tests/test_browser.py checks (made in the background, see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from teamwiki import chromium
from teamwiki.conventions import PROMPT
from tests.helpers import ROOT, SNIPPETS

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
_AXE_RUN = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
    " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
)


def load_axe(context) -> None:
    """axe-core in every page the browser context opens, as an init script: a sweep of many pages then pays
    nothing per page to inject its half megabyte (add_script_tag sends it over again each time)."""
    assert AXE.is_file(), "axe-core is not installed: run `make setup`"
    context.add_init_script(path=str(AXE))


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        assert AXE.is_file(), "axe-core is not installed: run `make setup`"
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(_AXE_RUN) if v["impact"] in ("serious", "critical")]


# Scrolls the block's copy button into the middle of the view at once, arms a listener for the copy, and returns
# the button's centre. The first time on a page it also waits until the button stays put from one frame to the
# next: a smooth scroll started earlier (a diagram scrolled into view) may still be moving the page.
_AIM = """async (wrapper) => {
  const button = wrapper.querySelector('button.copybtn');
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let tries = 0; ; tries++) {
    button.scrollIntoView({block: 'center', behavior: 'instant'});
    const r = button.getBoundingClientRect();
    const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
    let still = button.contains(document.elementFromPoint(x, y));
    if (still && !window.__aimedBefore) {
      await frame();
      const again = button.getBoundingClientRect();
      still = again.x === r.x && again.y === r.y;
    }
    if (still || tries === 50) {
      window.__aimedBefore = true;
      window.__copied = new Promise((done) => document.addEventListener(
          'copy', () => done(String(window.getSelection())), {once: true}));
      return [x, y];
    }
    await frame();
  }
}"""
_COPIED = """() => Promise.race([window.__copied,
                         new Promise((done) => setTimeout(() => done(null), 5000))])"""


def click_copy(page, wrapper) -> str:
    """Click the copy button of a code block with the mouse, as a reader does, and return what reached the
    clipboard. A real click: the copy needs the user activation a script's click() lacks. ``wrapper`` is the
    block's wrapper (a locator) or its index among the page's code blocks (one round trip fewer)."""
    if isinstance(wrapper, int):
        find = "(i) => (" + _AIM + ")(document.querySelectorAll('div.literal-block-wrapper')[i])"
        x, y = page.evaluate(find, wrapper)
    else:
        x, y = wrapper.evaluate(_AIM)
    page.mouse.click(x, y)
    copied = page.evaluate(_COPIED)
    assert copied is not None, f"no copy within 5 s of clicking the button at ({x:.0f}, {y:.0f})"
    return copied


# -- One visit of every page ----------------------------------------------------------------------------------
KINDS = ("file", "http")  # the site opened from disk, and served over http://127.0.0.1
SCHEMES = ("light", "dark")


def site_pages(site: Path, base: str = "http") -> list[str]:
    """Every page; from file:// less 404.html, which only a server shows (its links start at the site root)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p for p in pages if not (base.startswith("file:") and p == "404.html")]


VISIBLE_DIAGRAMS = """[...document.querySelectorAll('div.mermaid-diagram img')]
    .filter(img => getComputedStyle(img).display !== 'none')"""


def load_diagrams(page) -> None:
    """Scroll each shown diagram into view (they load lazily) and wait until all have loaded or failed."""
    page.evaluate(f"() => {{ for (const img of {VISIBLE_DIAGRAMS}) img.scrollIntoView(); }}")
    try:
        page.wait_for_function(f"() => {VISIBLE_DIAGRAMS}.every(img => img.complete)", timeout=10_000)
    except Exception:  # reported by the sweep as "not rendered", with the page and the image
        pass


def expected_copy(block_text: str) -> str:
    """What a reader should get: prompt lines without prompts if there are any, else everything."""
    lines = block_text.rstrip("\n").split("\n")
    prompted = [PROMPT.sub("", line) for line in lines if PROMPT.match(line)]
    return "\n".join(prompted) if prompted else "\n".join(lines)


# Every snippet block with a copy button: its index among the page's code blocks, its path (the caption's own
# text; the verification mark inside the caption is an element) and the text it shows.
COPY_BLOCKS = """() => [...document.querySelectorAll('div.literal-block-wrapper')].map((wrapper, index) => {
  const caption = wrapper.querySelector('.code-block-caption .caption-text');
  if (!caption || !wrapper.querySelector('button.copybtn')) return null;
  const path = [...caption.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('').trim();
  return {index, path, shown: wrapper.querySelector('pre').innerText};
}).filter(Boolean)"""


class Sweep:
    """What the visit of every page, in one colour scheme from one base URL, found (made by ``sweep_pages``)."""

    def __init__(self, scheme: str, axe: bool):
        self.scheme = scheme
        self.loaded: list[str] = []  # problems of test_every_page_loads_clean_offline
        self.diagrams = 0
        self.axe: list[str] | None = [] if axe else None
        self.outputs = 0
        self.outputs_with_button: list[str] = []
        self.copy_problems: list[str] = []
        self.copied = 0
        self.kinds: set[str] = set()
        self.outside: list[str] = []  # "page: url" of every request to another host

    def check(self, page, rel: str, on_load: list[str], errors: list[str]) -> None:
        """The checks of one page shown in this scheme, in this order (later steps change the page): diagrams and
        console errors (``on_load``: the load's, ``errors``: the browser's running list); axe-core; output blocks;
        copy buttons (light only)."""
        self._diagrams(page, rel)
        errors = on_load + errors
        if errors:
            self.loaded.append(f"{rel}: console errors {errors}")
        if self.axe is not None:
            for v in serious_violations(page):
                self.axe.append(f"{rel} [{self.scheme}] {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}")
        self.outputs += page.locator("div.output").count()
        if page.locator("div.output button.copybtn").count():
            self.outputs_with_button.append(rel)
        if self.scheme == "light":
            self._copies(page, rel)

    def _diagrams(self, page, rel: str) -> None:
        """Every diagram is a loaded SVG in the visible theme."""
        load_diagrams(page)
        shown = page.evaluate(
            f"""() => {VISIBLE_DIAGRAMS}
                .map(img => ({{src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0,
                              theme: img.classList.contains('only-dark') ? 'dark' : 'light'}}))"""
        )
        total = page.locator("div.mermaid-diagram").count()
        self.diagrams += total
        if len(shown) != total:
            self.loaded.append(f"{rel}: {total} diagrams but {len(shown)} shown in {self.scheme} mode")
        for img in shown:
            if not img["ok"] or not img["src"].endswith(".svg") or img["theme"] != self.scheme:
                self.loaded.append(f"{rel}: diagram {img} not rendered for {self.scheme} mode")

    def _copies(self, page, rel: str) -> None:
        """Every whole-file snippet's copy button yields the file's text, prompts and output lines removed."""
        for block in page.evaluate(COPY_BLOCKS):
            path = block["path"]
            source = SNIPPETS / path
            if not source.is_file():
                continue
            text = source.read_text(encoding="utf-8")
            if block["shown"].rstrip("\n") != text.rstrip("\n"):
                continue  # a region of a file (:lines:, :start-after:): not the whole file
            copied = click_copy(page, block["index"])
            expected = expected_copy(text)
            if copied.rstrip("\n") != expected:
                self.copy_problems.append(f"{rel} {path}: copied {copied!r}, expected {expected!r}")
            self.copied += 1
            self.kinds.add(source.suffix)


def sweep_pages(browser, site: Path, base: str, schemes: list[str], axe: bool) -> dict[str, Sweep]:
    """{scheme: Sweep} of one visit of every page from ``base``, in one browser context.

    Each page is loaded once for all the ``schemes``: the checks of each run with the page switched to that
    colour scheme in place (Playwright's ``emulate_media``), the light one last (its copy clicks change the page).
    A switch in place shows what a load in that scheme shows: on these pages ``prefers-color-scheme`` is read by
    CSS only (Furo's script reads it when the theme button is clicked, test_theme_toggle_switches_diagrams), and
    every image, the other scheme's diagrams too, is loaded before the checks (``chromium.LOAD_EVERYTHING``).
    What the load itself brings (console errors, outside requests) is every scheme's finding.
    """
    sweeps = {scheme: Sweep(scheme, axe) for scheme in sorted(schemes, key=lambda scheme: scheme == "light")}
    visit = chromium.Visit(browser, next(iter(sweeps)))
    if axe:
        load_axe(visit.context)
    try:
        for rel in site_pages(site, base):
            visit.errors.clear()  # a late message of the previous page's copy clicks is not this page's
            before = len(visit.outside)
            page = visit.open(base + rel)  # scrolled to its end: lazy images far down load too
            outside = [f"{rel}: {url}" for url in visit.outside[before:]]
            on_load = list(visit.errors)
            for sweep in sweeps.values():
                visit.errors.clear()
                page.emulate_media(color_scheme=sweep.scheme)
                sweep.outside += outside
                sweep.check(page, rel, on_load, visit.errors)
    finally:
        visit.close()
    return sweeps


def sweep_site(site: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Sweep | Exception]:
    """The ``wanted`` of the four (kind, scheme) sweeps (file:// and http, light and dark; axe over http): one
    visit of every page per kind (``sweep_pages``), in a browser context of its own.

    Runs in a thread of its own with its own Playwright and Chromium (Playwright's sync API is per thread), so it
    can run beside the other tests. A visit that fails is kept as its error, for the tests of its sweeps to raise.
    """
    from playwright.sync_api import sync_playwright

    found: dict[tuple[str, str], Sweep | Exception] = {}
    with sync_playwright() as pw, chromium.serve(site) as http_root:
        browser = chromium.launch(pw)
        try:
            for kind in KINDS:
                base = site.as_uri() + "/" if kind == "file" else http_root
                schemes = [scheme for scheme in SCHEMES if (kind, scheme) in wanted]
                if not schemes:
                    continue
                try:
                    for scheme, sweep in sweep_pages(browser, site, base, schemes, axe=kind == "http").items():
                        found[kind, scheme] = sweep
                except Exception as error:  # noqa: BLE001 - handed to the tests that read these sweeps
                    for scheme in schemes:
                        found[kind, scheme] = error
        finally:
            browser.close()
    return found

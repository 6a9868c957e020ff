"""Browser glue shared by the browser tests (not a test module): axe-core and the copy button."""

from __future__ import annotations

from tests.helpers import ROOT

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

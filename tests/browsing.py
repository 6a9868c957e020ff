"""Browser glue shared by the browser tests (not a test module): axe-core and the copy button."""

from __future__ import annotations

from tests.helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
_AXE_RUN = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
    " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
)


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    assert AXE.is_file(), "axe-core is not installed: run `make setup`"
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(_AXE_RUN) if v["impact"] in ("serious", "critical")]


def click_copy(page, wrapper) -> str:
    """Click the copy button of a code block (its wrapper) and return what reached the clipboard."""
    page.evaluate(
        """() => { window.__copied = null;
                   document.addEventListener('copy', () => { window.__copied = String(window.getSelection()); },
                                             {once: true}); }"""
    )
    wrapper.hover()
    wrapper.locator("button.copybtn").click()
    page.wait_for_function("() => window.__copied !== null")
    return page.evaluate("() => window.__copied")

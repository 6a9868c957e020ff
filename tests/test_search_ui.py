"""Search without leaving the page: typing, keys, excerpts, the search page, light and dark, axe-core.

Also what can be checked here of the hosted site: a Read the Docs add-on that opens its own search
on `/` or on focus of the search box (readthedocs/addons#397) never sees those events.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from tests.browsing import serious_violations

BOX = "input.sidebar-search"
LIST = "#wiki-search-results"
OPTIONS = "#wiki-search-results [role=option]"


def _open(browser, url, scheme="light"):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load")
    return context, page, errors


@pytest.fixture(params=["file", "http"])
def base(request, site, http_root):
    return site.as_uri() + "/" if request.param == "file" else http_root


def test_type_choose_with_keys_and_open_the_heading(browser, base):
    context, page, errors = _open(browser, base + "tools/sql/joins.html")
    try:
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.matches('input.sidebar-search')"), "/ does not focus the box"
        page.keyboard.type("getmege")  # a typo: getmerge
        page.wait_for_selector(OPTIONS)
        assert page.get_attribute(BOX, "aria-expanded") == "true"
        first = page.locator(OPTIONS).first
        assert "getmerge" in first.inner_text()
        assert first.locator("mark").count() >= 1, "the matched word is not highlighted"
        page.keyboard.press("ArrowDown")
        assert first.get_attribute("aria-selected") == "true"
        assert page.get_attribute(BOX, "aria-activedescendant") == first.get_attribute("id")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        assert first.get_attribute("aria-selected") == "true"
        page.keyboard.press("Enter")
        page.wait_for_url("**/tools/hadoop/fs.html#*")
        assert unquote(page.url).endswith("#getmerge合并下载"), page.url
        assert page.evaluate(
            "location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null"
        )
        assert not errors, errors
    finally:
        context.close()


def test_escape_closes_and_slash_types_in_the_box(browser, base):
    context, page, errors = _open(browser, base + "index.html")
    try:
        page.keyboard.press("/")
        page.keyboard.type("k8s")
        page.wait_for_selector(OPTIONS)
        assert page.input_value(BOX) == "k8s", "the / that focused the box must not be typed into it"
        page.keyboard.press("Escape")
        assert page.locator(LIST).is_hidden()
        assert page.get_attribute(BOX, "aria-expanded") == "false"
        page.keyboard.type("/")  # inside the box, / is just a character
        assert page.input_value(BOX) == "k8s/"
        assert not errors, errors
    finally:
        context.close()


def test_nothing_found_says_so(browser, base):
    context, page, _ = _open(browser, base + "index.html")
    try:
        page.focus(BOX)
        page.keyboard.type("qqqqzzzz")
        page.wait_for_selector(".wiki-search-none")
        assert page.locator(OPTIONS).count() == 0
        assert "没有找到" in page.inner_text(".wiki-search-status")
    finally:
        context.close()


def test_search_page_uses_the_same_search_with_excerpts(browser, base):
    """Enter without a chosen result opens search.html; its results have highlighted excerpts (file:// too)."""
    context, page, errors = _open(browser, base + "index.html")
    try:
        page.focus(BOX)
        page.keyboard.type("滚动更新")
        page.wait_for_selector(OPTIONS)
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        page.wait_for_selector("#search-results .search-summary:has-text('找到')")
        first = page.locator("#search-results ul.search li").first
        assert "在 Kubernetes 上运行和发布" in first.locator("a").inner_text()
        assert first.locator("p.context mark").first.inner_text() in ("滚动", "更新", "滚动更新")
        assert not errors, errors
    finally:
        context.close()


def test_search_page_from_a_link(browser, base):
    context, page, _ = _open(browser, base + "search.html?q=" + quote("-skipTrash"))
    try:
        page.wait_for_selector("#search-results .search-summary:has-text('找到')")
        href = page.locator("#search-results ul.search li a").first.get_attribute("href")
        assert unquote(href).endswith("tools/hadoop/fs.html#rm--r--skiptrash立即删除"), href
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_pass_axe_in_both_themes(browser, http_root, scheme):
    """axe-core on a page with the result list open: no serious or critical violation; readable colours."""
    context, page, errors = _open(browser, http_root + "tools/hadoop/fs.html", scheme)
    try:
        page.focus(BOX)
        page.keyboard.type("上传文件")
        page.wait_for_selector(OPTIONS)
        page.keyboard.press("ArrowDown")
        serious = serious_violations(page)
        assert not serious, serious
        background = page.evaluate(f"getComputedStyle(document.querySelector('{LIST}')).backgroundColor")
        dark = scheme == "dark"
        channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert (sum(channels) < 200) == dark, f"{scheme} theme, list background {background}"
        assert not errors, errors
    finally:
        context.close()


def test_hosted_search_addon_never_takes_over(browser, http_root):
    """An add-on listening on the document for `/` or focus of the search box (as Read the Docs' does) never fires."""
    context, page, _ = _open(browser, http_root + "index.html")
    try:
        page.evaluate(
            """() => {
                window.addonSaw = [];
                document.addEventListener('readthedocs-search-show', () => addonSaw.push('show'));
                document.addEventListener('keydown', e => e.key === '/' && addonSaw.push('keydown /'));
                document.addEventListener('focusin',
                    e => e.target.matches('input.sidebar-search') && addonSaw.push('focusin'));
            }"""
        )
        page.keyboard.press("/")
        page.keyboard.type("hadoop")
        page.wait_for_selector(OPTIONS)
        page.keyboard.press("Escape")
        page.evaluate("document.activeElement.blur()")
        page.evaluate("document.dispatchEvent(new CustomEvent('readthedocs-search-show'))")
        assert page.evaluate("document.activeElement.matches('input.sidebar-search')")
        assert page.evaluate("window.addonSaw") == []
    finally:
        context.close()


def test_partial_matches_come_after_full_ones(browser, http_root):
    """Every part of a query must match for a full match; the best partial matches still come back, after."""
    context, page, _ = _open(browser, http_root + "index.html")
    try:
        page.focus(BOX)
        page.wait_for_function("() => window.wikiSearch.ready()")
        mixed = page.evaluate("wikiSearch.search('hadoop getmerge', 8).map(r => [r.heading, r.full])")
        assert mixed[0] == ["getmerge：合并下载", True], mixed
        fulls = [full for _, full in mixed]
        assert False in fulls and fulls == sorted(fulls, reverse=True), mixed
        partial = page.evaluate("wikiSearch.search('getmerge qqqzzz', 8).map(r => [r.heading, r.full])")
        assert partial and partial[0] == ["getmerge：合并下载", False], partial
    finally:
        context.close()

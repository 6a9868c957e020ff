"""The strict build of the whole site passes, into a clean output folder."""


def test_strict_build_passes(site_build):
    assert site_build.returncode == 0, f"strict build failed:\n{site_build.stderr[-6000:]}"
    assert "build succeeded" in site_build.stdout


def test_no_mermaid_javascript_shipped(site):
    big = [p for p in site.rglob("*.js") if "mermaid" in p.name.lower()]
    assert big == [], f"mermaid JavaScript must not reach readers: {big}"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "mermaid.esm" not in text and "cdn.jsdelivr" not in text, page


def test_wrapped_chinese_lines_join_without_a_space(site):
    """A line wrapped inside Chinese text must not show as a space (“做法， 以及”)."""
    import re

    from bs4 import BeautifulSoup

    cjk = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
    gap = re.compile(rf"[{cjk}]\s*\n\s*[{cjk}]")
    bad = []
    for page in site.rglob("*.html"):
        for para in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article p"):
            match = gap.search(para.get_text())
            if match:
                bad.append(f"{page.relative_to(site)}: {match.group()!r}")
    assert not bad, "\n".join(bad[:20])

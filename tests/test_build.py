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

"""The system-design pages keep what the team's method relies on: the video it follows and its whiteboard."""

from __future__ import annotations

from tests.helpers import DOCS

PAGES = DOCS / "system-design"
VIDEO = "https://www.youtube.com/watch?v=KYExYE_9nIY"  # the walkthrough the team's method follows


def test_the_method_links_the_video_and_the_whiteboard():
    method = (PAGES / "method.md").read_text(encoding="utf-8")
    assert f"<{VIDEO}>" in method
    assert "[Whimsical](https://whimsical.com/)" in method

"""A page's owner and review date, and a "待复核" banner once that date has passed.

Front matter of a page::

    ---
    owner: 张三
    review-by: 2027-03-31
    ---

The banner is decided when the site is built (no script, works offline): a page whose
``review-by`` is before the build's day gets a visible "待复核" box under its title naming the
owner. The build's day is ``review_today`` (conf.py) or the ``WIKI_TODAY`` environment variable
(YYYY-MM-DD), else the clock's date. A ``review-by`` that is not a YYYY-MM-DD date, or a
``review-by`` without an ``owner``, is a warning at the page, so the strict build fails.
"""

from __future__ import annotations

import datetime
import os
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def today(app: Sphinx) -> datetime.date:
    configured = app.config.review_today or os.environ.get("WIKI_TODAY", "")
    if configured:
        day = parse_date(configured)
        if day is None:
            raise ValueError(f"review_today / WIKI_TODAY is not a YYYY-MM-DD date: {configured!r}")
        return day
    return datetime.date.today()


def _mark(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    meta = env.metadata.get(env.docname, {})
    owner = str(meta.get("owner", "")).strip()
    raw = meta.get("review-by")
    if raw is None:
        return
    location = (env.docname, 1)
    review_by = parse_date(raw)
    if review_by is None:
        logger.warning("review-by: %r is not a date YYYY-MM-DD", raw, location=location)
        return
    if not owner:
        logger.warning("review-by without owner: name who reviews this page (owner: …)", location=location)
    if review_by >= today(app):
        return
    banner = nodes.admonition("", classes=["attention", "review-due"])
    banner += nodes.title(text="待复核")
    banner += nodes.paragraph(
        text=f"这一页应在 {review_by.isoformat()} 前复核，现在已经过期：内容可能不再准确，"
        f"用之前请向负责人{owner or '（未写明）'}确认。"
    )
    section = next(iter(doctree.findall(nodes.section)), None)
    parent = section if section is not None else doctree
    title = next((i for i, child in enumerate(parent.children) if isinstance(child, nodes.title)), -1)
    parent.insert(title + 1, banner)


def setup(app: Sphinx) -> dict:
    app.add_config_value("review_today", "", "env", str)
    app.connect("doctree-read", _mark)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Join soft line breaks between Chinese characters.

Pages are wrapped at about 120 columns; in HTML a line break is a space, which Chinese text does
not have (“中文，\\n以及” shows as “中文， 以及”). Drop the break where either side is a CJK
character or CJK punctuation; keep it between Latin words.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[{CJK}])")
IS_CJK = re.compile(rf"[{CJK}]")


def _neighbour_text(node: nodes.Node, step: int) -> str:
    """The text right before (step=-1) or after (step=1) a node within its parent."""
    siblings = node.parent.children
    index = siblings.index(node) + step
    if 0 <= index < len(siblings):
        text = siblings[index].astext()
        return text[-1:] if step < 0 else text[:1]
    return ""


SKIP = (nodes.literal_block, nodes.literal, nodes.raw, nodes.comment)


class JoinCJKLines(SphinxTransform):
    default_priority = 700

    def apply(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if "\n" not in text or isinstance(text.parent, SKIP):
                continue
            if not str(text).strip():  # MyST keeps a soft break as its own "\n" node
                around = _neighbour_text(text, -1) + _neighbour_text(text, 1)
                joined = "" if IS_CJK.search(around) else str(text)
            else:
                joined = BREAK.sub("", str(text))
            if joined != str(text):
                text.parent.replace(text, nodes.Text(joined))


def setup(app: Sphinx) -> dict:
    app.add_transform(JoinCJKLines)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
